"""Directories split into pages: filters and sorting cover every record; links work without JS.

The site is a synthetic project of 1,500 schools (conftest.PAGED_SCHOOLS),
built once: its schools, events and other long directories have several
pages, and their rows.json files are what directory.js filters and sorts.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from .support import AXE, DESKTOP, Served, open_context
from .test_accessibility import FAILING_IMPACTS, describe
from .test_browser import query_of, visible_rows

pytestmark = pytest.mark.slow

NAV = 'nav[aria-label="Pages of the schools directory"]'
ROW_SHAPE = """rows => rows.map(tr => ({
  cls: tr.className,
  data: Object.assign({}, tr.dataset),
  cells: [...tr.cells].map(td => {
    const copy = td.cloneNode(true);
    copy.querySelectorAll("a").forEach(a => a.setAttribute("href", a.href));
    return [td.getAttribute("data-sort-value"), copy.innerHTML.replace(/\\s+/g, " ").trim()];
  }),
}))"""
"""A table row as the reader gets it: attributes, and each cell with its links resolved."""


def rows_json(served: Served, plural: str) -> dict[str, Any]:
    """A directory's rows.json, read from the built site."""
    data: dict[str, Any] = json.loads((served.site / plural / "rows.json").read_text("utf-8"))
    return data


def names(data: dict[str, Any]) -> list[str]:
    """Each row's link text, in the directory's order."""
    first_cell = len(data["fields"])
    return [row[first_cell][1][2] for row in data["rows"]]


def shown_names(page: Page) -> list[str]:
    return visible_rows(page).locator("td:first-child").all_inner_texts()


def test_a_filter_covers_every_page_and_survives_reload(
    paged_page: Page, paged_served: Served
) -> None:
    data = rows_json(paged_served, "schools")
    total, size = len(data["rows"]), data["size"]
    phase = data["fields"].index("phase")
    special = [
        name for name, row in zip(names(data), data["rows"], strict=True) if row[phase] == "special"
    ]
    assert any(names(data).index(name) >= size for name in special), "all on page 1: no test"
    page = paged_page
    page.goto(paged_served.url("schools/"))
    expect(visible_rows(page)).to_have_count(size)
    page.get_by_label("Phase").select_option("special")
    status = page.get_by_role("status")
    listed = min(size, len(special))
    wanted = (
        f"{len(special)} of {total} schools shown"
        if listed == len(special)
        else f"{len(special)} of {total} schools match; the first {listed} are shown"
    )
    expect(status).to_have_text(wanted)
    assert shown_names(page) == special[:listed]
    expect(page.locator(NAV)).to_be_hidden()
    assert query_of(page) == {"phase": ["special"]}

    page.reload()
    expect(page.get_by_label("Phase")).to_have_value("special")
    expect(status).to_have_text(wanted)
    assert shown_names(page) == special[:listed]


def test_the_text_box_finds_a_school_on_the_last_page(
    paged_page: Page, paged_served: Served
) -> None:
    data = rows_json(paged_served, "schools")
    last = names(data)[-1]
    page = paged_page
    page.goto(paged_served.url("schools/"))
    assert last not in shown_names(page)
    page.get_by_label("Name, URN, postcode or place").fill(last)
    expect(visible_rows(page).locator("td:first-child").first).to_have_text(last)
    link = visible_rows(page).get_by_role("link", name=last, exact=True)
    link.click()
    expect(page.locator("article h1")).to_contain_text(last)


def test_sorting_covers_every_page(paged_page: Page, paged_served: Served) -> None:
    data = rows_json(paged_served, "schools")
    # The URN cell shows the "urn" field: it holds that field's index.
    urns = [row[row[len(data["fields"]) + 1]] for row in data["rows"]]
    page = paged_page
    page.goto(paged_served.url("schools/"))
    button = page.get_by_role("button", name="School", exact=True)
    button.click()
    button.click()
    header = page.locator("th", has=button)
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(visible_rows(page).locator("td:first-child").first).to_have_text(names(data)[-1])
    assert query_of(page) == {"sort": ["-name"]}

    page.get_by_role("button", name="URN", exact=True).click()
    cells = visible_rows(page).locator("td:nth-child(2)")
    expect(cells.first).to_have_text(min((u for u in urns if u), key=int))
    shown = [u for u in cells.all_inner_texts() if u]
    assert shown == sorted(shown, key=int)


