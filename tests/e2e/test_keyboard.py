"""Keyboard readers: a skip link on every page, and no Tab stop on anything hidden.

On a phone and a desktop, for each kind of page, the first Tab reaches a
visible "Skip to content" link whose Enter takes the next Tab into the
page's content (or past it, on a page whose content has no link); then
Tab is pressed through the page, and each element it reaches must be
visible once the theme's transitions have run: in the viewport, not
see-through, not flat (a hidden form control counts as
visible when its label is, as the theme's colour-scheme switch is).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from .support import DESKTOP, PHONE, Served, open_context
from .test_accessibility import page_path

pytestmark = pytest.mark.slow

PAGES = [
    "home",
    "schools directory",
    "policies directory",
    "school page",
    "network page",
    "policy page",
    "guidance page",
    "404 page",
]
SCREENS = {
    "desktop": {"viewport": DESKTOP},
    "phone": {"viewport": PHONE, "is_mobile": True, "has_touch": True},
}
TABS = 45
"""Tab presses per page: past the header, the menu and a directory's filters."""

FOCUSED = """async () => {
  // Transitions the focus set off (the theme opens the search, the drawer) start on a
  // later frame: wait two, then for every running animation to end.
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)));
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const shown = (node) => {
    const box = node.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) return false;
    if (box.right <= 0 || box.bottom <= 0 || box.left >= innerWidth || box.top >= innerHeight)
      return false;
    for (let n = node; n; n = n.parentElement) {
      const style = getComputedStyle(n);
      if (style.visibility === "hidden" || style.display === "none" || +style.opacity === 0)
        return false;
    }
    return true;
  };
  // The theme's colour-scheme switch: a hidden radio button drawn by the label after it.
  const labels = [...(element.labels || []), element.nextElementSibling].filter(
    (node) => node && node.tagName === "LABEL");
  return {
    tag: element.tagName,
    what: (element.getAttribute("aria-label") || element.textContent || element.className || "")
      .trim().replace(/\\s+/g, " ").slice(0, 60),
    visible: shown(element) || labels.some(shown),
    // In the content, or past it when it has nothing to focus (the 404 page).
    pastHeader: Boolean(element.closest(".md-content")) ||
      Boolean(document.querySelector(".md-content").compareDocumentPosition(element) &
        Node.DOCUMENT_POSITION_FOLLOWING),
  };
}"""


@pytest.fixture(params=list(SCREENS))
def screen(request: pytest.FixtureRequest, browser: Browser, served: Served) -> Iterator[Page]:
    context = open_context(browser, served, **SCREENS[request.param])
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_the_first_tab_stop_skips_to_the_content(screen: Page, served: Served, name: str) -> None:
    screen.goto(served.url(page_path(served.site, name)), wait_until="networkidle")
    screen.keyboard.press("Tab")
    first = screen.evaluate(FOCUSED)
    assert first is not None and first["what"] == "Skip to content", first
    assert first["visible"], first
    screen.keyboard.press("Enter")
    screen.keyboard.press("Tab")
    after = screen.evaluate(FOCUSED)
    assert after is not None and after["pastHeader"] and after["visible"], after


@pytest.mark.parametrize("name", PAGES)
def test_no_tab_stop_is_hidden(screen: Page, served: Served, name: str) -> None:
    screen.goto(served.url(page_path(served.site, name)), wait_until="networkidle")
    hidden = []
    for step in range(1, TABS + 1):
        screen.keyboard.press("Tab")
        focused = screen.evaluate(FOCUSED)
        if focused is not None and not focused["visible"]:
            hidden.append((step, focused["tag"], focused["what"]))
    assert hidden == []
