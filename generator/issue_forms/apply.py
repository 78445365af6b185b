"""A submitted issue form turned into an edit of a record file, checked before it is kept.

The edit goes through `gias.records_file.RecordsFile`: only the item that
changes passes through ruamel.yaml's round trip, every other byte of the
file stays as it was. Each value the contributor typed is written as an
inert scalar (`scalars`): ruamel places a placeholder, which is then
replaced by the scalar's text, so no contributor text ever goes through a
YAML emitter's guesses.

A correction (the form's `id` names a record) changes only the fields the
form gives, in place; a field the record lacks goes after the fields that
precede it in the model. A new record gets its fields in the model's order
and an id made from its name or title, and goes where a person would put it:

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
  later date (the sample lists them by date).

"After an item" means before the blank lines and column-0 comments that
follow it, so a section heading stays above the next section.

Then the project is checked as `./dev check` does (both audiences); when
that finds problems the file is put back as it was and the problems are
returned in plain words, each under the label of the form's field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..dates import build_date
from ..gias.records_file import RecordsFile, split_tail
from ..inert import excerpt, inert
from ..models import KINDS, field_specs
from ..positions import Problem, ProblemsFound
from ..project import Sources, load_sources, site_for
from ..rules import Bool, Day, Integer, LocalTime, Number, Phone, Urn, article
from .parse import Answers, network_ids, parse_body
from .scalars import scalar
from .templates import FAST_LOADER, Form, FormField, label_for

PLACEHOLDER = "ZZISSUEFORMVALUE{}ZZ"
PLACEHOLDER_RE = re.compile(r"([\"']?)ZZISSUEFORMVALUE([0-9]+)ZZ\1")
"""A placeholder, with the quotes ruamel keeps when it replaces a quoted value."""
BLOCK_KEPT_RE = re.compile(r"[>|][-+]?[0-9]?\n *(ZZISSUEFORMVALUE[0-9]+ZZ)")
"""A placeholder ruamel wrote as a block, because the value it replaced was one."""
STRICT = {
    Day: re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    Integer: re.compile(r"-?[0-9]{1,9}"),
    Number: re.compile(r"-?[0-9]{1,3}(\.[0-9]{1,8})?"),
    Bool: re.compile(r"true|false"),
}
"""Values written plain, as the sample writes dates and numbers, when they have this form."""
QUOTED_RULES = (Urn, Phone, LocalTime)


@dataclass
class Outcome:
    """What a request did: the file it changed (old and new text), or why it changed nothing."""

    kind: str
    record_id: str = ""
    action: str = ""
    """'add', 'correct' or 'recommend'."""
    file: str = ""
    old_text: str = ""
    new_text: str = ""
    problems: list[str] = field(default_factory=list)
    notes: str = ""

    @property
    def changed(self) -> bool:
        """True when the file was written."""
        return not self.problems and self.old_text != self.new_text


class Refused(Exception):
    """The request cannot be applied; the message is for the issue, in plain words."""


def slugify(text: str) -> str:
    """An id from a name: lower case ASCII words joined by hyphens, as the sample's ids are."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", ""))
    return "-".join(words)[:80].strip("-")


def _item_id(item: str) -> str | None:
    match = re.search(r"^(?:- |  )id: *[\"']?([^\"'\s#]+)", item, re.M)
    return match[1] if match else None


def _records(text: str) -> list[dict[str, Any]]:
    data = yaml.load(text, Loader=FAST_LOADER) or []
    return [item if isinstance(item, dict) else {} for item in data]


def _school_ids(root: Path) -> tuple[set[str], dict[str, str]]:
    path = root / KINDS["school"].filename
    schools = _records(path.read_text(encoding="utf-8")) if path.is_file() else []
    ids = {str(s.get("id")) for s in schools}
    by_urn = {str(s["urn"]).zfill(6): str(s.get("id")) for s in schools if s.get("urn")}
    return ids, by_urn


