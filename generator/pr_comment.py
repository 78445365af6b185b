"""The change summary as one comment on its pull request, updated on each push.

Two halves, in two workflows, so that no job holding a token that can write
ever reads a pull request's code:

- `save` runs in the pull request's own workflow (a read-only token, forks
  included): it keeps the summary `diff` wrote and the pull request's number
  in a folder that the workflow uploads as an artifact.
- `post` runs in `.github/workflows/pr-comment.yml`, started by
  `workflow_run` on the default branch's code with `pull-requests: write`:
  it reads that artifact as untrusted data (the number must be a plain
  integer, and the pull request's head must be the commit the run checked),
  and creates the one comment that starts with MARKER and was written by
  the workflow's own account, or edits it.

The summary's quotations are already inert (generator/inert.py); the comment
adds only the marker, a heading and, when the summary is longer than GitHub
takes, a note that the rest is on the run page.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

MARKER = "<!-- schoolnet-change-summary -->"
"""Starts the comment, so each push finds and edits the same one."""
LIMIT = 65_536
"""The most characters GitHub accepts in a comment's body."""
BOT = "github-actions[bot]"
"""The account a workflow's GITHUB_TOKEN writes as: only its comment is ever edited."""
SUMMARY = "summary.md"
NUMBER = "pull-request.txt"
FILES = (SUMMARY, NUMBER)
"""What the artifact holds, and all `post` reads of it."""
NUMBER_RE = re.compile(r"[1-9][0-9]{0,9}")
SHA_RE = re.compile(r"[0-9a-f]{40}")
REPOSITORY_RE = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
RUN_URL_RE = re.compile(r"https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/actions/runs/\d+")


def comment_body(summary: str, run_url: str) -> str:
    """The comment: marker, heading, the summary, and where it came from, within LIMIT.

    A summary too long for a comment is cut at the end of a line (a code
    span, which holds each quotation, never spans lines) and followed by a
    note pointing at the run page, which has all of it.
    """
    link = f"[the checks' run page]({run_url})" if RUN_URL_RE.fullmatch(run_url) else "the run page"
    head = f"{MARKER}\n"
    foot = f"\n\n<sub>Updated on each push; also on {link}.</sub>\n"
    text = summary.strip("\n")
    if len(head) + len(text) + len(foot) <= LIMIT:
        return head + text + foot
    note = f"\n\n**The summary is longer than a comment can hold; the rest of it is on {link}.**"
    room = LIMIT - len(head) - len(note) - len(foot)
    cut = text[:room]
    cut = cut[: cut.rfind("\n")] if "\n" in cut else cut
    return head + cut.rstrip() + note + foot


def read_number(text: str) -> int | None:
    """A pull request's number from untrusted text, or None unless it is a plain integer."""
    stripped = text.strip()
    return int(stripped) if NUMBER_RE.fullmatch(stripped) else None


def find_comment(comments: Iterable[dict[str, Any]]) -> int | None:
    """The id of the summary's comment among a pull request's comments, or None.

    Only a comment by the workflow's own account counts: anyone can post a
    comment that starts with the marker, and the summary must not land in it.
    """
    for comment in comments:
        if comment.get("user") == BOT and str(comment.get("start", "")).startswith(MARKER):
            return int(comment["id"])
    return None


def save(summary: Path, number: str, out: Path) -> int:
    """Keep the summary and the pull request's number in `out`, for the artifact."""
    checked = read_number(number)
    if checked is None:
        print(f"comment save: not a pull request number: {number!r}", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    (out / SUMMARY).write_text(summary.read_text(encoding="utf-8"), encoding="utf-8")
    (out / NUMBER).write_text(f"{checked}\n", encoding="utf-8")
    return 0


def _read_start(path: Path, characters: int) -> str:
    """At most the first `characters` of an untrusted file, however large it is."""
    with path.open(encoding="utf-8", errors="replace") as file:
        return file.read(characters)


def _gh(*args: str) -> str:
    """Run the GitHub CLI (its token from GH_TOKEN) and return what it printed."""
    return subprocess.run(["gh", *args], capture_output=True, text=True, check=True).stdout


def post(folder: Path, repository: str, head_sha: str, run_url: str) -> int:
    """Create or edit the summary's comment on the pull request the artifact names."""
    if not (REPOSITORY_RE.fullmatch(repository) and SHA_RE.fullmatch(head_sha)):
        print("comment post: GITHUB_REPOSITORY or HEAD_SHA is malformed", file=sys.stderr)
        return 2
    if any(not (folder / name).is_file() or (folder / name).is_symlink() for name in FILES):
        print("comment post: the artifact is not the two plain files it should be", file=sys.stderr)
        return 2
    number = read_number(_read_start(folder / NUMBER, 20))
    if number is None:
        print("comment post: the artifact's pull request number is not a number", file=sys.stderr)
        return 2
    pull = f"repos/{repository}/pulls/{number}"
    if _gh("api", pull, "--jq", ".head.sha").strip() != head_sha:
        print(f"comment post: pull request {number} is not at {head_sha}; nothing posted")
        return 0
    body = comment_body(_read_start(folder / SUMMARY, LIMIT), run_url)
    listed = _gh(
        "api",
        "--paginate",
        f"repos/{repository}/issues/{number}/comments",
        "--jq",
        ".[] | {id: .id, user: .user.login, start: .body[0:64]}",
    )
    existing = find_comment(json.loads(line) for line in listed.splitlines() if line.strip())
    with tempfile.TemporaryDirectory() as folder_for_payload:
        payload = Path(folder_for_payload) / "comment.json"
        payload.write_text(json.dumps({"body": body}), encoding="utf-8")
        _send(repository, number, existing, payload)
    return 0


def _send(repository: str, number: int, existing: int | None, payload: Path) -> None:
    """Create the comment, or edit the existing one, with the body in `payload`."""
    if existing is None:
        _gh(
            "api",
            "--method",
            "POST",
            f"repos/{repository}/issues/{number}/comments",
            "--input",
            str(payload),
            "--silent",
        )
        print(f"Posted the change summary on pull request {number}.")
    else:
        _gh(
            "api",
            "--method",
            "PATCH",
            f"repos/{repository}/issues/comments/{existing}",
            "--input",
            str(payload),
            "--silent",
        )
        print(f"Updated the change summary on pull request {number}.")


def main(argv: list[str] | None = None) -> int:
    """`save SUMMARY --pull-request N --out DIR`, or `post DIR` (GITHUB_REPOSITORY, HEAD_SHA
    and RUN_URL from the environment, as the workflow sets them)."""
    import argparse
    import os

    parser = argparse.ArgumentParser(prog="./dev comment")
    commands = parser.add_subparsers(dest="command", required=True)
    save_cmd = commands.add_parser("save", help="keep the summary and the number for the artifact")
    save_cmd.add_argument("summary", type=Path)
    save_cmd.add_argument("--pull-request", required=True)
    save_cmd.add_argument("--out", type=Path, required=True)
    post_cmd = commands.add_parser("post", help="create or edit the pull request's comment")
    post_cmd.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    if args.command == "save":
        return save(args.summary, args.pull_request, args.out)
    env = os.environ
    return post(
        args.folder,
        env.get("GITHUB_REPOSITORY", ""),
        env.get("HEAD_SHA", ""),
        env.get("RUN_URL", ""),
    )


if __name__ == "__main__":
    sys.exit(main())
