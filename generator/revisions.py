"""The project as it was at a git revision, for change summaries.

Everything is read from git's objects (`git show`, `git diff`), never by
checking a revision out, so the code that reads can come from another
revision than the data it reads: CI runs the base branch's code against a
pull request's repository (`--project`).
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .models import KINDS
from .positions import Problem
from .project import Sources, load_records


class RevisionError(Exception):
    """A revision that git cannot show (mistyped, or not fetched)."""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)


def resolve(root: Path, rev: str) -> str:
    """The commit id `rev` names, so that later git commands get a hash, never an option."""
    if not rev.startswith("-"):
        found = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
        if found.returncode == 0:
            return found.stdout.decode().strip()
    raise RevisionError(f"git does not know the revision '{rev}'; fetch it or check its name")


def git_show(root: Path, commit: str, name: str) -> bytes | None:
    """A file's bytes at `commit` (a resolved id), or None when it did not exist there."""
    result = _git(root, "show", f"{commit}:./{name}")
    return result.stdout if result.returncode == 0 else None


def records_at(root: Path, rev: str | None) -> tuple[dict[str, list[Any]], list[Problem]]:
    """Load every record file as of `rev` (None: the working tree), problems and all."""
    if rev is None:
        records, _broken, problems = load_records(Sources(root))
        return records, problems
    commit = resolve(root, rev)
    with tempfile.TemporaryDirectory(prefix="schoolnet-rev-") as tmp:
        for kind in KINDS.values():
            data = git_show(root, commit, kind.filename)
            if data is not None:
                (Path(tmp) / kind.filename).write_bytes(data)
        records, _broken, problems = load_records(Sources(Path(tmp)))
    return records, problems


Status = Literal["added", "removed", "changed"]
STATUS: dict[str, Status] = {"A": "added", "D": "removed"}
"""git's letter for each status; any other letter (M, T) is a change."""


@dataclass(frozen=True)
class FileChange:
    """One file under the content folder that differs between two revisions."""

    path: str
    """Relative to the project, with slashes."""
    status: Status
    lines_added: int
    lines_removed: int
    text: str | None
    """The new version, when there is one and it is UTF-8 text: for the markup check."""


def _nul_fields(output: bytes) -> list[str]:
    return [part.decode("utf-8", "replace") for part in output.split(b"\0") if part]


def _diff(root: Path, args: list[str], folder: str) -> list[str]:
    """`git diff` between two trees, as NUL-separated fields, paths relative to the project.

    --text: a pull request's .gitattributes cannot mark its Markdown as
    binary to hide the line counts; --no-ext-diff and --no-textconv: no
    program configured for diffs runs.
    """
    options = ["--no-renames", "--no-ext-diff", "--no-textconv", "--text", "--relative", "-z"]
    result = _git(root, "diff", *options, *args, "--", folder)
    if result.returncode != 0:
        raise RevisionError(result.stderr.decode("utf-8", "replace").strip())
    return _nul_fields(result.stdout)


def _untracked(root: Path, folder: str) -> list[str]:
    """Files in the working tree that git does not know yet (and does not ignore)."""
    result = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", folder)
    return _nul_fields(result.stdout)


def _decoded(data: bytes | None) -> str | None:
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def content_changes(
    root: Path, base: str, head: str | None, content_dir: str = "content"
) -> list[FileChange]:
    """Every file added, removed or changed under the content folder from `base` to `head`.

    `head` None: the working tree, including files git does not track yet.
    """
    commits = [resolve(root, base)] + ([resolve(root, head)] if head is not None else [])
    fields = _diff(root, ["--name-status", *commits], content_dir)
    statuses = {path: STATUS.get(letter[0], "changed") for letter, path in _pairs(fields)}
    counts = _diff(root, ["--numstat", *commits], content_dir)
    lines = {path: (_count(a), _count(d)) for a, d, path in (c.split("\t", 2) for c in counts)}

    def new_text(path: str) -> str | None:
        if head is None:
            file = root / path
            return _decoded(file.read_bytes()) if file.is_file() else None
        return _decoded(git_show(root, commits[1], path))

    changes = [
        FileChange(
            path, status, *lines.get(path, (0, 0)), None if status == "removed" else new_text(path)
        )
        for path, status in statuses.items()
    ]
    if head is None:
        for path in _untracked(root, content_dir):
            text = new_text(path)
            changes.append(FileChange(path, "added", _line_count(text), 0, text))
    return sorted(changes, key=lambda change: change.path)


def _pairs(fields: list[str]) -> list[tuple[str, str]]:
    return list(zip(fields[::2], fields[1::2], strict=True))


def _count(number: str) -> int:
    return int(number) if number.isdigit() else 0


def _line_count(text: str | None) -> int:
    return len(text.splitlines()) if text is not None else 0
