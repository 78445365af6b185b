"""The preview opened from disk in a real browser, as a reviewer opens the unzipped download.

Pages and links work from `file://`, and so does filtering a directory of
one page (its rows are in the page); searching and the map fetch data,
which browsers refuse to pages from disk. Served by the one command
CONTRIBUTING.md gives (Python's own `http.server`), searching works too.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route

from tests.test_preview import dev_build

from .support import Served, open_context
from .test_browser import search


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


@pytest.fixture
def python_serving(preview: Path) -> Iterator[Served]:
    """The preview served as CONTRIBUTING.md says: `python -m http.server PORT` in its folder."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=preview,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "http.server did not start"
                time.sleep(0.1)
        yield Served(preview, f"http://127.0.0.1:{port}/")
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.slow
def test_the_served_preview_searches(browser: Browser, python_serving: Served) -> None:
    context = open_context(browser, python_serving)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    found = search(page, python_serving, "hawes side")
    context.close()
    assert "/schools/hawes-side-academy.html" in found
    assert errors == []
