"""What a change to the data does, in words a reviewer can read without YAML.

Compares two sets of records (e.g. the data at a pull request's base and
head) and writes Markdown such as "2 schools added: …", "supplier
`Fresh Plates` (`fresh-plates`): recommendation by `hawes-side` changed:
rating `5` → `3`", "1 event cancelled". Reviewers who are not programmers
approve changes on its word, so:

- every name, id and value it quotes is made inert (`inert.py`): nothing a
  pull request writes can format, link, mention or hide anything;
- a long value that changed is shown around the part that differs, never
  as two cut-off quotations that look the same;
- a record or recommendation that is private before or after the change
  is only counted ("a private school changed"), and a public record's
  reference to a private record is shown as "a private school".

Pure functions over records: reading git revisions is the caller's business.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .inert import excerpt, excerpt_pair, inert
from .models import KINDS, Event, FieldSpec, Recommendation, field_specs
from .rules import Ref

Records = dict[str, list[Any]]

NAME_LIMIT = 100
"""The most characters of a record's name quoted beside its id."""
CANCEL_INSTEAD = (
    "- Deleting an event removes it from subscribers' calendars silently; "
    "set `status: cancelled` instead to tell them."
)


@dataclass(frozen=True)
class Private:
    """What the summary must not name: per kind, the ids private before or after the change."""

    ids: dict[str, frozenset[str]]

    @classmethod
    def of(cls, *revisions: Records) -> Private:
        """The private ids of every revision given."""
        return cls(
            {
                name: frozenset(
                    r.id for records in revisions for r in records.get(name, []) if not r.public
                )
                for name in KINDS
            }
        )

    def record(self, kind: str, record_id: str) -> bool:
        """Whether the record of this kind and id is private in either revision."""
        return record_id in self.ids.get(kind, frozenset())

    def recommendation(self, *versions: Recommendation | None) -> bool:
        """Whether the public site omits a version: marked private, or by a private school."""
        return any(
            r is not None and (not r.public or self.record("school", r.school)) for r in versions
        )


@dataclass
class KindChanges:
    """The changes to one kind of record, before they are put in words."""

    added: list[Any] = field(default_factory=list)
    removed: list[Any] = field(default_factory=list)
    renamed: list[tuple[Any, Any]] = field(default_factory=list)
    modified: list[tuple[Any, Any]] = field(default_factory=list)
    """(before, after) of each record whose id stayed and whose values changed."""


def _values(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in field_specs(type(record))}


def _identity(record: Any) -> tuple[Any, ...]:
    """What survives a change of id: for a rename, the other fields match."""
    values = _values(record)
    values.pop("id")
    return tuple(sorted((k, repr(v)) for k, v in values.items()))


def compare_kind(old: list[Any], new: list[Any]) -> KindChanges:
    """Added, removed, renamed (same record, new id) and modified records of one kind."""
    before = {r.id: r for r in old}
    after = {r.id: r for r in new}
    changes = KindChanges()
    removed = [before[i] for i in before if i not in after]
    by_identity = {_identity(r): r for r in removed}
    for record in (after[i] for i in after if i not in before):
        twin = by_identity.pop(_identity(record), None)
        if twin is not None:
            changes.renamed.append((twin, record))
            removed.remove(twin)
        else:
            changes.added.append(record)
    changes.removed = removed
    changes.modified = [
        (before[i], after[i]) for i in sorted(before.keys() & after.keys()) if before[i] != after[i]
    ]
    return changes


# --- values in words ----------------------------------------------------------------------


