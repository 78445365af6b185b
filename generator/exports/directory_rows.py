"""Every row of a paginated directory as compact JSON, for filtering and sorting in the browser.

A directory too long for one page (pagination.py) is published in pages of
`PAGE_SIZE` rows, but a reader's filter or sort must still cover every
record. directory.js fetches the directory's `rows.json` the first time the
reader filters or sorts, and draws the matching rows itself. The file holds,
per row, the same values as the table row's `data-*` attributes and the
cells as small arrays (not objects with repeated keys), so it stays a
fraction of the HTML it stands for:

    {"fields": ["text", "phase", ...], "tables": 1, "size": 100, "rows": [
      ["Abbey School 123456", "primary", ...,
       [null, ["a", "../schools/abbey/", "Abbey School"]], "123456", ...], ...]}

A row is its field values (the `data-*` attributes, plus "class" and the
"table" it belongs to when a directory has them), then one entry per cell.
A field that names other records (a school's networks) holds indices into
`refs`, a list of `[id, name, href]` given once per file: the row's
`data-network` is their ids and `data-network-label` their names, each
joined by "|". A cell is plain text, a number (the text of that field of
the row), or `[sort value or null, part, ...]`; a part is text,
`["a", href, text]` (a link, relative to rows.json), `["r", index]` (a link
to a ref), `["b", modifier, text]` (a badge: `sn-badge sn-badge--<modifier>`)
or `["w", part, ...]` (a `sn-wide` span). Cells read exactly as the
templates' cells (a browser test checks).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..dates import short_date
from ..directories import Listing, listings
from ..pagination import PAGE_SIZE, ROW_KEYS, pages_needed, rows_path
from ..site import Site
from ..urls import page_url, record_src, relative
from ..wording import stars, when

Part = str | list[Any]

SEP = "|"
"""Joins several values in one data-* attribute, as the templates' `values` macro does."""
REVIEW_LABELS = {"overdue": "Review overdue", "due soon": "Due within 90 days"}
REVIEW_BADGES = {
    "overdue": ("alert", "Review overdue"),
    "due soon": ("warn", "Review due within 90 days"),
}
NOT_FILTERS = frozenset({"text", "class", "table"})


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


@dataclass(frozen=True)
class RowTable:
    """A directory's rows as data: field names, then one list of values and cells per row."""

    kind: str
    fields: tuple[str, ...]
    tables: int
    rows: list[list[Any]]
    refs: list[list[str]]


def _name(record: Any) -> str:
    return str(getattr(record, "name", None) or record.title)


def _badge(state: str) -> list[Part]:
    """A policy's review badge, as the templates' status_badge macro draws it."""
    if state not in REVIEW_BADGES:
        return []
    modifier, text = REVIEW_BADGES[state]
    return [" ", ["b", modifier, text]]


def _school(row: tuple[Any, ...], links: Links) -> list[Any]:
    school, networks = row
    names: list[Part] = []
    for network in networks:
        names += [", ", links.ref_link(network)] if names else [links.ref_link(network)]
    return [
        f"{school.name} {school.urn or ''}".strip(),
        school.phase,
        school.type,
        school.local_authority or school.country or "",
        [links.ref(n) for n in networks],
        [None, links.record(school)],
        school.urn or "",
        1,
        2,
        3,
        [None, ["w", *names]],
    ]


def _network(row: tuple[Any, ...], links: Links) -> list[Any]:
    network, parent, count = row
    return [
        network.name,
        network.kind,
        [None, links.record(network)],
        1,
        [None, links.ref_link(parent)] if parent else "",
        network.scope or "",
        str(count),
    ]


def _policy(row: tuple[Any, ...], links: Links) -> list[Any]:
    policy, owner, state = row
    title: list[Part] = [links.record(policy)]
    if policy.statutory:
        title += [" ", ["b", "", "Statutory"]]
    due = policy.review_due
    return [
        policy.title,
        policy.category,
        state,
        REVIEW_LABELS.get(state, "Not due yet"),
        [None, *title],
        1,
        str(policy.version),
        policy.status,
        [None, links.ref_link(owner)] if owner else "",
        [due.isoformat(), short_date(due), *_badge(state)] if due else ["", ""],
    ]


