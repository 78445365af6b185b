"""What the plugin does to each page MkDocs renders: its source read as text, record links
resolved, a generated page's title and template, and contributed HTML sanitised.

MkDocs-facing by nature; the plugin's page events call it.
"""

from __future__ import annotations

import re

from mkdocs.structure.pages import Page

from .fast_path.shell import page_meta
from .links import rewrite_links
from .markdown_source import page_source
from .mkdocs_errors import stop_with_message
from .pages import PageSpec
from .render import Renderer
from .sanitize import clean_html

ID_RE = re.compile(r'\bid="([^"]+)"')
WIDE_HIDES = ("navigation", "toc")
"""What a wide page hides of Material's layout (its `hide` page meta)."""


def read_source(page: Page) -> str | None:
    """A page's Markdown with opening `Key: value` lines kept as text, as in the PDFs.

    Borrowed behaviour: see fast_path.borrowed.BORROWED ("mkdocs_pages.read_source").
    """
    try:
        return page_source(page.file.content_string)
    except (OSError, ValueError):
        return None  # MkDocs reads the file itself and says what is wrong with it.


def page_markdown(markdown: str, page: Page, spec: PageSpec | None, lean_search: bool) -> str:
    """Resolve record links, and give a generated page its title and description.

    With Material's search, record and directory pages get lean entries in
    on_env rather than having their (possibly huge) HTML parsed by it. A
    directory page hides the theme's sidebars (Material's `hide` meta): its
    table needs the width more than a navigation its tabs already give.
    """
    if spec is not None:
        page.meta["title"], page.meta["description"] = page_meta(spec)
        if spec.wide:
            page.meta["hide"] = list(WIDE_HIDES)
        if spec.src != "index.md" and lean_search:
            page.meta["search"] = {"exclude": True}
    return rewrite_links(markdown, page.file.src_uri)


def page_content(html: str, page: Page, spec: PageSpec | None, renderer: Renderer) -> str:
    """Sanitise HTML made from contributed Markdown; wrap a generated page in its template.

    Every page MkDocs renders here is contributed Markdown (a guidance
    page, a record body, a directory's introduction): the theme's search
    and the page both get it only after `clean_html`.
    """
    html = clean_html(html)
    if spec is None:
        return html
    with stop_with_message():
        content = renderer.render_page(spec, html)
    # Links may point at headings the template made, not only the body's.
    page.present_anchor_ids = (page.present_anchor_ids or set()) | set(ID_RE.findall(content))
    return content
