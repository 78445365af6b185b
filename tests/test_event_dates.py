"""Event dates: which one is next, each date's anchor, and how the directory counts them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import EVENTS, write_project

from generator.columns import DIRECTORIES
from generator.directory_rows import tables
from generator.jsonld import event_ld
from generator.project import Sources, load_project
from generator.site import Site, occurrences

SERIES = """\
- id: drop-in
  title: SBP drop-in
  kind: webinar
  start: "2026-10-06 15:30"
  end: "2026-10-06 16:15"
  repeat: FREQ=MONTHLY;BYDAY=1TU;COUNT=6
  online: https://meet.example.org/drop-in
  organiser: nesa
- id: called-off
  title: Termly briefing
  kind: CPD
  start: "2026-09-10 09:00"
  end: "2026-09-10 10:00"
  repeat: FREQ=MONTHLY;COUNT=5
  venue: County Hall
  organiser: nesa
  status: cancelled
- id: spring-series
  title: Last spring's series
  kind: CPD
  start: "2026-03-03 09:00"
  end: "2026-03-03 10:00"
  repeat: FREQ=WEEKLY;COUNT=3
  venue: County Hall
  organiser: nesa
- id: old-meeting
  title: Last year's meeting
  kind: network meeting
  start: "2025-11-20 16:00"
  end: "2025-11-20 17:00"
  venue: County Hall
  organiser: nesa
"""


BUILT = date(2026, 11, 26)
"""The build date the tests build the sample "as of" (tests/helpers.py BUILD_DAY_EPOCH)."""


@pytest.fixture
def site(tmp_path: Path) -> Site:
    project = write_project(tmp_path, **{"events.yaml": EVENTS + SERIES})
    return load_project(Sources(project), today=BUILT, members=True)


def test_the_next_date_is_the_first_not_over_on_the_build_date(site: Site) -> None:
    nxt = site.next_date(site.events["drop-in"])
    assert nxt is not None and nxt.start.date().isoformat() == "2026-12-01"
    one_off = site.next_date(site.events["maths-meeting"])
    assert one_off is not None and one_off.start.date().isoformat() == "2027-01-14"
    assert site.next_date(site.events["spring-series"]) is None
    assert site.next_date(site.events["old-meeting"]) is None


def test_a_cancelled_series_still_names_the_date_it_would_have_met(site: Site) -> None:
    """Its page leads with that date, marked cancelled, as the directory lists it."""
    nxt = site.next_date(site.events["called-off"])
    assert nxt is not None and nxt.start.date().isoformat() == "2026-12-10"


def test_each_date_of_a_series_has_its_own_anchor_and_a_one_off_none(site: Site) -> None:
    dates = occurrences(site.events["drop-in"])
    assert [o.anchor for o in dates] == [
        "date-2026-10-06",
        "date-2026-11-03",
        "date-2026-12-01",
        "date-2027-01-05",
        "date-2027-02-02",
        "date-2027-03-02",
    ]
    assert [o.anchor for o in occurrences(site.events["maths-meeting"])] == [""]


def test_directory_links_each_date_of_a_series_to_its_anchor(site: Site) -> None:
    _, table = next(pair for pair in tables(site) if pair[0].kind == "event")
    at = len(table.fields) + [c.header for c in table.directory.columns].index("Event")
    links = [row[at][1][1] for row in table.rows]
    drop_in = [href for href in links if "/drop-in/" in href]
    assert len(drop_in) == 6 and len(set(drop_in)) == 6
    assert all(href.endswith(f"#date-{href[-10:]}") for href in drop_in)
    assert "../events/maths-meeting/" in links  # A one-off event has no anchor.


def test_the_events_directory_counts_dates_and_says_which_are_cancelled(site: Site) -> None:
    _, table = next(pair for pair in tables(site) if pair[0].kind == "event")
    # Upcoming: maths meeting, drop-in Dec-Mar (4), called-off Dec-Jan (2, cancelled).
    assert table.count_words(0) == "7 event dates, 2 cancelled"
    # Past: drop-in Oct-Nov (2), called-off Sep-Nov (3), spring series (3), old meeting.
    assert table.count_words(1) == "9 event dates, 3 cancelled"
    assert len(table.rows) == 16


def test_count_words_are_singular_for_one() -> None:
    events, schools = DIRECTORIES["event"], DIRECTORIES["school"]
    assert events.count_words(1) == "1 event date"
    assert events.count_words(0) == "0 event dates"
    assert events.count_words(2, 1) == "2 event dates, 1 cancelled"
    assert schools.count_words(1) == "1 school"
    assert schools.count_words(52) == "52 schools"


def test_a_series_data_for_search_engines_gives_the_date_its_page_leads_with(site: Site) -> None:
    """schema.org's startDate of a series is its next date, not its first (already past)."""
    drop_in = event_ld(site.events["drop-in"], site, "https://example.org/e/", lambda _: "")
    assert drop_in["startDate"] == "2026-12-01T15:30:00+00:00"
    assert drop_in["endDate"] == "2026-12-01T16:15:00+00:00"
    spring = event_ld(site.events["spring-series"], site, "https://example.org/e/", lambda _: "")
    assert spring["startDate"].startswith("2026-03-17")  # All past: the last of its three.