def _event(row: tuple[Any, ...], links: Links, table: int) -> list[Any]:
    event, organiser = row
    cancelled = event.status == "cancelled"
    title: list[Part] = [links.record(event)]
    if cancelled:
        title += [" ", ["b", "alert", "Cancelled"]]
    return [
        "sn-cancelled" if cancelled else "",
        table,
        event.title,
        event.kind,
        [links.ref(organiser)] if organiser else [],
        [event.start.strftime("%Y-%m-%dT%H:%M"), when(event)],
        [None, *title],
        3,
        [None, links.ref_link(organiser)] if organiser else "",
    ]


def _supplier(row: tuple[Any, ...], links: Links) -> list[Any]:
    supplier, average, count = row
    rating = "" if average is None else str(average)
    return [
        supplier.name,
        supplier.category,
        rating,
        [None, links.record(supplier)],
        1,
        [rating, stars(average)],
        str(count),
    ]


FIELDS: dict[str, tuple[str, ...]] = {
    "school": ("text", "phase", "type", "la", "network"),
    "network": ("text", "kind"),
    "policy": ("text", "category", "review", "review-label"),
    "event": ("class", "table", "text", "kind", "network"),
    "supplier": ("text", "category", "rating"),
}
"""Each directory's row fields, in the order its rows list them: the `data-*` attributes
its template puts on a row (a list of refs stands for `data-x` and `data-x-label`), plus
"class" and "table" where a directory has them."""
_ROW_MAKERS: dict[str, Callable[[tuple[Any, ...], Links], list[Any]]] = {
    "school": _school,
    "network": _network,
    "policy": _policy,
    "supplier": _supplier,
}


def row_table(listing: Listing, directory_urls: bool = True) -> RowTable:
    """A directory's rows as data, in the page's order."""
    kind = listing.kind
    keys = ROW_KEYS[kind]
    links = Links(kind, directory_urls)
    rows: list[list[Any]] = []
    for table, key in enumerate(keys):
        if kind == "event":
            rows += [_event(row, links, table) for row in listing.context[key]]
        else:
            rows += [_ROW_MAKERS[kind](row, links) for row in listing.context[key]]
    return RowTable(kind, FIELDS[kind], len(keys), rows, links.refs)


def tables(site: Site, directory_urls: bool = True) -> list[tuple[Listing, RowTable]]:
    """Each directory's listing and rows, made once per site (a second at 25,000 schools).

    Kept on the site itself (`Site.made`): the directory pages and rows.json,
    made in a worker forked after the pages, share them, and they go with
    the site when a live preview's next rebuild makes a new one.
    """
    key = ("directory tables", directory_urls)
    kept: list[tuple[Listing, RowTable]] | None = site.made.get(key)
    if kept is None:
        kept = site.made[key] = [
            (listing, row_table(listing, directory_urls)) for listing in listings(site)
        ]
    return kept


def filter_options(table: RowTable) -> dict[str, list[str | list[str]]]:
    """Each filter's choices over all rows: a value, or [value, readable name] when they differ.

    Rendered into every page of a paginated directory, so its filters offer
    every value although the page holds only some rows.
    """
    options: dict[str, list[str | list[str]]] = {}
    for index, field in enumerate(table.fields):
        if field in NOT_FILTERS or field.endswith("-label"):
            continue
        names: dict[str, str] = {}
        for row in table.rows:
            value = row[index]
            if isinstance(value, list):
                for ref in value:
                    names.setdefault(table.refs[ref][0], table.refs[ref][1].replace(SEP, "/"))
            elif value:
                names.setdefault(value, value)
        ordered = sorted(names.items(), key=lambda item: (item[1].casefold(), item[0]))
        options[field] = [value if value == name else [value, name] for value, name in ordered]
    return options


def rows_json(table: RowTable, size: int = PAGE_SIZE) -> bytes:
    """The rows.json file of one directory."""
    data = {
        "fields": list(table.fields),
        "refs": table.refs,
        "tables": table.tables,
        "size": size,
        "rows": table.rows,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def directory_rows(
    site: Site, directory_urls: bool = True, size: int = PAGE_SIZE
) -> dict[str, bytes]:
    """rows.json for each directory with more than one page, by path relative to the site root.

    A directory that fits on one page gets none: its page holds every row.
    """
    files = {}
    for listing, table in tables(site, directory_urls):
        if pages_needed(len(table.rows), size) > 1:
            files[rows_path(listing.kind)] = rows_json(table, size)
    return files
