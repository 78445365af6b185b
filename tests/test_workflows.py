"""The GitHub workflows and pre-commit hooks, which cannot run here, are linted and checked."""

from __future__ import annotations

import fnmatch
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import ROOT

from generator.plugin_config import SchoolNetConfig

MEMBERS_WORKFLOW = ROOT / "examples" / "members" / ".github" / "workflows" / "members.yml"
"""The members' site's workflow, which runs in the private members' repository (docs/members.md)."""
WORKFLOWS = [*sorted((ROOT / ".github" / "workflows").glob("*.yml")), MEMBERS_WORKFLOW]
CHECK_JSONSCHEMA = str(Path(sys.executable).parent / "check-jsonschema")
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w.-]+)*@[0-9a-f]{40}$")
"""owner/repository[/path of an action inside it]@commit."""


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return dict(data)


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_there_are_six_workflows_and_the_members_one() -> None:
    assert [p.name for p in WORKFLOWS] == [
        "editor-layout.yml",
        "gias.yml",
        "issue-to-pr.yml",
        "pr-comment.yml",
        "publish.yml",
        "pull-request.yml",
        "members.yml",
    ]


PENDING_README: set[str] = set()
"""Commands a workflow runs that README.md does not document yet: its maintainer adds them
(from the change's report) and then removes them from here; the next test says when."""


def test_pending_readme_commands_are_still_missing_from_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [name for name in PENDING_README if f"./dev {name}" in readme] == []


