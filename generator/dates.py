"""The build date and how dates and times are shown to readers."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def build_date() -> date:
    """Today in London, or the date of SOURCE_DATE_EPOCH when set.

    "Upcoming" and "review due" are relative to this date, so pinning
    SOURCE_DATE_EPOCH makes a build reproducible and lets tests fix the day.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).astimezone(LONDON).date()
    return datetime.now(tz=LONDON).date()


def long_date(day: date | datetime) -> str:
    """'4 March 2027': unambiguous for UK readers."""
    return f"{day.day} {day:%B %Y}"


def short_date(day: date | datetime) -> str:
    """'Thu 4 Mar 2027', for tables."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def time_range(start: datetime, end: datetime) -> str:
    """'Thu 4 Mar 2027, 16:00–17:30 GMT' or a range over several days."""
    zone = start.tzname() or ""
    if start.date() == end.date():
        return f"{short_date(start)}, {start:%H:%M}–{end:%H:%M} {zone}".rstrip()
    return f"{short_date(start)} {start:%H:%M} – {short_date(end)} {end:%H:%M} {zone}".rstrip()
