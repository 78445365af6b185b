"""A record search index split into small files, so a search fetches only one of them.

mkdocs-material's search downloads its whole index before the first result:
at 25,000 schools the records alone made it megabytes. Here each record's
words become tokens, and the records are filed under token prefixes:
`search/records/<prefix>.json` holds every record having a token that
starts with the prefix. A shard that grows over the byte budget is split
into longer prefixes, so a search for one word fetches the small manifest
and one shard. Tokens too common to narrow anything down ("school",
"primary") are not filed at all: a query made only of them is answered by a
message asking for a name, place, URN or postcode (the client knows them
from the manifest), not by downloading every record.

Each shard entry carries what a result shows (title, kind line, URL), the
record's other words, and a school's search fields (URN, postcode, town,
local authority, country), so the browser can check every query word,
common ones included, and say which field matched. The client is
`site_templates/assets/record-search.js`. How text is folded into words and
how a query word matches are declared once, in `search_rules` (`FOLDING`,
`MATCHING`, `SCHOOL_FIELDS`), and sent to the client in the manifest with
the vocabulary of filed words, through which a word found inside another
("beck" in "Wansbeck") or with a typo leads to its shards
(tests/test_search_client.py runs the client in Node against `words`).
The same Site always gives byte-identical files, and the Site holds only
what the audience may see, so no private record can reach a shard.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..models import School
from ..search_entries import MAKER_OF, RecordText, record_text, shown_records
from ..search_rules import DROPPED, NORMAL_FORM, OUTWARD, SCHOOL_FIELDS, client_rules, school_values
from ..search_rules import (
    FOLDING as FOLDING,
)  # Declared with the other search rules; tests read it here.
from ..site import Site
from ..urls import index_src, page_url, record_src

FORMAT_VERSION = 2
FOLDER = "search/records"
SHARD_BUDGET = 40_000
"""Most bytes a shard may take gzipped (-6), as a server would send it."""
COMMON_SHARE = 0.02
COMMON_MIN = 200
"""A token held by more than this share of the records, and by more than this
many, is common. Small sites have no common words; any token whose records
alone exceed the budget becomes common too."""
GZIP_OVERHEAD = 18
"""gzip's header and trailer around the zlib stream's deflate data, roughly."""
MAX_RATIO = 12
"""No shard compresses better than this: a larger one is split without gzipping it."""
SAFE_NAME = re.compile(r"[a-z0-9]+")
WORD = re.compile(r"[^\W_]+")
"""Runs of letters and digits, as the client's Unicode letter and number classes (a test
compares the two)."""
DROP = re.compile(DROPPED)
POSTCODE = re.compile(rf"({OUTWARD}) ?([0-9][a-z]{{2}})")


def fold(text: str) -> str:
    """Lower case without accents or apostrophes, as the client folds a query.

    "Ysgol Gymraeg Bro Morgannwg", "St Mary's" and "École" are found by
    whatever accents and apostrophes a reader types or leaves out.
    """
    if not text.isascii():  # Normalising ASCII changes nothing: skip it.
        text = unicodedata.normalize(NORMAL_FORM, text)
    return DROP.sub("", text).lower()


def words(text: str) -> list[str]:
    """The folded words of a text, in order, repeats included."""
    return WORD.findall(fold(text))


def record_tokens(item: RecordText) -> list[str]:
    """Every distinct token a record is found by, in the order they first appear.

    Besides its words: a school's search fields (its town, country, ...),
    its URN, and its postcode both whole without the space ("ne14st", which
    a reader types either way) and as its outward code ("ne1").
    """
    found = words(item.title) + words(item.text)
    record = item.record
    if isinstance(record, School):
        for value in school_values(record):
            found += words(value)
        if record.postcode:
            found += postcode_tokens(record.postcode)
    return list(dict.fromkeys(found))


def postcode_tokens(postcode: str) -> list[str]:
    """The whole postcode without its space, and its outward code."""
    match = POSTCODE.fullmatch(fold(postcode).strip())
    if match is None:
        return words(postcode)
    outward, inward = match.groups()
    return [outward + inward, outward]


def file_stem(key: str) -> str:
    """A shard's file name without '.json'; the client computes the same.

    Keys of ASCII letters and digits name their file; any other key (an
    accent-free but non-Latin letter, say) is spelt as '_' and its code
    points in hex, so every host serves it; so is 'manifest'.
    """
    if SAFE_NAME.fullmatch(key) and key != "manifest":
        return key
    return "_" + "-".join(f"{ord(ch):x}" for ch in key)


@dataclass
class Catalogue:
    """The records as shards see them: entries, and which records hold each token."""

    entries: list[bytes]
    """Each record's JSON array: title, kind line, URL, its other words, then a school's fields."""
    holders: dict[str, list[int]]
    """token -> indices of the records holding it, ascending."""
    common: set[str] = field(default_factory=set)


def record_entry(item: RecordText, url: str, tokens: list[str]) -> list[str]:
    """What a shard holds of a record: what a result shows, and what the matcher reads.

    A school's search fields (search_rules.SCHOOL_FIELDS) follow as they are
    written, so a result can say "postcode NE61 1QT" or "town Morpeth"; the
    words list then leaves out what the name and those fields already say
    (the client folds them itself), which keeps the shards as small as before.
    """
    entry = [item.title, item.kind, url]
    said = set(words(item.title))
    values: list[str] = []
    if isinstance(item.record, School):
        values = school_values(item.record)
        for value in values:
            said.update(words(value))
        if item.record.postcode:
            said.update(postcode_tokens(item.record.postcode))
    entry.append(" ".join(token for token in tokens if token not in said))
    return entry + values


Part = tuple[bytes, list[str]]
"""A record in the catalogue: its entry as a shard holds it, and its tokens."""
PartMaker = Callable[[Any, tuple[Any, ...]], Part]
"""Makes (or, in a live preview, finds kept) a record's `Part` from the record and what
else its text is made from (`search_entries.inputs_of`)."""


def record_part(record: Any, inputs: tuple[Any, ...], directory_urls: bool) -> Part:
    """A record's entry and tokens, from the record and `inputs` alone."""
    item = record_text(record, MAKER_OF[record.record_kind], inputs)
    url = page_url(record_src(record.record_kind, record.id), directory_urls)
    tokens = record_tokens(item)
    entry = record_entry(item, url, tokens)
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode(), tokens


