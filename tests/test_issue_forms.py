"""Issue forms: generated from the models, read back as GitHub renders them, applied as edits.

Each fixture in tests/fixtures/issue_forms/ is an issue body as GitHub
writes it for a submitted form; beside it the unified diff it makes to the
sample's record file (`.diff`) or, when the check refuses it, the comment it
gets on the issue (`.comment.md`) and no change. `SCHOOLNET_UPDATE_FIXTURES=1`
rewrites the expected files (then read the diff before committing it).
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import BUILD_DAY_EPOCH, FIXTURES, ROOT
from issue_form_bodies import github_body

from generator.gias.records_file import RecordsFile
from generator.issue_forms.apply import apply_request, project_problems
from generator.issue_forms.command import pr_body
from generator.issue_forms.parse import parse_body
from generator.issue_forms.removal import remove_fields
from generator.issue_forms.scalars import scalar
from generator.issue_forms.templates import (
    FORMS_DIR,
    LABEL,
    REMOVE_ID,
    form_of,
    rendered_files,
    stale_forms,
    write_forms,
)
from generator.loader import parse_yaml
from generator.models import KINDS

CASES = FIXTURES / "issue_forms"
BODIES = sorted(CASES.glob("*.md"))
BODIES = [p for p in BODIES if not p.name.endswith(".comment.md")]
UPDATE = os.environ.get("SCHOOLNET_UPDATE_FIXTURES") == "1"
KIND_OF_BODY = re.compile(r"^### Id of the (\w+) to correct$", re.M)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the sample project (records, pages, mkdocs.yml), checked as of the
    tests' build day."""
    root = tmp_path / "project"
    root.mkdir()
    for kind in KINDS.values():
        shutil.copy(ROOT / kind.filename, root / kind.filename)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "content", root / "content")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY_EPOCH)
    return root


def kind_of(body: str) -> str:
    match = KIND_OF_BODY.search(body)
    assert match, "a fixture starts with the form's id field"
    return match[1]


def unified(file: str, old: str, new: str) -> str:
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{file}", f"b/{file}"
        )
    )


def expect(path: Path, actual: str) -> None:
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"{path.name} is missing; run with SCHOOLNET_UPDATE_FIXTURES=1"
    assert actual == path.read_text(encoding="utf-8")


# --- the generated forms ------------------------------------------------------


def test_committed_forms_are_current() -> None:
    assert stale_forms(ROOT) == [], "run: python -m generator forms --write"


def test_forms_go_stale_when_a_network_is_added(project: Path) -> None:
    write_forms(project)
    assert stale_forms(project) == []
    with (project / "networks.yaml").open("a", encoding="utf-8") as file:
        file.write("\n- id: new-cluster\n  name: A New Cluster\n  kind: cluster\n")
    assert stale_forms(project) == [project / FORMS_DIR / "school.yml"] + [
        project / FORMS_DIR / name for name in ("network.yml", "policy.yml", "event.yml")
    ]
    assert (
        "A New Cluster (new-cluster)"
        in (rendered_files(project)[project / FORMS_DIR / "school.yml"])
    )


@pytest.mark.parametrize("name", ["school", "network", "event", "supplier", "policy"])
def test_each_form_adds_or_corrects_by_id_and_is_labelled(name: str) -> None:
    form = yaml.safe_load((ROOT / FORMS_DIR / f"{name}.yml").read_text(encoding="utf-8"))
    assert LABEL in form["labels"] and name in form["labels"]
    fields = [item for item in form["body"] if item["type"] != "markdown"]
    # The contract with the record pages' "Suggest a correction" links: ?template=<name>.yml&id=…
    assert fields[0]["id"] == "id" and fields[0]["type"] == "input"
    ids = [item["id"] for item in fields]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
    labels = [item["attributes"]["label"] for item in fields]
    assert len(labels) == len(set(labels))
    # Only the publishing confirmation is required by GitHub (a correction gives one field).
    required = [item["id"] for item in fields if item.get("validations", {}).get("required")]
    confirm = fields[-1]
    assert required == [] and confirm["attributes"]["options"][0]["required"] is True


