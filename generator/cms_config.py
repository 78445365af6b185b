"""The browser editor's configuration (Sveltia CMS at /admin/), generated from `models`.

Like the JSON Schemas of `editor_schema`, it is written from the declarations,
never by hand: one collection per record kind over its existing list file
(`root: true` edits a YAML file whose top level is a list), a select field for
each choice, a relation field for each reference to another record (offering
the current ids), the fields' sentences as hints, `required` from the models,
nested parts as objects and lists. Patterns come from the same rules as the
JSON Schemas, so the form refuses what an editor's schema would.

The editor is an aid, not the judge: its changes reach the site through a
pull request (the editorial workflow), where `check` has the last word.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

import yaml

from .models import KINDS, FieldSpec, Kind, field_specs
from .rules import Bool, Choice, Day, Integer, LocalTime, Number, Ref, Rule, Text, Title

ADMIN = "admin"
"""The site folder the editor is published in."""
SCRIPT = "sveltia-cms.js"
VENDORED = "assets/vendor/sveltia-cms"
"""The vendored editor under the templates folder (scripts/vendor.py copies it there)."""
COPIED = (
    "LICENSE.txt",
    "fonts/sans.woff2",
    "fonts/sans-LICENSE",
    "fonts/mono.woff2",
    "fonts/mono-LICENSE",
    "fonts/icons.woff2",
    "fonts/icons-LICENSE",
)
"""Files published beside the script at /admin/ as they are."""

CDN_FONTS = {
    "https://cdn.jsdelivr.net/fontsource/fonts/source-sans-3:vf@5.3.0/latin-wght-normal.woff2": (
        "fonts/sans.woff2"
    ),
    "https://cdn.jsdelivr.net/fontsource/fonts/noto-mono@5.3.0/latin-400-normal.woff2": (
        "fonts/mono.woff2"
    ),
    "https://cdn.jsdelivr.net/fontsource/fonts/material-symbols-outlined:vf@5.3.7/"
    "latin-wght-normal.woff2": "fonts/icons.woff2",
}
"""The fonts Sveltia CMS 0.221.1 loads from a CDN (its text, code and icon fonts), and the
copies of the same releases (vendor/package.json) the published script loads instead.
Checked against @sveltia/cms 0.221.1; `local_fonts` refuses a release that names others."""

CONTENT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; img-src 'self' data: blob: https://avatars.githubusercontent.com; "
    "connect-src 'self' blob: data: https://api.github.com; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'"
)
"""What the editor's page may ask for: this site, and GitHub's API once someone signs in.
The browser itself refuses the rest without asking (the editor's update check, GitHub's
status page, code-highlighting and map modules from a CDN, which the forms do not use)."""

LABELS = {"urn": "URN", "id": "Id (part of the page's address)", "sla": "SLA"}
"""Field labels that are not just the field's name with a capital."""

LONG_TEXT = 300
"""Text fields allowed more characters than this get a multi-line box."""


@dataclass(frozen=True)
class Repository:
    """Where the editor reads and proposes changes: a GitHub repository and its branch."""

    repo: str
    branch: str = "main"


GITHUB_URL = re.compile(r"^https://github\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?/?$")
EDIT_BRANCH = re.compile(r"^/?(?:edit|blob|tree)/([^/]+)/")


def github_repository(repo_url: str | None, edit_uri: str | None) -> Repository | None:
    """The repository named by mkdocs.yml's `repo_url` (GitHub only), its branch from `edit_uri`.

    None when `repo_url` is unset or not a github.com repository: the editor's
    GitHub backend needs `owner/name`.
    """
    match = GITHUB_URL.match(repo_url or "")
    if not match:
        return None
    branch = EDIT_BRANCH.match(edit_uri or "")
    return Repository(f"{match[1]}/{match[2]}", branch[1] if branch else "main")


def label_field(kind: Kind) -> str:
    """The field readers know a record by: its name, or its title."""
    return "name" if "name" in field_specs(kind.cls) else "title"


def _pattern(rule: Rule) -> list[str] | None:
    """The rule's JSON Schema pattern with the rule's own description as the message."""
    schema = rule.json_schema()
    if "oneOf" in schema:  # Urn: a quoted string or a number; the form writes the string.
        schema = schema["oneOf"][0]
    pattern = schema.get("pattern")
    if not pattern or isinstance(rule, Text):  # Text's "not blank" is what required says.
        return None
    return [pattern, f"Write {rule.describe()}."]


def _relation(rule: Ref) -> dict[str, Any]:
    """A pick-list of the current records of the referenced kind, storing the id."""
    kind = KINDS[rule.kind]
    label = label_field(kind)
    return {
        "widget": "relation",
        "collection": kind.plural,
        "file": kind.plural,
        "value_field": f"{kind.plural}.*.id",
        "search_fields": [f"{kind.plural}.*.{label}", f"{kind.plural}.*.id"],
        "display_fields": [f"{kind.plural}.*.{label}"],
    }


