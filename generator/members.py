"""The members' folder: records only the members' build shows, kept out of the public repository.

A network's private records (a school not yet announced, a closed working
group, a school's confidential note on a supplier) live in a folder of their
own, normally a separate private repository checked out beside the public
one (`members_folder` in mkdocs.yml; docs/members.md). It holds the same
files with the same fields: `schools.yaml`, `networks.yaml`,
`policies.yaml`, `events.yaml`, `suppliers.yaml` (any of them may be
missing) and bodies under `content/<kind>/<id>.md`.

The rules of the merge, which only the members' build makes:

- an entry with an id no public record of its kind has is a members-only
  record, added as it is (`public: false` is implied; `public: true` is an
  error, since the record is never published);
- an entry that gives only `id` and list fields (for a supplier, its
  `recommendations`; for a school, `networks`) adds those items to the
  public record of that id: a school's confidential note on a public
  supplier, or a public school's place in a members-only network;
- any other entry with the id of a public record is an error: a record is
  either public or members-only.

Public records may not name a members-only one (the public build could not
resolve it, and the public repository would carry its id); crossref says so
with the members' file's position. A setting (`private_in_public: refuse`)
refuses `public: false` in the public files, so a slip cannot put private
data in the public repository.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Container, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .files import refuse_file
from .loader import YMap, YSeq, read_yaml
from .models import KINDS, Kind, field_specs, where_field
from .positions import Pos, Problem
from .rules import did_you_mean
from .validate import Parsed, parse_records

Records = dict[str, list[Any]]
"""Records of each kind, by kind name, in file order."""

MEMBERS_DOC = "docs/members.md"
"""Where the two-repository setup is explained, for messages."""


def _additions_class(kind: Kind) -> type[Any]:
    """A record of only `id` and the kind's list fields: a members' entry that adds to a
    public record. Its fields are the kind's own declarations, so they validate alike."""
    own = {f.name: f for f in dataclasses.fields(kind.cls)}
    many = [name for name, fspec in field_specs(kind.cls).items() if fspec.many]
    fields: list[Any] = [("id", str, dataclasses.field(metadata=own["id"].metadata))]
    fields += [
        (name, list[Any], dataclasses.field(default_factory=list, metadata=own[name].metadata))
        for name in many
    ]
    fields.append(("where", dict[str, Pos], where_field()))
    return dataclasses.make_dataclass(
        f"{kind.cls.__name__}Additions",
        fields,
        namespace={"record_kind": kind.name},
        frozen=True,
        kw_only=True,
    )


ADDITIONS: dict[str, Kind] = {
    name: dataclasses.replace(kind, cls=_additions_class(kind)) for name, kind in KINDS.items()
}
"""Per kind, the same kind read as additions to a public record (see _additions_class)."""


def list_fields(kind: str) -> list[str]:
    """The fields a members' entry may add to a public record of this kind."""
    return [name for name in field_specs(ADDITIONS[kind].cls) if name != "id"]


@dataclass
class MembersFiles:
    """What the members' folder holds, read and checked field by field."""

    records: Records = field(default_factory=dict)
    """Members-only records (marked `public: false`), by kind."""
    additions: Records = field(default_factory=dict)
    """Entries that add list items to a public record, by kind."""
    broken: dict[str, set[str]] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)
    """Kinds whose members' file could not be read at all."""
    problems: list[Problem] = field(default_factory=list)


def members_file(folder: str, kind: Kind) -> str:
    """A kind's file in the members' folder, as messages name it."""
    return f"{folder}/{kind.filename}"


def misplaced(folder: str, content_dir: str) -> Problem | None:
    """Why the members' folder cannot be where it is set, or None.

    Inside the content folder MkDocs would copy its files into the public
    site as they are: refused. It must also lie inside the project.
    """
    if PurePosixPath(folder).is_absolute() or ".." in PurePosixPath(folder).parts:
        return Problem(
            Pos("mkdocs.yml"),
            "",
            f"members_folder '{folder}' is outside the project folder; check out the "
            "members' repository inside it (e.g. 'members') and set members_folder to that",
        )
    inside = PurePosixPath(folder)
    if inside == PurePosixPath("."):
        return Problem(
            Pos("mkdocs.yml"),
            "",
            f"members_folder '{folder}' is the project folder itself; give the folder the "
            "members' repository is checked out in, e.g. 'members'",
        )
    content = PurePosixPath(content_dir)
    if inside == content or content in inside.parents:
        return Problem(
            Pos("mkdocs.yml"),
            "",
            f"members_folder '{folder}' is inside the content folder '{content_dir}', whose "
            "files MkDocs publishes as they are; move it beside mkdocs.yml, e.g. 'members'",
        )
    return None