def test_school_form_offers_the_models_choices_and_the_current_networks() -> None:
    form = yaml.safe_load((ROOT / FORMS_DIR / "school.yml").read_text(encoding="utf-8"))
    by_id = {item.get("id"): item for item in form["body"]}
    assert by_id["phase"]["type"] == "dropdown"
    assert by_id["phase"]["attributes"]["options"][:2] == ["nursery", "primary"]
    assert by_id["phase"]["attributes"]["label"] == "Phase (needed for a new school)"
    assert by_id["phase"]["attributes"]["description"] == "The phase of education."
    networks = by_id["networks"]["attributes"]
    assert networks["multiple"] is True
    assert "Northumberland Education School's Alliance (nesa)" in networks["options"]
    assert "public" not in by_id


# --- fixtures: body in, diff or comment out ----------------------------------


@pytest.mark.parametrize("body_path", BODIES, ids=lambda p: p.stem)
def test_fixture_body_gives_its_diff_or_its_comment(project: Path, body_path: Path) -> None:
    body = body_path.read_text(encoding="utf-8")
    kind = kind_of(body)
    before = {
        k.filename: (project / k.filename).read_text(encoding="utf-8") for k in KINDS.values()
    }
    outcome = apply_request(project, form_of(project, kind), body)
    after = {k.filename: (project / k.filename).read_text(encoding="utf-8") for k in KINDS.values()}
    diff_path = body_path.with_suffix(".diff")
    comment_path = body_path.with_suffix(".comment.md")
    if body_path.stem.startswith("invalid-"):
        assert outcome.problems
        assert after == before, "a refused request changes nothing"
        expect(comment_path, "\n".join(outcome.problems) + "\n")
        return
    assert outcome.problems == []
    expect(diff_path, unified(outcome.file, before[outcome.file], after[outcome.file]))
    assert {f: t for f, t in after.items() if f != outcome.file} == {
        f: t for f, t in before.items() if f != outcome.file
    }
    assert project_problems(project) == []


def test_a_correction_changes_only_the_given_field(project: Path) -> None:
    body = (CASES / "correct-school.md").read_text(encoding="utf-8")
    before = (project / "schools.yaml").read_text(encoding="utf-8")
    apply_request(project, form_of(project, "school"), body)
    after = (project / "schools.yaml").read_text(encoding="utf-8")
    changed = [
        line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"
    ]
    assert changed == ['-   phone: "01632 960501"', '+   phone: "01632 960555"'] or (
        len(changed) == 2 and all("phone:" in line for line in changed)
    )


# --- hostile text ---------------------------------------------------------------

