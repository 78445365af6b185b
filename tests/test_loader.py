"""The safe, positioned YAML loader: raw text kept, tags refused, bombs refused, errors placed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import (
    NETWORKS,
    POLICIES,
    SCHOOLS,
    SUPPLIERS,
    load,
    problems_of,
    replace_once,
    write_project,
)

from generator import loader
from generator.loader import YMap, YScalar, YSeq, parse_yaml, read_yaml
from generator.positions import Pos, Problem

# --- the positioned tree ------------------------------------------------------------


def test_tree_keeps_raw_text_and_positions() -> None:
    tree, problems = parse_yaml("- id: a\n  tags: [x, 'y']\n", "f.yaml")
    assert problems == []
    assert isinstance(tree, YSeq)
    record = tree.items[0]
    assert isinstance(record, YMap)
    assert record.pos == Pos("f.yaml", 1, 3)
    assert record.key_pos == {"id": Pos("f.yaml", 1, 3), "tags": Pos("f.yaml", 2, 3)}
    assert record.items["id"] == YScalar("a", Pos("f.yaml", 1, 7), plain=True)
    tags = record.items["tags"]
    assert isinstance(tags, YSeq)
    assert tags.items == [
        YScalar("x", Pos("f.yaml", 2, 10), plain=True),
        YScalar("y", Pos("f.yaml", 2, 13), plain=False),
    ]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("NO", "NO"),
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("012345", "012345"),
        ("0123", "0123"),
        ("1:30", "1:30"),
        ("12:30:00", "12:30:00"),
        ("3.10", "3.10"),
        ("0x1F", "0x1F"),
        ("0o17", "0o17"),
        ("1e3", "1e3"),
        (".inf", ".inf"),
        ("2025-09-01", "2025-09-01"),
        ("'quoted'", "quoted"),
        ('"double"', "double"),
    ],
)
def test_scalars_keep_their_text_whatever_yaml_1_1_thinks(value: str, text: str) -> None:
    tree, problems = parse_yaml(f"key: {value}\n", "f.yaml")
    assert problems == []
    assert isinstance(tree, YMap)
    scalar = tree.items["key"]
    assert isinstance(scalar, YScalar)
    assert scalar.text == text


@pytest.mark.parametrize(
    ("value", "is_null"),
    [("", True), ("~", True), ("null", True), ("NULL", True), ('"null"', False), ("''", False)],
)
def test_only_unquoted_blanks_are_null(value: str, is_null: bool) -> None:
    tree, _ = parse_yaml(f"key: {value}\n", "f.yaml")
    assert isinstance(tree, YMap)
    scalar = tree.items["key"]
    assert isinstance(scalar, YScalar)
    assert scalar.is_null is is_null


def test_quoted_and_block_scalars_are_not_plain() -> None:
    tree, _ = parse_yaml("a: plain\nb: 'single'\nc: |\n  block\n", "f.yaml")
    assert isinstance(tree, YMap)
    plain = {key: node.plain for key, node in tree.items.items() if isinstance(node, YScalar)}
    assert plain == {"a": True, "b": False, "c": False}


def test_aliases_are_expanded() -> None:
    tree, problems = parse_yaml("- a: &x [1, 2]\n  b: *x\n", "f.yaml")
    assert problems == []
    assert isinstance(tree, YSeq)
    record = tree.items[0]
    assert isinstance(record, YMap)
    assert record.items["a"] == record.items["b"]


def test_empty_document_is_nothing() -> None:
    assert parse_yaml("", "f.yaml") == (None, [])
    assert parse_yaml("# only a comment\n", "f.yaml") == (None, [])


def test_missing_file_is_simply_empty(tmp_path: Path) -> None:
    assert read_yaml(tmp_path / "absent.yaml", "absent.yaml") == (None, [])


# --- YAML 1.1 surprises, through a whole project ---------------------------------------


def test_country_no_stays_the_text_no(tmp_path: Path) -> None:
    abroad = """\
