"""`gias check`: every school with a URN compared with the register.

An unknown URN is an error (the record points at no school); a school the
register says closed or is to close, or whose name, postcode or local
authority differ, is a warning: the network decides what to do about it.
Each finding is a `Problem` at the field it concerns, read with the
project's own loader, so it prints like `check`'s messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..dates import long_date
from ..models import School
from ..positions import Pos, Problem
from ..project import Sources, load_records
from ..rules import Postcode, RuleError
from .mapping import status_of
from .register import Establishment, Register


@dataclass(frozen=True, order=True)
class Finding:
    """A difference from the register: an error, or a warning that does not fail the check."""

    problem: Problem
    error: bool


def project_schools(root: Path, content_dir: str = "content") -> list[School]:
    """The project's schools as the build reads them (records too broken to read are left out)."""
    records, _broken, _problems = load_records(Sources(root.resolve(), content_dir))
    return list(records["school"])


def compare(schools: list[School], register: Register) -> list[Finding]:
    """Every difference between the schools with a URN and the register, in file order."""
    found: list[Finding] = []
    name = Path(register.file).name
    for school in schools:
        if school.urn is None:
            continue
        establishment = register.establishments.get(school.urn)
        if establishment is None:
            found.append(_unknown(school, name))
            continue
        found += _differences(school, establishment, name)
    return sorted(found)


def _pos(school: School, field: str) -> Pos:
    return school.where.get(field, school.where[""])


def _subject(school: School) -> str:
    return f"school '{school.id}'"


def _fix(school: School, name: str) -> str:
    return f"run './dev gias import {name} --urn {school.urn}' to take the register's values"


def _unknown(school: School, name: str) -> Finding:
    message = (
        f"URN {school.urn} is not in the register ({name}); check the URN on Get Information "
        "about Schools, or for a school abroad give 'country' instead of 'urn'"
    )
    return Finding(Problem(_pos(school, "urn"), _subject(school), message), error=True)


def _differences(school: School, found: Establishment, name: str) -> list[Finding]:
    problems = []
    status = status_of(found)
    when = f" on {long_date(found.closed)}" if found.closed else ""
    if status == "closed" and school.status != "closed":
        problems.append(
            (
                "status",
                f"the register says it closed{when}; set 'status: closed' (its page will say so "
                f"and it leaves the directory) or {_fix(school, name)}",
            )
        )
    elif status == "closing" and school.status != "closing":
        problems.append(
            (
                "status",
                f"the register says it is open, but proposed to close{when}; "
                f"set 'status: closing' or {_fix(school, name)}",
            )
        )
    for field, ours, theirs in (
        ("name", school.name, found.name),
        ("postcode", school.postcode, _postcode(found.postcode)),
        ("local_authority", school.local_authority, found.la_name),
    ):
        if theirs and ours != theirs:
            problems.append(
                (
                    field,
                    f"{field} is '{ours or ''}' here but '{theirs}' in the register; "
                    f"correct it or {_fix(school, name)}",
                )
            )
    return [
        Finding(Problem(_pos(school, field), _subject(school), message), error=False)
        for field, message in problems
    ]


def _postcode(text: str) -> str:
    try:
        return Postcode().parse(text) if text else ""
    except RuleError:
        return text
