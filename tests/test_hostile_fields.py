"""Hostile field values: whatever `check` accepts, the build survives and publishes safely.

Values come from pull requests, so each case here is a value someone could
send. A refused one is checked as a contributor meets it: a real
`python -m generator check` on a copy of tests/fixtures/small with that one
value changed, asserting the exact problem line and exit code 1. An accepted
one is built for real, and every file of the site is read back: calendars
with the icalendar library, CSV with the csv module.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import icalendar
import pytest
from conftest import TODAY, replace_once
from dateutil.rrule import rrulestr
from helpers import BUILD_DAY_EPOCH, all_text, build, copy_fixture, mkdocs
from icalendar.parser import unescape_backslash

from generator.characters import REFUSED
from generator.exports.ics import FeedContext, calendar
from generator.exports.pdf import missing_glyphs_note, write_pdfs
from generator.exports.settings import settings_for_project
from generator.models import Event
from generator.project import load_project
from generator.repeats import CYCLE_YEARS, SHIFT_YEARS, event_start, series
from generator.rules import FIRST_DAY, LAST_DAY, MAX_OCCURRENCES, Recurrence
from generator.site import Site, occurrences

PYTHON = str(Path(sys.executable))
FIX = "delete it: it is invisible and breaks calendars, spreadsheets and PDFs"
RANGE = "give a date from 1900-01-01 to 2100-12-31"
NO_DATES = (
    "events.yaml:38:11: event 'maths-drop-in': repeat gives no dates from the start "
    "(2026-10-06) on; check UNTIL and that the BYDAY, BYMONTHDAY and BYMONTH parts can "
    "meet (30 February never does)"
)
DROP_IN_RULE = "repeat: FREQ=MONTHLY;BYDAY=1TU;COUNT=6"


def changed(tmp_path: Path, file: str, old: str, new: str | bytes) -> Path:
    """A copy of the small fixture with one value changed (bytes: written raw)."""
    project = copy_fixture("small", tmp_path)
    path = project / file
    text = path.read_text(encoding="utf-8")
    if isinstance(new, bytes):
        path.write_bytes(replace_once(text, old, "\0").encode().replace(b"\0", new))
    else:
        path.write_text(replace_once(text, old, new), encoding="utf-8")
    return project


def check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "generator", "check", "--project", str(project)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_DAY_EPOCH},
    )


def refused(file: str, old: str, new: str | bytes, line: str) -> object:
    return pytest.param(file, old, new, line, id=line.split(": ", 2)[-1][:60])


REFUSED_CASES = [
    # --- control characters, written as YAML escapes, in every kind and nesting
    refused(
        "schools.yaml",
        "name: Hawes Side Academy",
        r'name: "Hawes\e[31mSide"',
        "schools.yaml:2:9: school 'hawes-side': name contains U+001B ESCAPE at character 6; " + FIX,
    ),
    refused(
        "networks.yaml",
        "description: Schools that choose to work closely together.",
        r'description: "Schools\0that"',
        "networks.yaml:5:16: network 'nesa': description contains U+0000 NULL at character 8; "
        + FIX,
    ),
    refused(
        "events.yaml",
        "title: Maths network meeting",
        r'title: "Maths\rBEGIN:VEVENT"',
        "events.yaml:2:10: event 'maths-meeting': title contains U+000D CARRIAGE RETURN "
        "at character 6; " + FIX,
    ),
    refused(
        "schools.yaml",
        "address: Hawes Side Lane, Blackpool",
        r'address: "Hawes Side Lane\rBlackpool"',
        "schools.yaml:7:12: school 'hawes-side': address contains U+000D CARRIAGE RETURN "
        "at character 16; " + FIX,
    ),
    refused(
        "schools.yaml",
        "address: Hawes Side Lane, Blackpool",
        r'address: "Hawes Side Lane\fBlackpool"',
        "schools.yaml:7:12: school 'hawes-side': address contains U+000C FORM FEED "
        "at character 16; " + FIX,
    ),
    refused(
        "events.yaml",
        "title: Summer conference",
        r'title: "Summer\Nconference"',
        "events.yaml:10:10: event 'summer-conference': title contains U+0085 NEXT LINE "
        "at character 7; " + FIX,
    ),
    refused(
        "networks.yaml",
        "role: SBP lead",
        r'role: "SBP\Llead"',
        "networks.yaml:9:13: network 'nesa': role contains U+2028 LINE SEPARATOR "
        "at character 4; " + FIX,
    ),
    refused(
        "networks.yaml",
        "description: Schools that choose to work closely together.",
        'description: "Schools that choose\u2029to work closely together."',
        "networks.yaml:5:16: network 'nesa': description contains U+2029 PARAGRAPH SEPARATOR "
        "at character 20; " + FIX,
    ),
    refused(
        "events.yaml",
        "venue: County Hall",
        r'venue: "County\x7fHall"',
        "events.yaml:14:10: event 'summer-conference': venue contains U+007F DELETE "
        "at character 7; " + FIX,
    ),
    refused(
        "events.yaml",
        "title: Maths network meeting",
        "title: Maths\tnetwork meeting",
        "events.yaml:2:10: event 'maths-meeting': title contains U+0009 CHARACTER TABULATION "
        "at character 6; " + FIX,
    ),
    refused(
        "suppliers.yaml",
        "services: [School meals, Breakfast club]",
        r'services: ["School\x9bmeals", Breakfast club]',
        "suppliers.yaml:4:14: supplier 'fresh-plates': services[1] contains "
        "U+009B CONTROL SEQUENCE INTRODUCER at character 7; " + FIX,
    ),
    refused(
        "suppliers.yaml",
        "note: Late deliveries.",
        r'note: "Late\edeliveries."',
        "suppliers.yaml:24:13: supplier 'fresh-plates': note contains U+001B ESCAPE "
        "at character 5; " + FIX,
    ),
    refused(
        "suppliers.yaml",
        "contact: Account manager",
        r'contact: "Account\amanager"',
        "suppliers.yaml:15:18: supplier 'fresh-plates': contact contains U+0007 ALERT "
        "at character 8; " + FIX,
    ),
    refused(
        "suppliers.yaml",
        "name: Fresh Plates Catering",
        "name: Fresh Plates \u202egniretaC",
        "suppliers.yaml:2:9: supplier 'fresh-plates': name contains "
        "U+202E RIGHT-TO-LEFT OVERRIDE at character 14; " + FIX,
    ),
    refused(
        "networks.yaml",
        "name: Kaizen Network",
        r'name: "Kaizen \uE000 Network"',
        "networks.yaml:23:9: network 'kaizen': name contains U+E000 (a private-use character) "
        "at character 8; " + FIX,
    ),
    refused(
        "networks.yaml",
        "name: Comenius Network",
        r'name: "Comenius \u0378 Network"',
        "networks.yaml:26:9: network 'comenius': name contains U+0378 (no character assigned) "
        "at character 10; " + FIX,
    ),
    refused(
        "networks.yaml",
        "name: NESA Maths Group",
        r'name: "NESA Maths \uFFFF Group"',
        "networks.yaml:19:9: network 'nesa-maths': name contains U+FFFF (no character "
        "assigned) at character 12; " + FIX,
    ),
    refused(
        "events.yaml",
        "venue: County Hall",
        b"venue: County\x1bHall",
        "events.yaml:14:16: the file contains U+001B ESCAPE; " + FIX,
    ),
    refused(
        "schools.yaml",
        "  name: Hawes Side Academy",
        '  "na\\em": x\n  name: Hawes Side Academy',
        "schools.yaml:2:3: school 'hawes-side': unknown field 'na\\x1bm' (did you mean "
        "'name'?); allowed fields are: id, name, urn, country, phase, type, local_authority, "
        "address, postcode, website, email, phone, trust, networks, coordinates, joined, "
        "summary, status, closed, age_low, age_high, pupils, register, public",
    ),
    # --- dates outside the declared range
    refused(
        "events.yaml",
        'start: "2027-01-14 16:00"',
        'start: "9999-01-14 16:00"',
        "events.yaml:4:10: event 'maths-meeting': start is outside the dates this site "
        "accepts, got '9999-01-14 16:00'; " + RANGE,
    ),
    refused(
        "policies.yaml",
        "adopted: 2025-09-01",
        "adopted: 1899-12-31",
        "policies.yaml:7:12: policy 'safeguarding': adopted is outside the dates this site "
        "accepts, got '1899-12-31'; " + RANGE,
    ),
    refused(
        "suppliers.yaml",
        "review: 2027-08-31",
        "review: 9999-12-31",
        "suppliers.yaml:14:17: supplier 'fresh-plates': review is outside the dates this site "
        "accepts, got '9999-12-31'; " + RANGE,
    ),
    refused(
        "schools.yaml",
        "joined: 2024-06-01",
        "joined: 2101-01-01",
        "schools.yaml:13:11: school 'hawes-side': joined is outside the dates this site "
        "accepts, got '2101-01-01'; " + RANGE,
    ),
    # --- repeat rules: none, too many, too late, loosely read parts
    refused(
        "events.yaml",
        DROP_IN_RULE,
        "repeat: FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=2",
        NO_DATES,
    ),
    refused(
        "events.yaml", DROP_IN_RULE, "repeat: FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31;COUNT=1", NO_DATES
    ),
    refused("events.yaml", DROP_IN_RULE, "repeat: FREQ=MONTHLY;BYDAY=6TU;COUNT=6", NO_DATES),
    refused("events.yaml", DROP_IN_RULE, "repeat: FREQ=WEEKLY;UNTIL=2020-01-01", NO_DATES),
    refused(
        "events.yaml",
        DROP_IN_RULE,
        "repeat: FREQ=DAILY;UNTIL=2226-12-31",
        "events.yaml:38:11: event 'maths-drop-in': repeat UNTIL is outside the dates this site "
        "accepts, got '2226-12-31'; " + RANGE,
    ),
    refused(
        "events.yaml",
        DROP_IN_RULE,
        "repeat: FREQ=DAILY;UNTIL=2100-12-31",
        "events.yaml:38:11: event 'maths-drop-in': repeat gives more than 500 dates; add "
        "COUNT=… (at most 500) or an earlier UNTIL, or split the series into several events",
    ),
    refused(
        "events.yaml",
        DROP_IN_RULE,
        "repeat: FREQ=YEARLY;COUNT=500",
        "events.yaml:38:11: event 'maths-drop-in': repeat gives dates after 2100-12-31, the "
        "last date this site accepts; lower COUNT or give an earlier UNTIL",
    ),
    refused(
        "events.yaml",
        DROP_IN_RULE,
        "repeat: FREQ=DAILY;INTERVAL=0;UNTIL=2027-01-01",
        "events.yaml:38:11: event 'maths-drop-in': repeat INTERVAL must be a whole number "
        "from 1 to 999, got '0'",
    ),
    refused(
        "events.yaml",
        DROP_IN_RULE,
        "repeat: FREQ=DAILY;INTERVAL=-1;COUNT=3",
        "events.yaml:38:11: event 'maths-drop-in': repeat INTERVAL must be a whole number "
        "from 1 to 999, got '-1'",
    ),
    refused(
        "events.yaml",
        DROP_IN_RULE,
        "repeat: FREQ=DAILY;COUNT=²",
        "events.yaml:38:11: event 'maths-drop-in': repeat COUNT must be a whole number from "
        "1 to 500, got '²'",
    ),
    refused(
        "events.yaml",
        DROP_IN_RULE,
        "repeat: FREQ=MONTHLY;BYMONTHDAY=0;COUNT=6",
        "events.yaml:38:11: event 'maths-drop-in': repeat BYMONTHDAY must be a whole number "
        "from 1 to 31 (or -31 to -1 counting from the end), got '0'",
    ),
    refused(
        "events.yaml",
        DROP_IN_RULE,
        "repeat: FREQ=MONTHLY;BYDAY=1TU;COUNT=6;COUNT=600",
        "events.yaml:38:11: event 'maths-drop-in': repeat gives COUNT twice; keep one COUNT=",
    ),
    # --- values that crashed the check itself
    refused(
        "suppliers.yaml",
        "rating: 4",
        "rating: " + "4" * 5000,
        "suppliers.yaml:18:15: supplier 'fresh-plates': rating must be a whole number from "
        f"1 to 5, got '{'4' * 5000}'",
    ),
    refused(
        "events.yaml",
        "  online: https://meet.example.org/maths",
        "  online: https://meet.example.org/maths\n  timezone: Europe/" + "x" * 300,
        "events.yaml:40:13: event 'maths-drop-in': timezone is not a known time zone, got "
        f"'Europe/{'x' * 300}'; use a name such as 'Europe/London'",
    ),
    refused(
        "events.yaml",
        "  online: https://meet.example.org/maths",
        "  online: https://meet.example.org/maths\n  timezone: right/UTC",
        "events.yaml:40:13: event 'maths-drop-in': timezone is not a known time zone, got "
        "'right/UTC' (did you mean 'Etc/UTC'?); use a name such as 'Europe/London'",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "line"), REFUSED_CASES)
def test_check_refuses_with_the_place_and_the_fix(
    tmp_path: Path, file: str, old: str, new: str | bytes, line: str
) -> None:
    result = check(changed(tmp_path, file, old, new))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [line, "1 problem found; nothing was built."]


def test_check_accepts_a_line_break_written_cr_lf(tmp_path: Path) -> None:
    project = changed(
        tmp_path,
        "schools.yaml",
        "address: Hawes Side Lane, Blackpool",
        r'address: "Hawes Side Lane\r\nBlackpool"',
    )
    assert check(project).returncode == 0


# --- the build survives what the check accepts ------------------------------------

TITLE = (
    'Maths; meeting, with a \\ backslash, \\N, \\n, \\; and "quotes" — Ünïcödé Ωμέγα '
    "Привет ÆØÅ " + "ĳ→é" * 30
)
VENUE = "Hall 2; Block B, Room \\3"
SUMMARY = "Line one; with, punctuation\r\nLine two\nLine three =SUM(1)"
GROUP = "NESA Maths; Group, \\ 2"
PARTNER = "北京第一中学 Liceo Partner"


def hostile_project(root: Path) -> Path:
    """The small fixture with every kind of awkward value the check lets through."""
    project = copy_fixture("small", root)
    edits = {
        "events.yaml": [
            ("title: Maths network meeting", f"title: {json.dumps(TITLE, ensure_ascii=False)}"),
            (
                "venue: Hawes Side Academy hall",
                f"venue: {json.dumps(VENUE)}\n  summary: {json.dumps(SUMMARY)}",
            ),
        ],
        "networks.yaml": [("name: NESA Maths Group", f"name: {json.dumps(GROUP)}")],
        "schools.yaml": [
            ('phone: "01253 761245"', 'phone: "+44 1253 761245"'),
            ("joined: 2024-06-01", "joined: 2024-06-01\n  coordinates: {lat: 53.79, lon: -3.02}"),
            ("address: Hawes Side Lane, Blackpool", "address: '@SUM(A1)'"),
            ("local_authority: Blackpool", "local_authority: ＝1+1\n  trust: -2+3"),
            ("name: Liceo Partner", f"name: {PARTNER}"),
        ],
        "suppliers.yaml": [
            ("services: [School meals, Breakfast club]", "services: [\"+cmd|' /C calc'!A0\", X]"),
            ("contact: Account manager", "contact: '=cmd'"),
        ],
    }
    for file, pairs in edits.items():
        path = project / file
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            text = replace_once(text, old, new)
        path.write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile project, built strictly (no PDFs: see the PDF test)."""
    project = hostile_project(tmp_path_factory.mktemp("hostile"))
    assert check(project).returncode == 0
    return build(project)


