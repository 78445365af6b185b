"""The issue forms, generated from the models like the editor schemas.

One form per kind (`school.yml`, `network.yml`, `event.yml`, `supplier.yml`,
`policy.yml`) plus `config.yml`. Each field of a form comes from a field of
the model: its label from the field's name, its description from the
field's doc, a dropdown for a `Choice` (the model's enum), for a yes/no
field and for a reference to a network (the current networks, shown as
"Name (id)"); a reference to a school is a text input taking a URN or an
id, for there are too many schools for a dropdown.

Every form opens with the field `id`: the id of the record to correct, or
empty to add a new one. So the same form adds and corrects, and a record
page can link to `?template=school.yml&id=<id>` (GitHub fills a field from
the query parameter of its id). Because a correction gives only the fields
that change, the fields a new record needs are not GitHub-required: their
label says "(needed for a new …)", and `apply` refuses a new record without
them in plain words. The one field GitHub requires is the confirmation
that the information may be published: these forms and the issues they
make are public, so `public: false` is not offered at all.

A correction cannot empty a field by leaving its box empty (that means
"unchanged"), so each form ends with the checkboxes `remove`: the record's
optional top-level fields that the form offers, to tick for deletion (a
website or a booking link that is no more). Required fields, `id`, `public`
and fields with a default other than empty (a status, a timezone: choose
the value instead) are never offered.

Left out, for a maintainer to edit in the file: nested lists (a network's
contacts, governance and services), the fields only the register import
sets (`register`), and `public`. A supplier's form adds one recommendation
to the supplier (new or existing): the recommendation's fields carry the
`recommendation_` prefix.

The forms are written, never edited by hand: `python -m generator forms
--write` regenerates them, and a test fails when the committed ones are
stale (they also list the current networks, so adding a network means
regenerating them).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..models import KINDS, FieldSpec, Kind, Recommendation, field_specs
from ..rules import Bool, Choice, Day, Integer, LocalTime, Ref, Text, Urn, article

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when PyYAML has it: schools.yaml may hold tens of thousands of schools."""
FORMS_DIR = Path(".github") / "ISSUE_TEMPLATE"
LABEL = "record-request"
"""The label every form puts on its issue, which the workflow acts on."""
CONFIRM_ID = "confirm"
NOTES_ID = "notes"
REMOVE_ID = "remove"
REMOVE_LABEL = "Remove these details (when correcting)"
SKIPPED = {"public", "register", "where"}
"""Fields no form offers (see the module's docstring)."""
YES_NO = ("yes", "no")

LABELS = {
    "id": "Id",
    "urn": "URN",
    "lat": "Latitude",
    "lon": "Longitude",
    "sla": "Service agreement",
    "age_low": "Youngest age",
    "age_high": "Oldest age",
    "review_due": "Review due",
    "applies_to": "Applies to",
    "local_authority": "Local authority",
}
"""Labels that are not just the field's name with a capital letter."""


@dataclass(frozen=True)
class FormField:
    """One field of a form: where its value goes in a record, and how it is asked."""

    id: str
    path: tuple[str, ...]
    """Where the value goes: ('name',), ('coordinates', 'lat'), ('recommendation', 'date')."""
    label: str
    description: str
    spec: FieldSpec
    element: str
    """GitHub's element type: input, textarea or dropdown."""
    options: tuple[str, ...] = ()
    multiple: bool = False
    needed: bool = False
    """Needed when the form adds a record (not when it corrects one)."""

    @property
    def is_school_ref(self) -> bool:
        """A reference to a school, which the form takes as a URN or an id."""
        return isinstance(self.spec.rule, Ref) and self.spec.rule.kind == "school"

    @property
    def is_network_ref(self) -> bool:
        """A reference to a network, which the form offers as a dropdown."""
        return isinstance(self.spec.rule, Ref) and self.spec.rule.kind == "network"


@dataclass(frozen=True)
class Form:
    """A kind's form: its file name, title and fields (the first is always `id`)."""

    kind: Kind
    file: str
    name: str
    about: str
    fields: tuple[FormField, ...]
    removable: tuple[tuple[str, str], ...] = ()
    """The top-level fields a correction may delete, as (name, checkbox label)."""

    def field(self, field_id: str) -> FormField:
        """The field with this id."""
        return next(f for f in self.fields if f.id == field_id)


FORM_FILES = {
    "school": ("school.yml", "Add or correct a school"),
    "network": ("network.yml", "Add or correct a network"),
    "event": ("event.yml", "Add or correct an event"),
    "supplier": ("supplier.yml", "Recommend a supplier"),
    "policy": ("policy.yml", "Add or update a policy"),
}


def label_for(name: str) -> str:
    """A field's name as a person reads it: 'local_authority' becomes 'Local authority'."""
    return LABELS.get(name, name.replace("_", " ").capitalize())


