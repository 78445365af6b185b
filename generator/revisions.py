"""The records as they were at a git revision, for change summaries."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import Any

from .models import KINDS
from .positions import Problem
from .project import Sources, load_records


class RevisionError(Exception):
    """A revision that git cannot show (mistyped, or not fetched)."""


def _git_show(root: Path, rev: str, name: str) -> bytes | None:
    result = subprocess.run(
        ["git", "-C", str(root), "show", f"{rev}:./{name}"],
        capture_output=True,
        check=False,
    )
    if result.returncode == 0:
        return result.stdout
    check = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
        capture_output=True,
        check=False,
    )
    if check.returncode != 0:
        raise RevisionError(f"git does not know the revision '{rev}'; fetch it or check its name")
    return None  # The file did not exist at that revision.


def records_at(root: Path, rev: str | None) -> tuple[dict[str, list[Any]], list[Problem]]:
    """Load every record file as of `rev` (None: the working tree), problems and all."""
    if rev is None:
        records, _broken, problems = load_records(Sources(root))
        return records, problems
    with tempfile.TemporaryDirectory(prefix="schoolnet-rev-") as tmp:
        for kind in KINDS.values():
            data = _git_show(root, rev, kind.filename)
            if data is not None:
                (Path(tmp) / kind.filename).write_bytes(data)
        records, _broken, problems = load_records(Sources(Path(tmp)))
    return records, problems
