"""Maps, "near me", "near this school" and suppliers narrowed by area, in Chromium.

The maps (assets/map.js) load nothing until the reader presses "Show map";
the directory's map shows exactly the rows its filters match, on every
page of a paginated directory. Expected values come from the built site's
own files (map.json, rows.json, the page's table) or from the records,
worked out here in Python, not from the script under test.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from helpers import ROOT
from playwright.sync_api import Browser, BrowserContext, Page, expect

from generator.dates import build_date
from generator.geo import distance_km
from generator.project import Sources, load_project

from .support import ASKED_HOSTS, DESKTOP, PHONE, Served, open_context
from .test_accessibility import axe_check
from .test_browser import query_of, screenshot, visible_rows

pytestmark = pytest.mark.slow

SCREENS = {
    "desktop": {"viewport": DESKTOP},
    "phone": {"viewport": PHONE, "is_mobile": True, "has_touch": True},
}
TILE_HOST = "tile.openstreetmap.org"
"""The default map_tiles' host (generator/plugin_config.py): the test profiles refuse it."""


def origin(url: str) -> str:
    return "/".join(url.split("/", 3)[:3])


@pytest.fixture(autouse=True)
def tiles_are_asked_for() -> Iterator[None]:
    """In these tests the reader presses "Show map": the tiles' host is then asked, as it
    should be (refused here, with no network); any other origin still fails the test."""
    ASKED_HOSTS.add(TILE_HOST)
    yield
    ASKED_HOSTS.discard(TILE_HOST)


@pytest.fixture
def watched(browser: Browser) -> Iterator[Any]:
    """Open fresh profiles that record every request and fail the test on a script error."""
    opened: list[tuple[BrowserContext, list[str]]] = []

    def open_page(
        served: Served, screen: str = "desktop", **options: Any
    ) -> tuple[Page, list[str]]:
        context = open_context(browser, served, **SCREENS[screen], **options)
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        opened.append((context, errors))
        return page, requests

    yield open_page
    for context, errors in opened:
        context.close()
        assert errors == [], f"JavaScript errors: {errors}"


def show_map(page: Page, index: int = 0) -> Any:
    """Press a map's "Show map" and wait until it says how many schools it shows."""
    box = page.locator(".sn-map").nth(index)
    box.get_by_role("button", name="Show map").click()
    note = box.locator(".sn-map__note")
    expect(note).to_have_attribute("data-count", re.compile(r"^\d+$"), timeout=20_000)
    return box


def map_count(box: Any) -> int:
    return int(box.locator(".sn-map__note").get_attribute("data-count"))


def drawn_total(box: Any) -> int:
    """What the map draws: the numbers on its clusters plus its single markers."""
    return int(
        box.evaluate(
            """b => [...b.querySelectorAll('.marker-cluster')]
                    .reduce((n, c) => n + Number(c.textContent.trim()), 0)
                  + b.querySelectorAll('.sn-pin').length"""
        )
    )


def expect_matching(page: Page, count: int, total: int) -> None:
    """The directory's status line gives `count` matches of `total` for the current filters."""
    expect(page.locator(".sn-directory__status")).to_contain_text(f"{count} of {total} schools")


def map_rows(site: Path) -> set[int]:
    """The rows of the schools directory that map.json places."""
    data = json.loads((site / "schools" / "map.json").read_text("utf-8"))
    return {point[0] for point in data["points"]}


# --- nothing third-party unasked -------------------------------------------------------


@pytest.mark.parametrize("path", ["schools/", "networks/nnoss/", "schools/aln-vale-first/"])
def test_show_map_fetches_nothing_elsewhere_before_the_click(
    watched: Any, served: Served, path: str
) -> None:
    page, requests = watched(served)
    page.goto(served.url(path))
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    before = list(requests)
    elsewhere = [u for u in before if origin(u) != origin(served.root)]
    assert elsewhere == []
    assert not any("vendor/leaflet" in u or "map.json" in u for u in before)
    box = show_map(page)
    assert map_count(box) > 0
    after = requests[len(before) :]
    assert any(u.endswith("vendor/leaflet/leaflet.js") for u in after)
    expect(box.locator(".leaflet-tile")).not_to_have_count(0)  # asked for, and refused here
    assert any(TILE_HOST in u for u in after)


