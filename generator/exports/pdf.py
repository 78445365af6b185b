"""Write the PDFs with WeasyPrint: the handbook, a pack per network and a file per policy.

`write_pdfs(site, settings, out)` is the whole export: it renders each
document's HTML from the model (see `documents.py`), lays the documents out
with the print stylesheet, and writes them under `out` at the stable paths
of `paths.py`. The same input and build date give byte-identical files: the
PDF dates come from the build date, the file identifier from the content,
and nothing is read from outside the project (no network, no system files).
Several PDFs are laid out in parallel, one process per CPU.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from ..parallel import fork_is_safe
from ..site import Site
from .documents import Documents, PdfDocument
from .settings import PdfSettings

STYLESHEET = "print/print.css"
PDF_VARIANT = "pdf/ua-1"
"""Tagged PDF (PDF/UA-1, WeasyPrint's own): a structure tree of headings, lists, tables and
paragraphs in reading order, the language and the title shown as the window's title, so a
screen reader can read the documents; public-sector accessibility rules expect it."""
MAX_WORKERS = 4
PARALLEL_FROM = 4
"""Fewer PDFs than this are written in this process: starting workers would cost more."""


MISSING_GLYPH = re.compile(
    r'\.notdef glyph rendered for Unicode string unsupported by fonts: "(.*)"'
)
"""WeasyPrint's warning for a character no installed font can draw."""


@dataclass
class Written:
    """What one export wrote, and anything WeasyPrint complained about."""

    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)
    missing_glyphs: set[str] = field(default_factory=set)
    """Characters no installed font draws, printed as empty boxes (see `missing_glyphs_note`)."""


def missing_glyphs_note(chars: set[str]) -> str:
    """Say which characters the PDFs print as boxes, and how to get them drawn.

    Not a warning: the check already refuses control and unassigned
    characters, so what is left is real text (a partner school's name in
    Chinese, say) that only this machine's fonts lack. The web pages show
    it; a strict build must not fail over it, and the PDFs stay usable.
    """
    listed = ", ".join(f"{c} (U+{ord(c):04X})" for c in sorted(chars)[:10])
    more = f" and {len(chars) - 10} more" if len(chars) > 10 else ""
    return (
        f"PDFs: no installed font draws {listed}{more}; they print as empty boxes. "
        "Install a font that has them (Debian's fonts-noto-cjk for Chinese, Japanese "
        "and Korean) and build again"
    )


class _ProjectFilesOnly(URLFetcher):  # type: ignore[misc]
    """Lets a PDF load only images and styles inside the project: no network, no system files."""

    def __init__(self, roots: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self.roots = roots

    def fetch(self, url: str, headers: Any = None) -> Any:
        """Refuse any file outside the project's folders."""
        if url.startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ValueError(f"{url} is outside the project")
        return super().fetch(url, headers)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_warnings() -> Iterator[list[str]]:
    """WeasyPrint's warnings (a missing image, a bad CSS value) as a list, not as log noise."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    saved = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = saved


def stylesheet_of(settings: PdfSettings) -> Path:
    """The print stylesheet: the project's own if it has one, else the shipped one."""
    for folder in settings.template_dirs:
        candidate = folder / STYLESHEET
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no {STYLESHEET} in {', '.join(map(str, settings.template_dirs))}")


def render_pdf(
    html: str, stylesheet: Path, roots: tuple[Path, ...]
) -> tuple[bytes, int, list[str]]:
    """Lay out one document: the PDF's bytes, its page count and WeasyPrint's warnings.

    The PDF identifier is a hash of the HTML, so it is the same for the same
    input (WeasyPrint would otherwise leave it out, and PDF/A needs one). The
    PDF is tagged (`PDF_VARIANT`).
    """
    with _weasyprint_warnings() as warnings:
        document = HTML(
            string=html,
            base_url=roots[0].as_uri() + "/",
            url_fetcher=_ProjectFilesOnly(roots),
        ).render(stylesheets=[CSS(filename=str(stylesheet))])
        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
        data = document.write_pdf(pdf_identifier=identifier, pdf_variant=PDF_VARIANT)
    return bytes(data), len(document.pages), list(warnings)


def _write_one(
    job: tuple[str, str, str, str, tuple[str, ...]],
) -> tuple[str, int, list[str], set[str]]:
    """Worker: lay out one document and write it; plain arguments so it can run in a process.

    Returns the path, the page count, WeasyPrint's warnings and, apart from
    them, the characters no font could draw.
    """
    path, title, html, stylesheet, roots = job
    data, pages, warnings = render_pdf(html, Path(stylesheet), tuple(Path(r) for r in roots))
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)
    glyphs = [MISSING_GLYPH.match(w) for w in warnings]
    missing = {m[1] for m in glyphs if m}
    others = [f"{title}: {w}" for w, m in zip(warnings, glyphs, strict=True) if not m]
    return path, pages, others, missing


def _start_method() -> Any:
    """Fork when it is safe (one thread, POSIX): workers start at once with WeasyPrint loaded.

    With other threads alive (e.g. under `mkdocs serve`) a fork could copy a
    held lock, so each worker is then a fresh interpreter instead.
    """
    if fork_is_safe():
        return get_context("fork")
    return get_context("spawn")


def worker_count(settings: PdfSettings, documents: int) -> int:
    """How many processes to use: the setting, or one per CPU (at most 4) for many documents."""
    if settings.workers > 0:
        return settings.workers
    if documents < PARALLEL_FROM:
        return 1
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1, documents))


def write_documents(documents: list[PdfDocument], settings: PdfSettings, out: Path) -> Written:
    """Write already-rendered documents under `out`, largest first, in parallel when it pays."""
    roots = tuple(
        str(p.resolve()) for p in (settings.content_dir, *settings.template_dirs) if p.is_dir()
    )
    if settings.logo is not None:
        roots += (str(settings.logo.parent.resolve()),)
    sheet = str(stylesheet_of(settings))
    jobs = [
        (str(out / doc.path), doc.title, doc.html, sheet, roots)
        for doc in sorted(documents, key=lambda d: -len(d.html))
    ]
    workers = worker_count(settings, len(jobs))
    written = Written()
    if workers == 1:
        results = [_write_one(job) for job in jobs]
    else:
        with ProcessPoolExecutor(workers, mp_context=_start_method()) as pool:
            results = list(pool.map(_write_one, jobs))
    for path, pages, warnings, missing in sorted(results, key=lambda r: r[0]):
        written.files.append(Path(path))
        written.pages[Path(path).relative_to(out).as_posix()] = pages
        written.warnings += warnings
        written.missing_glyphs |= missing
    return written


def write_pdfs(site: Site, settings: PdfSettings, out: Path) -> Written:
    """Make every PDF of a build (handbook, network packs, policies) under `out`.

    `site` already holds only what the audience may see, so a public build's
    PDFs cannot contain a private record.
    """
    return write_documents(Documents(site, settings).all(), settings, out)
