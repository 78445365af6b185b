"""Open data: the public records as CSV and JSON, one pair of files per kind.

Column names are the YAML field names (nested parts flattened with an
underscore, lists joined with '; '), plus `url`, the record's page. They are
derived from the declarations in `models`, so they stay stable and are
documented on the site's "Open data" page from the same source. Only what
the Site holds is written: the public build's Site has no private record or
private recommendation in it.

Spreadsheet formulas. A CSV cell that starts with `=`, `+`, `-` or `@` (or
a tab, carriage return or line feed, or the full-width `＝ ＋ － ＠` that
some spreadsheets read the same) can run as a formula when the file is
opened in Excel, LibreOffice or Google Sheets, e.g. `=HYPERLINK(...)`
or a DDE command. As OWASP's "CSV Injection" guidance says, every such
*text* cell is written with a single quote in front (`'=HYPERLINK(...)`), so
the spreadsheet shows it as text. That includes telephone numbers in the
international form: `+44 1253 761245` would otherwise be read as a sum
(and shown as an error), so `'+44 1253 761245` keeps it readable too.
Numbers are never text cells: coordinates, ratings and counts are written
as they are (`-1.6131` stays a number a spreadsheet can sort and map),
since a number cannot hold a formula. The JSON files hold every value
exactly as given, for programs that want the data rather than a
spreadsheet.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

from ..models import KINDS, Recommendation, Supplier, field_specs
from ..opendata_columns import RECOMMENDATION_COLUMNS, Column, columns
from ..site import Site, average_rating

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""Text starting with these could run as a spreadsheet formula (OWASP, CSV Injection)."""


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "where"):
        return {name: _plain(getattr(value, name)) for name in field_specs(type(value))}
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


def defused(text: str) -> str:
    """Text a spreadsheet shows as text, never runs: a quote before a formula's first character."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _cell(value: Any) -> str:
    """One CSV cell: a number as it is, any other value as defused text (see the module)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return defused(_text(value))


def _row(record: Any, cols: Sequence[Column]) -> dict[str, str]:
    row = {}
    for column in cols:
        value: Any = record
        for part in column.path:
            value = getattr(value, part) if value is not None else None
        row[column.name] = _cell(value)
    return row


def _json_list(name: str, lines: list[str]) -> bytes:
    """`{"name": [...]}` with one record per line: readable in a diff, and written by
    the JSON encoder's C code (an indented dump takes the slow Python path)."""
    body = ",\n".join(lines)
    return f'{{"{name}": [\n{body}\n]}}\n'.encode()


def _csv(header: list[str], rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


RecordRows = tuple[dict[str, str], str]
"""One record in its kind's open data: its CSV row, and its line of the JSON file."""
RowMaker = Callable[[Any], RecordRows]
"""Makes (or, in a live preview, finds kept) a record's `RecordRows`."""


def open_data(site: Site, url_of: Callable[[str, str], str]) -> dict[str, bytes]:
    """CSV and JSON files by path: data/<kind>.csv and .json, and data/recommendations.csv."""
    files: dict[str, bytes] = {}
    for name in KINDS:
        files.update(open_data_of(site, name, url_of))
    files.update(recommendations_data(site))
    return files


@cache
def _columns(name: str) -> tuple[Column, ...]:
    """A kind's columns, worked out once: every record's row asks."""
    return tuple(columns(KINDS[name].cls))


def record_rows(record: Any, name: str, url_of: Callable[[str, str], str]) -> RecordRows:
    """A record's CSV row and JSON line: made from the record alone (and its page's URL)."""
    url = url_of(name, record.id)
    row = _row(record, _columns(name))
    if isinstance(record, Supplier):
        row["average_rating"] = _cell(average_rating(record))
        row["recommendation_count"] = str(len(record.recommendations))
    row["url"] = url
    item = _plain(record)
    item.pop("public", None)
    for rec in item.get("recommendations", []):
        rec.pop("public", None)
    item["url"] = url
    return row, json.dumps(item, ensure_ascii=False)


def open_data_of(
    site: Site, name: str, url_of: Callable[[str, str], str], rows_of: RowMaker | None = None
) -> dict[str, bytes]:
    """One kind's CSV and JSON files, made from that kind's records alone (see kept_outputs).

    `rows_of`: a live preview's maker that keeps each record's rows (see
    `kept_outputs.KeptOutputs.parts_of`), so an edit to one school makes one
    row again, not 5,000.
    """
    kind = KINDS[name]
    records = sorted(site.records_of(name).values(), key=lambda r: r.id)
    made = [
        rows_of(record) if rows_of is not None else record_rows(record, name, url_of)
        for record in records
    ]
    header = [c.name for c in _columns(name)]
    extra = ["average_rating", "recommendation_count"] if name == "supplier" else []
    return {
        f"data/{kind.plural}.csv": _csv(header + extra + ["url"], [row for row, _ in made]),
        f"data/{kind.plural}.json": _json_list(kind.plural, [line for _, line in made]),
    }


def recommendations_data(site: Site) -> dict[str, bytes]:
    """data/recommendations.csv, made from the suppliers' records alone."""
    return {"data/recommendations.csv": _recommendations_csv(site)}


def _recommendations_csv(site: Site) -> bytes:
    rows = []
    cols = columns(Recommendation)
    for supplier in sorted(site.suppliers.values(), key=lambda s: s.id):
        for rec in sorted(supplier.recommendations, key=lambda r: (r.date, r.school)):
            rows.append({"supplier": supplier.id, **_row(rec, cols)})
    return _csv(RECOMMENDATION_COLUMNS, rows)