- id: hawes-side
  name: Hawes Side Academy
  urn: "119346"
  phase: primary
  type: academy
  local_authority: Blackpool
  networks: [nesa]
- id: oslo-partner
  name: Oslo Partner School
  country: NO
  phase: secondary
  type: partner school abroad
"""
    site = load(write_project(tmp_path, **{"schools.yaml": abroad}))
    assert site.schools["oslo-partner"].country == "NO"


def test_a_name_of_yes_stays_yes(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "name: Bramble Hill School", "name: yes")
    site = load(write_project(tmp_path, **{"schools.yaml": schools}))
    assert site.schools["bramble-hill"].name == "yes"


def test_unquoted_urn_keeps_its_leading_zero(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, 'urn: "012345"', "urn: 012345")
    site = load(write_project(tmp_path, **{"schools.yaml": schools}))
    assert site.schools["bramble-hill"].urn == "012345"


@pytest.mark.parametrize("version", ["1:30", "3.10", "1.0", "2"])
def test_version_stays_as_written(tmp_path: Path, version: str) -> None:
    policies = replace_once(POLICIES, 'version: "4.0"', f"version: {version}")
    site = load(write_project(tmp_path, **{"policies.yaml": policies}))
    assert site.policies["safeguarding"].version == version


def test_unquoted_dates_are_read_by_the_rules_not_by_yaml(tmp_path: Path) -> None:
    site = load(write_project(tmp_path))
    policy = site.policies["safeguarding"]
    assert str(policy.adopted) == "2025-09-01"
    assert policy.statutory is True


# --- duplicate keys -------------------------------------------------------------------


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "  phase: primary\n", "  phase: primary\n  phase: special\n")
    assert problems_of(write_project(tmp_path, **{"schools.yaml": schools})) == [
        "schools.yaml:5:3: duplicate key 'phase' (first given at line 4); keep one of them"
    ]


def test_duplicate_key_in_a_nested_mapping_is_an_error(tmp_path: Path) -> None:
    suppliers = replace_once(SUPPLIERS, "      rating: 5\n", "      rating: 5\n      rating: 4\n")
    assert problems_of(write_project(tmp_path, **{"suppliers.yaml": suppliers})) == [
        "suppliers.yaml:8:7: duplicate key 'rating' (first given at line 7); keep one of them"
    ]


# --- tags: refused, and nothing runs --------------------------------------------------


def python_tag_project(tmp_path: Path, marker: Path) -> Path:
    schools = replace_once(
        SCHOOLS,
        "  name: Hawes Side Academy\n",
        f'  name: !!python/object/apply:os.system ["touch {marker}"]\n',
    )
    return write_project(tmp_path / "project", **{"schools.yaml": schools})


def test_python_tag_is_refused_and_nothing_executes(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    problems = problems_of(python_tag_project(tmp_path, marker))
    assert not marker.exists()
    assert (
        "schools.yaml:2:9: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
        "is not allowed; remove the tag and write the value as plain text"
    ) in problems


def test_python_tag_gives_one_message(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    assert problems_of(python_tag_project(tmp_path, marker)) == [
        "schools.yaml:2:9: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
        "is not allowed; remove the tag and write the value as plain text"
    ]


def test_custom_tag_on_a_scalar_is_refused(tmp_path: Path) -> None:
    networks = replace_once(NETWORKS, "scope: Northumberland", "scope: !shout Northumberland")
    assert problems_of(write_project(tmp_path, **{"networks.yaml": networks})) == [
        "networks.yaml:4:10: the YAML tag '!shout' is not allowed; remove the tag "
        "and write the value as plain text"
    ]


def test_standard_tags_are_allowed(tmp_path: Path) -> None:
    policies = replace_once(POLICIES, 'version: "4.0"', "version: !!str 4.0")
    site = load(write_project(tmp_path, **{"policies.yaml": policies}))
    assert site.policies["safeguarding"].version == "4.0"


# --- bombs: refused quickly -----------------------------------------------------------

BILLION_LAUGHS = "- &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"- &a{level} [{', '.join([f'*a{level - 1}'] * 10)}]\n" for level in range(1, 10)
)
"""Nine levels of ten aliases: 10**9 values if expanded."""


def test_billion_laughs_is_refused_with_one_message(tmp_path: Path) -> None:
    problems = problems_of(write_project(tmp_path, **{"suppliers.yaml": BILLION_LAUGHS}))
    assert len(problems) == 1
    assert problems[0].startswith("suppliers.yaml:")
    assert "aliases" in problems[0]


def test_billion_laughs_is_refused_without_expanding_an_alias(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The composer does one step per parser event: an alias places the anchored tree
    again (counted at its size), never a copy of it. Counting steps, not seconds, so the
    test says the same on a busy machine (benchmarks/yaml_bombs.py times it)."""
    events = sum(1 for _ in yaml.parse(BILLION_LAUGHS))
    placed = 0
    place = loader._Composer.place

    def counting(composer: loader._Composer, node: loader.YNode) -> None:
        nonlocal placed
        placed += 1
        place(composer, node)

    monkeypatch.setattr(loader._Composer, "place", counting)
    tree, problems = parse_yaml(BILLION_LAUGHS, "suppliers.yaml")
    assert tree is None
    assert [p.message for p in problems] == [
        f"the document expands to more than {loader.MAX_NODES:,} values or nests deeper than "
        f"{loader.MAX_DEPTH} levels (are aliases '*' repeating each other?); write records "
        "out plainly without anchors and aliases"
    ]
    assert 0 < placed < events < 200


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    deep = "- id: x\n  name: " + "[" * 60 + "]" * 60 + "\n"
    assert problems_of(write_project(tmp_path, **{"suppliers.yaml": deep})) == [
        "suppliers.yaml:2:48: values nest deeper than 40 levels here; a record needs only a "
        "few, so remove the extra '[', '{', '- ' or indentation"
    ]


