"""`gias import`: schools from the register into schools.yaml, added or brought up to date.

Register fields (fields.py) are written from the register; every other field
(id, networks, joined, summary, email, public, ...) is the network's own and
is never touched, nor are comments or the order of items. Data flows one way:
register rows → mapped values → edits of the file's text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..dates import long_date
from ..loader import YMap, YNode, YScalar, YSeq, parse_yaml
from ..models import School, field_specs
from .coordinates import to_lat_lon
from .fields import REGISTER_FIELDS, register_values
from .ids import new_id, taken_ids
from .mapping import Mapped, mapped
from .records_file import RecordsFile
from .register import Establishment, Register

# Where fields go in a record, as the sample writes them: the register's own
# after the contact details, before networks and the hand-written summary.
YAML_ORDER = (
    "id", "name", "urn", "country", "phase", "type", "local_authority", "address", "postcode",
    "website", "email", "phone", "trust", "status", "closed", "age_low", "age_high", "pupils",
    "register", "networks", "coordinates", "joined", "summary", "public",
)  # fmt: skip
assert set(YAML_ORDER) == set(field_specs(School))

QUOTED = ("urn", "phone")
"""Digits that YAML would read as a number: always written in double quotes."""


@dataclass
class Selection:
    """Which register rows to import: by URN, by local authority (name or code), or all."""

    urns: list[str] = field(default_factory=list)
    las: list[str] = field(default_factory=list)
    network: str | None = None

    def chooses(self, establishment: Establishment) -> bool:
        """Whether a row is among those asked for."""
        if self.urns and establishment.urn not in self.urns:
            return False
        wanted = {la.casefold() for la in self.las}
        return not wanted or bool(
            {establishment.la_name.casefold(), establishment.la_code.casefold()} & wanted
        )


@dataclass
class Outcome:
    """What an import did, in sentences, for the summary it prints."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unchanged: int = 0
    text: str = ""


@dataclass(frozen=True)
class Existing:
    """A record already in the file: its item's index and its fields as plain values."""

    index: int
    fields: dict[str, Any]


def existing_by_urn(text: str, file: str, records: RecordsFile) -> dict[str, Existing]:
    """Each URN in the file, to its item (read with the project's own loader, quick at scale)."""
    root, _problems = parse_yaml(text, file)
    by_line = {line: index for index, line in enumerate(records.first_lines)}
    found: dict[str, Existing] = {}
    if not isinstance(root, YSeq):
        return found
    for item in root.items:
        urn = item.items.get("urn") if isinstance(item, YMap) else None
        if isinstance(item, YMap) and isinstance(urn, YScalar) and item.pos.line in by_line:
            fields = {key: _plain(node) for key, node in item.items.items()}
            found.setdefault(urn.text.strip(), Existing(by_line[item.pos.line], fields))
    return found


def _plain(node: YNode) -> Any:
    """A loader node as text, lists and dicts: what `_same` compares with the register's values."""
    if isinstance(node, YScalar):
        return None if node.is_null else node.text
    if isinstance(node, YSeq):
        return [_plain(item) for item in node.items]
    return {key: _plain(value) for key, value in node.items.items()}


def run_import(root: Path, register: Register, selection: Selection) -> Outcome:
    """Import the selected rows into root/schools.yaml's text; the caller writes `text`."""
    path = root / "schools.yaml"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    records = RecordsFile(text, "schools.yaml")
    existing = existing_by_urn(text, "schools.yaml", records)
    outcome = Outcome()
    chosen = _chosen(register, selection, existing, outcome)
    grid = [
        (e.easting, e.northing)
        for e, _ in chosen
        if e.easting is not None and e.northing is not None
    ]
    converted = dict(zip(grid, to_lat_lon(grid), strict=True))
    taken = taken_ids(root)
    for establishment, choice in chosen:
        where = converted.get((establishment.easting or 0.0, establishment.northing or 0.0))
        values = register_values(establishment, choice, where, register.extract_date)
        refused = "".join(f"; left out {what}" for what in values.refused)
        known = existing.get(establishment.urn)
        if known is None:
            mapping = _new_record(establishment, values.values, taken, selection.network)
            records.add(mapping)
            outcome.added.append(
                f"added '{establishment.name}' (URN {establishment.urn}) as {mapping['id']}"
                + refused
            )
            continue
        # Only a record that differs goes through ruamel's (slower) round trip.
        if not _differences(known.fields, values.values, selection.network):
            outcome.unchanged += 1
            continue
        mapping = records.load(known.index)
        changes = _update(mapping, values.values, selection.network)
        if changes:
            records.replace(known.index, mapping)
            outcome.changed.append(
                f"changed {mapping.get('id')} (URN {establishment.urn}): "
                + "; ".join(changes)
                + refused
            )
        else:
            outcome.unchanged += 1
    outcome.text = records.text()
    return outcome


