"""The editor JSON Schemas: generated from the models, committed, agreeing with the validator."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from helpers import ROOT

from generator.editor_schema import file_schema, rendered, schema_path, stale_schemas, write_schemas
from generator.loader import parse_yaml
from generator.models import KINDS
from generator.validate import parse_records


class Yaml12Loader(yaml.SafeLoader):
    """Reads YAML the way the editor's language server does (YAML 1.2 core schema):
    dates stay strings, and only true/false are booleans."""


YAML_11_ONLY = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in YAML_11_ONLY]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def editor_errors(kind: str, text: str) -> list[str]:
    validator = jsonschema.Draft7Validator(file_schema(KINDS[kind]))
    data = yaml.load(text, Loader=Yaml12Loader)
    return [error.message for error in validator.iter_errors(data)]


def validator_errors(kind: str, text: str) -> list[str]:
    tree, problems = parse_yaml(text, KINDS[kind].filename)
    parsed = parse_records(KINDS[kind], tree, KINDS[kind].filename)
    return [str(p) for p in problems + parsed.problems]


def test_committed_schemas_are_current() -> None:
    assert stale_schemas(ROOT) == [], "run: python -m generator schema --write"


def test_stale_schema_is_detected_and_rewritten(tmp_path: Path) -> None:
    write_schemas(tmp_path)
    assert stale_schemas(tmp_path) == []
    path = schema_path(tmp_path, KINDS["school"])
    path.write_text(path.read_text().replace("The school's name.", "Old text."))
    assert stale_schemas(tmp_path) == [path]
    assert write_schemas(tmp_path) == [path]
    assert path.read_text() == rendered(KINDS["school"])


@pytest.mark.parametrize("kind", list(KINDS))
def test_sample_files_follow_their_schema_and_name_it(kind: str) -> None:
    text = (ROOT / KINDS[kind].filename).read_text(encoding="utf-8")
    assert text.startswith(
        f"# yaml-language-server: $schema=schemas/{KINDS[kind].plural}.schema.json\n"
    )
    assert editor_errors(kind, text) == []


def test_schema_is_valid_json_schema_with_descriptions() -> None:
    for kind in KINDS.values():
        schema = json.loads(rendered(kind))
        jsonschema.Draft7Validator.check_schema(schema)
        properties = schema["items"]["properties"]
        assert all(prop["description"] for prop in properties.values())
        assert schema["items"]["additionalProperties"] is False


SCHOOL = """\
- id: hawes-side
  name: Hawes Side Academy
  urn: "119346"
  phase: primary
  type: academy
  local_authority: Blackpool
"""

POLICY = (
    '- id: p\n  title: P\n  category: SEND\n  owner: nesa\n  version: "1.0"\n  status: adopted\n'
)

# (kind, record text, valid?) — both judges must give the same answer.
CORPUS: list[tuple[str, str, bool]] = [
    ("school", SCHOOL, True),
    ("school", SCHOOL.replace('"119346"', "119346"), True),
    ("school", SCHOOL.replace('"119346"', '"12345"'), False),
    ("school", SCHOOL.replace('"119346"', "12345"), False),
    ("school", SCHOOL.replace('"119346"', '"11934a"'), False),
    ("school", SCHOOL.replace("primary", "primry"), False),
    ("school", SCHOOL.replace("hawes-side", "Hawes Side"), False),
    ("school", SCHOOL.replace("hawes-side", "../etc"), False),
    ("school", SCHOOL + "  publc: false\n", False),
    ("school", SCHOOL + "  public: false\n", True),
    ("school", SCHOOL + '  public: "false"\n', False),
    ("school", SCHOOL + "  public: yes\n", False),
    ("school", SCHOOL + "  postcode: fy4 3ln\n", True),
    ("school", SCHOOL + "  postcode: FY4\n", False),
    ("school", SCHOOL + "  website: https://hawes-side.example.org.uk/\n", True),
    ("school", SCHOOL + "  website: javascript:alert(1)\n", False),
    ("school", SCHOOL + "  website: data:text/html,hi\n", False),
    ("school", SCHOOL + "  email: office@hawes-side.example.org.uk\n", True),
    ("school", SCHOOL + "  email: not-an-address\n", False),
    ("school", SCHOOL + "  joined: 2024-06-01\n", True),
    ("school", SCHOOL + "  joined: 01/06/2024\n", False),
    ("school", SCHOOL + "  networks: [nesa, kaizen]\n", True),
    ("school", SCHOOL + "  networks: nesa\n", False),
    ("school", SCHOOL + "  coordinates: {lat: 53.79, lon: -3.02}\n", True),
    ("school", SCHOOL + "  coordinates: {lat: 153.79, lon: -3.02}\n", False),
    ("school", SCHOOL + '  coordinates: {lat: "53.79", lon: -3.02}\n', False),
    ("school", SCHOOL + "  coordinates: {lat: 53.79}\n", False),
    ("school", SCHOOL.replace("  name: Hawes Side Academy\n", ""), False),
    ("school", SCHOOL.replace("Hawes Side Academy", "Hawes <b>Side</b>"), False),
    ("school", SCHOOL + "  summary: |\n    Two lines\n    of text.\n", True),
    (
        "supplier",
        "- id: fresh-plates\n  name: Fresh Plates\n  category: catering\n"
        "  recommendations:\n    - school: hawes-side\n      date: 2026-03-01\n      rating: 5\n",
        True,
    ),
    (
        "supplier",
        "- id: fresh-plates\n  name: Fresh Plates\n  category: catering\n"
        "  recommendations:\n    - school: hawes-side\n      date: 2026-03-01\n      rating: 6\n",
        False,
    ),
    (
        "supplier",
        "- id: fresh-plates\n  name: Fresh Plates\n  category: catering\n"
        '  recommendations:\n    - school: hawes-side\n      date: 2026-03-01\n      rating: "5"\n',
        False,
    ),
    ("supplier", "- id: fresh-plates\n  name: Fresh Plates\n  category: Catering\n", False),
    (
        "event",
        '- id: meet\n  title: Meeting\n  kind: webinar\n  start: "2027-01-14 16:00"\n'
        '  end: "2027-01-14 17:00"\n  online: https://meet.example.org/x\n  organiser: nesa\n',
        True,
    ),
    (
        "event",
        '- id: meet\n  title: Meeting\n  kind: webinar\n  start: "14/01/2027 4pm"\n'
        '  end: "2027-01-14 17:00"\n  online: https://meet.example.org/x\n  organiser: nesa\n',
        False,
    ),
    (
        "network",
        "- id: nesa\n  name: NESA\n  kind: local alliance\n"
        "  contacts:\n    - role: SBP lead\n      email: sbp@nesa.example.org.uk\n",
        True,
    ),
    (
        "network",
        "- id: nesa\n  name: NESA\n  kind: local alliance\n  contacts:\n    - email: x@y.uk\n",
        False,
    ),
    (
        "policy",
        POLICY + "  applies_to:\n    networks: [nesa]\n",
        True,
    ),
    (
        "policy",
        POLICY + "  applies_to:\n    regions: [north]\n",
        False,
    ),
]


@pytest.mark.parametrize(("kind", "text", "valid"), CORPUS)
def test_schema_and_validator_agree(kind: str, text: str, valid: bool) -> None:
    from_editor = editor_errors(kind, text)
    from_validator = validator_errors(kind, text)
    assert (from_editor == []) is valid, from_editor
    assert (from_validator == []) is valid, from_validator


def test_agreement_corpus_covers_every_kind() -> None:
    assert {kind for kind, _text, _valid in CORPUS} == set(KINDS)