# --- files that cannot be read as records ------------------------------------------------


def test_syntax_error_gives_file_line_and_column(tmp_path: Path) -> None:
    suppliers = replace_once(SUPPLIERS, "  category: catering\n", "   category: catering\n")
    assert problems_of(write_project(tmp_path, **{"suppliers.yaml": suppliers})) == [
        "suppliers.yaml:3:12: YAML syntax error: mapping values are not allowed in this "
        "context; check the indentation and quoting on this line and the one before"
    ]


def test_unclosed_bracket_is_a_syntax_error(tmp_path: Path) -> None:
    suppliers = replace_once(SUPPLIERS, "category: catering", "category: [catering")
    assert problems_of(write_project(tmp_path, **{"suppliers.yaml": suppliers})) == [
        "suppliers.yaml:4:18: YAML syntax error: did not find expected ',' or ']'; "
        "check the indentation and quoting on this line and the one before"
    ]


def test_tab_indentation_is_a_syntax_error(tmp_path: Path) -> None:
    suppliers = replace_once(SUPPLIERS, "  category: catering\n", "\tcategory: catering\n")
    assert problems_of(write_project(tmp_path, **{"suppliers.yaml": suppliers})) == [
        "suppliers.yaml:3:1: YAML syntax error: found a tab character that violates "
        "indentation; check the indentation and quoting on this line and the one before"
    ]


@pytest.mark.parametrize("top", ["id: fresh-plates\nname: Fresh Plates\n", "just text\n", "~\n"])
def test_top_level_must_be_a_list(tmp_path: Path, top: str) -> None:
    assert problems_of(write_project(tmp_path, **{"suppliers.yaml": top})) == [
        "suppliers.yaml:1:1: suppliers.yaml must be a list of suppliers, "
        "each starting with '- id: …'"
    ]


