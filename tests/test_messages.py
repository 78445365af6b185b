"""CONTRIBUTING.md's message table against the code: every message has a row, every row a message.

Three links, each checked both ways where it can be:

1. The code's messages: every message text written in `generator/` (the
   third argument of `Problem(...)`, a `RuleError(...)`, a refused markup
   `Refusal(...)`, ...) is found by reading the source (`message_sites`),
   so a new message cannot slip in unnoticed.
2. The examples: `EXAMPLES` holds, for each message, a small project with
   that one mistake. Every message site must be matched by a message an
   example really gives (the real loader and checks, no stand-ins).
3. The table: every message the examples give must match a row of the
   table in CONTRIBUTING.md's "What each message means", and every row must
   match a message an example gives, so the table neither lacks a message
   nor keeps one the code can no longer give. In a row, `…` stands for any
   text (the message shortened, or a value that varies).

A message added to the code fails (1→2) until it has an example, then
(2→3) until CONTRIBUTING.md explains it.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from conftest import EVENTS, NETWORKS, POLICIES, SCHOOLS, SUPPLIERS, TODAY, replace_once
from conftest import write_project as write
from helpers import ROOT, mkdocs

from generator.positions import ProblemsFound
from generator.project import Sources, load_sources, site_for

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
TABLE_HEADING = "## What each message means"

MESSAGE_ARGUMENT = {"Problem": 2, "problem": 1, "RuleError": 0, "Refusal": 0, "PluginError": 0}
"""The calls that make a message, and which of their arguments is its text."""
NOT_FOR_CONTRIBUTORS = {
    "generator/mkdocs_errors.py": "the site's own templates or code failed, not the data",
    "generator/plugin_pdfs.py": "the build machine lacks a library, not the data",
    "generator/mkdocs_cms.py": "mkdocs.yml's editor settings, which only a maintainer changes",
}
"""Modules whose messages are for whoever runs the build, not for a contributor: no row."""
CANNOT_BE_MADE_HERE = {
    "cannot be read ({}); make it readable or remove it": (
        "the tests run as root, whom no file permission stops",
        "cannot be read (Permission denied); make it readable or remove it",
    ),
    "YAML error: {}; fix the file's syntax": (
        "PyYAML reports every syntax problem with its place (the message above); this is the "
        "fallback for a problem without one",
        "YAML error: unexpected end of stream; fix the file's syntax",
    ),
    "is not a valid repeat rule ({}); see RFC 5545 RRULE": (
        "the checks of each part refuse first every rule the calendar library would refuse; "
        "this is its safety net",
        "repeat is not a valid repeat rule (invalid rule); see RFC 5545 RRULE",
    ),
}
"""Messages no example can give on the test machine: why, and a message as the code would
write it, which the table must still explain."""


# --- 1. the code's messages ------------------------------------------------------------


def _template(node: ast.expr) -> str | None:
    """A message's text with `{}` for each value filled in; None when it is not text."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return (_template(node.left) or "{}") + (_template(node.right) or "{}")
    return None


