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

A live preview (`mkdocs serve`) reads the same files again on every save,
and an edit touches a few lines of one file. With `KeptPieces`, a plain
list is read as pieces of `PIECE_ITEMS` items; a piece whose text, first
line and first item number are those of a piece read in the last rebuild
gives back that piece's records (frozen objects, so sharing them is safe),
and only the edited pieces are parsed and checked again. The same rule
holds: a piece with a problem of YAML itself sends the file the usual way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .loader import (
    MAX_BYTES,
    Halves,
    YSeq,
    item_starts,
    parse_yaml,
    read_text,
    read_yaml,
    split_items,
)
from .models import Kind
from .parallel import Running, can_fork, fork_call
from .positions import Problem
from .validate import Parsed, parse_records

SPLIT_BYTES = 2_000_000
"""A record file larger than this is read as two halves at once."""

PIECE_ITEMS = 50
"""Items per piece when a live preview reads a file in pieces it can keep (see KeptPieces)."""

PieceKey = tuple[str, int, int]
"""A piece's text, the lines of the file before it and the number of its first item."""


@dataclass
class KeptPieces:
    """The pieces of each record file read in the last rebuild of a live preview, by kind.

    Only the last rebuild's pieces are kept, so the memory held is one
    reading of the files at most.
    """

    pieces: dict[str, dict[PieceKey, Parsed]] = field(default_factory=dict)
    parsed: int = 0
    """Pieces parsed in the last rebuild (the rest were kept), for the log and the tests."""


@dataclass
class Reading:
    """One record file being read: `finish` gives its records, problems and readability."""

    kind: Kind
    path: Path
    size: int
    halves: Halves | None = None
    second: Running[None, Parsed | None] | None = None
    pieces: Parsed | None = None
    """The whole file's records, read from pieces (see KeptPieces)."""

    def finish(self) -> tuple[Parsed, list[Problem], bool]:
        """The kind's records, the file's own problems, and whether it was unreadable."""
        if self.pieces is not None:
            return self.pieces, [], False
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


def start_reading(kind: Kind, path: Path, kept: KeptPieces | None = None) -> Reading:
    """Begin reading a record file; a large one that splits cleanly starts its second half
    in a forked worker at once, so the caller can read other files meanwhile.

    With `kept` (a live preview), a plain list is read in pieces instead,
    reusing the pieces unchanged since the last rebuild.
    """
    size = path.stat().st_size if path.is_file() else 0
    reading = Reading(kind, path, size)
    if kept is not None and 0 < size <= MAX_BYTES:
        text = read_text(path, kind.filename)[0]
        reading.pieces = _read_pieces(kind, text, kept) if text is not None else None
        return reading
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


def _read_pieces(kind: Kind, text: str, kept: KeptPieces) -> Parsed | None:
    """The file's records from its pieces, parsing only those not kept; None: read it whole."""
    starts = item_starts(text)
    if starts is None:
        kept.pieces.pop(kind.name, None)
        return None
    before = kept.pieces.get(kind.name, {})
    now: dict[PieceKey, Parsed] = {}
    whole = Parsed()
    line = text.count("\n", 0, starts[0])
    for first in range(0, len(starts), PIECE_ITEMS):
        begin = starts[first]
        end = starts[first + PIECE_ITEMS] if first + PIECE_ITEMS < len(starts) else len(text)
        key = (text[begin:end], line, first + 1)
        piece = before.get(key)
        if piece is None:
            piece = _read_part(kind, key[0], line, first + 1)
            if piece is None:  # A problem of YAML itself: the whole file says where.
                kept.pieces.pop(kind.name, None)
                return None
            kept.parsed += 1
        now[key] = piece
        whole.records += piece.records
        whole.broken_ids |= piece.broken_ids
        whole.problems += piece.problems
        line += key[0].count("\n")
    kept.pieces[kind.name] = now
    return whole


def _read_part(kind: Kind, text: str, line_offset: int, first_index: int) -> Parsed | None:
    """One half's records, or None when the half has a YAML problem (the whole file then)."""
    tree, found = parse_yaml(text, kind.filename, line_offset=line_offset)
    if found or not isinstance(tree, YSeq):
        return None
    return parse_records(kind, tree, kind.filename, first_index)
