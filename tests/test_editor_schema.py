"""The editor JSON Schemas: generated from the models, committed, agreeing with the validator."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from helpers import FIXTURES, ROOT, copy_fixture
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from generator.cli import main
from generator.editor_schema import (
    IDS_FILE,
    current_ids,
    file_schema,
    ids_path,
    ids_schema,
    referred_kinds,
    rendered,
    schema_path,
    stale_schemas,
    write_schemas,
)
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


def editor_errors(kind: str, text: str, ids: dict[str, list[str]] | None = None) -> list[str]:
    """What an editor underlines, with the ids schema beside the kind's, as in schemas/."""
    committed = json.loads((ROOT / "schemas" / IDS_FILE).read_text(encoding="utf-8"))
    listed = ids_schema(ids) if ids is not None else committed
    registry = Registry().with_resource(
        IDS_FILE, Resource.from_contents(listed, default_specification=DRAFT7)
    )
    validator = jsonschema.Draft7Validator(file_schema(KINDS[kind]), registry=registry)
    data = yaml.load(text, Loader=Yaml12Loader)
    return [error.message for error in validator.iter_errors(data)]


def validator_errors(kind: str, text: str) -> list[str]:
    tree, problems = parse_yaml(text, KINDS[kind].filename)
    parsed = parse_records(KINDS[kind], tree, KINDS[kind].filename)
    return [str(p) for p in problems + parsed.problems]


def test_committed_schemas_are_current() -> None:
    assert stale_schemas(ROOT) == [], "run: python -m generator schema --write"


def _reference_fields(schema: dict[str, object], path: str = "") -> dict[str, str]:
    """Every place in a schema that takes the id of another record: path -> the $ref."""
    found: dict[str, str] = {}
    if isinstance(schema, dict):
        for part in schema.get("allOf", []):
            if "$ref" in part:
                found[path] = part["$ref"]
        for key, value in schema.items():
            if key == "properties":
                for name, prop in value.items():
                    found |= _reference_fields(prop, f"{path}.{name}")
            elif key == "items":
                found |= _reference_fields(value, f"{path}[]")
    return found


def test_reference_fields_offer_the_samples_ids() -> None:
    expected_fields = {
        "school": {"[].networks[]": "network"},
        "network": {"[].parent": "network"},
        "policy": {
            "[].owner": "network",
            "[].applies_to.networks[]": "network",
            "[].applies_to.schools[]": "school",
        },
        "event": {"[].organiser": "network", "[].host": "school"},
        "supplier": {"[].recommendations[].school": "school"},
    }
    listed = json.loads((ROOT / "schemas" / IDS_FILE).read_text(encoding="utf-8"))
    for kind, fields in expected_fields.items():
        schema = json.loads(schema_path(ROOT, KINDS[kind]).read_text(encoding="utf-8"))
        refs = _reference_fields(schema)
        assert refs == {f: f"{IDS_FILE}#/definitions/{k}" for f, k in fields.items()}, kind
    for kind in ("school", "network"):
        records = yaml.safe_load((ROOT / KINDS[kind].filename).read_text(encoding="utf-8"))
        public = sorted(r["id"] for r in records if r.get("public", True) is not False)
        assert listed["definitions"][kind]["examples"] == public
        assert public
    assert referred_kinds() == ["school", "network"]  # No field refers to a policy today.


def test_a_new_id_is_offered_nothing_but_accepted() -> None:
    text = SCHOOL + "  networks: [a-network-added-today]\n"
    assert editor_errors("school", text, ids={"network": ["nesa"]}) == []
    assert editor_errors("school", SCHOOL + "  networks: [Not An Id]\n") != []


def test_a_schema_checker_finds_the_ids_beside_the_schema(tmp_path: Path) -> None:
    """check-jsonschema reads schemas/ as an editor does: the $ref resolves to the file beside."""
    data = tmp_path / "schools.yaml"
    data.write_text(SCHOOL + "  networks: [a-network-added-today, Not An Id]\n", encoding="utf-8")
    checker = str(Path(sys.executable).parent / "check-jsonschema")
    schema = schema_path(ROOT, KINDS["school"])
    result = subprocess.run(
        [checker, "--schemafile", str(schema), str(data)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "'Not An Id' does not match" in result.stdout
    assert "a-network-added-today" not in result.stdout and "Traceback" not in result.stderr


def test_private_records_ids_are_never_offered(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    ids = current_ids(project)
    assert "larkspur-private" not in ids["school"] and "hawes-side" in ids["school"]
    assert "secret-net" not in ids["network"] and "nesa" in ids["network"]
    write_schemas(project)
    text = ids_path(project).read_text(encoding="utf-8")
    assert "larkspur-private" not in text and "secret-net" not in text
    assert (FIXTURES / "small" / "schools.yaml").read_text().count("larkspur-private") == 1


def test_new_data_leaves_the_schemas_current_and_is_noted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_fixture("small", tmp_path)
    write_schemas(project)
    with (project / "networks.yaml").open("a", encoding="utf-8") as networks:
        networks.write("- id: brand-new\n  name: Brand New\n  kind: cluster\n")
    assert stale_schemas(project) == []
    assert main(["schema", "--project", str(project)]) == 0
    note = capsys.readouterr().err
    assert "network ids as of its last --write: 1 new not yet offered, 0 no longer there" in note
    assert write_schemas(project) == [ids_path(project)]
    assert "brand-new" in ids_path(project).read_text(encoding="utf-8")
    assert main(["schema", "--project", str(project)]) == 0
    assert capsys.readouterr().err == ""


def test_ids_file_of_the_wrong_shape_is_stale(tmp_path: Path) -> None:
    write_schemas(tmp_path)
    path = ids_path(tmp_path)
    schema = json.loads(path.read_text(encoding="utf-8"))
    del schema["definitions"]["school"]
    path.write_text(json.dumps(schema), encoding="utf-8")
    assert stale_schemas(tmp_path) == [path]
    path.write_text("not json", encoding="utf-8")
    assert stale_schemas(tmp_path) == [path]
    path.unlink()
    assert stale_schemas(tmp_path) == [path]


def test_stale_schema_is_detected_and_rewritten(tmp_path: Path) -> None:
    write_schemas(tmp_path)
    assert stale_schemas(tmp_path) == []
    path = schema_path(tmp_path, KINDS["school"])
    path.write_text(path.read_text().replace("The school's name.", "Old text."))
    assert stale_schemas(tmp_path) == [path]
    assert write_schemas(tmp_path) == [path]
    assert path.read_text() == rendered(KINDS["school"])
    # A reference field's link to the ids is structure: losing it is staleness.
    path.write_text(path.read_text().replace(f'"{IDS_FILE}#/definitions/network"', '"x"', 1))
    assert stale_schemas(tmp_path) == [path]


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
