"""axe-core, run in Chromium on every kind of page, finds nothing serious or critical.

Each page is checked after its scripts have run, so the directory filters
that directory.js adds are checked too. Every finding is printed (run with
`-s` to see them); only serious and critical ones fail the test.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, expect

from .support import DESKTOP, Served, open_context, scheme_options

pytestmark = pytest.mark.slow

FAILING_IMPACTS = {"serious", "critical"}

FIXED_PAGES = {
    "home": "",
    "schools directory": "schools/",
    "schools directory, filtered to nothing": "schools/?name=zzzz-no-such-school",
    "networks directory": "networks/",
    "policies directory": "policies/",
    "events directory": "events/",
    "suppliers directory": "suppliers/",
    "guidance page": "guidance/joining/",
    "open data page": "data/",
    "404 page": "no-such-page/",
}
RECORD_PAGES = {
    "school page": ("schools", "article tbody a"),
    "network page": ("networks", "article tbody a"),
    "policy page": ("policies", "article tbody tr:has(.sn-badge--alert) a"),
    "event page": ("events", "article tbody tr.sn-cancelled a"),
    "supplier page": ("suppliers", "article tbody a"),
}
"""Each record page is the first its directory lists, preferring one with a coloured badge."""
DARK = ["home", "policies directory", "events directory", "policy page", "event page"]
"""Pages also checked in the dark colour scheme: the ones with coloured badges."""
PHONE_PAGES = [
    "home",
    "schools directory",
    "networks directory",
    "policies directory",
    "events directory",
    "suppliers directory",
    "event page",
]
"""Pages also checked on a phone, where the menu and the filters are laid out differently
and a directory's rows are cards."""


def page_path(site: Path, name: str) -> str:
    """The path of a page kind; a record page is the first record its directory lists."""
    if name in FIXED_PAGES:
        path = FIXED_PAGES[name]
        assert name == "404 page" or (site / path.split("?")[0] / "index.html").is_file(), path
        return path
    folder, selector = RECORD_PAGES[name]
    soup = BeautifulSoup((site / folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = soup.select_one(selector) or soup.select_one("article tbody a")
    assert link is not None, f"{folder}/ lists no records"
    return posixpath.normpath(f"{folder}/{link['href']}") + "/"


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        more = f" (+{len(v['nodes']) - 3} more)" if len(v["nodes"]) > 3 else ""
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} — {targets}{more}")
    return "\n".join(lines)


def axe_check(page: Page, axe_source: str, label: str, within: str | None = None) -> None:
    """Run axe on the page as it is now (or the part `within` selects), print what it found,
    fail on a serious finding."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "(within) => axe.run(within ? document.querySelector(within) : document,"
        " { resultTypes: ['violations'] })",
        within,
    )
    violations = result["violations"]
    print(f"\naxe {result['testEngine']['version']}, {label}:")
    print(describe(violations) or "  no violations")
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"{label}:\n{describe(failing)}"


@pytest.mark.parametrize(
    ("name", "scheme"),
    [(name, "light") for name in [*FIXED_PAGES, *RECORD_PAGES]]
    + [(name, "dark") for name in DARK]
    + [(name, "phone") for name in PHONE_PAGES],
)
def test_no_serious_accessibility_violations(
    browser: Browser, served: Served, axe_source: str, name: str, scheme: str
) -> None:
    options = scheme_options(scheme)
    context = open_context(browser, served, **options)
    try:
        page = context.new_page()
        path = page_path(served.site, name)
        page.goto(served.url(path))
        page.wait_for_load_state("load")
        axe_check(page, axe_source, f"{name} ({scheme}), /{path}")
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_results_with_records_have_no_serious_violations(
    browser: Browser, served: Served, axe_source: str, scheme: str
) -> None:
    """The header search open, listing records (assets/record-search.js) and pages."""
    context = open_context(browser, served, viewport=DESKTOP, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(served.url())
        box = page.locator("input.md-search__input")
        box.click()
        box.fill("Gateshead")
        box.press("End")
        records = page.locator(".sn-records")
        expect(records).to_have_attribute("data-state", "done", timeout=20_000)
        expect(records.get_by_role("status")).to_have_text(re.compile(r"\d+ matching records"))
        expect(page.get_by_role("list", name="Records")).to_be_visible()
        axe_check(page, axe_source, f"search results ({scheme})", within=".md-search")
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_directory_searched_by_postcode_has_no_serious_violations(
    browser: Browser, served: Served, axe_source: str, scheme: str
) -> None:
    """The schools directory's rows found by a field say so ("Found by postcode ..."); axe on it."""
    context = open_context(browser, served, viewport=DESKTOP, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(served.url("schools/?name=FY4"))
        expect(page.locator(".sn-found").first).to_have_text(re.compile(r"^Found by postcode FY4"))
        axe_check(page, axe_source, f"schools directory searched by postcode ({scheme})")
    finally:
        context.close()
