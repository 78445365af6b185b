"""Record links in Markdown: `[Hawes Side](school:hawes-side)`.

Guidance pages and record bodies name records by kind and id; this module
checks each such link against the records the build shows and rewrites it
to a relative link to the record's page source, which the site generator
then resolves like any other link between pages.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator

from .models import KINDS
from .positions import Pos, Problem
from .rules import did_you_mean
from .urls import record_src

KIND_NAMES = tuple(KINDS)
LINK_RE = re.compile(r"\]\((" + "|".join(KIND_NAMES) + r'):([^)\s#"]*)(#[^)\s"]*)?(\s+"[^"]*")?\)')
# Anything shaped like a record link, to catch a mistyped kind such as 'schol:'.
LOOSE_RE = re.compile(r"\]\(([a-z]+):[a-z0-9-]*[#)\s]")
FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
CODE_SPAN_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")


def _outside_code(text: str) -> Iterator[tuple[int, str]]:
    """Lines (1-based number, text) outside fenced code blocks."""
    fence: str | None = None
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        match = FENCE_RE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker
                continue
            if marker[0] == fence[0] and len(marker) >= len(fence) and not line.strip(" \n`~"):
                fence = None
                continue
        if fence is None:
            yield number, line


def _in_code_span(line: str, index: int) -> bool:
    """True when a position falls inside an inline `code span`."""
    return any(span.start() <= index < span.end() for span in CODE_SPAN_RE.finditer(line))


def _record_links(text: str) -> Iterator[tuple[int, re.Match[str]]]:
    """Record links outside code, with their line numbers."""
    for number, line in _outside_code(text):
        for match in LINK_RE.finditer(line):
            if not _in_code_span(line, match.start()):
                yield number, match


def _mistyped_kinds(text: str) -> Iterator[tuple[int, re.Match[str], str]]:
    """Links whose scheme looks like a misspelt record kind, with the suggestion."""
    for number, line in _outside_code(text):
        for match in LOOSE_RE.finditer(line):
            word = match.group(1)
            hint = did_you_mean(word, KIND_NAMES)
            if word not in KINDS and hint and not _in_code_span(line, match.start()):
                yield number, match, hint


def check_links(
    text: str, file: str, known: Callable[[str, str], bool], ids: Callable[[str], list[str]]
) -> list[Problem]:
    """Every record link that names a record this build does not show."""
    problems = []
    for number, match in _record_links(text):
        kind, record_id = match.group(1), match.group(2)
        if known(kind, record_id):
            continue
        problems.append(
            Problem(
                Pos(file, number, match.start() + 3),
                "",
                f"link to unknown or non-public {kind} '{record_id}'"
                f"{did_you_mean(record_id, ids(kind))}; use the id of a public {kind} "
                f"in {KINDS[kind].filename}, e.g. [Name]({kind}:some-id)",
            )
        )
    for number, match, hint in _mistyped_kinds(text):
        problems.append(
            Problem(
                Pos(file, number, match.start() + 3),
                "",
                f"link to unknown record kind '{match.group(1)}'{hint}; use one of: "
                f"{', '.join(KIND_NAMES)}, e.g. [Name](school:some-id)",
            )
        )
    return problems


def rewrite_links(text: str, page_src: str) -> str:
    """Replace record links with relative links to the records' page sources."""
    page_dir = posixpath.dirname(page_src) or "."
    lines = text.splitlines(keepends=True)
    for number, match in sorted(_record_links(text), key=lambda item: -item[1].start()):
        target = record_src(match.group(1), match.group(2))
        link = (
            f"]({posixpath.relpath(target, page_dir)}{match.group(3) or ''}{match.group(4) or ''})"
        )
        line = lines[number - 1]
        lines[number - 1] = line[: match.start()] + link + line[match.end() :]
    return "".join(lines)
