"""Reading one record file: whole, or a large plain list in two halves on two cores.

Every record file can be read whole (`loader.read_yaml`, then
`validate.parse_records`). A large one (25,000 schools are 20 MB) that is
the plain top-level list contributors write is also cut between two items
near the middle (`loader.split_items`), and its second half is parsed by a
forked worker while this process parses the first. At 25,000 schools that
takes the records' load from 4.6-4.8 s to 3.7-3.9 s, about 5.5 % of the
whole build (README, "How a build stays fast"), which is why this second
path is kept.

The rule that keeps it safe: a half with any problem of YAML itself, or
that is not a list, sends the whole file the usual way, so a contributor's
messages never depend on the split (tests/test_split_read.py compares both
paths' records, places and problems).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .loader import MAX_BYTES, Halves, YSeq, parse_yaml, read_text, read_yaml, split_items
from .models import Kind
from .parallel import Running, can_fork, fork_call
from .positions import Problem
from .validate import Parsed, parse_records

SPLIT_BYTES = 2_000_000
"""A record file larger than this is read as two halves at once."""


@dataclass
class Reading:
    """One record file being read: `finish` gives its records, problems and readability."""

    kind: Kind
    path: Path
    size: int
    halves: Halves | None = None
    second: Running[None, Parsed | None] | None = None

    def finish(self) -> tuple[Parsed, list[Problem], bool]:
        """The kind's records, the file's own problems, and whether it was unreadable."""
        if self.halves is not None and self.second is not None:
            first = _read_part(self.kind, self.halves.first, 0, 1)
            rest = self.second.wait()[0]
            if first is not None and rest is not None:
                first.records += rest.records
                first.broken_ids |= rest.broken_ids
                first.problems += rest.problems
                return first, [], False
        tree, found = read_yaml(self.path, self.kind.filename)
        parsed = parse_records(self.kind, tree, self.kind.filename)
        return parsed, found, (tree is None and bool(found)) or parsed.unreadable


def start_reading(kind: Kind, path: Path) -> Reading:
    """Begin reading a record file; a large one that splits cleanly starts its second half
    in a forked worker at once, so the caller can read other files meanwhile."""
    size = path.stat().st_size if path.is_file() else 0
    reading = Reading(kind, path, size)
    if can_fork() and SPLIT_BYTES < size <= MAX_BYTES:
        text = read_text(path, kind.filename)[0]  # Unreadable: the whole-file path reports it.
        halves = split_items(text) if text is not None else None
        if halves is not None:
            reading.halves = halves
            reading.second = fork_call(
                lambda: _read_part(kind, halves.second, halves.second_line, halves.first_items + 1)
            )
    return reading


def read_records(kind: Kind, path: Path) -> tuple[Parsed, list[Problem], bool]:
    """One kind's records, the file's own problems, and whether it was unreadable."""
    return start_reading(kind, path).finish()


def _read_part(kind: Kind, text: str, line_offset: int, first_index: int) -> Parsed | None:
    """One half's records, or None when the half has a YAML problem (the whole file then)."""
    tree, found = parse_yaml(text, kind.filename, line_offset=line_offset)
    if found or not isinstance(tree, YSeq):
        return None
    return parse_records(kind, tree, kind.filename, first_index)
