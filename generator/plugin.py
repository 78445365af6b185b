"""The MkDocs plugin: a thin router from MkDocs' events to the generator.

Everything that matters (loading, validation, the model, page content)
lives in modules that import nothing from MkDocs. This file places the
generated pages into MkDocs' file list, hands page content back to it, and
makes a failed `mkdocs build` leave the previous site untouched. The fast
path for record pages (pre-rendered theme shells, their probes, the workers
that write the pages, the live preview's page cache, and its fallback to
MkDocs' own pipeline) is `generator/fast_path/`, one `FastPath` object that
this plugin calls at each event; `fast_path/borrowed.py` lists what it
borrows from MkDocs and Material, with versions.
"""

from __future__ import annotations

import gc
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import mkdocs_files as listing
from .data_files import DataFiles
from .dates import build_date
from .engine import engine_logger
from .exports.settings import PdfSettings
from .fast_path import FastPath
from .fast_path.borrowed import add_search_entries, search_index, strict_failing
from .geo import KeptNearest
from .kept_outputs import KeptOutputs
from .log_levels import SavedLevels, hear_warnings
from .mkdocs_cms import add_cms
from .mkdocs_errors import stop_with_message
from .mkdocs_pages import page_content, page_markdown, read_source
from .mkdocs_sitemap import published_sitemap
from .page_cache import template_signature
from .pages import PageSpec, site_pages
from .plugin_config import SchoolNetConfig
from .plugin_pdfs import pdf_settings, write_site_pdfs
from .positions import ProblemsFound
from .project import Sources, load_project
from .record_files import KeptPieces
from .render import (
    BYTECODE,
    SHIPPED_TEMPLATES,
    MapTiles,
    Renderer,
    lean_templates,
    template_cache_folder,
    template_folder,
)
from .search_entries import page_entry
from .site import Site
from .staging import StagedSite, discard, set_aside
from .theme_parts import add_build_date, add_overrides, no_web_fonts
from .urls import SiteAddress, page_url, published_form

if TYPE_CHECKING:  # Only `mkdocs serve` loads the live-reload server (38 ms of each build).
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger(__name__)

PDF_COMMANDS = ("build", "gh-deploy")
"""Commands that write PDFs unless mkdocs.yml says otherwise; `serve` does not."""


