"""JSON Schemas for the record files, generated from the declarations in `models`.

Editors (VS Code's YAML extension, via the `# yaml-language-server:` line at
the top of each file) use them for completion, allowed values, descriptions
and red squiggles while a contributor types. They are written, never edited
by hand: `python -m generator schema --write` regenerates them and a test
fails when the committed copies are stale.

The schema is an aid, not the judge: the validator still has the last word
on what only it can know (that a referenced id exists, a date is real, a
time zone is known, a school in England has a URN).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .models import KINDS, FieldSpec, Kind, field_specs

SCHEMA_DIR = "schemas"
DRAFT = "http://json-schema.org/draft-07/schema#"


def _field_schema(fspec: FieldSpec) -> dict[str, Any]:
    if fspec.nested is not None:
        item = object_schema(fspec.nested)
    else:
        assert fspec.rule is not None
        item = fspec.rule.json_schema()
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
        "$id": f"{SCHEMA_DIR}/{kind.plural}.schema.json",
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
    return json.dumps(file_schema(kind), indent=2, ensure_ascii=False) + "\n"


def stale_schemas(root: Path) -> list[Path]:
    """Committed schemas that differ from what the models declare now."""
    stale = []
    for kind in KINDS.values():
        path = schema_path(root, kind)
        if not path.is_file() or path.read_text(encoding="utf-8") != rendered(kind):
            stale.append(path)
    return stale


def write_schemas(root: Path) -> list[Path]:
    """Write every kind's schema; returns the files that changed."""
    changed = stale_schemas(root)
    for kind in KINDS.values():
        path = schema_path(root, kind)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered(kind), encoding="utf-8")
    return changed
