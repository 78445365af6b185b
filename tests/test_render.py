"""The renderer's memo(): the same fragment for the same records in one folder, no other."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import load
from helpers import FIXTURES

from generator.render import Renderer


def _renderer(tmp_path: Path) -> Renderer:
    (tmp_path / "_macros.html").write_text(
        '{% macro names(records) %}{% for r in records %}<a href="{{ link(r) }}">'
        "{{ r.name }}</a>{% endfor %}{% endmacro %}"
    )
    (tmp_path / "page.html").write_text(
        '{% import "_macros.html" as m %}{{ memo(m.names, records) }}|{{ m.names(records) }}'
    )
    return Renderer([tmp_path], directory_urls=True)


def test_memo_gives_what_the_macro_gives_with_links_right_for_each_folder(tmp_path: Path) -> None:
    site = load(FIXTURES / "small")
    schools = list(site.schools.values())[:2]
    renderer = _renderer(tmp_path)
    for src in ("schools/a.md", "schools/b.md", "networks/c/d.md", "index.md"):
        memo, plain = renderer.render("page.html", src, {"records": schools}).split("|")
        assert memo == plain, src
    deeper = renderer.render("page.html", "networks/c/d.md", {"records": schools})
    assert "../../../schools/" in deeper


def test_memo_refuses_arguments_it_cannot_key(tmp_path: Path) -> None:
    renderer = _renderer(tmp_path)
    with pytest.raises(TypeError, match="cannot key a dict"):
        renderer.render("page.html", "index.md", {"records": [{"name": "x"}]})
