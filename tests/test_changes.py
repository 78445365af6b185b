"""Change summaries between two git revisions of a data repository built in tmp_path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EVENTS, SCHOOLS, SUPPLIERS, replace_once, write_project

GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=GIT_ENV)


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    project = write_project(tmp_path / "data")
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "base")
    return project


def diff(repo: Path, *revs: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(repo), "diff", *revs],
        capture_output=True,
        text=True,
        check=False,
    )


def change(repo: Path, name: str, text: str) -> None:
    (repo / name).write_text(text, encoding="utf-8")
    commit_all(repo, f"change {name}")


def test_no_changes(repo: Path) -> None:
    result = diff(repo, "HEAD", "HEAD")
    assert result.returncode == 0
    assert result.stdout == "## Changes to the records\n\nNo changes to the records.\n"


def test_added_and_removed_schools(repo: Path) -> None:
    schools = SCHOOLS.replace("- id: bramble-hill", "- id: zz-removed-marker").split(
        "- id: zz-removed-marker"
    )[0]
    schools += (
        '- id: cedar-vale\n  name: Cedar Vale Primary\n  urn: "123456"\n  phase: primary\n'
        "  type: community\n  local_authority: Gateshead\n  public: false\n"
        '- id: oak-ridge\n  name: Oak Ridge Academy\n  urn: "223456"\n  phase: secondary\n'
        "  type: academy\n  local_authority: Gateshead\n"
    )
    change(repo, "schools.yaml", schools)
    assert diff(repo, "HEAD~1", "HEAD").stdout == (
        "## Changes to the records\n\n"
        "2 schools added, 1 school removed.\n\n"
        "- 2 schools added: Cedar Vale Primary (`cedar-vale`, not public), "
        "Oak Ridge Academy (`oak-ridge`)\n"
        "- 1 school removed: Bramble Hill School (`bramble-hill`)\n"
    )


def test_modified_fields_rating_cancellation_and_visibility(repo: Path) -> None:
    (repo / "suppliers.yaml").write_text(replace_once(SUPPLIERS, "rating: 5", "rating: 3"))
    (repo / "events.yaml").write_text(EVENTS + "  status: cancelled\n")
    schools = replace_once(
        SCHOOLS,
        "  networks: [nesa]\n- id: bramble-hill",
        "  networks: [nesa]\n  public: false\n- id: bramble-hill",
    )
    schools = replace_once(schools, "local_authority: Northumberland", "local_authority: Gateshead")
    (repo / "schools.yaml").write_text(schools)
    commit_all(repo, "several")
    assert diff(repo, "HEAD~1", "HEAD").stdout == (
        "## Changes to the records\n\n"
        "1 school changed, 1 school made not public, 1 event cancelled, "
        "1 supplier recommendation changed.\n\n"
        "- school Bramble Hill School (`bramble-hill`): "
        "local_authority Northumberland → Gateshead\n"
        "- school Hawes Side Academy (`hawes-side`): made not public\n"
        "- event Maths network meeting (`maths-meeting`): cancelled\n"
        "- supplier Fresh Plates Catering (`fresh-plates`): recommendation by `hawes-side` "
        "changed: rating 5 → 3\n"
    )


def test_renamed_id_is_reported_as_a_rename(repo: Path) -> None:
    change(
        repo,
        "schools.yaml",
        replace_once(SCHOOLS, "- id: bramble-hill", "- id: bramble-hill-school"),
    )
    assert diff(repo, "HEAD~1", "HEAD").stdout == (
        "## Changes to the records\n\n"
        "1 school renamed.\n\n"
        "- school id renamed: `bramble-hill` → `bramble-hill-school` "
        "(Bramble Hill School (`bramble-hill-school`))\n"
    )


def test_recommendation_added_and_removed(repo: Path) -> None:
    suppliers = SUPPLIERS.replace("    - school: hawes-side", "    - school: bramble-hill")
    change(repo, "suppliers.yaml", suppliers)
    assert diff(repo, "HEAD~1", "HEAD").stdout == (
        "## Changes to the records\n\n"
        "1 supplier recommendation added, 1 supplier recommendation removed.\n\n"
        "- supplier Fresh Plates Catering (`fresh-plates`): recommendation by `bramble-hill` "
        "added (rating 5); recommendation by `hawes-side` removed\n"
    )


def test_working_tree_against_head(repo: Path) -> None:
    (repo / "events.yaml").write_text(EVENTS.replace("Maths network meeting", "Maths meeting"))
    assert (
        "- event Maths meeting (`maths-meeting`): title Maths network meeting → Maths meeting\n"
        in (diff(repo, "HEAD").stdout)
    )


def test_unknown_revision_is_a_clear_error(repo: Path) -> None:
    result = diff(repo, "no-such-branch", "HEAD")
    assert result.returncode == 2
    assert result.stderr == (
        "diff: git does not know the revision 'no-such-branch'; fetch it or check its name\n"
    )
    assert "Traceback" not in result.stderr


def test_file_added_in_head(repo: Path) -> None:
    (repo / "suppliers.yaml").unlink()
    commit_all(repo, "no suppliers yet")
    (repo / "suppliers.yaml").write_text(SUPPLIERS)
    commit_all(repo, "suppliers")
    assert diff(repo, "HEAD~1", "HEAD").stdout.splitlines()[2] == "1 supplier added."
