"""Page keys: unchanged when only source positions move, changed when shown data changes."""

from __future__ import annotations

import dataclasses

from conftest import load
from helpers import FIXTURES

from generator.page_cache import PageCache, page_key, reuse
from generator.pages import site_pages
from generator.positions import Pos
from generator.record_texts import TextMemo


def _keys(site: object) -> dict[str, str]:
    memo = TextMemo()
    return {spec.src: page_key(spec, memo) for spec in site_pages(site, "Net")}  # type: ignore[arg-type]


def test_keys_follow_the_data_not_the_lines() -> None:
    site = load(FIXTURES / "small")
    before = _keys(site)
    assert all(len(key) < 40 for key in before.values())  # digests, not the data itself
    school = next(iter(site.schools.values()))
    moved = {name: Pos(pos.file, pos.line + 5, pos.column) for name, pos in school.where.items()}
    site.schools[school.id] = dataclasses.replace(school, where=moved)
    assert _keys(site) == before  # A line moved by an edit above: nothing to render again.
    renamed = dataclasses.replace(school, name="A New Name")
    site.schools[school.id] = renamed
    after = _keys(site)
    changed = {src for src in before if before[src] != after[src]}
    assert f"schools/{school.id}.md" in changed
    assert len(changed) < len(before)


def test_a_new_environment_empties_the_cache() -> None:
    cache = reuse(None, "templates v1")
    cache.put("schools/a.md", "#k", "<p>a</p>")
    assert reuse(cache, "templates v1") is cache
    assert reuse(cache, "templates v1").get("schools/a.md", "#k") == "<p>a</p>"
    assert reuse(cache, "templates v2").get("schools/a.md", "#k") is None


class Counted:
    """A frozen record stand-in that counts how often its text is made."""

    made = 0

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        Counted.made += 1
        return f"Counted({self.name!r})"


def test_a_record_kept_since_the_last_rebuild_keeps_its_text_and_only_that_object() -> None:
    cache = PageCache("templates v1")
    kept, edited = Counted("kept"), Counted("before the edit")
    first = cache.texts.memo()
    assert first.leaf(kept) == "Counted('kept')"
    first.leaf(edited)
    cache.texts.keep(first)
    Counted.made = 0
    second = cache.texts.memo()
    assert second.leaf(kept) == "Counted('kept')"
    assert Counted.made == 0  # The same object: its text is not made again.
    assert second.leaf(Counted("after the edit")) == "Counted('after the edit')"
    assert Counted.made == 1
    cache.texts.keep(second)
    assert {text for _, text in cache.texts.texts.values()} == {
        "Counted('kept')",
        "Counted('after the edit')",
    }  # Only what this rebuild saw is kept for the next.