@pytest.mark.parametrize("text", ["", "# no suppliers yet\n", "[]\n"])
def test_an_empty_file_has_no_records(tmp_path: Path, text: str) -> None:
    site = load(write_project(tmp_path, **{"suppliers.yaml": text}))
    assert site.suppliers == {}


def test_a_utf8_byte_order_mark_is_fine(tmp_path: Path) -> None:
    site = load(write_project(tmp_path, **{"suppliers.yaml": "\ufeff" + SUPPLIERS}))
    assert list(site.suppliers) == ["fresh-plates"]


def latin1_suppliers() -> bytes:
    text = replace_once(SUPPLIERS, "Fresh Plates Catering", "Fresh Plates Café")
    return text.encode("latin-1")


def test_non_utf8_file_is_reported_not_crashed_on(tmp_path: Path) -> None:
    problems = problems_of(write_project(tmp_path, **{"suppliers.yaml": latin1_suppliers()}))
    assert len(problems) == 1
    assert problems[0].startswith("suppliers.yaml:")
    assert problems[0].endswith(": is not UTF-8 text (invalid continuation byte); save it as UTF-8")


def test_non_utf8_file_points_at_the_bad_byte(tmp_path: Path) -> None:
    assert problems_of(write_project(tmp_path, **{"suppliers.yaml": latin1_suppliers()})) == [
        "suppliers.yaml:2:25: is not UTF-8 text (invalid continuation byte); save it as UTF-8"
    ]


# --- an unreadable file must not make every reference to it an error too ------------------

UNREADABLE_SCHOOLS = {
    "syntax error": (
        replace_once(SCHOOLS, "  phase: primary\n", "   phase: primary\n"),
        "schools.yaml:4:4: YAML syntax error: did not find expected key; check the "
        "indentation and quoting on this line and the one before",
    ),
    "mapping at top level": (
        "id: hawes-side\nname: Hawes Side Academy\n",
        "schools.yaml:1:1: schools.yaml must be a list of schools, each starting with '- id: …'",
    ),
}


@pytest.mark.parametrize("case", list(UNREADABLE_SCHOOLS))
def test_unreadable_file_is_the_only_problem(tmp_path: Path, case: str) -> None:
    schools, problem = UNREADABLE_SCHOOLS[case]
    assert problems_of(write_project(tmp_path, **{"schools.yaml": schools})) == [problem]


# --- characters YAML itself refuses ---------------------------------------------------


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x1b", "U+001B ESCAPE"),
        ("\x00", "U+0000 NULL"),
        ("\x9b", "U+009B CONTROL SEQUENCE INTRODUCER"),
    ],
)
def test_a_raw_control_character_is_placed_and_named(char: str, name: str) -> None:
    # Characters of several bytes before it: libyaml counts bytes, the message columns.
    text = f"- id: é学😀\n  name: Zürich{char}School\n"
    assert parse_yaml(text, "f.yaml") == (
        None,
        [
            Problem(
                Pos("f.yaml", 2, 15),
                "",
                f"the file contains {name}; "
                "delete it: it is invisible and breaks calendars, spreadsheets and PDFs",
            )
        ],
    )


def test_unknown_and_duplicate_keys_are_shown_escaped(tmp_path: Path) -> None:
    schools = replace_once(
        SCHOOLS, "  phase: primary\n", '  phase: primary\n  "ph\\ease": x\n  "ph\\ease": y\n'
    )
    assert problems_of(write_project(tmp_path, **{"schools.yaml": schools})) == [
        "schools.yaml:5:3: school 'hawes-side': unknown field 'ph\\x1base' (did you mean "
        "'phase'?); allowed fields are: id, name, urn, country, phase, type, local_authority, "
        "address, postcode, website, email, phone, trust, networks, coordinates, joined, "
        "summary, status, closed, age_low, age_high, pupils, register, public",
        "schools.yaml:6:3: duplicate key 'ph\\x1base' (first given at line 5); keep one of them",
    ]
