"""The project's own files: found without following symbolic links, never outside its folder.

A pull request can carry a symbolic link as easily as a file (git stores it
as a link), and one such as `content/policies/safeguarding.md -> /etc/passwd`
would put a file of the machine that builds the site into its pages, search
index and PDFs. So the generator reads only regular files that it reaches
from the project folder through real folders: every symbolic link on the
way, every `..` step and every special file (a pipe, a device) is a problem
that names it. MkDocs follows links when it lists the content folder, so the
plugin asks here about the files it lists too.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .positions import Pos, Problem


@dataclass
class Walked:
    """The regular files found under a folder, and the problems met on the way."""

    files: list[Path] = field(default_factory=list)
    """Sorted; each reached through real folders only."""
    problems: list[Problem] = field(default_factory=list)


def walk(root: Path, folder: str) -> Walked:
    """Every regular file under `root/folder`, without following symbolic links.

    A link, or anything that is neither a file nor a folder, is reported and
    left out; so is the folder itself when it is a link or lies outside the
    project. A missing folder has no files and no problem.
    """
    found = Walked()
    refused = refuse_path(root, folder)
    if refused is not None:
        found.problems.append(refused)
        return found
    top = root / folder
    if not top.is_dir():
        return found
    pending = [top]
    while pending:
        folder_path = pending.pop()
        try:
            with os.scandir(folder_path) as listing:
                entries = list(listing)
        except OSError as error:
            found.problems.append(_unreadable(root, folder_path, error))
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink():
                found.problems.append(_link(root, path))
            elif entry.is_dir(follow_symlinks=False):
                pending.append(path)
            elif entry.is_file(follow_symlinks=False):
                found.files.append(path)
            else:
                found.problems.append(_special(root, path))
    found.files.sort()
    return found


def refuse_file(root: Path, name: str) -> Problem | None:
    """Why `root/name` may not be read as a file, or None: a regular file, or nothing there.

    For the record files, which the project names itself: a link on the way,
    a folder or a special file is refused; whether a missing file is an
    error is for the caller to say.
    """
    refused = refuse_path(root, name)
    if refused is not None:
        return refused
    path = root / name
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        return _unreadable(root, path, error)
    if stat.S_ISDIR(mode):
        return Problem(
            Pos(name), "", "is a folder, not a file; replace it with the file of that name"
        )
    if not stat.S_ISREG(mode):
        return _special(root, path)
    return None


def refuse_path(
    root: Path, name: str, seen: dict[str, Problem | None] | None = None
) -> Problem | None:
    """The first reason the path `name` (relative to `root`) leads out of the project.

    An absolute path or a `..` step leads outside; so does a symbolic link
    anywhere on the way, the last part included. `seen` remembers the
    folders already looked at, for many paths in the same folders.
    """
    parts = PurePosixPath(name).parts
    if PurePosixPath(name).is_absolute() or ".." in parts:
        return Problem(
            Pos(name),
            "",
            "is outside the project folder; move it inside the project "
            "(and point docs_dir in mkdocs.yml at it)",
        )
    seen = {} if seen is None else seen
    for length in range(1, len(parts) + 1):
        step = "/".join(parts[:length])
        if step not in seen:
            path = root / step
            seen[step] = _link(root, path) if path.is_symlink() else None
        if seen[step] is not None:
            return seen[step]
    return None


def refuse_paths(root: Path, names: Iterable[str]) -> list[Problem]:
    """A problem for each path among `names` that leads out of the project (each link once)."""
    seen: dict[str, Problem | None] = {}
    problems: list[Problem] = []
    for name in names:
        refused = refuse_path(root, name, seen)
        if refused is not None and refused not in problems:
            problems.append(refused)
    return problems


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _link(root: Path, path: Path) -> Problem:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    what = "folder" if path.is_dir() else "file"
    return Problem(
        Pos(_rel(root, path)),
        "",
        f"is a symbolic link to '{target}'; replace it with the {what} itself",
    )


def _special(root: Path, path: Path) -> Problem:
    return Problem(
        Pos(_rel(root, path)),
        "",
        "is not a regular file (a pipe, socket or device); replace it with a file or remove it",
    )


def _unreadable(root: Path, path: Path, error: OSError) -> Problem:
    return Problem(
        Pos(_rel(root, path)),
        "",
        f"cannot be read ({error.strerror}); make it readable or remove it",
    )