def feeds(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.ics"))}


def test_no_file_of_the_site_holds_a_refused_character(hostile: Path) -> None:
    texts = all_text(hostile)
    assert any(TITLE in text for text in texts.values())
    for name, text in texts.items():
        if name.startswith("assets/vendor/"):
            continue  # The map library, byte for byte its npm release (tests/test_vendor.py).
        if name.endswith((".ics", ".csv")):
            text = text.replace("\r\n", "\n")
        found = REFUSED.search(text.replace("\n", "").replace("\t", ""))
        assert found is None, (name, found)


def test_every_feed_is_folded_at_75_octets_without_splitting_a_character(hostile: Path) -> None:
    for name, data in feeds(hostile).items():
        assert data.endswith(b"\r\n"), name
        for line in data[:-2].split(b"\r\n"):
            assert len(line) <= 75, (name, line)
            line.decode("utf-8")  # A character cut in two would not decode.
            assert b"\r" not in line and b"\n" not in line, (name, line)


def test_feeds_parse_with_one_vevent_per_event(hostile: Path) -> None:
    cals = {name: icalendar.Calendar.from_ical(data) for name, data in feeds(hostile).items()}
    uids = [str(e["uid"]) for e in cals["calendar/all-events.ics"].walk("VEVENT")]
    assert sorted(uids) == [
        "autumn-webinar@example.org",
        "maths-drop-in@example.org",
        "maths-meeting@example.org",
        "summer-conference@example.org",
    ]
    for name, cal in cals.items():
        if name.startswith("events/"):
            assert len(cal.walk("VEVENT")) == 1, name


def test_hostile_text_round_trips_exactly(hostile: Path) -> None:
    data = feeds(hostile)
    own = icalendar.Calendar.from_ical(data["events/maths-meeting.ics"])
    assert unescape_backslash(str(own["X-WR-CALNAME"])) == TITLE
    event = own.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == TITLE
    assert str(event["LOCATION"]) == VENUE
    assert str(event["DESCRIPTION"]).startswith(SUMMARY.replace("\r\n", "\n") + "\n\n")
    group = icalendar.Calendar.from_ical(data["calendar/nesa-maths.ics"])
    assert unescape_backslash(str(group["X-WR-CALNAME"])) == f"{GROUP}: events"


def test_csv_cells_are_defused_and_numbers_kept(hostile: Path) -> None:
    def rows(name: str) -> dict[str, dict[str, str]]:
        text = (hostile / "data" / name).read_text(encoding="utf-8")
        return {r["id"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}

    school = rows("schools.csv")["hawes-side"]
    assert school["phone"] == "'+44 1253 761245"
    assert school["address"] == "'@SUM(A1)"
    assert school["local_authority"] == "'＝1+1"
    assert school["trust"] == "'-2+3"
    assert (school["coordinates_lat"], school["coordinates_lon"]) == ("53.79", "-3.02")
    supplier = rows("suppliers.csv")["fresh-plates"]
    assert supplier["services"] == "'+cmd|' /C calc'!A0; X"
    text = (hostile / "data/recommendations.csv").read_text(encoding="utf-8")
    contacts = [r["sla_contact"] for r in csv.DictReader(io.StringIO(text, newline=""))]
    assert "'=cmd" in contacts
    event = rows("events.csv")["maths-meeting"]
    assert event["summary"] == SUMMARY.replace("\r\n", "\n")
    schools = json.loads((hostile / "data/schools.json").read_text())["schools"]
    assert [s["phone"] for s in schools if s["id"] == "hawes-side"] == ["+44 1253 761245"]


def test_strict_build_with_pdfs_survives_characters_no_font_here_draws(tmp_path: Path) -> None:
    project = hostile_project(tmp_path)
    result = mkdocs(project, "build", "--strict", pdf=True)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert "PDFs: no installed font draws" in result.stderr  # The info line names them.
    assert (project / "site/downloads/handbook.pdf").is_file()


def test_missing_glyphs_are_noted_apart_from_warnings(tmp_path: Path) -> None:
    project = hostile_project(tmp_path)
    settings, sources, _ = settings_for_project(project, workers=1)
    site = load_project(sources, today=date(2026, 11, 26), members=False)
    written = write_pdfs(site, settings, tmp_path / "pdfs")
    assert written.warnings == []
    assert {"北", "京", "＝"} <= written.missing_glyphs
    assert missing_glyphs_note({"学", "校"}) == (
        "PDFs: no installed font draws 学 (U+5B66), 校 (U+6821); they print as empty boxes. "
        "Install a font that has them (Debian's fonts-noto-cjk for Chinese, Japanese and "
        "Korean) and build again"
    )


# --- repeat rules: the build cannot crash on a rule, even one the check never saw ---


def event(
    rule: str | None,
    start: str = "2026-10-06 16:00",
    end: str = "2026-10-06 16:30",
    timezone: str = "Europe/London",
) -> Event:
    """An event made directly, as if the check had been skipped (the field rules still ran)."""
    return Event(
        id="drop-in",
        title="Drop-in",
        kind="webinar",
        start=datetime.fromisoformat(start),
        end=datetime.fromisoformat(end),
        timezone=timezone,
        repeat=Recurrence().parse(rule) if rule else None,
        organiser="nesa",
        online="https://meet.example.org/x",
    )


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=2",
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31;COUNT=2",
        "FREQ=WEEKLY;UNTIL=2020-01-01",
    ],
)
def test_a_rule_with_no_dates_leaves_the_event_itself(rule: str) -> None:
    found = occurrences(event(rule))
    assert [(o.start.isoformat(), o.end.isoformat()) for o in found] == [
        ("2026-10-06T16:00:00+01:00", "2026-10-06T16:30:00+01:00")
    ]


