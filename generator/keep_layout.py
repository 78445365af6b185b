"""Record files rewritten by another tool put back in their own layout, the change kept.

The browser editor (Sveltia CMS, `cms_config`) rewrites a whole record file
on its first save: comments gone, fields in the model's order, long text on
one line, defaults such as `status: open` written out. The meaning is kept,
but the pull request touches every record. `python -m generator keep-layout
--base REV` takes each record file as it was at REV (read with git, as
`revisions` does) and applies to that text only the record-level
differences, records matched by `id`:

- an unchanged record stays byte for byte;
- a changed record is edited in place (`gias.records_file.RecordsFile`, the
  issue forms' field setter `issue_forms.apply`): only the fields whose value
  changed are written, each as an inert scalar; a field the tool removed goes;
- a field the tool only added with its model default (`status: open`,
  `public: true`), which the record did not have, is left out;
- an added record goes where a person would put it (`issue_forms.placement`);
- a removed record goes with its own lines; a section heading after it stays.

The result is loaded again and must give the same records as the tool's
version, apart from the defaults left out; otherwise the file is refused and
left as the tool wrote it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from .gias.records_file import NotPlainList, RecordsFile, split_tail
from .issue_forms.apply import Writer, put_field, set_field
from .issue_forms.placement import insert, place
from .issue_forms.plain_words import item_id
from .issue_forms.templates import FAST_LOADER
from .models import KINDS, Kind, field_specs
from .revisions import RevisionError, git_show, resolve

EDITOR_BRANCH_PREFIX = "cms/"
"""Sveltia CMS's editorial workflow names its branches cms/<collection>/<entry>."""
COMMIT = "Keep the record files' layout"
BOT = ("schoolnet editor layout", "41898282+github-actions[bot]@users.noreply.github.com")
BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")


class Refused(Exception):
    """A file whose layout cannot be restored without changing what it says."""


@dataclass
class Kept:
    """What was done to one file: its new text and the records added, changed and removed."""

    file: str
    text: str
    added: int
    changed: int
    removed: int


def _records(text: str, file: str) -> dict[str, dict[str, Any]]:
    """The file's records by id, nulls dropped (the loader reads a null field as absent)."""
    try:
        data = yaml.load(text, Loader=FAST_LOADER) or []
    except yaml.YAMLError as err:
        raise Refused(f"{file} is not valid YAML ({err.__class__.__name__})") from err
    if not isinstance(data, list):
        raise Refused(f"{file} is not a list of records")
    found: dict[str, dict[str, Any]] = {}
    for item in data:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise Refused(f"{file} has a record without an id, so records cannot be matched")
        if item["id"] in found:
            raise Refused(
                f"{file} has the id {_name(item['id'])} twice, so records cannot be matched"
            )
        found[item["id"]] = _without_nulls(item)
    return found


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _defaults(cls: type[Any]) -> dict[str, Any]:
    return {
        f.name: f.default
        for f in dataclasses.fields(cls)
        if "spec" in f.metadata and f.default is not dataclasses.MISSING and f.default is not None
    }


