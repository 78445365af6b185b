"""Reading the GIAS register: the Department for Education's CSV of every establishment.

Get Information about Schools publishes `edubasealldata<YYYYMMDD>.csv` daily,
Windows-1252 encoded, one row per establishment (open and closed), under the
Open Government Licence v3.0. Only the columns in `USED` are read; the rest
of its 130-odd columns are ignored, so a new column does not break the import.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ENCODING = "cp1252"
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."

# The columns this project reads, as the register names them.
USED = (
    "URN",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (name)",
    "PhaseOfEducation (name)",
    "LA (code)",
    "LA (name)",
    "Street",
    "Locality",
    "Address3",
    "Town",
    "County (name)",
    "Postcode",
    "SchoolWebsite",
    "TelephoneNum",
    "EstablishmentStatus (name)",
    "OpenDate",
    "CloseDate",
    "StatutoryLowAge",
    "StatutoryHighAge",
    "NumberOfPupils",
    "Easting",
    "Northing",
    "Trusts (name)",
)

# Values the register uses for "nothing recorded" in text columns.
NOT_RECORDED = {"", "Not applicable", "Not recorded", "Does not apply"}


class RegisterError(Exception):
    """A register file that cannot be read: the message is `file:line:column: …; fix`."""


@dataclass(frozen=True, slots=True)
class Establishment:
    """One row of the register, with the values this project uses."""

    urn: str
    name: str
    type: str
    type_group: str
    phase: str
    la_code: str
    la_name: str
    address: str
    town: str
    postcode: str
    website: str
    phone: str
    status: str
    opened: date | None
    closed: date | None
    age_low: int | None
    age_high: int | None
    pupils: int | None
    easting: float | None
    northing: float | None
    trust: str
    line: int


@dataclass(frozen=True)
class Register:
    """Every establishment in one extract, by URN, and the extract's date when its name gives it."""

    file: str
    establishments: dict[str, Establishment]
    extract_date: date | None


def extract_date(path: Path) -> date | None:
    """The date in a name like edubasealldata20261130.csv: the day the register was published."""
    found = re.search(r"(\d{4})(\d{2})(\d{2})", path.name)
    if not found:
        return None
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:
        return None


def read_register(path: Path) -> Register:
    """Read a register extract as it is published (cp1252), every row by URN."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise RegisterError(
            f"{path}:1:1: register: cannot be read ({err.strerror}); "
            "download edubasealldata<YYYYMMDD>.csv from Get Information about Schools"
        ) from err
    text = _decode(data, path)
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows, None)
    if header is None:
        raise RegisterError(f"{path}:1:1: register: the file is empty; download it again")
    index = _column_index(header, path)
    found: dict[str, Establishment] = {}
    for line, row in enumerate(rows, start=2):
        if row:
            establishment = _establishment(row, index, line)
            found[establishment.urn] = establishment
    return Register(str(path), found, extract_date(path))


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode(ENCODING)
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise RegisterError(
            f"{path}:{line}:{column}: register: byte 0x{data[err.start]:02X} is not Windows-1252 "
            "text; use the CSV exactly as Get Information about Schools publishes it"
        ) from err


def _column_index(header: list[str], path: Path) -> dict[str, int]:
    index = {name.strip().lstrip("\ufeff"): number for number, name in enumerate(header)}
    missing = [name for name in USED if name not in index]
    if missing:
        names = ", ".join(f"'{name}'" for name in missing)
        raise RegisterError(
            f"{path}:1:1: register: column{'s' if len(missing) > 1 else ''} {names} missing; "
            "use the 'all establishment data' CSV (edubasealldata<YYYYMMDD>.csv)"
        )
    return index


def _establishment(row: list[str], index: dict[str, int], line: int) -> Establishment:
    def cell(name: str) -> str:
        number = index[name]
        value = row[number].strip() if number < len(row) else ""
        return "" if value in NOT_RECORDED else value

    address = ", ".join(
        part
        for part in (cell(n) for n in ("Street", "Locality", "Address3", "Town", "County (name)"))
        if part
    )
    return Establishment(
        urn=cell("URN"),
        name=cell("EstablishmentName"),
        type=cell("TypeOfEstablishment (name)"),
        type_group=cell("EstablishmentTypeGroup (name)"),
        phase=cell("PhaseOfEducation (name)"),
        la_code=cell("LA (code)"),
        la_name=cell("LA (name)"),
        address=address,
        town=cell("Town"),
        postcode=cell("Postcode"),
        website=cell("SchoolWebsite"),
        phone=cell("TelephoneNum"),
        status=cell("EstablishmentStatus (name)"),
        opened=_day(cell("OpenDate")),
        closed=_day(cell("CloseDate")),
        age_low=_whole(cell("StatutoryLowAge")),
        age_high=_whole(cell("StatutoryHighAge")),
        pupils=_whole(cell("NumberOfPupils")),
        easting=_grid(cell("Easting")),
        northing=_grid(cell("Northing")),
        trust=cell("Trusts (name)"),
        line=line,
    )


def _day(text: str) -> date | None:
    """A dd-mm-yyyy date, or None when blank or not a date."""
    parts = text.split("-")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return None
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None


def _whole(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _grid(text: str) -> float | None:
    """A grid reference in metres; blank or 0 means the register does not know."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value > 0 else None
