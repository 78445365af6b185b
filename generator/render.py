"""The one place that owns the Jinja environment for page content.

Autoescape is on and undefined names are errors, so contributor text is
always escaped and a template typo fails the build instead of printing
nothing, with a message naming the template's file and line
(template_errors). Templates are files in `site_templates/` that a site
owner may edit; contributor text is only ever passed in as data, never
compiled as a template.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import (
    BaseLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.bccache import Bucket, BytecodeCache
from markupsafe import Markup, escape

from .dates import long_date, short_date
from .pages import PageSpec, subject_of
from .rules import tel_href
from .template_errors import template_problem
from .urls import page_url, record_src, relative
from .wording import stars, when

SHIPPED_TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"


def template_folder(root: Path, option: str | None) -> Path:
    """The templates a site owner chose, else the project's own, else the shipped ones.

    Raises FileNotFoundError, with a message for mkdocs.yml, when the chosen
    folder does not exist.
    """
    if option:
        chosen = (root / option).resolve()
        if not chosen.is_dir():
            raise FileNotFoundError(
                f"mkdocs.yml: templates folder '{option}' does not exist; fix the path"
            )
        return chosen
    own = root / "site_templates"
    return own if own.is_dir() else SHIPPED_TEMPLATES


"""The templates that come with the generator, used where a project has none of its own."""


def paragraphs(text: str | None) -> Markup:
    """Plain text with blank lines as paragraph breaks, escaped."""
    if not text:
        return Markup("")
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return Markup("\n").join(
        Markup("<p>{}</p>").format(Markup("<br>\n").join(escape(line) for line in p.split("\n")))
        for p in parts
    )


def _key(value: Any) -> Any:
    """What a macro's argument stands for, as a dictionary key (see Renderer._memo)."""
    if hasattr(value, "record_kind") and hasattr(value, "id"):
        return (value.record_kind, value.id)
    if isinstance(value, list | tuple):
        return tuple(_key(item) for item in value)
    if callable(value):  # A bound helper such as site.review_state.
        return (getattr(value, "__qualname__", ""), id(getattr(value, "__self__", value)))
    if isinstance(value, str | int | float | bool | date | type(None)):
        return value
    raise TypeError(f"memo() cannot key a {type(value).__name__}; pass records or plain values")


class TemplateCodeCache(BytecodeCache):
    """Compiled templates kept in this process and, given a folder, between builds.

    Compiling the theme's and our templates costs about a second, a third of
    a 1,000-school build: a live preview rebuilds with fresh template
    environments each time, and every one-off build would compile them all
    again. Jinja stores a checksum of the source and its own bytecode
    version with the code and compiles anew when either differs, so an
    edited template is never served stale; the folder is also named for the
    Jinja and Python versions, whose compiled code the other cannot load.
    The folder is as trusted as `__pycache__` (its files are loaded as
    code): it belongs to the project's checkout and is never restored from
    a shared cache.
    """

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}
        self.folder: Path | None = None

    def keep_in(self, folder: Path | None) -> None:
        """Also read and write compiled templates under `folder` (None: this process only)."""
        self.folder = None if folder is None else folder / _COMPILED_BY

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill the bucket from memory or the folder, if this template was compiled before."""
        data = self.code.get(bucket.key)
        if data is None and self.folder is not None:
            try:
                data = (self.folder / f"{bucket.key}.code").read_bytes()
            except OSError:
                return
            self.code[bucket.key] = data
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep a freshly compiled template; a folder that cannot be written is only not used."""
        data = self.code[bucket.key] = bucket.bytecode_to_string()
        if self.folder is None:
            return
        target = self.folder / f"{bucket.key}.code"
        part = target.with_name(f"{target.name}.{os.getpid()}.part")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            part.write_bytes(data)
            os.replace(part, target)  # Whole or absent, even with workers writing at once.
        except OSError:
            with suppress(OSError):
                part.unlink(missing_ok=True)


_COMPILED_BY = f"jinja2-{jinja2.__version__}-{sys.implementation.cache_tag}"
"""The subfolder of a template cache: compiled code is only valid for one Jinja and one Python."""


def template_cache_folder(root: Path, option: str) -> Path | None:
    """Where compiled templates are kept between builds: `option` under the project, or None."""
    return root / option if option.strip() else None


BYTECODE = TemplateCodeCache()
"""One cache for every environment of this process (ours and the theme's)."""


class LeanLoader(BaseLoader):
    """Template sources without their lines' leading whitespace.

    The theme's templates and ours are indented for people to read, and that
    indentation was a fifth of every page's bytes (about 4.4 of a school
    page's 25 kB) and of a 25,000-school site's. Dropping it from the source,
    once when a template is loaded, costs nothing per page, and the page
    means the same: a line break stays a line break, so words and inline
    elements keep their spaces, and no template holds `<pre>` or
    `<textarea>`, where spacing shows (`tests/test_render.py` checks this).
    Line numbers stay as they were, so template errors still point right.
    """

    def __init__(self, inner: BaseLoader) -> None:
        self.inner = inner

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Any]:
        """The inner loader's source with each line's indentation dropped."""
        source, filename, uptodate = self.inner.get_source(environment, template)
        return _INDENT.sub("\n", source).lstrip(" \t"), filename, uptodate

    def list_templates(self) -> list[str]:
        """The inner loader's templates (MkDocs copies the theme's static files from this list)."""
        return self.inner.list_templates()