def network_options(root: Path) -> tuple[str, ...]:
    """The current public networks as dropdown options, 'Name (id)', in the file's order.

    Read leniently from networks.yaml: a form is generated even while the
    data has problems elsewhere. A network marked `public: false` is left
    out: the forms are public, and so is every issue they make.
    """
    path = root / KINDS["network"].filename
    if not path.is_file():
        return ()
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_LOADER) or []
    options = []
    for item in data if isinstance(data, list) else []:
        if (
            isinstance(item, dict)
            and isinstance(item.get("id"), str)
            and item.get("public", True) is not False
        ):
            name = str(item.get("name") or item["id"]).replace("\n", " ")
            options.append(f"{name} ({item['id']})")
    return tuple(options)


def _element(fspec: FieldSpec, networks: tuple[str, ...]) -> tuple[str, tuple[str, ...], bool]:
    rule = fspec.rule
    if isinstance(rule, Choice):
        return "dropdown", rule.choices, fspec.many
    if isinstance(rule, Bool):
        return "dropdown", YES_NO, False
    if isinstance(rule, Ref) and rule.kind == "network":
        return "dropdown", networks, fspec.many
    if isinstance(rule, Integer) and rule.maximum - rule.minimum < 10:
        return "dropdown", tuple(str(n) for n in range(rule.minimum, rule.maximum + 1)), False
    if fspec.many or (isinstance(rule, Text) and not rule.single_line):
        return "textarea", (), False
    return "input", (), False


def _hint(fspec: FieldSpec, element: str) -> str:
    rule = fspec.rule
    if isinstance(rule, Ref) and rule.kind == "school":
        hint = "The school's 6-digit URN, or its id from the address of its page"
        return hint + (", one per line." if fspec.many else ".")
    if fspec.many and element == "textarea":
        return "One per line."
    if isinstance(rule, Day):
        return "Written YYYY-MM-DD, e.g. 2027-03-18."
    if isinstance(rule, LocalTime):
        return "Written YYYY-MM-DD HH:MM on the 24-hour clock, e.g. 2027-03-18 09:30."
    if isinstance(rule, Urn):
        return "Copy it from Get Information about Schools."
    return ""


def _fields(
    cls: type[Any], kind: Kind, networks: tuple[str, ...], prefix: tuple[str, ...] = ()
) -> list[FormField]:
    found: list[FormField] = []
    for name, fspec in field_specs(cls).items():
        if name in SKIPPED:
            continue
        path = (*prefix, name)
        if fspec.nested is not None:
            if not fspec.many:
                found += _fields(fspec.nested, kind, networks, path)
            continue
        if prefix == () and name == "id":
            continue
        element, options, multiple = _element(fspec, networks)
        label = label_for(name)
        if prefix:
            label = f"{label_for(prefix[-1])}: {label.lower() if name not in LABELS else label}"
        needed = fspec.required and not prefix
        if needed:
            label += f" (needed for a new {kind.name})"
        description = " ".join(part for part in (fspec.doc, _hint(fspec, element)) if part)
        found.append(
            FormField(
                "_".join(path), path, label, description, fspec, element, options, multiple, needed
            )
        )
    return found


def _id_field(kind: Kind) -> FormField:
    fspec = field_specs(kind.cls)["id"]
    if kind.name == "supplier":
        description = (
            "To recommend a supplier already on the site, or correct it, give its id (the last "
            "part of the address of its page). Leave empty to add a new supplier."
        )
    else:
        description = (
            f"To correct {article(kind.name)} {kind.name}, give its id (the last part of the "
            "address of its page). "
            f"Leave empty to add a new {kind.name}: its id is made from its "
            f"{'name' if 'name' in field_specs(kind.cls) else 'title'}."
        )
    return FormField(
        "id", ("id",), f"Id of the {kind.name} to correct", description, fspec, "input"
    )


def removable_fields(kind: Kind, fields: list[FormField]) -> tuple[tuple[str, str], ...]:
    """The optional top-level fields the form offers whose deletion leaves the record valid
    in form: empty by default (a status or a timezone is chosen instead), never `id` or `public`.
    """
    offered = {f.path[0] for f in fields}
    found = []
    for field in dataclasses.fields(kind.cls):
        fspec = field.metadata.get("spec")
        empty_default = field.default is None or field.default_factory is list
        if (
            fspec is None
            or fspec.required
            or field.name in SKIPPED | {"id"}
            or field.name not in offered
            or not empty_default
        ):
            continue
        found.append((field.name, label_for(field.name)))
    return tuple(found)


