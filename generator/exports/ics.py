"""iCalendar (RFC 5545) feeds: all events, one per network, and one file per event.

Calendar programs subscribe to a feed and keep it in step by each event's
UID, so UIDs are stable (the event's id and the site's host). DTSTAMP is the
build date, so the same data gives the same bytes. Times carry their zone
(Europe/London by default) with a VTIMEZONE, so summer time is right in
every calendar; a series is one VEVENT with its RRULE; a cancelled event
stays in the feed with STATUS:CANCELLED so subscribers see that it is off.

Every text value (the calendar's name, SUMMARY, LOCATION, DESCRIPTION) is
escaped here as RFC 5545 section 3.3.11 says, whatever it holds: backslash,
semicolon and comma behind a backslash, each line break as `\n`, so no value
can end its line and start a property or an event of its own. icalendar's
own escaping would read a backslash followed by N in a title as a line
break, and it writes X- properties such as X-WR-CALNAME unescaped. icalendar
folds every line at 75 octets, between characters, never inside one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone, vDuration, vRecur, vText
from icalendar import Event as VEvent

from ..models import Event
from ..site import Site, event_end, event_start, occurrences
from ..urls import ALL_EVENTS_FEED, event_file, network_feed

PRODID = "-//School network site generator//schoolnet//EN"
REFRESH = timedelta(hours=12)
"""How often a subscribed calendar should fetch a feed again.

Written as REFRESH-INTERVAL (RFC 7986, read by Apple Calendar and
Thunderbird) and X-PUBLISHED-TTL (read by Outlook); without them Outlook
waits up to a week. The site changes when a pull request is merged, a few
times a week at most, and a cancellation should reach subscribers the same
day; twice a day costs the host two small requests per subscriber.
"""


def escape_text(text: str) -> str:
    """A TEXT value as RFC 5545 writes it, so a value can never break out of its line.

    A lone carriage return (which the check refuses) counts as a line break too.
    """
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


class _Text(vText):
    """A TEXT property value that icalendar writes with `escape_text`."""

    def to_ical(self) -> bytes:
        """The escaped value, as icalendar asks each value for it."""
        return escape_text(str(self)).encode("utf-8")


@dataclass(frozen=True)
class FeedContext:
    """What every feed needs besides the events: where the site lives, and when it was built."""

    site_url: str
    """Absolute base URL of the site, ending in '/', for links and UIDs."""
    built: date
    """The build date, used as DTSTAMP so that rebuilds are byte-identical."""
    page_url: dict[str, str]
    """Event id → the event page's path relative to the site root."""


def _uid(event: Event, context: FeedContext) -> str:
    host = urlsplit(context.site_url).hostname or "schoolnet.invalid"
    return f"{event.id}@{host}"


def _vevent(event: Event, context: FeedContext, organiser: str | None) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", _uid(event, context))
    vevent.add(
        "dtstamp", datetime(context.built.year, context.built.month, context.built.day, tzinfo=UTC)
    )
    vevent.add("dtstart", event_start(event))
    vevent.add("dtend", event_end(event))
    vevent.add("summary", _Text(event.title))
    if event.repeat:
        vevent.add("rrule", vRecur.from_ical(event.repeat))
    location = event.venue or event.online
    if location:
        vevent.add("location", _Text(location))
    url = context.site_url + context.page_url.get(event.id, "")
    vevent.add("url", url)
    description = [event.summary or "", f"Organised by {organiser}." if organiser else ""]
    if event.online:
        description.append(f"Join online: {event.online}")
    if event.booking:
        description.append(f"Book: {event.booking}")
    description.append(f"Details: {url}")
    vevent.add("description", _Text("\n\n".join(part for part in description if part)))
    vevent.add("categories", [event.kind])
    vevent.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    return vevent


class _Parts:
    """Each event's VEVENT and each zone's VTIMEZONE serialised once.

    An event sits in the all-events feed, its own file and the feed of every
    network above its organiser; writing it once and joining bytes keeps
    the feeds cheap at thousands of events.
    """

    def __init__(self, site: Site, context: FeedContext) -> None:
        self.site = site
        self.context = context
        self.events: dict[str, bytes] = {}
        self.zones: dict[tuple[str, date, date], bytes] = {}

    def vevent(self, event: Event) -> bytes:
        if event.id not in self.events:
            organiser = self.site.network(event.organiser)
            name = organiser.name if organiser else None
            self.events[event.id] = bytes(_vevent(event, self.context, name).to_ical())
        return self.events[event.id]

    def vtimezone(self, tzid: str, first: date, last: date) -> bytes:
        key = (tzid, first, last)
        if key not in self.zones:
            zone = Timezone.from_tzinfo(ZoneInfo(tzid), tzid, first_date=first, last_date=last)
            self.zones[key] = bytes(zone.to_ical())
        return self.zones[key]


def calendar(
    name: str,
    events: Iterable[Event],
    site: Site,
    context: FeedContext,
    parts: _Parts | None = None,
    *,
    feed: bool = False,
) -> bytes:
    """One calendar file holding `events`, in start order, ready to serve as text/calendar.

    A `feed` is a calendar readers subscribe to: it says how often to fetch
    it again. A single event's file is imported once, so it does not.
    """
    parts = parts or _Parts(site, context)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _Text(name))
    if feed:
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(REFRESH))
    chosen = sorted(events, key=lambda e: (event_start(e), e.id))
    body = b""
    if chosen:
        # Zone rules only for the years the events span, not 1970-2038.
        series = [occurrences(e) for e in chosen]
        spans = [o for dates in series for o in (dates[0], dates[-1])]
        first = min(o.start for o in spans).date().replace(month=1, day=1)
        last = max(o.end for o in spans).date().replace(month=12, day=31) + timedelta(days=1)
        zones = sorted({e.timezone for e in chosen})
        body = b"".join(parts.vtimezone(tz, first, last) for tz in zones)
        body += b"".join(parts.vevent(e) for e in chosen)
    head = bytes(cal.to_ical())
    end = b"END:VCALENDAR\r\n"
    return head[: -len(end)] + body + end


def feeds(site: Site, network_name: str, context: FeedContext) -> dict[str, bytes]:
    """Every feed the site publishes, by path relative to the site root."""
    parts = _Parts(site, context)
    files = {
        ALL_EVENTS_FEED: calendar(
            f"{network_name}: all events", site.events.values(), site, context, parts, feed=True
        )
    }
    for network in site.networks.values():
        files[network_feed(network.id)] = calendar(
            f"{network.name}: events", site.events_within(network), site, context, parts, feed=True
        )
    for event in site.events.values():
        files[event_file(event.id)] = calendar(event.title, [event], site, context, parts)
    return files
