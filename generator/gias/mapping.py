"""The register's phases, types and statuses, as the project's choices (models.py).

Only what maps without guessing is mapped: a type such as "Further education"
or "Welsh establishment" has no counterpart among the project's types, so a
school of that type is reported and left out rather than filed under the
nearest choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import PHASES, SCHOOL_STATUSES, SCHOOL_TYPES
from ..rules import article
from .register import Establishment

PHASE_OF = {
    "Nursery": "nursery",
    "Primary": "primary",
    "Middle deemed primary": "middle",
    "Middle deemed secondary": "middle",
    "Secondary": "secondary",
    "16 plus": "post-16",
    "All-through": "all-through",
}

TYPE_OF = {
    "Community school": "community",
    "Community special school": "community",
    "Foundation school": "foundation",
    "Foundation special school": "foundation",
    "Voluntary aided school": "voluntary aided",
    "Voluntary controlled school": "voluntary controlled",
    "Academy sponsor led": "academy",
    "Academy converter": "academy",
    "Academy special sponsor led": "academy",
    "Academy special converter": "academy",
    "Academy alternative provision converter": "academy",
    "Academy alternative provision sponsor led": "academy",
    "Academy 16-19 converter": "academy",
    "Academy 16 to 19 sponsor led": "academy",
    "Free schools": "free school",
    "Free schools special": "free school",
    "Free schools alternative provision": "free school",
    "Free schools 16 to 19": "free school",
    "Studio schools": "studio school",
    "University technical college": "university technical college",
    "Pupil referral unit": "pupil referral unit",
    "Other independent school": "independent",
    "Other independent special school": "independent",
    "LA nursery school": "maintained nursery",
}

# Types whose phase the register gives as "Not applicable": the type says it.
PHASE_FROM_TYPE = {
    "Community special school": "special",
    "Foundation special school": "special",
    "Academy special sponsor led": "special",
    "Academy special converter": "special",
    "Free schools special": "special",
    "Other independent special school": "special",
    "Pupil referral unit": "alternative provision",
    "Academy alternative provision converter": "alternative provision",
    "Academy alternative provision sponsor led": "alternative provision",
    "Free schools alternative provision": "alternative provision",
}

STATUS_OF = {
    "Open": "open",
    "Open, but proposed to close": "closing",
    "Closed": "closed",
    "Proposed to open": "proposed",
}

assert set(PHASE_OF.values()) | set(PHASE_FROM_TYPE.values()) <= set(PHASES)
assert set(TYPE_OF.values()) <= set(SCHOOL_TYPES)
assert set(STATUS_OF.values()) <= set(SCHOOL_STATUSES)


@dataclass(frozen=True)
class Mapped:
    """The project's phase, type and status for one establishment."""

    phase: str
    type: str
    status: str


def mapped(establishment: Establishment) -> Mapped | str:
    """The project's choices for an establishment, or why it has none, in words."""
    kind = TYPE_OF.get(establishment.type)
    if kind is None:
        return (
            f"its type '{establishment.type or 'none given'}' has no match among the "
            "project's types; add it by hand if it belongs in the directory"
        )
    phase = PHASE_FROM_TYPE.get(establishment.type) or PHASE_OF.get(establishment.phase)
    if phase is None:
        given = f"phase '{establishment.phase}'" if establishment.phase else "no phase"
        return (
            f"the register gives {given} for {article(establishment.type)} "
            f"'{establishment.type}', which matches none "
            "of the project's phases; add it by hand with the phase it teaches"
        )
    status = STATUS_OF.get(establishment.status)
    if status is None:
        return (
            f"its status '{establishment.status or 'none given'}' is not one the register "
            "documents; check the register file"
        )
    return Mapped(phase, kind, status)


def status_of(establishment: Establishment) -> str | None:
    """The project's status for the register's, or None when the register's is unknown."""
    return STATUS_OF.get(establishment.status)
