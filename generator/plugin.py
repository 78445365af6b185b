"""The MkDocs plugin: a thin router from MkDocs' events to the generator.

Everything that matters (loading, validation, the model, page content)
lives in modules that import nothing from MkDocs; this file only places the
generated pages into MkDocs' file list, hands page content back to it, and
makes a failed `mkdocs build` leave the previous site untouched.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler, get_build_date

from .dates import build_date
from .engine import engine_logger
from .exports.settings import PdfSettings, make_settings
from .exports.static import download_paths, downloads, is_page_data, page_data
from .files import refuse_paths
from .links import rewrite_links
from .log_levels import SavedLevels, hear_warnings
from .markdown_source import page_source
from .mkdocs_shell import TEMPLATE as SHELL_TEMPLATE
from .mkdocs_shell import (
    Shell,
    ShellPageFile,
    ShellPages,
    WrittenFile,
    build_shells,
    folder_of,
    outside_mkdocs,
    page_meta,
    sitemap_entry,
    start_shell_pages,
    values_of,
    write_site_file,
)
from .models import KINDS
from .page_cache import cache_for, template_signature
from .pages import PageSpec, collisions, site_pages
from .parallel import Running, WorkerFailed
from .parallel import start as start_parallel
from .pdf_paths import DOWNLOADS
from .positions import ProblemsFound
from .project import Sources, load_project
from .render import BYTECODE, SHIPPED_TEMPLATES, Renderer, template_folder
from .sanitize import clean_html
from .search_entries import page_entry
from .site import Site
from .staging import StagedSite
from .template_errors import TemplateProblem, problem_in
from .urls import SiteAddress, page_url

log = get_plugin_logger(__name__)

CSS_SRC = "assets/schoolnet.css"
JS_SRC = "assets/directory.js"
RECORD_SEARCH_JS = "assets/record-search.js"
ID_RE = re.compile(r'\bid="([^"]+)"')
PDF_COMMANDS = ("build", "gh-deploy")
"""Commands that write PDFs unless mkdocs.yml says otherwise; `serve` does not."""


class SchoolNetConfig(Config):
    """Options under `plugins: - schoolnet:` in mkdocs.yml."""

    members = c.Type(bool, default=False)
    """false (default): the public site, without anything marked `public: false`.
    true: the members' site, with every record and recommendation."""

    network_name = c.Optional(c.Type(str))
    """The name on the home page; defaults to `site_name`."""

    templates = c.Optional(c.Type(str))
    """Folder of the Jinja templates for generated pages, relative to mkdocs.yml.
    Unset: the project's `site_templates/` if it has one, else the templates
    shipped with the generator."""

    fast_pages = c.Type(bool, default=True)
    """true (default): record pages of one kind are drawn from one pre-rendered
    theme shell (see mkdocs_shell), byte-identical to the normal path and much
    faster at thousands of records; those without a Markdown body skip
    MkDocs' page events altogether and are written on all cores. false: every
    page through the full theme (use it if another plugin must see every
    record page's events)."""

    pdf = c.Optional(c.Type(bool))
    """Write the PDFs (a handbook, a pack per network, a file per policy) into
    `downloads/` and link every page to the PDF that holds it. Unset: on for
    `mkdocs build` and `gh-deploy`, off under `mkdocs serve` for quick
    previews. true or false: always on or off."""


