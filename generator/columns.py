"""Each directory's columns, declared once: the table, rows.json and the script follow them.

A directory (schools, networks, policies, events, suppliers) is a table
whose rows carry values for directory.js (`data-*` attributes it filters
and searches on) and whose cells the reader sees and sorts. `DIRECTORIES`
declares, for each, its row fields, its filters and its columns; from that
one declaration come

- the row data (`make_row`): each field's value, then each cell as a
  small JSON-ready structure (see "Cells" below), which is what a
  paginated directory's `rows.json` holds (directory_rows.py);
- the page's table (each row drawn from the same row data by
  `row_html.py`, as directory.js draws a row of rows.json, and the header
  and wrapper attributes the `directory_table` and `directory_attributes`
  macros of `_macros.html` write from `columns`, `filters` and
  `text_label`);
- what the script filters and sorts by: it reads the filters from the
  wrapper's `data-filters`, the sort keys from the header cells'
  `data-sort-key` and the field names from rows.json's `fields`, all
  written from here, and knows no column of its own.

To add a column, add a `Column` to its directory (and a `Field`, with a
`Filter`, to filter by a new value); `tests/test_columns.py` checks that
the built pages, rows.json and the declaration agree.

Cells. A cell is plain text, a number (the index of the row field whose
value it shows), or `[sort value or None, part, ...]`; a part is text,
`["a", href, text]` (a link, relative to rows.json), `["r", index]` (a
link to `refs[index]`, a record other rows link to as well, listed once
per table as `[id, name, href]`), `["b", modifier, text]` (a badge:
`sn-badge sn-badge--<modifier>`) or `["w", part, ...]` (a `sn-wide` span).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .dates import short_date
from .models import KINDS
from .pagination import rows_path
from .search_rules import SCHOOL_FIELDS, SearchField, client_rules, country, town
from .urls import page_url, record_src, relative
from .wording import stars, when

Part = str | list[Any]
Cell = str | int | list[Any]
CANCELLED_CLASS = "sn-cancelled"
"""The class of a cancelled event's row: struck through, and counted as cancelled."""
SEP = "|"
"""Joins several values in one data-* attribute, as directory.js splits them."""


class Links:
    """Link parts relative to one rows.json, and the records rows refer to, each listed once."""

    def __init__(self, kind: str, directory_urls: bool) -> None:
        """Links are relative to the kind's rows.json, beside the directory's first page."""
        self.here = rows_path(kind)
        self.directory_urls = directory_urls
        self.refs: list[list[str]] = []
        self._index: dict[tuple[str, str], int] = {}

    def href(self, record: Any) -> str:
        """A record's page, relative to rows.json."""
        url = page_url(record_src(record.record_kind, record.id), self.directory_urls)
        return relative(self.here, url)

    def record(self, record: Any) -> Part:
        """A link to a row's own record, written out."""
        return ["a", self.href(record), _name(record)]

    def ref(self, record: Any) -> int:
        """The index of a record other rows link to as well (a network), listed once."""
        key = (record.record_kind, record.id)
        if key not in self._index:
            self._index[key] = len(self.refs)
            self.refs.append([record.id, _name(record), self.href(record)])
        return self._index[key]

    def ref_link(self, record: Any) -> Part:
        """A link to a ref: the part `["r", index]`."""
        return ["r", self.ref(record)]


def _name(record: Any) -> str:
    return str(getattr(record, "name", None) or record.title)


@dataclass(frozen=True)
class Field:
    """A value every row carries for the script: a `data-<key>` attribute of the row.

    `value` takes the listing's row tuple, unpacked. Kinds: "data" is a
    plain value; "refs" is a list of records, written as `data-<key>` (their
    ids) and `data-<key>-label` (their names), each joined by "|"; "class"
    is the row's class attribute; "table" is which of the directory's tables
    the row is in (rows.json only). An `optional` field is left out of the
    row when empty; the others are always written.
    """

    key: str
    value: Callable[..., Any] | None = None
    kind: Literal["data", "refs", "class", "table"] = "data"
    optional: bool = False

    def __post_init__(self) -> None:
        """Every field but "table" (which the row's place gives) needs a value."""
        if (self.value is None) != (self.kind == "table"):
            raise ValueError(f"field '{self.key}': a value is given for every kind but 'table'")


