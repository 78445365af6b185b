"""A real browser, opening one page of every kind, asks nothing of any origin but the site's.

Every request is recorded (tests/e2e/support.py, `RequestLog`); one to
another origin is recorded, then refused, and fails the test. Pages are
opened until the network is idle, so late requests (web fonts, the search
worker's index, the record search's shards) are seen too.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from .support import DESKTOP, FOREIGN, PHONE, Served, open_context, origin_of, request_log
from .test_accessibility import FIXED_PAGES, RECORD_PAGES, page_path

pytestmark = pytest.mark.slow

PAGE_KINDS = [name for name in FIXED_PAGES if "filtered" not in name] + list(RECORD_PAGES)
SCREENS = {
    "desktop": {"viewport": DESKTOP},
    "phone": {"viewport": PHONE, "is_mobile": True, "has_touch": True},
}


@pytest.mark.parametrize("screen", SCREENS)
def test_every_page_kind_asks_only_the_site(browser: Browser, served: Served, screen: str) -> None:
    context = open_context(browser, served, **SCREENS[screen])
    log = request_log(context)
    try:
        page = context.new_page()
        for name in PAGE_KINDS:
            page.goto(served.url(page_path(served.site, name)), wait_until="networkidle")
        page.goto(served.url(), wait_until="networkidle")
        if screen == "phone":
            page.locator("label.md-header__button[for='__search']").click()
        box = page.locator("input.md-search__input")
        box.click()
        box.fill("Gateshead")
        box.press("End")
        expect(page.locator(".sn-records")).to_have_attribute("data-state", "done", timeout=20_000)
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    origins = {origin_of(url) for url in log.requests}
    assert origins == {origin_of(served.root)}, log.foreign
    # The log saw the pages and what they load: styles, scripts and both search indexes.
    assert any(url.endswith("/stylesheets/" + url.rsplit("/", 1)[-1]) for url in log.requests)
    assert any("/search/search_index.json" in url for url in log.requests)
    assert any("/search/records/manifest.json" in url for url in log.requests)
    assert any(url.endswith("/no-such-page/") for url in log.requests)


def test_the_log_records_a_request_to_another_origin(browser: Browser, served: Served) -> None:
    """A request elsewhere is recorded before it is refused: none can pass unseen."""
    before = len(FOREIGN)
    context = open_context(browser, served, viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(served.url(), wait_until="networkidle")
        page.evaluate(
            """() => {
              const link = document.createElement("link");
              link.rel = "stylesheet";
              link.href = "https://fonts.googleapis.com/css?family=Roboto";
              document.head.append(link);
            }"""
        )
        page.wait_for_load_state("networkidle")
        page.evaluate("fetch('https://example.invalid/x').catch(() => null)")
        page.wait_for_load_state("networkidle")
        foreign = list(request_log(context).foreign)
    finally:
        context.close()
    seen = FOREIGN[before:]
    del FOREIGN[before:]  # Made on purpose: not a failure of this test.
    assert foreign == [
        "https://fonts.googleapis.com/css?family=Roboto",
        "https://example.invalid/x",
    ]
    assert len(seen) == 2 and seen[0].startswith("https://fonts.googleapis.com/")
