"""The shipped sample site, built once, served on localhost and opened in headless Chromium."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import ROOT, mkdocs
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from .support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    Served,
    SiteHandler,
    base_path,
    open_context,
)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped sample, built strictly once for all browser tests, as of the test date."""
    out = tmp_path_factory.mktemp("e2e") / "site"
    result = mkdocs(ROOT, "build", "--strict", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def served(sample_site: Path) -> Iterator[Served]:
    """The built site on a free port of 127.0.0.1, for the whole session."""
    base = base_path()
    handler = type("Handler", (SiteHandler,), {"base": base})
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(sample_site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(sample_site, f"http://127.0.0.1:{server.server_port}{base}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing; `./dev test -m slow` installs Debian's chromium")
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _watched_page(browser: Browser, served: Served, **options: object) -> Iterator[Page]:
    context = open_context(browser, served, **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


@pytest.fixture
def page(browser: Browser, served: Served) -> Iterator[Page]:
    """A desktop-sized page; the test fails if any script on it throws."""
    yield from _watched_page(browser, served, viewport=DESKTOP)


@pytest.fixture
def phone(browser: Browser, served: Served) -> Iterator[Page]:
    """A 375-px-wide touch screen, like a small phone; fails on script errors too."""
    yield from _watched_page(browser, served, viewport=PHONE, is_mobile=True, has_touch=True)