def test_a_rule_that_runs_on_is_cut_at_the_bounds() -> None:
    daily = occurrences(event("FREQ=DAILY;UNTIL=2100-12-31"))
    assert len(daily) == MAX_OCCURRENCES
    assert series(event("FREQ=DAILY;UNTIL=2100-12-31")).too_many
    yearly = series(event("FREQ=YEARLY;COUNT=500"))
    assert yearly.too_late
    assert yearly.starts[-1].date() == date(2100, 10, 6)


def test_calendar_of_events_at_the_ends_of_the_range() -> None:
    first = event("FREQ=DAILY;COUNT=3", "1900-01-01 00:00", "1900-01-01 01:00")
    last = event(None, "2100-12-31 22:00", "2100-12-31 23:59", "Pacific/Kiritimati")
    last = dataclasses.replace(last, id="last")
    site = Site({}, {}, {}, {"drop-in": first, "last": last}, {}, {}, TODAY, False)
    data = calendar("All", [first, last], site, FeedContext("https://example.org/", TODAY, {}))
    assert len(icalendar.Calendar.from_ical(data).walk("VEVENT")) == 2


def test_a_rule_that_never_occurs_is_expanded_over_the_range_only() -> None:
    # dateutil looks for a date up to the year 9999; moved forward by whole
    # 400-year cycles, the range ends less than 400 years before it.
    assert SHIFT_YEARS % CYCLE_YEARS == 0
    assert 9999 - CYCLE_YEARS < LAST_DAY.year + SHIFT_YEARS <= 9999
    never = event("FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31;COUNT=1", f"{FIRST_DAY} 09:00")
    assert series(never).starts == ()


