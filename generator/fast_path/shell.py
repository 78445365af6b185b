"""A pre-rendered page shell for record pages: the theme is rendered once per folder, not per page.

Record pages of one kind share everything the theme draws around their
content: the same depth (so the same relative asset paths), the same
navigation (they are not in it), no previous/next links and, without
headings in their body, an empty table of contents. Only the title,
description, address and content differ. So the theme's full template is
rendered once with sentinel values, cut into a shell at the sentinels, and
every other page of that folder is the shell with its own values put back.

The theme prints the title and description through different filters in
different places (as they are, `| e`, `| urlencode`, `| striptags`), so the
sentinels hold the characters those filters change (`& ' "`): each place in
the shell records the filter whose output it shows, and filling applies the
same filter to the page's own value. A folder whose shell cannot be cut (a
filter it does not know, a table of contents) or does not reproduce its
probe pages byte for byte gets a `Mismatch` naming why, and `FastPath`
sends that folder through MkDocs' own page pipeline.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from jinja2.filters import do_striptags, do_urlencode
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..pages import PageSpec
from .borrowed import render_full

PROBES_PER_FOLDER = 2
"""Pages of a folder that take MkDocs' own path, to cut and check the folder's shell."""
MARKED = "&amp;'\""
"""Characters the theme's filters treat differently, as the title's meta value holds `& ' "`."""
SENTINELS = {
    "title": f"SchoolnetShellTitle{MARKED}Sentinel",
    "description": f"SchoolnetShellDescription{MARKED}Sentinel",
    # Holds an <h1> as real record content does: the theme adds its own
    # heading only to content without one.
    "content": "<h1>SchoolnetShellContentSentinel</h1>",
}
FILTERS: dict[str, Callable[[str], str]] = {
    "": lambda text: text,
    "e": lambda text: str(escape(text)),
    "urlencode": lambda text: str(do_urlencode(text)),
    "striptags": lambda text: str(do_striptags(text)),
}
"""The filters the theme passes a title or description through, by name."""
FILTERED = re.compile(
    r"SchoolnetShell(Title|Description)(.{1,40}?)Sentinel|<h1>SchoolnetShellContentSentinel</h1>"
)


@dataclass(frozen=True)
class Shell:
    """Literal chunks of a rendered page, with the name of the value that goes between them."""

    chunks: tuple[str, ...]
    slots: tuple[tuple[str, str], ...]
    """(value name, filter name) for each gap between chunks."""

    def fill(self, values: dict[str, str]) -> str:
        """The page: the chunks, with this page's values filtered as the theme does."""
        out = [self.chunks[0]]
        for (name, filter_name), chunk in zip(self.slots, self.chunks[1:], strict=True):
            out.append(FILTERS[filter_name](values[name]))
            out.append(chunk)
        return "".join(out)


def folder_of(src: str) -> str:
    """The folder a page's source sits in: pages of one folder share a shell."""
    return src.rsplit("/", 1)[0] if "/" in src else ""


def page_meta(spec: PageSpec) -> tuple[str, str]:
    """The title and description as the page's meta holds them for the theme.

    The theme prints them without escaping; titles never hold < or >.
    """
    return html.escape(spec.title, quote=False), html.escape(spec.description)


def _candidate(spec: PageSpec) -> bool:
    """A generated page that a shell can hold and that needs no Markdown pass."""
    return (
        not spec.in_nav
        and spec.body is None
        and spec.src != "index.md"
        and "SchoolnetShell" not in spec.title + spec.description
    )


def outside_mkdocs(specs: Iterable[PageSpec]) -> list[PageSpec]:
    """The pages to write from shells: candidates beyond the first probes of each folder."""
    seen: dict[str, int] = {}
    chosen = []
    for spec in specs:
        if _candidate(spec):
            folder = folder_of(spec.src)
            seen[folder] = seen.get(folder, 0) + 1
            if seen[folder] > PROBES_PER_FOLDER:
                chosen.append(spec)
    return chosen


class Mismatch(Exception):
    """Why a folder's pages cannot come from one shell; the message says it in a few words."""


def values_of(page: Page) -> dict[str, str]:
    """The per-page values a shell needs: what the theme would print for this page."""
    return {
        "title": str(page.meta.get("title", "")),
        "description": str(page.meta.get("description", "")),
        "content": page.content or "",
        "url": page.url,
    }


def unfit(page: Page) -> str | None:
    """Why the shell could not reproduce this page's theme output exactly, if it could not."""
    values = values_of(page)
    if page.content is None or "<h1" not in page.content:
        return f"{page.file.src_uri} has no <h1> in its content"
    if page.toc.items:
        return f"{page.file.src_uri} has a table of contents"
    if "SchoolnetShell" in values["title"] + values["description"] or any(
        s in values["content"] for s in SENTINELS.values()
    ):
        return f"{page.file.src_uri} holds the shell's sentinel text"
    return None


def make_shell(probe: Page, env: Any, nav: Navigation, files: Files, config: MkDocsConfig) -> Shell:
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
    shown = html.count(SENTINELS["content"])
    if shown != 1:
        raise Mismatch(f"the theme printed the page's content {shown} times, not once")
    chunks: list[str] = []
    slots: list[tuple[str, str]] = []
    url = re.escape(probe.url)
    last = 0
    for found in re.finditer(f"{FILTERED.pattern}|(?P<url>{url})", html):
        chunks.append(html[last : found.start()])
        slots.append(_slot_of(found))
        last = found.end()
    chunks.append(html[last:])
    return Shell(tuple(chunks), tuple(slots))


def _slot_of(found: re.Match[str]) -> tuple[str, str]:
    """Which value a sentinel stands for, and the filter the theme printed it through."""
    if found["url"] is not None:
        return ("url", "")
    if found[1] is None:
        return ("content", "")
    shown = found[2]
    for name, apply in FILTERS.items():
        if apply(MARKED) == shown:
            return (found[1].lower(), name)
    raise Mismatch(f"the theme printed the {found[1].lower()} through an unknown filter")


def probe_folder(
    probes: list[Page], env: Any, nav: Navigation, files: Files, config: MkDocsConfig
) -> Shell:
    """The shell of a folder, cut from its first probe; raise Mismatch unless it
    reproduces each probe byte for byte."""
    shell = make_shell(probes[0], env, nav, files, config)
    for page in probes:
        made, full = shell.fill(values_of(page)), render_full(page, env, nav, files, config)
        if made != full:
            at = next(
                (i for i, (a, b) in enumerate(zip(made, full, strict=False)) if a != b), len(made)
            )
            raise Mismatch(
                f"probe {page.file.src_uri} differs from its full render at character {at}: "
                f"{full[max(0, at - 20) : at + 30]!r}"
            )
    return shell
