"""A directory's declaration (generator/columns.py) drives its page, rows.json and script.

The small fixture is paginated one row a page, so every directory has a
rows.json and later pages; each page is rendered with the shipped templates
and read back as a reader's browser would.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import load
from helpers import FIXTURES, ROOT

from generator.columns import DIRECTORIES, Column, Directory, Field, Filter
from generator.directory_rows import directory_rows, filter_options, tables
from generator.models import KINDS
from generator.pages import PageSpec, site_pages
from generator.render import SHIPPED_TEMPLATES, Renderer
from generator.site import Site

SMALL = FIXTURES / "small"
SCRIPT = ROOT / "site_templates" / "assets" / "directory.js"
STRUCTURAL = {"text", "class", "table"}
"""Field names directory.js knows by role: the text box's field, the row class, the table."""


@pytest.fixture(scope="module")
def site() -> Site:
    """The members' build: every directory of the fixture has at least two rows."""
    return load(SMALL, members=True)


@pytest.fixture(scope="module")
def pages(site: Site) -> dict[str, PageSpec]:
    return {p.src: p for p in site_pages(site, "Fixture", page_size=1)}


def rendered(spec: PageSpec) -> BeautifulSoup:
    return BeautifulSoup(Renderer(SHIPPED_TEMPLATES).render_page(spec, None), "html.parser")


def rows_json(site: Site, kind: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        directory_rows(site, size=1)[f"{KINDS[kind].plural}/rows.json"]
    )
    return data


@pytest.mark.parametrize("kind", DIRECTORIES)
@pytest.mark.parametrize("number", [1, 2])
def test_the_page_shows_the_declared_columns_and_filters(
    pages: dict[str, PageSpec], kind: str, number: int
) -> None:
    declared = DIRECTORIES[kind]
    plural = KINDS[kind].plural
    src = f"{plural}/index.md" if number == 1 else f"{plural}/page/{number}.md"
    soup = rendered(pages[src])
    wrapper = soup.select_one(".sn-directory")
    assert isinstance(wrapper, Tag)
    assert wrapper["data-filters"] == ", ".join(f.spec for f in declared.filters)
    assert wrapper["data-text-label"] == declared.text_label
    for head in soup.select(".sn-directory thead tr"):
        cells = head.find_all("th")
        assert [th.get_text() for th in cells] == [c.header for c in declared.columns]
        assert [th.get("data-sort-key") for th in cells] == [
            c.sort or None for c in declared.columns
        ]
    rows = soup.select(".sn-directory tbody tr:not(.sn-directory__note)")
    assert rows, src
    allowed = {f"data-{f.key}" for f in declared.fields} | {
        f"data-{f.key}-label" for f in declared.fields if f.kind == "refs"
    }
    for row in rows:
        assert len(row.find_all("td")) == len(declared.columns)
        data = {name for name in row.attrs if name.startswith("data-")}
        assert data <= allowed, (src, data - allowed)
        assert "data-text" in data


@pytest.mark.parametrize("kind", DIRECTORIES)
def test_rows_json_holds_the_declared_fields_and_a_cell_per_column(site: Site, kind: str) -> None:
    declared = DIRECTORIES[kind]
    data = rows_json(site, kind)
    assert data["fields"] == [f.key for f in declared.fields]
    assert data["tables"] == len(declared.tables)
    assert data["rows"]
    for row in data["rows"]:
        assert len(row) == len(declared.fields) + len(declared.columns)


@pytest.mark.parametrize("kind", DIRECTORIES)
def test_every_page_row_is_a_rows_json_row(
    site: Site, pages: dict[str, PageSpec], kind: str
) -> None:
    """Page n (one row a page) shows rows.json's row n, with the same text and filter values."""
    declared = DIRECTORIES[kind]
    data = rows_json(site, kind)
    plural = KINDS[kind].plural
    text_at = data["fields"].index("text")
    for number, row in enumerate(data["rows"], start=1):
        src = f"{plural}/index.md" if number == 1 else f"{plural}/page/{number}.md"
        shown = rendered(pages[src]).select(".sn-directory tbody tr:not(.sn-directory__note)")
        assert len(shown) == 1, src
        assert shown[0]["data-text"] == row[text_at]
        for index, item in enumerate(declared.fields):
            if item.kind == "data" and not item.optional:
                assert shown[0][f"data-{item.key}"] == row[index], (src, item.key)


@pytest.mark.parametrize("kind", DIRECTORIES)
def test_filter_choices_are_the_declared_filters(site: Site, kind: str) -> None:
    table = next(t for _, t in tables(site) if t.kind == kind)
    declared = {f.key for f in DIRECTORIES[kind].filters}
    assert set(filter_options(table)) <= declared
    assert set(filter_options(table)) == {
        key for key in declared if any(row[table.fields.index(key)] for row in table.rows)
    }


def test_review_filter_choices_read_as_on_a_single_page(site: Site) -> None:
    table = next(t for _, t in tables(site) if t.kind == "policy")
    names = [c if isinstance(c, str) else c[1] for c in filter_options(table)["review"]]
    assert names and set(names) <= {"Review overdue", "Due within 90 days", "Not due yet"}


def test_the_script_knows_no_directory_column() -> None:
    """directory.js reads keys from the page and rows.json; none is written into it."""
    script = re.sub(r"/\*.*?\*/|//[^\n]*", "", SCRIPT.read_text(encoding="utf-8"), flags=re.S)
    keys = {f.key for d in DIRECTORIES.values() for f in d.fields} | {
        c.sort for d in DIRECTORIES.values() for c in d.columns if c.sort
    }
    # "name" is also the text box's URL parameter, "status" the live region's role.
    for key in sorted(keys - STRUCTURAL - {"name", "status"}):
        assert not re.search(rf"""["'`]{re.escape(key)}["'`]""", script), key


def test_a_declaration_naming_an_unknown_field_is_refused() -> None:
    with pytest.raises(ValueError, match="school directory: no field 'phase'"):
        Directory(
            "school",
            tables=("schools",),
            text_label="Name",
            fields=(Field("text", lambda school, _: school.name),),
            filters=(Filter("phase", "Phase"),),
            columns=(Column("School", "name", "text"),),
        )