def test_workflows_match_githubs_schema() -> None:
    result = subprocess.run(
        [CHECK_JSONSCHEMA, "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_commit_with_the_version_noted(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for step in steps(load(path)):
        if "uses" in step:
            assert PINNED.match(step["uses"]), step["uses"]
            assert re.search(re.escape(step["uses"]) + r" # v\d+\.\d+\.\d+\n", text)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_commands_from_the_readme(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {"contents": "read"}
    assert "concurrency" in workflow
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    dev_help = subprocess.run([str(ROOT / "dev"), "help"], capture_output=True, text=True).stdout
    for step in steps(workflow):
        if "run" in step:
            command = step["run"].split()[0:2]
            assert command[0] == "./dev", step["run"]
            assert f"./dev {command[1]}" in dev_help
            assert f"./dev {command[1]}" in readme or command[1] in PENDING_README, (
                f"README does not document ./dev {command[1]}"
            )


def test_publish_deploys_to_pages_on_push_and_daily() -> None:
    workflow = load(ROOT / ".github/workflows/publish.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["on"]["schedule"][0]["cron"]
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    uses = [s.get("uses", "").split("@")[0] for s in steps(workflow)]
    assert uses.count("actions/upload-pages-artifact") == 1
    assert uses.count("actions/deploy-pages") == 1


def test_publish_keeps_the_pdfs_between_runs_around_the_build() -> None:
    """The PDF cache is restored before the build and saved after it, at the plugin's folder."""
    build = load(ROOT / ".github/workflows/publish.yml")["jobs"]["build"]["steps"]
    names = [s.get("uses", s.get("run", "")).split("@")[0] for s in build]
    restore, run, save = (
        names.index("actions/cache/restore"),
        names.index("./dev build"),
        names.index("actions/cache/save"),
    )
    assert restore < run < save
    default = SchoolNetConfig.pdf_cache.default
    assert build[restore]["with"]["path"] == build[save]["with"]["path"] == default
    assert build[restore]["with"]["restore-keys"] == "pdfs-"
    assert build[save]["with"]["key"] == build[restore]["with"]["key"]


def test_pull_request_checks_build_summarise_and_preview() -> None:
    workflow = load(ROOT / ".github/workflows/pull-request.yml")
    runs = [s["run"] for s in workflow["jobs"]["check"]["steps"] if "run" in s]
    assert runs[:2] == ["./dev setup --dev", "./dev check"]
    assert "./dev build" in runs
    assert "./dev test" in runs
    uploads = [
        s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact@")
    ]
    # The preview is the site with file addresses, so that it opens from disk (test_preview.py).
    assert "./dev build --preview --site-dir site-preview" in runs
    assert uploads[0]["with"]["name"] == "site-preview"
    assert uploads[0]["with"]["path"] == "site-preview/"
    # Untrusted values reach the shell only through the environment.
    assert not any("${{" in s["run"] for s in steps(workflow) if "run" in s)


def test_the_summary_is_computed_by_the_base_branchs_code() -> None:
    workflow = load(ROOT / ".github/workflows/pull-request.yml")
    summarising = [
        name
        for name, job in workflow["jobs"].items()
        if any(s.get("run", "").startswith("./dev diff") for s in job["steps"])
    ]
    assert summarising == ["summary"]
    job = workflow["jobs"]["summary"]
    pull_request, base, run, keep, upload = job["steps"]
    # The pull request's merge commit and its parents, at the workspace's root.
    assert pull_request["uses"].startswith("actions/checkout@")
    assert pull_request["with"] == {"fetch-depth": 2, "persist-credentials": False}
    # The same pinned checkout, of the base revision, into a folder of its own.
    assert base["uses"] == pull_request["uses"]
    assert base["with"] == {
        "ref": "${{ github.event.pull_request.base.sha }}",
        "path": "base-code",
        "persist-credentials": False,
    }
    # The base's ./dev reads the pull request's repository through git, and
    # nothing of the pull request's runs in this job: no step but the
    # checkouts and this one, and no cache its jobs could have written.
    assert run["working-directory"] == base["with"]["path"]
    assert run["run"] == (
        './dev diff --project "$GITHUB_WORKSPACE" HEAD^1 HEAD '
        '| tee "$RUNNER_TEMP/summary.md" >> "$GITHUB_STEP_SUMMARY"'
    )
    assert "cache" not in str(job)
    # The summary and the number go to pr-comment.yml as an artifact; this job cannot write.
    assert "permissions" not in job and workflow["permissions"] == {"contents": "read"}
    assert keep["working-directory"] == base["with"]["path"]
    assert keep["env"] == {"PR_NUMBER": "${{ github.event.pull_request.number }}"}
    assert keep["run"] == (
        './dev comment save "$RUNNER_TEMP/summary.md" --pull-request "$PR_NUMBER" '
        '--out "$RUNNER_TEMP/change-summary"'
    )
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["name"] == "change-summary"
    assert upload["with"]["path"] == "${{ runner.temp }}/change-summary/"


def test_the_summary_comment_is_posted_with_least_permission_and_no_pull_request_code() -> None:
    from generator.pr_comment import MARKER

    checks = load(ROOT / ".github/workflows/pull-request.yml")
    path = ROOT / ".github/workflows/pr-comment.yml"
    workflow = load(path)
    assert workflow["on"] == {
        "workflow_run": {"workflows": [checks["name"]], "types": ["completed"]}
    }
    (job,) = workflow["jobs"].values()
    assert job["if"] == "github.event.workflow_run.event == 'pull_request'"
    assert job["permissions"] == {
        "contents": "read",
        "actions": "read",
        "pull-requests": "write",
    }
    checkout, download, post = job["steps"]
    # The default branch's code only: no ref, repository or path of the pull request's.
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"] == {"persist-credentials": False}
    assert "head" not in str(checkout) and "pull_request" not in str(checkout)
    assert download["uses"].startswith("actions/download-artifact@")
    assert download["with"]["name"] == "change-summary"
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    assert download["continue-on-error"] is True
    assert post["if"] == "steps.download.outcome == 'success'"
    assert post["run"] == './dev comment post "$RUNNER_TEMP/change-summary"'
    assert post["env"]["HEAD_SHA"] == "${{ github.event.workflow_run.head_sha }}"
    assert post["env"]["GH_TOKEN"] == "${{ github.token }}"
    # No step runs anything else; no expression reaches a shell.
    assert [s["run"] for s in job["steps"] if "run" in s] == [post["run"]]
    assert not any("${{" in s.get("run", "") for s in job["steps"])
    assert MARKER in path.read_text(encoding="utf-8")


def test_the_members_site_is_built_in_the_private_repository_from_both() -> None:
    """Its logs and artifact must be private: a public repository's are readable by anyone."""
    workflow = load(MEMBERS_WORKFLOW)
    (job,) = workflow["jobs"].values()
    assert job["if"] == "github.event.repository.private"
    assert job["permissions"] == {"contents": "read"}
    public, members = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert public["with"] == {
        "repository": "${{ vars.PUBLIC_REPOSITORY }}",
        "ref": "${{ vars.PUBLIC_REF || 'main' }}",
        "persist-credentials": False,
    }
    assert members["with"] == {"path": "members", "persist-credentials": False}
    assert "secrets." not in MEMBERS_WORKFLOW.read_text().split("# Optional:")[0]
    build = next(s for s in job["steps"] if s.get("run", "").startswith("./dev build"))
    assert build["run"] == "./dev build --members"
    assert build["env"] == {"SCHOOLNET_MEMBERS_FOLDER": members["with"]["path"]}
    upload = next(
        s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact")
    )
    assert upload["with"]["path"] == "site/"
    # The sample's mkdocs.yml takes the folder from that variable; a checkout there is ignored.
    assert "members_folder: !ENV [SCHOOLNET_MEMBERS_FOLDER," in (ROOT / "mkdocs.yml").read_text()
    assert "/members/" in (ROOT / ".gitignore").read_text().splitlines()


CODEOWNERS = ROOT / ".github" / "CODEOWNERS"
MAINTAINED = [
    "generator/changes.py",
    "generator/exports/pdf.py",
    "dev",
    ".github/workflows/pull-request.yml",
    ".github/CODEOWNERS",
    "site_templates/school.html",
    "mkdocs.yml",
    "scripts/locks.py",
    "pyproject.toml",
    "requirements.txt",
    "requirements-dev.txt",
    "debian-packages.txt",
    "tests/conftest.py",
    ".pre-commit-config.yaml",
    ".github/workflows/issue-to-pr.yml",
    ".github/ISSUE_TEMPLATE/school.yml",
]
CONTRIBUTED = [
    "schools.yaml",
    "suppliers.yaml",
    "content/guidance/joining.md",
    "content/schools/hawes-side.md",
    "generator.md",
    "content/dev",
    "content/requirements-x.txt",
]


def codeowners() -> list[tuple[str, list[str]]]:
    rules = []
    for line in CODEOWNERS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *owners = line.split()
            # Only rooted names, folders and * within a name: what owner() understands.
            assert re.fullmatch(r"/[\w.*-]+/?", pattern), pattern
            rules.append((pattern, owners))
    return rules


def matches(pattern: str, path: str) -> bool:
    """A rooted CODEOWNERS pattern: its name (where * stays within the name) is the
    path's first part; a pattern ending in / only matches what is inside that folder."""
    first, _, rest = path.partition("/")
    return fnmatch.fnmatchcase(first, pattern.strip("/")) and (
        bool(rest) or not pattern.endswith("/")
    )


def owner(path: str) -> list[str]:
    """The owners GitHub gives `path`: those of the last matching pattern."""
    found: list[str] = []
    for pattern, owners in codeowners():
        if matches(pattern, path):
            found = owners
    return found


@pytest.mark.parametrize("path", MAINTAINED)
def test_code_and_workflows_need_a_maintainer(path: str) -> None:
    assert (ROOT / path).exists()
    assert owner(path) == ["@school-network/maintainers"]


@pytest.mark.parametrize("path", CONTRIBUTED)
def test_records_and_pages_need_no_maintainer(path: str) -> None:
    assert owner(path) == []


def test_pre_commit_runs_the_same_checks() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["schoolnet-check"]["entry"] == "./dev check"
    assert hooks["schoolnet-schema"]["entry"] == "./dev schema"
    assert re.search(hooks["schoolnet-check"]["files"], "schools.yaml")
    assert re.search(hooks["schoolnet-check"]["files"], "content/guidance/joining.md")
    assert not re.search(hooks["schoolnet-check"]["files"], "generator/plugin.py")


def test_dependabot_updates_actions_and_both_locks_weekly_in_groups() -> None:
    path = ROOT / ".github" / "dependabot.yml"
    result = subprocess.run(
        [CHECK_JSONSCHEMA, "--builtin-schema", "vendor.dependabot", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    updates = {u["package-ecosystem"]: u for u in yaml.safe_load(path.read_text())["updates"]}
    assert set(updates) == {"github-actions", "pip", "npm"}
    npm = [
        u["directory"]
        for u in yaml.safe_load(path.read_text())["updates"]
        if u["package-ecosystem"] == "npm"
    ]
    assert sorted(npm) == ["/tests/e2e", "/vendor"]  # axe-core; the map library and the editor
    for update in updates.values():
        assert update["schedule"]["interval"] == "weekly"
        assert update["groups"]
    # Dependabot reads pip pins only from files named like requirements*.txt.
    assert (ROOT / "requirements.txt").is_file()
    assert (ROOT / "requirements-dev.txt").is_file()


def test_workflows_cache_pip_on_the_locks_and_publish_installs_the_runtime_lock_only() -> None:
    for path in WORKFLOWS:
        for step in steps(load(path)):
            if step.get("uses", "").startswith("actions/setup-python@"):
                assert step["with"]["cache"] == "pip"
                assert "requirements.txt" in step["with"]["cache-dependency-path"]
    publish = [s.get("run", "") for s in steps(load(ROOT / ".github/workflows/publish.yml"))]
    assert [run for run in publish if run] == ["./dev setup", "./dev build"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_is_interpolated_into_a_command(path: Path) -> None:
    for step in steps(load(path)):
        assert "${{" not in step.get("run", ""), step["run"]


def test_gias_checks_the_register_weekly_and_may_only_open_issues() -> None:
    workflow = load(ROOT / ".github/workflows/gias.yml")
    assert workflow["on"]["schedule"] == [{"cron": "23 6 * * 1"}]
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs == [
        "./dev setup --dev",
        "./dev gias download gias-register.csv",
        "./dev gias check gias-register.csv --report gias-report.md",
        "./dev gias issue gias-report.md",
    ]
    download = next(step for step in job["steps"] if step.get("id") == "download")
    assert download["env"]["GIAS_URL"] == (
        "${{ vars.GIAS_URL || 'https://ea-edubase-api-prod.azurewebsites.net/edubase/downloads/"
        "public/edubasealldata{date}.csv' }}"
    )


def test_issue_forms_become_pull_requests_with_the_least_permission() -> None:
    workflow = load(ROOT / ".github/workflows/issue-to-pr.yml")
    assert workflow["on"] == {"issues": {"types": ["opened", "edited"]}}
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    # Write access in this one job only, and only what pushing, the pull request and the
    # comment need; only for open issues carrying the forms' label.
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    assert "contains(github.event.issue.labels.*.name, 'record-request')" in job["if"]
    assert "github.event.issue.state == 'open'" in job["if"]
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs == [
        "./dev setup --dev",
        './dev issue-form apply --event "$GITHUB_EVENT_PATH" --out "$RUNNER_TEMP/record-request"',
        './dev issue-form publish --event "$GITHUB_EVENT_PATH" --out "$RUNNER_TEMP/record-request"',
    ]
    # The issue's text is read from the event file by Python: no expression in the job
    # names the issue's body or title (they would reach the shell or git unquoted).
    text = (ROOT / ".github/workflows/issue-to-pr.yml").read_text(encoding="utf-8")
    expressions = re.findall(r"\$\{\{(.*?)\}\}", text)
    assert not [e for e in expressions if re.search(r"\.(body|title)\b", e)]
    # The publish step runs when apply refused (exit 1), to say why on the issue.
    apply, publish = (s for s in job["steps"] if "run" in s and "issue-form" in s["run"])
    assert apply["continue-on-error"] is True
    assert publish["if"] == "${{ !cancelled() }}"
    # A token of the maintainers' choosing makes the pull request start its checks.
    token = "${{ secrets.RECORD_REQUEST_TOKEN || github.token }}"
    assert publish["env"] == {"GH_TOKEN": token}
    assert job["steps"][0]["with"] == {"token": token}


def test_the_editors_pull_requests_get_their_layout_back_from_the_base_branchs_code() -> None:
    path = ROOT / ".github/workflows/editor-layout.yml"
    workflow = load(path)
    assert workflow["on"] == {"pull_request": {"types": ["opened", "synchronize", "reopened"]}}
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    # Write access in this job only, for the editor's branches (Sveltia CMS names them
    # cms/<collection>/<entry>, generator/keep_layout.py) of this repository, never a fork's.
    assert job["permissions"] == {"contents": "write"}
    assert "startsWith(github.head_ref, 'cms/')" in job["if"]
    assert "github.event.pull_request.head.repo.full_name == github.repository" in job["if"]
    head, base = (s for s in job["steps"] if "uses" in s)
    assert head["with"]["ref"] == "${{ github.event.pull_request.head.sha }}"
    assert head["with"]["fetch-depth"] == 0
    assert base["with"] == {
        "ref": "${{ github.event.pull_request.base.sha }}",
        "path": "base-code",
        "persist-credentials": False,
    }
    runs = [s for s in job["steps"] if "run" in s]
    assert [s["run"] for s in runs] == [
        "./dev setup --dev",
        './dev keep-layout --project "$GITHUB_WORKSPACE" --base "$BASE_SHA" --push "$HEAD_REF"',
    ]
    # The base branch's code runs; the pull request's files are only data.
    assert all(s["working-directory"] == "base-code" for s in runs)
    assert runs[1]["env"] == {
        "BASE_SHA": "${{ github.event.pull_request.base.sha }}",
        "HEAD_REF": "${{ github.head_ref }}",
    }
    assert not any(s.get("uses", "").startswith("actions/setup-python@") for s in job["steps"])
    text = path.read_text(encoding="utf-8")
    assert "does not start other" in text and "closes and reopens" in text
