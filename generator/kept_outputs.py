"""Files a live preview keeps between rebuilds, each under a key made from its inputs.

A contributor's edit touches a record or two; the calendars and open data
files made from the other kinds of record come out the same. Under
`mkdocs serve` each such file group is kept with a key: the texts of the
records it is made from (their fields, never their source positions) and
every setting it uses. A rebuild whose key is unchanged takes the files
kept; any other makes them again. A one-off build keeps nothing. A group
made again can keep its parts record by record (`parts_of`): the schools'
open data after a one-school edit makes one school's row again.

Record texts come from a `TextMemo`, which the record files' kept pieces
make cheap: a record an edit did not touch is the same object as in the
last rebuild, so its text is not made again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from .record_texts import KeptTexts, TextMemo, digest, text_of

T = TypeVar("T")


@dataclass
class KeptOutputs:
    """File groups by name, each with the key it was made for; kept only from the last rebuild."""

    groups: dict[str, tuple[str, dict[str, bytes]]] = field(default_factory=dict)
    texts: KeptTexts = field(default_factory=KeptTexts)
    """The last rebuild's record texts, for this rebuild's keys."""
    made: list[str] = field(default_factory=list)
    """The groups this rebuild made anew, for the log and the tests."""
    used: set[str] = field(default_factory=set)
    """The groups this rebuild asked for: only those are kept for the next."""
    parts: dict[tuple[str, str], tuple[str, Any]] = field(default_factory=dict)
    """What a group is made of, record by record: (group, "kind id") -> (the texts it was
    made from, the part), e.g. a school's row of the schools' open data (see `parts_of`)."""
    parts_used: set[tuple[str, str]] = field(default_factory=set)
    part_groups: dict[str, bool] = field(default_factory=dict)
    """This rebuild's groups of parts, each with whether it was made (else its files were kept)."""
    parts_made: int = 0
    """Parts this rebuild made anew, for the log and the tests."""

    def memo(self) -> TextMemo:
        """A memo for this rebuild's keys; call `done` with it when every group is made."""
        self.made, self.used, self.parts_used, self.part_groups = [], set(), set(), {}
        self.parts_made = 0
        return self.texts.memo()

    def done(self, memo: TextMemo) -> None:
        """Keep this rebuild's record texts, and only the groups and parts it used.

        The parts of a group whose files were kept stay as they are, for the
        rebuild that makes that group again.
        """
        self.texts.keep(memo)
        self.groups = {name: kept for name, kept in self.groups.items() if name in self.used}
        self.parts = {
            key: kept
            for key, kept in self.parts.items()
            if key[0] in self.part_groups
            and (not self.part_groups[key[0]] or key in self.parts_used)
        }

    def shared(self) -> tuple[dict[str, tuple[str, dict[str, bytes]]], dict[Any, Any]]:
        """The groups and parts with their keys, for a forked worker to send back
        (parallel.Kept): plain data, keyed by text, not by object.

        Record texts stay behind: they are kept by object, and making them
        again costs a tenth of a second at 5,000 schools.
        """
        return self.groups, self.parts

    def adopt(self, shares: list[tuple[dict[str, Any], dict[Any, Any]]]) -> None:
        """Keep the groups and parts a build's worker made, as if they had been made here."""
        for groups, parts in shares:
            self.groups.update(groups)
            self.parts.update(parts)

    def parts_of(self, memo: TextMemo, group: str, make: Callable[..., T]) -> Callable[..., T]:
        """`make` for the records of a group, keeping each record's part between rebuilds.

        The returned function takes a record and what else its part is made
        from (`part(record, *inputs)`, passed on to `make`). A part is kept
        under the texts of both (a record's text is its fields, all of which its
        repr shows), and under the group's name, which must hold every setting
        `make` uses: a rebuild finds again the parts of records that neither an
        edit nor their inputs changed.
        """
        self.part_groups.setdefault(group, False)

        def part(record: Any, *inputs: Any) -> T:
            self.part_groups[group] = True
            text = memo.leaf(record)
            if inputs:  # Often made for this call: remembered by identity only while alive.
                alive = TextMemo(previous=memo.previous, leaves=memo.leaves)
                text += "\0" + text_of(inputs, alive)
            key = (group, f"{getattr(record, 'record_kind', '')} {record.id}")
            self.parts_used.add(key)
            kept = self.parts.get(key)
            if kept is not None and kept[0] == text:
                return cast(T, kept[1])
            made = make(record, *inputs)
            self.parts[key] = (text, made)
            self.parts_made += 1
            return made

        return part

    def files(self, name: str, key: str, make: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
        """The group's files: those kept if made for `key`, else made now and kept."""
        self.used.add(name)
        kept = self.groups.get(name)
        if kept is not None and kept[0] == key:
            return kept[1]
        files = make()
        self.groups[name] = (key, files)
        self.made.append(name)
        return files


def records_key(memo: TextMemo, records: Iterable[Any], *settings: object) -> str:
    """A digest of settings (each by its repr) and records' texts, in their order."""
    parts = [repr(setting) for setting in settings] + [memo.leaf(r) for r in records]
    return digest("\0".join(parts))
