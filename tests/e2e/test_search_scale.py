"""Record search at 25,000 schools: a cold search fetches little, and finds the school.

One synthetic project (benchmarks/synthetic.py) is built without PDFs
(about a minute), then weighed in Python and searched in headless Chromium.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import load
from helpers import mkdocs, record_search_files
from playwright.sync_api import Browser, expect

from benchmarks.search_speed import DIRECTORY as DIRECTORY_TIMING
from benchmarks.synthetic import write_project
from generator.exports.search_shards import FOLDER, words
from generator.site import Site

from .support import DESKTOP, Served, SiteHandler, open_context

pytestmark = pytest.mark.slow

SCHOOLS = 25_000
FETCH_LIMIT = 300_000
"""Most bytes (gzip -6) of index data a cold record search may fetch."""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scale")
    write_project(folder, schools=SCHOOLS)
    result = mkdocs(folder, "build", "-q")
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture(scope="module")
def model(project: Path) -> Site:
    return load(project, members=False)


@pytest.fixture(scope="module")
def common(project: Path) -> set[str]:
    """The manifest's common words: too frequent to start a search."""
    manifest = json.loads((project / "site" / FOLDER / "manifest.json").read_text("utf-8"))
    return set(manifest["common"])


def findable(model: Site, common: set[str], count: int) -> list[tuple[str, str, str, str]]:
    """Name, URN, postcode and page of `count` schools spread through the file, each with
    a name no other school has and a word in it that is not common (a name made only of
    common words, such as 'St Mary's Catholic Primary School', is one a reader must add a
    place to)."""
    schools = list(model.schools.values())
    names = Counter(school.name for school in schools)
    picked: list[tuple[str, str, str, str]] = []
    for school in schools[:: len(schools) // (4 * count)]:
        if len(picked) == count:
            break
        selective = set(words(school.name)) - common
        if school.urn and school.postcode and names[school.name] == 1 and selective:
            picked.append((school.name, school.urn, school.postcode, f"schools/{school.id}/"))
    assert len(picked) == count, picked
    return picked


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def test_a_cold_search_fetches_under_300_kb(project: Path, model: Site, common: set[str]) -> None:
    site = project / "site"
    queries = [(query, page) for *found, page in findable(model, common, 6) for query in found]
    sizes = []
    for (query, page), fetched in zip(
        queries, record_search_files(site, [q for q, _ in queries]), strict=True
    ):
        total = sum(gz(path) for path in fetched)
        sizes.append(total)
        assert total < FETCH_LIMIT, (query, [p.name for p in fetched], total)
        # A name with an uncommon word, a URN or a whole postcode leads to its shard.
        assert len(fetched) == 2, query
        assert f'"{page}"' in fetched[1].read_text(encoding="utf-8"), query
    assert len(sizes) == 18
    print(f"bytes a cold record search fetches (gzip): max {max(sizes)}, min {min(sizes)}")


@pytest.fixture(scope="module")
def served(project: Path) -> Iterator[Served]:
    handler = type("Handler", (SiteHandler,), {"base": "/synthetic/"})
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(project / "site"))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(project / "site", f"http://127.0.0.1:{server.server_port}/synthetic/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_typing_a_school_name_finds_it(
    browser: Browser, served: Served, model: Site, common: set[str]
) -> None:
    context = open_context(browser, served, viewport=DESKTOP)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        checked = []
        for name, _urn, _postcode, wanted in findable(model, common, 3):
            page.goto(served.url())
            box = page.locator("input.md-search__input")
            box.click()
            box.fill(name)
            records = page.locator(".sn-records")
            expect(records).to_have_attribute("data-state", "done", timeout=20_000)
            expect(page.locator(".sn-records__status")).to_have_text(re.compile("matching record"))
            first = records.locator("a.md-search-result__link").first
            expect(first).to_have_attribute("href", served.url(wanted))
            expect(first).to_contain_text(name)
            checked.append(name)
        assert len(checked) == 3, checked
        assert errors == [], errors
    finally:
        context.close()


TYPED = ["beck", "heathercroft", "haethercroft", "ne61", "ne61 1", "view"]
"""Queries the shared matcher works hardest on: inside words, a typo, postcodes."""
MATCH_LIMIT_MS = 250
"""Most milliseconds the shared matcher may take over every row, per query (median of 3)."""


def test_the_shared_matcher_answers_every_row_quickly(browser: Browser, served: Served) -> None:
    """Infix and typo matching over 25,000 rows in Chromium, as the directory's text box runs it."""
    context = open_context(browser, served, viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(served.url("schools/"))
        timed = page.evaluate(DIRECTORY_TIMING, {"queries": TYPED, "runs": 3})
        assert timed["rows"] > 24_000
        medians = {q: sorted(times)[1] for q, times in timed["times"].items()}
        assert all(ms < MATCH_LIMIT_MS for ms in medians.values()), medians
        assert timed["counts"]["haethercroft"] == timed["counts"]["heathercroft"] > 0
    finally:
        context.close()
