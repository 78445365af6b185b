"""`python -m generator forms` and `python -m generator issue-form …`, the workflow's commands.

- `forms [--write]`: check (or rewrite) `.github/ISSUE_TEMPLATE/`.
- `issue-form apply --event EVENT.json --out DIR`: read the issue from the
  event file GitHub gives the workflow (`$GITHUB_EVENT_PATH`), apply it to
  the project, and write what the next step needs into DIR: `result`
  (`changed` or `refused`), `comment.md` (for the issue), `title.txt`,
  `body.md` and `commit.txt` (for the pull request), `file` (the changed
  file). Exit code 0 when the project changed, 1 when the request was
  refused (the comment says why in plain words), 2 when the event is not
  a record request or cannot be read.
- `issue-form publish --event EVENT.json --out DIR`: push the branch
  `record-request/<issue number>`, open or update its pull request
  ("Closes #N") and comment on the issue, through git and the GitHub CLI
  (`gh`, with `GH_TOKEN`); or only comment when `apply` refused it.

The issue's text only ever travels in files and in argument lists, never
through a shell.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from ..generated_files import refresh_or_check
from ..inert import excerpt
from .apply import Outcome, apply_request, issue_form_kind
from .templates import LABEL, form_of, stale_forms, write_forms

BRANCH = "record-request/{}"
BOT = ("schoolnet record request", "41898282+github-actions[bot]@users.noreply.github.com")
RETRY = (
    "Edit the issue to put this right (the **⋯** menu at the top of the issue, then **Edit**): "
    "the change is tried again each time the issue is saved."
)
CHECKS_NOTE = (
    "A pull request opened with the workflow's own token does not start the other workflows "
    "(GitHub's rule against loops). With the repository secret `RECORD_REQUEST_TOKEN` set, "
    "it is opened with that token and the checks run; otherwise a maintainer closes and "
    "reopens this pull request to run them."
)


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `forms` and `issue-form` commands, on the generator's parser."""
    forms = commands.add_parser("forms", help="write or verify the issue forms")
    forms.add_argument("--write", action="store_true", help="rewrite .github/ISSUE_TEMPLATE/")
    forms.add_argument("--project", type=Path, default=argparse.SUPPRESS)
    issue = commands.add_parser("issue-form", help="turn a submitted issue form into a change")
    issue.add_argument("--project", type=Path, default=argparse.SUPPRESS)
    sub = issue.add_subparsers(dest="issue_command", required=True)
    for name, text in (
        ("apply", "apply the issue to the project and write the comment"),
        ("publish", "push the branch, open the pull request, comment on the issue"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--event", type=Path, required=True, help="the event's JSON file")
        cmd.add_argument("--out", type=Path, required=True, help="folder for the results")


def run(args: argparse.Namespace) -> int:
    """Run `forms` or `issue-form`; the exit code."""
    root: Path = args.project.resolve()
    if args.command == "forms":
        return forms(root, args.write)
    if args.issue_command == "apply":
        return apply_command(root, args.event, args.out)
    return publish_command(root, args.event, args.out)


def forms(root: Path, write: bool) -> int:
    """Write the issue forms, or fail when the committed ones are stale."""
    return refresh_or_check(
        root,
        write,
        write_all=write_forms,
        find_stale=stale_forms,
        made_from="generator/models.py or networks.yaml",
        command="forms",
    )


def read_issue(event: Path) -> dict[str, Any] | None:
    """The issue of an `issues` event file, or None when it has none."""
    try:
        data = json.loads(event.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    issue = data.get("issue") if isinstance(data, dict) else None
    return issue if isinstance(issue, dict) else None


def _labels(issue: dict[str, Any]) -> list[str]:
    return [
        str(label.get("name")) for label in issue.get("labels") or [] if isinstance(label, dict)
    ]


def apply_command(root: Path, event: Path, out: Path) -> int:
    """Apply the event's issue to the project and write the results for `publish` (see above)."""
    issue = read_issue(event)
    if issue is None:
        print(f"{event}: not an issue event", file=sys.stderr)
        return 2
    labels = _labels(issue)
    kind = issue_form_kind(labels)
    if LABEL not in labels or kind is None:
        print(f"issue #{issue.get('number')} is not a record request (labels: {labels})",
              file=sys.stderr)  # fmt: skip
        return 2
    out.mkdir(parents=True, exist_ok=True)
    number = int(issue.get("number") or 0)
    outcome = apply_request(root, form_of(root, kind), str(issue.get("body") or ""))
    if outcome.problems:
        (out / "result").write_text("refused\n", encoding="utf-8")
        (out / "comment.md").write_text(refused_comment(outcome), encoding="utf-8")
        print(f"issue #{number}: refused ({len(outcome.problems)} problem(s))", file=sys.stderr)
        return 1
    (out / "result").write_text("changed\n", encoding="utf-8")
    (out / "file").write_text(outcome.file + "\n", encoding="utf-8")
    (out / "title.txt").write_text(pr_title(outcome) + "\n", encoding="utf-8")
    (out / "commit.txt").write_text(
        f"{pr_title(outcome)}\n\nFrom issue #{number}.\n", encoding="utf-8"
    )
    (out / "body.md").write_text(pr_body(outcome, number), encoding="utf-8")
    print(f"issue #{number}: {pr_title(outcome)} in {outcome.file}")
    return 0


def pr_title(outcome: Outcome) -> str:
    """The pull request's title: what changes, by the record's id (a slug, safe anywhere)."""
    verb = {"add": "Add", "correct": "Correct", "recommend": "Add a recommendation to"}
    return f"{verb[outcome.action]} {outcome.kind} {outcome.record_id}"


def pr_body(outcome: Outcome, number: int) -> str:
    """The pull request's description: the issue it closes, the maintainers' note, the checks."""
    lines = [
        f"Closes #{number}.",
        "",
        f"{pr_title(outcome)} in `{outcome.file}`, as asked in the issue's form. "
        "The project's check passed on this change; the change summary and preview come "
        "from the pull request's own workflow.",
        "",
    ]
    if outcome.removed:
        # Field names from the model, never the contributor's text.
        lines += ["Removed from the record: " + ", ".join(f"`{n}`" for n in outcome.removed), ""]
    if outcome.notes:
        lines += [
            "The contributor's note for the maintainers:",
            "",
            excerpt(outcome.notes, 2000),
            "",
        ]
    lines += [CHECKS_NOTE, ""]
    return "\n".join(lines)


def refused_comment(outcome: Outcome) -> str:
    """The issue comment when the request cannot become a change: each problem, then what to do."""
    return "\n".join(
        [
            "Thank you. This request could not be turned into a change yet, because:",
            "",
            *(p if p.startswith("- ") else f"- {p}" for p in outcome.problems),
            "",
            RETRY,
            "",
        ]
    )


def _run(command: list[str], root: Path, capture: bool = False) -> str:
    result = subprocess.run(command, cwd=root, check=True, text=True, capture_output=capture)
    return result.stdout if capture else ""


def publish_command(root: Path, event: Path, out: Path) -> int:
    """Push the change and open or update its pull request, or comment why there is none."""
    issue = read_issue(event)
    if issue is None:
        return 2
    number = str(int(issue.get("number") or 0))
    result = (
        (out / "result").read_text(encoding="utf-8").strip() if (out / "result").is_file() else ""
    )
    if result != "changed":
        comment = out / "comment.md"
        if not comment.is_file():
            comment.parent.mkdir(parents=True, exist_ok=True)
            comment.write_text(
                "This request could not be processed; a maintainer has been told "
                "(see the workflow run).\n",
                encoding="utf-8",
            )
        _run(["gh", "issue", "comment", number, "--body-file", str(comment)], root)
        return 0
    branch = BRANCH.format(number)
    file = (out / "file").read_text(encoding="utf-8").strip()
    title = (out / "title.txt").read_text(encoding="utf-8").strip()
    name, email = BOT
    _run(["git", "switch", "-C", branch], root)
    _run(["git", "add", "--", file], root)
    _run(["git", "-c", f"user.name={name}", "-c", f"user.email={email}", "commit", "-q",
          "-F", str(out / "commit.txt")], root)  # fmt: skip
    _run(["git", "push", "--force", "origin", f"HEAD:refs/heads/{branch}"], root)
    found = json.loads(
        _run(["gh", "pr", "list", "--head", branch, "--state", "open", "--json", "url"], root,
             capture=True) or "[]"
    )  # fmt: skip
    body = str(out / "body.md")
    if found:
        url = str(found[0]["url"])
        _run(["gh", "pr", "edit", url, "--title", title, "--body-file", body], root)
        said = f"The pull request is updated with the edited request: {url}"
    else:
        url = _run(["gh", "pr", "create", "--head", branch, "--title", title, "--body-file", body],
                   root, capture=True).strip()  # fmt: skip
        said = f"Thank you. A maintainer will review the change in this pull request: {url}"
    (out / "reply.md").write_text(said + "\n", encoding="utf-8")
    _run(["gh", "issue", "comment", number, "--body-file", str(out / "reply.md")], root)
    return 0