# --- the directory's map follows its filters, on every page -----------------------------


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_directory_map_shows_the_tables_matches_across_pages(
    watched: Any, paged_served: Served, screen: str
) -> None:
    data = json.loads((paged_served.site / "schools" / "rows.json").read_text("utf-8"))
    placed = map_rows(paged_served.site)
    fields = data["fields"]
    phase, la = fields.index("phase"), fields.index("la")
    page, _ = watched(paged_served, screen)
    page.goto(paged_served.url("schools/"))
    box = show_map(page)
    total = len(data["rows"])
    assert map_count(box) == len(placed) == total  # every synthetic school has a place

    page.get_by_label("Phase").select_option("special")
    wanted = [i for i, row in enumerate(data["rows"]) if row[phase] == "special"]
    assert any(i >= data["size"] for i in wanted), "all on page 1: no test"
    note = box.locator(".sn-map__note")
    expect(note).to_have_attribute("data-count", str(len(set(wanted) & placed)))
    expect_matching(page, len(wanted), total)
    page.wait_for_timeout(500)  # Clusters appear in chunks.
    assert drawn_total(box) == len(wanted)

    area = data["rows"][wanted[-1]][la]
    page.get_by_label("Local authority").select_option(area)
    both = [i for i in wanted if data["rows"][i][la] == area]
    expect(note).to_have_attribute("data-count", str(len(both)))
    expect_matching(page, len(both), total)
    assert query_of(page) == {"phase": ["special"], "la": [area]}

    # The same address, opened afresh, shows the same map.
    shared = page.evaluate("window.location.href")
    again, _ = watched(paged_served, screen)
    again.goto(shared)
    expect(again.get_by_label("Local authority")).to_have_value(area)
    box = show_map(again)
    expect(box.locator(".sn-map__note")).to_have_attribute("data-count", str(len(both)))
    again.wait_for_timeout(500)
    assert drawn_total(box) == len(both)


def test_a_marker_opens_a_popup_that_links_to_its_school_by_keyboard(
    watched: Any, served: Served
) -> None:
    page, _ = watched(served)
    page.goto(served.url("schools/?name=aln vale"))
    expect(visible_rows(page)).to_have_count(1)
    name = visible_rows(page).locator("td a").first.inner_text()
    box = show_map(page)
    assert map_count(box) == 1
    marker = box.locator(".sn-pin")
    expect(marker).to_have_attribute("tabindex", "0")
    marker.focus()
    page.keyboard.press("Enter")
    link = box.locator(".sn-map__popup a")
    expect(link).to_have_text(name)
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/schools/aln-vale-first/$"))
    expect(page.locator("h1")).to_contain_text(name)


# --- near me ---------------------------------------------------------------------------


def nearest_in_directory(site: Path, lat: float, lon: float, count: int = 10) -> list[str]:
    """The names of the schools nearest a place, from map.json and the directory's own table."""
    data = json.loads((site / "schools" / "map.json").read_text("utf-8"))
    soup = BeautifulSoup((site / "schools" / "index.html").read_text("utf-8"), "html.parser")
    names = [tr.select_one("td a").get_text() for tr in soup.select(".sn-directory tbody tr")]
    ranked = sorted((distance_km(lat, lon, p[1], p[2]), p[0]) for p in data["points"])
    return [names[row] for _, row in ranked[:count]]


HEXHAM = {"latitude": 54.9710, "longitude": -2.1010}


def test_schools_near_me_with_location_shared(watched: Any, served: Served) -> None:
    page, requests = watched(served, geolocation=HEXHAM, permissions=["geolocation"])
    page.goto(served.url("schools/"))
    page.wait_for_load_state("load")
    assert not any("map.json" in u for u in requests), "asked before the click"
    page.get_by_role("button", name="Schools near me").click()
    items = page.locator(".sn-near__list li")
    expect(items).to_have_count(10)
    wanted = nearest_in_directory(served.site, HEXHAM["latitude"], HEXHAM["longitude"])
    assert items.locator("a").all_inner_texts() == wanted
    first = items.first.inner_text()
    assert re.search(r" · \d+\.\d km \(\d+\.\d miles\)$", first), first

    # It follows the filters: only primary schools now.
    page.get_by_label("Phase").select_option("primary")
    page.get_by_role("button", name="Schools near me").click()
    expect(page.locator(".sn-near__status")).to_contain_text("that match the filters")
    names = items.locator("a").all_inner_texts()
    primary = set(visible_rows(page).locator("td:first-child a").all_inner_texts())
    assert names and set(names) <= primary


