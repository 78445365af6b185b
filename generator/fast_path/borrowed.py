"""Every place where the generator leans on MkDocs' or Material's internals, declared once.

`BORROWED` lists them, each with the versions it was checked against and
what would let it go; the code for each is below (or, for the two that
are not about the fast path, in the module it names). `FastPath` uses the
fast path only with the MkDocs and Material versions in `CHECKED`: with
any other, every page takes MkDocs' own pipeline and the build says why.

To bump MkDocs or Material: read each entry below against the new
release's source, run `./dev test -m "slow or not slow"` (the byte for byte
comparisons of both paths), then add the version to `CHECKED`.
"""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from jinja2 import ChoiceLoader, DictLoader
from mkdocs.commands.build import _populate_page, get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from ..engine import engine_logger, engine_name
from ..render import BYTECODE
from ..urls import page_dest


@dataclass(frozen=True)
class Borrowed:
    """One reliance on another project's internals."""

    where: str
    """Our code that does it."""
    what: str
    """The internal it relies on."""
    checked: str
    """The versions it was checked against."""
    until: str
    """What would let it go."""


CHECKED = {"mkdocs": ("1.6.1",), "properdocs": ("1.6.7",), "mkdocs-material": ("9.8.2",)}
"""Versions the fast path was checked against; any other turns it off (output unchanged).
Of the engines, only the one running the build counts (see engine.py)."""
_CHECKED = "mkdocs 1.6.1 (and ProperDocs 1.6.7), mkdocs-material 9.8.2"
ENGINES = {"mkdocs", "properdocs"}
"""The engines CHECKED names; the other one's version does not matter to a build."""

BORROWED = (
    Borrowed(
        "borrowed.render_full",
        "the private sequence of mkdocs.commands.build._build_page (get_context, the "
        "page_context event, `main.html`), including setting `config._current_page`",
        _CHECKED,
        "a public MkDocs call that renders one page through the theme",
    ),
    Borrowed(
        "borrowed.populate",
        "the private mkdocs.commands.build._populate_page, to give a folder that falls "
        "back the page events MkDocs' own loop would have given it",
        _CHECKED,
        "deciding the fallback before on_files (needs the theme's output before the nav exists)",
    ),
    Borrowed(
        "borrowed.sitemap_entry",
        "re-implements Page._set_canonical_url for pages MkDocs never makes a Page for",
        _CHECKED,
        "a public way to list a File in sitemap.xml, or MkDocs exposing the canonical URL rule",
    ),
    Borrowed(
        "borrowed.WrittenFile",
        "skips File.__init__ and sets File's attributes (src_uri, dest_uri, "
        "use_directory_urls, generated_by, _content) itself: pathlib there costs ~1 s at "
        "25,000 files",
        _CHECKED,
        "File.generated becoming cheap, or MkDocs listing files it does not copy",
    ),
    Borrowed(
        "borrowed.speed_up_theme",
        "replaces the theme environment's `bytecode_cache` and wraps its `loader` in a "
        "ChoiceLoader holding the one-line shell template",
        _CHECKED,
        "a documented hook for adding a template and a bytecode cache to the theme",
    ),
    Borrowed(
        "borrowed.search_index",
        "Material's search plugin keeps its entries in the public-looking but undocumented "
        "`search_index.entries`; lean directory entries are appended there (MkDocs' own "
        "search keeps a private `_entries`, so with it the theme indexes every page itself)",
        _CHECKED,
        "a documented way to add search entries",
    ),
    Borrowed(
        "borrowed.strict_failing",
        "`mkdocs build --strict` counts warnings with a CountHandler on the engine's "
        "logger (`mkdocs`, or `properdocs` under ProperDocs) and aborts after "
        "on_post_build; found by scanning that logger's handlers",
        _CHECKED,
        "MkDocs telling plugins that a strict build is failing",
    ),
    Borrowed(
        "mkdocs_pages.read_source (markdown_source.page_source)",
        "Page.read_source passes every page through mkdocs.utils.meta.get_data, which takes "
        "leading `Key: value` lines for MultiMarkdown metadata; the deprecated "
        "on_page_read_source event reads the source instead (setting File.content_string "
        "would unset abs_src_path, which other plugins read)",
        _CHECKED,
        "MkDocs reading only YAML front matter",
    ),
    Borrowed(
        "log_levels.hear_warnings",
        "`-q` raises the `mkdocs` logger to ERROR, so that CountHandler never sees a "
        "warning; the logger is lowered and its handlers raised",
        _CHECKED,
        "MkDocs counting warnings whatever the verbosity",
    ),
)
"""What the generator borrows from MkDocs and Material (also listed in the README)."""

