"""Directories split into numbered pages, so none is a multi-megabyte table.

A directory with more rows than `PAGE_SIZE` is published as pages of that
many rows, in the directory's own order: page 1 at the directory's address
(`schools/`), the others at `schools/page/2/`, `schools/page/3/`, ... (the
layout Hugo and Jekyll use). Record ids cannot hold a "/", so these
addresses never meet a record's page. Every record is reachable by plain
links; with JavaScript, directory.js filters and sorts over all rows from
the directory's `rows.json` (see directory_rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from .models import KINDS

PAGE_SIZE = 100
"""Rows per directory page: a page stays around 100 kB of HTML at any scale."""
PAGES_FOLDER = "page"
"""The folder under a directory that holds its pages after the first."""
ROWS_FILE = "rows.json"
"""Every row of a paginated directory, beside its first page, for filtering and sorting."""
NEIGHBOURS = 2
"""Page links shown either side of the current page, besides the first and the last."""

T = TypeVar("T")


def pages_needed(rows: int, size: int = PAGE_SIZE) -> int:
    """How many pages `rows` rows take; an empty directory still has its one page."""
    return max(1, -(-rows // size))


def page_src(kind: str, number: int) -> str:
    """The virtual source path of a directory's page `number` (1 is the directory itself)."""
    plural = KINDS[kind].plural
    return f"{plural}/index.md" if number == 1 else f"{plural}/{PAGES_FOLDER}/{number}.md"


def rows_path(kind: str) -> str:
    """Where a paginated directory's rows.json is published, relative to the site root."""
    return f"{KINDS[kind].plural}/{ROWS_FILE}"


def directory_of(src: str) -> str | None:
    """The plural folder ("schools") of a later directory page's source path, else None."""
    parts = src.split("/")
    if len(parts) == 3 and parts[1] == PAGES_FOLDER and parts[2].removesuffix(".md").isdigit():
        return parts[0]
    return None


@dataclass(frozen=True)
class PageLink:
    """One entry of a pagination nav: a page number and its page, or a gap (number 0)."""

    number: int
    src: str
    current: bool = False


@dataclass(frozen=True)
class Pager:
    """Which slice of a directory one page shows, and links to the other pages."""

    kind: str
    number: int
    count: int
    total: int
    size: int = PAGE_SIZE
    options: str = ""
    """The filters' choices over all rows, as JSON for directory.js (paginated pages only)."""

    @property
    def paginated(self) -> bool:
        """True when the directory has more than one page (and so pagination links)."""
        return self.count > 1

    @property
    def start(self) -> int:
        """Index of this page's first row in the whole directory."""
        return (self.number - 1) * self.size

    @property
    def stop(self) -> int:
        """Index one past this page's last row."""
        return min(self.start + self.size, self.total)

    def items(self, rows: Sequence[T], offset: int = 0) -> Sequence[T]:
        """This page's part of `rows`, a list that starts at row `offset` of the directory.

        The events directory shows two tables (upcoming, then past) as one
        sequence of rows: the past table's slice is `items(past, len(upcoming))`.
        """
        start = max(0, self.start - offset)
        stop = max(0, self.stop - offset)
        return rows[start:stop]

    @property
    def previous(self) -> str | None:
        """The previous page's source path, if any."""
        return page_src(self.kind, self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        """The next page's source path, if any."""
        return page_src(self.kind, self.number + 1) if self.number < self.count else None

    @property
    def rows_file(self) -> str:
        """The directory's rows.json, relative to the site root."""
        return rows_path(self.kind)

    def links(self) -> list[PageLink]:
        """A compact set of page links: first, last, and neighbours of this one, gaps between.

        Every page stays reachable in a few steps without listing 250 links
        on each page.
        """
        wanted = {1, self.count}
        wanted.update(range(self.number - NEIGHBOURS, self.number + NEIGHBOURS + 1))
        shown = sorted(n for n in wanted if 1 <= n <= self.count)
        links: list[PageLink] = []
        for number in shown:
            if links and number - links[-1].number > 1:
                links.append(PageLink(0, ""))
            links.append(PageLink(number, page_src(self.kind, number), number == self.number))
        return links


def pagers(kind: str, total: int, size: int = PAGE_SIZE, options: str = "") -> list[Pager]:
    """One pager per page of a directory of `total` rows."""
    count = pages_needed(total, size)
    return [
        Pager(kind, number, count, total, size, options if count > 1 else "")
        for number in range(1, count + 1)
    ]