class SchoolNetPlugin(BasePlugin[SchoolNetConfig]):
    """Generates the record pages and directories from the project's YAML files."""

    def __init__(self) -> None:
        self.command: str | None = None
        self.specs: dict[str, PageSpec] = {}
        self.downloads: list[str] = []
        self.downloads_job: Running[str, None] | None = None
        self.page_data: Running[str, None] | None = None
        self.renderer: Renderer | None = None
        self.sources: Sources | None = None
        self.staged: StagedSite | None = None
        self.template_dir = SHIPPED_TEMPLATES
        self.site: Site | None = None
        self.pdf_settings: PdfSettings | None = None
        self.nav: Navigation | None = None
        self.shells: dict[str, Shell] = {}
        self.lean_search = False
        self.shell_pages: ShellPages | None = None
        self.previous_site: str | None = None
        self.started = time.perf_counter()
        self.files: Files | None = None
        self.saved_levels: SavedLevels | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a one-off build or a live server; keep `--strict -q` strict.

        MkDocs 1.6 keeps a plugin that defines this across the rebuilds of
        `mkdocs serve` (command "serve"), so state kept on the plugin lasts
        as long as the server; only an explicit `build` turns on the atomic
        site swap.
        """
        self.command = command
        # MkDocs internals, checked against mkdocs 1.6.1 and mkdocs-material 9.8.2: `-q` sets the
        # engine's logger to ERROR, so the CountHandler that build() adds to it for `--strict`
        # never sees a warning and the build passes; remove when MkDocs counts warnings
        # whatever the verbosity.
        self.saved_levels = hear_warnings(engine_logger())

    def on_shutdown(self) -> None:
        """Give MkDocs' logger back the levels it had before on_startup, and the collector
        the objects the last build froze."""
        gc.unfreeze()
        if self.saved_levels is not None:
            self.saved_levels.restore()
            self.saved_levels = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and check all records, so bad data stops the build before any output."""
        self.started = time.perf_counter()
        # Under `mkdocs serve` the previous build's model was frozen: let it go now.
        gc.unfreeze()
        root = Path(config.config_file_path).resolve().parent
        # As written, not resolved: a content folder that is a link, or outside, is refused.
        folder = os.path.dirname(os.path.abspath(config.config_file_path))
        content_dir = os.path.relpath(os.path.abspath(config.docs_dir), folder)
        self.sources = Sources(root, Path(content_dir).as_posix())
        try:
            site = load_project(self.sources, today=build_date(), members=self.config.members)
        except ProblemsFound as problems:
            raise PluginError(problems.report()) from None
        self._timed("records loaded and checked")
        # The model lives for the whole build: keep the collector from rescanning it.
        gc.freeze()
        name = self.config.network_name or config.site_name
        # PDFs by default for `build` and `gh-deploy`, not for `serve`'s quick rebuilds.
        pdfs = self.config.pdf if self.config.pdf is not None else self.command in PDF_COMMANDS
        address = SiteAddress(config.site_url or "", config.use_directory_urls)
        # Files made from the model alone come from forked workers while this
        # process lays out the pages. Links to downloads are checked against
        # their paths, known at once; the files themselves come by the end.
        self.downloads = download_paths(site)

        def write_downloads(files: dict[str, bytes], site_dir: str) -> None:
            if sorted(files) != sorted(self.downloads):
                raise RuntimeError(f"downloads made differ from those announced: {sorted(files)}")
            _write_files(files, site_dir)

        self.downloads_job = start_parallel(
            lambda share, shares: downloads(site, name, address, site.today),
            write_downloads,
            1,
            alone=True,
        )

        self.specs = {spec.src: spec for spec in site_pages(site, name, address, pdfs=pdfs)}
        gc.freeze()  # The pages, too, live for the whole build.
        # Forked after the pages are planned, to reuse the directories' rows.
        self.page_data = start_parallel(
            lambda share, shares: page_data(site, address), _write_files, 1, alone=True
        )
        try:
            self.template_dir = template_folder(root, self.config.templates)
        except FileNotFoundError as missing:
            raise PluginError(str(missing)) from None
        self.renderer = Renderer(self.template_dir, directory_urls=config.use_directory_urls)
        if self.command == "build":
            self.staged = StagedSite(config.site_dir)
            config.site_dir = self.staged.partial
        if self.config.fast_pages:
            # Forked now, the workers render record pages while this process goes on.
            outside = outside_mkdocs(self.specs.values())
            cache = None
            if self.command not in PDF_COMMANDS:  # A live preview: keep pages between rebuilds.
                environment = template_signature(
                    [self.template_dir, SHIPPED_TEMPLATES], config.use_directory_urls, site.today
                )
                cache = cache_for(str(root), environment)
            with _stop_with_message():  # Without workers, the pages are rendered right here.
                self.shell_pages = start_shell_pages(outside, self.renderer, config, cache)
        self.site = site
        self._timed("pages planned, workers started")
        self.pdf_settings = (
            make_settings(
                self.sources,
                network_name=name,
                site_url=config.site_url,
                nav=config.nav,
                logo=config.theme.get("logo"),
                templates=self.template_dir,
                directory_urls=config.use_directory_urls,
            )
            if pdfs
            else None
        )
        if CSS_SRC not in config.extra_css:
            config.extra_css.append(CSS_SRC)
        for js in (JS_SRC, RECORD_SEARCH_JS):
            if js not in map(str, config.extra_javascript):
                config.extra_javascript.append(js)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Under `mkdocs serve`, move the previous output aside rather than let MkDocs delete it.

        MkDocs deletes the previous output before every rebuild, a second or
        more for thousands of pages on a disk. Moving it aside is instant;
        pages that did not change move back, and the rest is deleted in the
        background once the rebuild is done.
        """
        if self.staged is not None or not os.path.isdir(config.site_dir):
            return  # A one-off build writes into a new folder: nothing to empty.
        old = tempfile.mkdtemp(prefix=".schoolnet-old-", dir=os.path.dirname(config.site_dir))
        for name in os.listdir(config.site_dir):
            os.replace(os.path.join(config.site_dir, name), os.path.join(old, name))
        self.previous_site = old  # Unchanged pages move back from here; the rest goes after.

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Refuse files reached through links, swap record bodies for generated pages, and
        refuse any page clash."""
        assert self.sources is not None
        refused = refuse_paths(self.sources.root, _content_files(files, self.sources, config))
        if refused:  # MkDocs follows links when it lists the content folder.
            raise PluginError(ProblemsFound(refused).report())
        # Every plugin's on_config has run: look for a search index once, not per page.
        self.lean_search = _search_index(config) is not None
        for file in list(files):
            if file.is_documentation_page() and _is_body(file.src_uri):
                files.remove(file)
        content_pages = [f.src_uri for f in files if f.is_documentation_page()]
        problems = collisions(
            list(self.specs.values()),
            content_pages,
            config.use_directory_urls,
            self.sources.content_dir,
        )
        if problems:
            raise PluginError(ProblemsFound(problems).report())
        shell_files = self.shell_pages.files if self.shell_pages else {}
        for spec in self.specs.values():
            if spec.src in shell_files:
                files.append(shell_files[spec.src])
                continue
            # Directories join an automatic nav; with a nav written in mkdocs.yml
            # the site owner chooses, and leaving one out is not a warning.
            auto_nav = spec.in_nav and config.nav is None
            inclusion = InclusionLevel.UNDEFINED if auto_nav else InclusionLevel.NOT_IN_NAV
            content = spec.body.text if spec.body else ""
            files.append(File.generated(config, spec.src, content=content, inclusion=inclusion))
        self.files = files
        for file in files:
            if is_page_data(file.src_uri):
                raise PluginError(
                    f"{self.sources.content_dir}/{file.src_uri}: this place is kept for the "
                    "site's search index and directory data; rename or move the file"
                )
        for path in self.downloads:
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"{self.sources.content_dir}/{path}: this file would replace the generated "
                    f"download {path}; rename or move it"
                )
            files.append(WrittenFile(config, path))
        assert self.page_data is not None and self.downloads_job is not None
        self._timed("generated files listed")
        self.page_data.send(config.site_dir)  # MkDocs has emptied the folder by now.
        self.downloads_job.send(config.site_dir)
        css = self.template_dir / CSS_SRC
        files.append(File.generated(config, CSS_SRC, abs_src_path=str(css)))
        for js in (JS_SRC, RECORD_SEARCH_JS):
            files.append(File.generated(config, js, abs_src_path=str(self.template_dir / js)))
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
        with _stop_with_message():
            content = self.renderer.render_page(spec, html)
        # Links may point at headings the template made, not only the body's.
        page.present_anchor_ids = (page.present_anchor_ids or set()) | set(ID_RE.findall(content))
        return content

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Keep the navigation: the record-page shells are rendered with it."""
        self.nav = nav
        return nav

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Prepare record-page shells, and give search one lean entry per directory."""
        env.bytecode_cache = BYTECODE  # Rebuilds under `mkdocs serve` skip compiling.
        self.shells = {}
        if self.config.fast_pages and self.nav is not None:
            records = [
                f.page
                for f in files.documentation_pages()
                if f.page is not None
                and f.src_uri in self.specs
                and not self.specs[f.src_uri].in_nav
            ]
            self.shells = build_shells(records, env, self.nav, files, config)
            log.info(f"{len(self.shells)} of {len(records)} record pages from pre-rendered shells")
            for src in self.shells:
                page = files.get_file_from_path(src)
                if page is not None and page.page is not None:
                    page.page.meta["template"] = SHELL_TEMPLATE
            env.loader = ChoiceLoader(
                [DictLoader({SHELL_TEMPLATE: "{{ page.content }}"}), env.loader]
            )
            self._send_shells()
            self._timed("shells cut and sent")
        index = _search_index(config)
        if index is not None:
            # Records are searched through their own sharded index (exports/search_shards).
            directory_urls = config.use_directory_urls
            index.entries.extend(
                page_entry(spec, page_url(spec.src, directory_urls))
                for spec in self.specs.values()
                if spec.in_nav and spec.src != "index.md"
            )
        return env

    def _send_shells(self) -> None:
        """Let the workers fill and write their pages, now that each folder's shell is known."""
        if self.shell_pages is None:
            return
        folder_shells = {folder_of(src): shell for src, shell in self.shells.items()}
        missing = sorted({folder_of(src) for src in self.shell_pages.files} - folder_shells.keys())
        if missing:
            raise PluginError(
                f"fast_pages: the theme draws the pages of {', '.join(missing)}/ differently "
                "from page to page, so they cannot share one shell; set `fast_pages: false` "
                "under the schoolnet plugin in mkdocs.yml"
            )
        self.shell_pages.send_shells(folder_shells, self.previous_site)
        log.info(
            f"{len(self.shell_pages.files)} pages written from shells outside MkDocs' page pipeline"
        )

    def on_template_context(
        self, context: Any, /, *, template_name: str, config: MkDocsConfig
    ) -> Any:
        """List the pages written from shells in the sitemap, in the order MkDocs would."""
        if template_name == "sitemap.xml" and self.shell_pages and self.files is not None:
            date = get_build_date()
            listed = {id(f) for f in context["pages"]}
            base = config.site_url
            context["pages"] = [
                sitemap_entry(f, base, date) if isinstance(f, ShellPageFile) else f
                for f in self.files
                if isinstance(f, ShellPageFile) or id(f) in listed
            ]
        return context

    @event_priority(100)  # Before any other plugin sees the page's HTML.
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """A shell page: the kind's pre-rendered theme output with this page's values."""
        shell = self.shells.get(page.file.src_uri)
        return shell.fill(values_of(page)) if shell is not None else output

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
        with _stop_with_message():  # on_build_error cleans up after a failed worker.
            if self.shell_pages is not None:
                rendered, moved = self.shell_pages.finish()
                if self.shell_pages.cache is not None:
                    pages = len(self.shell_pages.files)
                    log.info(f"{rendered} of {pages} pages rendered anew, the rest unchanged")
                    log.debug(f"{moved} unchanged pages moved back from the previous output")
            if self.page_data is not None:
                self.page_data.wait()
            if self.downloads_job is not None:
                self.downloads_job.wait()
        self._timed("workers done")
        self._discard_previous_site()
        if self.pdf_settings is not None and self.site is not None and not _strict_failing():
            self._write_pdfs(Path(config.site_dir) / DOWNLOADS)
        if self.staged is None:
            return
        if _strict_failing():
            return  # MkDocs aborts next; the partial site goes on_build_error or at exit.
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
        with _stop_with_message():
            written = write_pdfs(self.site, self.pdf_settings, out)
        for warning in written.warnings:
            log.warning(f"PDF {warning}")
        if written.missing_glyphs:
            log.info(missing_glyphs_note(written.missing_glyphs))
        log.info(f"{len(written.files)} PDFs ({sum(written.pages.values())} pages) in {DOWNLOADS}/")

    def _timed(self, stage: str) -> None:
        """Say (with `mkdocs build -v`) how far into the build a stage ended."""
        log.debug(f"{stage} at {time.perf_counter() - self.started:.2f} s")

    def _discard_previous_site(self) -> None:
        """Delete what is left of the previous output, without holding up the preview."""
        if self.previous_site is not None:
            threading.Thread(target=shutil.rmtree, args=(self.previous_site, True)).start()
            self.previous_site = None

    def on_build_error(self, *, error: Exception) -> None:
        """Throw away the partial output so the previous site stays as it was."""
        if self.shell_pages is not None:
            self.shell_pages.cancel()
        if self.downloads_job is not None:
            self.downloads_job.cancel()
        if self.page_data is not None:
            self.page_data.cancel()
        self._discard_previous_site()
        if self.staged is not None:
            self.staged.abandon()


