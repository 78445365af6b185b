"""Hostile files in a project: missing, linked elsewhere, special, or not UTF-8.

Every file a pull request adds is untrusted. These tests run the real
`python -m generator check` and `mkdocs build --strict` on copies of the
small fixture, and assert each problem line and the exit code exactly.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import write_project
from helpers import copy_fixture
from hostile import build_problems, check

from generator.files import refuse_paths, walk
from generator.models import KINDS

DONE = "1 problem found; nothing was built."
VALID = "All records are valid (public site: 2 schools, 1 network, 1 policy, 1 event, 1 supplier)."


# --- a missing record file: one problem, and nothing that follows from it ----------------


def missing(kind: str) -> str:
    plural = KINDS[kind].plural
    return (
        f"{plural}.yaml:1:1: the file is missing; put it back, or if there are no {plural} "
        "yet, create it empty"
    )


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_missing_record_file_is_one_problem_in_check(tmp_path: Path, kind: str) -> None:
    fixture = copy_fixture("small", tmp_path)
    (fixture / KINDS[kind].filename).unlink()
    assert check(fixture) == (1, [missing(kind), DONE])


def test_a_missing_record_file_is_one_problem_in_the_build(tmp_path: Path) -> None:
    fixture = copy_fixture("small", tmp_path)
    (fixture / "schools.yaml").unlink()
    assert build_problems(fixture) == (1, [missing("school"), DONE])


def test_several_missing_record_files_are_one_problem_each(tmp_path: Path) -> None:
    fixture = copy_fixture("small", tmp_path)
    (fixture / "schools.yaml").unlink()
    (fixture / "networks.yaml").unlink()
    assert check(fixture) == (
        1,
        [missing("network"), missing("school"), "2 problems found; nothing was built."],
    )


@pytest.mark.parametrize("text", ["", "# No suppliers yet.\n", "[]\n"])
def test_an_empty_record_file_is_valid(tmp_path: Path, text: str) -> None:
    project = write_project(tmp_path, **{"suppliers.yaml": text})
    assert check(project) == (
        0,
        [
            "All records are valid (public site: 2 schools, 1 network, 1 policy, 1 event, "
            "0 suppliers)."
        ],
    )


def test_a_record_file_that_is_a_folder_is_one_problem(tmp_path: Path) -> None:
    fixture = copy_fixture("small", tmp_path)
    (fixture / "schools.yaml").unlink()
    (fixture / "schools.yaml").mkdir()
    assert check(fixture) == (
        1,
        ["schools.yaml:1:1: is a folder, not a file; replace it with the file of that name", DONE],
    )


# --- only the project's own files: no symbolic links, nothing outside -----------------------


def link_problem(where: str, target: str | Path, what: str = "file") -> str:
    return f"{where}:1:1: is a symbolic link to '{target}'; replace it with the {what} itself"


def secret_outside(tmp_path: Path) -> Path:
    """A folder beside the project with a file no build may publish."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Zzsecret\n\nNot the project's.\n", encoding="utf-8")
    return outside


LINKS = {
    "a body to a system file": ("content/policies/safeguarding.md", "/etc/passwd", "file"),
    "a guide page inside the project": ("content/guide/start.md", "../../schools.yaml", "file"),
    "the home page's intro": ("content/index.md", "guide/start.md", "file"),
    "an image": ("content/images/logo.png", "/etc/hostname", "file"),
    "a record file": ("schools.yaml", "/etc/passwd", "file"),
    "a folder of pages": ("content/guide", "OUTSIDE", "folder"),
    "a body folder": ("content/schools", "OUTSIDE", "folder"),
    "the content folder": ("content", "OUTSIDE", "folder"),
}


