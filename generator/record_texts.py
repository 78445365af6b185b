"""Data written as text for keys: what a page or a file shows, never where it was read from.

A live preview keeps what it made for a key and makes it again only when
the key changes (page_cache for pages, kept_outputs for calendars and open
data). A key is the text of the data: records print their fields, not
their source positions (`models.where_field`), so a line moved by an edit
above a record does not count as a change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

SIMPLE = (str, int, float, bool, type(None), date)
PLAIN = frozenset({str, int, float, bool, type(None), date, datetime})
"""The exact types of SIMPLE's commonest values, checked first (a set lookup, no isinstance)."""
DIGEST_OVER = 512
"""Data whose text is longer than this goes into a key as a digest."""


@dataclass
class TextMemo:
    """The text of data already seen, by object identity, so shared data is written once.

    Lists and mappings are made anew by each rebuild, so their texts last
    one rebuild (`seen`), which must hold them all: `seen` goes by identity
    and does not keep them alive, and Python gives a new object the identity
    of one freed. For data made for one key, use a memo of its own (sharing
    `leaves`). Records and their parts are frozen, and a live
    preview keeps the records of the pieces of a file an edit did not touch
    (record_files.KeptPieces): their texts are kept with the objects
    themselves (`leaves`), so an identity found again is the same object
    and its text still holds.
    """

    previous: dict[int, tuple[object, str]] = field(default_factory=dict)
    seen: dict[int, str] = field(default_factory=dict)
    leaves: dict[int, tuple[object, str]] = field(default_factory=dict)

    def written(self, value: object) -> str | None:
        """The text already written for this very object in this rebuild, if any."""
        kept = self.leaves.get(id(value))
        return kept[1] if kept is not None and kept[0] is value else None

    def leaf(self, value: object) -> str:
        """A record's (or part's) text: its fields, without source positions."""
        text = self.written(value)
        if text is not None:
            return text
        kept = self.previous.get(id(value))
        if kept is not None and kept[0] is value:
            text = kept[1]
        else:
            text = repr(value)
            if len(text) > DIGEST_OVER:
                text = digest(text)
        self.leaves[id(value)] = (value, text)
        return text


@dataclass
class KeptTexts:
    """The record texts of a live preview's last rebuild, for the next one's keys."""

    texts: dict[int, tuple[object, str]] = field(default_factory=dict)

    def memo(self) -> TextMemo:
        """A memo for this rebuild's keys that reuses the texts of records kept since the last."""
        return TextMemo(previous=self.texts)

    def keep(self, memo: TextMemo) -> None:
        """Keep this rebuild's record texts, and only those, for the next rebuild."""
        self.texts = memo.leaves


def digest(text: str) -> str:
    """A short stand-in for a long text: keys stay small and quick to compare."""
    return "#" + hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@cache
def _shown(kind: type) -> tuple[str, ...]:
    """The names of a dataclass's fields that its repr shows (`dataclasses.fields` is slow)."""
    return tuple(f.name for f in fields(kind) if f.repr)


SCALAR, HELPER, SEQUENCE, MAPPING, DATACLASS, LEAF = range(6)
"""How `text_of` writes a value, decided once per type (`_way`)."""
_WAYS: dict[type, int] = {}


def _way(kind: type) -> int:
    """How `text_of` writes values of this type; every test here depends on the type alone."""
    way = _WAYS.get(kind)
    if way is None:
        dataclass = is_dataclass(kind) and not hasattr(kind, "record_kind")
        if issubclass(kind, SIMPLE):  # A str subclass (Markup), say.
            way = SCALAR
        elif any("__call__" in vars(base) for base in kind.__mro__) and not is_dataclass(kind):
            way = HELPER  # A helper such as site.review_state: its instances are callable.
        elif issubclass(kind, list | tuple):  # Before Mapping: no abstract-class check.
            way = SEQUENCE
        elif issubclass(kind, Mapping):
            way = MAPPING
        else:
            way = DATACLASS if dataclass else LEAF
        _WAYS[kind] = way
    return way


def text_of(value: Any, memo: TextMemo) -> str:
    """`value` as text that changes exactly when what it shows does; long texts as digests.

    Helpers (functions and methods) count by name only: their results are
    in the data. A helper that is a dataclass (a PDF's `DayAnswers`) counts
    by its fields, as other dataclasses made for one page do.

    Called about a million times for the PDFs' keys at 25,000 schools, so the
    commonest cases (plain values, records seen before, lists) come first,
    and how a type is written is decided once per type.
    """
    kind: type = type(value)
    if kind in PLAIN:
        return repr(value)
    if isinstance(value, type):  # A class, not an instance: decided by itself.
        return getattr(value, "__qualname__", kind.__name__)
    way = _way(kind)
    if way == LEAF:
        return memo.leaf(value)  # Records: their fields, without source positions.
    if way == SCALAR:
        return repr(value)
    if way == HELPER:
        return getattr(value, "__qualname__", kind.__name__)
    known = memo.seen.get(id(value))
    if known is not None:
        return known
    if way == SEQUENCE:
        text = "[" + ",".join([text_of(item, memo) for item in value]) + "]"
    elif way == MAPPING:
        text = "{" + ",".join([f"{k!r}:{text_of(v, memo)}" for k, v in value.items()]) + "}"
    else:  # Made for this page (a school nearby, say): its records by their kept texts.
        shown = ",".join([f"{name}={text_of(getattr(value, name), memo)}" for name in _shown(kind)])
        text = f"{kind.__name__}({shown})"
    if len(text) > DIGEST_OVER:  # A directory's rows, say: shared by many pages.
        text = digest(text)
    memo.seen[id(value)] = text
    return text