def test_show_more_adds_the_next_matches_and_moves_focus(
    paged_page: Page, paged_served: Served
) -> None:
    size = rows_json(paged_served, "schools")["size"]
    page = paged_page
    page.goto(paged_served.url("schools/?sort=urn"))
    expect(visible_rows(page)).to_have_count(size)
    more = page.get_by_role("button", name=re.compile(r"^Show \d+ more schools$"))
    more.click()
    expect(visible_rows(page)).to_have_count(2 * size)
    focused = page.evaluate("document.activeElement.closest('tr').rowIndex")
    assert focused == size + 1  # the header row is row 0

    # Clearing the sort brings back the page's own rows and its page links.
    page.goto(paged_served.url("schools/"))
    expect(page.locator(NAV)).to_be_visible()
    expect(more).to_be_hidden()


@pytest.mark.parametrize("plural", ["schools", "events"])
def test_rows_drawn_from_rows_json_match_the_pages(
    paged_page: Page, paged_served: Served, plural: str
) -> None:
    """A row the script draws is the row the page itself holds, cell for cell."""
    data = rows_json(paged_served, plural)
    size = data["size"]
    index = min(len(data["rows"]) - 1, size + size // 2)
    text = data["rows"][index][data["fields"].index("text")]
    page = paged_page
    page.goto(paged_served.url(f"{plural}/page/{index // size + 1}/"))
    selector = f'.sn-directory tbody tr[data-text="{text}"]'
    served_row = page.locator(selector).first.evaluate(f"tr => ({ROW_SHAPE})([tr])[0]")
    page.goto(paged_served.url(f"{plural}/"))
    page.locator(".sn-filters input[type=search]").fill(text)
    drawn = page.locator(selector).first
    expect(drawn).to_be_visible()
    assert drawn.evaluate(f"tr => ({ROW_SHAPE})([tr])[0]") == served_row


def test_every_school_is_reachable_without_javascript(
    browser: Browser, paged_served: Served
) -> None:
    data = rows_json(paged_served, "schools")
    context = open_context(browser, paged_served, java_script_enabled=False)
    seen: list[str] = []
    try:
        page = context.new_page()
        page.goto(paged_served.url("schools/"))
        pages = 0
        while True:
            pages += 1
            current = page.locator(f"{NAV} a[aria-current=page]")
            expect(current).to_have_text(f"Page {pages}")
            expect(page.locator(".sn-pages__where")).to_contain_text(f"Page {pages} of ")
            seen += page.locator("article tbody tr td:first-child").all_inner_texts()
            following = page.locator(f"{NAV} a[rel=next]")
            if following.count() == 0:
                break
            following.click()
        expect(page.locator("article select")).to_have_count(0)
    finally:
        context.close()
    assert seen == names(data)
    assert pages == -(-len(data["rows"]) // data["size"])


@pytest.mark.parametrize(
    "path", ["schools/", "schools/page/2/", "schools/?phase=special", "events/page/2/"]
)
def test_a_paginated_directory_has_no_serious_accessibility_violations(
    browser: Browser, paged_served: Served, path: str
) -> None:
    context = open_context(browser, paged_served, viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(paged_served.url(path))
        page.wait_for_load_state("load")
        expect(page.get_by_role("status")).not_to_have_text(re.compile("Loading"))
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate("() => axe.run(document, { resultTypes: ['violations'] })")
    finally:
        context.close()
    violations = result["violations"]
    print(f"\naxe, paginated /{path}:\n{describe(violations) or '  no violations'}")
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, describe(failing)
