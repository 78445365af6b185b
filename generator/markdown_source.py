"""Markdown read the same way by the pages, the search indexes and the PDFs.

MkDocs reads every page's source through its metadata reader
(`mkdocs.utils.meta.get_data`, called by `Page.read_source`), whatever the
`markdown_extensions`: YAML front matter between `---` lines, or, without
it, MultiMarkdown metadata, i.e. leading `Key: value` lines up to the first
blank line. A record body or guidance page that opens with "Purpose: to
keep children safe" would lose that line from its page, while the record
search and the PDFs, which read the file themselves, keep it. So every
source that does not open with `---` reaches MkDocs after a blank line,
which ends MultiMarkdown metadata before it starts and which Markdown
ignores. YAML front matter, which guidance pages may use, stays front
matter; the PDFs leave it out as the pages do.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
"""YAML front matter as MkDocs 1.6 finds it (mkdocs.utils.meta.YAML_RE)."""


def page_source(text: str) -> str:
    """The Markdown to give MkDocs for a page: `text`, its opening `Key: value` lines kept as text.

    Line ends become `\\n`, as when MkDocs reads a file itself, so that a
    generated page (the home page's introduction) reads as its file would.
    """
    text = unix_lines(text)
    return text if text.startswith("---") else "\n" + text


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """YAML front matter and the Markdown after it, as MkDocs reads a page; ({}, text) without.

    Front matter counts only when it is a YAML mapping, as for MkDocs.
    """
    text = unix_lines(text)
    found = FRONT_MATTER_RE.match(text)
    if found is None:
        return {}, text
    try:
        data = yaml.safe_load(found.group(1))
    except (yaml.YAMLError, RecursionError):  # check refuses both (project.front_matter_problems)
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    return data, text[found.end() :].lstrip("\n")


def unix_lines(text: str) -> str:
    """`text` with `\\r\\n` and `\\r` line ends as `\\n`, as Python's text files read it."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
