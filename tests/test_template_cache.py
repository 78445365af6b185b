"""Compiled templates kept between builds (render.TemplateCodeCache, option template_cache)."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import build, copy_fixture
from jinja2 import Environment, FileSystemLoader

from generator.render import TemplateCodeCache


def _render(folder: Path, cache: TemplateCodeCache) -> str:
    env = Environment(loader=FileSystemLoader(str(folder)), bytecode_cache=cache)
    return env.get_template("page.html").render(name="Hawes Side")


def test_a_new_process_loads_compiled_templates_and_an_edited_one_is_compiled_again(
    tmp_path: Path,
) -> None:
    templates, kept = tmp_path / "templates", tmp_path / "kept"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ name }}</p>", encoding="utf-8")
    first = TemplateCodeCache()
    first.keep_in(kept)
    assert _render(templates, first) == "<p>Hawes Side</p>"
    [code] = list(kept.glob("*/*.code"))
    written = code.stat().st_mtime_ns

    second = TemplateCodeCache()  # As a later build's process starts: nothing in memory.
    second.keep_in(kept)
    assert _render(templates, second) == "<p>Hawes Side</p>"
    assert second.code, "the compiled template was read from the folder"
    assert code.stat().st_mtime_ns == written, "nothing was compiled again"

    (templates / "page.html").write_text("<h1>{{ name }}</h1>", encoding="utf-8")
    third = TemplateCodeCache()
    third.keep_in(kept)
    assert _render(templates, third) == "<h1>Hawes Side</h1>", "never the stale code"


def test_a_folder_that_cannot_be_written_only_goes_unused(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ name }}</p>", encoding="utf-8")
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    cache = TemplateCodeCache()
    cache.keep_in(tmp_path / "a-file")
    assert _render(templates, cache) == "<p>Hawes Side</p>"


def _files(site: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()
    }


def test_a_build_from_kept_templates_is_byte_identical_to_a_fresh_one(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    fresh = _files(build(project))
    kept = list((project / ".cache" / "templates").glob("*/*.code"))
    assert len(kept) > 20, "the theme's and the generator's templates are kept"
    shutil.rmtree(project / "site")
    assert _files(build(project)) == fresh


def test_an_empty_template_cache_keeps_nothing_on_disk(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - schoolnet:\n", '  - schoolnet:\n      template_cache: ""\n')
    )
    build(project)
    assert not (project / ".cache" / "templates").exists()
