"""Read a YAML file safely into a small tree that remembers where every value came from.

PyYAML is only asked to *parse* (into events), never to construct Python
objects, so no tag can run code; the tree is built from the events here,
without recursion. The tree keeps each scalar's raw text and whether it was
quoted; the record rules decide what the text means. That is what stops YAML
1.1 from turning `NO` into false or `12:30` into 750. Limits on file size,
value count and depth refuse a "billion laughs" file, or one nested
thousands deep, quickly instead of expanding it or overflowing the stack.
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

_Events = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""Reads YAML as a stream of events: libyaml's parser where PyYAML has it.

Only its events are used. A composer (libyaml's through PyYAML, or PyYAML's
own) builds nodes by recursion, a stack frame per level, so thousands of
nested '[' or '- ' could overflow the stack and kill the process. Whether
they do depends on the libyaml PyYAML was built with: libyaml 0.2.5 and
older have no limit, the one in PyYAML 6.0.4's wheels stops at 1,000 levels
(a change of 2024). The parser keeps a stack of its own and never recurses.
"""


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
    """Aliases repeat values past MAX_NODES, or an alias repeats a collection inside itself."""


class _TooDeep(Exception):
    """Collections nest deeper than MAX_DEPTH."""


_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"
"""libyaml's own limit (1,000 levels), met when a line opens brackets faster than
the parser hands out events."""

_KEY, _KEEP, _SKIP = 0, 1, 2
"""What a mapping expects next: a key, a value to keep, or a value to leave out."""


class _Open:
    """A collection whose end has not come yet: what it holds so far and what comes next."""

    __slots__ = ("anchor", "key", "key_pos", "node", "placed", "quiet", "start", "state")

    def __init__(self, node: YSeq | YMap, anchor: str | None, start: int, quiet: bool) -> None:
        self.node = node
        self.placed: YNode = node
        """What goes into the parent at the end: the node, or a stand-in for a refused tag."""
        self.anchor = anchor
        self.start = start
        """The value count when it began, to know how many values an alias to it repeats."""
        self.quiet = quiet
        """True when the collection is left out (a key that is not a word, a duplicate
        key's value, a refused tag): nothing inside it is reported."""
        self.state = _KEY
        self.key = ""
        self.key_pos = node.pos