@dataclass(frozen=True)
class Filter:
    """A filter control: a field to choose a value of, and the control's label.

    A `minimum` filter is "at least": for a number (a rating), the reader
    picks a threshold.
    """

    key: str
    label: str
    minimum: bool = False

    @property
    def spec(self) -> str:
        """The filter as directory.js reads it from data-filters: "key:Label[:min]"."""
        return f"{self.key}:{self.label}" + (":min" if self.minimum else "")


@dataclass(frozen=True)
class Column:
    """A column: its header, the key a reader sorts it by ("" for none), and its cell.

    `cell` is the name of a field whose value the cell shows, or a function
    of a `Links` and the row tuple, unpacked, that gives the cell (see the
    module's docstring for its form).
    """

    header: str
    sort: str
    cell: str | Callable[..., Cell]


@dataclass(frozen=True)
class Directory:
    """One directory's declaration: where its rows come from, their fields, filters and columns."""

    kind: str
    tables: tuple[str, ...]
    """The listing's context keys of the directory's tables, in page order."""
    text_label: str
    """The label of the text box, which searches the "text" field and the `search` fields."""
    fields: tuple[Field, ...]
    filters: tuple[Filter, ...]
    columns: tuple[Column, ...]
    nouns: tuple[str, str] | None = None
    """What one row is, singular and plural, when not one record of the kind: an events
    directory lists each date of a repeating event, so its rows are "event dates"."""
    search: tuple[SearchField, ...] = ()
    """Fields the text box searches besides the "text" field, each a field of the rows."""
    text_name: str = "name"
    """What a result calls the "text" field: "name", "title"."""
    _cells: tuple[int | Callable[..., Cell], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Resolve cells that show a field to its index, and check filters name fields."""
        keys = self.field_keys
        named = [f.key for f in self.filters] + [c.cell for c in self.columns]
        for wanted in named + [f.key for f in self.search]:
            if isinstance(wanted, str) and wanted not in keys:
                raise ValueError(f"{self.kind} directory: no field '{wanted}' among {keys}")
        cells = [keys.index(c.cell) if isinstance(c.cell, str) else c.cell for c in self.columns]
        object.__setattr__(self, "_cells", tuple(cells))

    @property
    def field_keys(self) -> tuple[str, ...]:
        """The field names, in row order: rows.json's `fields`."""
        return tuple(f.key for f in self.fields)

    @property
    def row_nouns(self) -> tuple[str, str]:
        """What a row is called, singular and plural: ("school", "schools")."""
        return self.nouns or (self.kind, KINDS[self.kind].plural)

    def noun_for(self, count: int) -> str:
        """What `count` rows are called: "school" for one, "schools" for any other number."""
        one, many = self.row_nouns
        return one if count == 1 else many

    def count_words(self, count: int, cancelled: int = 0) -> str:
        """How many rows, in words ("1 school", "24 event dates, 1 cancelled").

        The one form of every count of a directory's rows: its headings say
        it, and directory.js recounts the rows a filter leaves in the same
        form, from the same nouns (`row_nouns`, written into the page).
        """
        words = f"{count} {self.noun_for(count)}"
        return f"{words}, {cancelled} cancelled" if cancelled else words

    @property
    def search_rules(self) -> str:
        """The wrapper's data-search attribute: the shared matcher's rules, as JSON.

        directory.js matches the text box with record-search.js's matcher
        (search_rules.py), over the "text" field and then the `search` fields.
        """
        rules = client_rules(self.text_name, self.search)
        return json.dumps(rules, ensure_ascii=False, separators=(",", ":"))

    @property
    def filter_spec(self) -> str:
        """The wrapper's data-filters attribute."""
        return ", ".join(f.spec for f in self.filters)

    def make_row(self, row: Sequence[Any], table: int, links: Links) -> list[Any]:
        """A row as data: each field's value (refs as indices), then each cell."""
        values: list[Any] = []
        for item in self.fields:
            if item.value is None:  # The "table" field.
                values.append(table)
            elif item.kind == "refs":
                values.append([links.ref(record) for record in item.value(*row)])
            else:
                values.append(item.value(*row))
        for cell in self._cells:
            values.append(cell if isinstance(cell, int) else cell(links, *row))
        return values


# --- what the declarations' cells are made of ------------------------------------------


def linked(links: Links, record: Any, *more: Part) -> Cell:
    """A link to the row's own record, then any parts after it."""
    return [None, links.record(record), *more]


def ref_cell(links: Links, record: Any | None) -> Cell:
    """A link to another record (a parent network, an owner), or nothing."""
    return [None, links.ref_link(record)] if record else ""


def ref_list(links: Links, records: Sequence[Any]) -> Cell:
    """Links to several records, comma-separated, in a span that may wrap."""
    names: list[Part] = []
    for record in records:
        names += [", ", links.ref_link(record)] if names else [links.ref_link(record)]
    return [None, ["w", *names]]


REVIEW_LABELS = {
    "overdue": "Review overdue",
    "due soon": "Due within 90 days",
    "withdrawn": "Withdrawn",
}
"""A policy's review state as the review filter names it."""
REVIEW_BADGES: dict[str, list[Part]] = {
    "overdue": [" ", ["b", "alert", "Review overdue"], "\n"],
    "due soon": [" ", ["b", "warn", "Review due within 90 days"], "\n"],
    "withdrawn": [" ", ["b", "", "Withdrawn"], "\n"],
}
"""A review date's badge, spaced as the templates' status_badge macro writes it."""


def review_cell(policy: Any, state: str) -> Cell:
    """A policy's review date, sorted by the ISO date, with its badge."""
    due = policy.review_due
    if state == "withdrawn":  # Its review date no longer matters: the badge says why.
        return ["", "", *REVIEW_BADGES[state]]
    if not due:
        return ["", ""]
    return [due.isoformat(), short_date(due), *REVIEW_BADGES.get(state, [" "])]


def event_title(links: Links, event: Any) -> Cell:
    """An event's title, linked to its date on the event's page, marked when cancelled."""
    badge: list[Part] = [["b", "alert", "Cancelled"]] if event.status == "cancelled" else []
    href = links.href(event) + (f"#{event.anchor}" if event.anchor else "")
    return [None, ["a", href, _name(event)], " ", *badge]


def statutory(policy: Any) -> list[Part]:
    """A policy's "Statutory" badge, when it is one."""
    return [" ", ["b", "", "Statutory"]] if policy.statutory else []


def areas(schools: Sequence[Any]) -> str:
    """The local authorities (or countries, abroad) of a supplier's recommending schools, joined."""
    names = {(s.local_authority or s.country or "").replace(SEP, "/") for s in schools}
    return SEP.join(sorted(names - {""}, key=str.casefold))


def rating(average: float | None) -> str:
    """A supplier's average rating as the rating filter reads it; blank with none."""
    return "" if average is None else str(average)


# --- the five directories ---------------------------------------------------------------

SCHOOLS = Directory(
    "school",
    tables=("schools",),
    text_label="Name, URN, postcode or place",
    fields=(
        Field("text", lambda school, _: school.name),
        Field("urn", lambda school, _: school.urn or "", optional=True),
        Field("postcode", lambda school, _: school.postcode or "", optional=True),
        Field("town", lambda school, _: town(school), optional=True),
        Field("phase", lambda school, _: school.phase),
        Field("type", lambda school, _: school.type),
        Field("la", lambda school, _: school.local_authority or ""),
        Field("country", lambda school, _: country(school)),
        Field("network", lambda _, networks: networks, kind="refs"),
    ),
    filters=(
        Filter("phase", "Phase"),
        Filter("type", "Type"),
        Filter("la", "Local authority"),
        Filter("country", "Country"),
        Filter("network", "Network"),
    ),
    columns=(
        Column("School", "name", lambda links, school, _: linked(links, school)),
        Column("URN", "urn", "urn"),
        Column("Phase", "phase", "phase"),
        Column("Type", "type", "type"),
        Column(
            "Local authority",
            "la",
            lambda links, school, _: school.local_authority or school.country or "",
        ),
        Column("Networks", "", lambda links, _, networks: ref_list(links, networks)),
    ),
    search=SCHOOL_FIELDS,
)

NETWORKS = Directory(
    "network",
    tables=("networks",),
    text_label="Name",
    fields=(
        Field("text", lambda network, *_: network.name),
        Field("kind", lambda network, *_: network.kind),
    ),
    filters=(Filter("kind", "Kind"),),
    columns=(
        Column("Network", "name", lambda links, network, *_: linked(links, network)),
        Column("Kind", "kind", "kind"),
        Column("Part of", "parent", lambda links, _, parent, __: ref_cell(links, parent)),
        Column("Scope", "scope", lambda links, network, *_: network.scope or ""),
        Column("Schools", "schools", lambda links, *row: str(row[-1])),
    ),
)

POLICIES = Directory(
    "policy",
    tables=("policies",),
    text_label="Title",
    fields=(
        Field("text", lambda policy, *_: policy.title),
        Field("category", lambda policy, *_: policy.category),
        Field("review", lambda *row: row[-1]),
        Field("review-label", lambda *row: REVIEW_LABELS.get(row[-1], "Not due yet")),
    ),
    filters=(Filter("category", "Category"), Filter("review", "Review status")),
    text_name="title",
    columns=(
        Column(
            "Policy",
            "title",
            lambda links, policy, *_: linked(links, policy, *statutory(policy)),
        ),
        Column("Category", "category", "category"),
        Column("Version", "version", lambda links, policy, *_: str(policy.version)),
        Column("Status", "status", lambda links, policy, *_: policy.status),
        Column("Owner", "owner", lambda links, _, owner, __: ref_cell(links, owner)),
        Column("Review due", "review", lambda links, policy, _, state: review_cell(policy, state)),
    ),
)

EVENTS = Directory(
    "event",
    tables=("upcoming", "past"),
    text_label="Title",
    nouns=("event date", "event dates"),
    fields=(
        Field(
            "class",
            lambda event, _: CANCELLED_CLASS if event.status == "cancelled" else "",
            kind="class",
            optional=True,
        ),
        Field("table", kind="table"),
        Field("text", lambda event, _: event.title),
        Field("kind", lambda event, _: event.kind),
        Field(
            "network",
            lambda _, organiser: [organiser] if organiser else [],
            kind="refs",
            optional=True,
        ),
    ),
    filters=(Filter("network", "Network"), Filter("kind", "Kind")),
    text_name="title",
    columns=(
        Column(
            "When",
            "when",
            lambda links, event, _: [event.start.strftime("%Y-%m-%dT%H:%M"), when(event)],
        ),
        Column("Event", "event", lambda links, event, _: event_title(links, event)),
        Column("Kind", "kind", "kind"),
        Column("Organiser", "organiser", lambda links, _, organiser: ref_cell(links, organiser)),
    ),
)

SUPPLIERS = Directory(
    "supplier",
    tables=("suppliers",),
    text_label="Name",
    fields=(
        Field("text", lambda supplier, *_: supplier.name),
        Field("category", lambda supplier, *_: supplier.category),
        Field("rating", lambda _, average, *__: rating(average)),
        Field("la", lambda *row: areas(row[-1])),
        # Which schools recommend it, for the "within a distance of a school" filter (map.js).
        Field("schools", lambda *row: SEP.join(s.id for s in row[-1])),
    ),
    filters=(
        Filter("category", "Category"),
        Filter("rating", "Minimum average rating", True),
        Filter("la", "Recommended by schools in"),
    ),
    columns=(
        Column("Supplier", "name", lambda links, supplier, *_: linked(links, supplier)),
        Column("Category", "category", "category"),
        Column(
            "Average rating",
            "rating",
            lambda links, _, average, *__: [rating(average), stars(average)],
        ),
        Column("Recommending schools", "schools", lambda links, *row: str(row[2])),
    ),
)

DIRECTORIES: dict[str, Directory] = {
    d.kind: d for d in (SCHOOLS, NETWORKS, POLICIES, EVENTS, SUPPLIERS)
}
"""Every directory's declaration, by record kind."""
