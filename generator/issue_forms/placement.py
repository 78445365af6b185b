"""Where a new record goes in its file: where a person would put it.

- a school after the last school of the same local authority (the sample
  groups schools by authority under headings), or of the same country for
  a partner school abroad; a school of a new authority after the last
  school in England; otherwise at the end;
- a network after its parent's last sub-network (or its parent), else at the end;
- an event before the first event in the file that starts later (the file
  runs by date), so it joins that event's section; else at the end;
- a policy after the last policy of the same owner, else at the end;
- a supplier after the last supplier of the same category, else at the end;
- a recommendation, under its supplier, before the first recommendation of a
  later date (the sample lists them by date; see `apply`).

"After an item" means before the blank lines and column-0 comments that
follow it, so a section heading stays above the next section.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..gias.records_file import RecordsFile, split_tail


def _after_last(
    records: list[dict[str, Any]], test: Callable[[dict[str, Any]], bool]
) -> int | None:
    found = [i for i, r in enumerate(records) if test(r)]
    return found[-1] if found else None


def place(kind: str, records: list[dict[str, Any]], new: dict[str, Any]) -> tuple[str, int]:
    """Where a new record goes: ('after', i), before item i's tail, or ('before', i).

    The rules are the module docstring's.
    """
    end = ("after", len(records) - 1)
    if not records:
        return ("after", -1)
    index: int | None = None
    if kind == "school":
        if new.get("local_authority"):
            index = _after_last(
                records, lambda r: r.get("local_authority") == new["local_authority"]
            )
            if index is None:
                index = _after_last(records, lambda r: bool(r.get("local_authority")))
        elif new.get("country"):
            index = _after_last(records, lambda r: r.get("country") == new["country"])
    elif kind == "network" and new.get("parent"):
        family = {new["parent"]}
        for r in records:
            if r.get("parent") in family:
                family.add(str(r.get("id")))
        index = _after_last(records, lambda r: r.get("id") in family)
    elif kind == "event" and new.get("start"):
        later = [i for i, r in enumerate(records) if str(r.get("start", "")) > new["start"]]
        if later:
            return ("before", later[0])
    elif kind == "policy":
        index = _after_last(records, lambda r: r.get("owner") == new.get("owner"))
    elif kind == "supplier":
        index = _after_last(records, lambda r: r.get("category") == new.get("category"))
    return end if index is None else ("after", index)


def insert(file: RecordsFile, where: tuple[str, int], item: str) -> None:
    """Put an item's text where `place` said, a blank line between it and its neighbours."""
    side, index = where
    if index < 0:
        file.items.append(item)
        return
    if side == "before":
        file.items[index] = item + "\n" + file.items[index]
        return
    body, tail = split_tail(file.items[index])
    if not body.endswith("\n"):
        body += "\n"
    file.items[index] = body + "\n" + item + tail