class Values:
    """The form's answers as text values for the record, keyed by path, with plain-word problems."""

    def __init__(self, form: Form, answers: Answers, root: Path) -> None:
        self.form = form
        self.by_path: dict[tuple[str, ...], str | list[str]] = {}
        self.problems: list[str] = []
        schools: tuple[set[str], dict[str, str]] | None = None
        for f in form.fields:
            raw = answers.values.get(f.id)
            if raw is None or f.id == "id":
                continue
            if f.is_school_ref:
                schools = schools or _school_ids(root)
                refs = [self._school(f, line.strip(), schools) for line in raw.splitlines()]
                found = [ref for ref in refs if ref]
                self.by_path[f.path] = found if f.spec.many else (found[0] if found else "")
            elif f.is_network_ref:
                ids = network_ids(raw)
                known = set(network_ids(", ".join(f.options)))
                for unknown in [i for i in ids if i not in known]:
                    self.problems.append(
                        f"**{f.label}**: {_inline(unknown)} is not one of the networks on the "
                        "site; choose from the list (a new network needs its own request first)."
                    )
                ids = [i for i in ids if i in known]
                if ids:
                    self.by_path[f.path] = ids if f.spec.many else ids[0]
            elif f.spec.many:
                self.by_path[f.path] = [line.strip() for line in raw.splitlines() if line.strip()]
            elif f.options == ("yes", "no"):
                self.by_path[f.path] = {"yes": "true", "no": "false"}.get(raw, raw)
            else:
                self.by_path[f.path] = raw

    def _school(self, f: FormField, text: str, schools: tuple[set[str], dict[str, str]]) -> str:
        ids, by_urn = schools
        if not text:
            return ""
        if text in ids:
            return text
        if text.isdigit():
            if text.zfill(6) in by_urn:
                return by_urn[text.zfill(6)]
            self.problems.append(
                f"**{f.label}**: no school on the site has the URN {_inline(text)}; check the "
                "number on Get Information about Schools, or give the school's id instead."
            )
            return ""
        self.problems.append(
            f"**{f.label}**: no school on the site has the id {_inline(text)}; give the "
            "school's 6-digit URN, or the id from the address of its page."
        )
        return ""

    def top(self) -> dict[tuple[str, ...], str | list[str]]:
        """The values that belong to the record itself (not to a new recommendation)."""
        return {p: v for p, v in self.by_path.items() if p[0] != "recommendation"}

    def recommendation(self) -> dict[tuple[str, ...], str | list[str]]:
        """The values of a new recommendation, paths without the 'recommendation' prefix."""
        return {p[1:]: v for p, v in self.by_path.items() if p[0] == "recommendation"}


def _inline(text: str) -> str:
    """Contributor text quoted inside a comment, unable to become markup, a link or a mention."""
    return excerpt(text, 120)


class Writer:
    """Sets placeholders in ruamel mappings and then swaps in each value's own scalar text."""

    def __init__(self) -> None:
        self.values: list[tuple[str, bool, bool, bool]] = []

    def placeholder(self, text: str, fspec: Any) -> str:
        """A plain token standing for `text`, remembered with how it is to be written.

        A date, number or true/false in the strict form of its field's rule is
        written plain, as the sample writes them; anything else goes to `scalar`.
        """
        rule = fspec.rule
        plain = any(isinstance(rule, t) and p.fullmatch(text) for t, p in STRICT.items())
        quote = isinstance(rule, QUOTED_RULES)
        multiline = not fspec.many and getattr(rule, "single_line", True) is False
        self.values.append((text, plain, quote, multiline))
        return PLACEHOLDER.format(len(self.values) - 1)

    def fill(self, text: str) -> str:
        """The dumped text with every placeholder (and any quotes kept around it) replaced."""

        def line(match: re.Match[str]) -> str:
            start = text.rfind("\n", 0, match.start()) + 1
            indent = len(text[start : match.start()]) - len(text[start : match.start()].lstrip())
            value, plain, quote, multiline = self.values[int(match[2])]
            if plain:
                return value
            return scalar(value, indent=indent, multiline=multiline, quote=quote)

        # ruamel keeps the style of a value it replaces: a block's indicator is dropped too.
        text = BLOCK_KEPT_RE.sub(r"\1", text)
        return PLACEHOLDER_RE.sub(line, text)


def _set(mapping: Any, cls: type[Any], path: tuple[str, ...], value: Any, writer: Writer) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    specs = field_specs(cls)
    name = path[0]
    fspec = specs[name]
    if len(path) > 1:
        assert fspec.nested is not None
        child = mapping.get(name)
        if not isinstance(child, CommentedMap):
            child = CommentedMap()
            _put(mapping, specs, name, child)
        _set(child, fspec.nested, path[1:], value, writer)
        return
    if isinstance(value, list):
        new: Any = CommentedSeq(writer.placeholder(v, fspec) for v in value)
    else:
        new = writer.placeholder(value, fspec)
    _put(mapping, specs, name, new)


def _put(mapping: Any, specs: dict[str, Any], name: str, value: Any) -> None:
    """Replace a key's value in place, or insert the key after the fields before it in the model."""
    if name in mapping:
        mapping[name] = value
        return
    order = list(specs)
    before = [k for k in mapping if k in order and order.index(k) < order.index(name)]
    position = list(mapping).index(before[-1]) + 1 if before else 0
    mapping.insert(position, name, value)


