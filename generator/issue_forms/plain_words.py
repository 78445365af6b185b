"""The check `./dev check` runs, and its problems in words for the issue.

Each problem is shown under the label of the form's field it concerns,
found from the problem's line in the edited record (ruamel knows the line
of every key), and its text is quoted inert: the validator's words repeat
what the contributor typed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..dates import build_date
from ..gias.records_file import RecordsFile
from ..inert import inert
from ..models import field_specs
from ..positions import Problem, ProblemsFound
from ..project import Sources, load_sources, site_for
from .templates import Form, label_for


def item_id(item: str) -> str | None:
    """The id of a file's item, from its text (the id is a slug, written plain or quoted)."""
    match = re.search(r"^(?:- |  )id: *[\"']?([^\"'\s#]+)", item, re.M)
    return match[1] if match else None


def project_problems(root: Path, content_dir: str = "content") -> list[Problem]:
    """Every problem `./dev check` reports for the project, for both audiences."""
    sources = Sources(root.resolve(), content_dir)
    loaded = load_sources(sources)
    problems: list[Problem] = []
    for members in (True, False):
        try:
            site_for(loaded, sources, today=build_date(), members=members)
        except ProblemsFound as found:
            problems += found.problems
    return sorted(set(problems))


def _key_lines(mapping: Any, prefix: tuple[str, ...] = ()) -> list[tuple[int, tuple[str, ...]]]:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    lines = []
    for key in mapping:
        path = (*prefix, str(key))
        lines.append((mapping.lc.key(key)[0], path))
        value = mapping[key]
        if isinstance(value, CommentedMap):
            lines += _key_lines(value, path)
        elif isinstance(value, CommentedSeq):
            for item in value:
                if isinstance(item, CommentedMap):
                    lines += _key_lines(item, path)
    return sorted(lines)


def _label(form: Form, path: tuple[str, ...]) -> str:
    if path and path[0] == "recommendations":
        path = ("recommendation", *path[1:])
    for f in form.fields:
        if f.path == path:
            return f.label
    return label_for(path[-1]) if path else ""


def plain_problems(
    problems: list[Problem], form: Form, text: str, file: str, record_id: str
) -> list[str]:
    """Each problem in words for the issue, under the label of the field it concerns.

    A problem the file had before this request is not the contributor's: it
    is reported as such, without detail, for a maintainer to fix.
    """
    records = RecordsFile(text, file)
    index = next((i for i, item in enumerate(records.items) if item_id(item) == record_id), None)
    keys: list[tuple[int, tuple[str, ...]]] = []
    first = 0
    if index is not None:
        first = records.first_lines[index]
        keys = _key_lines(records.load(index))
    words = []
    others = 0
    for problem in problems:
        mine = (
            problem.pos.file == file
            and index is not None
            and (first <= problem.pos.line < first + records.items[index].count("\n"))
        )
        if not mine and f"'{record_id}'" not in problem.subject:
            others += 1
            continue
        relative = problem.pos.line - first
        path = next((p for line, p in reversed(keys) if line <= relative), ()) if mine else ()
        message = problem.message
        named = re.match(r"'?([a-z_]+)'? ", message)
        if (not path or path == ("id",)) and named and named[1] in field_specs(form.kind.cls):
            # A problem of the whole record that names a field ("urn is required …").
            path = (named[1],)
        label = _label(form, path) if path and path != ("id",) else ""
        if label:
            # "urn must be…", "'statutory' must be…": the label already names the field.
            message = re.sub(rf"^'?{re.escape(path[-1])}'? ", "", message)
        # The validator's words quote what the contributor typed: all of it stays inert.
        message = inert(message[:1].upper() + message[1:])
        words.append(f"- **{label}**: {message}" if label else f"- {message}")
    if others:
        words.append(
            f"- The site's data has {others} other problem(s) that this request did not cause; "
            "a maintainer needs to fix them first."
        )
    return words