class _Composer:
    """Builds the positioned tree from parser events, in one loop without recursion.

    The depth of a value is the number of collections open around it, so a
    file nested deeper than MAX_DEPTH is refused at the first value too deep,
    whatever the shape of the nesting. A node reached again through an alias
    is not built again: its tree is reused and its size added to the count,
    so a "billion laughs" file is refused after a few thousand steps, not
    billions. A text without a `*` has no aliases, so values are not counted.
    """

    def __init__(self, file: str, *, aliases: bool, line_offset: int) -> None:
        self.file = file
        self.line_offset = line_offset + 1  # Marks count lines from 0.
        self.aliases = aliases
        self.count = 0
        self.stack: list[_Open] = []
        self.quiet = 0
        """How many of the open collections are left out (see _Open.quiet)."""
        self.anchors: dict[str, tuple[YNode, int, Any]] = {}
        """Each anchor's value, its size (-1 while it is still open) and its place."""
        self.problems: list[Problem] = []
        self.root: YNode | None = None
        self.first_mark: Any = None

    def pos(self, mark: Any) -> Pos:
        """Where a parser mark is, in the whole file's lines."""
        return Pos(self.file, mark.line + self.line_offset, mark.column + 1)

    def compose(self, events: Any) -> YNode | None:
        """The document's tree; None for a stream without a document."""
        get = events.get_event
        get()  # The stream's start.
        if isinstance(get(), yaml.StreamEndEvent):
            return None
        scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
        sequence, mapping = yaml.SequenceStartEvent, yaml.MappingStartEvent
        ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
        while True:
            event = get()
            kind = type(event)
            if kind is scalar:
                self.scalar(event)
            elif kind in ends:
                self.end()
            elif kind is sequence or kind is mapping:
                self.begin(event, kind is mapping)
            elif kind is alias:
                self.alias(event)
            else:  # The document's end.
                break
        following = get()
        if not isinstance(following, yaml.StreamEndEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                self.first_mark,
                "but found another document",
                following.start_mark,
            )
        return self.root

    def scalar(self, event: Any) -> None:
        """A scalar: a mapping's key, or a value to place."""
        pos = self.pos(event.start_mark)
        top = self.stack[-1] if self.stack else None
        left_out = False
        if top is not None and top.state != _KEEP and isinstance(top.node, YMap):
            if top.state == _KEY:
                self.take_key(top, event.value, pos)
                return
            left_out = True  # A duplicate key's value.
        self.begin_value(event, pos)
        tag = event.tag
        node = (
            YScalar(event.value, pos, not event.style)
            if tag is None or tag == "!" or tag in _STANDARD_TAGS or left_out
            else self.refused(tag, pos)
        )
        if event.anchor is not None:
            self.anchors[event.anchor] = (node, 1, event.start_mark)
        self.place(node)

    def take_key(self, top: _Open, key: str, pos: Pos) -> None:
        """A mapping's next key; a key given twice leaves its second value out."""
        mapping = top.node
        assert isinstance(mapping, YMap)
        if key in mapping.items:
            first = mapping.key_pos[key]
            self.problem(
                pos,
                f"duplicate key {key!r} (first given at line {first.line}); keep one of them",
            )
            top.state = _SKIP
            return
        top.key, top.key_pos, top.state = key, pos, _KEEP

    def begin(self, event: Any, is_mapping: bool) -> None:
        """A sequence or mapping begins: it is open until its end event."""
        pos = self.pos(event.start_mark)
        quiet = self.leaves_out_next(pos)
        self.begin_value(event, pos)
        node: YSeq | YMap = YMap({}, {}, pos) if is_mapping else YSeq([], pos)
        opened = _Open(node, event.anchor, self.count, quiet)
        self.quiet += quiet
        tag = event.tag
        if not (tag is None or tag == "!" or tag in _STANDARD_TAGS):
            opened.placed = self.refused(tag, pos)
            opened.quiet = True
            self.quiet += not quiet
        self.stack.append(opened)
        if event.anchor is not None:
            self.anchors[event.anchor] = (opened.placed, -1, event.start_mark)

    def leaves_out_next(self, pos: Pos) -> bool:
        """Whether the collection beginning at `pos` is left out: a key that is not a
        word, or a duplicate key's value."""
        top = self.stack[-1] if self.stack else None
        if top is None or not isinstance(top.node, YMap) or top.state == _KEEP:
            return False
        if top.state == _KEY:
            self.problem(pos, "a key must be a plain word; write 'name: value'")
        return True

    def begin_value(self, event: Any, pos: Pos) -> None:
        """Checks and counts shared by every value: its depth, the count, its anchor."""
        if len(self.stack) > MAX_DEPTH:
            raise _TooDeep(pos)
        if self.first_mark is None:
            self.first_mark = event.start_mark
        self.tally(1, pos)
        anchor = event.anchor
        if anchor is not None and anchor in self.anchors:
            raise yaml.composer.ComposerError(
                "found duplicate anchor; first occurrence",
                self.anchors[anchor][2],
                "second occurrence",
                event.start_mark,
            )

    def end(self) -> None:
        """The innermost open collection ends: note its size if anchored, and place it."""
        closed = self.stack.pop()
        self.quiet -= closed.quiet
        if closed.anchor is not None:
            mark = self.anchors[closed.anchor][2]
            self.anchors[closed.anchor] = (closed.placed, self.count - closed.start, mark)
        self.place(closed.placed)

    def place(self, node: YNode) -> None:
        """Put a finished value where it belongs: in the open collection, or at the root."""
        if not self.stack:
            self.root = node
            return
        top = self.stack[-1]
        parent = top.node
        if isinstance(parent, YSeq):
            parent.items.append(node)
            return
        if top.state == _KEEP:
            parent.items[top.key] = node
            parent.key_pos[top.key] = top.key_pos
            top.state = _KEY
        else:  # A key that was no word, whose value is left out; or that value.
            top.state = _SKIP if top.state == _KEY else _KEY

    def alias(self, event: Any) -> None:
        """An alias: the anchored value again, counted at its full size."""
        pos = self.pos(event.start_mark)
        if len(self.stack) > MAX_DEPTH:
            raise _TooDeep(pos)
        found = self.anchors.get(event.anchor)
        if found is None:
            raise yaml.composer.ComposerError(None, None, "found undefined alias", event.start_mark)
        node, size, _mark = found
        if size < 0:  # The alias sits inside the collection it names.
            raise _TooBig(pos)
        self.tally(size, pos)
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.node, YMap) and top.state == _KEY:
            if isinstance(node, YScalar):
                self.take_key(top, node.text, pos)
                return
            self.problem(pos, "a key must be a plain word; write 'name: value'")
        self.place(node)

    def tally(self, values: int, pos: Pos) -> None:
        """Count values when the text has aliases, refusing past MAX_NODES."""
        if self.aliases:
            self.count += values
            if self.count > MAX_NODES:
                raise _TooBig(pos)

    def refused(self, tag: str, pos: Pos) -> YScalar:
        """A value with a tag other than YAML's own: reported, and kept as an empty stand-in."""
        self.problem(
            pos,
            f"the YAML tag {tag!r} is not allowed; remove the tag "
            "and write the value as plain text",
        )
        return YScalar("", pos, plain=False, reported=True)

    def problem(self, pos: Pos, message: str) -> None:
        """Note a problem, unless it lies in a collection that is left out."""
        if not self.quiet:
            self.problems.append(Problem(pos, "", message))


