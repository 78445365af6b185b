"""What a reader does in a real browser: search, filter, sort, download a calendar, use a phone."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from .support import PHONE, Served, open_context

pytestmark = pytest.mark.slow

HAWES_SIDE = "schools/hawes-side-academy/"
TIPALT_BURN = "schools/tipalt-burn-primary/"
"""Schools of the shipped sample; Hawes Side's URN is 990139."""


def screenshot(page: Page, name: str, *, full_page: bool = True) -> None:
    """Save a picture for a person to look at, when SCHOOLNET_SCREENSHOTS names a folder."""
    folder = os.environ.get("SCHOOLNET_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


def search(page: Page, served: Served, query: str) -> list[str]:
    """Type a query into the theme's search box; the result pages' paths, best first.

    Records (assets/record-search.js) are listed first, in their own section
    of the theme's result panel, then the theme's own results (content pages
    and directories); both searches must have answered.
    """
    page.goto(served.url())
    box = page.locator("input.md-search__input")
    box.click()
    # The theme searches on keyup (and when its worker is ready), not on input.
    box.fill(query)
    box.press("End")
    expect(page.locator(".md-search-result > .md-search-result__meta")).to_have_text(
        re.compile(r"matching document"), timeout=20_000
    )
    expect(page.locator(".sn-records")).to_have_attribute("data-state", "done", timeout=20_000)
    expect(page.locator(".sn-records__status")).to_have_text(re.compile(r"matching record"))
    hrefs = page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.href)"
    )
    return [urlsplit(href).path for href in hrefs]


def path_of(served: Served, page: str) -> str:
    """The URL path of a page, as search results link to it."""
    return urlsplit(served.url(page)).path


@pytest.mark.parametrize(
    ("query", "wanted"),
    [("Hawes Side Academy", HAWES_SIDE), ("Tipalt Burn Primary School", TIPALT_BURN)],
)
def test_search_finds_a_school_by_name(page: Page, served: Served, query: str, wanted: str) -> None:
    results = search(page, served, query)
    assert results, "no results"
    assert results[0] == path_of(served, wanted), results[:5]


def test_search_finds_a_school_by_urn(page: Page, served: Served) -> None:
    results = search(page, served, "990139")
    assert results, "no results"
    assert results[0] == path_of(served, HAWES_SIDE), results[:5]


def result_texts(page: Page) -> list[str]:
    """The text of each result as shown (a record's name, then its kind line), spaces collapsed."""
    texts = page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.innerText)"
    )
    return [" ".join(text.split()) for text in texts]


@pytest.mark.parametrize(
    ("query", "wanted", "kind"),
    [
        ("FY4 4LU", HAWES_SIDE, "Hawes Side Academy school · "),
        ("Fylde Kitchen Company", "suppliers/fylde-kitchen-company/", " supplier · "),
    ],
)
def test_search_by_postcode_network_and_supplier_shows_the_kind(
    page: Page, served: Served, query: str, wanted: str, kind: str
) -> None:
    results = search(page, served, query)
    assert results[0] == path_of(served, wanted), results[:5]
    assert kind in result_texts(page)[0]


def test_search_for_a_network_name_puts_it_near_the_top(page: Page, served: Served) -> None:
    # Events named after the network compete for its words; the network is in the top two.
    results = search(page, served, "NESA Maths Subject Group")
    assert path_of(served, "networks/nesa-maths/") in results[:2], results[:5]
    texts = result_texts(page)
    assert any("NESA Maths Subject Group subject group" in t for t in texts[:2]), texts[:2]


@pytest.mark.parametrize(
    ("query", "label"), [("Gateshead", "Gateshead"), ("catering", " supplier · ")]
)
def test_search_by_local_authority_or_category_finds_records_of_it(
    page: Page, served: Served, query: str, label: str
) -> None:
    search(page, served, query)
    texts = result_texts(page)
    assert sum(label in text for text in texts[:5]) >= 2, texts[:5]


def query_of(page: Page) -> dict[str, list[str]]:
    """The page's query string as the page itself sees it now.

    `page.url` learns of history.replaceState a moment later, so ask the page.
    """
    return parse_qs(page.evaluate("window.location.search").lstrip("?"))


def visible_rows(page: Page) -> Locator:
    return page.locator(".sn-directory tbody tr:not([hidden]):not(.sn-directory__empty)")


def test_filter_narrows_schools_and_survives_reload(page: Page, served: Served) -> None:
    page.goto(served.url("schools/"))
    total = page.locator(".sn-directory tbody tr:not(.sn-directory__empty)").count()
    assert total > 40
    expect(visible_rows(page)).to_have_count(total)
    page.get_by_label("Phase").select_option("primary")
    page.get_by_label("Local authority").select_option("Northumberland")
    phases = visible_rows(page).evaluate_all(
        "rows => rows.map(r => r.dataset.phase + '/' + r.dataset.la)"
    )
    assert 0 < len(phases) < total
    assert set(phases) == {"primary/Northumberland"}
    status = page.get_by_role("status")
    expect(status).to_have_text(f"{len(phases)} of {total} schools shown")
    assert query_of(page) == {"phase": ["primary"], "la": ["Northumberland"]}
    screenshot(page, "schools-filtered-desktop")
    shown = visible_rows(page).locator("td:first-child").all_inner_texts()

    page.reload()
    expect(page.get_by_label("Phase")).to_have_value("primary")
    expect(page.get_by_label("Local authority")).to_have_value("Northumberland")
    assert visible_rows(page).locator("td:first-child").all_inner_texts() == shown

    # The text box narrows further and the "Clear filters" button brings all rows back.
    page.get_by_label("Name, URN, postcode or place").fill(shown[0].split()[0])
    assert query_of(page)["name"] == [shown[0].split()[0]]
    assert shown[0] in visible_rows(page).locator("td:first-child").all_inner_texts()
    assert visible_rows(page).count() < len(shown) or len(shown) == 1
    page.get_by_role("button", name="Clear filters").click()
    expect(visible_rows(page)).to_have_count(total)
    expect(status).to_have_text(f"All {total} schools shown")
    assert query_of(page) == {}