def intended(cls: type[Any], new: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    """`new` without the fields only added with their default value, which `old` lacked.

    Nested records (a supplier's recommendations) are compared item by item.
    """
    defaults = _defaults(cls)
    specs = field_specs(cls)
    out: dict[str, Any] = {}
    for key, value in new.items():
        if key not in old and key in defaults and value == defaults[key]:
            continue
        spec = specs.get(key)
        if spec is not None and spec.nested is not None:
            before = old.get(key)
            if spec.many and isinstance(value, list):
                olds = before if isinstance(before, list) else []
                value = [
                    intended(spec.nested, v, _item(olds, i)) if isinstance(v, dict) else v
                    for i, v in enumerate(value)
                ]
            elif isinstance(value, dict):
                value = intended(spec.nested, value, before if isinstance(before, dict) else {})
        out[key] = value
    # A default the record wrote out, which the tool dropped as empty, stays written.
    for key, value in old.items():
        if key not in new and key in defaults and value == defaults[key]:
            out[key] = value
    return out


def _item(items: list[Any], i: int) -> dict[str, Any]:
    return items[i] if i < len(items) and isinstance(items[i], dict) else {}


def _name(text: Any) -> str:
    """An id or a key from the file, quoted for a message: no line break or control
    character of it reaches the log (where '::' at a line's start is a command)."""
    return repr(str(text)[:80])


def _text(value: Any, file: str, record: str, key: str) -> str:
    """A loaded scalar as the text the issue forms' writer takes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    raise Refused(f"{file}: {record}: the value of {_name(key)} is not text, a number or a date")


def _update(
    mapping: Any,
    cls: type[Any],
    old: dict[str, Any],
    new: dict[str, Any],
    writer: Writer,
    where: tuple[str, str],
) -> None:
    """Change ruamel's `mapping` (which reads as `old`) into `new`, touching only what differs."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    file, record = where[0], _name(where[1])
    specs = field_specs(cls)
    for key in [k for k in old if k not in new]:
        del mapping[key]
    order = list(specs)
    for key in sorted(new, key=lambda k: order.index(k) if k in order else len(order)):
        value = new[key]
        if key in old and old[key] == value:
            continue
        spec = specs.get(key)
        if spec is None:
            raise Refused(
                f"{file}: {record}: {_name(key)} is not a field of a {cls.__name__.lower()}"
            )
        if spec.nested is not None and not spec.many and isinstance(value, dict):
            child = mapping.get(key)
            before = old.get(key)
            if not isinstance(child, CommentedMap) or not isinstance(before, dict):
                child, before = CommentedMap(), {}
                put_field(mapping, specs, key, child)
            _update(child, spec.nested, before, value, writer, where)
        elif spec.nested is not None and spec.many and isinstance(value, list):
            before_items = old.get(key)
            olds: list[Any] = before_items if isinstance(before_items, list) else []
            seq = mapping.get(key) if isinstance(mapping.get(key), CommentedSeq) else None
            items = CommentedSeq()
            for i, item in enumerate(value):
                if not isinstance(item, dict):
                    raise Refused(f"{file}: {record}: an item of {_name(key)} is not a mapping")
                kept = seq[i] if seq is not None and i < len(seq) else None
                if isinstance(kept, CommentedMap) and _item(olds, i):
                    _update(kept, spec.nested, _item(olds, i), item, writer, where)
                    items.append(kept)
                else:
                    fresh = CommentedMap()
                    _update(fresh, spec.nested, {}, item, writer, where)
                    items.append(fresh)
            put_field(mapping, specs, key, items)
        elif isinstance(value, list):
            texts = [_text(v, file, record, key) for v in value]
            set_field(mapping, cls, (key,), texts, writer)
        elif isinstance(value, dict):
            raise Refused(f"{file}: {record}: {_name(key)} holds a mapping where a value belongs")
        else:
            set_field(mapping, cls, (key,), _text(value, file, record, str(key)), writer)


def restore(kind: Kind, base_text: str, new_text: str) -> Kept:
    """The base text with the record-level changes from base to `new_text` applied.

    Raises Refused when the base text cannot be edited in place, or when the
    result would not read as the same records as `new_text`.
    """
    file = kind.filename
    old = _records(base_text, file)
    new = _records(new_text, file)
    from ruamel.yaml.error import YAMLError

    try:
        records = RecordsFile(base_text, file)
    except NotPlainList as err:
        raise Refused(f"{file} at the base is not a plain list of records: {err}") from err
    try:
        return _restore(kind, records, old, new, base_text)
    except YAMLError as err:
        raise Refused(
            f"{file} at the base cannot be edited in place ({err.__class__.__name__})"
        ) from err


def _restore(
    kind: Kind,
    records: RecordsFile,
    old: dict[str, dict[str, Any]],
    new: dict[str, dict[str, Any]],
    base_text: str,
) -> Kept:
    from ruamel.yaml.comments import CommentedMap

    file = kind.filename
    index = {item_id(item): i for i, item in enumerate(records.items)}
    if set(index) != set(old):
        raise Refused(f"{file} at the base has items whose id cannot be read from their text")
    writer = Writer()
    expected = {rid: intended(kind.cls, rec, old.get(rid, {})) for rid, rec in new.items()}
    changed = 0
    for rid, record in expected.items():
        if rid in old and old[rid] != record:
            mapping = records.load(index[rid])
            _update(mapping, kind.cls, old[rid], record, writer, (file, rid))
            records.replace(index[rid], mapping)
            changed += 1
    removed = [index[rid] for rid in old if rid not in new]
    # Placement looks at the base's records; a removed one is blank to it and never a neighbour.
    base_list = [
        {} if i in removed else old[str(item_id(item))] for i, item in enumerate(records.items)
    ]
    added = [rid for rid in new if rid not in old]
    for rid in added:
        mapping = CommentedMap()
        _update(mapping, kind.cls, {}, expected[rid], writer, (file, rid))
        flat = {k: v if isinstance(v, str) else _flat(v) for k, v in expected[rid].items()}
        side, at = place(kind.name, base_list, flat)
        while side == "after" and at in removed:
            at -= 1
        if side == "after" and at == len(records.items) - 1:
            records.add(mapping)
        else:
            insert(records, (side, at), records._dump([mapping]))
    for i in removed:
        _body, tail = split_tail(records.items[i])
        records.items[i] = BLANK_LINES.sub("", tail) if tail.strip() else ""
    text = writer.fill(records.text())
    if base_text.endswith("\n") and not base_text.endswith("\n\n"):
        text = text.rstrip("\n") + "\n"
    got = _records(text, file)
    if got != expected:
        differ = sorted(
            rid for rid in set(got) | set(expected) if got.get(rid) != expected.get(rid)
        )
        raise Refused(
            f"{file}: restoring its layout would change what it says "
            f"(records {', '.join(map(_name, differ[:5]))}); it is left as the other tool wrote it"
        )
    return Kept(file, text, len(added), changed, len(removed))


def _flat(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def keep_layout(root: Path, base: str) -> list[Kept]:
    """Every record file changed since `base`, restored; nothing is written here.

    Raises RevisionError for an unknown revision, Refused for a file that
    cannot be restored (then no file should be written).
    """
    commit = resolve(root, base)
    kept = []
    for kind in KINDS.values():
        path = root / kind.filename
        before = git_show(root, commit, kind.filename)
        if before is None or not path.is_file():
            continue
        try:
            now = path.read_text(encoding="utf-8")
            base_text = before.decode("utf-8")
        except UnicodeDecodeError as err:
            raise Refused(f"{kind.filename} is not UTF-8 text") from err
        if now == base_text:
            continue
        result = restore(kind, base_text, now)
        if result.text != now:
            kept.append(result)
    return kept


def push(root: Path, files: list[str], branch: str) -> None:
    """Commit the restored files and push them to the pull request's branch.

    For the editor-layout workflow: `branch` comes from the pull request, so
    it is checked to be one of the editor's (`cms/...`) and a valid branch
    name, and it only ever follows `refs/heads/` (never read as an option).
    The push is not forced: if the branch moved meanwhile, it fails.
    """
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(root), *args], check=True)

    valid = subprocess.run(
        ["git", "check-ref-format", f"refs/heads/{branch}"], capture_output=True, check=False
    )
    if not branch.startswith(EDITOR_BRANCH_PREFIX) or valid.returncode != 0:
        raise Refused(
            f"{branch!r} is not a branch of the browser editor ({EDITOR_BRANCH_PREFIX}...)"
        )
    name, email = BOT
    git("add", "--", *files)
    git("-c", f"user.name={name}", "-c", f"user.email={email}", "commit", "-q", "-m", COMMIT)
    git("push", "origin", f"HEAD:refs/heads/{branch}")


