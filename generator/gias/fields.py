"""A register row as the values of a school record's register fields.

Every value goes through the field's own rule from models.py, so an import
never writes what `check` would refuse: a value the rule refuses is left out
and reported. A blank in the register leaves the record's value alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..models import School, field_specs
from ..rules import RuleError
from .mapping import Mapped
from .register import Establishment

# The fields an import writes, in the order a new record lists them.
REGISTER_FIELDS = (
    "name",
    "urn",
    "phase",
    "type",
    "local_authority",
    "address",
    "postcode",
    "website",
    "phone",
    "trust",
    "status",
    "closed",
    "age_low",
    "age_high",
    "pupils",
    "register",
    "coordinates",
)
assert set(REGISTER_FIELDS) <= set(field_specs(School))


@dataclass
class Values:
    """A record's register values, and what was left out, in words."""

    values: dict[str, Any]
    refused: list[str] = field(default_factory=list)


def website(text: str) -> str:
    """The register often leaves out the scheme ('www.school.org.uk'): add https://."""
    if not text or "://" in text:
        return text
    return "https://" + text


def register_values(
    establishment: Establishment,
    mapped: Mapped,
    coordinates: tuple[float, float] | None,
    extract: date | None,
) -> Values:
    """The values an import writes for one establishment, each checked by its field's rule."""
    closing = mapped.status in ("closed", "closing")
    raw: dict[str, Any] = {
        "name": establishment.name,
        "urn": establishment.urn,
        "phase": mapped.phase,
        "type": mapped.type,
        "local_authority": establishment.la_name,
        "address": establishment.address,
        "postcode": establishment.postcode,
        "website": website(establishment.website),
        "phone": establishment.phone,
        "trust": establishment.trust,
        "status": mapped.status,
        "closed": establishment.closed if closing else None,
        "age_low": establishment.age_low,
        "age_high": establishment.age_high,
        "pupils": establishment.pupils,
        "register": extract,
    }
    result = Values({})
    specs = field_specs(School)
    for name, value in raw.items():
        if value is None or value == "":
            continue
        rule = specs[name].rule
        assert rule is not None
        text = value.isoformat() if isinstance(value, date) else str(value)
        try:
            result.values[name] = rule.parse(text)
        except RuleError as err:
            result.refused.append(f"{name} {err}")
    if coordinates is not None:
        lat, lon = coordinates
        result.values["coordinates"] = {"lat": round(lat, 5), "lon": round(lon, 5)}
    return result