def test_schools_near_me_with_location_refused(watched: Any, served: Served) -> None:
    page, _ = watched(served, geolocation=HEXHAM, permissions=[])
    page.goto(served.url("schools/"))
    page.get_by_role("button", name="Schools near me").click()
    status = page.locator(".sn-near__status")
    expect(status).to_contain_text("did not share your location")
    expect(page.locator(".sn-near__list")).to_be_hidden()


# --- near this school ------------------------------------------------------------------


def test_near_this_school_lists_the_nearest_with_distances(watched: Any, served: Served) -> None:
    site = load_project(Sources(ROOT, "content"), today=build_date(), members=False)
    school = site.schools["aln-vale-first"]
    assert school.coordinates is not None
    here = school.coordinates
    ranked = sorted(
        (distance_km(here.lat, here.lon, s.coordinates.lat, s.coordinates.lon), s.name)
        for s in site.open_schools()
        if s.coordinates is not None and s.id != school.id
    )
    wanted = [(name, km) for km, name in ranked[:5] if km <= 50]
    page, _ = watched(served)
    page.goto(served.url("schools/aln-vale-first/"))
    items = page.locator("#sn-nearby li")
    expect(items).to_have_count(len(wanted))
    for item, (name, km) in zip(items.all(), wanted, strict=True):
        text = item.inner_text()
        assert text == f"{name} · {km:.1f} km ({km / 1.609344:.1f} miles)"
    box = show_map(page)
    assert map_count(box) == 1 + len(wanted)  # the school itself, and its neighbours


# --- suppliers narrowed by area --------------------------------------------------------


def test_suppliers_narrowed_by_local_authority_and_by_distance(
    watched: Any, served: Served
) -> None:
    site = load_project(Sources(ROOT, "content"), today=build_date(), members=False)

    def recommenders(supplier: Any) -> list[Any]:
        return [s for s in (site.school(r.school) for r in supplier.recommendations) if s]

    area = "Gateshead"
    by_area = sorted(
        s.name
        for s in site.suppliers.values()
        if any(x.local_authority == area for x in recommenders(s))
    )
    page, _ = watched(served)
    page.goto(served.url("suppliers/"))
    page.get_by_label("Recommended by schools in").select_option(area)
    names = visible_rows(page).locator("td:first-child a").all_inner_texts()
    assert sorted(names) == by_area and 0 < len(by_area) < len(site.suppliers)
    assert query_of(page) == {"la": [area]}

    page.get_by_label("Recommended by schools in").select_option("")
    origin_school = site.schools["aln-vale-first"]
    o = origin_school.coordinates
    within = 10
    near = {
        s.name
        for s in site.suppliers.values()
        if any(
            x.coordinates
            and distance_km(o.lat, o.lon, x.coordinates.lat, x.coordinates.lon) <= within
            for x in recommenders(s)
        )
    }
    page.get_by_label("Recommended by a school within").select_option(str(within))
    page.get_by_label("of (a school that recommends suppliers)").select_option(origin_school.id)
    names = visible_rows(page).locator("td:first-child a").all_inner_texts()
    assert set(names) == near and 0 < len(near) < len(site.suppliers)
    assert query_of(page) == {"near": [origin_school.id], "within": [str(within)]}
    page.reload()
    expect(visible_rows(page)).to_have_count(len(near))


def test_a_recommendation_says_where_its_school_is(watched: Any, served: Served) -> None:
    site = load_project(Sources(ROOT, "content"), today=build_date(), members=False)
    supplier = next(s for s in site.suppliers.values() if s.recommendations)
    page, _ = watched(served)
    page.goto(served.url(f"suppliers/{supplier.id}/"))
    for section in page.locator(".sn-recommendation").all():
        school_name = section.locator("h3 a").inner_text()
        school = next(s for s in site.schools.values() if s.name == school_name)
        where = school.local_authority or school.country
        expect(section.locator(".sn-where")).to_have_text(where)


# --- axe with the maps open, and the screenshots ---------------------------------------


@pytest.mark.parametrize(
    ("path", "screen"),
    [
        ("schools/", "desktop"),
        ("schools/", "phone"),
        ("schools/aln-vale-first/", "desktop"),
        ("networks/nnoss/", "desktop"),
        ("networks/nnoss/", "phone"),
    ],
)
def test_maps_open_have_no_serious_accessibility_violations(
    watched: Any, served: Served, axe_source: str, path: str, screen: str
) -> None:
    page, _ = watched(served, screen)
    page.goto(served.url(path))
    box = show_map(page)
    box.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    if path == "schools/":
        screenshot(page, f"schools-map-{screen}", full_page=False)
    axe_check(page, axe_source, f"/{path} with its map open ({screen})")
