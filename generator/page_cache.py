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

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .pages import PageSpec

SIMPLE = (str, int, float, bool, type(None), date)
DIGEST_OVER = 512
"""Data whose text is longer than this goes into a key as a digest."""


@dataclass
class PageCache:
    """Rendered content by page source path, with the key it was rendered for."""

    environment: str = ""
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)
    frames: dict[str, object] = field(default_factory=dict)
    """The theme's frame of each folder's pages in the last rebuild (see fast_path.shell)."""
    texts: dict[int, tuple[object, str]] = field(default_factory=dict)
    """The last rebuild's texts of records and their parts (see TextMemo)."""

    def memo(self) -> TextMemo:
        """A memo for this rebuild's keys that reuses the texts of records kept since the last."""
        return TextMemo(previous=self.texts)

    def keep_texts(self, memo: TextMemo) -> None:
        """Keep this rebuild's record texts, and only those, for the next rebuild."""
        self.texts = memo.leaves

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


@dataclass
class TextMemo:
    """The text of data already seen, by object identity, so shared data is written once.

    Lists and mappings are made anew by each rebuild, so their texts last
    one rebuild (`seen`). Records and their parts are frozen, and a live
    preview keeps the records of the pieces of a file an edit did not touch
    (record_files.KeptPieces): their texts are kept with the objects
    themselves (`leaves`), so an identity found again is the same object
    and its text still holds.
    """

    previous: dict[int, tuple[object, str]] = field(default_factory=dict)
    seen: dict[int, str] = field(default_factory=dict)
    leaves: dict[int, tuple[object, str]] = field(default_factory=dict)

    def leaf(self, value: object) -> str:
        """A record's (or part's) text: its fields, without source positions."""
        kept = self.leaves.get(id(value)) or self.previous.get(id(value))
        if kept is not None and kept[0] is value:
            text = kept[1]
        else:
            text = repr(value)
            if len(text) > DIGEST_OVER:
                text = _digest(text)
        self.leaves[id(value)] = (value, text)
        return text


def page_key(spec: PageSpec, memo: TextMemo) -> str:
    """Everything a page's content is rendered from, as text.

    `memo` holds the text of data already seen (a directory's rows are
    shared by all its pages), by object identity; use one per rebuild.
    """
    data = _text(spec.context, memo)
    head = f"{spec.template}\n{spec.src}\n{spec.title}\n{spec.description}"
    return _digest(f"{head}\n{spec.body is not None}\n{data}")


def _digest(text: str) -> str:
    """A short stand-in for a long text: keys stay small and quick to compare."""
    return "#" + hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _text(value: Any, memo: TextMemo) -> str:
    if isinstance(value, SIMPLE):
        return repr(value)
    if callable(value):  # A helper such as site.review_state: its result is in the data.
        return getattr(value, "__qualname__", type(value).__name__)
    known = memo.seen.get(id(value))
    if known is not None:
        return known
    if isinstance(value, Mapping):
        text = "{" + ",".join(f"{k!r}:{_text(v, memo)}" for k, v in value.items()) + "}"
    elif isinstance(value, list | tuple):
        text = "[" + ",".join(_text(item, memo) for item in value) + "]"
    elif is_dataclass(value) and not hasattr(value, "record_kind"):
        # Made for this page (a school nearby, say): its records by their kept texts.
        shown = (f for f in fields(value) if f.repr)
        text = (
            f"{type(value).__name__}("
            + ",".join(f"{f.name}={_text(getattr(value, f.name), memo)}" for f in shown)
            + ")"
        )
    else:
        return memo.leaf(value)  # Records: their fields, without source positions.
    if len(text) > DIGEST_OVER:  # A directory's rows, say: shared by many pages.
        text = _digest(text)
    memo.seen[id(value)] = text
    return text
