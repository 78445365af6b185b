"""schools.yaml edited in place: comments, order, quoting and hand-written fields kept.

The file is cut between its top-level items (`item_starts`), and only the
items an import changes go through ruamel.yaml's round trip; every other
byte stays as it was. An item is loaded and dumped as a one-item list, whose
lines ruamel indents by two more than the file does, so two spaces come off
each line again.
"""

from __future__ import annotations

import io
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
        return self._yaml.load(body)[0]

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
            line[2:] if line.startswith("  ") else line
            for line in out.getvalue().splitlines(keepends=True)
        )