HOSTILE = [
    "Oak: the school",
    "Room #3",
    "St Hild's",
    'The "new" hall',
    "- not a list",
    "&anchor value",
    "*alias",
    "!!python/object:os.system",
    "<script>alert(1)</script>",
    "**bold** and [a link](https://evil.example)",
    "@maintainers #1 `code`",
    "yes",
    "null",
    "2027-01-01",
    "0x1F",
    "{ flow: map }",
    "% directive",
    "--- document",
    "Ends with a colon:",
    "tab\tinside",
    "Ünïcödé — “quotes” ✓ 学校",
    "x" * 190,
    "y" * 5000,
    "two\nlines",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_is_written_as_an_inert_string_that_loads_back_equal(
    project: Path, text: str
) -> None:
    body = github_body(ROOT / FORMS_DIR / "school.yml", {"id": "hawes-side-academy", "trust": text})
    outcome = apply_request(project, form_of(project, "school"), body)
    after = (project / "schools.yaml").read_text(encoding="utf-8")
    if outcome.problems:
        # The validator refused it (a tab, a line break, too long): nothing was written.
        assert "\t" in text or "\n" in text or len(text) > 200
        assert after == outcome.old_text
        return
    _node, problems = parse_yaml(after, "schools.yaml")
    assert problems == []
    loaded = yaml.safe_load(after)
    school = next(s for s in loaded if s["id"] == "hawes-side-academy")
    assert school["trust"] == text
    # The file stays one plain list that an import can edit item by item.
    assert "*" not in after


LONG_PROSE = " ".join(["A summary sentence that goes on."] * 40)
MULTILINE = ["Line one: with a colon\nLine # two\n\n- a dash line", "Café\n  indented", "a\nb "]


@pytest.mark.parametrize("text", [LONG_PROSE, *MULTILINE, "x\u202ey"], ids=range(5))
def test_multiline_and_long_values_load_back_equal(text: str) -> None:
    for indent in (2, 6):
        written = scalar(text, indent=indent, multiline=True, quote=False)
        loaded = yaml.safe_load(" " * indent + "k: " + written.replace("\n", "\n"))
        assert loaded["k"] == text


def test_bidi_controls_are_refused_in_plain_words(project: Path) -> None:
    body = github_body(
        ROOT / FORMS_DIR / "school.yml", {"id": "hawes-side-academy", "trust": "abc\u202edef"}
    )
    outcome = apply_request(project, form_of(project, "school"), body)
    assert len(outcome.problems) == 1
    assert outcome.problems[0].startswith("- **Trust**: `")
    assert "\u202e" not in outcome.problems[0]
    assert (project / "schools.yaml").read_text(encoding="utf-8") == outcome.old_text


def test_a_heading_inside_a_value_stays_in_the_value() -> None:
    form = form_of(ROOT, "school")
    body = github_body(
        ROOT / FORMS_DIR / "school.yml",
        {"id": "x", "summary": "Our plan\n\n### Name (needed for a new school)\n\nEvil"},
    )
    answers = parse_body(body, form)
    assert "name" not in answers.values
    assert answers.values["summary"].endswith("Evil")


def test_an_unticked_confirmation_is_refused(project: Path) -> None:
    body = github_body(
        ROOT / FORMS_DIR / "school.yml", {"id": "hawes-side-academy", "trust": "T"}, confirmed=False
    )
    outcome = apply_request(project, form_of(project, "school"), body)
    assert outcome.problems == [
        "**Publishing**: tick the box that says the information may be published."
    ]


# --- the command the workflow runs ------------------------------------------------


def event(tmp_path: Path, body: str, labels: list[str], number: int = 42) -> Path:
    path = tmp_path / "event.json"
    issue = {"number": number, "title": "t", "body": body, "labels": [{"name": n} for n in labels]}
    path.write_text(json.dumps({"action": "opened", "issue": issue}), encoding="utf-8")
    return path


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(project), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_DAY_EPOCH},
        check=False,
    )


