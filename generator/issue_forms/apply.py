"""A submitted issue form turned into an edit of a record file, checked before it is kept.

The edit goes through `gias.records_file.RecordsFile`: only the item that
changes passes through ruamel.yaml's round trip, every other byte of the
file stays as it was. Each value the contributor typed is written as an
inert scalar (`scalars`): ruamel places a placeholder, which is then
replaced by the scalar's text, so no contributor text ever goes through a
YAML emitter's guesses.

A correction (the form's `id` names a record) changes only the fields the
form gives, in place; a field the record lacks goes after the fields that
precede it in the model; the fields ticked under "Remove these details"
are deleted first, line by line (`removal`), and a field both given and
ticked is refused, as is a removal on a new record (the contributor meant
a correction and left out its id, or ticked it by mistake: either way,
asking is better than guessing). A new record gets its fields in the model's order
and an id made from its name or title, and goes where a person would put it
(`placement`). A supplier's form with a recommendation adds it under the
supplier, before the first recommendation of a later date.

Then the project is checked as `./dev check` does (both audiences); when
that finds problems the file is put back as it was and the problems are
returned in plain words (`plain_words`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..dates import build_date
from ..gias.records_file import NotPlainList, RecordsFile
from ..inert import excerpt
from ..models import KINDS, field_specs
from ..positions import Problem
from ..rules import Bool, Day, Integer, LocalTime, Number, Phone, Urn, article
from .parse import Answers, network_ids, parse_body
from .placement import insert, place
from .plain_words import item_id, plain_problems, project_problems
from .removal import remove_fields
from .scalars import scalar
from .templates import FAST_LOADER, REMOVE_LABEL, Form, FormField

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
    removed: list[str] = field(default_factory=list)
    """The fields a correction deleted."""

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


def set_field(
    mapping: Any, cls: type[Any], path: tuple[str, ...], value: Any, writer: Writer
) -> None:
    """Set one field (or a nested part's field) of a round-trip record, written inert.

    Shared by the issue forms and keep-layout, so a value a contributor typed
    reaches the file the same way whichever tool carried it.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    specs = field_specs(cls)
    name = path[0]
    fspec = specs[name]
    if len(path) > 1:
        assert fspec.nested is not None
        child = mapping.get(name)
        if not isinstance(child, CommentedMap):
            child = CommentedMap()
            put_field(mapping, specs, name, child)
        set_field(child, fspec.nested, path[1:], value, writer)
        return
    if isinstance(value, list):
        new: Any = CommentedSeq(writer.placeholder(v, fspec) for v in value)
    else:
        new = writer.placeholder(value, fspec)
    put_field(mapping, specs, name, new)


def put_field(mapping: Any, specs: dict[str, Any], name: str, value: Any) -> None:
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
    except NotPlainList:
        outcome.problems.append(
            f"{kind.filename} is not laid out as a plain list of records, so it cannot be edited "
            "automatically; a maintainer needs to make the change by hand."
        )
        return outcome
    if outcome.new_text == outcome.old_text:
        outcome.problems += early or [
            "The form gives no change to make: every field is empty or the same"
            + (
                ", and the record has none of the details ticked for removal."
                if answers.remove
                else "."
            )
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
        index = next((i for i, item in enumerate(file.items) if item_id(item) == record_id), None)
        if index is None:
            raise Refused(
                f"**{form.field('id').label}**: there is no {kind.name} with the id "
                f"{_inline(record_id)}. Copy the id from the address of its page, or leave the "
                f"field empty to add a new {kind.name}."
            )
        outcome.record_id = record_id
        _refuse_conflicts(form, answers)
        outcome.action = "correct"
        # Lines cut from the text first; the fields that change then go through ruamel.
        outcome.removed = remove_fields(file, index, answers.remove)
        if not top and not recommendation:
            return file.text()
        mapping = file.load(index)
        for path, value in top.items():
            set_field(mapping, kind.cls, path, value, writer)
        if recommendation:
            _add_recommendation(mapping, recommendation, writer, today)
            outcome.action = "recommend" if not top and not outcome.removed else "correct"
        file.replace(index, mapping)
        return writer.fill(file.text())
    if answers.remove:
        raise Refused(
            f"**{REMOVE_LABEL}**: removing details is for correcting {article(kind.name)} "
            f"{kind.name}, and **{form.field('id').label}** is empty. To correct one, give its "
            f"id; to add a new {kind.name}, untick "
            + ", ".join(f"**{_removable_label(form, name)}**" for name in answers.remove)
            + "."
        )
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
    if any(item_id(item) == record_id for item in file.items):
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
    insert(file, place(kind.name, _records(outcome.old_text), flat), item)
    return writer.fill(file.text())


def _removable_label(form: Form, name: str) -> str:
    return dict(form.removable).get(name, name)


def _refuse_conflicts(form: Form, answers: Answers) -> None:
    """Refuse a field that is both given a new value and ticked for removal: which is meant?"""
    given = {f.path[0] for f in form.fields if f.id != "id" and f.id in answers.values}
    both = [name for name in answers.remove if name in given]
    if both:
        labels = ", ".join(f"**{_removable_label(form, name)}**" for name in both)
        raise Refused(
            f"**{REMOVE_LABEL}**: {labels} {'is' if len(both) == 1 else 'are'} given a new "
            "value and ticked for removal. To change it, untick it; to remove it, leave its "
            "box empty."
        )


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
        put_field(supplier, field_specs(Supplier), "recommendations", recommendations)
    when = str(values[("date",)])
    later = [i for i, r in enumerate(recommendations) if str(r.get("date", "")) > when]
    recommendations.insert(later[0] if later else len(recommendations), mapping)


def _new_mapping_for(cls: type[Any], values: dict[tuple[str, ...], Any], writer: Writer) -> Any:
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap()
    for path in sorted(values, key=lambda p: _model_order(cls, p)):
        set_field(mapping, cls, path, values[path], writer)
    return mapping


def issue_form_kind(labels: list[str]) -> str | None:
    """The kind a record-request issue is about, from its labels."""
    kinds = [name for name in labels if name in KINDS]
    return kinds[0] if len(kinds) == 1 else None
