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
import logging
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .data_files import DataFiles
from .dates import build_date
from .exports.paths import DOWNLOADS
from .exports.settings import PdfSettings, make_settings
from .fast_path import FastPath
from .fast_path.borrowed import search_index, strict_failing
from .fast_path.shell import page_meta
from .links import rewrite_links
from .log_levels import SavedLevels, hear_warnings
from .markdown_source import page_source
from .mkdocs_files import add_written, check_found, generated_page
from .page_cache import template_signature
from .pages import PageSpec, site_pages
from .parallel import WorkerFailed
from .plugin_config import SchoolNetConfig
from .positions import ProblemsFound
from .project import Sources, load_project
from .render import SHIPPED_TEMPLATES, Renderer, template_folder
from .sanitize import clean_html
from .search_entries import page_entry
from .site import Site
from .staging import StagedSite, discard, set_aside
from .template_errors import TemplateProblem, problem_in
from .urls import SiteAddress, page_url

log = get_plugin_logger(__name__)

ASSETS = ("assets/schoolnet.css", "assets/directory.js", "assets/record-search.js")
ID_RE = re.compile(r'\bid="([^"]+)"')
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
        self.lean_search = False
        self.previous_site: str | None = None
        self.started = time.perf_counter()
        self.saved_levels: SavedLevels | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a one-off build or a live server; keep `--strict -q` strict."""
        self.command = command  # Only an explicit `build` turns on the atomic site swap.
        self.saved_levels = hear_warnings(logging.getLogger("mkdocs"))  # See fast_path.borrowed.

    def on_shutdown(self) -> None:
        """Give MkDocs' logger back the levels it had before on_startup."""
        if self.saved_levels is not None:
            self.saved_levels.restore()
            self.saved_levels = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and check all records, so bad data stops the build before any output."""
        self.started = time.perf_counter()
        root = Path(config.config_file_path).resolve().parent
        # As written, not resolved: a content folder that is a link, or outside, is refused.
        folder = os.path.dirname(os.path.abspath(config.config_file_path))
        content_dir = os.path.relpath(os.path.abspath(config.docs_dir), folder)
        self.sources = Sources(root, Path(content_dir).as_posix())
        live = self.command not in PDF_COMMANDS  # A live preview reads again and again.
        try:
            site = load_project(
                self.sources, today=build_date(), members=self.config.members, again=live
            )
        except ProblemsFound as problems:
            raise PluginError(problems.report()) from None
        self._timed("records loaded and checked")
        # The model lives for the whole build: keep the collector from rescanning it
        # (undone in on_post_build and on_build_error).
        gc.freeze()
        name = self.config.network_name or config.site_name
        pdfs = self.config.pdf if self.config.pdf is not None else not live
        address = SiteAddress(config.site_url or "", config.use_directory_urls)
        self.data = DataFiles(site, name, address, site.today)  # Forked before the pages exist.
        self.specs = {spec.src: spec for spec in site_pages(site, name, address, pdfs=pdfs)}
        gc.freeze()  # The pages, too, live for the whole build.
        self.data.pages_planned()
        try:
            self.template_dir = template_folder(root, self.config.templates)
        except FileNotFoundError as missing:
            raise PluginError(str(missing)) from None
        self.renderer = Renderer(self.template_dir, directory_urls=config.use_directory_urls)
        if self.command == "build":
            self.staged = StagedSite(config.site_dir)
            config.site_dir = self.staged.partial
        self._start_fast_path(config, root, site, live)
        self.site = site
        self._timed("pages planned, workers started")
        self.pdf_settings = self._pdf_settings(config, name) if pdfs else None
        for asset in ASSETS:
            extra = config.extra_css if asset.endswith(".css") else config.extra_javascript
            if asset not in map(str, extra):
                extra.append(asset)
        return config

    def _start_fast_path(self, config: MkDocsConfig, root: Path, site: Site, live: bool) -> None:
        """Start the fast path for record pages, or leave every page to MkDocs."""
        assert self.renderer is not None
        if not self.config.fast_pages:
            self.fast = FastPath()  # Nothing of an earlier build is kept, or used.
            return
        folders = [self.template_dir, SHIPPED_TEMPLATES]
        environment = None
        if live:  # A live preview keeps pages between rebuilds, until a template changes.
            environment = template_signature(
                folders, str(root), config.use_directory_urls, site.today
            )
        with stop_with_message():  # Without workers, the pages are rendered right here.
            self.fast.start(self.specs, self.renderer, config, plugin=self, environment=environment)

    def _pdf_settings(self, config: MkDocsConfig, name: str) -> PdfSettings:
        """What the PDFs are laid out with, from mkdocs.yml."""
        assert self.sources is not None
        return make_settings(
            self.sources,
            network_name=name,
            site_url=config.site_url,
            nav=config.nav,
            logo=config.theme.get("logo"),
            templates=self.template_dir,
            directory_urls=config.use_directory_urls,
        )

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Under `mkdocs serve`, move the previous output aside rather than let MkDocs delete it."""
        if self.staged is None:  # A one-off build writes into a new folder: nothing to empty.
            self.previous_site = set_aside(config.site_dir)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Check what MkDocs found in the content folder, and list the generated pages and files."""
        assert self.sources is not None and self.data is not None
        check_found(files, self.specs.values(), self.sources, config)
        # Every plugin's on_config has run: look for a search index once, not per page.
        self.lean_search = search_index(config) is not None
        for spec in self.specs.values():
            files.append(self.fast.file_for(spec.src) or generated_page(spec, config))
        add_written(files, self.data.download_paths, self.sources, config)
        self._timed("generated files listed")
        self.data.send(config.site_dir)  # MkDocs has emptied the folder by now.
        for asset in ASSETS:
            files.append(File.generated(config, asset, abs_src_path=str(self.template_dir / asset)))
        return files

    def on_page_read_source(self, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """A page's Markdown, read so that opening `Key: value` lines stay text, as in the PDFs."""
        # MkDocs internals, checked against mkdocs 1.6.1 and mkdocs-material 9.8.2:
        # Page.read_source passes every page through mkdocs.utils.meta.get_data, which takes
        # leading `Key: value` lines for MultiMarkdown metadata (this event is deprecated, but
        # setting File.content_string instead would unset abs_src_path, which other plugins
        # read); remove when MkDocs reads only YAML front matter.
        try:
            return page_source(page.file.content_string)
        except (OSError, ValueError):
            return None  # MkDocs reads the file itself and says what is wrong with it.

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Resolve record links and give generated pages their title."""
        spec = self.specs.get(page.file.src_uri)
        if spec is not None:
            page.meta["title"], page.meta["description"] = page_meta(spec)
            if spec.src != "index.md" and self.lean_search:
                # Record and directory pages get lean entries in on_env rather than
                # having their (possibly huge) HTML parsed by the theme's search.
                page.meta["search"] = {"exclude": True}
        return rewrite_links(markdown, page.file.src_uri)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Sanitise HTML made from contributed Markdown; wrap a generated page in its template.

        Every page MkDocs renders here is contributed Markdown (a guidance
        page, a record body, a directory's introduction): the theme's search
        and the page both get it only after `clean_html`.
        """
        html = clean_html(html)
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return html
        assert self.renderer is not None
        with stop_with_message():
            content = self.renderer.render_page(spec, html)
        # Links may point at headings the template made, not only the body's.
        page.present_anchor_ids = (page.present_anchor_ids or set()) | set(ID_RE.findall(content))
        return content

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Keep the files and navigation: the record-page shells are rendered with them."""
        self.fast.listed(files, nav)
        return nav

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Prepare record-page shells, and give search one lean entry per directory."""
        self.fast.prepare(env, files, config, self.previous_site)
        self._timed("shells cut and sent")
        index = search_index(config)
        if index is not None:
            # Records are searched through their own sharded index (exports/search_shards).
            index.entries.extend(
                page_entry(spec, page_url(spec.src, config.use_directory_urls))
                for spec in self.specs.values()
                if spec.in_nav and spec.src != "index.md"
            )
        return env

    def on_template_context(
        self, context: Any, /, *, template_name: str, config: MkDocsConfig
    ) -> Any:
        """List the pages written from shells in the sitemap, in the order MkDocs would."""
        return self.fast.sitemap(context, config) if template_name == "sitemap.xml" else context

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
        server.watch(str(self.template_dir))
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the PDFs, then move the finished site into place, unless strict mode will fail."""
        with stop_with_message():  # on_build_error cleans up after a failed worker.
            self.fast.finish()
            if self.data is not None:
                self.data.wait()
        self._timed("workers done")
        gc.unfreeze()  # The build's objects may go once MkDocs lets go of them.
        discard(self.previous_site)
        self.previous_site = None
        if self.pdf_settings is not None and self.site is not None and not strict_failing():
            self._write_pdfs(Path(config.site_dir) / DOWNLOADS)
        if self.staged is None or strict_failing():
            return  # MkDocs aborts next on a strict failure; the partial site goes then.
        self.staged.commit()
        log.info(f"Site written to {self.staged.final}")

    def _write_pdfs(self, out: Path) -> None:
        """The PDFs go into the (partial) site folder, so a failed build publishes none."""
        assert self.site is not None and self.pdf_settings is not None
        try:
            from .exports.pdf import missing_glyphs_note, write_pdfs
        except OSError as error:  # WeasyPrint loads Pango when imported.
            raise PluginError(
                f"PDFs need the Pango library ({error}); run ./dev build, which installs it, "
                "or set `pdf: false` under the schoolnet plugin in mkdocs.yml"
            ) from None
        with stop_with_message():
            written = write_pdfs(self.site, self.pdf_settings, out)
        for warning in written.warnings:
            log.warning(f"PDF {warning}")
        if written.missing_glyphs:
            log.info(missing_glyphs_note(written.missing_glyphs))
        log.info(f"{len(written.files)} PDFs ({sum(written.pages.values())} pages) in {DOWNLOADS}/")

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


@contextmanager
def stop_with_message() -> Iterator[None]:
    """A template mistake or a failed worker stops the build with a message, not a traceback.

    A template mistake, made here or in a worker, is its one line naming the
    template's file and line; `mkdocs build -v` adds the traceback.
    """
    try:
        yield
    except (TemplateProblem, WorkerFailed) as error:
        problem = problem_in(error)
        if problem is None:
            raise PluginError(f"writing pages and data files failed:\n{error}") from None
        log.debug(problem.detail)
        raise PluginError(str(problem)) from None