def _widget(rule: Rule) -> dict[str, Any]:
    """The form control for one value of a rule."""
    if isinstance(rule, Ref):
        return _relation(rule)
    if isinstance(rule, Choice):
        return {"widget": "select", "options": list(rule.choices)}
    if isinstance(rule, Bool):
        return {"widget": "boolean"}
    if isinstance(rule, Integer):
        return {"widget": "number", "value_type": "int", "min": rule.minimum, "max": rule.maximum}
    if isinstance(rule, Number):
        return {
            "widget": "number",
            "value_type": "float",
            "min": rule.minimum,
            "max": rule.maximum,
        }
    if isinstance(rule, Day):
        return {"widget": "datetime", "format": "YYYY-MM-DD", "time_format": False}
    if isinstance(rule, LocalTime):
        # Local time as the records write it; the record's timezone field gives the zone.
        return {"widget": "datetime", "format": "YYYY-MM-DD HH:mm", "picker_utc": True}
    widget: dict[str, Any] = {"widget": "string"}
    if isinstance(rule, Text) and not isinstance(rule, Title) and rule.max_length > LONG_TEXT:
        widget = {"widget": "text"}
    if isinstance(rule, Text):
        widget["maxlength"] = rule.max_length
    pattern = _pattern(rule)
    if pattern:
        widget["pattern"] = pattern
    return widget


def _field(name: str, fspec: FieldSpec, default: Any) -> dict[str, Any]:
    """One form field for one declared field: its control, hint, and whether it is required."""
    label = LABELS.get(name, name.replace("_", " ").capitalize())
    field: dict[str, Any] = {"name": name, "label": label}
    if fspec.nested is not None:
        inner = {"fields": object_fields(fspec.nested)}
        if fspec.many:
            field |= {"widget": "list", "collapsed": True, **inner}
            field["summary"] = "{{fields." + next(iter(field_specs(fspec.nested))) + "}}"
        else:
            field |= {"widget": "object", "collapsed": False, **inner}
    elif fspec.many:
        assert fspec.rule is not None
        one = _widget(fspec.rule)
        if one["widget"] == "relation":
            field |= {**one, "multiple": True}
        else:
            field |= {"widget": "list", "field": {"name": name, "label": field["label"], **one}}
    else:
        assert fspec.rule is not None
        field |= _widget(fspec.rule)
    field["hint"] = fspec.doc
    field["required"] = fspec.required
    if default is not None and not fspec.many and fspec.nested is None:
        field["default"] = default
    return field


def object_fields(cls: type[Any]) -> list[dict[str, Any]]:
    """The form fields of one record or nested part, in the models' order."""
    defaults = {
        f.name: f.default for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING
    }
    return [_field(name, fspec, defaults.get(name)) for name, fspec in field_specs(cls).items()]


def collection(kind: Kind, folder: str) -> dict[str, Any]:
    """One kind's collection: its list file, edited as a list of records at the top level."""
    path = f"{folder}/{kind.filename}" if folder else kind.filename
    label = label_field(kind)
    return {
        "name": kind.plural,
        "label": kind.heading,
        "description": (kind.cls.__doc__ or "").strip().splitlines()[0],
        "editor": {"preview": False},
        "files": [
            {
                "name": kind.plural,
                "label": f"All {kind.plural} ({kind.filename})",
                "file": path,
                "format": "yaml",
                "fields": [
                    {
                        "name": kind.plural,
                        "label": kind.heading,
                        "widget": "list",
                        "root": True,
                        "collapsed": True,
                        "summary": "{{fields." + label + "}} ({{fields.id}})",
                        "add_to_top": False,
                        "fields": object_fields(kind.cls),
                    }
                ],
            }
        ],
    }


def cms_config(
    repository: Repository, *, folder: str = "", site_url: str = "", auth_url: str = ""
) -> dict[str, Any]:
    """The whole configuration: GitHub backend, changes proposed as pull requests.

    `folder` is where mkdocs.yml sits inside the repository ("" at its root).
    """
    config: dict[str, Any] = {
        "backend": {
            "name": "github",
            "repo": repository.repo,
            "branch": repository.branch,
            "commit_messages": {
                "create": "Add {{collection}} {{slug}} in the browser editor",
                "update": "Edit {{collection}} in the browser editor",
                "delete": "Delete {{collection}} {{slug}} in the browser editor",
            },
        },
        "publish_mode": "editorial_workflow",
        "media_folder": f"{folder}/content/assets" if folder else "content/assets",
        "output": {"omit_empty_optional_fields": True},
        "collections": [collection(kind, folder) for kind in KINDS.values()],
    }
    if site_url:
        config["site_url"] = site_url
    if auth_url:
        config["backend"]["base_url"] = auth_url
    return config


def config_yaml(config: dict[str, Any]) -> str:
    """The configuration as the editor reads it (/admin/config.yml)."""
    head = "# Generated by the schoolnet plugin from generator/models.py; do not edit.\n"
    return head + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)


INDEX = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<title>Edit the records</title>
<link href="config.yml" type="application/yaml" rel="cms-config-url">
</head>
<body>
<script src="{script}"></script>
</body>
</html>
"""


def index_html() -> str:
    """The editor's page: the configuration's address and the vendored script, nothing else."""
    return INDEX.replace("{script}", SCRIPT).replace("{policy}", CONTENT_POLICY)


class UnknownEditorRelease(ValueError):
    """The vendored editor no longer names the fonts this module replaces."""


def local_fonts(script: str) -> str:
    """The editor's script with its CDN fonts replaced by the copies published beside it.

    The URLs become relative ones, which its stylesheet resolves against /admin/.
    """
    missing = [url for url in CDN_FONTS if url not in script]
    if missing:
        raise UnknownEditorRelease(
            f"the vendored Sveltia CMS no longer loads {missing[0]}; update CDN_FONTS in "
            "generator/cms_config.py and the fonts in vendor/package.json to what it loads"
        )
    for url, local in CDN_FONTS.items():
        script = script.replace(url, local)
    return script
