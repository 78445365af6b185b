"""Where each page lives, and links between pages, without MkDocs.

Page paths follow MkDocs' rules (`schools/x.md` → `schools/x/` with
directory URLs, `schools/x.html` without) so that links written here agree
with the pages MkDocs writes; a test checks the two agree.
"""

from __future__ import annotations

import posixpath

from .models import KINDS


def record_src(kind: str, record_id: str) -> str:
    """The virtual source path of a record's page."""
    return f"{KINDS[kind].plural}/{record_id}.md"


def index_src(kind: str) -> str:
    """The virtual source path of a kind's directory page."""
    return f"{KINDS[kind].plural}/index.md"


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL path (relative to the site root) a source path is published at."""
    stem = src.removesuffix(".md")
    head, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        base = f"{head}/" if head else ""
        return base if directory_urls else f"{base}index.html"
    if directory_urls:
        return f"{stem}/"
    return f"{stem}.html"


def relative(from_url: str, to_url: str) -> str:
    """A link from one page to another that works on any host and offline."""
    from_dir = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    from_dir = from_dir.rstrip("/") or "."
    target = to_url.rstrip("/") or "."
    rel = posixpath.relpath(target, from_dir)
    if to_url.endswith("/") or not to_url:
        return "./" if rel == "." else f"{rel}/"
    return rel
