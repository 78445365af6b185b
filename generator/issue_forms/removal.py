"""Top-level fields deleted from one record's text, every other line kept as it was.

ruamel.yaml keeps a comment on its own line as part of the key *before*
it, so deleting a key from its round-trip mapping also deletes the comment
that introduces the next key. The lines are cut from the text instead:
from the key's line up to the next key's line (or the end of the record),
but the comment lines (and blank lines) at the end of that stretch, no
deeper than the key itself, stay: they belong to what follows. Comments on
the key's own line and inside its value go with it.

A record written as one flow mapping (`- {id: a, website: x}`) has no lines
to cut: its keys are deleted through ruamel, which keeps the flow style.
"""

from __future__ import annotations

from ..gias.records_file import RecordsFile, split_tail


def remove_fields(file: RecordsFile, index: int, names: list[str]) -> list[str]:
    """Delete these top-level fields from item `index` of `file`; the names it had.

    A name the record lacks is left out of the answer, so the caller can
    tell a request that removes nothing.
    """
    mapping = file.load(index)
    present = [name for name in names if name in mapping]
    if not present:
        return []
    if mapping.fa.flow_style():
        for name in present:
            del mapping[name]
        file.replace(index, mapping)
        return present
    body, tail = split_tail(file.items[index])
    lines = body.splitlines(keepends=True)
    keys = list(mapping)
    starts = [mapping.lc.key(key)[0] for key in keys]
    cut: set[int] = set()
    for name in present:
        position = keys.index(name)
        start = starts[position]
        end = starts[position + 1] if position + 1 < len(keys) else len(lines)
        column = mapping.lc.key(name)[1]
        while end - 1 > start and _kept(lines[end - 1], column):
            end -= 1
        cut.update(range(start, end))
    file.items[index] = "".join(line for i, line in enumerate(lines) if i not in cut) + tail
    return present


def _kept(line: str, column: int) -> bool:
    """A blank line, or a comment line no deeper than the key: it introduces what follows."""
    stripped = line.lstrip(" ")
    if not stripped.strip():
        return True
    return stripped.startswith("#") and len(line) - len(stripped) <= column
