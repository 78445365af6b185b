"""`python -m generator check` and `diff`: run as contributors and CI run them, as a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EVENTS, NETWORKS, SCHOOLS, SUPPLIERS, replace_once, write_project
from git_repos import NO_PAGES, change, data_repo, diff

PYTHON = str(Path(sys.executable))
VALID = (
    "All records are valid (public site: 2 schools, 1 network, 1 policy, 1 event, 1 supplier).\n"
)


def run_check(
    project: Path, *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "generator", "check", "--project", str(project), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=cwd,
    )


def test_valid_project_exits_0(tmp_path: Path) -> None:
    result = run_check(write_project(tmp_path))
    assert (result.returncode, result.stdout, result.stderr) == (0, VALID, "")


def test_check_writes_nothing_into_the_project(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project")
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    run_check(project)
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_relative_project_path(tmp_path: Path) -> None:
    write_project(tmp_path / "project")
    result = run_check(Path("project"), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, VALID)


def test_count_is_of_the_public_site(tmp_path: Path) -> None:
    project = write_project(tmp_path, **{"schools.yaml": SCHOOLS + "  public: false\n"})
    result = run_check(project)
    assert result.returncode == 0
    assert result.stdout == (
        "All records are valid (public site: 1 school, 1 network, 1 policy, 1 event, 1 supplier).\n"
    )


def test_broken_project_lists_every_problem_on_stderr(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "phase: primary", "phase: primry")
    schools = replace_once(schools, 'urn: "012345"', 'urn: "1234"')
    events = replace_once(EVENTS, "organiser: nesa", "organiser: nesaa")
    project = write_project(
        tmp_path,
        **{
            "schools.yaml": schools,
            "events.yaml": events,
            "content/guide.md": "# Guide\n\n[x](school:bramble-hil)\n",
        },
    )
    result = run_check(project)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "content/guide.md:3:5: link to unknown or non-public school 'bramble-hil' (did you "
        "mean 'bramble-hill'?); use the id of a public school in schools.yaml, "
        "e.g. [Name](school:some-id)",
        "events.yaml:7:14: event 'maths-meeting': unknown network 'nesaa' (did you mean "
        "'nesa'?); use the id of a network in networks.yaml or add that network",
        "schools.yaml:4:10: school 'hawes-side': phase must be one of: nursery, primary, "
        "middle, secondary, all-through, special, alternative provision, post-16; "
        "got 'primry' (did you mean 'primary'?)",
        "schools.yaml:11:8: school 'bramble-hill': urn must be 6 digits, got '1234'; "
        "copy the URN from Get Information about Schools (e.g. 119346)",
        "4 problems found; nothing was built.",
    ]


def test_one_problem_is_counted_in_the_singular(tmp_path: Path) -> None:
    project = write_project(tmp_path, **{"networks.yaml": NETWORKS + "  publc: false\n"})
    result = run_check(project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "1 problem found; nothing was built."
    assert len(result.stderr.splitlines()) == 2


def test_problem_only_in_the_public_build_is_reported(tmp_path: Path) -> None:
    project = write_project(
        tmp_path,
        **{
            "schools.yaml": SCHOOLS + "  public: false\n",
            "content/guide.md": "[Bramble](school:bramble-hill)\n",
        },
    )
    result = run_check(project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/guide.md:1:11: link to unknown or non-public school 'bramble-hill'; use the "
        "id of a public school in schools.yaml, e.g. [Name](school:some-id)",
        "1 problem found; nothing was built.",
    ]


def test_content_folder_option(tmp_path: Path) -> None:
    project = write_project(
        tmp_path,
        **{
            "content/policies/safeguarding.md": None,
            "docs/policies/safeguarding.md": "Text.\n",
            "docs/guide.md": "[x](school:nowhere)\n",
        },
    )
    result = run_check(project, "--content", "docs")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "docs/guide.md:1:5: link to unknown or non-public school 'nowhere'; use the id of a "
        "public school in schools.yaml, e.g. [Name](school:some-id)",
        "1 problem found; nothing was built.",
    ]


BROKEN_INPUTS = {
    "syntax error": {"schools.yaml": replace_once(SCHOOLS, "  phase: primary\n", "   phase: x\n")},
    "python tag": {
        "schools.yaml": replace_once(
            SCHOOLS, "name: Hawes Side Academy", 'name: !!python/object/apply:os.system ["true"]'
        )
    },
    "top-level mapping": {"suppliers.yaml": "id: fresh-plates\nname: Fresh Plates\n"},
    "not UTF-8": {"suppliers.yaml": "- id: caf\xe9\n".encode("latin-1")},
    "entry not a mapping": {"suppliers.yaml": SUPPLIERS + "- just-a-name\n- \n- [a, b]\n"},
    "key not a word": {"networks.yaml": NETWORKS + "  ? [a, b]\n  : c\n"},
    "id a list": {"networks.yaml": replace_once(NETWORKS, "id: nesa", "id: [nesa]")},
    "id a path": {"networks.yaml": replace_once(NETWORKS, "id: nesa", "id: ../../etc")},
    "nested part a list": {"suppliers.yaml": SUPPLIERS + "      sla: [a, b]\n"},
    "deep nesting": {"events.yaml": EVENTS + "  audience: " + "[" * 50 + "]" * 50 + "\n"},
    "stray and orphan bodies": {
        "content/schools/photo.jpg": b"\xff\xd8",
        "content/events/nobody.md": "x\n",
        "content/networks/nesa.md": "---\nx: y\n---\n",
    },
    "everything empty": {
        "schools.yaml": "",
        "networks.yaml": "",
        "policies.yaml": "",
        "events.yaml": "",
        "suppliers.yaml": "",
    },
}


@pytest.mark.parametrize("case", list(BROKEN_INPUTS))
def test_broken_input_never_gives_a_traceback(tmp_path: Path, case: str) -> None:
    result = run_check(write_project(tmp_path, **BROKEN_INPUTS[case]))
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    count = len(lines) - 1
    assert lines[-1] == f"{count} problem{'s' if count != 1 else ''} found; nothing was built."
    assert all(line.split(":")[1].isdigit() for line in lines[:-1]), lines


@pytest.mark.parametrize("where", ["missing", "empty"])
def test_project_folder_without_records_is_an_error(tmp_path: Path, where: str) -> None:
    folder = tmp_path / "no-such-project"
    if where == "empty":
        folder.mkdir()
    result = run_check(folder)
    assert result.returncode != 0
    assert "All records are valid" not in result.stdout
    assert "Traceback" not in result.stderr
    assert str(folder) in result.stderr


# --- diff ---------------------------------------------------------------------------------


def test_diff_reads_the_repository_given_not_the_one_it_runs_in(tmp_path: Path) -> None:
    # CI runs the base branch's code (its own checkout, the working folder)
    # on the pull request's repository, given with --project.
    code = data_repo(tmp_path / "base-code")
    change(code, "events.yaml", "[]\n")
    pull_request = data_repo(tmp_path / "pull-request")
    change(pull_request, "networks.yaml", NETWORKS.replace("scope: Northumberland", "scope: Tyne"))
    result = diff(pull_request, "HEAD^1", "HEAD", cwd=code)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "## Changes to the records\n\n1 network changed.\n\n"
        "- network `Northumberland Education Schools Alliance` (`nesa`): "
        "scope `Northumberland` → `Tyne`\n" + NO_PAGES
    )


@pytest.mark.parametrize("rev", ["--output=/tmp/x", "-p"])
def test_diff_never_passes_a_revision_to_git_as_an_option(tmp_path: Path, rev: str) -> None:
    # argparse refuses these unless they follow "--".
    result = diff(data_repo(tmp_path / "data"), "--", rev, "HEAD")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"diff: git does not know the revision '{rev}'; fetch it or check its name\n"
    )
