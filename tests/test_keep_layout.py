"""`python -m generator keep-layout`: the browser editor's rewrite undone, its change kept.

Each test commits the sample's record files in a real git repository, puts
in their place the files as the browser editor (Sveltia CMS) writes them,
runs the command against the base and reads `git diff`: only the lines the
change needs may differ. The editor's rewrite is either a copy of what it
really wrote (tests/fixtures/cms-schools.yaml, one school's address edited)
or made here the way it makes it: loaded, every record's fields in the
model's order with the defaults written out, dumped with long text on one
line and no comments.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from git_repos import GIT_ENV, commit_all, git
from helpers import ROOT
from test_issue_forms import HOSTILE

from generator.loader import parse_yaml
from generator.models import KINDS, field_specs

FILES = [kind.filename for kind in KINDS.values()]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The sample's record files, committed on main."""
    project = tmp_path / "project"
    project.mkdir()
    for name in FILES:
        shutil.copy(ROOT / name, project / name)
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "base")
    return project


def _in_model_order(cls: type[Any], record: dict[str, Any]) -> dict[str, Any]:
    specs = field_specs(cls)
    out: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name in record:
            value = record[f.name]
            nested = specs[f.name].nested if f.name in specs else None
            if nested is not None and isinstance(value, list):
                value = [_in_model_order(nested, v) for v in value]
            elif nested is not None and isinstance(value, dict):
                value = _in_model_order(nested, value)
            out[f.name] = value
        elif "spec" in f.metadata and f.default not in (dataclasses.MISSING, None):
            out[f.name] = f.default
    return out


def cms_rewrite(name: str, records: list[dict[str, Any]]) -> str:
    """The file as the editor writes it on its first save."""
    kind = next(k for k in KINDS.values() if k.filename == name)
    rewritten = [_in_model_order(kind.cls, r) for r in records]
    return yaml.safe_dump(rewritten, sort_keys=False, allow_unicode=True, width=100_000)


def sample(name: str) -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    return loaded