def test_cli_apply_writes_the_pull_requests_texts(project: Path, tmp_path: Path) -> None:
    body = (CASES / "add-event.md").read_text(encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(project, "issue-form", "apply", "--event",
                     str(event(tmp_path, body, [LABEL, "event"])), "--out", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (out / "result").read_text() == "changed\n"
    assert (out / "file").read_text() == "events.yaml\n"
    title = (out / "title.txt").read_text()
    assert title == "Add event nesa-sbp-network-spring-term-meeting-2027\n"
    assert (out / "body.md").read_text().startswith("Closes #42.\n")
    assert "RECORD_REQUEST_TOKEN" in (out / "body.md").read_text()
    assert (out / "commit.txt").read_text().startswith(title)


def test_cli_apply_refuses_in_plain_words_and_changes_nothing(
    project: Path, tmp_path: Path
) -> None:
    body = (CASES / "invalid-bad-urn.md").read_text(encoding="utf-8")
    out = tmp_path / "out"
    before = (project / "schools.yaml").read_text(encoding="utf-8")
    result = run_cli(project, "issue-form", "apply", "--event",
                     str(event(tmp_path, body, [LABEL, "school"])), "--out", str(out))  # fmt: skip
    assert result.returncode == 1
    assert (out / "result").read_text() == "refused\n"
    comment = (out / "comment.md").read_text()
    assert "- **URN**: `Must be 6 digits" in comment
    assert "Traceback" not in comment + result.stderr
    assert "schools.yaml:" not in comment
    assert not (out / "title.txt").exists()
    assert (project / "schools.yaml").read_text(encoding="utf-8") == before


def test_cli_apply_ignores_issues_that_are_not_record_requests(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run_cli(project, "issue-form", "apply", "--event",
                     str(event(tmp_path, "hello", ["bug"])), "--out", str(out))  # fmt: skip
    assert result.returncode == 2
    assert "not a record request" in result.stderr
    assert not out.exists()
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert run_cli(project, "issue-form", "apply", "--event", str(broken),
                   "--out", str(out)).returncode == 2  # fmt: skip


def test_cli_forms_check_and_write(project: Path) -> None:
    assert run_cli(project, "forms").returncode == 1
    written = run_cli(project, "forms", "--write")
    assert written.returncode == 0
    assert "updated .github/ISSUE_TEMPLATE/school.yml" in written.stdout
    checked = run_cli(project, "forms")
    assert checked.returncode == 0, checked.stderr


GH_STUB = """#!/bin/sh
# Stands in for the GitHub CLI, which needs GitHub: records its arguments, answers as gh would.
printf '%s\\n' "$*" >> "$GH_LOG"
case "$1 $2" in
    "pr list") echo "${GH_OPEN_PRS:-[]}" ;;
    "pr create") echo "https://github.com/o/r/pull/7" ;;
esac
"""


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def _apply_then_publish(
    project: Path, tmp_path: Path, case: str, number: int, *, applied: int
) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    """Run `issue-form apply` (expecting exit code `applied`), then `publish` with the stub gh."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(GH_STUB, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    log = tmp_path / "gh.log"
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "GH_LOG": str(log)}
    body = (CASES / case).read_text(encoding="utf-8")
    ev = event(tmp_path, body, [LABEL, "school"], number=number)
    out = tmp_path / "out"
    apply = run_cli(project, "issue-form", "apply", "--event", str(ev), "--out", str(out))
    assert apply.returncode == applied, apply.stderr
    published = subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(project), "issue-form", "publish",
         "--event", str(ev), "--out", str(out)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    return published, log, out


def test_cli_publish_pushes_the_branch_and_opens_the_pull_request(
    project: Path, tmp_path: Path
) -> None:
    """git runs for real against a local remote; the GitHub CLI is a stub (it needs GitHub)."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "start")
    git(project, "remote", "add", "origin", str(remote))
    published, log, out = _apply_then_publish(project, tmp_path, "add-school.md", 9, applied=0)
    assert published.returncode == 0, published.stderr
    pushed = git(remote, "show", "--stat", "--format=%s", "record-request/9")
    assert pushed.startswith("Add school bothal-riverside-primary-school\n")
    assert "schools.yaml" in pushed and "1 file changed" in pushed
    calls = log.read_text(encoding="utf-8").splitlines()
    assert calls[0].startswith("pr list --head record-request/9")
    assert calls[1].startswith("pr create --head record-request/9 --title Add school ")
    assert calls[2] == f"issue comment 9 --body-file {out / 'reply.md'}"
    assert "https://github.com/o/r/pull/7" in (out / "reply.md").read_text(encoding="utf-8")


def test_cli_publish_only_comments_when_the_request_was_refused(
    project: Path, tmp_path: Path
) -> None:
    published, log, out = _apply_then_publish(project, tmp_path, "invalid-bad-urn.md", 5, applied=1)
    assert published.returncode == 0, published.stderr
    assert log.read_text(encoding="utf-8").splitlines() == [
        f"issue comment 5 --body-file {out / 'comment.md'}"
    ]


def test_a_private_network_is_not_offered_by_the_public_forms(project: Path) -> None:
    with (project / "networks.yaml").open("a", encoding="utf-8") as file:
        file.write(
            "\n- id: quiet-group\n  name: The Quiet Group\n  kind: cluster\n  public: false\n"
        )
    assert "quiet-group" not in rendered_files(project)[project / FORMS_DIR / "school.yml"]


def test_hostile_multiline_summary_goes_through_the_whole_request(project: Path) -> None:
    summary = "Key: value\n# not a comment\n- not an item\n\n&a *b !!str \"q\" 'q'\n<b>x</b>"
    body = github_body(
        ROOT / FORMS_DIR / "school.yml", {"id": "hawes-side-academy", "summary": summary}
    )
    outcome = apply_request(project, form_of(project, "school"), body)
    assert outcome.problems == []
    after = (project / "schools.yaml").read_text(encoding="utf-8")
    school = next(s for s in yaml.safe_load(after) if s["id"] == "hawes-side-academy")
    assert school["summary"] == summary
    assert "*" not in after


def test_an_optional_dropdown_set_to_none_is_empty() -> None:
    form = form_of(ROOT, "school")
    body = github_body(
        ROOT / FORMS_DIR / "school.yml", {"id": "x", "phase": "None", "name": "None"}
    )
    answers = parse_body(body, form)
    assert "phase" not in answers.values
    assert answers.values["name"] == "None"


def test_a_file_that_cannot_be_edited_in_place_is_left_to_a_maintainer(project: Path) -> None:
    events = project / "events.yaml"
    events.write_text("---\n" + events.read_text(encoding="utf-8"), encoding="utf-8")
    before = events.read_text(encoding="utf-8")
    body = (CASES / "add-event.md").read_text(encoding="utf-8")
    outcome = apply_request(project, form_of(project, "event"), body)
    assert outcome.problems == [
        "events.yaml is not laid out as a plain list of records, so it cannot be edited "
        "automatically; a maintainer needs to make the change by hand."
    ]
    assert events.read_text(encoding="utf-8") == before


# --- removing details -------------------------------------------------------------


@pytest.mark.parametrize("name", ["school", "network", "event", "supplier", "policy"])
def test_each_form_offers_to_remove_only_optional_fields_with_an_empty_default(name: str) -> None:
    form = yaml.safe_load((ROOT / FORMS_DIR / f"{name}.yml").read_text(encoding="utf-8"))
    fields = [item for item in form["body"] if item["type"] != "markdown"]
    remove = next(item for item in fields if item["id"] == REMOVE_ID)
    # After every value box, before the maintainers' note and the confirmation.
    assert [item["id"] for item in fields][-3:] == [REMOVE_ID, "notes", "confirm"]
    offered = [option["label"] for option in remove["attributes"]["options"]]
    assert all("required" not in option for option in remove["attributes"]["options"])
    kind = KINDS[name]
    names = {n: f for n, f in ((f.name, f) for f in dataclasses.fields(kind.cls))}
    by_label = {label: n for n, label in form_of(ROOT, name).removable}
    assert list(by_label) == offered
    for label in offered:
        field = names[by_label[label]]
        assert not field.metadata["spec"].required
        assert field.default is None or field.default_factory is list
    assert {"id", "public", "register", "status", "timezone", "statutory"}.isdisjoint(
        by_label.values()
    )


def test_school_form_offers_website_email_and_coordinates_for_removal() -> None:
    offered = dict(form_of(ROOT, "school").removable)
    assert offered["website"] == "Website" and offered["coordinates"] == "Coordinates"
    assert "name" not in offered and "phase" not in offered and "urn" in offered


def _school_body(answers: dict[str, str]) -> str:
    return github_body(ROOT / FORMS_DIR / "school.yml", {"id": "hawes-side-academy", **answers})


@pytest.mark.parametrize(
    "ticked",
    [
        "- [X] Id",
        "- [x] Public",
        "- [X] Name (needed for a new school)",
        "- [X] Status",
        "- [X] @admins [a](https://evil.example) `x` <b>",
    ],
)
def test_a_ticked_line_the_form_does_not_offer_is_refused(project: Path, ticked: str) -> None:
    body = _school_body({"remove": "Website"}).replace("- [X] Website", f"- [X] Website\n{ticked}")
    before = (project / "schools.yaml").read_text(encoding="utf-8")
    outcome = apply_request(project, form_of(project, "school"), body)
    label = ticked[6:]
    # Quoted inert: a code span, long enough to hold the backticks typed in it.
    quoted = f"``{label}``" if "`" in label else f"`{label}`"
    assert outcome.problems == [
        f"**Remove these details (when correcting)**: {quoted} is not one of the details that "
        "can be removed; tick only the boxes the form offers."
    ]
    assert (project / "schools.yaml").read_text(encoding="utf-8") == before


def test_ticked_boxes_typed_into_a_text_field_remove_nothing(project: Path) -> None:
    summary = "### Remove these details\n\n- [X] Website\n- [X] Email\n- [X] Id"
    body = _school_body({"summary": summary})
    outcome = apply_request(project, form_of(project, "school"), body)
    assert outcome.problems == [] and outcome.removed == []
    school = next(
        s
        for s in yaml.safe_load((project / "schools.yaml").read_text(encoding="utf-8"))
        if s["id"] == "hawes-side-academy"
    )
    assert school["summary"] == summary
    assert school["website"] and school["email"]


def test_removal_keeps_the_comments_around_it(project: Path) -> None:
    schools = project / "schools.yaml"
    text = schools.read_text(encoding="utf-8")
    text = text.replace(
        "  website: https://www.hawesside.example.org.uk\n"
        "  email: office@hawesside.example.org.uk\n",
        "  website: https://www.hawesside.example.org.uk  # old site\n"
        "  # The office answers in term time.\n"
        "  email: office@hawesside.example.org.uk\n",
    )
    schools.write_text(text, encoding="utf-8")
    body = _school_body({"remove": "Website\nCoordinates"})
    outcome = apply_request(project, form_of(project, "school"), body)
    assert outcome.problems == []
    assert outcome.removed == ["website", "coordinates"]
    changed = [
        line
        for line in difflib.ndiff(text.splitlines(), outcome.new_text.splitlines())
        if line[:1] in "+-"
    ]
    # Only the removed lines go: the comment introducing the next field stays, as it was.
    assert changed == [
        "-   coordinates:",
        "-     lat: 53.799",
        "-     lon: -3.018",
        "-   website: https://www.hawesside.example.org.uk  # old site",
    ]


def test_a_removal_and_a_change_in_one_request(project: Path) -> None:
    before = (project / "schools.yaml").read_text(encoding="utf-8")
    body = _school_body({"phone": "01632 960555", "remove": "Email\nSummary"})
    outcome = apply_request(project, form_of(project, "school"), body)
    assert outcome.problems == [] and outcome.action == "correct"
    changed = [
        line
        for line in difflib.ndiff(before.splitlines(), outcome.new_text.splitlines())
        if line[:1] in "+-"
    ]
    assert changed == [
        "-   email: office@hawesside.example.org.uk",
        '-   phone: "01632 960139"',
        '+   phone: "01632 960555"',
        "-   summary: >-",
        "-     A primary academy in south Blackpool that takes an active part in many",
        "-     networks, from local clusters of headteachers to SSAT and a European",
        "-     partnership. (Real school name; URN and contact details are invented.)",
    ]
    assert "Removed from the record: `email`, `summary`" in pr_body(outcome, 3)


def test_removing_only_what_the_record_lacks_is_no_change(project: Path) -> None:
    schools = project / "schools.yaml"
    body = github_body(
        ROOT / FORMS_DIR / "school.yml", {"id": "marton-mere-primary", "remove": "Pupils"}
    )
    before = schools.read_text(encoding="utf-8")
    assert "pupils" not in next(
        s for s in yaml.safe_load(before) if s["id"] == "marton-mere-primary"
    )
    outcome = apply_request(project, form_of(project, "school"), body)
    assert outcome.problems == [
        "The form gives no change to make: every field is empty or the same, and the record "
        "has none of the details ticked for removal."
    ]
    assert schools.read_text(encoding="utf-8") == before


def test_a_flow_style_record_loses_the_key_and_keeps_its_style() -> None:
    """The forms find records by their `- id:` line; `remove_fields` is safe on any item."""
    text = "- id: a\n  name: A\n- {id: b, website: 'https://b.example.org', name: B}\n"
    file = RecordsFile(text, "schools.yaml")
    assert remove_fields(file, 1, ["website", "email"]) == ["website"]
    assert remove_fields(file, 0, ["website"]) == []
    assert file.text() == "- id: a\n  name: A\n- {id: b, name: B}\n"


def test_a_correction_keeps_the_comments_inside_the_record_where_they_were(
    project: Path,
) -> None:
    """ruamel writes a comment at the column it read it from; the record is dumped two deeper."""
    schools = project / "schools.yaml"
    text = schools.read_text(encoding="utf-8").replace(
        "  website: https://www.hawesside.example.org.uk\n",
        "  website: https://www.hawesside.example.org.uk  # old site\n"
        "  # The office answers in term time.\n",
    )
    schools.write_text(text, encoding="utf-8")
    outcome = apply_request(
        project, form_of(project, "school"), _school_body({"phone": "01632 960555"})
    )
    assert outcome.problems == [] and outcome.action == "correct"
    changed = [
        line
        for line in difflib.ndiff(text.splitlines(), outcome.new_text.splitlines())
        if line[:1] in "+-"
    ]
    assert changed == ['-   phone: "01632 960139"', '+   phone: "01632 960555"']