class SchoolNetPlugin(BasePlugin[SchoolNetConfig]):
    """Generates the record pages and directories from the project's YAML files.

    MkDocs 1.6 keeps a plugin that defines `on_startup` (this one does)
    across the rebuilds of `mkdocs serve`; what must last between rebuilds
    lives on it (the fast path's page cache), and everything else is made
    anew in on_config.
    """

    def __init__(self) -> None:
        self.command: str | None = None
        self.specs: dict[str, PageSpec] = {}
        self.data: DataFiles | None = None
        self.renderer: Renderer | None = None
        self.sources: Sources | None = None
        self.staged: StagedSite | None = None
        self.template_dir = SHIPPED_TEMPLATES
        self.site: Site | None = None
        self.pdf_settings: PdfSettings | None = None
        self.fast = FastPath()
        self.kept_pieces = KeptPieces()
        """The record files' pieces of the last rebuild of a live preview (record_files)."""
        self.kept_outputs = KeptOutputs()
        """The calendars and open data of the last rebuild of a live preview (kept_outputs)."""
        self.kept_search = KeptOutputs()
        """The record search's entries, record by record, of the last rebuild of a preview."""
        self.kept_nearest = KeptNearest()
        """The schools near each school in the last rebuild of a live preview (geo)."""
        self.lean_search = False
        self.previous_site: str | None = None
        self.started = time.perf_counter()
        self.saved_levels: SavedLevels | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a one-off build or a live server; keep `--strict -q` strict."""
        self.command = command  # Only an explicit `build` turns on the atomic site swap.
        self.saved_levels = hear_warnings(engine_logger())  # See fast_path.borrowed.

    def on_shutdown(self) -> None:
        """Give MkDocs' logger back the levels it had before on_startup."""
        if self.saved_levels is not None:
            self.saved_levels.restore()
            self.saved_levels = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and check all records, so bad data stops the build before any output."""
        self.started = time.perf_counter()
        self.sources = replace(
            listing.sources_of(config), members_dir=self.config.members_folder or None
        )
        root = self.sources.root
        live = self.command not in PDF_COMMANDS  # A live preview reads again and again.
        try:
            site = load_project(
                self.sources,
                today=build_date(),
                members=self.config.members,
                refuse_private=self.config.private_in_public == "refuse",
                kept=self.kept_pieces if live else None,
            )
        except ProblemsFound as problems:
            raise PluginError(problems.report()) from None
        if live:
            self._timed(f"records loaded and checked ({self.kept_pieces.parsed} pieces parsed)")
        else:
            self._timed("records loaded and checked")
        # The model lives for the whole build: keep the collector from rescanning it
        # (undone in on_post_build unless the process ends with the build, and on_build_error).
        gc.freeze()
        name = self.config.network_name or config.site_name
        pdfs = self.config.pdf if self.config.pdf is not None else not live
        address = SiteAddress(
            config.site_url or "", config.use_directory_urls, self.config.published_directory_urls
        )
        if live:  # The schools near each school, kept from the last rebuild (geo.KeptNearest).
            site.made[KeptNearest] = self.kept_nearest
        kept = (self.kept_outputs, self.kept_search) if live else None
        self.data = DataFiles(site, name, address, site.today, kept)  # Forked before the pages.
        if live:
            made = ", ".join(self.kept_outputs.made) or "none"
            self._timed(f"downloads started (made anew: {made})")
        else:
            self._timed("downloads started")
        repository, no_edit_links = listing.repository_of(config, self.sources)
        if no_edit_links:
            log.info(f"No 'Edit this record' links: {no_edit_links}")
        pages = site_pages(site, name, address, pdfs=pdfs, repository=repository)
        self.specs = {spec.src: spec for spec in pages}
        self._timed("pages listed")
        gc.freeze()  # The pages, too, live for the whole build.
        self.data.pages_planned()
        self._timed("page data started")
        try:
            self.template_dir = template_folder(root, self.config.templates)
        except FileNotFoundError as missing:
            raise PluginError(str(missing)) from None
        BYTECODE.keep_in(template_cache_folder(root, self.config.template_cache))
        self.renderer = Renderer(self.template_dir, directory_urls=config.use_directory_urls)
        self.renderer.use_map_tiles(MapTiles(self.config.map_tiles, self.config.map_attribution))
        no_web_fonts(config)
        add_overrides(config, self.template_dir)
        if self.command == "build":
            self.staged = StagedSite(config.site_dir)
            config.site_dir = self.staged.partial
        self._start_fast_path(config, site, live)
        self.site = site
        self._timed("pages planned, workers started")
        settings = (
            pdf_settings(config, self.sources, name, self.template_dir, self.config)
            if pdfs
            else None
        )
        self.pdf_settings = settings
        listing.add_assets(config)
        return config

    def _start_fast_path(self, config: MkDocsConfig, site: Site, live: bool) -> None:
        """Start the fast path for record pages, or leave every page to MkDocs."""
        assert self.renderer is not None and self.sources is not None
        if not self.config.fast_pages:
            self.fast = FastPath()  # Nothing of an earlier build is kept, or used.
            return
        # A live preview keeps pages between rebuilds, until a template or setting changes.
        folders = [self.template_dir, SHIPPED_TEMPLATES]
        tiles = (self.config.map_tiles, self.config.map_attribution)
        settings = (str(self.sources.root), config.use_directory_urls, site.today, *tiles)
        environment = template_signature(folders, *settings) if live else None
        with stop_with_message():  # Without workers, the pages are rendered right here.
            self.fast.start(
                self.specs,
                self.renderer,
                config,
                plugin=self,
                environment=environment,
                keeps=[self.kept_nearest] if live else [],
            )

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Under `mkdocs serve`, move the previous output aside rather than let MkDocs delete it."""
        if self.staged is None:  # A one-off build writes into a new folder: nothing to empty.
            self.previous_site = set_aside(config.site_dir)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Check what MkDocs found in the content folder, and list the generated pages and files."""
        assert self.sources is not None and self.data is not None
        listing.check_found(files, self.specs.values(), self.sources, config)
        # Every plugin's on_config has run: look for a search index once, not per page.
        self.lean_search = search_index(config) is not None
        for spec in self.specs.values():
            files.append(self.fast.file_for(spec.src) or listing.generated_page(spec, config))
        listing.add_written(files, self.data.download_paths, self.sources, config)
        self._timed("generated files listed")
        self.data.send(config.site_dir)  # MkDocs has emptied the folder by now.
        listing.list_assets(files, config, self.template_dir)
        if self.config.cms:
            add_cms(files, config, self.config.cms_auth_url)
        return files

    def on_page_read_source(self, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """A page's Markdown, read so that opening `Key: value` lines stay text, as in the PDFs."""
        return read_source(page)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Resolve record links and give generated pages their title."""
        return page_markdown(markdown, page, self.specs.get(page.file.src_uri), self.lean_search)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Sanitise HTML made from contributed Markdown; wrap a generated page in its template."""
        assert self.renderer is not None
        return page_content(html, page, self.specs.get(page.file.src_uri), self.renderer)

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Keep the files and navigation: the record-page shells are rendered with them."""
        self.fast.listed(files, nav)
        return nav

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Prepare record-page shells, and give search one lean entry per directory."""
        if self.site is not None:
            add_build_date(env, self.site.today)  # Before the shells: their footer shows it.
        lean_templates(env)  # Before any template is loaded: shells and pages alike.
        self.fast.prepare(env, files, config, self.previous_site)
        self._timed("shells cut and sent")
        # Records are searched through their own sharded index (exports/search_shards).
        directories = [s for s in self.specs.values() if s.in_nav and s.src != "index.md"]
        urls = config.use_directory_urls
        add_search_entries(config, [page_entry(s, page_url(s.src, urls)) for s in directories])
        return env

    def on_template_context(
        self, context: Any, /, *, template_name: str, config: MkDocsConfig
    ) -> Any:
        """List the pages written from shells in the sitemap, in the order MkDocs would,
        at the published site's addresses (which the preview's pages do not take)."""
        if template_name != "sitemap.xml":
            return context
        context = self.fast.sitemap(context, config)
        published = published_form(config.use_directory_urls, self.config.published_directory_urls)
        if published != config.use_directory_urls:
            context["pages"] = published_sitemap(context["pages"], config.site_url, published)
        return context

    @event_priority(100)  # Before any other plugin sees the page's HTML.
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """A shell page: the folder's pre-rendered theme output with this page's values."""
        return self.fast.fill(page, output)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        """Rebuild when a record file or a template changes."""
        assert self.sources is not None
        for path in self.sources.watched():
            if path.exists():
                server.watch(str(path))
        if self.config.members and self.sources.members_dir:  # Its bodies too.
            folder = self.sources.root / self.sources.members_dir / self.sources.content_dir
            if folder.is_dir():
                server.watch(str(folder))
        server.watch(str(self.template_dir))
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the PDFs, then move the finished site into place, unless strict mode will fail."""
        with stop_with_message():  # on_build_error cleans up after a failed worker.
            self.fast.finish()
            if self.data is not None:
                self.data.wait()
        self._timed("workers done")
        if self.command not in PDF_COMMANDS:
            gc.unfreeze()  # The plugin lives on (serve): the collector may see this build again.
        # A one-off `build` or `gh-deploy` process ends with the build: unfreezing would only
        # have Python's exit walk the whole model (20 s instead of 15 s at 25,000 schools).
        discard(self.previous_site)
        self.previous_site = None
        if self.pdf_settings is not None and self.site is not None and not strict_failing():
            write_site_pdfs(self.site, self.pdf_settings, config.site_dir)
        if self.staged is None or strict_failing():
            return  # MkDocs aborts next on a strict failure; the partial site goes then.
        self.staged.commit()
        log.info(f"Site written to {self.staged.final}")

    def _timed(self, stage: str) -> None:
        """Say (with `mkdocs build -v`) how far into the build a stage ended."""
        log.debug(f"{stage} at {time.perf_counter() - self.started:.2f} s")

    def on_build_error(self, *, error: Exception) -> None:
        """Throw away the partial output so the previous site stays as it was."""
        gc.unfreeze()
        self.fast.cancel()
        if self.data is not None:
            self.data.cancel()
        discard(self.previous_site)
        self.previous_site = None
        if self.staged is not None:
            self.staged.abandon()
