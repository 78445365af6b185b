"""Ids for imported schools: made from the name, never one the project already uses.

An id is the school's URL, so a new school must never take an id that a
record, a reference or a link anywhere in the project holds (that would
quietly point the old links at another school). The project's history is out
of reach, so "anywhere" is the record files and the Markdown in content/, as
they are: every id-shaped word in them counts as taken.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..models import KINDS
from ..rules import MAX_ID

TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def taken_ids(root: Path, content_dir: str = "content") -> set[str]:
    """Every id-shaped word in the record files and the Markdown, and every body's name."""
    taken: set[str] = set()
    texts = [root / kind.filename for kind in KINDS.values()]
    content = root / content_dir
    markdown = sorted(content.rglob("*.md")) if content.is_dir() else []
    for path in [*texts, *markdown]:
        if path.is_file() and not path.is_symlink():
            taken.update(TOKEN.findall(path.read_text(encoding="utf-8", errors="replace")))
    taken.update(path.stem for path in markdown)
    return taken


def id_words(text: str) -> str:
    """A name as an id: accents dropped, apostrophes removed, '&' as 'and', hyphens between."""
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    )
    ascii_text = re.sub(r"['`]", "", ascii_text.replace("&", " and "))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _fit(base: str, suffix: str = "") -> str:
    """`base` and `suffix` within MAX_ID characters, cutting the base, never the suffix."""
    if not suffix:
        return base[:MAX_ID].rstrip("-")
    return f"{base[: MAX_ID - len(suffix) - 1].rstrip('-')}-{suffix}"


def new_id(name: str, town: str, urn: str, taken: set[str]) -> str:
    """The name's id; if taken, with the town; if still taken, with the URN. Marks it taken."""
    # ’ (U+2019) in "St Mary’s" would otherwise split the word: drop it before NFKD.
    base = id_words(name.replace("\u2019", "")) or "school"
    town_words = id_words(town)
    for made in (_fit(base), _fit(base, town_words), _fit(base, urn)):
        if made not in taken:
            taken.add(made)
            return made
    suffix = 2
    while (made := _fit(base, f"{urn}-{suffix}")) in taken:
        suffix += 1
    taken.add(made)
    return made