def _called(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _message_nodes(tree: ast.Module) -> Iterator[ast.expr]:
    """The expressions in a module that are a message's text.

    Besides the calls of MESSAGE_ARGUMENT: a record rule's `(_at(record,
    field), message)` pairs, and what a `*_problem(s)` function returns.
    """
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called(node) in MESSAGE_ARGUMENT:
            index = MESSAGE_ARGUMENT[_called(node)]
            if len(node.args) > index:
                yield node.args[index]
        elif (
            isinstance(node, ast.Tuple)
            and len(node.elts) == 2
            and isinstance(node.elts[0], ast.Call)
            and _called(node.elts[0]) == "_at"
        ):
            yield node.elts[1]
        elif isinstance(node, ast.FunctionDef) and "problem" in node.name:
            for returned in ast.walk(node):
                if isinstance(returned, ast.Return) and returned.value is not None:
                    value = returned.value
                    yield from value.elts if isinstance(value, ast.List) else [value]


@cache
def message_sites() -> dict[str, str]:
    """Every message template in `generator/` (the GIAS commands aside), with where it is.

    A text whose words are mostly filled in (`f"{name} {err}"`) only wraps
    another message and is not one itself.
    """
    sites: dict[str, str] = {}
    for path in sorted((ROOT / "generator").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if "gias" in path.parts or rel in NOT_FOR_CONTRIBUTORS:
            continue
        for node in _message_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            text = _template(node)
            if text is not None and len(text.replace("{}", "")) >= 8:
                sites[text] = f"{rel}:{node.lineno}"
    return sites


def template_pattern(template: str) -> re.Pattern[str]:
    """A template as a pattern: the values may be anything."""
    return re.compile(".*".join(re.escape(part) for part in template.split("{}")), re.DOTALL)


# --- 2. the examples ------------------------------------------------------------------

HAWES_END = "  networks: [nesa]\n- id: bramble-hill\n"


def hawes(*lines: str) -> dict[str, str]:
    """schools.yaml with more lines in the first school's record."""
    added = "".join(f"  {line}\n" for line in lines)
    return {
        "schools.yaml": replace_once(
            SCHOOLS, HAWES_END, f"  networks: [nesa]\n{added}- id: bramble-hill\n"
        )
    }


def school(old: str, new: str) -> dict[str, str]:
    """schools.yaml with one piece of text changed."""
    return {"schools.yaml": replace_once(SCHOOLS, old, new)}


def event(*lines: str, old: str = "", new: str = "") -> dict[str, str]:
    """events.yaml with more lines in the event, or one piece of text changed."""
    text = replace_once(EVENTS, old, new) if old else EVENTS
    return {"events.yaml": text + "".join(f"  {line}\n" for line in lines)}


def repeat(rule: str) -> dict[str, str]:
    """The event, repeating by `rule`."""
    return event(f'repeat: "{rule}"')


def page(text: str) -> dict[str, str]:
    """A guidance page."""
    return {"content/guide.md": text}


def _symlink(root: Path) -> None:
    (root / "content" / "guide.md").symlink_to("/etc/hostname")


def _fifo(root: Path) -> None:
    os.mkfifo(root / "content" / "pipe.md")


def _folder(root: Path) -> None:
    (root / "events.yaml").unlink()
    (root / "events.yaml").mkdir()


def _too_large(root: Path) -> None:
    with (root / "events.yaml").open("r+b") as file:  # Sparse: nothing is written.
        file.truncate(65 * 1024 * 1024)


Files = dict[str, str | bytes | None]

MEMBERS = "members"
PILOT = "- id: pilot\n  name: Pilot Group\n  kind: role network\n  parent: nesa\n"
"""A members-only network, the members' folder's one record unless an example says otherwise."""


@dataclass(frozen=True)
class WithMembers:
    """An example in a project with a members' folder (docs/members.md), set as mkdocs.yml
    sets it: `members_folder: <folder>`, and `private_in_public: refuse` when `refuse`.

    `files` as a plain example's, the members' folder's among them (`members/...`); the
    folder holds PILOT in `members/networks.yaml` unless `files` replaces it (None: left out).
    """

    files: Mapping[str, str | bytes | None]
    folder: str = MEMBERS
    refuse: bool = False


def members_file(name: str, text: str) -> WithMembers:
    """An example whose members' folder has one more file, or one file replaced."""
    return WithMembers({f"{MEMBERS}/{name}": text})


Example = Files | WithMembers | Callable[[Path], None]

DEEP = "[" * 45 + "]" * 45
LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n"
    for i in range(8)
)

EXAMPLES: dict[str, Example] = {
    # Values
    "urn": school('urn: "119346"', 'urn: "12345"'),
    "postcode": school("postcode: FY4 3LN", "postcode: FY4"),
    "website": hawes("website: www.hawes-side.example"),
    "email": hawes("email: office at hawes-side"),
    "phone": hawes('phone: "ring the office"'),
    "choice": school("phase: primary", "phase: primry"),
    "bool": hawes("public: no"),
    "quoted bool": hawes('public: "false"'),
    "integer": hawes("age_low: 40"),
    "number": hawes("coordinates: {lat: 95, lon: 0}"),
    "date form": hawes("joined: 14/01/2027"),
    "date real": hawes("joined: 2027-02-30"),
    "date range": hawes("joined: 0205-01-01"),
    "time": event(old='start: "2027-01-14 16:00"', new='start: "2027-01-14 4pm"'),
    "zone": event("timezone: Europe/Londn"),
    "text empty": school("name: Hawes Side Academy", 'name: " "'),
    "text long": hawes("summary: " + "x" * 1001),
    "text lines": school("name: Hawes Side Academy", 'name: "Hawes Side\\nAcademy"'),
    "title brackets": school("name: Hawes Side Academy", "name: Hawes <b>Side</b>"),
    "id form": school("id: hawes-side", "id: Hawes Side"),
    "id long": school("id: hawes-side", "id: " + "h" * 81),
    "character": school("name: Hawes Side Academy", 'name: "Hawes\\eSide"'),
    "repeat interval": repeat("FREQ=WEEKLY;INTERVAL=0;COUNT=3"),
    "repeat byday": repeat("FREQ=WEEKLY;BYDAY=XX;COUNT=3"),
    "repeat count list": repeat("FREQ=WEEKLY;COUNT=1,2"),
    "repeat until form": repeat("FREQ=WEEKLY;UNTIL=soon"),
    "repeat until real": repeat("FREQ=WEEKLY;UNTIL=2027-02-30"),
    "repeat until range": repeat("FREQ=WEEKLY;UNTIL=2200-01-01"),
    "repeat part": repeat("FREQ=WEEKLY;EVERY=2;COUNT=3"),
    "repeat twice": repeat("FREQ=WEEKLY;COUNT=2;COUNT=3"),
    "repeat freq": repeat("FREQ=HOURLY;COUNT=3"),
    "repeat end": repeat("FREQ=WEEKLY"),
    "repeat too many": repeat("FREQ=DAILY;UNTIL=2029-12-31"),
    "repeat too late": repeat("FREQ=YEARLY;COUNT=100"),
    "repeat none": repeat("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=3"),
    # Records
    "unknown field": hawes("publc: false"),
    "missing field": school("  phase: primary\n  type: academy\n", "  type: academy\n"),
    "empty field": school("phase: primary", "phase:"),
    "not a list": school(
        "networks: [nesa]\n- id: bramble-hill", "networks: nesa\n- id: bramble-hill"
    ),
    "not one value": school("phase: primary", "phase: [primary, secondary]"),
    "not fields": {"schools.yaml": SCHOOLS + "- Cedar Vale Primary\n"},
    "file not a list": {"schools.yaml": "id: hawes-side\nname: Hawes Side Academy\n"},
    "abroad": hawes("country: Italy"),
    "urn missing": school('  urn: "119346"\n', ""),
    "la missing": school("  local_authority: Blackpool\n", ""),
    "ages": hawes("age_low: 11", "age_high: 4"),
    "end before start": event(old='end: "2027-01-14 17:30"', new='end: "2027-01-14 15:30"'),
    "no venue": event(old="  venue: Hawes Side Academy hall\n", new=""),
    "review due": {"policies.yaml": replace_once(POLICIES, "2026-09-01", "2024-09-01")},
    "sla": {
        "suppliers.yaml": SUPPLIERS + "      sla:\n        start: 2026-09-01\n"
        "        review: 2026-01-01\n"
    },
    # Between records
    "index": school("id: bramble-hill", "id: index"),
    "duplicate id": school("id: bramble-hill", "id: hawes-side"),
    "duplicate urn": school('urn: "012345"', 'urn: "119346"'),
    "unknown ref": school(
        "networks: [nesa]\n- id: bramble-hill", "networks: [nesa-maths]\n- id: bramble-hill"
    ),
    "parent loop": {
        "networks.yaml": NETWORKS + "  parent: inner\n- id: inner\n  name: Inner\n"
        "  kind: local alliance\n  parent: nesa\n"
    },
    "private owner": {"networks.yaml": NETWORKS + "  public: false\n"},
    # The file's layout
    "duplicate key": hawes("phase: secondary"),
    "key not a word": hawes("[a, b]: c"),
    "tag": hawes("summary: !python/object text"),
    "syntax": school("  phase: primary\n", " phase: primary\n"),
    "control character": {"schools.yaml": SCHOOLS.replace("Blackpool", "Black\x1bpool").encode()},
    "not utf-8": {"schools.yaml": SCHOOLS.replace("Blackpool", "Black\xa0pool").encode("latin-1")},
    "too deep": {"events.yaml": f"- {DEEP}\n"},
    "aliases": {"events.yaml": LAUGHS},
    "too large": _too_large,
    "file missing": {"events.yaml": None},
    "a folder": _folder,
    # Files in content/
    "body without record": {"content/schools/cedar-vale.md": "Text\n"},
    "body front matter": {"content/schools/hawes-side.md": "---\ntitle: x\n---\nText\n"},
    "stray file": {"content/schools/notes.txt": "Notes\n"},
    "symbolic link": _symlink,
    "special file": _fifo,
    # Pages and record texts
    "record link": page("See [Cedar Vale](school:cedar-vale).\n"),
    "record kind": page("See [Hawes Side](shcool:hawes-side).\n"),
    "element": page("Hello <marquee>there</marquee>\n"),
    "element dropped": page("Hello <script>alert(1)</script>\n"),
    "attribute": page('<span onclick="x()">Hi</span>\n'),
    "address": page("[Click](javascript:alert(1))\n"),
    "reserved class": page('<span class="md-typeset">Hi</span>\n'),
    "style": page('<table><tr><td style="color: red">Hi</td></tr></table>\n'),
    "comment": page("Hello <!-- our notes -->\n"),
    "nesting": page(">" * 55 + " deep\n"),
    # The members' folder
    "names members-only": WithMembers(
        school(
            "networks: [nesa]\n- id: bramble-hill", "networks: [nesa, pilot]\n- id: bramble-hill"
        )
    ),
    "members same id": members_file(
        "networks.yaml", PILOT + "- id: nesa\n  name: Other\n  kind: local alliance\n"
    ),
    "members adds to nothing": members_file(
        "schools.yaml", "- id: hawes-sid\n  networks: [pilot]\n"
    ),
    "members public true": members_file("networks.yaml", PILOT + "  public: true\n"),
    "members item public true": members_file(
        "suppliers.yaml",
        replace_once(SUPPLIERS, "fresh-plates", "quiet-vans") + "      public: true\n",
    ),
    "members private record": WithMembers(hawes("public: false"), refuse=True),
    "members private item": WithMembers(
        {"suppliers.yaml": SUPPLIERS + "      public: false\n"}, refuse=True
    ),
    "members content page": members_file("content/guide.md", "# A guide\n"),
    "members body without record": members_file("content/policies/pilot-plan.md", "Text\n"),
    "members folder missing": WithMembers({f"{MEMBERS}/networks.yaml": None}),
    "members folder outside": WithMembers({}, folder="../members"),
    "members folder is project": WithMembers({}, folder="."),
    "members folder in content": WithMembers(
        {"content/members/networks.yaml": PILOT}, folder="content/members"
    ),
}
"""For each kind of message, a project with that one mistake (added to the valid baseline)."""


def messages_of(
    root: Path, content_dir: str = "content", members_dir: str | None = None, refuse: bool = False
) -> list[str]:
    """The messages `check` (and the build) give for a project, for both audiences (without
    file and record); `members_dir` and `refuse` are mkdocs.yml's members' settings."""
    sources = Sources(root, content_dir, members_dir)
    loaded = load_sources(sources, refuse_private=refuse)
    found: list[str] = []
    for members in (True, False):
        try:
            site_for(loaded, sources, today=TODAY, members=members)
        except ProblemsFound as problems:
            found += [problem.message for problem in problems.problems]
    return sorted(set(found))


@pytest.fixture(scope="module")
def given(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Each example's messages."""
    result = {}
    for name, example in EXAMPLES.items():
        root = write(tmp_path_factory.mktemp("example"))
        if callable(example):
            example(root)
            result[name] = messages_of(root)
            continue
        if isinstance(example, WithMembers):
            files = {f"{MEMBERS}/networks.yaml": PILOT, **example.files}
            members_dir, refuse = example.folder, example.refuse
        else:
            files, members_dir, refuse = example, None, False
        write(root, baseline=False, **files)
        for path, text in files.items():
            if text is None:
                (root / path).unlink(missing_ok=True)
        result[name] = messages_of(root, members_dir=members_dir, refuse=refuse)
    # A content folder outside the project (docs_dir: ../elsewhere in mkdocs.yml).
    outside = write(tmp_path_factory.mktemp("outside") / "project")
    result["content outside"] = messages_of(outside, "../elsewhere")
    return result


# --- 3. the table ---------------------------------------------------------------------


def table_rows() -> list[tuple[str, list[str]]]:
    """Each row of the message table: the row as written, and the messages its first cell shows."""
    text = CONTRIBUTING.read_text(encoding="utf-8")
    assert TABLE_HEADING in text, f"CONTRIBUTING.md has no section {TABLE_HEADING!r}"
    section = text.split(TABLE_HEADING, 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        first = line.split(" | ", 1)[0]
        rows.append((line, re.findall(r"`([^`]+)`", first)))
    return rows


def row_pattern(shown: str) -> re.Pattern[str]:
    """A row's message as a pattern: `…` for any text; the row may show part of the message."""
    return re.compile(
        ".*" + ".*".join(re.escape(part) for part in shown.split("…")) + ".*", re.DOTALL
    )


def all_messages(given: dict[str, list[str]]) -> list[str]:
    made = [message for messages in given.values() for message in messages]
    return made + [example for _why, example in CANNOT_BE_MADE_HERE.values()]


@pytest.mark.parametrize("name", [*EXAMPLES, "content outside"])
def test_each_example_gives_a_message(given: dict[str, list[str]], name: str) -> None:
    assert given[name], f"the example {name!r} gives no message: it no longer shows a mistake"


def test_every_message_in_the_code_has_an_example(given: dict[str, list[str]]) -> None:
    made = all_messages(given) + BUILD_MESSAGES
    missing = [
        f"{where}: {template!r}"
        for template, where in message_sites().items()
        if template not in CANNOT_BE_MADE_HERE
        and not any(template_pattern(template).search(message) for message in made)
    ]
    assert not missing, "no example gives these messages; add one to EXAMPLES:\n" + "\n".join(
        missing
    )


def test_every_message_has_a_row(given: dict[str, list[str]]) -> None:
    patterns = [row_pattern(shown) for _row, shown_list in table_rows() for shown in shown_list]
    unexplained = sorted(
        {m for m in all_messages(given) if not any(p.fullmatch(m) for p in patterns)}
    )
    assert not unexplained, f"CONTRIBUTING.md's {TABLE_HEADING!r} has no row for:\n" + "\n".join(
        unexplained
    )


def test_every_row_is_a_message(given: dict[str, list[str]]) -> None:
    made = all_messages(given) + BUILD_MESSAGES
    stale = [
        row
        for row, shown_list in table_rows()
        for shown in shown_list
        if not any(row_pattern(shown).fullmatch(message) for message in made)
    ]
    assert not stale, "these rows show a message the code does not give:\n" + "\n".join(stale)


def test_the_scan_finds_messages() -> None:
    """The source scan itself: it finds messages of each kind of call, and no wrapper."""
    sites = message_sites()
    assert (
        "must be 6 digits, got {}; copy the URN from Get Information about Schools "
        "(e.g. 119346)" in sites
    )  # RuleError
    assert any(t.startswith("duplicate id: another {}") for t in sites)  # Problem
    assert any(t.startswith("end ({}) must be after start") for t in sites)  # a record rule
    assert any(t.startswith("contains {} at character {}") for t in sites)  # a *_problem
    assert "{} {}" not in sites
    assert len(sites) > 80


# --- build-only messages -----------------------------------------------------------------

BUILD_MESSAGES = [
    "this page would be published at /schools/, the same address as the schools directory, "
    "generated from schools.yaml; rename or move this file",
    "content/search/records/x.json: this place is kept for the site's search index and "
    "directory data; rename or move the file",
    "content/data/schools.csv: this file would replace the generated download "
    "data/schools.csv; rename or move it",
]
"""What the build says for the three mistakes of test_build_only_messages (the test checks it)."""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("path", "expected"),
    [("schools.md", 0), ("search/records/x.json", 1), ("data/schools.csv", 2)],
)
def test_build_only_messages(tmp_path: Path, path: str, expected: int) -> None:
    """Content files the build refuses (a check does not list content as MkDocs does)."""
    from helpers import copy_fixture

    project = copy_fixture("small", tmp_path)
    target = project / "content" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("x\n", encoding="utf-8")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode != 0
    assert BUILD_MESSAGES[expected] in result.stderr, result.stderr
