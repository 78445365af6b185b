"""Hostile text that `check` accepts stays text in the search results of a real browser.

The theme's search shows an entry's title and text as HTML: a directory
introduction's code span `<img src=x onerror=…>` once ran there. Each query
below matches a hostile fixture (a directory introduction, a guidance page,
a school's summary); no dialog may open and no element from the fixture may
appear in the page, while the text itself is shown.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Dialog, Page

from .support import Served
from .test_browser import search

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("zebrafish", "<img src=x onerror=alert(1)"),
        ("quokka", "<img src=x onerror=alert(3)>"),
        ("narwhal", "Bramble Hill School"),
    ],
)
def test_hostile_text_is_shown_not_run(
    hostile_page: Page, hostile_served: Served, query: str, shown: str
) -> None:
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    hostile_page.on("dialog", refuse)
    results = search(hostile_page, hostile_served, query)
    assert results, "no results"
    hostile_page.wait_for_timeout(300)  # Time for an injected onerror to fire.
    assert dialogs == []
    assert (
        hostile_page.locator("img[src='x'], script:not([src])").evaluate_all(
            "els => els.filter(e => /alert\\(/.test(e.outerHTML)).length"
        )
        == 0
    )
    assert hostile_page.locator(".md-search-result img").count() == 0
    panel = hostile_page.locator(".md-search-result").inner_text()
    assert shown in " ".join(panel.split())
