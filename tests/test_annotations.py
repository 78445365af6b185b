"""Problems as GitHub workflow commands, and the check command under GitHub Actions."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import SCHOOLS, replace_once, write_project

from generator.annotations import github_annotation
from generator.positions import Pos, Problem


def test_annotation_names_file_line_and_column() -> None:
    problem = Problem(Pos("schools.yaml", 41, 9), "school 'hawes-side'", "urn must be 6 digits")
    assert github_annotation(problem) == (
        "::error file=schools.yaml,line=41,col=9,title=school 'hawes-side'::"
        "school 'hawes-side': urn must be 6 digits"
    )


def test_annotation_escapes_what_github_would_misread() -> None:
    problem = Problem(Pos("a,b:c.yaml", 1, 2), "school 'x'", "100% wrong\nsecond line; a: b, c")
    assert github_annotation(problem) == (
        "::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=school 'x'::"
        "school 'x': 100%25 wrong%0Asecond line; a: b, c"
    )


def test_annotation_without_a_record() -> None:
    problem = Problem(Pos("content/guide.md", 3, 4), "", "link to unknown school 'x'")
    assert github_annotation(problem) == (
        "::error file=content/guide.md,line=3,col=4,title=content/guide.md::"
        "link to unknown school 'x'"
    )


def run_check(project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(project), "check"],
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": "", **env},
        check=False,
    )


def test_check_prints_annotations_under_github_actions(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, 'urn: "119346"', 'urn: "12345"')
    project = write_project(tmp_path, **{"schools.yaml": schools})
    result = run_check(project, GITHUB_ACTIONS="true")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=schools.yaml,line=3,col=8,title=school 'hawes-side'::school 'hawes-side': "
        "urn must be 6 digits, got '12345'; copy the URN from Get Information about Schools "
        "(e.g. 119346)"
    ]
    assert result.stderr.startswith("schools.yaml:3:8: school 'hawes-side': urn must be 6 digits")
    plain = run_check(project)
    assert plain.returncode == 1
    assert plain.stdout == ""
    assert plain.stderr == result.stderr
