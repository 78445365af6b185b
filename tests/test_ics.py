"""iCalendar feeds, parsed back with the icalendar library (RFC 5545)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from conftest import EVENTS, load, write_project
from icalendar.parser import unescape_backslash

from generator.exports.ics import FeedContext, calendar, escape_text, feeds
from generator.site import Site, occurrences

LONDON = ZoneInfo("Europe/London")
CONTEXT = FeedContext(
    "https://network.example.org/site/",
    date(2026, 11, 26),
    {"maths-meeting": "events/maths-meeting/"},
)

MORE_EVENTS = (
    EVENTS
    + """\
- id: summer-conference
  title: Summer conference, with a comma; and semicolon
  kind: conference
  start: "2027-06-30 09:00"
  end: "2027-06-30 15:30"
  venue: County Hall
  organiser: nesa
  status: cancelled
- id: drop-in
  title: SBP drop-in
  kind: webinar
  start: "2026-10-06 15:30"
  end: "2026-10-06 16:15"
  repeat: FREQ=MONTHLY;BYDAY=1TU;UNTIL=2027-07-31
  online: https://meet.example.org/drop-in
  organiser: nesa
"""
)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return load(write_project(tmp_path, **{"events.yaml": MORE_EVENTS}))


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def vevents(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_one_event_with_stable_uid_zone_and_dtstamp(site: Site) -> None:
    data = calendar("Maths", [site.events["maths-meeting"]], site, CONTEXT)
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), "lines must be folded"
    event = vevents(parse(data))["maths-meeting@network.example.org"]
    assert event.decoded("dtstart") == datetime(2027, 1, 14, 16, 0, tzinfo=LONDON)
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert event.decoded("dtend") == datetime(2027, 1, 14, 17, 30, tzinfo=LONDON)
    assert event.decoded("dtstamp") == datetime(2026, 11, 26, tzinfo=ZoneInfo("UTC"))
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["url"]) == "https://network.example.org/site/events/maths-meeting/"
    assert str(event["location"]) == "Hawes Side Academy hall"
    timezone = parse(data).walk("VTIMEZONE")[0]
    assert str(timezone["tzid"]) == "Europe/London"
    names = {str(part["tzname"]) for part in timezone.subcomponents}
    assert names == {"GMT", "BST"}


def test_summer_time_is_kept_in_local_time(site: Site) -> None:
    data = calendar("All", site.events.values(), site, CONTEXT)
    drop_in = vevents(parse(data))["drop-in@network.example.org"]
    start = drop_in.decoded("dtstart")
    assert start.utcoffset() == timedelta(hours=1)  # 6 October 2026 is in BST
    assert start.astimezone(ZoneInfo("UTC")).hour == 14


def test_series_is_one_event_with_rrule(site: Site) -> None:
    drop_in = vevents(parse(calendar("All", site.events.values(), site, CONTEXT)))[
        "drop-in@network.example.org"
    ]
    rule = drop_in["rrule"]
    assert rule["FREQ"] == ["MONTHLY"]
    assert rule["BYDAY"] == ["1TU"]
    assert rule["UNTIL"][0] == datetime(2027, 7, 31, 23, 59, 59, tzinfo=ZoneInfo("UTC"))
    dates = [o.start for o in occurrences(site.events["drop-in"])]
    assert len(dates) == 10
    assert dates[2] == datetime(2026, 12, 1, 15, 30, tzinfo=LONDON)  # first Tuesday, GMT
    assert dates[-1] == datetime(2027, 7, 6, 15, 30, tzinfo=LONDON)  # first Tuesday, BST


def test_cancelled_event_stays_with_status_cancelled(site: Site) -> None:
    cal = parse(calendar("All", site.events.values(), site, CONTEXT))
    conference = vevents(cal)["summer-conference@network.example.org"]
    assert str(conference["status"]) == "CANCELLED"
    assert str(conference["summary"]) == "Summer conference, with a comma; and semicolon"


def test_feeds_for_all_each_network_and_each_event(site: Site) -> None:
    files = feeds(site, "Fixture", CONTEXT)
    assert sorted(files) == [
        "calendar/all-events.ics",
        "calendar/nesa.ics",
        "events/drop-in.ics",
        "events/maths-meeting.ics",
        "events/summer-conference.ics",
    ]
    assert len(vevents(parse(files["calendar/all-events.ics"]))) == 3
    assert len(vevents(parse(files["events/drop-in.ics"]))) == 1


def test_feeds_say_how_often_to_refresh_and_event_files_do_not(site: Site) -> None:
    """Subscribers fetch a feed again every 12 hours (RFC 7986, and Outlook's own property)."""
    files = feeds(site, "Fixture", CONTEXT)
    for path in ("calendar/all-events.ics", "calendar/nesa.ics"):
        cal = parse(files[path])
        refresh = cal["refresh-interval"]
        assert refresh.params["VALUE"] == "DURATION"
        assert refresh.dt == timedelta(hours=12)
        assert icalendar.vDuration.from_ical(str(cal["x-published-ttl"])) == timedelta(hours=12)
        assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in files[path]
        assert b"\r\nX-PUBLISHED-TTL:PT12H\r\n" in files[path]
    # A single event's file is imported once, not subscribed to.
    single = parse(files["events/drop-in.ics"])
    assert "refresh-interval" not in single and "x-published-ttl" not in single


def test_same_input_same_bytes(site: Site) -> None:
    assert feeds(site, "Fixture", CONTEXT) == feeds(site, "Fixture", CONTEXT)


# --- text escaped and folded, whatever it holds -------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a;b,c", "a\\;b\\,c"),
        ("C:\\Network", "C:\\\\Network"),
        ("a\\nb \\N", "a\\\\nb \\\\N"),
        ("one\ntwo", "one\\ntwo"),
        ("one\r\ntwo\rthree", "one\\ntwo\\nthree"),
        ("end\\", "end\\\\"),
        ("é: ok", "é: ok"),
    ],
)
def test_text_is_escaped_as_rfc_5545_says(text: str, escaped: str) -> None:
    assert escape_text(text) == escaped


HOSTILE_TITLES = [
    "Carriage\rreturn",
    "Line\nfeed\nBEGIN:VEVENT",
    "Semi; colon, comma",
    "Back\\slash \\N \\n \\, \\;",
    "Long Ünïcödé " + "ĳ学😀" * 50,
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_round_trip_in_one_event(site: Site, title: str) -> None:
    # Made directly: the check refuses a lone CR, but the feed must not depend on it.
    event = dataclasses.replace(site.events["maths-meeting"], title=title, venue=title)
    data = calendar(title, [event], site, CONTEXT)
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # Folding never splits a character.
    cal = parse(data)
    expected = title.replace("\r\n", "\n").replace("\r", "\n")
    assert unescape_backslash(str(cal["X-WR-CALNAME"])) == expected
    [vevent] = cal.walk("VEVENT")
    assert (str(vevent["summary"]), str(vevent["location"])) == (expected, expected)
    assert str(vevent["description"]).startswith("Organised by Northumberland")


def test_a_calendar_name_with_a_line_feed_is_escaped(site: Site) -> None:
    data = calendar("Two\nlines", [], site, CONTEXT)
    assert b"X-WR-CALNAME:Two\\nlines\r\n" in data
