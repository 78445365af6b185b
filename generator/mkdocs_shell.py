"""A pre-rendered page shell for record pages: the theme is rendered once per kind, not per page.

Record pages of one kind share everything the theme draws around their
content: the same depth (so the same relative asset paths), the same
navigation (they are not in it), no previous/next links and, without
headings in their body, an empty table of contents. Only the title,
description, address and content differ. So the theme's full template is
rendered once with sentinel values, cut into a shell at the sentinels, and
every other page of that kind is the shell with its own values put back.

The theme prints the title and description through different filters in
different places (as they are, `| e`, `| urlencode`, `| striptags`), so the
sentinels hold the characters those filters change (`& ' "`): each place in
the shell records the filter whose output it shows, and filling applies the
same filter to the page's own value. A place whose filter cannot be told,
or a table of contents, keeps a page on the normal path, and a kind keeps
the normal path unless the shell reproduces two real pages byte for byte. This module is MkDocs- and
theme-facing by nature; the plugin calls it.

Pages that have no Markdown body go further: beyond two probes per folder
they never enter MkDocs' page pipeline at all (no Markdown instance, no
per-page events). They are `ShellPageFile`s: known to MkDocs as files, so
links to them resolve and they reach the sitemap, but written by the
generator from the shell, spread over the machine's cores.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from jinja2.filters import do_striptags, do_urlencode
from markupsafe import escape
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import parallel
from .page_cache import PageCache, page_key
from .pages import PageSpec
from .render import Renderer
from .urls import page_dest

PROBES_PER_FOLDER = 2
"""Pages of a folder that take MkDocs' own path, to cut and check the folder's shell."""
TEMPLATE = "schoolnet-shell.html"
"""A one-line template that hands the content to on_post_page, where the shell is filled."""
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


Fresh = list[tuple[str, str, str]]
"""Pages whose content a worker rendered anew: (source path, cache key, content)."""


@dataclass(frozen=True)
class Frames:
    """What the workers wait for: each folder's shell, and what the last rebuild left.

    `previous` is the folder holding the previous rebuild's output (a live
    preview), and `unchanged` the folders whose shell is the same as then:
    a page there whose content is unchanged too is moved back, not written.
    """

    shells: dict[str, Shell]
    previous: str | None = None
    unchanged: frozenset[str] = frozenset()


@dataclass
class ShellPages:
    """Pages being written from shells by forked workers, and the files MkDocs lists for them."""

    files: dict[str, ShellPageFile]
    running: parallel.Running[Frames, tuple[Fresh, int]]
    cache: PageCache | None = None
    sent: dict[str, Shell] = field(default_factory=dict)

    def send_shells(self, shells: dict[str, Shell], previous: str | None) -> None:
        """Hand the workers the shell of each folder; they fill and write their pages."""
        unchanged: frozenset[str] = frozenset()
        if self.cache is not None and previous is not None:
            unchanged = frozenset(
                f for f, shell in shells.items() if self.cache.frames.get(f) == shell
            )
        self.sent = shells
        self.running.send(Frames(shells, previous, unchanged))

    def finish(self) -> tuple[int, int]:
        """Wait for the workers; keep what they rendered anew; how many pages that was,
        and how many were moved back unchanged from the previous output."""
        shares = self.running.wait()
        fresh = [page for share, _moved in shares for page in share]
        if self.cache is not None:
            for src, key, content in fresh:
                self.cache.put(src, key, content)
            # The shells the pages were written with, now that they all are.
            self.cache.frames = dict(self.sent)
        return len(fresh), sum(moved for _share, moved in shares)

    def cancel(self) -> None:
        """Stop the workers (the build failed)."""
        self.running.cancel()


@dataclass(frozen=True)
class _Prepared:
    folder: str
    dest: str
    """The page's path in the site folder."""
    values: dict[str, str]
    kept: bool
    """Its content is the one the last rebuild wrote."""


def start_shell_pages(
    specs: list[PageSpec], renderer: Renderer, config: MkDocsConfig, cache: PageCache | None
) -> ShellPages:
    """Fork workers that render these pages' content now and write them once shells arrive.

    The content (the costly part) needs only the model, so it is rendered
    while MkDocs reads the other pages; the frame around it comes from
    MkDocs' first pages of each folder, later, through `send_shells`. With
    a cache (a live preview), a page whose data is unchanged since the last
    rebuild keeps its content instead of being rendered again, and its file
    instead of being written again.
    """
    files = {spec.src: ShellPageFile(config, spec.src) for spec in specs}
    site_dir = config.site_dir

    def prepare(share: int, shares: int) -> tuple[list[_Prepared], Fresh]:
        prepared = []
        fresh: Fresh = []
        memo: dict[int, str] = {}
        for spec in specs[share::shares]:
            file = files[spec.src]
            title, description = page_meta(spec)
            key = page_key(spec, memo) if cache is not None else ""
            content = cache.get(spec.src, key) if cache is not None else None
            kept = content is not None
            if content is None:
                content = renderer.render_page(spec, "")
                if cache is not None:
                    fresh.append((spec.src, key, content))
            values = {"title": title, "description": description, "content": content}
            values["url"] = file.url
            prepared.append(_Prepared(folder_of(spec.src), file.dest_uri, values, kept))
        return prepared, fresh

    def finish(state: tuple[list[_Prepared], Fresh], frames: Frames) -> tuple[Fresh, int]:
        prepared, fresh = state
        moved = 0
        for page in prepared:
            if page.kept and frames.previous and page.folder in frames.unchanged:
                path = os.path.join(site_dir, page.dest)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with contextlib.suppress(FileNotFoundError):
                    os.replace(os.path.join(frames.previous, page.dest), path)
                    moved += 1
                    continue
            html = frames.shells[page.folder].fill(page.values)
            write_site_file(site_dir, page.dest, html.encode("utf-8"))
        return fresh, moved

    return ShellPages(files, parallel.start(prepare, finish, len(specs)), cache)