def missing_folder(folder: str) -> Problem:
    """The members' build was asked for, but the members' folder is not there."""
    return Problem(
        Pos(folder),
        "",
        "the members' folder is missing, so the members' site cannot be built; check out "
        f"the members' repository into '{folder}' (see {MEMBERS_DOC}), or build the public "
        "site (without --members)",
    )


def read_members(root: Path, folder: str) -> MembersFiles:
    """Read every record file of the members' folder; a missing file has no records."""
    found = MembersFiles()
    for name, kind in KINDS.items():
        file = members_file(folder, kind)
        found.records[name], found.additions[name], found.broken[name] = [], [], set()
        refused = refuse_file(root, file)
        if refused is not None:
            found.problems.append(refused)
            found.unreadable.add(name)
            continue
        tree, problems = read_yaml(root / file, file)
        found.problems += problems
        if tree is None and problems:
            found.unreadable.add(name)
            continue
        _parse(kind, tree, file, found)
    return found


def _is_addition(kind: Kind, node: Any) -> bool:
    """An entry of only `id` and list fields: it adds to a public record (see module doc)."""
    if not isinstance(node, YMap) or "id" not in node.items:
        return False
    others = set(node.items) - {"id"}
    return bool(others) and others <= set(list_fields(kind.name))


def _parse(kind: Kind, tree: Any, file: str, found: MembersFiles) -> None:
    """Sort a members' file's entries into members-only records and additions, and check them."""
    if not isinstance(tree, YSeq):
        whole = parse_records(kind, tree, file)  # Reports what the file should be.
        found.problems += whole.problems
        if whole.unreadable:
            found.unreadable.add(kind.name)
        return
    for index, node in enumerate(tree.items, start=1):
        addition = _is_addition(kind, node)
        one = YSeq([node], tree.pos)
        parsed: Parsed = parse_records(ADDITIONS[kind.name] if addition else kind, one, file, index)
        found.problems += parsed.problems
        found.broken[kind.name] |= parsed.broken_ids
        for record in parsed.records:
            if addition:
                found.additions[kind.name].append(record)
            else:
                found.problems += _said_public(record, file)
                found.records[kind.name].append(members_only(record))


def _said_public(record: Any, file: str) -> list[Problem]:
    """`public: true` on a members' record or part: it would never be published."""
    problems = []
    subject = f"{record.record_kind} '{record.id}'"
    if record.public and "public" in record.where:
        problems.append(
            Problem(
                record.where["public"],
                subject,
                f"a record in {file} is never published; remove 'public: true', or move "
                f"the {record.record_kind} to the public {KINDS[record.record_kind].filename} "
                "to publish it",
            )
        )
    for name, fspec in field_specs(type(record)).items():
        if fspec.many and fspec.nested is not None:
            for item in getattr(record, name):
                if getattr(item, "public", False) and "public" in item.where:
                    problems.append(
                        Problem(
                            item.where["public"],
                            subject,
                            f"an item of {name} in {file} is never published; remove "
                            "'public: true'",
                        )
                    )
    return problems


def members_only(record: Any) -> Any:
    """The record, and every part of it that can be marked, as `public: false`."""
    changes: dict[str, Any] = {}
    for name, fspec in field_specs(type(record)).items():
        if fspec.many and fspec.nested is not None:
            items = getattr(record, name)
            if any(hasattr(item, "public") for item in items):
                changes[name] = [dataclasses.replace(item, public=False) for item in items]
    if hasattr(record, "public"):
        changes["public"] = False
    return dataclasses.replace(record, **changes) if changes else record


def merge(public: Records, members: MembersFiles, folder: str) -> tuple[Records, list[Problem]]:
    """The members' build's records: the public ones, then the members' folder's, by the rules
    of the module's docstring; with a problem for each entry the rules refuse."""
    merged = {name: list(items) for name, items in public.items()}
    at = {name: {r.id: i for i, r in enumerate(items)} for name, items in public.items()}
    problems: list[Problem] = []
    for name, items in members.records.items():
        for record in items:
            if record.id in at[name]:
                problems.append(_same_id(record, public[name][at[name][record.id]], folder))
            else:
                merged[name].append(record)
    members_ids = {name: {r.id for r in items} for name, items in members.records.items()}
    for name, additions in members.additions.items():
        for addition in additions:
            index = at[name].get(addition.id)
            if index is None:
                problems.append(_nothing_to_add_to(addition, public[name], members_ids[name]))
            else:
                merged[name][index] = _extended(merged[name][index], addition)
    return merged, problems


