"""Page content kept between the rebuilds of a live preview (`mkdocs serve`).

A contributor edits one school and saves; the preview rebuilds the whole
site, but only the pages whose data changed need their content rendered
again. Each page's content is kept with a key made from everything it is
rendered from: its template and source path, its title, and a text form of
its data (records print their fields, not their source positions, so a line
moved by an edit above it does not count as a change). The templates' files
are part of the key of the whole cache, so editing a template renders
everything. The plugin's `FastPath` holds the cache, and MkDocs keeps the
plugin for as long as the server runs.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .pages import PageSpec
from .record_texts import KeptTexts, TextMemo, digest, text_of


@dataclass
class PageCache:
    """Rendered content by page source path, with the key it was rendered for."""

    environment: str = ""
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)
    frames: dict[str, object] = field(default_factory=dict)
    """The theme's frame of each folder's pages in the last rebuild (see fast_path.shell)."""
    texts: KeptTexts = field(default_factory=KeptTexts)
    """The last rebuild's texts of records, for this rebuild's page keys."""

    def get(self, src: str, key: str) -> str | None:
        """The content rendered before for this page, if its key is unchanged."""
        kept = self.pages.get(src)
        return kept[1] if kept is not None and kept[0] == key else None

    def put(self, src: str, key: str, content: str) -> None:
        """Keep a page's freshly rendered content for the next rebuild."""
        self.pages[src] = (key, content)


def reuse(cache: PageCache | None, environment: str) -> PageCache:
    """The cache kept from the last rebuild, or an empty one if the environment changed."""
    if cache is None or cache.environment != environment:
        return PageCache(environment)
    return cache


def template_signature(folders: Sequence[Path], *settings: object) -> str:
    """A text that changes whenever a template file (or a render setting) does."""
    parts = [repr(settings)]
    for folder in folders:
        for root, _dirs, names in sorted(os.walk(folder)):
            for name in sorted(names):
                stat = os.stat(os.path.join(root, name))
                parts.append(f"{root}/{name}:{stat.st_mtime_ns}:{stat.st_size}")
    return "\n".join(parts)


def page_key(spec: PageSpec, memo: TextMemo) -> str:
    """Everything a page's content is rendered from, as text.

    `memo` holds the text of data already seen (a directory's rows are
    shared by all its pages), by object identity; use one per rebuild.
    """
    data = text_of(spec.context, memo)
    head = f"{spec.template}\n{spec.src}\n{spec.title}\n{spec.description}"
    return digest(f"{head}\n{spec.body is not None}\n{data}")
