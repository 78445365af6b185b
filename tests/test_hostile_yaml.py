"""Hostile YAML in the record files: the check and the build report it, never crash on it.

Every input a pull request can carry is untrusted. These tests run the real
`python -m generator check` and `mkdocs build --strict` on copies of the
small fixture, and assert each problem line and the exit code exactly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import copy_fixture
from hostile import build_problems, check

from benchmarks.synthetic import write_project
from generator import loader, record_files
from generator.loader import parse_yaml
from generator.models import KINDS

DEEP = 30_000
"""Nesting that overflowed the C stack of libyaml's composer (exit 139)."""
NESTED = (
    "values nest deeper than 40 levels here; a record needs only a few, so remove the "
    "extra '[', '{', '- ' or indentation"
)


def nested_lines(levels: int, line: str, step: int, indent: int = 2) -> str:
    """`levels` lines of `line`, the first indented `indent`, each `step` more than the last."""
    return "".join(" " * (indent + step * level) + line + "\n" for level in range(levels))


# Each shape is appended to suppliers.yaml as one more supplier, whose text starts on the
# line after the file's last: (what to append, line within it, column) of the problem.
SHAPES = {
    # Brackets on one line come faster than the parser hands out values, so libyaml's own
    # limit of 1,000 levels stops it first, at the bracket it could not open.
    "flow sequences": (f"- id: deep\n  services: {'[' * DEEP}{']' * DEEP}\n", 2, 1011),
    "flow mappings": (f"- id: deep\n  services: {'{' * DEEP}{'}' * DEEP}\n", 2, 1011),
    "flow mappings with keys": (f"- id: deep\n  services: {'{a: ' * DEEP}\n", 2, 169),
    "flow sequences over lines": ("- id: deep\n  services:\n" + "    [\n" * DEEP, 42, 5),
    "block sequences on one line": ("- " * DEEP + "x\n", 1, 83),
    "block sequences over lines": (nested_lines(2_000, "-", 2, indent=0), 42, 83),
    "block mappings": ("- id: deep\n  services:\n" + nested_lines(2_000, "k:", 1, 4), 42, 44),
    "mappings in sequences": ("- id: deep\n  services:\n" + nested_lines(2_000, "- k:", 2), 22, 43),
    "explicit keys": ("- id: deep\n  services:\n    " + "? " * DEEP + "x\n", 3, 83),
}


def append_to_suppliers(project_dir: Path, text: str) -> int:
    """Append `text` to the fixture's suppliers.yaml; the line it starts on."""
    path = project_dir / "suppliers.yaml"
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


@pytest.mark.parametrize("shape", list(SHAPES))
def test_deep_nesting_of_any_shape_is_one_problem_in_check(tmp_path: Path, shape: str) -> None:
    text, line, column = SHAPES[shape]
    fixture = copy_fixture("small", tmp_path)
    first = append_to_suppliers(fixture, text)
    assert check(fixture) == (
        1,
        [
            f"suppliers.yaml:{first + line - 1}:{column}: {NESTED}",
            "1 problem found; nothing was built.",
        ],
    )


def test_deep_nesting_is_one_problem_in_the_build(tmp_path: Path) -> None:
    fixture = copy_fixture("small", tmp_path)
    first = append_to_suppliers(fixture, "- " * DEEP + "x\n")
    assert build_problems(fixture) == (
        1,
        [f"suppliers.yaml:{first}:83: {NESTED}", "1 problem found; nothing was built."],
    )


@pytest.mark.parametrize(
    "text",
    [
        '- id: x\n  name: "' + "[" * DEEP + '"\n',
        "- id: x\n  name: '" + "{" * DEEP + "'\n",
        "- id: x\n  name: |\n    " + "- [" * DEEP + "\n",
        "- id: x\n  name: x # " + "[" * DEEP + "\n",
    ],
    ids=["double quotes", "single quotes", "block text", "comment"],
)
def test_brackets_inside_text_are_not_nesting(text: str) -> None:
    tree, problems = parse_yaml(text, "f.yaml")
    assert problems == []
    assert tree is not None


