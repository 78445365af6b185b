"""The text of data for keys: each kind of value written by what it shows, decided per type."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial

from markupsafe import Markup

from generator.record_texts import DIGEST_OVER, TextMemo, text_of


@dataclass(frozen=True)
class Near:
    school: object
    km: float
    note: str = field(default="", repr=False)


@dataclass(frozen=True)
class Record:
    record_kind = "school"
    name: str


class View(Mapping[str, object]):
    """A mapping that is not a dict (as a page's lazy context is)."""

    def __init__(self, data: dict[str, object]) -> None:
        self.data = data

    def __getitem__(self, key: str) -> object:
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


class Helper:
    def __call__(self, policy: object) -> str:
        return "due"


def review_state(policy: object) -> str:
    return "due"


def _text(value: object, memo: TextMemo, alive: list[object]) -> str:
    """The text of a value kept alive, as a build keeps its data: the memo goes by identity."""
    alive.append(value)
    return text_of(value, memo)


def test_each_kind_of_value_is_written_by_what_it_shows() -> None:
    memo, alive = TextMemo(), []
    school = Record("Abbey School")
    assert _text(school, memo, alive) == "Record(name='Abbey School')"  # A record: its repr.
    assert _text([1, "a", None], memo, alive) == "[1,'a',None]"
    assert _text((1, 2), memo, alive) == "[1,2]"
    assert _text({"a": 1}, memo, alive) == "{'a':1}"
    assert _text(View({"a": [2]}), memo, alive) == "{'a':[2]}"
    # A dataclass made for a page: its shown fields, its records by their texts.
    assert _text(Near(school, 0.5, "hidden"), memo, alive) == (
        "Near(school=Record(name='Abbey School'),km=0.5)"
    )
    assert _text(Markup("<b>x</b>"), memo, alive) == repr(Markup("<b>x</b>"))
    # Helpers count by name; so does a class passed as a value.
    assert _text(review_state, memo, alive) == "review_state"
    assert _text(partial(review_state), memo, alive) == "partial"
    assert _text(Helper(), memo, alive) == "Helper"
    assert _text(Near, memo, alive) == "Near"
    assert _text([Near(school, 1.0), review_state], memo, alive) == (
        "[Near(school=Record(name='Abbey School'),km=1.0),review_state]"
    )


def test_shown_data_changes_the_text_and_long_texts_are_digests() -> None:
    memo, alive = TextMemo(), []
    one = _text([Near(Record("A"), 1.0)], memo, alive)
    assert one != _text([Near(Record("B"), 1.0)], memo, alive)
    assert one != _text([Near(Record("A"), 2.0)], memo, alive)
    assert one == _text([Near(Record("A"), 1.0, "not shown")], memo, alive)
    long = _text(["x" * DIGEST_OVER], memo, alive)
    assert long.startswith("#") and len(long) < 40