def form_for(kind: Kind, networks: tuple[str, ...]) -> Form:
    """A kind's form, from its model and the current networks."""
    file, name = FORM_FILES[kind.name]
    fields = [_id_field(kind), *_fields(kind.cls, kind, networks)]
    removable = removable_fields(kind, fields[1:])
    about = f"Ask for {article(kind.name)} {kind.name} to be added to the site, or corrected."
    if kind.name == "supplier":
        rec = _fields(Recommendation, kind, networks, ("recommendation",))
        for i, f in enumerate(rec):
            rec[i] = FormField(
                f.id,
                f.path,
                f"Your recommendation: {label_for(f.path[-1]).lower()}"
                if len(f.path) == 2
                else f"Your recommendation: {f.label.lower()}",
                f.description,
                f.spec,
                f.element,
                f.options,
                f.multiple,
                needed=False,
            )
        fields += rec
        about = "Recommend a supplier to other schools: add a supplier, or a recommendation."
    return Form(kind, file, name, about, tuple(fields), removable)


def forms(root: Path) -> list[Form]:
    """Every kind's form, in the order of the kinds."""
    networks = network_options(root)
    return [form_for(kind, networks) for kind in KINDS.values()]


def _intro(form: Form) -> str:
    kind = form.kind.name
    a_kind = f"{article(kind)} {kind}"
    return (
        f"Use this form to add {a_kind} or to correct one. A maintainer reviews the change "
        "in a pull request before it reaches the site; a robot opens it and replies here.\n\n"
        f"- **To correct {a_kind}**, give its id and fill in only the fields that change; "
        "empty fields stay as they are. To delete a detail, tick it under "
        f"**{REMOVE_LABEL}** at the end.\n"
        f"- **To add {a_kind}**, leave the id empty and fill in at least the fields marked "
        "needed.\n\n"
        "Everything you write here is public. Do not include anything confidential."
    )


def _body_item(f: FormField) -> dict[str, Any]:
    attributes: dict[str, Any] = {"label": f.label, "description": f.description}
    if f.element == "dropdown":
        attributes["options"] = list(f.options)
        if f.multiple:
            attributes["multiple"] = True
    return {
        "type": f.element,
        "id": f.id,
        "attributes": attributes,
        "validations": {"required": False},
    }


def template(form: Form) -> dict[str, Any]:
    """The form as GitHub's issue-form YAML reads it."""
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": _intro(form)}}]
    body += [_body_item(f) for f in form.fields]
    if form.removable:
        body.append(
            {
                "type": "checkboxes",
                "id": REMOVE_ID,
                "attributes": {
                    "label": REMOVE_LABEL,
                    "description": (
                        f"To correct {article(form.kind.name)} {form.kind.name}: tick a detail "
                        "to delete it from the record, e.g. a website or an email address "
                        "that is no more. Leave its box above empty."
                    ),
                    "options": [{"label": label} for _name, label in form.removable],
                },
            }
        )
    body.append(
        {
            "type": "textarea",
            "id": NOTES_ID,
            "attributes": {
                "label": "Anything else for the maintainers",
                "description": "Not written into the data: a note for whoever reviews the change.",
            },
            "validations": {"required": False},
        }
    )
    body.append(
        {
            "type": "checkboxes",
            "id": CONFIRM_ID,
            "attributes": {
                "label": "Publishing",
                "options": [
                    {"label": "This information may be published on the site.", "required": True}
                ],
            },
        }
    )
    return {
        "name": form.name,
        "description": form.about,
        "title": f"{form.name}: ",
        "labels": [LABEL, form.kind.name],
        "body": body,
    }


HEADER = (
    "# Generated from generator/models.py by 'python -m generator forms --write'; do not edit.\n"
)

CONFIG = {
    # Maintainers may still open a blank issue; contributors see the forms first.
    "blank_issues_enabled": True,
}


def rendered(form: Form) -> str:
    """The form file's exact text."""
    return HEADER + yaml.safe_dump(template(form), sort_keys=False, allow_unicode=True, width=100)


def rendered_files(root: Path) -> dict[Path, str]:
    """Every file of `.github/ISSUE_TEMPLATE/` that is generated, and its text."""
    files = {root / FORMS_DIR / form.file: rendered(form) for form in forms(root)}
    files[root / FORMS_DIR / "config.yml"] = HEADER + yaml.safe_dump(CONFIG, sort_keys=False)
    return files


def stale_forms(root: Path) -> list[Path]:
    """Committed forms that differ from what the models and the networks give now."""
    return [
        path
        for path, text in rendered_files(root).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]


def write_forms(root: Path) -> list[Path]:
    """Write every form; returns the files that changed."""
    changed = stale_forms(root)
    for path, text in rendered_files(root).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return changed


def form_of(root: Path, kind: str) -> Form:
    """The form of one kind."""
    return form_for(KINDS[kind], network_options(root))