def _model_order(cls: type[Any], path: tuple[str, ...]) -> tuple[int, ...]:
    order = []
    for name in path:
        specs = field_specs(cls)
        order.append(list(specs).index(name))
        cls = specs[name].nested or cls
    return tuple(order)


# --- where a new record goes --------------------------------------------------


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


def _insert(file: RecordsFile, where: tuple[str, int], item: str) -> None:
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


# --- the check ----------------------------------------------------------------


def project_problems(root: Path, content_dir: str = "content") -> list[Problem]:
    """Every problem `./dev check` reports for the project, for both audiences."""
    sources = Sources(root.resolve(), content_dir)
    loaded = load_sources(sources)
    problems: list[Problem] = []
    for members in (True, False):
        try:
            site_for(loaded, sources, today=build_date(), members=members)
        except ProblemsFound as found:
            problems += found.problems
    return sorted(set(problems))


def _key_lines(mapping: Any, prefix: tuple[str, ...] = ()) -> list[tuple[int, tuple[str, ...]]]:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    lines = []
    for key in mapping:
        path = (*prefix, str(key))
        lines.append((mapping.lc.key(key)[0], path))
        value = mapping[key]
        if isinstance(value, CommentedMap):
            lines += _key_lines(value, path)
        elif isinstance(value, CommentedSeq):
            for item in value:
                if isinstance(item, CommentedMap):
                    lines += _key_lines(item, path)
    return sorted(lines)


def _label(form: Form, path: tuple[str, ...]) -> str:
    if path and path[0] == "recommendations":
        path = ("recommendation", *path[1:])
    for f in form.fields:
        if f.path == path:
            return f.label
    return label_for(path[-1]) if path else ""


def plain_problems(
    problems: list[Problem], form: Form, text: str, file: str, record_id: str
) -> list[str]:
    """Each problem in words for the issue, under the label of the field it concerns.

    A problem the file had before this request is not the contributor's: it
    is reported as such, without detail, for a maintainer to fix.
    """
    records = RecordsFile(text, file)
    index = next((i for i, item in enumerate(records.items) if _item_id(item) == record_id), None)
    keys: list[tuple[int, tuple[str, ...]]] = []
    first = 0
    if index is not None:
        first = records.first_lines[index]
        keys = _key_lines(records.load(index))
    words = []
    others = 0
    for problem in problems:
        mine = (
            problem.pos.file == file
            and index is not None
            and (first <= problem.pos.line < first + records.items[index].count("\n"))
        )
        if not mine and record_id not in problem.subject:
            others += 1
            continue
        relative = problem.pos.line - first
        path = next((p for line, p in reversed(keys) if line <= relative), ()) if mine else ()
        message = problem.message
        named = re.match(r"'?([a-z_]+)'? ", message)
        if (not path or path == ("id",)) and named and named[1] in field_specs(form.kind.cls):
            # A problem of the whole record that names a field ("urn is required …").
            path = (named[1],)
        label = _label(form, path) if path and path != ("id",) else ""
        if label:
            # "urn must be…", "'statutory' must be…": the label already names the field.
            message = re.sub(rf"^'?{re.escape(path[-1])}'? ", "", message)
        # The validator's words quote what the contributor typed: all of it stays inert.
        message = inert(message[:1].upper() + message[1:])
        words.append(f"- **{label}**: {message}" if label else f"- {message}")
    if others:
        words.append(
            f"- The site's data has {others} other problem(s) that this request did not cause; "
            "a maintainer needs to fix them first."
        )
    return words


# --- the request --------------------------------------------------------------


def apply_request(
    root: Path, form: Form, body: str, *, content_dir: str = "content", today: date | None = None
) -> Outcome:
    """Apply an issue body to the project's record file, keep it only if the check passes."""
    kind = form.kind
    outcome = Outcome(kind.name)
    answers = parse_body(body, form)
    outcome.notes = answers.notes
    outcome.problems += answers.problems
    if not answers.confirmed and not answers.problems:
        outcome.problems.append(
            "**Publishing**: tick the box that says the information may be published."
        )
    if answers.problems:
        return outcome
    # What the form alone shows (an unknown URN or network) is left out of the
    # edit and reported with whatever the check finds in the rest.
    values = Values(form, answers, root)
    early = values.problems
    path = root / kind.filename
    outcome.file = kind.filename
    outcome.old_text = path.read_text(encoding="utf-8")
    try:
        outcome.new_text = _edit(outcome, form, answers, values, today or build_date())
    except Refused as refused:
        outcome.problems += [*early, str(refused)]
        return outcome
    if outcome.new_text == outcome.old_text:
        outcome.problems += early or [
            "The form gives no change to make: every field is empty or the same."
        ]
        return outcome
    path.write_text(outcome.new_text, encoding="utf-8")
    found: list[Problem] | None = None
    try:
        found = project_problems(root, content_dir)
    finally:
        # Kept only when the check ran and passed, and the form had no problem of its own.
        if found is None or found or early:
            path.write_text(outcome.old_text, encoding="utf-8")
    outcome.problems += early + plain_problems(
        found, form, outcome.new_text, kind.filename, outcome.record_id
    )
    return outcome


