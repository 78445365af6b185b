"""Files a live preview keeps between rebuilds, each under a key made from its inputs.

A contributor's edit touches a record or two; the calendars and open data
files made from the other kinds of record come out the same. Under
`mkdocs serve` each such file group is kept with a key: the texts of the
records it is made from (their fields, never their source positions) and
every setting it uses. A rebuild whose key is unchanged takes the files
kept; any other makes them again. A one-off build keeps nothing.

Record texts come from a `TextMemo`, which the record files' kept pieces
make cheap: a record an edit did not touch is the same object as in the
last rebuild, so its text is not made again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .record_texts import KeptTexts, TextMemo, digest


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

    def memo(self) -> TextMemo:
        """A memo for this rebuild's keys; call `done` with it when every group is made."""
        self.made, self.used = [], set()
        return self.texts.memo()

    def done(self, memo: TextMemo) -> None:
        """Keep this rebuild's record texts, and only the groups it used."""
        self.texts.keep(memo)
        self.groups = {name: kept for name, kept in self.groups.items() if name in self.used}

    def shared(self) -> dict[str, tuple[str, dict[str, bytes]]]:
        """The groups and their keys, for a forked worker to send back (parallel.Kept).

        Record texts stay behind: they are kept by object, and making them
        again costs a tenth of a second at 5,000 schools.
        """
        return self.groups

    def adopt(self, shares: list[dict[str, tuple[str, dict[str, bytes]]]]) -> None:
        """Keep the groups a build's worker made, as if they had been made here."""
        for groups in shares:
            self.groups.update(groups)

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
