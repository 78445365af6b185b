"""Turn positioned YAML trees into typed records, collecting every problem.

The field declarations in `models.py` drive this module: it knows nothing
about schools or suppliers except the few record-level rules at the bottom
(a school in England needs a URN, an event must end after it starts).
Nothing stops at the first error: each record is checked in full and the
caller gets every problem at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .loader import YMap, YNode, YScalar, YSeq
from .models import Event, FieldSpec, Kind, Policy, Recommendation, School, Sla, field_specs
from .positions import Pos, Problem
from .repeats import series
from .rules import (
    LAST_DAY,
    MAX_OCCURRENCES,
    Bool,
    Integer,
    Number,
    RuleError,
    did_you_mean,
    plain_characters,
)


@dataclass
class Parsed:
    """The records of one file, plus the ids of records too broken to build.

    Broken ids are kept so that a reference to them is not reported again
    as "unknown": one mistake gives one message.
    """

    records: list[Any] = field(default_factory=list)
    broken_ids: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    unreadable: bool = False
    """True when the file is not a list of records at all."""


class _Builder:
    """Builds one record (and its nested parts), noting problems against `subject`."""

    def __init__(self, subject: str, problems: list[Problem]) -> None:
        self.subject = subject
        self.problems = problems

    def problem(self, pos: Pos, message: str) -> None:
        self.problems.append(Problem(pos, self.subject, message))

    def build(self, cls: type[Any], node: YNode, label: str) -> Any | None:
        """Build `cls` from a mapping node; None when something required is unusable."""
        if not isinstance(node, YMap):
            self.problem(node.pos, f"{label} must be a set of 'field: value' lines")
            return None
        specs = field_specs(cls)
        for key in node.items:
            if key not in specs:
                self.problem(
                    node.key_pos[key],
                    f"unknown field {key!r}{did_you_mean(key, list(specs))}; "
                    f"allowed fields are: {', '.join(specs)}",
                )
        values: dict[str, Any] = {}
        where: dict[str, Pos] = {"": node.pos}
        complete = True
        for name, fspec in specs.items():
            value_node = node.items.get(name)
            if value_node is None or (isinstance(value_node, YScalar) and value_node.is_null):
                if not fspec.required:
                    continue
                complete = False
                if value_node is None:
                    form = _form(fspec)
                    self.problem(
                        node.pos, f"missing required field '{name}'; add '{name}: …' ({form})"
                    )
                else:
                    self.problem(value_node.pos, f"'{name}' is empty; give {_form(fspec)}")
                continue
            where[name] = value_node.pos
            ok, value = self.value(fspec, value_node, name, where)
            if ok:
                values[name] = value
            elif fspec.required:
                complete = False
        if not complete:
            return None
        return cls(**values, where=where)

    def value(
        self, fspec: FieldSpec, node: YNode, name: str, where: dict[str, Pos]
    ) -> tuple[bool, Any]:
        if not fspec.many:
            return self.single(fspec, node, name)
        if not isinstance(node, YSeq):
            self.problem(node.pos, f"'{name}' must be a list; write each item on its own '- ' line")
            return False, None
        items = []
        ok_all = True
        for index, item in enumerate(node.items):
            where[f"{name}[{index}]"] = item.pos
            ok, value = self.single(fspec, item, f"{name}[{index + 1}]")
            if ok:
                items.append(value)
            ok_all = ok_all and ok
        return ok_all or not fspec.required, items

    def single(self, fspec: FieldSpec, node: YNode, name: str) -> tuple[bool, Any]:
        if fspec.nested is not None:
            built = self.build(fspec.nested, node, f"'{name}'")
            return built is not None, built
        if isinstance(node, YScalar) and node.reported:
            return False, None
        if not isinstance(node, YScalar):
            self.problem(
                node.pos, f"'{name}' must be a single value, not a list or mapping; {_form(fspec)}"
            )
            return False, None
        assert fspec.rule is not None
        if not node.plain and isinstance(fspec.rule, Bool | Integer | Number):
            self.problem(
                node.pos,
                f"'{name}' must be written without quotes, got {node.text!r} in quotes; "
                f"write {_form(fspec)}",
            )
            return False, None
        try:
            return True, fspec.rule.parse(plain_characters(node.text))
        except RuleError as err:
            self.problem(node.pos, f"{name} {err}")
            return False, None


def _form(fspec: FieldSpec) -> str:
    if fspec.nested is not None:
        return "a set of fields: " + ", ".join(field_specs(fspec.nested))
    assert fspec.rule is not None
    return fspec.rule.describe()


def _record_id(node: YNode) -> str | None:
    if isinstance(node, YMap):
        id_node = node.items.get("id")
        if isinstance(id_node, YScalar) and not id_node.is_null:
            return id_node.text.strip()
    return None


def parse_records(kind: Kind, root: YNode | None, file: str, first_index: int = 1) -> Parsed:
    """Build every record of one kind's file, checking fields and record rules.

    `first_index`: the number of the first item, when `root` is part of a file.
    """
    parsed = Parsed()
    if root is None:
        return parsed
    if not isinstance(root, YSeq):
        parsed.problems.append(
            Problem(
                root.pos,
                "",
                f"{file} must be a list of {kind.plural}, each starting with '- id: …'",
            )
        )
        parsed.unreadable = True
        return parsed
    for index, node in enumerate(root.items, start=first_index):
        record_id = _record_id(node)
        subject = f"{kind.name} {record_id!r}" if record_id else f"{kind.name} #{index}"
        builder = _Builder(subject, parsed.problems)
        record = builder.build(kind.cls, node, f"each entry in {file}")
        if record is None:
            if record_id:
                parsed.broken_ids.add(record_id)
            continue
        for pos, message in record_rules(record):
            builder.problem(pos, message)
        parsed.records.append(record)
    return parsed


def record_rules(record: Any) -> list[tuple[Pos, str]]:
    """Rules that span fields of one record; cross-record rules live in crossref."""
    if isinstance(record, School):
        return _school_rules(record)
    if isinstance(record, Event):
        return _event_rules(record)
    if isinstance(record, Policy):
        return _policy_rules(record)
    if hasattr(record, "recommendations"):
        found: list[tuple[Pos, str]] = []
        for rec in record.recommendations:
            found += _recommendation_rules(rec)
        return found
    return []


def _at(record: Any, name: str) -> Pos:
    where: dict[str, Pos] = record.where
    return where.get(name, where[""])


def _school_rules(school: School) -> list[tuple[Pos, str]]:
    found = []
    abroad = school.country is not None and school.country not in (
        "England",
        "United Kingdom",
        "UK",
    )
    if abroad:
        for name in ("urn", "postcode", "local_authority"):
            if getattr(school, name) is not None:
                found.append(
                    (
                        _at(school, name),
                        f"{name} is for schools in England, but country is "
                        f"'{school.country}'; remove {name} or remove country",
                    )
                )
    else:
        # A field given but invalid is already reported; only report it missing.
        if "urn" not in school.where:
            found.append(
                (
                    _at(school, ""),
                    "urn is required for a school in England; add 'urn: \"123456\"' "
                    "or, for a partner school abroad, give 'country' instead",
                )
            )
        if "local_authority" not in school.where:
            found.append(
                (
                    _at(school, ""),
                    "local_authority is required for a school in England; "
                    "add e.g. 'local_authority: Northumberland'",
                )
            )
    low, high = school.age_low, school.age_high
    if low is not None and high is not None and low > high:
        found.append(
            (
                _at(school, "age_high"),
                f"age_high {high} is below age_low {low}; swap them or copy both from the register",
            )
        )
    return found


def _event_rules(event: Event) -> list[tuple[Pos, str]]:
    found = []
    if event.end <= event.start:
        found.append(
            (
                _at(event, "end"),
                f"end ({event.end:%Y-%m-%d %H:%M}) must be after start "
                f"({event.start:%Y-%m-%d %H:%M}); correct one of them",
            )
        )
    if "venue" not in event.where and "online" not in event.where:
        found.append(
            (
                _at(event, ""),
                "an event needs a 'venue' or an 'online' joining link (or both); add one",
            )
        )
    if event.repeat is not None and event.end > event.start:
        found += [(_at(event, "repeat"), message) for message in _series_problems(event)]
    return found


def _series_problems(event: Event) -> list[str]:
    """What is wrong with the meetings a repeat rule gives, counted as the build counts them."""
    meetings = series(event)
    if meetings.too_many:
        return [
            f"repeat gives more than {MAX_OCCURRENCES} dates; add COUNT=… (at most "
            f"{MAX_OCCURRENCES}) or an earlier UNTIL, or split the series into several events"
        ]
    if meetings.too_late:
        return [
            f"repeat gives dates after {LAST_DAY}, the last date this site accepts; "
            "lower COUNT or give an earlier UNTIL"
        ]
    if not meetings.starts:
        return [
            f"repeat gives no dates from the start ({event.start:%Y-%m-%d}) on; check UNTIL "
            "and that the BYDAY, BYMONTHDAY and BYMONTH parts can meet (30 February never does)"
        ]
    return []


def _policy_rules(policy: Policy) -> list[tuple[Pos, str]]:
    if policy.adopted and policy.review_due and policy.review_due <= policy.adopted:
        return [
            (
                _at(policy, "review_due"),
                f"review_due ({policy.review_due}) must be after adopted "
                f"({policy.adopted}); correct one of them",
            )
        ]
    return []


def _recommendation_rules(rec: Recommendation) -> list[tuple[Pos, str]]:
    sla: Sla | None = rec.sla
    if sla and sla.start and sla.review and sla.review <= sla.start:
        return [
            (
                _at(sla, "review"),
                f"sla review ({sla.review}) must be after its start ({sla.start}); "
                "correct one of them",
            )
        ]
    return []