@pytest.mark.parametrize(
    ("rule", "start", "timezone"),
    [
        ("FREQ=MONTHLY;BYDAY=1TU;COUNT=6", "2026-10-06 16:00", "Europe/London"),
        ("FREQ=WEEKLY;BYDAY=SU;UNTIL=2027-04-04", "2027-03-21 00:30", "Europe/London"),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;COUNT=3", "1999-01-01 09:00", "Europe/London"),
        ("FREQ=YEARLY;BYDAY=-1FR;BYMONTH=10;COUNT=5", "2026-10-30 23:30", "Europe/London"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1;BYSETPOS=1;UNTIL=2027-12-31", "2027-01-31 23:59", "UTC"),
        ("FREQ=DAILY;UNTIL=2027-01-10", "2027-01-08 10:00", "Pacific/Auckland"),
        ("FREQ=DAILY;UNTIL=2027-01-10", "2027-01-08 20:00", "America/New_York"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=9", "1900-01-01 12:00", "Europe/Paris"),
    ],
)
def test_expanding_a_rule_gives_what_dateutil_gives(rule: str, start: str, timezone: str) -> None:
    made = event(rule, start, start, timezone)
    expected = list(rrulestr(made.repeat or "", dtstart=event_start(made)))
    assert expected
    assert list(series(made).starts) == expected