def test_brackets_inside_quotes_pass_the_check(tmp_path: Path) -> None:
    fixture = copy_fixture("small", tmp_path)
    path = fixture / "suppliers.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "  category: catering\n", f'  category: catering\n  summary: "{"[" * 1900}"\n'
        ),
        encoding="utf-8",
    )
    code, lines = check(fixture)
    assert (code, lines[-1].startswith("All records are valid")) == (0, True)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 20_000_000,
        "- " * 10_000_000,
        "{a: " * 5_000_000,
        "- id: x\n  name:\n" + "   [a,\n" * 2_500_000,
        '- "' + "]" * 10_000_000 + '"\n- ' + "[" * 10_000_000,
        "- '" + "[" * 20_000_000 + "'\n",
    ],
    ids=["brackets", "dashes", "mappings", "brackets over lines", "quoted closers", "quoted"],
)
def test_twenty_megabytes_of_nesting_are_judged_at_the_depth_limit(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader stops at the 41st level, having taken a few dozen parser events, not
    millions. Steps, not seconds, so a busy machine cannot fail it (benchmarks/yaml_bombs.py
    times the same inputs)."""
    events = 0

    class Counting(loader._Events):  # type: ignore[misc,valid-type]
        def get_event(self) -> object:
            nonlocal events
            events += 1
            return super().get_event()

    monkeypatch.setattr(loader, "_Events", Counting)
    _tree, problems = parse_yaml(text, "f.yaml")
    assert [p.message for p in problems] in ([], [NESTED])
    assert events < 3 * loader.MAX_DEPTH  # At most a start and a key per level.


def test_deep_nesting_deep_inside_a_large_file_is_placed_on_its_line(tmp_path: Path) -> None:
    write_project(tmp_path, schools=200)
    path = tmp_path / "schools.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith("- id: ")]
    where = starts[150] + 1
    lines.insert(where, "  deep:\n" + nested_lines(2_000, "-", 2))
    path.write_text("".join(lines), encoding="utf-8")
    parsed, found, unreadable = record_files.read_records(KINDS["school"], path)
    assert [str(p) for p in found] == [f"schools.yaml:{where + 41}:81: {NESTED}"]
    assert unreadable and parsed.records == []


def test_a_control_character_is_placed_on_its_line(tmp_path: Path) -> None:
    fixture = copy_fixture("small", tmp_path)
    path = fixture / "suppliers.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Late deliveries.", "Late \x07deliveries."),
        encoding="utf-8",
    )
    assert check(fixture) == (
        1,
        [
            "suppliers.yaml:24:18: the file contains U+0007 ALERT; "
            "delete it: it is invisible and breaks calendars, spreadsheets and PDFs",
            "1 problem found; nothing was built.",
        ],
    )


# --- a file that cannot be read: its own problem, and nothing that follows from it ---------

UNPARSABLE = "- id: first\n   name: Indented one space too far\n"
SYNTAX_ERROR = (
    ":2:8: YAML syntax error: mapping values are not allowed in this context; check the "
    "indentation and quoting on this line and the one before"
)


def with_a_body_and_a_link_for_every_kind(fixture: Path) -> Path:
    """The fixture, plus a body for a record of each kind and a guide linking to each kind."""
    ids = {
        "schools": "hawes-side",
        "networks": "nesa",
        "policies": "safeguarding",
        "events": "maths-meeting",
        "suppliers": "fresh-plates",
    }
    for plural, record_id in ids.items():
        body = fixture / "content" / plural / f"{record_id}.md"
        body.parent.mkdir(parents=True, exist_ok=True)
        if not body.exists():
            body.write_text(f"About {record_id}.\n", encoding="utf-8")
    links = "".join(
        f"[{record_id}]({kind.name}:{record_id})\n"
        for kind in KINDS.values()
        for plural, record_id in ids.items()
        if plural == kind.plural
    )
    (fixture / "content" / "guide" / "links.md").write_text(links, encoding="utf-8")
    return fixture


@pytest.mark.parametrize("kind", list(KINDS))
def test_an_unparsable_record_file_is_the_only_problem_in_check(tmp_path: Path, kind: str) -> None:
    fixture = with_a_body_and_a_link_for_every_kind(copy_fixture("small", tmp_path))
    assert check(fixture)[0] == 0
    filename = KINDS[kind].filename
    (fixture / filename).write_text(UNPARSABLE, encoding="utf-8")
    assert check(fixture) == (1, [filename + SYNTAX_ERROR, "1 problem found; nothing was built."])


def test_an_unparsable_schools_file_is_the_only_problem_in_the_build(tmp_path: Path) -> None:
    fixture = with_a_body_and_a_link_for_every_kind(copy_fixture("small", tmp_path))
    (fixture / "schools.yaml").write_text(UNPARSABLE, encoding="utf-8")
    assert build_problems(fixture) == (
        1,
        ["schools.yaml" + SYNTAX_ERROR, "1 problem found; nothing was built."],
    )


def test_problems_that_do_not_depend_on_the_unparsable_file_still_show(tmp_path: Path) -> None:
    fixture = copy_fixture("small", tmp_path)
    (fixture / "schools.yaml").write_text(UNPARSABLE, encoding="utf-8")
    (fixture / "content" / "schools" / "Bad Name.md").write_text("x\n", encoding="utf-8")
    (fixture / "content" / "guide" / "more.md").write_text("[x](network:nowhere)\n")
    assert check(fixture) == (
        1,
        [
            "content/guide/more.md:1:5: link to unknown or non-public network 'nowhere'; use the "
            "id of a public network in networks.yaml, e.g. [Name](network:some-id)",
            "content/schools/Bad Name.md:1:1: content/schools/ holds only record bodies named "
            "<id>.md; move this file elsewhere in content/ or rename it to a record's id",
            "schools.yaml" + SYNTAX_ERROR,
            "3 problems found; nothing was built.",
        ],
    )


# --- YAML front matter in Markdown pages --------------------------------------------------


def write_page(project_dir: Path, text: str) -> str:
    """A guidance page in the fixture's content folder; its path as messages name it."""
    (project_dir / "content" / "deep-front-matter.md").write_text(text, encoding="utf-8")
    return "content/deep-front-matter.md"


def test_deep_front_matter_is_one_problem_in_check_at_its_line(tmp_path: Path) -> None:
    fixture = copy_fixture("small", tmp_path)
    page = write_page(fixture, f"---\ntitle: {'[' * DEEP}{']' * DEEP}\n---\n# Deep\n")
    assert check(fixture) == (
        1,
        [f"{page}:2:1007: {NESTED}", "1 problem found; nothing was built."],
    )


def test_deep_front_matter_stops_the_build_with_the_same_message(tmp_path: Path) -> None:
    # MkDocs reads front matter with libyaml's recursive C composer, and the PDFs'
    # reader with PyYAML's: either crashed on this before the project's own loader read it.
    fixture = copy_fixture("small", tmp_path)
    page = write_page(fixture, "---\ntitle: x\nmore:\n" + nested_lines(2_000, "k:", 1, 2) + "---\n")
    code, lines = build_problems(fixture)
    assert (code, lines) == (1, [f"{page}:44:43: {NESTED}", "1 problem found; nothing was built."])


def test_front_matter_that_is_not_yaml_is_a_problem_not_a_silently_different_page(
    tmp_path: Path,
) -> None:
    fixture = copy_fixture("small", tmp_path)
    page = write_page(fixture, '---\ntitle: "unclosed\n---\n# Page\n')
    code, lines = check(fixture)
    assert code == 1
    assert lines[0].startswith(f"{page}:3:1: YAML syntax error: ")


def test_plain_front_matter_passes(tmp_path: Path) -> None:
    fixture = copy_fixture("small", tmp_path)
    write_page(fixture, "---\ntitle: A guide\ntags: [one, two]\n---\n# A guide\n")
    assert check(fixture)[0] == 0
