"""The renderer: memo() gives the same fragment for the same records in one folder, no
other; a template mistake is one message naming the template's file and line."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from conftest import load
from helpers import FIXTURES

from generator.render import Renderer
from generator.template_errors import TemplateProblem


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


def test_memo_refuses_arguments_it_cannot_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    renderer = _renderer(tmp_path)
    with pytest.raises(TemplateProblem) as raised:
        renderer.render("page.html", "index.md", {"records": [{"name": "x"}]})
    assert str(raised.value) == (
        "page.html:1: TypeError: memo() cannot key a dict; pass records or plain values "
        "(while rendering the page index.md); fix the template on that line"
    )


# --- template mistakes ------------------------------------------------------------------


def _problem(folder: Path, template: str, context: dict[str, object]) -> str:
    """The message rendering `template` from `folder` fails with, for a school's page."""
    renderer = Renderer([folder])
    with pytest.raises(TemplateProblem) as raised:
        renderer.render(template, "schools/x.md", context, subject="school 'x'")
    assert "Traceback" in raised.value.detail  # What `mkdocs build -v` prints.
    return str(raised.value)


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A template folder, with messages showing paths relative to the project (here)."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "site_templates"
    folder.mkdir()
    (folder / "_macros.html").write_text(
        "{% macro name(school) %}\n<b>{{ school.nmae }}</b>\n{% endmacro %}\n"
    )
    return folder


def test_a_misspelt_field_names_the_template_line_and_the_models(templates: Path) -> None:
    site = load(FIXTURES / "small")
    (templates / "school.html").write_text("<h1>{{ school.name }}</h1>\n{{ school.nmae }}\n")
    assert _problem(templates, "school.html", {"school": site.schools["hawes-side"]}) == (
        "site_templates/school.html:2: 'School object' has no attribute 'nmae' "
        "(while rendering school 'x'); check the name against the fields in generator/models.py"
    )


def test_a_mistake_in_a_macro_names_the_macro_file(templates: Path) -> None:
    site = load(FIXTURES / "small")
    (templates / "school.html").write_text(
        '{% import "_macros.html" as m %}\n\n{{ m.name(school) }}\n'
    )
    assert _problem(templates, "school.html", {"school": site.schools["hawes-side"]}) == (
        "site_templates/_macros.html:2: 'School object' has no attribute 'nmae' "
        "(while rendering school 'x'); check the name against the fields in generator/models.py"
    )


def test_an_unknown_variable_points_at_the_data_each_template_gets(templates: Path) -> None:
    (templates / "school.html").write_text("\n\n{{ scool.name }}\n")
    assert _problem(templates, "school.html", {}) == (
        "site_templates/school.html:3: 'scool' is undefined (while rendering school 'x'); "
        "check the name against the data each template gets in generator/pages.py"
    )


def test_a_syntax_error_in_an_imported_template_names_its_line(templates: Path) -> None:
    (templates / "_macros.html").write_text("{% macro name(school) %}\n{% if school %}\n")
    (templates / "school.html").write_text('{% import "_macros.html" as m %}\n')
    assert _problem(templates, "school.html", {}) == (
        "site_templates/_macros.html:2: template syntax: Unexpected end of template. Jinja was "
        "looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that "
        "needs to be closed is 'if'. (while rendering school 'x'); "
        "fix the Jinja syntax on that line"
    )


def test_a_missing_include_names_the_line_that_includes_it(templates: Path) -> None:
    (templates / "school.html").write_text('<p>\n{% include "facts.html" %}\n')
    assert _problem(templates, "school.html", {}) == (
        "site_templates/school.html:2: template 'facts.html' not found in site_templates/ "
        "(while rendering school 'x'); check the template's name, or copy it from the "
        "generator's site_templates/"
    )


def test_a_missing_page_template_names_the_folder(templates: Path) -> None:
    assert _problem(templates, "school.html", {}) == (
        "site_templates/school.html: template 'school.html' not found in site_templates/ "
        "(while rendering school 'x'); check the template's name, or copy it from the "
        "generator's site_templates/"
    )


def test_an_error_raised_by_a_filter_names_the_template_line(templates: Path) -> None:
    (templates / "school.html").write_text("<p>\n{{ 'not a date' | long_date }}\n")
    message = _problem(templates, "school.html", {})
    assert message.startswith("site_templates/school.html:2: AttributeError: ")
    assert message.endswith("(while rendering school 'x'); fix the template on that line")


def test_a_template_problem_survives_pickling() -> None:
    """A forked worker sends it back as it is."""
    problem = TemplateProblem("site_templates/school.html:2: wrong", "Traceback ...")
    copy = pickle.loads(pickle.dumps(problem))
    assert (str(copy), copy.detail) == (str(problem), problem.detail)


def test_templates_lose_their_indentation_but_not_their_lines(tmp_path: Path) -> None:
    """LeanLoader: a fifth of a page's bytes was indentation; errors still name the right line."""
    from jinja2 import DictLoader, Environment, TemplateSyntaxError

    from generator.render import LeanLoader

    source = "<ul>\n    <li>{{ a }}</li>\n\t<li>two words</li>\n  </ul>\n"
    env = Environment(
        loader=LeanLoader(DictLoader({"t.html": source, "bad.html": "x\n  {% if %}"}))
    )
    assert (
        env.get_template("t.html").render(a="one")
        == "<ul>\n<li>one</li>\n<li>two words</li>\n</ul>"
    )
    with pytest.raises(TemplateSyntaxError) as raised:
        env.get_template("bad.html")
    assert raised.value.lineno == 2


def test_no_template_holds_text_whose_indentation_shows() -> None:
    """LeanLoader drops indentation, which only <pre> and <textarea> would show."""
    import material

    folders = [
        Path(material.__file__).parent / "templates",
        *FIXTURES.parent.parent.glob("site_templates"),
    ]
    checked = 0
    for folder in folders:
        for path in folder.rglob("*.html"):
            if ".icons" in path.parts:
                continue
            text = path.read_text(encoding="utf-8").lower()
            assert "<pre" not in text and "<textarea" not in text, path
            checked += 1
    assert checked > 50
