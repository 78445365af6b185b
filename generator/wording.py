"""How a few values read on a page, shared by the templates and directory rows.

The same words appear in a directory's HTML table and in the rows.json that
directory.js renders from, so both take them from here.
"""

from __future__ import annotations

from .dates import time_range
from .models import Event
from .site import Occurrence, event_end, event_start


def stars(rating: float | None) -> str:
    """A rating as text that reads well aloud: '4.5 out of 5'."""
    if rating is None:
        return "no ratings yet"
    shown = f"{rating:.1f}".rstrip("0").rstrip(".")
    return f"{shown} out of 5"


def when(item: Event | Occurrence) -> str:
    """The time span of an occurrence, or of an event's first meeting."""
    if isinstance(item, Occurrence):
        return time_range(item.start, item.end)
    return time_range(event_start(item), event_end(item))
