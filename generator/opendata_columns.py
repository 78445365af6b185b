"""The open data files' columns, declared once from the models.

Column names are the YAML field names (nested parts flattened with an
underscore), plus the extra columns each file adds. The writer
(`exports/opendata.py`) fills them and the site's "Open data" page
(`pages.py`) documents them from this one list, so the two cannot drift;
it sits before both in the flow, which is why it is not in `exports/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .models import KINDS, Recommendation, field_specs


@dataclass(frozen=True)
class Column:
    """One CSV column: its stable name, where its value sits in a record, what it means."""

    name: str
    path: tuple[str, ...]
    doc: str


def columns(cls: type[Any], prefix: tuple[str, ...] = ()) -> list[Column]:
    """Flat CSV columns of a record class: nested single parts become `part_field`."""
    found = []
    for name, fspec in field_specs(cls).items():
        if name == "public" or (fspec.nested is not None and fspec.many):
            continue
        path = (*prefix, name)
        if fspec.nested is not None:
            found += columns(fspec.nested, path)
        else:
            found.append(Column("_".join(path), path, fspec.doc))
    return found


RECOMMENDATION_COLUMNS = ["supplier", *(c.name for c in columns(Recommendation))]


def documented_columns() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(file, description, [(column, meaning)]) for the Open data page."""
    docs = []
    for name, kind in KINDS.items():
        cols = [(c.name, c.doc) for c in columns(kind.cls)]
        if name == "supplier":
            cols += [
                ("average_rating", "Mean of the public ratings, 1 to 5."),
                ("recommendation_count", "How many public recommendations it has."),
            ]
        cols.append(("url", "The record's page on this site."))
        docs.append((f"data/{kind.plural}.csv", f"One row per {name}.", cols))
    rec_cols = [("supplier", "The supplier's id.")]
    rec_cols += [(c.name, c.doc) for c in columns(Recommendation)]
    docs.append(("data/recommendations.csv", "One row per public recommendation.", rec_cols))
    return docs