def catalogue(site: Site, directory_urls: bool, part_of: PartMaker | None = None) -> Catalogue:
    """Every shown record's entry and tokens, in a fixed order (kind, then data file).

    `part_of`: a live preview's maker that keeps each record's part
    (`kept_outputs.KeptOutputs.parts_of`).
    """
    entries: list[bytes] = []
    holders: dict[str, list[int]] = defaultdict(list)
    for index, (record, _maker, inputs) in enumerate(shown_records(site)):
        if part_of is not None:
            entry, tokens = part_of(record, inputs)
        else:
            entry, tokens = record_part(record, inputs, directory_urls)
        entries.append(entry)
        for token in tokens:
            holders[token].append(index)
    limit = max(COMMON_MIN, int(COMMON_SHARE * len(entries)))
    common = {token for token, held in holders.items() if len(held) > limit}
    return Catalogue(entries, dict(holders), common)


def shard_bytes(key: str, records: list[int], entries: list[bytes]) -> bytes:
    """One shard file: its key and the entries of its records, in catalogue order."""
    head = json.dumps({"v": FORMAT_VERSION, "key": key}, ensure_ascii=False)[:-1]
    body = b",".join(entries[i] for i in records)
    return head.encode() + b',"records":[' + body + b"]}"


def gzipped_size(data: bytes) -> int:
    """An upper bound of the bytes a server sends for `data` with gzip -6.

    Fastest deflate (level 1) takes a fraction of level 6's time and never
    packs this kind of text smaller, so a shard that fits at level 1 fits.
    """
    return len(zlib.compress(data, 1)) + GZIP_OVERHEAD


