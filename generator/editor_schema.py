"""JSON Schemas for the record files, generated from the declarations in `models`.

Editors (VS Code's YAML extension, via the `# yaml-language-server:` line at
the top of each file) use them for completion, allowed values, descriptions
and red squiggles while a contributor types. They are written, never edited
by hand: `python -m generator schema --write` regenerates them and a test
fails when the committed copies are stale.

The schema is an aid, not the judge: the validator still has the last word
on what only it can know (that a referenced id exists, a date is real, a
time zone is known, a school in England has a URN).

Fields that refer to another record (a school's `networks`, an event's
`organiser` and `host`, a policy's `owner` and `applies_to`, a
recommendation's `school`, a network's `parent`) offer the current ids of
that kind as `examples`, which the editor completes from but never checks
against: a brand-new id is accepted, and the validator judges it. The ids
change with every data edit, so they live apart from the structure, in
`schemas/ids.schema.json` (a `definitions` entry per kind referred to, each
field reaching it with `$ref`). `--write` rewrites that file too, from the
public records of the root files (a `public: false` record's id is never
listed); the staleness check compares it only in shape (which kinds it
lists), never its ids, so a pull request that adds a school does not fail
for a list it left as it was. The ids fall behind until someone runs
`./dev schema --write` (a maintainer, now and then, or a contributor who
wants their new record offered); `./dev schema` says how far behind they
are without failing. Until then an editor simply does not offer the newest
ids, and may offer one that is gone, which the validator then reports.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .files import refuse_file
from .models import KINDS, FieldSpec, Kind, field_specs
from .record_files import read_records
from .rules import Ref

SCHEMA_DIR = "schemas"
DRAFT = "http://json-schema.org/draft-07/schema#"
IDS_FILE = "ids.schema.json"
"""The current ids that reference fields offer, generated from the data (see above)."""


def _field_schema(fspec: FieldSpec) -> dict[str, Any]:
    if fspec.nested is not None:
        item = object_schema(fspec.nested)
    else:
        assert fspec.rule is not None
        item = fspec.rule.json_schema()
        if isinstance(fspec.rule, Ref):  # allOf: draft 7 ignores what stands beside a $ref.
            item["allOf"] = [{"$ref": f"{IDS_FILE}#/definitions/{fspec.rule.kind}"}]
    if fspec.many:
        return {"type": "array", "description": fspec.doc, "items": item}
    return {"description": fspec.doc, **item}


def object_schema(cls: type[Any]) -> dict[str, Any]:
    """The schema of one record or nested part: its fields, required ones, nothing else."""
    specs = field_specs(cls)
    schema: dict[str, Any] = {
        "type": "object",
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "properties": {name: _field_schema(fspec) for name, fspec in specs.items()},
        "additionalProperties": False,
    }
    required = [name for name, fspec in specs.items() if fspec.required]
    if required:
        schema["required"] = required
    return schema


def file_schema(kind: Kind) -> dict[str, Any]:
    """The schema of one root YAML file: a list of records of its kind."""
    return {
        "$schema": DRAFT,
        "title": f"{kind.filename}: the {kind.plural} of the network",
        "description": f"Each entry is one {kind.name}. See README.md and CONTRIBUTING.md.",
        "type": "array",
        "items": object_schema(kind.cls),
    }


def schema_path(root: Path, kind: Kind) -> Path:
    """Where a kind's schema is committed."""
    return root / SCHEMA_DIR / f"{kind.plural}.schema.json"


def rendered(kind: Kind) -> str:
    """The schema file's exact text: stable key order, so diffs stay small."""
    return _json(file_schema(kind))


def referred_kinds() -> list[str]:
    """The kinds some field refers to, in KINDS order: those ids.schema.json lists."""
    found: set[str] = set()

    def walk(cls: type[Any]) -> None:
        for fspec in field_specs(cls).values():
            if fspec.nested is not None:
                walk(fspec.nested)
            elif isinstance(fspec.rule, Ref):
                found.add(fspec.rule.kind)

    for kind in KINDS.values():
        walk(kind.cls)
    return [name for name in KINDS if name in found]


def current_ids(root: Path) -> dict[str, list[str]]:
    """The ids of the public records of each kind referred to, sorted, from the root files.

    A file that cannot be read gives no ids (the check reports it); a record
    too broken to build is left out; a `public: false` record is never listed.
    """
    ids: dict[str, list[str]] = {}
    for name in referred_kinds():
        kind = KINDS[name]
        path = root / kind.filename
        if refuse_file(root, kind.filename) is not None or not path.is_file():
            ids[name] = []
            continue
        parsed, _problems, _unreadable = read_records(kind, path)
        ids[name] = sorted({r.id for r in parsed.records if r.public})
    return ids


def ids_schema(ids: dict[str, list[str]]) -> dict[str, Any]:
    """The schema that holds the ids reference fields offer: one definition per kind."""
    return {
        "$schema": DRAFT,
        "title": "The ids of the records that other records refer to, offered while typing",
        "description": "Written by './dev schema --write' from the record files; a new id "
        "is accepted before it is listed here. See generator/editor_schema.py.",
        "definitions": {
            name: {
                "description": f"The id of a {name} in {KINDS[name].filename}.",
                "examples": ids.get(name, []),
            }
            for name in referred_kinds()
        },
    }


def ids_path(root: Path) -> Path:
    """Where the ids schema is committed."""
    return root / SCHEMA_DIR / IDS_FILE


def _json(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _ids_shape(text: str) -> Any:
    """The ids schema with its id lists emptied: what the staleness check compares."""
    try:
        schema = json.loads(text)
        for entry in schema["definitions"].values():
            entry["examples"] = []
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return schema


def stale_schemas(root: Path) -> list[Path]:
    """Committed schemas that differ from what the models declare now.

    The ids schema counts only by its shape (which kinds it lists, and how),
    not by its ids: those follow the data (see the module's docstring).
    """
    stale = []
    for kind in KINDS.values():
        path = schema_path(root, kind)
        if not path.is_file() or path.read_text(encoding="utf-8") != rendered(kind):
            stale.append(path)
    path = ids_path(root)
    if not path.is_file() or _ids_shape(path.read_text(encoding="utf-8")) != ids_schema({}):
        stale.append(path)
    return stale


def ids_behind(root: Path) -> dict[str, tuple[int, int]]:
    """How far the committed ids are behind the data: per kind, (missing, gone)."""
    path = ids_path(root)
    try:
        listed = json.loads(path.read_text(encoding="utf-8"))["definitions"]
    except (OSError, ValueError, KeyError, TypeError):
        listed = {}
    behind = {}
    for name, ids in current_ids(root).items():
        entry = listed.get(name)
        old = set(entry.get("examples", [])) if isinstance(entry, dict) else set()
        missing, gone = len(set(ids) - old), len(old - set(ids))
        if missing or gone:
            behind[name] = (missing, gone)
    return behind


def write_schemas(root: Path) -> list[Path]:
    """Write every kind's schema and the current ids; returns the files that changed."""
    changed = []
    texts = {schema_path(root, kind): rendered(kind) for kind in KINDS.values()}
    texts[ids_path(root)] = _json(ids_schema(current_ids(root)))
    for path, text in texts.items():
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        changed.append(path)
    return changed