def _too_large(file: str) -> Problem:
    return Problem(
        Pos(file),
        "",
        f"the file is larger than {MAX_BYTES // 1024 // 1024} MB; split it or trim it",
    )


def _too_deep(pos: Pos) -> Problem:
    return Problem(
        pos,
        "",
        f"values nest deeper than {MAX_DEPTH} levels here; a record needs only a few, so "
        "remove the extra '[', '{', '- ' or indentation",
    )


def _syntax_error(err: yaml.MarkedYAMLError, file: str, line_offset: int) -> Problem:
    mark = err.problem_mark or err.context_mark
    pos = Pos(file, mark.line + 1 + line_offset, mark.column + 1) if mark else Pos(file)
    if err.problem == _LIBYAML_TOO_DEEP:
        return _too_deep(pos)
    what = err.problem or "the YAML cannot be read"
    return Problem(
        pos,
        "",
        f"YAML syntax error: {what}; check the indentation and quoting on this line "
        "and the one before",
    )


def _unacceptable(err: yaml.reader.ReaderError, text: str, file: str, line_offset: int) -> Problem:
    """A character YAML does not allow, such as a control character pasted from a document.

    The error's own position counts bytes or characters depending on the
    parser, but the character reported is the first one that is not allowed,
    so its first occurrence in the text is where it sits.
    """
    code = err.character if isinstance(err.character, int) else ord(str(err.character)[:1] or "?")
    index = max(text.find(chr(code)), 0)
    line = text.count("\n", 0, index) + 1 + line_offset
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Problem(
        Pos(file, line, column), "", f"the file contains {character_name(chr(code))}; {FIX}"
    )


def parse_yaml(text: str, file: str, *, line_offset: int = 0) -> tuple[YNode | None, list[Problem]]:
    """Parse one YAML document into a positioned tree, or report why not.

    Returns (None, problems) when the file cannot be read at all; an empty
    file gives (None, []). `line_offset`: the lines of the file before
    `text`, when `text` is a part of it (see split_items).
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return None, [_too_large(file)]
    composer = _Composer(file, aliases="*" in text, line_offset=line_offset)
    events = _Events(text)
    try:
        tree = composer.compose(events)
    except yaml.MarkedYAMLError as err:
        return None, [_syntax_error(err, file, line_offset)]
    except yaml.reader.ReaderError as err:
        return None, [_unacceptable(err, text, file, line_offset)]
    except yaml.YAMLError as err:
        return None, [Problem(Pos(file), "", f"YAML error: {err}; fix the file's syntax")]
    except _TooDeep as err:
        return None, [_too_deep(err.args[0])]
    except _TooBig as err:
        return None, [
            Problem(
                err.args[0],
                "",
                f"the document expands to more than {MAX_NODES:,} values or nests deeper "
                f"than {MAX_DEPTH} levels (are aliases '*' repeating each other?); "
                "write records out plainly without anchors and aliases",
            )
        ]
    finally:
        events.dispose()
    return tree, composer.problems


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
    whole file (a large file is read in two halves that way, see
    record_files), and an import can rewrite one item and leave every other
    byte as it was (gias/records_file). That holds only for the plain layout contributors write, so
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