def run(root: Path, base: str, branch: str | None = None) -> int:
    """The command: write the restored files, or change none and say why.

    `branch`: also commit them and push them there (the editor-layout workflow).
    """
    import sys

    if branch is not None and not branch.startswith(EDITOR_BRANCH_PREFIX):
        print(
            f"keep-layout: {branch!r} is not a branch of the browser editor "
            f"({EDITOR_BRANCH_PREFIX}...); no file was changed",
            file=sys.stderr,
        )
        return 2
    try:
        kept = keep_layout(root, base)
    except RevisionError as err:
        print(f"keep-layout: {err}", file=sys.stderr)
        return 2
    except Refused as err:
        print(f"keep-layout: {err}; no file was changed", file=sys.stderr)
        return 1
    for result in kept:
        (root / result.file).write_text(result.text, encoding="utf-8")
        print(
            f"{result.file}: layout restored ({result.changed} changed, "
            f"{result.added} added, {result.removed} removed)"
        )
    if not kept:
        print("The record files already keep their layout.")
    elif branch is not None:
        try:
            push(root, [result.file for result in kept], branch)
        except Refused as err:
            print(f"keep-layout: {err}", file=sys.stderr)
            return 2
        print(f'Committed "{COMMIT}" and pushed it to {branch}.')
    return 0