def _same_id(record: Any, public: Any, folder: str) -> Problem:
    kind = KINDS[record.record_kind]
    extend = ", ".join(f"'{name}'" for name in list_fields(kind.name))
    return Problem(
        record.where["id"],
        f"{kind.name} '{record.id}'",
        f"the public {kind.filename} already has a {kind.name} with this id at "
        f"{public.where['id']}; a record is either public or members-only: give this "
        f"{kind.name} its own id, or keep only 'id' and list fields ({extend}) in this entry "
        f"to add to the public {kind.name} in the members' build",
    )


def _nothing_to_add_to(addition: Any, public: list[Any], members_ids: set[str]) -> Problem:
    kind = KINDS[addition.record_kind]
    if addition.id in members_ids:
        fix = f"write these items in the members' {kind.name} '{addition.id}' itself"
    else:
        ids = sorted(r.id for r in public)
        fix = (
            f"use the id of a {kind.name} in the public {kind.filename}"
            f"{did_you_mean(addition.id, ids)}, or give every required field to add a "
            f"members-only {kind.name}"
        )
    return Problem(
        addition.where["id"],
        f"{kind.name} '{addition.id}'",
        f"this entry only adds to a public {kind.name}, and the public {kind.filename} has "
        f"none with this id; {fix}",
    )


def _extended(record: Any, addition: Any) -> Any:
    """A public record with an addition's list items after its own, marked members-only."""
    changes: dict[str, Any] = {}
    where = dict(record.where)
    for name in list_fields(record.record_kind):
        added = [
            members_only(item) if dataclasses.is_dataclass(item) else item
            for item in getattr(addition, name)
        ]
        if not added:
            continue
        own = getattr(record, name)
        for offset in range(len(added)):
            key = f"{name}[{offset}]"
            where[f"{name}[{len(own) + offset}]"] = addition.where.get(key, addition.where[""])
        changes[name] = [*own, *added]
    return dataclasses.replace(record, **changes, where=where) if changes else record


def members_positions(members: MembersFiles) -> dict[str, dict[str, Pos]]:
    """Where each members-only record's id is, by kind: for messages about public records that
    name one."""
    return {name: {r.id: r.where["id"] for r in items} for name, items in members.records.items()}


def private_in_public(records: Records, folder: str | None) -> list[Problem]:
    """`public: false` in the public files, refused: those files are public, whatever the build.

    For projects that set `private_in_public: refuse`; each message says where the record
    (or recommendation) goes instead.
    """
    where_to = "the members' folder" if folder else f"the members' folder (see {MEMBERS_DOC})"
    problems = []
    for name, items in records.items():
        kind = KINDS[name]
        target = members_file(folder, kind) if folder else kind.filename
        for record in items:
            subject = f"{name} '{record.id}'"
            if not record.public:
                problems.append(
                    Problem(
                        record.where["public"],
                        subject,
                        f"'public: false' in {kind.filename}, which anyone can read in the "
                        f"public repository; move this {name} to {target} in {where_to}, or "
                        "remove 'public: false' to publish it",
                    )
                )
                continue
            problems += _private_parts(record, kind, target, where_to)
    return problems


def _private_parts(record: Any, kind: Kind, target: str, where_to: str) -> list[Problem]:
    problems = []
    for part, fspec in field_specs(type(record)).items():
        if not (fspec.many and fspec.nested is not None):
            continue
        for item in getattr(record, part):
            if getattr(item, "public", True):
                continue
            problems.append(
                Problem(
                    item.where["public"],
                    f"{kind.name} '{record.id}'",
                    f"'public: false' on one of its {part} in {kind.filename}, which anyone "
                    f"can read in the public repository; move it to {target} in {where_to}, "
                    f"under '- id: {record.id}' and '{part}:', or remove 'public: false'",
                )
            )
    return problems


def broken_ids(
    public: Mapping[str, Container[str]], members: MembersFiles, any_id: Container[str]
) -> dict[str, Container[str]]:
    """The merged records' broken ids: either side's, or every id when a file is unreadable."""
    merged: dict[str, Container[str]] = {}
    for name in KINDS:
        own = public.get(name, set())
        if name in members.unreadable or not isinstance(own, set):
            merged[name] = any_id
        else:
            merged[name] = own | members.broken.get(name, set())
    return merged
