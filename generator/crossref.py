"""The second pass: checks that span records and files.

Runs over every record, public or not, so a mistake in a private record is
caught even though the public site never shows it.
"""

from __future__ import annotations

from collections.abc import Container, Iterator, Mapping
from typing import Any

from .models import KINDS, Network, School, field_specs
from .positions import Pos, Problem
from .rules import Ref, did_you_mean

Records = dict[str, list[Any]]
"""Records of each kind, by kind name, in file order."""


def subject(record: Any) -> str:
    """How messages name a record: "school 'hawes-side'"."""
    return f"{record.record_kind} '{record.id}'"


def duplicate_ids(records: Records) -> list[Problem]:
    """Each id names one record of its kind; the second use is the error."""
    problems = []
    for kind_name, items in records.items():
        seen: dict[str, Pos] = {}
        for record in items:
            pos = record.where["id"]
            if record.id == "index":
                problems.append(
                    Problem(
                        pos,
                        subject(record),
                        f"the id 'index' is reserved for the {KINDS[kind_name].plural} "
                        "directory page; choose another id",
                    )
                )
            if record.id in seen:
                first = seen[record.id]
                problems.append(
                    Problem(
                        pos,
                        subject(record),
                        f"duplicate id: another {kind_name} already uses it at "
                        f"{first}; give each {kind_name} its own id",
                    )
                )
            else:
                seen[record.id] = pos
    return problems


def duplicate_urns(schools: list[School]) -> list[Problem]:
    """A URN identifies one school in England."""
    problems = []
    seen: dict[str, School] = {}
    for school in schools:
        if school.urn is None:
            continue
        if school.urn in seen:
            problems.append(
                Problem(
                    school.where["urn"],
                    subject(school),
                    f"URN {school.urn} is already used by school '{seen[school.urn].id}' at "
                    f"{seen[school.urn].where['urn']}; check the URN",
                )
            )
        else:
            seen[school.urn] = school
    return problems


def _refs(obj: Any) -> Iterator[tuple[str, str, Pos, Any]]:
    """Every (kind, id, position, owner) reference held by a record or its parts."""
    for name, fspec in field_specs(type(obj)).items():
        value = getattr(obj, name)
        if value is None:
            continue
        values = value if fspec.many else [value]
        for index, item in enumerate(values):
            key = f"{name}[{index}]" if fspec.many else name
            if fspec.nested is not None:
                yield from _refs(item)
            elif isinstance(fspec.rule, Ref):
                yield fspec.rule.kind, item, obj.where.get(key, obj.where[""]), obj


def unknown_refs(
    records: Records,
    broken: Mapping[str, Container[str]],
    members_only: Mapping[str, Mapping[str, Pos]] | None = None,
) -> list[Problem]:
    """Every reference names an existing record of the right kind.

    `members_only`: where the members' folder's records are, by kind and id, when these
    `records` are the public files': a reference to one of them is named as such.
    """
    elsewhere = members_only or {}
    ids = {kind: {r.id for r in items} for kind, items in records.items()}
    problems = []
    for items in records.values():
        for record in items:
            for kind, ref_id, pos, _owner in _refs(record):
                if ref_id in ids[kind] or ref_id in broken.get(kind, set()):
                    continue
                filename = KINDS[kind].filename
                if ref_id in elsewhere.get(kind, {}):
                    problems.append(_names_members_only(record, pos, kind, ref_id, elsewhere))
                    continue
                # Never suggest a record refer to itself (a network its own parent).
                candidates = sorted(
                    ids[kind] - {record.id} if kind == record.record_kind else ids[kind]
                )
                problems.append(
                    Problem(
                        pos,
                        subject(record),
                        f"unknown {kind} '{ref_id}'{did_you_mean(ref_id, candidates)}; "
                        f"use the id of a {kind} in {filename} or add that {kind}",
                    )
                )
    return problems


def _names_members_only(
    record: Any, pos: Pos, kind: str, ref_id: str, elsewhere: Mapping[str, Mapping[str, Pos]]
) -> Problem:
    """A public record names a members-only one, which the public build cannot show."""
    return Problem(
        pos,
        subject(record),
        f"{kind} '{ref_id}' is members-only ({elsewhere[kind][ref_id]}), and a record in the "
        f"public files cannot name it; remove it here, and name it from the members' folder "
        f"(an entry of only 'id: {record.id}' and a list field adds to this "
        f"{record.record_kind} there), or move this {record.record_kind} to the members' folder",
    )


def parent_cycles(networks: list[Network]) -> list[Problem]:
    """Networks nest; following parents must end at a top-level network."""
    parents = {n.id: n.parent for n in networks}
    by_id = {n.id: n for n in networks}
    problems = []
    reported: set[str] = set()
    for network in networks:
        chain = [network.id]
        current = network.parent
        while current is not None and current in parents:
            if current in chain:
                loop = [*chain[chain.index(current) :], current]
                if not reported & set(loop):
                    # Blame a network inside the loop, not one that merely leads into it.
                    culprit = by_id[current]
                    problems.append(
                        Problem(
                            culprit.where["parent"],
                            subject(culprit),
                            f"parent networks form a loop ({' → '.join(loop)}); "
                            "remove 'parent' from one of them",
                        )
                    )
                    reported.update(loop)
                break
            chain.append(current)
            current = parents[current]
    return problems


def public_needs_public_owner(records: Records) -> list[Problem]:
    """A public record cannot depend on a private one (a policy's owner, an event's organiser).

    The public site could not say who owns or organises it without naming
    the private record, so the contributor must choose.
    """
    private = {kind: {r.id for r in items if not r.public} for kind, items in records.items()}
    problems = []
    for items in records.values():
        for record in items:
            if not record.public:
                continue
            for name, fspec in field_specs(type(record)).items():
                rule = fspec.rule
                if not (fspec.required and isinstance(rule, Ref)):
                    continue
                target = getattr(record, name)
                if target in private[rule.kind]:
                    problems.append(
                        Problem(
                            record.where[name],
                            subject(record),
                            f"is public but its {name}, {rule.kind} '{target}', is not; add "
                            f"'public: false' to this {record.record_kind} or make the "
                            f"{rule.kind} public",
                        )
                    )
    return problems


def check_all(
    records: Records,
    broken: Mapping[str, Container[str]],
    members_only: Mapping[str, Mapping[str, Pos]] | None = None,
) -> list[Problem]:
    """Every cross-record check, over all records, public or not (`members_only`: see
    unknown_refs)."""
    return [
        *duplicate_ids(records),
        *duplicate_urns(records["school"]),
        *unknown_refs(records, broken, members_only),
        *parent_cycles(records["network"]),
        *public_needs_public_owner(records),
    ]
