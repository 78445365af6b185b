"""When an event happens: its zoned start and end, and the meetings of a series.

The check and the build expand a repeat rule with this one function, so the
build shows exactly the meetings the check counted, and cannot meet a rule
the check never saw through: at most MAX_OCCURRENCES meetings, none after
LAST_DAY, whatever the rule says.

Expanding is cheap for every rule. dateutil stops a rule only at its COUNT,
at the first date after its UNTIL, or at the year 9999; a rule that never
matches (30 February) gives no date to stop at, so dateutil would step day
by day to the year 9999, seconds for one rule. The Gregorian calendar,
weekdays included, repeats every 400 years, so the series is expanded with
its start moved forward a whole number of 400-year cycles, to just short of
the year 9999, and each date moved back: the same dates, and dateutil runs
out of years soon after LAST_DAY instead of eight thousand years later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import MAXYEAR, UTC, datetime
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from .models import Event
from .rules import FIRST_DAY, LAST_DAY, MAX_OCCURRENCES, rule_parts

CYCLE_YEARS = 400
"""The Gregorian calendar's period: 146,097 days, exactly 20,871 weeks."""
SHIFT_YEARS = (MAXYEAR - LAST_DAY.year) // CYCLE_YEARS * CYCLE_YEARS
"""How far a series is moved forward to expand it (LAST_DAY lands in the last 400 years)."""


def event_start(event: Event) -> datetime:
    """The event's (first) start as an aware datetime in its own zone."""
    return event.start.replace(tzinfo=ZoneInfo(event.timezone))


def event_end(event: Event) -> datetime:
    """The event's (first) end as an aware datetime in its own zone."""
    return event.end.replace(tzinfo=ZoneInfo(event.timezone))


@dataclass(frozen=True)
class Series:
    """The meetings a repeat rule gives from the event's start, within the bounds."""

    starts: tuple[datetime, ...]
    """Each meeting's start, aware, in order: all of them unless a flag below is set."""
    too_many: bool = False
    """The rule gives more than MAX_OCCURRENCES meetings (only the first are in `starts`)."""
    too_late: bool = False
    """A meeting ends after LAST_DAY (only those before it are in `starts`)."""


def series(event: Event) -> Series:
    """Every meeting of a repeating event, bounded, as both the check and the build count them.

    Repeats keep the local wall-clock time across summer time changes, as a
    calendar program does; a meeting lasts as long as the first.
    """
    assert event.repeat is not None
    start, length = event_start(event), event.end - event.start
    if not FIRST_DAY <= start.date() <= LAST_DAY:
        return Series((), too_late=True)
    parts = rule_parts(event.repeat)
    until_text = parts.pop("UNTIL", None)
    until = (
        datetime.strptime(until_text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC) if until_text else None
    )
    rule = ";".join(f"{key}={value}" for key, value in parts.items())
    shifted = event.start.replace(year=event.start.year + SHIFT_YEARS)
    found: list[datetime] = []
    for moment in rrulestr(rule, dtstart=shifted):
        local = moment.replace(year=moment.year - SHIFT_YEARS)
        meeting = local.replace(tzinfo=start.tzinfo)
        if until is not None and meeting > until:
            break
        if (local + length).date() > LAST_DAY:
            return Series(tuple(found), too_late=True)
        if len(found) == MAX_OCCURRENCES:
            return Series(tuple(found), too_many=True)
        found.append(meeting)
    return Series(tuple(found))
