"""A live preview's calendars and open data: made again only when their records change."""

from __future__ import annotations

import dataclasses

from conftest import load
from helpers import FIXTURES

from generator.kept_outputs import KeptOutputs, records_key
from generator.positions import Pos
from generator.record_texts import TextMemo


def test_a_group_is_made_again_only_for_a_new_key() -> None:
    kept = KeptOutputs()
    made: list[str] = []

    def make(text: str) -> dict[str, bytes]:
        made.append(text)
        return {"data/x.csv": text.encode()}

    kept.memo()
    assert kept.files("x", "k1", lambda: make("one")) == {"data/x.csv": b"one"}
    kept.memo()
    assert kept.files("x", "k1", lambda: make("two")) == {"data/x.csv": b"one"}
    assert kept.made == []
    kept.memo()
    assert kept.files("x", "k2", lambda: make("three")) == {"data/x.csv": b"three"}
    assert made == ["one", "three"] and kept.made == ["x"]


def test_groups_not_used_by_a_rebuild_are_dropped() -> None:
    kept = KeptOutputs()
    memo = kept.memo()
    kept.files("x", "k", dict)
    kept.files("y", "k", dict)
    kept.done(memo)
    memo = kept.memo()  # The next rebuild asks for "y" only.
    kept.files("y", "k", dict)
    kept.done(memo)
    assert list(kept.groups) == ["y"]


def test_record_keys_follow_the_fields_and_settings_not_the_lines() -> None:
    site = load(FIXTURES / "small")
    schools = list(site.schools.values())
    before = records_key(TextMemo(), schools, "setting")
    first = schools[0]
    moved = {name: Pos(pos.file, pos.line + 3, pos.column) for name, pos in first.where.items()}
    assert (
        records_key(TextMemo(), [dataclasses.replace(first, where=moved), *schools[1:]], "setting")
        == before
    )
    renamed = [dataclasses.replace(first, name="Another Name"), *schools[1:]]
    assert records_key(TextMemo(), renamed, "setting") != before
    assert records_key(TextMemo(), schools, "another setting") != before
    assert records_key(TextMemo(), schools[::-1], "setting") != before