def _chosen(
    register: Register, selection: Selection, existing: Mapping[str, Existing], outcome: Outcome
) -> list[tuple[Establishment, Mapped]]:
    for urn in selection.urns:
        if urn not in register.establishments:
            outcome.skipped.append(
                f"skipped URN {urn}: it is not in the register ({Path(register.file).name})"
            )
    chosen = []
    for establishment in register.establishments.values():
        if not selection.chooses(establishment):
            continue
        label = f"'{establishment.name}' (URN {establishment.urn})"
        choice = mapped(establishment)
        if isinstance(choice, str):
            outcome.skipped.append(f"skipped {label}: {choice}")
            continue
        new = establishment.urn not in existing
        if new and choice.status == "closed" and establishment.urn not in selection.urns:
            when = f" on {long_date(establishment.closed)}" if establishment.closed else ""
            outcome.skipped.append(
                f"skipped {label}: it closed{when}; pass --urn {establishment.urn} to add it anyway"
            )
            continue
        chosen.append((establishment, choice))
    return chosen


def _scalar(name: str, value: Any) -> Any:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(value) if name in QUOTED else value


def _new_record(
    establishment: Establishment, values: dict[str, Any], taken: set[str], network: str | None
) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    record = CommentedMap()
    record["id"] = new_id(establishment.name, establishment.town, establishment.urn, taken)
    for name in REGISTER_FIELDS:
        if name == "status" and values.get(name) == "open":
            continue  # open is what a record without status means
        if name == "coordinates" and name in values:
            record[name] = CommentedMap(values[name])
        elif name in values:
            record[name] = _scalar(name, values[name])
    if network:
        _put(record, "networks", CommentedSeq([network]))
    return record


def _differences(
    current: Mapping[str, Any], values: dict[str, Any], network: str | None
) -> list[tuple[str, Any, Any]]:
    """Each register field whose value differs from the record's: (name, old, new)."""
    found = []
    for name in REGISTER_FIELDS:
        if name not in values or name == "register":
            continue
        new = values[name]
        if name == "status" and new == "open" and name not in current:
            continue
        old = current.get(name)
        if not _same(name, old, new):
            found.append((name, old, new))
    if network and network not in (current.get("networks") or []):
        found.append(("networks", None, network))
    return found


def _update(mapping: Any, values: dict[str, Any], network: str | None) -> list[str]:
    """Bring a record's register fields up to date; the changes, in words."""
    changes = []
    for name, old, new in _differences(mapping, values, network):
        if name == "networks":
            _add_network(mapping, network or new)
            changes.append(f"joined network {new}")
            continue
        changes.append(_change(name, old, new))
        _put(mapping, name, _scalar(name, new) if name != "coordinates" else _coords(new))
    if changes and "register" in values:
        _put(mapping, "register", values["register"])
    return changes


def _coords(value: dict[str, float]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap(value)


def _same(name: str, old: Any, new: Any) -> bool:
    if old is None:
        return False
    if name == "coordinates":
        try:
            return bool(
                abs(float(old["lat"]) - new["lat"]) < 1e-4
                and abs(float(old["lon"]) - new["lon"]) < 1e-4
            )
        except (KeyError, TypeError, ValueError):
            return False
    if name == "phone":
        return _digits(str(old)) == _digits(str(new))
    if name == "website":
        return _site(str(old)) == _site(str(new))
    return str(old) == str(new)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _site(text: str) -> str:
    return text.split("://", 1)[-1].rstrip("/").casefold()


def _change(name: str, old: Any, new: Any) -> str:
    def shown(value: Any) -> str:
        if isinstance(value, dict):
            return f"{value['lat']}, {value['lon']}"
        return f"'{value}'" if isinstance(value, str) else str(value)

    if old is None:
        return f"{name} set to {shown(new)}"
    return f"{name} {shown(old)} → {shown(new)}"


def _put(mapping: Any, name: str, value: Any) -> None:
    """Set a field, a new one placed after the fields that come before it in the model."""
    if name in mapping:
        mapping[name] = value
        return
    before = set(YAML_ORDER[: YAML_ORDER.index(name)])
    keys = list(mapping.keys())
    place = max((i + 1 for i, key in enumerate(keys) if key in before), default=len(keys))
    mapping.insert(place, name, value)


def _add_network(mapping: Any, network: str) -> None:
    from ruamel.yaml.comments import CommentedSeq

    networks = mapping.get("networks")
    if networks is None:
        _put(mapping, "networks", CommentedSeq([network]))
    else:
        networks.append(network)
