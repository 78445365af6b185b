"""The fast path for record pages: one object, `FastPath`, that the plugin calls at each event.

Thousands of record pages look alike: only their title, description,
address and content differ. So instead of sending each through MkDocs'
page pipeline (a Markdown pass, page events, the theme's templates),
`FastPath`

1. in on_config, before MkDocs has any file, forks workers (`workers`) that
   render the record pages' content from the model, and keeps a live
   preview's `PageCache` between rebuilds;
2. in on_files, hands MkDocs a `ShellPageFile` for each of those pages: a
   file MkDocs lists (links resolve, the sitemap has it) but never renders;
   the first two pages of each folder, the probes, go through MkDocs;
3. in on_env, renders each folder's probes through the theme, cuts the
   output into a shell (`shell`) and checks that the shell gives back each
   probe byte for byte; the workers then fill the shell with each page;
4. in on_post_build, waits for the workers.

It falls back rather than stops. With a MkDocs or Material version it was
not checked against, or another plugin that handles page events (it would
miss the pages written from shells), no page takes the fast path, decided
in on_config. A folder whose probes do not match (a theme override that
prints a per-page value, a filter the shell does not know) becomes ordinary
pages in on_env: its files turn into documentation pages and get MkDocs'
own reading events, and MkDocs renders and writes them with the rest. Each
case logs one line naming the folder and why; the output is the same as
with `fast_pages: false`.

Everything it borrows from MkDocs' and Material's internals is declared in
`borrowed.BORROWED`, with the versions it was checked against.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from .. import parallel
from ..page_cache import PageCache, reuse
from ..pages import PageSpec
from ..render import Renderer
from .borrowed import (
    SHELL_TEMPLATE,
    ShellPageFile,
    populate,
    sitemap_entry,
    speed_up_theme,
    unchecked_versions,
)
from .shell import (
    PROBES_PER_FOLDER,
    Mismatch,
    Shell,
    folder_of,
    outside_mkdocs,
    probe_folder,
    unfit,
    values_of,
)
from .workers import ShellPages, start_shell_pages

__all__ = ["FastPath"]

log = get_plugin_logger(__name__)

PAGE_EVENTS = (
    *("pre_page", "page_read_source", "page_markdown"),
    *("page_content", "page_context", "post_page"),
)
"""Events a page written from a shell never gets."""
KNOWN_PLUGINS = ("material.plugins.search.",)
"""Plugins whose page events the fast path accounts for (Material's search skips record
pages, which the plugin marks `search: exclude`)."""


class FastPath:
    """The pre-rendered shells, their probes, the workers that fill them and the page cache.

    The plugin makes one and keeps it: MkDocs 1.6 keeps a plugin that defines
    `on_startup` across the rebuilds of `mkdocs serve`, so the page cache lasts
    as long as the server. Everything else is made anew by `start`.
    """

    def __init__(self) -> None:
        self.cache: PageCache | None = None
        self.pages: ShellPages | None = None
        self.specs: Mapping[str, PageSpec] = {}
        self.shells: dict[str, Shell] = {}
        """The shell of each page filled in on_post_page, by source path."""
        self.nav: Navigation | None = None
        self.files: Files | None = None

    def start(
        self,
        specs: Mapping[str, PageSpec],
        renderer: Renderer,
        config: MkDocsConfig,
        *,
        plugin: BasePlugin[Any],
        environment: str | None,
        keeps: Sequence[parallel.Kept] = (),
    ) -> None:
        """Decide whether the fast path can be used, and if so fork the workers.

        `environment` is the live preview's template signature (None for a
        one-off build, which keeps no cache). Without workers (one core, or
        `mkdocs serve`'s thread) the pages are rendered right here. `keeps`:
        what the pages' data fills that a live preview keeps (the schools
        near each school), which the workers send back.
        """
        self.pages, self.specs, self.shells, self.nav, self.files = None, specs, {}, None, None
        reason = unchecked_versions() or _page_plugin(config, plugin)
        if reason is not None:
            log.info(f"fast_pages: every page through MkDocs' page pipeline: {reason}")
            return
        if environment is not None:
            self.cache = reuse(self.cache, environment)
        cache = self.cache if environment is not None else None
        pages = outside_mkdocs(specs.values())
        self.pages = start_shell_pages(pages, renderer, config, cache, keeps)

    def file_for(self, src: str) -> File | None:
        """The file MkDocs lists for a page written from a shell, if this is one."""
        return self.pages.files.get(src) if self.pages is not None else None

    def listed(self, files: Files, nav: Navigation) -> None:
        """Remember MkDocs' files and navigation: shells are rendered with them."""
        self.files, self.nav = files, nav

    def prepare(
        self, env: Any, files: Files, config: MkDocsConfig, previous_site: str | None
    ) -> None:
        """Cut and check each folder's shell; send the shells to the workers or fall back."""
        records = [
            f.page
            for f in files.documentation_pages()
            if f.page is not None and f.src_uri in self.specs and not self.specs[f.src_uri].in_nav
        ]
        speed_up_theme(env, with_shell=self.pages is not None)
        by_folder: dict[str, list[Page]] = {}
        for page in records:
            by_folder.setdefault(folder_of(page.file.src_uri), []).append(page)
        waiting = self._waiting()
        folder_shells = {}
        for folder in sorted(by_folder.keys() | waiting.keys()):
            try:
                folder_shells[folder] = self._shell_of(
                    by_folder.get(folder, []), env, files, config
                )
            except Mismatch as why:
                self._fall_back(folder, str(why), waiting.get(folder, []), files, config)
        for page in records:
            shell = folder_shells.get(folder_of(page.file.src_uri))
            if shell is not None and unfit(page) is None:
                self.shells[page.file.src_uri] = shell
                page.meta["template"] = SHELL_TEMPLATE
        if self.pages is None:
            return
        log.info(f"{len(self.shells)} of {len(records)} record pages from pre-rendered shells")
        self.pages.send_shells(folder_shells, previous_site)
        written = sum(len(waiting[f]) for f in waiting if f in folder_shells)
        log.info(f"{written} pages written from shells outside MkDocs' page pipeline")

    def _waiting(self) -> dict[str, list[ShellPageFile]]:
        """The files the workers write once their folder's shell comes, by folder."""
        waiting: dict[str, list[ShellPageFile]] = {}
        for src, file in (self.pages.files if self.pages is not None else {}).items():
            waiting.setdefault(folder_of(src), []).append(file)
        return waiting

    def _shell_of(self, pages: list[Page], env: Any, files: Files, config: MkDocsConfig) -> Shell:
        """A folder's shell, checked against its first pages that MkDocs rendered."""
        if self.pages is None or self.nav is None:
            raise Mismatch("the fast path is off")
        fit = [page for page in pages if unfit(page) is None]
        if len(fit) < PROBES_PER_FOLDER:
            reasons = [unfit(page) for page in pages]
            known = [reason for reason in reasons if reason is not None]
            raise Mismatch(known[0] if known else "too few of its pages went through MkDocs")
        return probe_folder(fit[:PROBES_PER_FOLDER], env, self.nav, files, config)

    def _fall_back(
        self,
        folder: str,
        why: str,
        waiting: list[ShellPageFile],
        files: Files,
        config: MkDocsConfig,
    ) -> None:
        """Give a folder's pages back to MkDocs' page pipeline, saying which and why."""
        if not waiting:
            log.debug(f"fast_pages: {folder}/ keeps MkDocs' page pipeline: {why}")
            return
        log.info(f"fast_pages: {folder}/ through MkDocs' page pipeline: {why}")
        for file in waiting:
            file.to_pipeline()
            populate(file, files, config)

    def sitemap(self, context: Any, config: MkDocsConfig) -> Any:
        """List the pages written from shells in the sitemap, in the order MkDocs would."""
        if self.pages is None or self.files is None:
            return context
        date = get_build_date()
        listed = {id(f) for f in context["pages"]}
        shells = [f for f in self.files if isinstance(f, ShellPageFile) and f.from_shell]
        from_shell = {id(f) for f in shells}
        context["pages"] = [
            sitemap_entry(f, config.site_url, date) if id(f) in from_shell else f
            for f in self.files
            if id(f) in from_shell or id(f) in listed
        ]
        return context

    def fill(self, page: Page, output: str) -> str:
        """A page with a shell: the shell with this page's values; any other as it is."""
        shell = self.shells.get(page.file.src_uri)
        return shell.fill(values_of(page)) if shell is not None else output

    def finish(self) -> None:
        """Wait for the workers to write their pages; under a preview, say how many changed."""
        if self.pages is None:
            return
        rendered, moved = self.pages.finish()
        if self.pages.cache is not None:
            log.info(
                f"{rendered} of {len(self.pages.files)} pages rendered anew, the rest unchanged"
            )
            log.debug(f"{moved} unchanged pages moved back from the previous output")

    def cancel(self) -> None:
        """Stop the workers: the build failed."""
        if self.pages is not None:
            self.pages.cancel()


def _page_plugin(config: MkDocsConfig, ours: BasePlugin[Any]) -> str | None:
    """Why another plugin rules the fast path out: it handles events that shell pages skip."""
    for name, plugin in config.plugins.items():
        if plugin is ours or type(plugin).__module__.startswith(KNOWN_PLUGINS):
            continue
        events = [f"on_{event}" for event in PAGE_EVENTS if hasattr(plugin, f"on_{event}")]
        if events:
            return f"plugin `{name}` handles {', '.join(events)}, which pages from shells skip"
    return None
