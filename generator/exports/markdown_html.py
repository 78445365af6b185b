"""Markdown bodies as HTML for a PDF, with every link pointing somewhere that works on paper.

The site lets MkDocs turn Markdown into HTML and resolve links between its
pages. A PDF has no neighbouring pages, so here each link is decided once:
a record, guidance page or directory that the PDF holds becomes an in-PDF
link (`#school-hawes-side`), anything else becomes a full site URL (from
`site_url`), and without a site URL the link text stays as plain text.
Heading ids are prefixed with the anchor of their section, so two bodies
that both have a "Purpose" heading do not clash in one document.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import markdown
from markupsafe import Markup

from ..links import rewrite_links
from ..sanitize import EXTENSIONS, clean_html
from ..urls import page_url, record_src

SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
TAG_RE = re.compile(r"<[a-zA-Z][^<>]*>")
ATTR_RE = re.compile(r'(\s)(id|href|src)="([^"]*)"')
EMPTY_LINK_RE = re.compile(r'<a href="">(.*?)</a>', re.DOTALL)
SRC_RE = re.compile(r'\ssrc="([^"]*)"')
ALT_RE = re.compile(r'\salt="([^"]*)"')
HEADING_RE = re.compile(r"^\s{0,3}#\s+(.+?)\s*#*\s*$")


@dataclass(frozen=True)
class LinkMap:
    """Where links point from inside one PDF."""

    anchors: Mapping[str, str]
    """Page source path ('schools/x.md', 'guide/start.md') → its anchor in this PDF."""
    site_url: str | None
    directory_urls: bool = True

    def url(self, src: str, fragment: str = "") -> str:
        """An in-PDF link when this PDF holds the page, else its site URL, else ''."""
        anchor = self.anchors.get(src)
        if anchor is not None:
            return f"#{anchor}--{fragment}" if fragment else f"#{anchor}"
        return self.site_link(page_url(src, self.directory_urls), fragment)

    def site_link(self, path: str, fragment: str = "") -> str:
        """A full URL for a path relative to the site root, or '' without a site URL."""
        if not self.site_url:
            return ""
        base = self.site_url if self.site_url.endswith("/") else f"{self.site_url}/"
        return urljoin(base, path) + (f"#{fragment}" if fragment else "")

    def record(self, record: Any) -> str:
        """The link to a record's section in this PDF, or to its page on the site."""
        return self.url(record_src(record.record_kind, record.id))


def split_title(text: str) -> tuple[str | None, str]:
    """A leading `# Title` line and the rest, so a page's heading is printed once."""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        match = HEADING_RE.match(line)
        if match:
            return match.group(1), "".join(lines[index + 1 :])
        break
    return None, text


@dataclass
class BodyConverter:
    """Turns Markdown bodies into HTML fragments for one PDF."""

    links: LinkMap
    content_dir: Path
    _parsers: dict[int, markdown.Markdown] = field(default_factory=dict, repr=False)

    def _parser(self, baselevel: int) -> markdown.Markdown:
        parser = self._parsers.get(baselevel)
        if parser is None:
            parser = markdown.Markdown(
                extensions=list(EXTENSIONS),
                extension_configs={"toc": {"baselevel": baselevel}},
                output_format="html",
            )
            self._parsers[baselevel] = parser
        return parser

    def convert(self, text: str, src: str, anchor: str, *, baselevel: int = 1) -> Markup:
        """Markdown from the page `src` (relative to the content folder) as HTML.

        `anchor` prefixes every id in the result; `baselevel` is the level a
        `#` heading becomes (3 inside a record, whose own heading is an h2).
        """
        # Record links become links to page sources, as on the site; the pass
        # over the HTML then decides every link to a page the same way.
        text = rewrite_links(text, src)
        parser = self._parser(baselevel)
        parser.reset()
        body = clean_html(parser.convert(text))
        body = TAG_RE.sub(lambda tag: self._fix_tag(tag.group(0), src, anchor), body)
        body = EMPTY_LINK_RE.sub(r"\1", body)
        return Markup(body)

    def _fix_tag(self, tag: str, src: str, anchor: str) -> str:
        is_img = tag.startswith("<img")
        if is_img:
            source = SRC_RE.search(tag)
            if source is None or not self._image(html.unescape(source.group(1)), src):
                alt = ALT_RE.search(tag)
                return f'<span class="no-image">[{alt.group(1) if alt else "image"}]</span>'

        def fix(match: re.Match[str]) -> str:
            space, name, raw = match.group(1), match.group(2), html.unescape(match.group(3))
            if name == "id":
                value = f"{anchor}--{raw}"
            elif name == "href":
                value = self._href(raw, src, anchor)
            else:
                value = self._image(raw, src) if is_img else raw
            return f'{space}{name}="{html.escape(value)}"'

        return ATTR_RE.sub(fix, tag)

    def _href(self, raw: str, src: str, anchor: str) -> str:
        if raw.startswith("#"):
            return f"#{anchor}--{raw[1:]}" if len(raw) > 1 else f"#{anchor}"
        if SCHEME_RE.match(raw):
            return raw
        path, _, fragment = raw.partition("#")
        if path.startswith("/"):
            return self.links.site_link(path.lstrip("/"), fragment)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
        if target.startswith("../"):
            return ""
        if target.endswith(".md"):
            return self.links.url(target, fragment)
        return self.links.site_link(target, fragment)

    def _image(self, raw: str, src: str) -> str:
        """A local image as a file URI inside the content folder, or '' for any other.

        A PDF is read offline, so an image from elsewhere is shown as its alt text.
        """
        if not raw or SCHEME_RE.match(raw) or raw.startswith("/"):
            return ""
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src), raw))
        if target.startswith("../"):
            return ""
        return (self.content_dir / target).resolve().as_uri()


@dataclass(frozen=True, eq=False)
class PrintBody:
    """A Markdown body that becomes print HTML only when a template shows it.

    A PDF whose inputs are unchanged since the last build is copied from the
    cache without rendering (pdf_cache), so its bodies need never be turned
    into HTML. Its key holds what the HTML is made from: the Markdown, its
    page, anchor and heading level (the document's `LinkMap` is in the key
    beside it). Jinja shows it through `__html__`, as it shows `Markup`.
    """

    convert: BodyConverter = field(repr=False)
    text: str
    src: str
    anchor: str
    baselevel: int = 1
    _made: list[Markup] = field(default_factory=list, repr=False)

    def __html__(self) -> str:
        if not self._made:
            self._made.append(
                self.convert.convert(self.text, self.src, self.anchor, baselevel=self.baselevel)
            )
        return str(self._made[0])

    def __str__(self) -> str:
        return self.__html__()

    def __bool__(self) -> bool:
        return bool(self.__html__())
