"""A pre-rendered page shell for record pages: the theme is rendered once per kind, not per page.

Record pages of one kind share everything the theme draws around their
content: the same depth (so the same relative asset paths), the same
navigation (they are not in it), no previous/next links and, without
headings in their body, an empty table of contents. Only the title,
description, address and content differ. So the theme's full template is
rendered once with sentinel values, cut into a shell at the sentinels, and
every other page of that kind is the shell with its own values put back.

That is only exact when nothing else differs, so the shell is used only
for pages whose title and description contain none of `& < > " '` (the
theme runs them through different filters in different places) and that
have no table of contents, and a kind keeps the normal path unless the
shell reproduces two real pages byte for byte. This module is MkDocs- and
theme-facing by nature; the plugin calls it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

TEMPLATE = "schoolnet-shell.html"
"""A one-line template that hands the content to on_post_page, where the shell is filled."""
SENTINELS = {
    "title": "SchoolnetShellTitleSentinel",
    "description": "SchoolnetShellDescriptionSentinel",
    # Holds an <h1> as real record content does: the theme adds its own
    # heading only to content without one.
    "content": "<h1>SchoolnetShellContentSentinel</h1>",
}
UNSAFE = re.compile(r"[&<>\"']")


@dataclass(frozen=True)
class Shell:
    """Literal chunks of a rendered page, with the name of the value that goes between them."""

    chunks: tuple[str, ...]
    slots: tuple[str, ...]

    def fill(self, values: dict[str, str]) -> str:
        """The page: the chunks with this page's values in the slots."""
        out = [self.chunks[0]]
        for slot, chunk in zip(self.slots, self.chunks[1:], strict=True):
            out.append(values[slot])
            out.append(chunk)
        return "".join(out)


def values_of(page: Page) -> dict[str, str]:
    """The per-page values a shell needs: what the theme would print for this page."""
    return {
        "title": str(page.meta.get("title", "")),
        "description": str(page.meta.get("description", "")),
        "content": page.content or "",
        "url": page.url,
    }


def eligible(page: Page) -> bool:
    """A page whose theme output the shell can reproduce exactly."""
    values = values_of(page)
    return (
        page.content is not None
        and "<h1" in page.content
        and not page.toc.items
        and not UNSAFE.search(values["title"] + values["description"])
        and not any(s in values["content"] for s in SENTINELS.values())
    )


def render_full(page: Page, env: Any, nav: Navigation, files: Files, config: MkDocsConfig) -> str:
    """The page as MkDocs' own build renders it through the theme (without writing it)."""
    config._current_page = page
    page.active = True
    try:
        context = get_context(nav, files.documentation_pages(), config, page)
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        return str(env.get_template("main.html").render(context))
    finally:
        page.active = False
        config._current_page = None


def make_shell(
    probe: Page, env: Any, nav: Navigation, files: Files, config: MkDocsConfig
) -> Shell | None:
    """Render the theme once for `probe` with sentinel values and cut it at them."""
    saved = (dict(probe.meta), probe.content)
    probe.meta["title"] = SENTINELS["title"]
    probe.meta["description"] = SENTINELS["description"]
    probe.content = SENTINELS["content"]
    try:
        html = render_full(probe, env, nav, files, config)
    finally:
        probe.meta.clear()
        probe.meta.update(saved[0])
        probe.content = saved[1]
    names = {v: k for k, v in SENTINELS.items()} | {probe.url: "url"}
    pattern = re.compile("|".join(re.escape(token) for token in names))
    parts = pattern.split(html)
    found = pattern.findall(html)
    if html.count(SENTINELS["content"]) != 1:
        return None
    return Shell(tuple(parts), tuple(names[token] for token in found))


def build_shells(
    pages: list[Page], env: Any, nav: Navigation, files: Files, config: MkDocsConfig
) -> dict[str, Shell]:
    """Shells by page source path for the eligible pages of each folder that proves exact.

    `pages` are record pages; they are grouped by folder (one kind each). A
    folder's shell must reproduce two of its real pages exactly, else its
    pages keep the normal path.
    """
    by_folder: dict[str, list[Page]] = {}
    for page in pages:
        if eligible(page):
            by_folder.setdefault(page.file.src_uri.rsplit("/", 1)[0], []).append(page)
    shells: dict[str, Shell] = {}
    for folder_pages in by_folder.values():
        if len(folder_pages) < 2:
            continue
        shell = make_shell(folder_pages[0], env, nav, files, config)
        checks = folder_pages[:2]
        if shell is None or any(
            shell.fill(values_of(p)) != render_full(p, env, nav, files, config) for p in checks
        ):
            continue
        for page in folder_pages:
            shells[page.file.src_uri] = shell
    return shells
