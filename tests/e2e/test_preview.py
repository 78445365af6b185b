"""The preview opened from disk in a real browser, as a reviewer opens the unzipped download.

Pages and links work from `file://`, and so does filtering a directory of
one page (its rows are in the page); searching and the map fetch data,
which browsers refuse to pages from disk (CONTRIBUTING.md says so).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route

from tests.test_preview import dev_build


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built as `./dev build --preview` builds the download."""
    return dev_build(tmp_path_factory.mktemp("preview") / "site", "--preview")


@pytest.fixture
def disk_page(browser: Browser) -> Iterator[tuple[Page, list[str], list[str]]]:
    """A page that may open files only: what else it asked for, and its uncaught errors."""
    context = browser.new_context()
    elsewhere: list[str] = []
    errors: list[str] = []

    def only_files(route: Route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, elsewhere, errors
    context.close()


@pytest.mark.slow
def test_the_preview_is_browsable_from_disk(
    preview: Path, disk_page: tuple[Page, list[str], list[str]]
) -> None:
    page, elsewhere, errors = disk_page
    page.goto((preview / "index.html").as_uri())
    page.locator("nav.md-tabs").get_by_role("link", name="Schools").click()
    assert page.url == (preview / "schools" / "index.html").as_uri()
    page.get_by_role("link", name="Hawes Side Academy").first.click()
    assert page.url == (preview / "schools" / "hawes-side-academy.html").as_uri()
    assert page.locator("h1").first.inner_text().startswith("Hawes Side Academy")
    page.go_back()
    rows = page.locator("table tbody tr:visible")
    assert rows.count() > 40
    page.get_by_label("Name, URN, postcode or place").fill("hawes")
    page.wait_for_function("document.querySelectorAll('table tbody tr:not([hidden])').length < 5")
    assert "Hawes Side Academy" in rows.first.inner_text()
    assert elsewhere == []
    # Material's search looks for an offline index (search/search_index.js) from disk; none is
    # built (it would need a script from another site), so search says nothing: no other error.
    assert set(errors) <= {f"Invalid script: {(preview / 'search' / 'search_index.js').as_uri()}"}
