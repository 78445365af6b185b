"""A live preview's calendars and open data: made again only when their records change."""

from __future__ import annotations

import dataclasses
import pickle

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


def _rebuild(kept: KeptOutputs, schools: list[object], key: str, made: list[str]) -> bytes:
    """One rebuild's schools' file: kept whole for an unchanged key, else made from its rows,
    each kept by its record's text."""
    memo = kept.memo()

    def row(school: object) -> str:
        made.append(school.id)  # type: ignore[attr-defined]
        return f"{school.id},{school.name}"  # type: ignore[attr-defined]

    rows_of = kept.parts_of(memo, "data school", row)
    files = kept.files("data school", key, lambda: {"f": "\n".join(map(rows_of, schools)).encode()})
    kept.done(memo)
    return files["f"]


def test_a_group_made_again_makes_only_the_parts_of_changed_records() -> None:
    site = load(FIXTURES / "small")
    schools = list(site.schools.values())
    kept, made = KeptOutputs(), []
    first = _rebuild(kept, schools, "k1", made)
    assert sorted(made) == sorted(s.id for s in schools)
    made.clear()
    moved = {n: Pos(p.file, p.line + 3, p.column) for n, p in schools[1].where.items()}
    renamed = [
        dataclasses.replace(schools[0], name="Another Name"),  # A new text: made again.
        dataclasses.replace(schools[1], where=moved),  # A line moved: the same text, kept.
        *schools[2:],
    ]
    again = _rebuild(kept, renamed, "k2", made)
    assert made == [schools[0].id]
    assert again == first.replace(schools[0].name.encode(), b"Another Name", 1)
    # A rebuild that keeps the group's files keeps its parts too, for a later one.
    _rebuild(kept, renamed, "k2", made)
    assert made == [schools[0].id] and len(kept.parts) == len(schools)
    # A record gone takes its part with it.
    _rebuild(kept, renamed[1:], "k3", made)
    assert len(kept.parts) == len(schools) - 1


def test_parts_made_in_a_forked_worker_serve_the_next_rebuild() -> None:
    site = load(FIXTURES / "small")
    schools = list(site.schools.values())
    worker, made = KeptOutputs(), []  # The first build's worker: its copy ends with it.
    _rebuild(worker, schools, "k1", made)
    kept = KeptOutputs()
    kept.adopt([pickle.loads(pickle.dumps(worker.shared()))])
    made.clear()
    renamed = [dataclasses.replace(schools[0], name="Another Name"), *schools[1:]]
    _rebuild(kept, renamed, "k2", made)
    assert made == [schools[0].id]


@dataclasses.dataclass(frozen=True)
class _Item:
    id: str


def test_a_part_follows_its_inputs_even_when_they_are_made_for_the_call() -> None:
    """Inputs are often lists made for one record and dropped: Python may give the next
    record's list the same identity, which must not make it read as the same text."""
    kept, made = KeptOutputs(), []
    a, b = _Item("a"), _Item("b")

    def rebuild(inputs: dict[str, str]) -> dict[str, str]:
        memo = kept.memo()
        part = kept.parts_of(memo, "g", lambda item, names: made.append(item.id) or names[0])
        got = {item.id: part(item, [inputs[item.id]]) for item in (a, b)}
        kept.done(memo)
        return got

    assert rebuild({"a": "x", "b": "y"}) == {"a": "x", "b": "y"}
    made.clear()
    assert rebuild({"a": "x", "b": "z"}) == {"a": "x", "b": "z"}
    assert made == ["b"]
    made.clear()
    assert rebuild({"a": "x", "b": "z"}) == {"a": "x", "b": "z"}
    assert made == []


def test_records_of_two_kinds_with_one_id_keep_a_part_each() -> None:
    site = load(FIXTURES / "small")
    school = next(iter(site.schools.values()))
    network = dataclasses.replace(next(iter(site.networks.values())), id=school.id)
    kept, made = KeptOutputs(), []
    for _ in range(2):  # The search's entries: every kind in one group.
        memo = kept.memo()
        part = kept.parts_of(memo, "search", lambda record: made.append(record) or record.name)
        assert [part(school), part(network)] == [school.name, network.name]
        kept.done(memo)
    assert made == [school, network]
