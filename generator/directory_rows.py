"""Every row of a paginated directory as compact JSON, for filtering and sorting in the browser.

A directory too long for one page (pagination.py) is published in pages of
`PAGE_SIZE` rows, but a reader's filter or sort must still cover every
record. directory.js fetches the directory's `rows.json` the first time the
reader filters or sorts, and draws the matching rows itself. The rows are
made from the directory's declaration in `generator/columns.py`, as the
page's own table rows are, and hold per row the fields' values and the
cells as small arrays (not objects with repeated keys), so the file stays a
fraction of the HTML it stands for:

    {"fields": ["text", "phase", ...], "refs": [[id, name, href], ...],
     "tables": 1, "size": 100, "rows": [
      ["Abbey School 123456", "primary", ...,
       [null, ["a", "../schools/abbey/", "Abbey School"]], "123456", ...], ...]}

`fields` are the declared fields' keys; a field that names other records (a
school's networks) holds indices into `refs`. The cells' form is described
in columns.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from .columns import CANCELLED_CLASS, DIRECTORIES, SEP, Directory, Links
from .directories import Listing, listings
from .ordering import text_key
from .pagination import PAGE_SIZE, pages_needed, rows_path
from .row_html import Rebase, row_html
from .site import Site


@dataclass(frozen=True)
class RowTable:
    """A directory's rows as data: field names, then one list of values and cells per row."""

    kind: str
    fields: tuple[str, ...]
    tables: int
    rows: list[list[Any]] = field(repr=False)
    refs: list[list[str]] = field(repr=False)
    """Made from the listing's rows, which the live preview's page keys hold: not repeated there."""
    counts: tuple[int, ...] = ()
    """How many rows each of the directory's tables holds, in order (events: upcoming, past)."""

    @property
    def directory(self) -> Directory:
        """The declaration the rows were made from (its columns head the page's table)."""
        return DIRECTORIES[self.kind]

    def table_rows(self, table: int = 0) -> list[list[Any]]:
        """The rows of one of the directory's tables."""
        start = sum(self.counts[:table])
        return self.rows[start : start + self.counts[table]]

    def count_words(self, table: int = 0) -> str:
        """How many rows one of the tables lists, and how many of them are cancelled, in words."""
        rows = self.table_rows(table)
        at = self.fields.index("class") if "class" in self.fields else -1
        cancelled = sum(1 for row in rows if at >= 0 and row[at] == CANCELLED_CLASS)
        return self.directory.count_words(len(rows), cancelled)

    def row_html(self, row: list[Any], rebase: Rebase) -> Markup:
        """One row as the page's table shows it, its links relative to the page."""
        return row_html(self.directory, row, self.refs, rebase)


def row_table(listing: Listing, directory_urls: bool = True) -> RowTable:
    """A directory's rows as data, in the page's order."""
    directory = DIRECTORIES[listing.kind]
    links = Links(listing.kind, directory_urls)
    rows: list[list[Any]] = []
    counts = []
    for table, key in enumerate(directory.tables):
        listed = listing.context[key]
        rows += [directory.make_row(row, table, links) for row in listed]
        counts.append(len(listed))
    return RowTable(
        listing.kind,
        directory.field_keys,
        len(directory.tables),
        rows,
        links.refs,
        tuple(counts),
    )


def rebase_for(kind: str, page_url: str) -> Rebase:
    """What turns the links of `kind`'s rows into links from the page at `page_url`."""
    return Rebase.between(rows_path(kind), page_url)


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
    every value although the page holds only some rows. Readable names come
    from the refs, or from a `<key>-label` field, as directory.js reads them
    from a row's `data-<key>-label`.
    """
    filters = {f.key for f in table.directory.filters}
    options: dict[str, list[str | list[str]]] = {}
    for index, key in enumerate(table.fields):
        if key not in filters:
            continue
        label = table.fields.index(f"{key}-label") if f"{key}-label" in table.fields else index
        names: dict[str, str] = {}
        for row in table.rows:
            value = row[index]
            if isinstance(value, list):
                for ref in value:
                    names.setdefault(table.refs[ref][0], table.refs[ref][1].replace(SEP, "/"))
            elif value and label == index:  # Several values joined, as in a row's data-*.
                for one in str(value).split(SEP):
                    names.setdefault(one, one)
            elif value:
                names.setdefault(value, row[label])
        ordered = sorted(names.items(), key=lambda item: (text_key(item[1]), item[0]))
        options[key] = [value if value == name else [value, name] for value, name in ordered]
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