def link_into(tmp_path: Path, case: str) -> tuple[Path, str]:
    """The fixture with the link of `case` in place of a file or folder; the expected problem."""
    where, target, what = LINKS[case]
    fixture = copy_fixture("small", tmp_path)
    if target == "OUTSIDE":
        target = str(secret_outside(tmp_path))
    link = fixture / where
    if link.is_dir():
        for path in sorted(link.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        link.rmdir()
    elif link.exists():
        link.unlink()
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    return fixture, link_problem(where, target, what)


@pytest.mark.parametrize("case", list(LINKS))
def test_a_symbolic_link_is_refused_by_check(tmp_path: Path, case: str) -> None:
    fixture, problem = link_into(tmp_path, case)
    assert check(fixture) == (1, [problem, DONE])


@pytest.mark.parametrize("case", ["a body to a system file", "an image", "a folder of pages"])
def test_a_symbolic_link_is_refused_by_the_build(tmp_path: Path, case: str) -> None:
    fixture, problem = link_into(tmp_path, case)
    assert build_problems(fixture) == (1, [problem, DONE])
    assert not (fixture / "site").exists()


LATE_LINK_HOOK = """
import os


def on_config(config):
    # Runs after the schoolnet plugin has checked the content folder.
    os.symlink("/etc/passwd", os.path.join(config.docs_dir, "guide", "late.md"))
"""


def test_the_build_refuses_a_link_among_the_files_mkdocs_lists(tmp_path: Path) -> None:
    fixture = copy_fixture("small", tmp_path)
    (fixture / "late_link.py").write_text(LATE_LINK_HOOK, encoding="utf-8")
    config = fixture / "mkdocs.yml"
    config.write_text(config.read_text() + "hooks:\n  - late_link.py\n", encoding="utf-8")
    assert build_problems(fixture) == (
        1,
        [link_problem("content/guide/late.md", "/etc/passwd"), DONE],
    )


def test_a_content_folder_outside_the_project_is_refused(tmp_path: Path) -> None:
    fixture = copy_fixture("small", tmp_path)
    (fixture / "content").rename(tmp_path / "content")
    config = fixture / "mkdocs.yml"
    config.write_text(config.read_text().replace("docs_dir: content", "docs_dir: ../content"))
    problem = (
        "../content:1:1: is outside the project folder; move it inside the project "
        "(and point docs_dir in mkdocs.yml at it)"
    )
    assert build_problems(fixture) == (1, [problem, DONE])


def test_a_pipe_in_the_content_folder_is_refused_not_waited_on(tmp_path: Path) -> None:
    fixture = copy_fixture("small", tmp_path)
    os.mkfifo(fixture / "content" / "guide" / "pipe.md")
    assert check(fixture) == (
        1,
        [
            "content/guide/pipe.md:1:1: is not a regular file (a pipe, socket or device); "
            "replace it with a file or remove it",
            DONE,
        ],
    )


def test_walk_lists_only_files_reached_through_real_folders(tmp_path: Path) -> None:
    outside = secret_outside(tmp_path)
    root = tmp_path / "project"
    (root / "content" / "guide").mkdir(parents=True)
    (root / "content" / "guide" / "a.md").write_text("A\n")
    (root / "content" / "b.md").write_text("B\n")
    (root / "content" / "linked").symlink_to(outside)
    (root / "content" / "guide" / "c.md").symlink_to(outside / "secret.md")
    walked = walk(root, "content")
    assert walked.files == [root / "content" / "b.md", root / "content" / "guide" / "a.md"]
    assert sorted(str(p) for p in walked.problems) == [
        link_problem("content/guide/c.md", outside / "secret.md"),
        link_problem("content/linked", outside, "folder"),
    ]


def test_paths_through_links_or_out_of_the_project_are_refused(tmp_path: Path) -> None:
    outside = secret_outside(tmp_path)
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "content" / "linked").symlink_to(outside)
    (root / "content" / "own.md").write_text("Own\n")
    assert [
        str(p)
        for p in refuse_paths(
            root,
            [
                "content/own.md",
                "content/linked/secret.md",
                "content/linked/other.md",
                "content/../../outside/secret.md",
                "/etc/passwd",
            ],
        )
    ] == [
        link_problem("content/linked", outside, "folder"),
        "content/../../outside/secret.md:1:1: is outside the project folder; move it inside "
        "the project (and point docs_dir in mkdocs.yml at it)",
        "/etc/passwd:1:1: is outside the project folder; move it inside the project (and "
        "point docs_dir in mkdocs.yml at it)",
    ]


# --- Markdown that is not UTF-8: a problem at the first bad byte, in every Markdown file ----

NOT_UTF8 = {
    "a guidance page": (
        "content/guide/start.md",
        b"# Start\n\nCaf\xe9 au lait\n",
        "3:4",
        "continuation",
    ),
    "the home page's intro": ("content/index.md", b"Welcome \xff\n", "1:9", "start"),
    "a record body": ("content/schools/hawes-side.md", b"About us.\n\n\x80\n", "3:1", "start"),
    "a page named .markdown": ("content/guide/more.markdown", b"x \xe9\n", "1:3", "continuation"),
}


def not_utf8(tmp_path: Path, case: str) -> tuple[Path, str]:
    """The fixture with the file of `case` holding a byte that is not UTF-8; the problem."""
    where, data, place, byte = NOT_UTF8[case]
    fixture = copy_fixture("small", tmp_path)
    (fixture / where).write_bytes(data)
    return fixture, f"{where}:{place}: is not UTF-8 text (invalid {byte} byte); save it as UTF-8"


@pytest.mark.parametrize("case", list(NOT_UTF8))
def test_markdown_that_is_not_utf8_is_a_problem_in_check(tmp_path: Path, case: str) -> None:
    fixture, problem = not_utf8(tmp_path, case)
    assert check(fixture) == (1, [problem, DONE])


@pytest.mark.parametrize("case", ["a guidance page", "a page named .markdown"])
def test_markdown_that_is_not_utf8_is_a_problem_in_the_build(tmp_path: Path, case: str) -> None:
    fixture, problem = not_utf8(tmp_path, case)
    assert build_problems(fixture) == (1, [problem, DONE])
