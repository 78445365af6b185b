"""Files kept in the repository but generated from the models: rewritten on request, else checked.

The editor schemas (`schemas/`) and the issue forms (`.github/ISSUE_TEMPLATE/`)
are committed so that editors and GitHub can read them without running
anything; a command rewrites them, and the same command without `--write`
fails while a committed copy is stale, in one message per file that says
how to fix it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path


def refresh_or_check(
    root: Path,
    write: bool,
    *,
    write_all: Callable[[Path], Iterable[Path]],
    find_stale: Callable[[Path], list[Path]],
    made_from: str,
    command: str,
) -> int:
    """Rewrite every generated file (`write`), or say which are stale; 1 when any is."""
    if write:
        for path in write_all(root):
            print(f"updated {path.relative_to(root)}")
        return 0
    stale = find_stale(root)
    for path in stale:
        print(
            f"{path.relative_to(root)}: out of date with {made_from}; "
            f"run 'python -m generator {command} --write' and commit the result",
            file=sys.stderr,
        )
    return 1 if stale else 0