def test_a_shared_link_opens_the_same_view(page: Page, served: Served) -> None:
    page.goto(served.url("schools/?phase=special&sort=-name&phase-typo=x#details"))
    expect(page.get_by_label("Phase")).to_have_value("special")
    assert set(visible_rows(page).evaluate_all("rows => rows.map(r => r.dataset.phase)")) == {
        "special"
    }
    header = page.locator("th", has=page.get_by_role("button", name="School"))
    expect(header).to_have_attribute("aria-sort", "descending")
    # Unknown parameters and the fragment are kept, so other links still work.
    assert page.evaluate("window.location.hash") == "#details"
    assert query_of(page)["phase-typo"] == ["x"]


def test_sort_buttons_order_the_table(page: Page, served: Served) -> None:
    page.goto(served.url("schools/"))
    names = page.locator(".sn-directory tbody tr:not(.sn-directory__empty) td:first-child")
    original = names.all_inner_texts()
    button = page.get_by_role("button", name="School", exact=True)
    header = page.locator("th", has=button)
    expect(header).not_to_have_attribute("aria-sort", re.compile("."))
    button.click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert names.all_inner_texts() == sorted(original, key=str.casefold)
    button.click()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert names.all_inner_texts() == sorted(original, key=str.casefold, reverse=True)
    assert query_of(page) == {"sort": ["-name"]}

    urn = page.get_by_role("button", name="URN", exact=True)
    urn.click()
    expect(header).not_to_have_attribute("aria-sort", re.compile("."))
    cells = page.locator(".sn-directory tbody tr:not(.sn-directory__empty) td:nth-child(2)")
    urns = cells.all_inner_texts()
    numbers = [u for u in urns if u]
    assert numbers == sorted(numbers, key=int)
    assert urns[len(numbers) :] == [""] * (len(urns) - len(numbers)), "blanks sort last"

    # Sorting is a keyboard action too.
    page.reload()
    page.get_by_role("button", name="School", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "ascending")


def test_event_filters_apply_to_upcoming_and_past(page: Page, served: Served) -> None:
    page.goto(served.url("events/"))
    tables = page.locator(".sn-directory table")
    expect(tables).to_have_count(2)
    kind = page.get_by_label("Kind")
    options = kind.locator("option").all_inner_texts()
    assert options[0] == "All" and len(options) > 2
    kind.select_option(label="network meeting")
    for table in tables.all():
        kinds = table.locator("tbody tr:not([hidden]):not(.sn-directory__empty)").evaluate_all(
            "rows => rows.map(r => r.dataset.kind)"
        )
        assert set(kinds) <= {"network meeting"}
    assert query_of(page) == {"kind": ["network meeting"]}


def test_event_page_downloads_a_calendar(page: Page, served: Served) -> None:
    page.goto(served.url("events/"))
    page.locator(".sn-directory table").first.locator("tbody tr a").first.click()
    link = page.get_by_role("link", name="Add to calendar")
    expect(link).to_have_count(1)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    body = Path(download.path()).read_text(encoding="utf-8")
    assert body.startswith("BEGIN:VCALENDAR"), body[:200]
    assert "BEGIN:VEVENT" in body


def test_phone_menu_and_directory(phone: Page, served: Served) -> None:
    phone.goto(served.url())
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the home page scrolls sideways"
    phone.locator('label.md-header__button[for="__drawer"]').click()
    drawer = phone.locator("nav.md-nav--primary")
    link = drawer.get_by_role("link", name="Schools", exact=True)
    expect(link).to_be_visible()
    link.click()
    expect(phone).to_have_url(re.compile(r"/schools/$"))
    expect(phone.locator("article h1")).to_have_text("Schools")
    # The rows are cards that fit the screen; the page never scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Touch targets are at least 44 px tall.
    select = phone.get_by_label("Phase")
    for target in [select, phone.get_by_role("button", name="School", exact=True)]:
        box = target.bounding_box()
        assert box is not None and box["height"] >= 44, box
    select.select_option("secondary")
    expect(phone.get_by_role("status")).to_have_text(re.compile(r"^\d+ of \d+ schools shown$"))
    screenshot(phone, "schools-filtered-phone")


def test_without_javascript_the_full_table_is_there(browser: Browser, served: Served) -> None:
    context = open_context(browser, served, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served.url("schools/?phase=special"))
        rows = page.locator("article tbody tr")
        assert rows.count() > 40
        expect(rows.first).to_be_visible()
        expect(page.locator("article select")).to_have_count(0)
    finally:
        context.close()
