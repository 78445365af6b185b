"""Hostile files in a project: missing, linked elsewhere, special, or not UTF-8.

Every file a pull request adds is untrusted. These tests run the real
`python -m generator check` and `mkdocs build --strict` on copies of the
small fixture, and assert each problem line and the exit code exactly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_project
from helpers import copy_fixture
from hostile import build_problems, check

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
