"""What a change does to the content folder: guidance pages and record bodies, in words.

The records' summary (`changes.py`) says what the YAML changes; this one
lists each file added, removed or changed under `content/`, what it is to a
reader ("body of school `hawes-side`", "page", "introduction to the schools
directory") and how many lines changed. It never quotes a file's text, and
a body of a record that is private before or after the change is not even
named. A markup check (the sanitiser's) can call out, per file, what the
site would refuse to show.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from .changes import Private
from .inert import inert
from .models import KINDS
from .project import body_owner
from .revisions import FileChange


class RefusedMarkup(Protocol):
    """What a markup check refuses in one Markdown file, for the summary to call out.

    Called with the file's path relative to the project (`content/…`) and
    its new text; returns one short description per refusal (e.g. "a
    <script> element"), quoted inertly, or nothing when all is allowed.
    """

    def __call__(self, path: str, text: str) -> Sequence[str]:
        """The refusals in `text`, the new version of the file at `path`."""
        ...


def nothing_refused(path: str, text: str) -> Sequence[str]:
    """The default markup check, which refuses nothing, until a sanitiser is passed in."""
    return ()


def _what(path: str, content_dir: str, private: Private) -> tuple[str, bool]:
    """What the file is to a reader, and whether it is a private record's and must not be named."""
    if path == f"{content_dir}/index.md":
        return "home page introduction", False
    owner = body_owner(path, content_dir)
    if owner is None or not path.endswith(".md"):
        return ("page" if path.endswith(".md") else "file"), False
    kind, record_id = owner
    if record_id == "index":
        return f"introduction to the {KINDS[kind].plural} directory", False
    if private.record(kind, record_id):
        return f"body of a private {kind}", True
    return f"body of {kind} {inert(record_id, in_table=True)}", False


def _row(change: FileChange, what: str, hidden: bool) -> str:
    file = "(private)" if hidden else inert(change.path, in_table=True)
    lines = f"{change.lines_added} added, {change.lines_removed} removed"
    return f"| {what} {change.status} | {file} | {lines} |"


def _refusal_line(change: FileChange, what: str, hidden: bool, refused: Sequence[str]) -> str:
    if hidden:
        return f"- {what}: {len(refused)} refused (private, so not quoted)"
    return f"- {inert(change.path)}: " + ", ".join(inert(item) for item in refused)


def summarise_files(
    changes: Sequence[FileChange],
    private: Private,
    refused: RefusedMarkup = nothing_refused,
    content_dir: str = "content",
) -> str:
    """A Markdown table of the files changed under the content folder, and the markup refused.

    `private`: whose bodies must not be named (see `changes.Private`).
    `refused`: the markup check run on every added or changed Markdown file.
    """
    heading = "## Changes to the Markdown pages\n\n"
    if not changes:
        return heading + "No changes to the Markdown pages.\n"
    rows = ["| what | file | lines |", "|---|---|---|"]
    refusals = []
    for change in changes:
        what, hidden = _what(change.path, content_dir, private)
        rows.append(_row(change, what, hidden))
        markdown = change.text if change.path.endswith(".md") else None
        found = refused(change.path, markdown) if markdown else ()
        if found:
            refusals.append(_refusal_line(change, what, hidden, found))
    text = heading + "\n".join(rows) + "\n"
    if refusals:
        text += "\nMarkup the site refuses to show:\n\n" + "\n".join(refusals) + "\n"
    return text
