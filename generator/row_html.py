"""A directory's table row as the page shows it, drawn from the row's data.

The row data is what columns.py makes from each directory's declaration,
and what a paginated directory's rows.json holds; directory.js draws rows
from rows.json with the same rules (its `draw` and `appendParts`), so a row
on the page and a row the script draws read alike. Only the links differ:
rows.json's are relative to rows.json, the page's to the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from markupsafe import Markup, escape

from .columns import SEP, Directory, Part
from .urls import depth


@dataclass(frozen=True)
class Rebase:
    """Turns a link relative to rows.json into one relative to the page that shows the row.

    Links climb to the site root and descend (urls.relative), so this drops
    rows.json's climb and puts the page's in its place.
    """

    up: str
    cut: int

    @classmethod
    def between(cls, rows_url: str, page: str) -> Rebase:
        """From the rows.json at `rows_url` to the page at URL `page`."""
        return cls("../" * depth(page), 3 * depth(rows_url))

    def href(self, href: str) -> str:
        """The link from the page."""
        return self.up + href[self.cut :]


def row_html(
    directory: Directory, row: Sequence[Any], refs: Sequence[Sequence[str]], rebase: Rebase
) -> Markup:
    """A table row from its data, as the page shows it: `<tr>` and one line per cell."""
    count = len(directory.fields)
    lines = [f"<tr{_attributes(directory, row, refs)}>"]
    for cell, label in zip(row[count:], _labels(directory), strict=True):
        if isinstance(cell, list):
            sort = "" if cell[0] is None else f' data-sort-value="{escape(cell[0])}"'
            lines.append(f"<td{label}{sort}>{_parts(cell[1:], refs, rebase)}</td>")
        else:
            text = row[cell] if isinstance(cell, int) else cell
            lines.append(f"<td{label}>{escape(text)}</td>")
    lines.append("</tr>")
    return Markup("\n".join(lines))


@cache
def _labels(directory: Directory) -> tuple[str, ...]:
    """Each cell's `data-label`: its column's header, which a phone shows beside the value
    when the rows become cards (schoolnet.css), as the header row is not shown there."""
    return tuple(f' data-label="{escape(column.header)}"' for column in directory.columns)


def _attributes(directory: Directory, row: Sequence[Any], refs: Sequence[Sequence[str]]) -> str:
    """The row's class and data-* attributes, in field order."""
    out = []
    for item, value in zip(directory.fields, row, strict=False):
        if item.kind == "table" or (item.optional and not value):
            continue
        if item.kind == "class":
            out.append(f' class="{escape(value)}"')
        elif item.kind == "refs":
            ids = SEP.join(refs[i][0] for i in value)
            names = SEP.join(refs[i][1].replace(SEP, "/") for i in value)
            out.append(f' data-{item.key}="{escape(ids)}" data-{item.key}-label="{escape(names)}"')
        else:
            out.append(f' data-{item.key}="{escape(value)}"')
    return "".join(out)


def _parts(parts: Sequence[Part], refs: Sequence[Sequence[str]], rebase: Rebase) -> str:
    """A cell's parts as HTML; directory.js's appendParts draws the same."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(escape(part))
        elif part[0] == "a":
            out.append(f'<a href="{escape(rebase.href(part[1]))}">{escape(part[2])}</a>')
        elif part[0] == "r":
            _id, name, href = refs[part[1]]
            out.append(f'<a href="{escape(rebase.href(href))}">{escape(name)}</a>')
        elif part[0] == "b":
            badge = f"sn-badge sn-badge--{part[1]}" if part[1] else "sn-badge"
            out.append(f'<span class="{badge}">{escape(part[2])}</span>')
        elif part[0] == "w":
            out.append(f'<span class="sn-wide">{_parts(part[1:], refs, rebase)}</span>')
        else:
            raise ValueError(f"unknown cell part {part!r}")
    return "".join(out)
