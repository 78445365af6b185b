"""The one order for names and titles that readers see: case and accents ignored.

Python's own order puts "HR", "IT" and "SEND" before "catering", and
"Écoles" after "Zebra". Every server-side sort of a name, title or
category uses `text_key`, as directory.js sorts with
`localeCompare(..., {sensitivity: "base"})`, so the page's first order and
the script's agree.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Protocol, TypeVar


@lru_cache(maxsize=65536)
def text_key(text: str) -> tuple[str, str]:
    """A sort key: the text folded (case, then accents dropped after NFKD), then the text
    itself, so two names that fold alike still come in the same order every build."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded, text


class Named(Protocol):
    """A record with a name and an id: a school, a network, a supplier."""

    @property
    def name(self) -> str:
        """What readers see and sort by."""

    @property
    def id(self) -> str:
        """The tie-break between equal names."""


class Titled(Protocol):
    """A record with a title and an id: a policy."""

    @property
    def title(self) -> str:
        """What readers see and sort by."""

    @property
    def id(self) -> str:
        """The tie-break between equal titles."""


N = TypeVar("N", bound=Named)
P = TypeVar("P", bound=Titled)


def by_name(records: Iterable[N]) -> list[N]:
    """Schools, networks or suppliers in name order (then id, for equal names)."""
    return sorted(records, key=lambda r: (text_key(r.name), r.id))


def by_title(records: Iterable[P]) -> list[P]:
    """Policies in title order (then id, for equal titles)."""
    return sorted(records, key=lambda r: (text_key(r.title), r.id))
