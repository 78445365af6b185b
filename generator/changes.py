"""What a change to the data does, in words a reviewer can read without YAML.

Compares two sets of records (e.g. the data at a pull request's base and
head) and writes Markdown such as "2 schools added (…)", "1 supplier
recommendation changed: rating 3 → 5", "1 event cancelled", including
records whose visibility changes. Pure functions over records: reading git
revisions is the caller's business.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .models import KINDS, Recommendation, field_specs

Records = dict[str, list[Any]]


@dataclass
class KindChanges:
    """The changes to one kind of record."""

    added: list[Any] = field(default_factory=list)
    removed: list[Any] = field(default_factory=list)
    renamed: list[tuple[Any, Any]] = field(default_factory=list)
    modified: list[tuple[Any, list[str]]] = field(default_factory=list)
    tally: Counter[str] = field(default_factory=Counter)
    """How many records were 'cancelled', 'made public', 'changed', ..., for the headline."""


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value) or "(none)"
    if hasattr(value, "where"):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in _values(value).items()) + "}"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _values(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in field_specs(type(record))}


def _label(record: Any, note: str = "") -> str:
    name = getattr(record, "name", None) or getattr(record, "title", None) or record.id
    return f"{name} (`{record.id}`{note})"


def _recommendation_changes(old: Any, new: Any, tally: Counter[str]) -> list[str]:
    """Recommendations keyed by school: added, withdrawn, or changed field by field."""
    before: dict[str, Recommendation] = {r.school: r for r in old.recommendations}
    after: dict[str, Recommendation] = {r.school: r for r in new.recommendations}
    notes = []
    for school in sorted(after.keys() - before.keys()):
        notes.append(f"recommendation by `{school}` added (rating {after[school].rating})")
        tally["recommendation added"] += 1
    for school in sorted(before.keys() - after.keys()):
        notes.append(f"recommendation by `{school}` removed")
        tally["recommendation removed"] += 1
    for school in sorted(before.keys() & after.keys()):
        diffs = _field_diffs(before[school], after[school])
        if diffs:
            notes.append(f"recommendation by `{school}` changed: " + "; ".join(diffs))
            tally["recommendation changed"] += 1
    return notes


def _field_diffs(old: Any, new: Any) -> list[str]:
    notes = []
    for name in field_specs(type(old)):
        if name == "recommendations":
            continue
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            continue
        if name == "public":
            notes.append("made public" if after else "made not public")
        elif name == "status" and after == "cancelled":
            notes.append("cancelled")
        else:
            notes.append(f"{name} {_show(before)} → {_show(after)}")
    return notes


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
    added = [after[i] for i in after if i not in before]
    removed = [before[i] for i in before if i not in after]
    by_identity = {_identity(r): r for r in removed}
    for record in added:
        twin = by_identity.pop(_identity(record), None)
        if twin is not None:
            changes.renamed.append((twin, record))
            removed.remove(twin)
        else:
            changes.added.append(record)
    changes.removed = removed
    for record_id in before.keys() & after.keys():
        notes = _field_diffs(before[record_id], after[record_id])
        for note in notes:
            if note in ("cancelled", "made public", "made not public"):
                changes.tally[note] += 1
        if len(notes) > sum(n in ("cancelled", "made public", "made not public") for n in notes):
            changes.tally["changed"] += 1
        if hasattr(after[record_id], "recommendations"):
            notes += _recommendation_changes(before[record_id], after[record_id], changes.tally)
        if notes:
            changes.modified.append((after[record_id], notes))
    changes.modified.sort(key=lambda item: item[0].id)
    return changes


def _count(n: int, kind: str, plural: str) -> str:
    return f"{n} {kind if n == 1 else plural}"


def _headline(name: str, plural: str, changes: KindChanges) -> list[str]:
    """Counts for the summary's first line: '2 schools added', '1 event cancelled'."""
    parts = [
        f"{_count(len(items), name, plural)} {verb}"
        for verb, items in (
            ("added", changes.added),
            ("removed", changes.removed),
            ("renamed", changes.renamed),
        )
        if items
    ]
    for what, n in sorted(changes.tally.items()):
        if what.startswith("recommendation "):
            noun = f"{name} recommendation"
            parts.append(f"{_count(n, noun, noun + 's')} {what.split(' ', 1)[1]}")
        else:
            parts.append(f"{_count(n, name, plural)} {what}")
    return parts


def summarise(old: Records, new: Records) -> str:
    """A Markdown summary of every change between two sets of records."""
    lines: list[str] = []
    headline: list[str] = []
    for name, kind in KINDS.items():
        changes = compare_kind(old.get(name, []), new.get(name, []))
        headline += _headline(name, kind.plural, changes)
        if changes.added:
            labels = ", ".join(_label(r, "" if r.public else ", not public") for r in changes.added)
            lines.append(f"- {_count(len(changes.added), name, kind.plural)} added: {labels}")
        if changes.removed:
            labels = ", ".join(_label(r) for r in changes.removed)
            lines.append(f"- {_count(len(changes.removed), name, kind.plural)} removed: {labels}")
        for before, after in changes.renamed:
            lines.append(f"- {name} id renamed: `{before.id}` → `{after.id}` ({_label(after)})")
        for record, notes in changes.modified:
            lines.append(f"- {name} {_label(record)}: " + "; ".join(notes))
    if not lines:
        return "## Changes to the records\n\nNo changes to the records.\n"
    return "## Changes to the records\n\n" + ", ".join(headline) + ".\n\n" + "\n".join(lines) + "\n"
