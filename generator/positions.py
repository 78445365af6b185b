"""Source positions and the problems reported against them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Pos(NamedTuple):
    """A place in a source file: path relative to the project, 1-based line and column.

    A named tuple, not a dataclass: the loader makes one for every YAML
    node (a million at 25,000 schools), and a tuple is several times
    quicker to make. It orders and compares as (file, line, column).
    """

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, with where it is and how to fix it.

    `subject` names the record ("school 'hawes-side'") so a contributor can
    find it even when the line has moved.
    """

    pos: Pos
    subject: str
    message: str

    def __str__(self) -> str:
        subject = f" {self.subject}:" if self.subject else ""
        return f"{self.pos}:{subject} {self.message}"


class ProblemsFound(Exception):
    """Raised once, after collecting, when the input has problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        """Every problem on its own line, then a count, ready to print."""
        lines = [str(p) for p in self.problems]
        count = len(self.problems)
        lines.append(f"{count} problem{'s' if count != 1 else ''} found; nothing was built.")
        return "\n".join(lines)
