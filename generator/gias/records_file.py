"""schools.yaml edited in place: comments, order, quoting and hand-written fields kept.

The file is cut between its top-level items (`item_starts`), and only the
items an import changes go through ruamel.yaml's round trip; every other
byte stays as it was. An item is loaded and dumped as a one-item list, whose
lines ruamel indents by two more than the file does, so two spaces come off
each line again.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ..loader import item_starts
from ..positions import Pos, Problem

NEW_FILE_HEAD = (
    "# yaml-language-server: $schema=schemas/schools.schema.json\n"
    "# Schools imported from Get Information about Schools (./dev gias import).\n"
    "# Contains public sector information licensed under the Open Government Licence v3.0.\n"
)


class NotPlainList(Exception):
    """schools.yaml is not the plain list of items an import can edit safely."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def split_tail(item: str) -> tuple[str, str]:
    """An item's own lines, and the blank lines and column-0 comments that follow it."""
    lines = item.splitlines(keepends=True)
    cut = len(lines)
    while cut > 1 and (not lines[cut - 1].strip() or lines[cut - 1].startswith("#")):
        cut -= 1
    return "".join(lines[:cut]), "".join(lines[cut:])


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.preserve_quotes = True
    return yaml


DUMP_INDENT = 2
"""How much further ruamel indents an item dumped as a one-item list than the file does."""


def _indent_comments(item: Any, by: int) -> None:
    """Move the comments inside an item `by` columns right, as its fields will be when dumped.

    ruamel writes a comment at the column it was read from, not relative to
    its field, so without this a comment line inside a record would come out
    `by` columns left of its field once `_dump` takes the list's indent off.
    """
    from ruamel.yaml.tokens import CommentToken

    for token in _comment_tokens(item, set()):
        assert isinstance(token, CommentToken)
        token.value = _COMMENT_LINE.sub(lambda m: f"\n{m.group(1)}{' ' * by}#", token.value)
        if token.value.startswith("#") and token.start_mark is not None:
            token.column = token.column + by


_COMMENT_LINE = re.compile(r"\n( *)#")


def _comment_tokens(node: Any, seen: set[int]) -> list[Any]:
    """Every comment token attached to `node` and to what it holds, each once."""
    from ruamel.yaml.tokens import CommentToken

    found: list[Any] = []
    if id(node) in seen:
        return found
    seen.add(id(node))
    ca = getattr(node, "ca", None)
    if ca is not None:
        stack: list[Any] = [ca.comment, list(ca.items.values()), ca.end]
        while stack:
            part = stack.pop()
            if isinstance(part, CommentToken) and id(part) not in seen:
                seen.add(id(part))
                found.append(part)
            elif isinstance(part, list | tuple):
                stack.extend(part)
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    for child in children:
        found.extend(_comment_tokens(child, seen))
    return found


class RecordsFile:
    """The text of a record file as its head, its items' texts and the items added."""

    def __init__(self, text: str, file: str) -> None:
        self.file = file
        starts = item_starts(text)
        if starts is None:
            if any(
                line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()
            ):
                raise NotPlainList(
                    Problem(
                        Pos(file),
                        "",
                        "is not one plain list of records (it has anchors, document markers "
                        "or text before the first item), so an import cannot edit it safely; "
                        "write it as a plain list of '- id: …' items",
                    )
                )
            starts = []
        self.head = text[: starts[0]] if starts else text
        ends = [*starts[1:], len(text)] if starts else []
        self.items = [text[start:end] for start, end in zip(starts, ends, strict=True)]
        self.first_lines = []
        line = self.head.count("\n") + 1
        for item in self.items:
            self.first_lines.append(line)
            line += item.count("\n")
        self.added: list[Any] = []
        self._yaml = _yaml()

    def load(self, index: int) -> Any:
        """Item `index` as ruamel's round-trip mapping, comments inside it attached.

        The blank lines and column-0 comments after the item (a section
        heading such as '# --- Durham ---') stay out of ruamel's hands, so a
        field added at the end of the item goes before them.
        """
        body, _tail = split_tail(self.items[index])
        item = self._yaml.load(body)[0]
        _indent_comments(item, DUMP_INDENT)
        return item

    def replace(self, index: int, mapping: Any) -> None:
        """Put an edited mapping back in place of item `index`, before its tail."""
        _body, tail = split_tail(self.items[index])
        self.items[index] = self._dump([mapping]) + tail

    def add(self, mapping: Any) -> None:
        """Append a new item at the end of the file."""
        self.added.append(mapping)

    def text(self) -> str:
        """The whole file, items added at the end, each after a blank line like the sample."""
        head = self.head if (self.items or self.head.strip()) else NEW_FILE_HEAD
        body = head + "".join(self.items)
        if not self.added:
            return body
        if body and not body.endswith("\n"):
            body += "\n"
        new = self._dump(self.added)
        separated = new.replace("\n- ", "\n\n- ")
        return body + ("\n" if body else "") + separated

    def _dump(self, items: list[Any]) -> str:
        from ruamel.yaml.comments import CommentedSeq

        out = io.StringIO()
        self._yaml.dump(CommentedSeq(items), out)
        return "".join(
            line[DUMP_INDENT:] if line.startswith(" " * DUMP_INDENT) else line
            for line in out.getvalue().splitlines(keepends=True)
        )
