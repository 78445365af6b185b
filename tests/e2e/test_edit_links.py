"""The edit and suggestion links in Chromium: named links, a visible focus ring, nothing serious
for axe, on a desktop and a phone, and no request to the repository's host (the autouse
`no_third_party_requests` fails a test during which a page asked another origin)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import build, copy_fixture
from playwright.sync_api import Browser, expect

from .conftest import serving
from .support import Served, open_context, scheme_options
from .test_accessibility import axe_check

pytestmark = pytest.mark.slow

REPO = "https://github.com/example/schools"
FOCUS_RING = """el => { const s = getComputedStyle(el);
  return {style: s.outlineStyle, width: s.outlineWidth, visible: el.matches(':focus-visible')}; }"""


@pytest.fixture(scope="module")
def repo_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The small fixture with repo_url and edit_uri, served under its site_url's path."""
    project = copy_fixture("small", tmp_path_factory.mktemp("edit-links-e2e"))
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"repo_url: {REPO}\nedit_uri: edit/main/content/\n")
    site: Path = build(project)
    with serving(site, "/fixture/") as served:
        yield served


@pytest.mark.parametrize(
    ("path", "scheme"),
    [
        ("schools/hawes-side/", "light"),
        ("schools/hawes-side/", "dark"),
        ("schools/hawes-side/", "phone"),
        ("policies/safeguarding/", "light"),
        ("schools/", "light"),
        ("schools/", "phone"),
    ],
)
def test_links_pass_axe_and_show_their_focus(
    browser: Browser, repo_served: Served, axe_source: str, path: str, scheme: str
) -> None:
    options = scheme_options(scheme)
    context = open_context(browser, repo_served, **options)
    try:
        page = context.new_page()
        page.goto(repo_served.url(path))
        page.wait_for_load_state("load")
        edit = page.locator("article .sn-edit")
        expect(edit).to_have_count(1)
        name = "Suggest a new school" if path == "schools/" else "Suggest a correction"
        link = edit.get_by_role("link", name=name)
        form = "policy" if path.startswith("policies") else "school"
        href = link.get_attribute("href") or ""
        assert href.startswith(f"{REPO}/issues/new?template={form}.yml"), href
        axe_check(page, axe_source, f"edit links, /{path} ({scheme})")
        page.keyboard.press("Tab")  # A keyboard user: :focus-visible applies from here on.
        link.focus()
        ring = link.evaluate(FOCUS_RING)
        assert ring == {"style": "solid", "width": "3px", "visible": True}, ring
        box = link.bounding_box()
        viewport = page.viewport_size
        assert box is not None and viewport is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]  # No sideways scroll.
    finally:
        context.close()
