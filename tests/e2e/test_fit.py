"""Tables that fit the screen, text large enough to read, and event counts that add up.

Measured in Chromium on the built sample at 1366x768 (a common laptop) and
375x740 (a small phone). Before this was built, the schools directory sat in
a 720-px column on the laptop, 8,140 px tall, and its table was 823 px wide on
the phone; badges were 9.6 px.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, expect

from .support import PHONE, Served, open_context

pytestmark = pytest.mark.slow

LAPTOP = {"width": 1366, "height": 768}
DIRECTORIES = ["schools/", "networks/", "events/", "policies/", "suppliers/"]
OTHER_PAGES = ["", "guidance/joining/", "data/", "about/", "no-such-page/"]
RECORD_FOLDERS = ["schools", "networks", "events", "policies", "suppliers"]
SERIES = "events/nesa-sbp-drop-in/"
"""The sample's repeating event (monthly from September 2026 to July 2027)."""
SCHOOLS_PAGE_MAX_HEIGHT = 5500
"""The schools directory's height on the laptop: 8,104 px before (measured on this
branch's base), about 4,250 px with the sidebars gone; the bound leaves room for a
map button or a font change above the table."""
MIN_FONT_PX = 12

SMALLEST_TEXT = """() => {
  // Every visible text node's computed font size; the smallest, and where it is.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let smallest = null;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    const parent = node.parentElement;
    if (!text || !parent) continue;
    if (!parent.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const size = parseFloat(getComputedStyle(parent).fontSize);
    if (!smallest || size < smallest.size) {
      const element = `${parent.tagName}.${parent.className}`;
      smallest = { size, text: text.slice(0, 40), element };
    }
  }
  return smallest;
}"""