class WrittenFile(File):
    """A file MkDocs lists (so links to it resolve) but the generator writes itself.

    File.__init__ would normalise the path through pathlib, a cost that
    shows at 25,000 files; the generator's paths are plain POSIX paths
    already, so the attributes are set as File sets them.
    """

    def __init__(
        self,
        config: MkDocsConfig,
        src_uri: str,
        dest_uri: str | None = None,
        inclusion: InclusionLevel = InclusionLevel.UNDEFINED,
    ) -> None:
        self.src_uri = src_uri
        self.src_dir = None
        self.dest_dir = config.site_dir
        self.use_directory_urls = config.use_directory_urls
        self.dest_uri = dest_uri or src_uri
        self.inclusion = inclusion
        self.generated_by = "schoolnet"
        self.abs_src_path = None
        self._content = b""

    def copy_file(self, dirty: bool = False) -> None:
        """Nothing to copy: the generator writes the file."""


class ShellPageFile(WrittenFile):
    """A page MkDocs knows only as a file: the generator writes it from a shell.

    It is not a documentation page to MkDocs (so it gets no Markdown pass
    and no page events); its address is the one MkDocs would give the same
    page, so links to it resolve.
    """

    def __init__(self, config: MkDocsConfig, src_uri: str) -> None:
        dest = page_dest(src_uri, config.use_directory_urls)
        super().__init__(config, src_uri, dest, InclusionLevel.NOT_IN_NAV)

    def is_documentation_page(self) -> bool:
        """Not for MkDocs to render: the generator writes it."""
        return False


def write_site_file(site_dir: str, path: str, data: bytes) -> None:
    """Write one file by its path relative to the site folder, as MkDocs writes pages:
    bytes as given, newlines untouched."""
    target = os.path.join(site_dir, *path.split("/"))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as out:
        out.write(data)


@dataclass(frozen=True)
class SitemapPage:
    """What MkDocs' sitemap template reads from a page, for a page written from a shell."""

    canonical_url: str | None
    abs_url: str | None
    update_date: str
    is_link: bool = False


@dataclass(frozen=True)
class SitemapEntry:
    """Stands in for a File in the sitemap's list of pages."""

    page: SitemapPage


def sitemap_entry(file: File, site_url: str | None, update_date: str) -> SitemapEntry:
    """The entry MkDocs would list for the same page (see Page._set_canonical_url)."""
    if not site_url:
        return SitemapEntry(SitemapPage(None, None, update_date))
    base = site_url if site_url.endswith("/") else site_url + "/"
    parts = urlsplit(base)
    if parts.query or parts.fragment or file.url.startswith(("/", ".")):
        canonical = urljoin(base, file.url)  # What MkDocs does, at its own pace.
        return SitemapEntry(SitemapPage(canonical, urlsplit(canonical).path, update_date))
    # A relative page URL under a plain base: urljoin would only append it.
    return SitemapEntry(SitemapPage(base + file.url, parts.path + file.url, update_date))


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
        and "SchoolnetShell" not in values["title"] + values["description"]
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
    if html.count(SENTINELS["content"]) != 1:
        return None
    chunks: list[str] = []
    slots: list[tuple[str, str]] = []
    url = re.escape(probe.url)
    last = 0
    for found in re.finditer(f"{FILTERED.pattern}|(?P<url>{url})", html):
        slot = _slot_of(found)
        if slot is None:
            return None
        chunks.append(html[last : found.start()])
        slots.append(slot)
        last = found.end()
    chunks.append(html[last:])
    return Shell(tuple(chunks), tuple(slots))


def _slot_of(found: re.Match[str]) -> tuple[str, str] | None:
    """Which value a sentinel stands for, and the filter the theme printed it through."""
    if found["url"] is not None:
        return ("url", "")
    if found[1] is None:
        return ("content", "")
    shown = found[2]
    for name, apply in FILTERS.items():
        if apply(MARKED) == shown:
            return (found[1].lower(), name)
    return None


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