def keep_layout(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m generator keep-layout` on `repo` (against main unless told)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "--project",
            str(repo),
            "keep-layout",
            *(args or ("--base=main",)),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=GIT_ENV,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def changed_lines(repo: Path) -> list[str]:
    """The lines `git diff` adds and removes, without its headers."""
    out = subprocess.run(
        ["git", "-C", str(repo), "diff", "-U0", "--no-color"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        line
        for line in out.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("#")]


def test_the_editors_own_rewrite_comes_back_as_a_one_line_change(repo: Path) -> None:
    shutil.copy(ROOT / "tests" / "fixtures" / "cms-schools.yaml", repo / "schools.yaml")
    assert len(changed_lines(repo)) > 500  # what the editor's pull request showed
    result = keep_layout(repo)
    assert result.returncode == 0, result.stderr
    assert "schools.yaml: layout restored (1 changed, 0 added, 0 removed)" in result.stdout
    assert changed_lines(repo) == [
        "-  address: Station Road, Rothbury",
        "+  address: Station Road, Rothbury, Morpeth",
    ]


def test_a_rewrite_without_a_change_leaves_the_file_as_it_was(repo: Path) -> None:
    for name in FILES:
        (repo / name).write_text(cms_rewrite(name, sample(name)), encoding="utf-8")
    assert keep_layout(repo).returncode == 0
    # Defaults the editor wrote out (status: open, public: true) are not added.
    assert changed_lines(repo) == []


def test_an_added_event_goes_in_date_order_and_the_comments_stay(repo: Path) -> None:
    events = sample("events.yaml")
    new = {
        "id": "nesa-finance-clinic-2026",
        "title": "NESA finance clinic",
        "kind": "workshop",
        "start": "2026-12-05 10:00",
        "end": "2026-12-05 11:00",
        "venue": "Online",
        "organiser": "nesa",
    }
    later = next(i for i, e in enumerate(events) if e["start"] > new["start"])
    events.insert(len(events), new)  # the editor adds at the end
    (repo / "events.yaml").write_text(cms_rewrite("events.yaml", events), encoding="utf-8")
    result = keep_layout(repo)
    assert result.returncode == 0, result.stderr
    text = (repo / "events.yaml").read_text(encoding="utf-8")
    base = (ROOT / "events.yaml").read_text(encoding="utf-8")
    assert comments(text) == comments(base)
    lines = changed_lines(repo)
    assert all(line.startswith("+") for line in lines)
    assert "+  status: scheduled" not in lines and "+  timezone: Europe/London" not in lines
    assert lines[:2] == ["+- id: nesa-finance-clinic-2026", "+  title: NESA finance clinic"]
    order = [e["id"] for e in yaml.safe_load(text)]
    assert order.index(new["id"]) == later
    assert order[later + 1] == events[later]["id"]


def test_a_removed_school_goes_with_its_own_lines_and_the_heading_after_it_stays(
    repo: Path,
) -> None:
    base = (ROOT / "schools.yaml").read_text(encoding="utf-8")
    schools = sample("schools.yaml")
    # The last school of Northumberland: the Newcastle heading follows it.
    last = max(i for i, s in enumerate(schools) if s.get("local_authority") == "Northumberland")
    gone = schools.pop(last)
    (repo / "schools.yaml").write_text(cms_rewrite("schools.yaml", schools), encoding="utf-8")
    assert keep_layout(repo).returncode == 0
    text = (repo / "schools.yaml").read_text(encoding="utf-8")
    lines = changed_lines(repo)
    assert all(line.startswith("-") for line in lines)
    # The item's own lines and one blank line, wherever git aligns the blank line.
    own = [line for line in lines if line != "-"]
    assert own[0] == f"-- id: {gone['id']}" and len(lines) == len(own) + 1
    assert "".join(line[1:] + "\n" for line in own) in base
    assert comments(text) == comments(base)
    assert "\n\n\n" not in text
    assert gone["id"] not in [s["id"] for s in yaml.safe_load(text)]


def test_changed_and_removed_fields_of_nested_records(repo: Path) -> None:
    schools = sample("schools.yaml")
    schools[0]["coordinates"]["lat"] = 55.1
    del schools[0]["email"]
    suppliers = sample("suppliers.yaml")
    with_recs = next(s for s in suppliers if s.get("recommendations"))
    with_recs["recommendations"][0]["rating"] = 3
    (repo / "schools.yaml").write_text(cms_rewrite("schools.yaml", schools), encoding="utf-8")
    (repo / "suppliers.yaml").write_text(cms_rewrite("suppliers.yaml", suppliers), encoding="utf-8")
    assert keep_layout(repo).returncode == 0
    lines = changed_lines(repo)
    assert lines[:3] == [
        "-    lat: 55.1662",
        "+    lat: 55.1",
        f"-  email: {sample('schools.yaml')[0]['email']}",
    ]
    old_rating = sample("suppliers.yaml")
    old = next(s for s in old_rating if s["id"] == with_recs["id"])["recommendations"][0]["rating"]
    assert lines[3:] == [f"-      rating: {old}", "+      rating: 3"]


def test_a_change_that_cannot_be_written_back_is_refused_and_nothing_changes(
    repo: Path,
) -> None:
    schools = sample("schools.yaml")
    schools[0]["address"] = 12  # a number where the model has text: would load as "12"
    cms = cms_rewrite("schools.yaml", schools)
    (repo / "schools.yaml").write_text(cms, encoding="utf-8")
    events = cms_rewrite("events.yaml", sample("events.yaml"))
    (repo / "events.yaml").write_text(events, encoding="utf-8")
    result = keep_layout(repo)
    assert result.returncode == 1
    assert result.stderr.startswith("keep-layout: schools.yaml: restoring its layout would change")
    assert schools[0]["id"] in result.stderr and "no file was changed" in result.stderr
    assert (repo / "schools.yaml").read_text(encoding="utf-8") == cms
    assert (repo / "events.yaml").read_text(encoding="utf-8") == events


def test_an_unknown_revision_is_said_plainly(repo: Path) -> None:
    for rev in ("no-such-branch", "--output=/tmp/x"):
        result = keep_layout(repo, f"--base={rev}")
        assert result.returncode == 2
        assert f"git does not know the revision '{rev}'" in result.stderr


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_in_a_changed_field_stays_inert(repo: Path, text: str) -> None:
    schools = sample("schools.yaml")
    schools[1]["trust"] = text
    (repo / "schools.yaml").write_text(cms_rewrite("schools.yaml", schools), encoding="utf-8")
    result = keep_layout(repo)
    assert result.returncode == 0, result.stderr
    after = (repo / "schools.yaml").read_text(encoding="utf-8")
    _node, problems = parse_yaml(after, "schools.yaml")
    assert problems == []
    assert yaml.safe_load(after)[1]["trust"] == text
    assert "*" not in after
    added = [line for line in changed_lines(repo) if line.startswith("+")]
    assert added[0].startswith("+  trust: ")
    assert not [line for line in changed_lines(repo) if line.startswith("-")]


def test_push_commits_the_restored_files_to_the_editors_branch_only(
    repo: Path, tmp_path: Path
) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main")
    branch = "cms/schools/harelaw-burn-middle"
    git(repo, "switch", "-q", "-c", branch)
    shutil.copy(ROOT / "tests" / "fixtures" / "cms-schools.yaml", repo / "schools.yaml")
    commit_all(repo, "Edit schools in the browser editor")
    git(repo, "push", "-q", "origin", branch)
    # Not one of the editor's branches: refused, nothing written.
    refused = keep_layout(repo, "--base=main", "--push=main")
    assert refused.returncode == 2 and "not a branch of the browser editor" in refused.stderr
    assert changed_lines(repo) == []
    result = keep_layout(repo, "--base=main", f"--push={branch}")
    assert result.returncode == 0, result.stderr
    log = subprocess.run(
        ["git", "-C", str(remote), "log", "-1", "--format=%s", branch],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert log == "Keep the record files' layout\n"
    diff = subprocess.run(
        ["git", "-C", str(remote), "diff", "--numstat", "main", branch],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert diff == "1\t1\tschools.yaml\n"


def test_a_field_the_model_lacks_is_refused_and_its_name_cannot_start_a_log_command(
    repo: Path,
) -> None:
    schools = yaml.safe_load(cms_rewrite("schools.yaml", sample("schools.yaml")))
    schools[0]["x\n::error::forged"] = "y"
    cms = yaml.safe_dump(schools, sort_keys=False, allow_unicode=True, width=100_000)
    (repo / "schools.yaml").write_text(cms, encoding="utf-8")
    result = keep_layout(repo)
    assert result.returncode == 1
    assert "is not a field of a school" in result.stderr
    assert not [line for line in result.stderr.splitlines() if line.startswith("::")]
    assert (repo / "schools.yaml").read_text(encoding="utf-8") == cms
