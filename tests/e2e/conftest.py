"""The shipped sample site, built once, served on localhost and opened in headless Chromium.

Besides it, a synthetic project of `PAGED_SCHOOLS` schools, built once, whose
directories are long enough to be split into pages (tests/e2e/test_paginated.py).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import ROOT, build, copy_fixture, mkdocs
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from benchmarks.synthetic import write_project

from .support import (
    AXE,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    FOREIGN,
    PHONE,
    Served,
    SiteHandler,
    base_path,
    open_context,
)


@pytest.fixture(autouse=True)
def no_third_party_requests() -> Iterator[None]:
    """Fail any browser test during which a page asked another origin for anything.

    The profiles refuse such requests (the tests must not depend on the
    network) but record them first, so none passes unseen.
    """
    before = len(FOREIGN)
    yield
    assert FOREIGN[before:] == [], f"requests to other origins: {FOREIGN[before:]}"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, from tests/e2e's npm lock, to inject into pages."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing; `./dev test -m slow` runs `npm ci` in tests/e2e")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped sample, built strictly once for all browser tests, as of the test date."""
    out = tmp_path_factory.mktemp("e2e") / "site"
    result = mkdocs(ROOT, "build", "--strict", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    return out


PAGED_SCHOOLS = 1500
"""Enough schools for several directory pages, few enough to build in a few seconds."""


@contextmanager
def serving(site: Path, base: str) -> Iterator[Served]:
    """A built site on a free port of 127.0.0.1 under the path `base`, until the block ends."""
    handler = type("Handler", (SiteHandler,), {"base": base})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(site, f"http://127.0.0.1:{server.server_port}{base}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def served(sample_site: Path) -> Iterator[Served]:
    """The built site on a free port of 127.0.0.1, for the whole session."""
    with serving(sample_site, base_path()) as site:
        yield site


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic project of PAGED_SCHOOLS schools, built strictly once: paginated directories."""
    project = tmp_path_factory.mktemp("paged") / "project"
    write_project(project, schools=PAGED_SCHOOLS)
    out = project / "site"
    result = mkdocs(project, "build", "--strict", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def paged_served(paged_site: Path) -> Iterator[Served]:
    """The synthetic site, served under its site_url's path (/synthetic/)."""
    with serving(paged_site, "/synthetic/") as site:
        yield site


HOSTILE_INTRO = "Zebrafish tip: `<img src=x onerror=alert(1)>` and `<script>alert(2)</script>`.\n"
HOSTILE_GUIDE = "# Quokka guide\n\nQuokka: `<img src=x onerror=alert(3)>` is shown as code.\n"
HOSTILE_SUMMARY = "Narwhal <img src=x onerror=alert(4)> club"


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture with text that `check` accepts but a careless page would run.

    (A record's name may not hold `<` or `>`; its summary may.)
    """
    project = copy_fixture("small", tmp_path_factory.mktemp("hostile"))
    (project / "content" / "schools" / "index.md").write_text(HOSTILE_INTRO)
    (project / "content" / "guide" / "start.md").write_text(HOSTILE_GUIDE)
    schools = project / "schools.yaml"
    schools.write_text(
        schools.read_text().replace(
            "name: Bramble Hill School",
            f'name: Bramble Hill School\n  summary: "{HOSTILE_SUMMARY}"',
        )
    )
    return build(project)


@pytest.fixture(scope="session")
def hostile_served(hostile_site: Path) -> Iterator[Served]:
    """The hostile fixture's site, under its site_url's path (/fixture/)."""
    with serving(hostile_site, "/fixture/") as site:
        yield site


@pytest.fixture
def hostile_page(browser: Browser, hostile_served: Served) -> Iterator[Page]:
    """A desktop-sized page of the hostile site; fails on script errors."""
    yield from _watched_page(browser, hostile_served, viewport=DESKTOP)


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
    """A page in a fresh profile; the test fails if any script on it throws."""
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


@pytest.fixture
def paged_page(browser: Browser, paged_served: Served) -> Iterator[Page]:
    """A desktop-sized page of the synthetic paginated site; fails on script errors."""
    yield from _watched_page(browser, paged_served, viewport=DESKTOP)