@pytest.fixture
def laptop(browser: Browser, served: Served) -> Iterator[Page]:
    context = open_context(browser, served, viewport=LAPTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def small_phone(browser: Browser, served: Served) -> Iterator[Page]:
    context = open_context(browser, served, viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def first_record(page: Page, served: Served, folder: str) -> str:
    """The path of the first record its directory links to."""
    page.goto(served.url(f"{folder}/"))
    href = page.locator(".sn-directory tbody tr a").first.get_attribute("href") or ""
    url = str(page.evaluate("h => new URL(h, location.href).href", href))
    assert url.startswith(served.root), url
    return url.removeprefix(served.root).split("#")[0]


def every_page_kind(page: Page, served: Served) -> list[str]:
    """Home, the directories, a record page of each kind, the series, guidance, data, 404."""
    records = [first_record(page, served, folder) for folder in RECORD_FOLDERS]
    return [*OTHER_PAGES, *DIRECTORIES, *records, SERIES]


def overflow(page: Page) -> int:
    """How far the page is wider than the screen (0 when it does not scroll sideways)."""
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


# --- tables that fit -----------------------------------------------------------------


@pytest.mark.parametrize("path", DIRECTORIES)
def test_directories_use_the_laptop_screen_width(laptop: Page, served: Served, path: str) -> None:
    laptop.goto(served.url(path))
    expect(laptop.locator(".md-sidebar--primary")).to_be_hidden()
    expect(laptop.locator(".md-sidebar--secondary")).to_be_hidden()
    article = laptop.locator("article.md-content__inner").bounding_box()
    assert article is not None and article["width"] >= LAPTOP["width"] - 80, article
    assert overflow(laptop) == 0
    # Every table fits its box: nothing is left to scroll to.
    for table in laptop.locator(".sn-directory table").all():
        box = table.bounding_box()
        assert box is not None and box["x"] + box["width"] <= LAPTOP["width"], (path, box)


def test_the_schools_directory_is_far_shorter_on_a_laptop(laptop: Page, served: Served) -> None:
    laptop.goto(served.url("schools/"))
    height = laptop.evaluate("document.documentElement.scrollHeight")
    assert height <= SCHOOLS_PAGE_MAX_HEIGHT, height
    # The networks cell wraps to a few lines, not a dozen.
    lines = laptop.locator(".sn-directory tbody tr td:last-child").evaluate_all(
        """cells => cells.map(td => {
             const line = parseFloat(getComputedStyle(td).lineHeight);
             const pad = parseFloat(getComputedStyle(td).paddingTop) * 2;
             return Math.round((td.getBoundingClientRect().height - pad) / line);
           })"""
    )
    assert max(lines) <= 3, lines


def cards(page: Page) -> list[dict[str, Any]]:
    """Each visible directory row's cells on screen: label, what ::before shows, box, text."""
    result: list[dict[str, Any]] = page.evaluate(
        """() => [...document.querySelectorAll('.sn-directory table')].flatMap(table => {
             const headers = [...table.tHead.rows[0].cells].map(th =>
               th.cloneNode(true).textContent.trim());
             return [...table.tBodies[0].rows]
               .filter(tr => !tr.hidden && !tr.matches('.sn-directory__empty, .sn-directory__note'))
               .slice(0, 8)
               .flatMap(tr => [...tr.cells].map((td, i) => {
                 const box = td.getBoundingClientRect();
                 return { header: headers[i], label: td.dataset.label,
                   before: getComputedStyle(td, '::before').content,
                   left: box.left, right: box.right, width: box.width,
                   text: td.textContent.trim() };
               }));
           })"""
    )
    return result


@pytest.mark.parametrize("path", DIRECTORIES)
def test_on_a_phone_rows_are_cards_showing_every_column(
    small_phone: Page, served: Served, path: str
) -> None:
    small_phone.goto(served.url(path))
    assert overflow(small_phone) == 0, path
    found = cards(small_phone)
    assert found
    for cell in found:
        assert cell["label"] == cell["header"], cell
        if not cell["text"]:
            # An empty cell (no URN, no parent network) is left out of its card.
            assert cell["width"] == 0, cell
            continue
        assert cell["left"] >= 0 and cell["right"] <= PHONE["width"], cell
        assert cell["width"] > 0, cell
        assert cell["before"].startswith(f'"{cell["header"]}: "'), cell


def test_rows_drawn_from_rows_json_are_labelled_cards_too(
    browser: Browser, paged_served: Served
) -> None:
    """A paginated directory's filtered rows come from rows.json; they read as the page's do."""
    context = open_context(browser, paged_served, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        phone = context.new_page()
        phone.goto(paged_served.url("schools/page/2/"))
        phone.get_by_label("Phase").select_option("secondary")
        expect(phone.locator(".sn-directory__status")).to_have_text(re.compile("secondary|of"))
        expect(phone.locator(".sn-pages")).to_be_hidden()
        assert overflow(phone) == 0
        found = cards(phone)
        assert found and all(cell["label"] == cell["header"] for cell in found), found[:3]
    finally:
        context.close()


def longest_address(served: Served) -> str:
    """The school page whose address is longest, from the built pages."""
    found: dict[str, str] = {}
    for page in sorted((served.site / "schools").glob("*/index.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        label = soup.find("dt", string="Address")
        if label is not None:
            found[f"schools/{page.parent.name}/"] = label.find_next("dd").get_text()
    return max(found, key=lambda path: len(found[path]))


def test_a_long_address_wraps_between_words_on_a_phone(small_phone: Page, served: Served) -> None:
    small_phone.goto(served.url(longest_address(served)))
    address = small_phone.locator("dt:text-is('Address') + dd")
    lines = address.evaluate(
        """dd => {
             // Each word's boxes: a word broken across two lines has two.
             const text = dd.textContent, range = document.createRange(), out = [];
             const walker = document.createTreeWalker(dd, NodeFilter.SHOW_TEXT);
             const words = [];
             while (walker.nextNode()) {
               const node = walker.currentNode;
               for (const m of node.textContent.matchAll(/\\S+/g)) {
                 words.push([node, m.index, m[0]]);
               }
             }
             for (const [node, at, word] of words) {
               range.setStart(node, at); range.setEnd(node, at + word.length);
               const top = Math.round(range.getBoundingClientRect().top);
               out.push([word, range.getClientRects().length, top]);
             }
             const postcode = dd.querySelector('.sn-postcode');
             return { words: out, postcodeLines: postcode ? postcode.getClientRects().length : 0,
                      right: dd.getBoundingClientRect().right, text };
           }"""
    )
    tops = {top for _, _, top in lines["words"]}
    assert len(tops) > 1, f"the address fits one line, nothing to test: {lines['text']}"
    assert all(boxes == 1 for _, boxes, _ in lines["words"]), lines["words"]
    assert lines["postcodeLines"] == 1, lines
    assert lines["right"] <= PHONE["width"], lines


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_no_text_is_smaller_than_12_px(browser: Browser, served: Served, size: str) -> None:
    options: dict[str, Any] = (
        {"viewport": LAPTOP}
        if size == "laptop"
        else {"viewport": PHONE, "is_mobile": True, "has_touch": True}
    )
    context = open_context(browser, served, **options)
    try:
        page = context.new_page()
        smallest, wide = {}, {}
        for path in every_page_kind(page, served):
            page.goto(served.url(path))
            page.wait_for_load_state("load")
            smallest[path or "/"] = page.evaluate(SMALLEST_TEXT)
            wide[path or "/"] = overflow(page)
    finally:
        context.close()
    small = {p: s for p, s in smallest.items() if s and s["size"] < MIN_FONT_PX}
    assert not small, small
    assert not {p: w for p, w in wide.items() if w}, "pages wider than the screen"


def test_no_text_is_smaller_than_12_px_on_a_paginated_directory(
    browser: Browser, paged_served: Served
) -> None:
    context = open_context(browser, paged_served, viewport=LAPTOP)
    try:
        page = context.new_page()
        page.goto(paged_served.url("events/page/2/"))
        # A later page, written from a pre-rendered shell, hides the sidebars as page 1 does.
        expect(page.locator(".md-sidebar--primary")).to_be_hidden()
        smallest = page.evaluate(SMALLEST_TEXT)
        assert smallest["size"] >= MIN_FONT_PX, smallest
        assert overflow(page) == 0
    finally:
        context.close()


# --- events that add up -----------------------------------------------------------------


def heading_counts(page: Page) -> list[str]:
    return [t.strip() for t in page.locator(".sn-directory h2 .sn-count").all_inner_texts()]


def shown_rows(page: Page) -> list[tuple[int, int]]:
    """Each events table's visible rows, and how many of them are cancelled."""
    result: list[list[int]] = page.evaluate(
        """() => [...document.querySelectorAll('.sn-directory table')].map(table => {
             const rows = [...table.tBodies[0].rows].filter(tr => !tr.hidden &&
               !tr.matches('.sn-directory__empty, .sn-directory__note'));
             return [rows.length, rows.filter(tr => tr.classList.contains('sn-cancelled')).length];
           })"""
    )
    return [(shown, cancelled) for shown, cancelled in result]


def words(shown: int, cancelled: int) -> str:
    text = f"{shown} event date{'' if shown == 1 else 's'}"
    return f"{text}, {cancelled} cancelled" if cancelled else text


def test_one_event_count_on_home_and_events_page_following_filters(
    page: Page, served: Served
) -> None:
    page.goto(served.url())
    home = page.locator("ul.sn-counts a[href$='events/']").inner_text()
    total = int(home.split()[0])
    assert home.split(None, 1)[1] == "event dates"
    page.goto(served.url("events/"))
    status = page.locator(".sn-directory__status")
    expect(status).to_have_text(f"All {total} event dates shown")
    counts = shown_rows(page)
    assert sum(shown for shown, _ in counts) == total
    assert heading_counts(page) == [words(*c) for c in counts]
    built = heading_counts(page)
    # A filter: the headings count the rows it leaves, cancelled ones said as such.
    page.get_by_label("Kind").select_option("network meeting")
    expect(status).to_have_text(re.compile(rf"^\d+ of {total} event dates shown$"))
    counts = shown_rows(page)
    assert heading_counts(page) == [words(*c) for c in counts]
    assert heading_counts(page) != built
    left = int(status.inner_text().split()[0])
    assert sum(shown for shown, _ in counts) == left
    # Nothing matches: both headings say 0.
    page.get_by_label("Title").fill("zzzz no such event")
    expect(status).to_have_text(f"0 of {total} event dates shown")
    assert heading_counts(page) == ["0 event dates", "0 event dates"]
    page.get_by_role("button", name="Clear filters").click()
    expect(status).to_have_text(f"All {total} event dates shown")
    assert heading_counts(page) == built


def test_paginated_event_counts_cover_every_page_after_a_filter(
    paged_page: Page, paged_served: Served
) -> None:
    paged_page.goto(paged_served.url("events/"))
    built = heading_counts(paged_page)
    assert len(built) == 2
    first = paged_page.get_by_label("Kind").locator("option").nth(1).get_attribute("value")
    assert first
    paged_page.get_by_label("Kind").select_option(first)
    status = paged_page.locator(".sn-directory__status")
    expect(status).to_have_text(re.compile(r"^\d+ of \d+ event dates"))
    matched = int(status.inner_text().split()[0])
    # The headings count every match in rows.json, not only the rows drawn so far.
    numbers = [int(text.split()[0]) for text in heading_counts(paged_page)]
    assert sum(numbers) == matched, (heading_counts(paged_page), status.inner_text())
    paged_page.get_by_role("button", name="Clear filters").click()
    expect(paged_page.locator(".sn-pages")).to_be_visible()
    assert heading_counts(paged_page) == built


def test_each_date_of_a_series_has_its_own_link_and_anchor(page: Page, served: Served) -> None:
    page.goto(served.url("events/"))
    links = page.locator(f".sn-directory a[href*='{SERIES.split('/')[1]}/#date-']")
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(hrefs) > 1 and len(set(hrefs)) == len(hrefs), hrefs
    # The second date's link opens the series' page at that date.
    wanted = hrefs[1].split("#")[1]
    links.nth(1).click()
    expect(page).to_have_url(re.compile(rf"{SERIES}#{wanted}$"))
    target = page.locator(":target")
    expect(target).to_have_attribute("id", wanted)
    expect(target).to_be_in_viewport()
    ids = page.locator(".sn-dates li").evaluate_all("items => items.map(li => li.id)")
    assert len(set(ids)) == len(ids) and wanted in ids
    # The page leads with the next date, the one the directory lists first.
    first = hrefs[0].split("#")[1]
    lead = page.locator("p.sn-kind").text_content() or ""
    assert lead.startswith("Webinar · Next date: "), lead
    expect(page.locator(f"#{first}")).to_contain_text("(next)")


def test_subscribe_links_use_webcal_for_the_samples_site_url(page: Page, served: Served) -> None:
    page.goto(served.url("networks/nesa-sbp/"))
    subscribe = page.get_by_role("link", name="Subscribe to this network's calendar")
    expect(subscribe).to_have_attribute(
        "href", "webcal://example.org/schools-together/calendar/nesa-sbp.ics"
    )
    download = page.get_by_role("link", name="download the file")
    href = download.get_attribute("href")
    assert href == "../../calendar/nesa-sbp.ics"
    response = page.request.get(served.url("calendar/nesa-sbp.ics"))
    assert response.ok and b"REFRESH-INTERVAL;VALUE=DURATION:PT12H" in response.body()
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename == "nesa-sbp.ics"