_INDENT = re.compile(r"\n[ \t]+")


def lean_templates(env: Environment) -> None:
    """Load `env`'s templates without their indentation (see LeanLoader)."""
    if env.loader is not None and not isinstance(env.loader, LeanLoader):
        env.loader = LeanLoader(env.loader)


@dataclass(frozen=True)
class MapTiles:
    """The base map's tile URL template and its credit, which map containers carry for map.js."""

    url: str = ""
    attribution: str = ""


class Renderer:
    """Renders page content from templates, with links relative to the page."""

    def __init__(self, template_dir: Path | Sequence[Path], *, directory_urls: bool = True) -> None:
        """`template_dir` may be a list of folders, searched in order (own templates first)."""
        self.directory_urls = directory_urls
        dirs = [template_dir] if isinstance(template_dir, Path) else list(template_dir)
        self.dirs = dirs
        self.env = Environment(
            loader=LeanLoader(FileSystemLoader([str(d) for d in dirs])),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            bytecode_cache=BYTECODE,
        )
        self.env.filters.update(
            long_date=long_date,
            short_date=short_date,
            paragraphs=paragraphs,
            stars=stars,
            tel=tel_href,
        )
        self._here = ""
        self._link: Callable[[Any], str] = self._current_href
        self._fragments: dict[tuple[Any, ...], Any] = {}
        self.env.globals.update(
            when=when,
            memo=self._memo,
            link=self._current_link,
            href=self._current_href,
            file_href=self._current_file_href,
            map_tiles=MapTiles(),
        )

    def use_map_tiles(self, tiles: MapTiles) -> None:
        """Where the pages' maps take their base map from (the plugin's map_tiles option)."""
        self.env.globals["map_tiles"] = tiles

    def url_of(self, src: str) -> str:
        """The site-root-relative URL of a page source path."""
        return page_url(src, self.directory_urls)

    def render(
        self, template: str, page_src: str, context: dict[str, Any], *, subject: str = ""
    ) -> str:
        """Render one page's content; `link(record)` and `href(src)` are relative to it.

        `subject` names the page in messages ("school 'hawes-side'").
        """
        here = self.url_of(page_src)

        def link(record: Any) -> str:
            return relative(here, self.url_of(record_src(record.record_kind, record.id)))

        return self._render(template, here, link, context, subject or f"the page {page_src}")

    def render_document(
        self, template: str, context: dict[str, Any], *, link: Callable[[Any], str], subject: str
    ) -> str:
        """Render a standalone document, such as a PDF's HTML, whose links the caller decides.

        Same environment, filters and escaping as the pages, so YAML text is
        escaped in print exactly as on the site.
        """
        return self._render(template, "", link, context, subject)

    def _render(
        self,
        template: str,
        here: str,
        link: Callable[[Any], str],
        context: dict[str, Any],
        subject: str,
    ) -> str:
        """Render with `link`, `href` and `file_href` answering for this page.

        The macros reach them as globals rather than as render arguments, so
        that templates can import the macros without context: Jinja then
        builds the macro module once, not once per page (a third of a record
        page's render time). A built module keeps the globals it was built
        with, so the globals stay the same functions and read the page from
        the renderer, which renders one page at a time.

        A mistake in a template raises TemplateProblem, naming the template's
        file and line and `subject`.
        """
        self._here = here
        self._link = link
        try:
            return self.env.get_template(template).render(**context)
        except Exception as error:
            problem = template_problem(error, self.dirs, template, subject)
            if problem is None:
                raise
            raise problem from error

    def _memo(self, macro: Any, *args: Any) -> Any:
        """A macro's output for these records, made once for all pages of a folder.

        Thousands of school pages list the same few policies; their links,
        relative to the page, are the same for every page of one folder.
        Records count by kind and id, which name one record in a build.
        """
        folder = (self._here.rstrip("/").rpartition("/")[0], self._here.endswith("/"))
        key = (getattr(macro, "name", id(macro)), folder, _key(args))
        found = self._fragments.get(key)
        if found is None:
            found = self._fragments[key] = macro(*args)
        return found

    def _current_link(self, record: Any) -> str:
        return self._link(record)

    def _current_href(self, src: str) -> str:
        return relative(self._here, self.url_of(src))

    def _current_file_href(self, path: str) -> str:
        return relative(self._here, path)

    def render_page(self, page: PageSpec, body_html: str | None) -> str:
        """A generated page's content: its heading, its data, and its rendered Markdown body."""
        body = Markup(body_html) if page.body and body_html else ""
        context = {**page.context, "title": page.title, "body": body}
        return self.render(page.template, page.src, context, subject=subject_of(page))