SHELL_TEMPLATE = "schoolnet-shell.html"
"""A one-line template that hands the content to on_post_page, where the shell is filled."""


def unchecked_versions() -> str | None:
    """Which installed MkDocs or Material version the fast path was not checked against, if any.

    Material is optional to the fast path (any theme is probed), so only an
    installed one counts.
    """
    engine = engine_name()
    for name, versions in CHECKED.items():
        if name in ENGINES and name != engine:
            continue
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            if name == engine:
                return f"the engine's version is unknown ({name} is not installed as a package)"
            continue
        if version not in versions:
            return f"{name} {version} is not a version it was checked against ({_CHECKED})"
    return None


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


def populate(file: File, files: Files, config: MkDocsConfig) -> None:
    """Give a listed file its page and MkDocs' reading events, as MkDocs' own loop does.

    What `mkdocs.commands.build.build` does for a page left out of the nav,
    between on_nav and on_env; MkDocs then builds the page with the others.
    """
    Page(None, file, config)
    assert file.page is not None
    _populate_page(file.page, config, files)


def speed_up_theme(env: Any, with_shell: bool) -> None:
    """Let the theme's environment reuse compiled templates, and know the shell template."""
    env.bytecode_cache = BYTECODE  # Rebuilds under `mkdocs serve` skip compiling.
    if with_shell:
        env.loader = ChoiceLoader([DictLoader({SHELL_TEMPLATE: "{{ page.content }}"}), env.loader])


def search_index(config: MkDocsConfig) -> Any:
    """mkdocs-material's search index, if its search is on.

    MkDocs' own search plugin keeps its entries in a private `_entries`, so
    with it this finds nothing and the theme indexes every page itself.
    """
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and hasattr(index, "entries"):
            return index
    return None


def add_search_entries(config: MkDocsConfig, entries: list[dict[str, Any]]) -> None:
    """Give the theme's search these entries, if its search is Material's (see search_index)."""
    index = search_index(config)
    if index is not None:
        index.entries.extend(entries)


def strict_failing() -> bool:
    """True when `mkdocs build --strict` has counted a warning and will abort.

    The counter sits on the engine's own logger: `mkdocs`, or `properdocs`
    under ProperDocs 1.6.7 (see engine.py).
    """
    return any(isinstance(h, CountHandler) and h.get_counts() for h in engine_logger().handlers)


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
    page, so links to it resolve. If its folder falls back (`to_pipeline`),
    it becomes an ordinary documentation page, as `File.generated` would
    have made it.
    """

    def __init__(self, config: MkDocsConfig, src_uri: str) -> None:
        dest = page_dest(src_uri, config.use_directory_urls)
        super().__init__(config, src_uri, dest, InclusionLevel.NOT_IN_NAV)
        self.from_shell = True

    def to_pipeline(self) -> None:
        """From now on MkDocs renders and writes this page itself."""
        self.from_shell = False

    def is_documentation_page(self) -> bool:
        """Not for MkDocs to render while the generator writes it from a shell."""
        return not self.from_shell


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
    src_uri: str = ""
    """The page's source path, as a File has it."""


def sitemap_entry(file: File, site_url: str | None, update_date: str) -> SitemapEntry:
    """The entry MkDocs would list for the same page (see Page._set_canonical_url)."""
    return sitemap_entry_at(file.src_uri, file.url, site_url, update_date)


def sitemap_entry_at(src: str, url: str, site_url: str | None, update_date: str) -> SitemapEntry:
    """The entry MkDocs would list for a page published at `url` (relative to the site root)."""
    if not site_url:
        return SitemapEntry(SitemapPage(None, None, update_date), src)
    base = site_url if site_url.endswith("/") else site_url + "/"
    parts = urlsplit(base)
    if parts.query or parts.fragment or url.startswith(("/", ".")):
        canonical = urljoin(base, url)  # What MkDocs does, at its own pace.
        return SitemapEntry(SitemapPage(canonical, urlsplit(canonical).path, update_date), src)
    # A relative page URL under a plain base: urljoin would only append it.
    return SitemapEntry(SitemapPage(base + url, parts.path + url, update_date), src)
