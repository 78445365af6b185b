"""Long directories split into pages, and their rows.json: in the model and in a real build.

The small fixture is split with a page size of 1 or 2 (site_pages and
directory_rows take the size), so every rule is checked without thousands
of records; one real build of 260 synthetic schools checks the published
site with the shipped page size.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import load
from helpers import FIXTURES, ROOT, build

from generator.directory_rows import directory_rows
from generator.pages import PageSpec, collisions, site_pages
from generator.pagination import PAGE_SIZE, Pager, directory_of, page_src, pages_needed
from generator.render import SHIPPED_TEMPLATES, Renderer
from generator.site import Site

SMALL = FIXTURES / "small"


def pages_of(site: Site, size: int) -> dict[str, PageSpec]:
    return {p.src: p for p in site_pages(site, "Fixture", page_size=size)}


def rendered(spec: PageSpec) -> BeautifulSoup:
    html = Renderer(SHIPPED_TEMPLATES).render_page(spec, None)
    return BeautifulSoup(html, "html.parser")


def record_links(soup: BeautifulSoup) -> list[str]:
    """The first link of each table row: the record the row is about."""
    links = []
    for row in soup.select(".sn-directory tbody tr"):
        first = row.find("a")
        if isinstance(first, Tag):
            links.append(str(first["href"]))
    return links


def test_page_counts_and_addresses() -> None:
    assert [pages_needed(n, 100) for n in (0, 1, 100, 101, 25_000)] == [1, 1, 1, 2, 250]
    assert page_src("school", 1) == "schools/index.md"
    assert page_src("school", 3) == "schools/page/3.md"
    assert directory_of("schools/page/3.md") == "schools"
    # A record whose id is "page" lives beside the pages, never on one of them.
    assert directory_of("schools/page.md") is None
    assert PAGE_SIZE == 100


def test_links_are_compact_and_mark_the_current_page() -> None:
    pager = Pager("school", 6, 250, 25_000)
    shown = [(link.number, link.current) for link in pager.links()]
    assert shown == [
        (1, False),
        (0, False),
        (4, False),
        (5, False),
        (6, True),
        (7, False),
        (8, False),
        (0, False),
        (250, False),
    ]
    assert (pager.previous, pager.next) == ("schools/page/5.md", "schools/page/7.md")
    assert (pager.start, pager.stop) == (500, 600)


def test_events_slice_runs_on_from_upcoming_into_past() -> None:
    upcoming, past = list(range(3)), list(range(3, 8))
    pages = [Pager("event", n, 3, 8, size=3) for n in (1, 2, 3)]
    assert [list(p.items(upcoming)) + list(p.items(past, 3)) for p in pages] == [
        [0, 1, 2],
        [3, 4, 5],
        [6, 7],
    ]


@pytest.mark.parametrize("size", [1, 2])
def test_every_record_is_linked_once_across_the_pages(size: int) -> None:
    site = load(SMALL, members=False)
    pages = pages_of(site, size)
    for plural, records in [("schools", site.schools), ("suppliers", site.suppliers)]:
        count = pages_needed(len(records), size)
        srcs = [f"{plural}/index.md"] + [f"{plural}/page/{n}.md" for n in range(2, count + 1)]
        assert [s for s in pages if s.startswith(f"{plural}/page/")] == srcs[1:]
        links: list[str] = []
        for src in srcs:
            links += [
                link.rstrip("/").rsplit("/", 1)[-1] for link in record_links(rendered(pages[src]))
            ]
        assert sorted(links) == sorted(records), plural
        assert pages[srcs[0]].in_nav and not any(pages[s].in_nav for s in srcs[1:])


def test_a_later_page_has_the_heading_and_an_accessible_page_nav() -> None:
    site = load(SMALL, members=False)
    spec = pages_of(site, 1)["schools/page/2.md"]
    assert spec.title == "Schools, page 2"
    soup = rendered(spec)
    assert soup.h1 is not None and soup.h1.get_text() == "Schools"
    where = soup.select_one(".sn-pages__where")
    assert where is not None and where.get_text().startswith(f"Page 2 of {len(site.schools)}:")
    nav = soup.select_one('nav[aria-label="Pages of the schools directory"]')
    assert nav is not None
    current = nav.select('a[aria-current="page"]')
    assert [a.get_text() for a in current] == ["Page 2"]
    assert nav.select_one('a[rel="prev"]') is not None
    directory = soup.select_one(".sn-directory")
    assert directory is not None
    assert directory["data-rows"] == "../../../schools/rows.json"
    assert (directory["data-first"], directory["data-page-size"]) == ("2", "1")
    options = soup.select_one("script.sn-directory__options")
    assert options is not None
    phases = json.loads(options.get_text())["phase"]
    assert sorted(phases) == sorted({s.phase for s in site.schools.values()})


def test_a_directory_on_one_page_has_no_pagination() -> None:
    site = load(SMALL, members=False)
    soup = rendered(pages_of(site, PAGE_SIZE)["schools/index.md"])
    assert soup.select(".sn-pages, .sn-pages__where, script.sn-directory__options") == []
    directory = soup.select_one(".sn-directory")
    assert directory is not None and not directory.has_attr("data-rows")
    assert directory_rows(site) == {}


def test_later_pages_link_to_their_directory_pdf() -> None:
    site = load(SMALL, members=False)
    pages = {p.src: p for p in site_pages(site, "Fixture", pdfs=True, page_size=1)}
    assert pages["schools/page/2.md"].context["pdf"] == pages["schools/index.md"].context["pdf"]


def test_a_content_page_on_a_page_address_is_refused() -> None:
    site = load(SMALL, members=False)
    problems = collisions(
        list(pages_of(site, 1).values()), ["schools/page/2/index.md"], True, "content"
    )
    assert [p.message for p in problems] == [
        "this page would be published at /schools/page/2/, the same address as the schools "
        "directory (page 2), generated from schools.yaml; rename or move this file"
    ]


def rows_of(site: Site, plural: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(directory_rows(site, size=1)[f"{plural}/rows.json"])
    return data


@pytest.mark.parametrize("members", [False, True])
def test_rows_json_holds_the_directory_audience_only(members: bool) -> None:
    site = load(SMALL, members=members)
    data = rows_of(site, "schools")
    assert data["fields"] == [
        "text",
        "urn",
        "postcode",
        "town",
        "phase",
        "type",
        "la",
        "country",
        "network",
    ]
    assert data["size"] == 1
    first_cell = len(data["fields"])
    hrefs = [row[first_cell][1][1] for row in data["rows"]]
    assert sorted(h.split("/")[-2] for h in hrefs) == sorted(site.schools)
    text = json.dumps(data)
    assert ("Zzlarkspur" in text) is members


def test_rows_json_rows_carry_the_table_values() -> None:
    site = load(SMALL, members=False)
    data = rows_of(site, "schools")
    refs = data["refs"]
    row = next(r for r in data["rows"] if r[0] == "Hawes Side Academy")
    assert row[1:8] == [
        "119346",
        "FY4 3LN",
        "Blackpool",
        "primary",
        "academy",
        "Blackpool",
        "England",
    ]
    assert [refs[i][:2] for i in row[8]] == [
        ["kaizen", "Kaizen Network"],
        ["nesa-maths", "NESA Maths Group"],
    ]
    assert row[9] == [None, ["a", "../schools/hawes-side/", "Hawes Side Academy"]]
    # The URN, phase and type fields, then the local authority (or a partner's country).
    assert row[10:13] == [1, 4, 5] and row[13] == "Blackpool"
    events = rows_of(site, "events")
    assert events["tables"] == 2
    assert {r[1] for r in events["rows"]} <= {0, 1}


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """260 synthetic schools, built for real: the schools directory takes three pages."""
    project = tmp_path_factory.mktemp("paginated") / "project"
    command = [
        sys.executable,
        str(ROOT / "benchmarks/synthetic.py"),
        str(project),
        "--schools",
        "260",
    ]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return build(project)


def test_a_real_build_publishes_every_page_once(synthetic_site: Path) -> None:
    site = synthetic_site
    data = json.loads((site / "schools/rows.json").read_text(encoding="utf-8"))
    count = pages_needed(len(data["rows"]))
    assert count == 3
    assert not (site / "schools/page/1").exists()
    assert not (site / f"schools/page/{count + 1}").exists()
    names: list[str] = []
    for number in range(1, count + 1):
        path = site / ("schools/index.html" if number == 1 else f"schools/page/{number}/index.html")
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        names += [td.get_text() for td in soup.select(".sn-directory tbody tr td:first-child")]
        current = soup.select('nav[aria-label="Pages of the schools directory"] [aria-current]')
        assert [a.get_text() for a in current] == [f"Page {number}"]
    assert names == [row[len(data["fields"])][1][2] for row in data["rows"]]
    # The directory's pages stay out of the theme's search index, like its tables.
    index = (site / "search/search_index.json").read_text(encoding="utf-8")
    assert not re.search(r'"location":\s*"schools/page/', index)
    assert "schools/page/2/" in (site / "sitemap.xml").read_text(encoding="utf-8")
