"""The browser editor's configuration, generated from the models, and its files in a real build.

The forms must offer what the validator accepts: every declared field, a pick-list
of current records for each reference, the allowed words for each choice, the
models' sentences as hints, and `required` as declared. The build publishes the
editor at /admin/ only when `cms: true`, outside the search index and sitemap,
and its page may ask no one but the site and GitHub's API.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import copy_fixture, mkdocs

from generator.cms_config import (
    CDN_FONTS,
    CONTENT_POLICY,
    Repository,
    UnknownEditorRelease,
    cms_config,
    github_repository,
    local_fonts,
)
from generator.models import KINDS, FieldSpec, field_specs
from generator.render import SHIPPED_TEMPLATES
from generator.rules import Bool, Choice, Ref

CONFIG = cms_config(Repository("example/network", "main"))


def fields_of(kind: str) -> list[dict[str, Any]]:
    """The form fields of one record of a kind, under its file's top-level list."""
    collection = next(c for c in CONFIG["collections"] if c["name"] == KINDS[kind].plural)
    (file,) = collection["files"]
    (top,) = file["fields"]
    assert top["widget"] == "list" and top["root"] is True
    assert file["file"] == KINDS[kind].filename
    return list(top["fields"])


def pairs(cls: type[Any], fields: list[dict[str, Any]]) -> list[tuple[FieldSpec, dict[str, Any]]]:
    """Each declared field with its form field, nested parts included, checking names and order."""
    specs = field_specs(cls)
    assert [f["name"] for f in fields] == list(specs)
    found = []
    for fspec, field in zip(specs.values(), fields, strict=True):
        found.append((fspec, field))
        if fspec.nested is not None:
            found += pairs(fspec.nested, field["fields"])
    return found


def test_one_collection_per_kind_over_its_list_file() -> None:
    assert [c["name"] for c in CONFIG["collections"]] == [k.plural for k in KINDS.values()]
    assert CONFIG["backend"] == {**CONFIG["backend"], "name": "github", "repo": "example/network"}
    assert CONFIG["publish_mode"] == "editorial_workflow"


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_field_has_its_hint_requirement_and_control(kind: str) -> None:
    for fspec, field in pairs(KINDS[kind].cls, fields_of(kind)):
        assert field["hint"] == fspec.doc
        assert field["required"] is fspec.required
        rule = fspec.rule
        if isinstance(rule, Ref):
            target = KINDS[rule.kind]
            assert field["widget"] == "relation"
            assert (field["collection"], field["file"]) == (target.plural, target.plural)
            assert field["value_field"] == f"{target.plural}.*.id"
            assert field.get("multiple", False) is fspec.many
        elif isinstance(rule, Choice):
            widget = field["field"] if fspec.many else field
            assert widget["widget"] == "select" and widget["options"] == list(rule.choices)
        elif isinstance(rule, Bool):
            assert field["widget"] == "boolean"
        elif fspec.nested is not None:
            assert field["widget"] == ("list" if fspec.many else "object")


def test_a_boolean_keeps_its_default_so_an_untouched_record_stays_public() -> None:
    """Without it, the editor would write `public: false` into every record it saves."""
    public = next(f for f in fields_of("school") if f["name"] == "public")
    assert public["default"] is True


@pytest.mark.parametrize(
    ("repo_url", "edit_uri", "expected"),
    [
        ("https://github.com/owner/name", None, Repository("owner/name", "main")),
        (
            "https://github.com/owner/name.git/",
            "edit/trunk/content/",
            Repository("owner/name", "trunk"),
        ),
        ("https://github.com/owner/name", "blob/dev/docs/", Repository("owner/name", "dev")),
        ("https://gitlab.com/owner/name", None, None),
        ("https://github.com/owner", None, None),
        (None, None, None),
    ],
)
def test_the_repository_comes_from_repo_url(
    repo_url: str | None, edit_uri: str | None, expected: Repository | None
) -> None:
    assert github_repository(repo_url, edit_uri) == expected


def test_the_vendored_editor_loads_its_fonts_from_the_site() -> None:
    script = (SHIPPED_TEMPLATES / "assets/vendor/sveltia-cms/sveltia-cms.js").read_text()
    local = local_fonts(script)
    assert "cdn.jsdelivr.net" not in local
    assert all(name in local for name in CDN_FONTS.values())
    with pytest.raises(UnknownEditorRelease, match="no longer loads"):
        local_fonts(script.replace(next(iter(CDN_FONTS)), "elsewhere"))


def with_cms(project: Path, *, repo_url: bool) -> None:
    """Turn the editor on in a fixture project's mkdocs.yml (with or without a repository)."""
    config = project / "mkdocs.yml"
    text = config.read_text().replace("  - schoolnet:\n", "  - schoolnet:\n      cms: true\n")
    if repo_url:
        text = "repo_url: https://github.com/example/fixture\n" + text
    config.write_text(text)


def test_the_build_publishes_the_editor_only_when_asked(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    assert mkdocs(project, "build", "--strict").returncode == 0
    assert not (project / "site" / "admin").exists()

    with_cms(project, repo_url=True)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    admin = project / "site" / "admin"
    config = yaml.safe_load((admin / "config.yml").read_text())
    assert config["backend"]["repo"] == "example/fixture"
    assert config["site_url"] == "https://example.org/fixture/"
    page = (admin / "index.html").read_text()
    assert f'content="{CONTENT_POLICY}"' in page and '<script src="sveltia-cms.js">' in page
    assert "cdn.jsdelivr.net" not in (admin / "sveltia-cms.js").read_text()
    assert (admin / "fonts" / "icons.woff2").stat().st_size > 100_000
    # Files, not pages: nothing of /admin/ in the search index or the sitemap.
    assert "admin" not in (project / "site" / "search" / "search_index.json").read_text()
    assert "admin" not in (project / "site" / "sitemap.xml").read_text()


def test_the_editor_without_a_repository_stops_the_build_saying_what_to_add(
    tmp_path: Path,
) -> None:
    project = copy_fixture("small", tmp_path)
    with_cms(project, repo_url=False)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode != 0
    assert "cms: true needs the GitHub repository to edit; add repo_url:" in result.stderr