def _plain(value: Any) -> str:
    """A value as one line of text to quote: list items and nested fields spelt out.

    Only for values that hold no references: those go through `_reference`.
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(_plain(v) for v in value)
    if dataclasses.is_dataclass(value):
        shown = {k: v for k, v in _values(value).items() if v not in (None, [])}
        return ", ".join(f"{k}: {_plain(v)}" for k, v in shown.items())
    return str(value)


def _absent(value: Any) -> bool:
    return value is None or value == []


def _value_note(label: str, before: Any, after: Any) -> str:
    if _absent(before):
        return f"{label} (none) → {excerpt(_plain(after))}"
    if _absent(after):
        return f"{label} {excerpt(_plain(before))} → (none)"
    old, new = excerpt_pair(_plain(before), _plain(after))
    return f"{label} {old} → {new}"


def _reference(kind: str, private: Private) -> Callable[[str | None], str]:
    """How a reference to a record of `kind` is shown: its id, unless that record is private."""

    def show(record_id: str | None) -> str:
        if record_id is None:
            return "(none)"
        return f"a private {kind}" if private.record(kind, record_id) else inert(record_id)

    return show


def _missing(items: list[Any], other: list[Any]) -> list[Any]:
    """The items of `items` that `other` lacks, counting repeats."""
    rest = list(other)
    missing = []
    for item in items:
        if item in rest:
            rest.remove(item)
        else:
            missing.append(item)
    return missing


def _list_note(label: str, before: list[Any], after: list[Any], show: Callable[[Any], str]) -> str:
    parts = [
        f"{verb} " + ", ".join(show(item) for item in items)
        for verb, items in (
            ("added", _missing(after, before)),
            ("removed", _missing(before, after)),
        )
        if items
    ]
    return f"{label}: " + ("; ".join(parts) or "order changed")


def _nested_list_notes(
    fspec: FieldSpec, label: str, before: list[Any], after: list[Any], private: Private
) -> list[str]:
    """A list of nested parts (contacts, offers): compared item by item, field by field,
    when it kept its length; otherwise, which items were added and removed."""
    assert fspec.nested is not None
    if len(before) != len(after):
        return [_list_note(label, before, after, lambda item: excerpt(_plain(item)))]
    notes = []
    for number, (old, new) in enumerate(zip(before, after, strict=True), start=1):
        if old != new:
            notes += _field_notes(fspec.nested, old, new, private, f"{label} {number}.")
    return notes


def _field_or_empty(record: Any, name: str, fspec: FieldSpec) -> Any:
    if record is None:
        return [] if fspec.many else None
    return getattr(record, name)


def _field_notes(
    cls: type[Any], old: Any, new: Any, private: Private, prefix: str = ""
) -> list[str]:
    """What changed between two versions of a public record (or a part of one), field by field."""
    notes = []
    for name, fspec in field_specs(cls).items():
        before, after = _field_or_empty(old, name, fspec), _field_or_empty(new, name, fspec)
        if before == after or name == "recommendations":
            continue
        label = prefix + name
        if isinstance(fspec.rule, Ref):
            show = _reference(fspec.rule.kind, private)
            notes.append(
                _list_note(label, before, after, show)
                if fspec.many
                else f"{label} {show(before)} → {show(after)}"
            )
        elif fspec.nested is not None:
            notes += (
                _nested_list_notes(fspec, label, before, after, private)
                if fspec.many
                else _field_notes(fspec.nested, before, after, private, label + ".")
            )
        elif label == "status" and after == "cancelled":
            notes.append("cancelled")
        elif fspec.many:
            notes.append(_list_note(label, before, after, excerpt))
        else:
            notes.append(_value_note(label, before, after))
    return notes


# --- records in words ---------------------------------------------------------------------


def _count(n: int, name: str, plural: str) -> str:
    return f"{n} {name if n == 1 else plural}"


def _private_phrase(name: str, plural: str, verb: str, n: int) -> str:
    """'a private school changed', '2 private recommendations were added': nothing named."""
    private = "" if verb == "made not public" else "private "
    if n == 1:
        return f"a {private}{name} " + (verb if verb == "changed" else f"was {verb}")
    return f"{n} {private}{plural} " + (verb if verb == "changed" else f"were {verb}")


def _label(record: Any) -> str:
    return f"{excerpt(record.title, NAME_LIMIT)} ({inert(record.id)})"


def _private_verb(before: Any, after: Any) -> str:
    if before.public == after.public:
        return "changed"
    return "made public" if after.public else "made not public"


def _keyed(recommendations: Iterable[Recommendation]) -> dict[tuple[str, int], Recommendation]:
    """Recommendations by school (and their order, for a school that made several)."""
    seen: Counter[str] = Counter()
    keyed = {}
    for rec in recommendations:
        keyed[(rec.school, seen[rec.school])] = rec
        seen[rec.school] += 1
    return keyed


def _recommendation_notes(old: Any, new: Any, private: Private, tally: Counter[str]) -> list[str]:
    """Recommendations added, withdrawn or changed field by field; private ones only counted."""
    before, after = _keyed(old.recommendations), _keyed(new.recommendations)
    notes = []
    hidden: Counter[str] = Counter()
    for key in sorted(before.keys() | after.keys()):
        was, now = before.get(key), after.get(key)
        if was == now:
            continue
        verb = "added" if was is None else "removed" if now is None else "changed"
        tally[f"recommendation {verb}"] += 1
        by = f"recommendation by {inert(key[0])}"
        if private.recommendation(was, now):
            hidden[verb] += 1
        elif now is None:
            notes.append(f"{by} removed")
        elif was is None:
            notes.append(f"{by} added (rating {inert(str(now.rating))})")
        else:
            notes.append(
                f"{by} changed: " + "; ".join(_field_notes(Recommendation, was, now, private))
            )
    notes += [
        _private_phrase("recommendation", "recommendations", verb, n) for verb, n in hidden.items()
    ]
    return notes


def _still_to_come(event: Event, today: date | None) -> bool:
    """Whether subscribers may still expect it: not cancelled, not over (a series may recur)."""
    if event.status == "cancelled":
        return False
    return today is None or event.repeat is not None or event.end.date() >= today


@dataclass
class _KindWords:
    """One kind's changes in words: counts for the headline, lines naming public records."""

    name: str
    plural: str
    private: Private
    tally: Counter[str] = field(default_factory=Counter)
    hidden: Counter[str] = field(default_factory=Counter)
    lines: list[str] = field(default_factory=list)

    def _hides(self, record: Any) -> bool:
        return self.private.record(self.name, record.id)

    def listed(self, verb: str, records: list[Any]) -> None:
        """Added or removed records: public ones named on one line, private ones counted."""
        shown = [r for r in records if not self._hides(r)]
        self.tally[verb] += len(records)
        self.hidden[verb] += len(records) - len(shown)
        if shown:
            labels = ", ".join(_label(r) for r in shown)
            self.lines.append(f"- {_count(len(shown), self.name, self.plural)} {verb}: {labels}")

    def renamed(self, before: Any, after: Any) -> None:
        """A record whose id changed and nothing else."""
        self.tally["renamed"] += 1
        if self._hides(after):
            self.hidden["renamed"] += 1
        else:
            self.lines.append(
                f"- {self.name} id renamed: {inert(before.id)} → {inert(after.id)} "
                f"({excerpt(after.title, NAME_LIMIT)})"
            )

    def modified(self, before: Any, after: Any) -> None:
        """A record with the same id whose values changed."""
        if self._hides(after):
            verb = _private_verb(before, after)
            self.tally[verb] += 1
            self.hidden[verb] += 1
            return
        notes = _field_notes(type(after), before, after, self.private)
        if "cancelled" in notes:
            self.tally["cancelled"] += 1
        if any(note != "cancelled" for note in notes):
            self.tally["changed"] += 1
        if hasattr(after, "recommendations"):
            notes += _recommendation_notes(before, after, self.private, self.tally)
        if notes:
            self.lines.append(f"- {self.name} {_label(after)}: " + "; ".join(notes))

    def private_lines(self) -> list[str]:
        """One line per verb for the private records, none of them named."""
        return [
            "- " + _private_phrase(self.name, self.plural, verb, n)
            for verb, n in self.hidden.items()
            if n
        ]

    def headline(self) -> list[str]:
        """Counts for the summary's first line: '2 schools added', '1 event cancelled'."""
        first = ("added", "removed", "renamed")
        order = [*first, *sorted(set(self.tally) - set(first))]
        parts = []
        for what in order:
            n = self.tally[what]
            if not n:
                continue
            if what.startswith("recommendation "):
                noun = f"{self.name} recommendation"
                parts.append(f"{_count(n, noun, noun + 's')} {what.split(' ', 1)[1]}")
            else:
                parts.append(f"{_count(n, self.name, self.plural)} {what}")
        return parts


def _describe_kind(
    name: str, changes: KindChanges, private: Private, today: date | None
) -> _KindWords:
    words = _KindWords(name, KINDS[name].plural, private)
    words.listed("added", changes.added)
    words.listed("removed", changes.removed)
    if any(isinstance(r, Event) and _still_to_come(r, today) for r in changes.removed):
        words.lines.append(CANCEL_INSTEAD)
    for before, after in changes.renamed:
        words.renamed(before, after)
    for before, after in changes.modified:
        words.modified(before, after)
    words.lines += words.private_lines()
    return words


def summarise(old: Records, new: Records, today: date | None = None) -> str:
    """A Markdown summary of every change between two sets of records.

    `today`: the build date; a removed event that is over by then needs no
    advice to cancel it instead (None: advise for every removed event).
    """
    private = Private.of(old, new)
    headline: list[str] = []
    lines: list[str] = []
    for name in KINDS:
        words = _describe_kind(
            name, compare_kind(old.get(name, []), new.get(name, [])), private, today
        )
        headline += words.headline()
        lines += words.lines
    if not lines:
        return "## Changes to the records\n\nNo changes to the records.\n"
    return "## Changes to the records\n\n" + ", ".join(headline) + ".\n\n" + "\n".join(lines) + "\n"