def _search_index(config: MkDocsConfig) -> Any:
    """mkdocs-material's search index, if its search is on.

    MkDocs' own search plugin keeps its entries in a private `_entries`, so
    with it this finds nothing and the theme indexes every page itself.
    """
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and hasattr(index, "entries"):
            return index
    return None


@contextmanager
def _stop_with_message() -> Iterator[None]:
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


def _strict_failing() -> bool:
    """True when `mkdocs build --strict` has counted a warning and will abort."""
    # MkDocs internals, checked against mkdocs 1.6.1 and mkdocs-material 9.8.2: build() counts
    # warnings for `--strict` with a CountHandler on the engine's logger (`properdocs` under
    # ProperDocs 1.6.7, see engine.py) and aborts after on_post_build; remove when MkDocs
    # tells plugins that a strict build is failing.
    return any(isinstance(h, CountHandler) and h.get_counts() for h in engine_logger().handlers)


def _write_files(files: dict[str, bytes], site_dir: str) -> None:
    """Write files by their path relative to the site folder."""
    for path, data in files.items():
        write_site_file(site_dir, path, data)


def _content_files(files: Files, sources: Sources, config: MkDocsConfig) -> list[str]:
    """The project-relative paths of the files MkDocs found in the content folder."""
    docs_dir = os.path.abspath(config.docs_dir)
    return [
        f"{sources.content_dir}/{file.src_uri}"
        for file in files
        if file.abs_src_path and os.path.abspath(file.src_dir or "") == docs_dir
    ]


def _is_body(src_uri: str) -> bool:
    """Record bodies and the home intro belong to generated pages, not to the nav."""
    if src_uri == "index.md":
        return True
    folder = src_uri.split("/", 1)[0]
    return "/" in src_uri and folder in {kind.plural for kind in KINDS.values()}