def _edit(outcome: Outcome, form: Form, answers: Answers, values: Values, today: date) -> str:
    kind = form.kind
    file = RecordsFile(outcome.old_text, kind.filename)
    writer = Writer()
    record_id = answers.values.get("id", "").strip()
    top = values.top()
    recommendation = values.recommendation()
    if record_id:
        index = next((i for i, item in enumerate(file.items) if _item_id(item) == record_id), None)
        if index is None:
            raise Refused(
                f"**{form.field('id').label}**: there is no {kind.name} with the id "
                f"{_inline(record_id)}. Copy the id from the address of its page, or leave the "
                f"field empty to add a new {kind.name}."
            )
        outcome.record_id = record_id
        mapping = file.load(index)
        for path, value in top.items():
            _set(mapping, kind.cls, path, value, writer)
        outcome.action = "correct"
        if recommendation:
            _add_recommendation(mapping, recommendation, writer, today)
            outcome.action = "recommend" if not top else "correct"
        file.replace(index, mapping)
        return writer.fill(file.text())
    name_field = "name" if "name" in field_specs(kind.cls) else "title"
    missing = [f.label for f in form.fields if f.needed and f.path not in top]
    if missing:
        raise Refused(
            f"To add a new {kind.name}, fill in: "
            + ", ".join(f"**{label}**" for label in missing)
            + f". To correct {article(kind.name)} {kind.name}, give its id in "
            + f"**{form.field('id').label}**."
        )
    record_id = slugify(str(top[(name_field,)]))
    if not record_id:
        raise Refused(
            f"**{form.field(name_field).label}**: the {name_field} needs some letters or digits "
            "to make the id of its page from."
        )
    if any(_item_id(item) == record_id for item in file.items):
        raise Refused(
            f"{article(kind.name).capitalize()} {kind.name} with the id {_inline(record_id)} is "
            "already on the site. To correct "
            f"it, put {_inline(record_id)} in **{form.field('id').label}**; to add a different "
            f"{kind.name}, give it a {name_field} that tells the two apart."
        )
    outcome.record_id = record_id
    outcome.action = "add"
    mapping = _new_mapping_for(kind.cls, {("id",): record_id, **top}, writer)
    if recommendation:
        _add_recommendation(mapping, recommendation, writer, today)
    item = file._dump([mapping])
    flat = {p[0]: v for p, v in top.items() if len(p) == 1}
    _insert(file, place(kind.name, _records(outcome.old_text), flat), item)
    return writer.fill(file.text())


def _add_recommendation(
    supplier: Any, values: dict[tuple[str, ...], Any], writer: Writer, today: date
) -> None:
    """Add a recommendation under a supplier, by date (the request's day when not given)."""
    from ruamel.yaml.comments import CommentedSeq

    from ..models import Recommendation, Supplier

    values = dict(values)
    values.setdefault(("date",), today.isoformat())
    mapping = _new_mapping_for(Recommendation, values, writer)
    recommendations = supplier.get("recommendations")
    if not isinstance(recommendations, CommentedSeq):
        recommendations = CommentedSeq()
        _put(supplier, field_specs(Supplier), "recommendations", recommendations)
    when = str(values[("date",)])
    later = [i for i, r in enumerate(recommendations) if str(r.get("date", "")) > when]
    recommendations.insert(later[0] if later else len(recommendations), mapping)


def _new_mapping_for(cls: type[Any], values: dict[tuple[str, ...], Any], writer: Writer) -> Any:
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap()
    for path in sorted(values, key=lambda p: _model_order(cls, p)):
        _set(mapping, cls, path, values[path], writer)
    return mapping


def issue_form_kind(labels: list[str]) -> str | None:
    """The kind a record-request issue is about, from its labels."""
    kinds = [name for name in labels if name in KINDS]
    return kinds[0] if len(kinds) == 1 else None
