"""How a query finds a record, declared once for both searches: folding, matching, fields.

The header search (assets/record-search.js over exports/search_shards) and a
directory's text box (assets/directory.js over a page's rows or rows.json)
share one matcher, the `SchoolnetSearch` object record-search.js defines. It
knows no rule of its own: it is given `client_rules()`, in the record
search's manifest and in each directory's `data-search` attribute. So a
reader who types "NE61", "st hilds", "beck" or "Wansbek" gets the same
schools in both places, and each result says which field it was found by.

Matching, per query word against a field's words:

- a "words" field (a name, a town, a local authority) matches a word that
  starts with the query word, or, from `INFIX_MIN` letters, holds it
  anywhere ("beck" finds "Wansbeck"); from `TYPO_MIN` letters, one typo is
  forgiven: a word (or a start of a word) at Damerau-Levenshtein distance 1
  ("wansbek" finds "wansbeck"; "hidls" finds "hilds");
- a "code" field (a URN) matches only from its start, exactly as typed;
- a "postcode" field matches its outward code exactly ("NE61" is that
  district, not "NE6 1LT") or the whole postcode, or its start past the
  outward code, in any case and with or without the space.

A record matches when every query word matches one of its fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal

from .models import School

NORMAL_FORM: Final = "NFKD"
"""Splits accents from their letters ("é" becomes "e" and a combining accent)."""
DROPPED = r"[\u0300-\u036f'\u2019]"
"""What folding drops after normalising: combining diacritical marks, and apostrophes."""
OUTWARD = r"[a-z]{1,2}[0-9][a-z0-9]?"
"""A postcode's outward code, folded ("ne1", "dl14")."""
TYPED_INWARD = r"[0-9][a-z]{0,2}"
"""An inward code, whole or as a reader is typing it, which a query joins to the outward code."""
FOLDING = {"normalize": NORMAL_FORM, "drop": DROPPED, "outward": OUTWARD, "inward": TYPED_INWARD}
"""The folding rules as the clients receive them. The patterns read the same to
Python's `re` and to a JavaScript RegExp with the "u" flag."""

INFIX_MIN = 3
"""A query word this long matches inside a word, not only at its start."""
TYPO_MIN = 5
"""A query word this long is forgiven one typo (Damerau-Levenshtein distance 1)."""
MATCHING = {"infix": INFIX_MIN, "typo": TYPO_MIN}

FieldKind = Literal["words", "code", "postcode"]


@dataclass(frozen=True)
class SearchField:
    """A field a record is found by: its key, the word a result names it by, how it matches."""

    key: str
    label: str
    kind: FieldKind

    def as_data(self) -> list[str]:
        """The field as the clients receive it."""
        return [self.key, self.label, self.kind]


SCHOOL_FIELDS: Final = (
    SearchField("urn", "URN", "code"),
    SearchField("postcode", "postcode", "postcode"),
    SearchField("town", "town", "words"),
    SearchField("la", "local authority", "words"),
    SearchField("country", "country", "words"),
)
"""What a school is found by besides its name, in the order a result names them."""

OTHER_WORDS: Final = SearchField("words", "other details", "words")
"""The header search's last field: every other word of a record (its summary, networks, ...)."""


def client_rules(
    name: str, fields: tuple[SearchField, ...] = (), other_words: bool = False
) -> dict[str, Any]:
    """The rules as the matcher in record-search.js takes them.

    `name` is what the record's name or title is called in a result ("name",
    "title"); `fields` are the fields searched after it, and `other_words`
    (the header search) adds the record's other words last.
    """
    every = (SearchField("text", name, "words"), *fields, *([OTHER_WORDS] if other_words else []))
    return {"fold": FOLDING, "match": MATCHING, "fields": [f.as_data() for f in every]}


def town(school: School) -> str:
    """The school's town, from its address: the last part in the UK, the first abroad.

    Addresses in England are written "street, town" (the postcode apart);
    partner schools abroad give "town, region" ("Oulu, North Ostrobothnia").
    """
    parts = [part.strip() for part in (school.address or "").split(",") if part.strip()]
    if not parts:
        return ""
    return parts[0] if school.country else parts[-1]


def country(school: School) -> str:
    """The school's country: a partner school's own, else England (schools with a URN)."""
    return school.country or ("England" if school.urn or school.local_authority else "")


def school_values(school: School) -> list[str]:
    """A school's SCHOOL_FIELDS values, in order ("" for none)."""
    return [
        school.urn or "",
        school.postcode or "",
        town(school),
        school.local_authority or "",
        country(school),
    ]
