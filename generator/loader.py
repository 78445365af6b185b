"""Read a YAML file safely into a small tree that remembers where every value came from.

PyYAML is only asked to *compose* (parse into nodes), never to construct
Python objects, so no tag can run code. The tree keeps each scalar's raw text
and whether it was quoted; the record rules decide what the text means. That
is what stops YAML 1.1 from turning `NO` into false or `12:30` into 750.
Limits on file size, node count and depth refuse a "billion laughs" file
quickly instead of expanding it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .characters import FIX, character_name
from .positions import Pos, Problem

MAX_BYTES = 64 * 1024 * 1024
MAX_NODES = 3_000_000
MAX_DEPTH = 40

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Composes nodes without guessing plain scalars' types.

    The rules read every scalar's raw text, so the resolver's regular
    expressions (is `NO` a boolean? is `1:30` a number?) are wasted work: a
    tenth of the time to read 25,000 schools. An explicit tag is still
    kept as written, and refused by the converter.
    """

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        """The default tag of each node kind; scalars are plain strings."""
        if kind is yaml.ScalarNode:
            return "tag:yaml.org,2002:str"
        if kind is yaml.SequenceNode:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"


_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass
class YScalar:
    """A scalar: its exact text, and whether it was quoted or a block."""

    text: str
    pos: Pos
    plain: bool
    reported: bool = False
    """True when the loader already reported this value (e.g. a refused tag)."""

    @property
    def is_null(self) -> bool:
        """An unquoted empty value, `~` or `null`: the field was left blank."""
        return self.plain and self.text in _NULLS and not self.reported


@dataclass
class YSeq:
    """A list."""

    items: list[YNode]
    pos: Pos


@dataclass
class YMap:
    """A mapping with string keys, in file order, with each key's position."""

    items: dict[str, YNode]
    key_pos: dict[str, Pos]
    pos: Pos = field(default_factory=lambda: Pos("?"))


YNode = YScalar | YSeq | YMap


class _TooBig(Exception):
    pass


class _Converter:
    """Walks composed nodes into a YNode tree, counting to bound alias expansion.

    A node reached again through an alias is not walked again: its converted
    tree is reused and its size added to the count, so a "billion laughs"
    file is refused after a few thousand steps, not billions. A text
    without a `*` has no aliases, so no node can be reached twice and the
    bookkeeping is skipped.
    """

    def __init__(self, file: str, *, aliases: bool = True, line_offset: int = 0) -> None:
        self.file = file
        self.count = 0
        self.problems: list[Problem] = []
        self.done: dict[int, tuple[YNode, int]] = {}
        self.aliases = aliases
        self.line_offset = line_offset + 1  # Marks count lines from 0.

    def pos(self, node: yaml.Node) -> Pos:
        mark = node.start_mark
        return Pos(self.file, mark.line + self.line_offset, mark.column + 1)

    def convert(self, node: yaml.Node, depth: int = 0) -> YNode:
        if not self.aliases:
            return self._convert(node, depth)
        seen = self.done.get(id(node))
        if seen is not None:
            self.count += seen[1]
            if self.count > MAX_NODES:
                raise _TooBig(self.pos(node))
            return seen[0]
        before = self.count
        result = self._convert(node, depth)
        self.done[id(node)] = (result, self.count - before)
        return result

    def _convert(self, node: yaml.Node, depth: int) -> YNode:
        # Only aliases can make a document larger than its text, which is
        # bounded already, so values are counted only when there are aliases.
        self.count += self.aliases
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise _TooBig(self.pos(node))
        if node.tag not in _STANDARD_TAGS:
            self.problems.append(
                Problem(
                    self.pos(node),
                    "",
                    f"the YAML tag {node.tag!r} is not allowed; remove the tag "
                    "and write the value as plain text",
                )
            )
            return YScalar("", self.pos(node), plain=False, reported=True)
        if isinstance(node, yaml.ScalarNode):
            return YScalar(str(node.value), self.pos(node), not node.style)
        if isinstance(node, yaml.SequenceNode):
            return YSeq([self.convert(item, depth + 1) for item in node.value], self.pos(node))
        return self.convert_map(node, depth)

    def convert_map(self, node: yaml.Node, depth: int) -> YMap:
        result = YMap({}, {}, self.pos(node))
        for key_node, value_node in node.value:
            key_pos = self.pos(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    Problem(key_pos, "", "a key must be a plain word; write 'name: value'")
                )
                continue
            key = str(key_node.value)
            if key in result.items:
                first = result.key_pos[key]
                self.problems.append(
                    Problem(
                        key_pos,
                        "",
                        f"duplicate key {key!r} (first given at line {first.line}); "
                        "keep one of them",
                    )
                )
                continue
            result.key_pos[key] = key_pos
            result.items[key] = self.convert(value_node, depth + 1)
        return result