@dataclass
class Plan:
    """Which shards to write: key -> file, and the keys split into longer prefixes."""

    shards: dict[str, bytes] = field(default_factory=dict)
    split: set[str] = field(default_factory=set)


def plan_shards(cat: Catalogue, budget: int) -> Plan:
    """File every uncommon token under a prefix, splitting prefixes until each fits.

    Tokens that alone overflow a shard join `cat.common`.
    """
    plan = Plan()
    keyed = sorted(token for token in cat.holders if token not in cat.common)
    for first, tokens in _by_prefix(keyed, 1):
        _place(first, tokens, cat, budget, plan)
    return plan


def _by_prefix(tokens: list[str], length: int) -> Iterator[tuple[str, list[str]]]:
    """Sorted tokens grouped by their first `length` characters (all longer than that - 1)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for token in tokens:
        groups[token[:length]].append(token)
    yield from sorted(groups.items())


def _place(key: str, tokens: list[str], cat: Catalogue, budget: int, plan: Plan) -> None:
    """Write the shard for `key`, or split it into longer prefixes when over budget."""
    records = sorted({i for token in tokens for i in cat.holders[token]})
    data = shard_bytes(key, records, cat.entries)
    if len(data) <= budget or (len(data) <= budget * MAX_RATIO and gzipped_size(data) <= budget):
        plan.shards[key] = data
        return
    longer = [token for token in tokens if len(token) > len(key)]
    if not longer:  # One token, too frequent to file.
        cat.common.add(key)
        return
    plan.split.add(key)
    if len(longer) < len(tokens):  # The key itself is a token: an exact-only shard.
        _place(key, [key], cat, budget, plan)
    for child, group in _by_prefix(longer, len(key) + 1):
        _place(child, group, cat, budget, plan)


def vocabulary(cat: Catalogue) -> str:
    """Every filed word without a digit, space-joined: where a word found inside another lives.

    A query word matched inside a word ("beck" in "wansbeck") or with a typo
    ("wansbek") is not a prefix of what it finds, so its shard cannot be
    known from the word alone: the client looks the words it may find up
    here, then fetches their shards. URNs and postcodes, which hold digits,
    match only from their start and stay out.
    """
    return " ".join(
        sorted(t for t in cat.holders if t not in cat.common and not any(c.isdigit() for c in t))
    )


def manifest_bytes(cat: Catalogue, plan: Plan, budget: int, directory: str) -> bytes:
    """The small file a search fetches first: which shards exist, the common words, the rules.

    `directory` is the schools directory's URL, offered to a reader whose
    query holds only common words.
    """
    manifest = {
        "version": FORMAT_VERSION,
        "records": len(cat.entries),
        "budget": budget,
        "shards": sorted(plan.shards),
        "split": sorted(plan.split),
        "common": sorted(cat.common),
        "directory": directory,
        "words": vocabulary(cat),
        **client_rules("name", SCHOOL_FIELDS, other_words=True),
    }
    return json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode()


def search_shards(
    site: Site,
    directory_urls: bool,
    budget: int = SHARD_BUDGET,
    part_of: PartMaker | None = None,
) -> dict[str, bytes]:
    """The manifest and every shard, by path relative to the site root (`part_of`: see
    `catalogue`)."""
    cat = catalogue(site, directory_urls, part_of)
    plan = plan_shards(cat, budget)
    directory = page_url(index_src("school"), directory_urls)
    files = {f"{FOLDER}/manifest.json": manifest_bytes(cat, plan, budget, directory)}
    for key, data in sorted(plan.shards.items()):
        files[f"{FOLDER}/{file_stem(key)}.json"] = data
    return files
