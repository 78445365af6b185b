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

LINK_RE = re.compile(r"\]\((" + "|".join(KINDS) + r"):([^)\s#]*)(#[^)\s]*)?\)")
FENCE_RE = re.compile(r"^\s*(```|~~~)")


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
            if fence == marker:
                fence = None
                continue
        if fence is None:
            yield number, line


def check_links(
    text: str, file: str, known: Callable[[str, str], bool], ids: Callable[[str], list[str]]
) -> list[Problem]:
    """Every record link that names a record this build does not show."""
    problems = []
    for number, line in _outside_code(text):
        for match in LINK_RE.finditer(line):
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
    return problems


def rewrite_links(text: str, page_src: str) -> str:
    """Replace record links with relative links to the records' page sources."""
    page_dir = posixpath.dirname(page_src) or "."
    out = []
    lines = dict(_outside_code(text))
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        if number in lines:

            def replace(match: re.Match[str]) -> str:
                target = record_src(match.group(1), match.group(2))
                return f"]({posixpath.relpath(target, page_dir)}{match.group(3) or ''})"

            line = LINK_RE.sub(replace, line)
        out.append(line)
    return "".join(out)