def _too_large(file: str) -> Problem:
    return Problem(
        Pos(file),
        "",
        f"the file is larger than {MAX_BYTES // 1024 // 1024} MB; split it or trim it",
    )


def parse_yaml(text: str, file: str, *, line_offset: int = 0) -> tuple[YNode | None, list[Problem]]:
    """Parse one YAML document into a positioned tree, or report why not.

    Returns (None, problems) when the file cannot be read at all; an empty
    file gives (None, []). `line_offset`: the lines of the file before
    `text`, when `text` is a part of it (see split_items).
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return None, [_too_large(file)]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        pos = Pos(file, mark.line + 1, mark.column + 1) if mark else Pos(file)
        what = err.problem or "the YAML cannot be read"
        return None, [
            Problem(
                pos,
                "",
                f"YAML syntax error: {what}; check the indentation and quoting on this line "
                "and the one before",
            )
        ]
    except yaml.reader.ReaderError as err:
        return None, [_unreadable_character(text, file, line_offset, err)]
    except yaml.YAMLError as err:
        return None, [Problem(Pos(file), "", f"YAML error: {err}; fix the file's syntax")]
    if root is None:
        return None, []
    converter = _Converter(file, aliases="*" in text, line_offset=line_offset)
    try:
        tree = converter.convert(root)
    except _TooBig as err:
        pos = err.args[0]
        return None, [
            Problem(
                pos,
                "",
                f"the document expands to more than {MAX_NODES:,} values or nests deeper "
                f"than {MAX_DEPTH} levels (are aliases '*' repeating each other?); "
                "write records out plainly without anchors and aliases",
            )
        ]
    return tree, converter.problems


def _unreadable_character(
    text: str, file: str, line_offset: int, err: yaml.reader.ReaderError
) -> Problem:
    """Where the character YAML refuses (a raw control character) sits, and what it is.

    libyaml counts the error's position in bytes, so the character is looked
    for instead: YAML reads in order and stops at the first it refuses.
    """
    char = chr(err.character)
    at = text.find(char)
    if at < 0:
        at = err.position
    line = text.count("\n", 0, at) + 1 + line_offset
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return Problem(
        Pos(file, line, column),
        "",
        f"the file contains {character_name(char)}; {FIX}",
    )


ITEM_START = re.compile(r"^-( |$)", re.M)
NOT_SPLITTABLE = re.compile(r"^(---|\.\.\.|%)", re.M)


@dataclass(frozen=True)
class Halves:
    """A top-level list cut in two between items, so each half parses on its own."""

    first: str
    second: str
    second_line: int
    """Lines of the file before `second`."""
    first_items: int
    """Items in `first`, so the second half's items are numbered on from it."""


def item_starts(text: str) -> list[int] | None:
    """Where each item of a file that is one plain top-level list starts, or None.

    Cut at these places, each piece is a list of whole items that parses to
    the same items, at the same places (given its line offset), as in the
    whole file. That holds only for the plain layout contributors write, so
    anything else gives None: aliases (`*`, an item may point into another
    piece), document markers or directives, or text before the first item.
    """
    if "*" in text or NOT_SPLITTABLE.search(text):
        return None
    starts = [m.start() for m in ITEM_START.finditer(text)]
    if not starts or not _only_comments(text[: starts[0]]):
        return None
    return starts


def split_items(text: str) -> Halves | None:
    """Cut a plain top-level list between two of its items, near the middle (see item_starts)."""
    starts = item_starts(text)
    if starts is None or len(starts) < 2:
        return None
    middle = starts[len(starts) // 2]
    return Halves(text[:middle], text[middle:], text.count("\n", 0, middle), len(starts) // 2)


def each_item(text: str) -> list[tuple[str, int]] | None:
    """Every item's text with the lines before it (see item_starts), or None."""
    starts = item_starts(text)
    if starts is None:
        return None
    ends = [*starts[1:], len(text)]
    items = []
    line = text.count("\n", 0, starts[0])
    for start, end in zip(starts, ends, strict=True):
        items.append((text[start:end], line))
        line += text.count("\n", start, end)
    return items


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def read_text(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file, or say where the first byte that is not UTF-8 sits."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        start = err.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data.count(b"\n", 0, start) + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        return None, [
            Problem(
                Pos(file, line, column),
                "",
                f"is not UTF-8 text ({err.reason}); save it as UTF-8",
            )
        ]


def read_yaml(path: Path, file: str) -> tuple[YNode | None, list[Problem]]:
    """Read and parse a YAML file; a missing file is simply empty."""
    if not path.exists():
        return None, []
    if path.stat().st_size > MAX_BYTES:
        return None, [_too_large(file)]
    text, problems = read_text(path, file)
    if text is None:
        return None, problems
    return parse_yaml(text, file)
