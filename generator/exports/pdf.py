"""Write the PDFs with WeasyPrint: the handbook, a pack per network and a file per policy.

`write_pdfs(site, settings, out)` is the whole export: it plans each
document from the model (see `documents.py`), copies those kept from the
last build whose data or HTML is unchanged (`pdf_cache.py`), renders and
lays out the others with the print stylesheet, and writes them under `out`
at the stable paths of `pdf_paths.py`. The same input and build date give byte-identical files: the
PDF dates come from the build date, the file identifier from the content,
and nothing is read from outside the project (no network, no system files).
Several PDFs are laid out in parallel, one process per CPU.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from ..parallel import fork_is_safe
from ..record_texts import TextMemo, text_of
from ..site import Site
from .documents import DocumentPlan, Documents, PdfDocument
from .pdf_cache import Kept, PdfCache, environment_digest, file_digest, inputs_digest
from .settings import PdfSettings

STYLESHEET = "print/print.css"
PDF_VARIANT = "pdf/ua-1"
"""Tagged PDF (PDF/UA-1, WeasyPrint's own): a structure tree of headings, lists, tables and
paragraphs in reading order, the language and the title shown as the window's title, so a
screen reader can read the documents; public-sector accessibility rules expect it."""
MAX_WORKERS = 4
PARALLEL_FROM = 4
"""Fewer PDFs than this are written in this process: starting workers would cost more."""
CHUNK = 8
"""Documents a worker renders per message: network packs are many and small."""


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
    laid_out: list[Path] = field(default_factory=list)
    """Those of `files` that were laid out; the others were kept from the last build."""
    rendered: int = 0
    """How many documents' HTML was made: a PDF kept by its data key needs none."""


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
        self.loaded: list[Path] = []
        """The files a layout read, so a kept PDF is reused only while they are unchanged."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        """Refuse any file outside the project's folders."""
        if url.startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ValueError(f"{url} is outside the project")
            self.loaded.append(path)
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


LAYOUT_OPTIONS = f"identifier=sha256(html)[:32] variant={PDF_VARIANT}"
"""How `render_pdf` calls WeasyPrint, in words: part of every kept PDF's key (pdf_cache)."""


def layout_options() -> str:
    """The layout options and this module's own source: editing how PDFs are laid out (here)
    makes every kept PDF stale, even when nobody remembered to change LAYOUT_OPTIONS."""
    return f"{LAYOUT_OPTIONS}\n{file_digest(Path(__file__))}"


@dataclass(frozen=True)
class LaidOut:
    """One document laid out: the PDF, its pages, WeasyPrint's warnings and the files it read."""

    data: bytes
    pages: int
    warnings: list[str]
    loaded: list[Path]


def render_pdf(html: str, stylesheet: Path, roots: tuple[Path, ...]) -> LaidOut:
    """Lay out one document.

    The PDF identifier is a hash of the HTML, so it is the same for the same
    input (WeasyPrint would otherwise leave it out, and PDF/A needs one). The
    PDF is tagged (`PDF_VARIANT`).
    """
    fetcher = _ProjectFilesOnly(roots)
    with _weasyprint_warnings() as warnings:
        document = HTML(string=html, base_url=roots[0].as_uri() + "/", url_fetcher=fetcher).render(
            stylesheets=[CSS(filename=str(stylesheet))]
        )
        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
        data = document.write_pdf(pdf_identifier=identifier, pdf_variant=PDF_VARIANT)
    return LaidOut(bytes(data), len(document.pages), list(warnings), fetcher.loaded)


Job = tuple[str, str, str, str, tuple[str, ...]]
"""(target path, title, HTML, stylesheet, roots): plain values, so a job can go to a process."""
Result = tuple[str, int, list[str], set[str], list[str]]
"""(target path, pages, warnings, characters no font drew, files the layout read)."""


def _write_one(job: Job) -> Result:
    """Worker: lay out one document and write it; plain arguments so it can run in a process.

    Returns the path, the page count, WeasyPrint's warnings and, apart from
    them, the characters no font could draw, and the files the layout read.
    """
    path, title, html, stylesheet, roots = job
    laid = render_pdf(html, Path(stylesheet), tuple(Path(r) for r in roots))
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(laid.data)
    os.replace(temporary, target)
    glyphs = [MISSING_GLYPH.match(w) for w in laid.warnings]
    missing = {m[1] for m in glyphs if m}
    others = [f"{title}: {w}" for w, m in zip(laid.warnings, glyphs, strict=True) if not m]
    return path, laid.pages, others, missing, [str(p) for p in laid.loaded]


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


Maker = Callable[[], DocumentPlan] | DocumentPlan | PdfDocument
"""A document's plan, or a function that makes it when called (in a worker, so the plans of
many documents are made on every core), or a document whose HTML is already rendered."""

_MAKERS: list[Maker] = []
"""The makers of the export under way, inherited by forked workers (never pickled)."""


@dataclass(frozen=True)
class _Plan:
    """What every document of one export shares: where it goes, its cache, stylesheet, roots."""

    out: Path
    cache: PdfCache
    sheet: str
    roots: tuple[str, ...]


_LEAVES: dict[int, tuple[object, str]] = {}
"""Texts of the records already keyed by this process in this export (see TextMemo.leaves):
each entry holds its record, so an id found again is the same record."""


Sifted = tuple[str, str | None, Result | None, Job | None]
"""(key, the HTML key or None when no HTML was rendered, the copied PDF or None, the job to lay
out or None)."""


def _sift(plan: _Plan, index: int) -> Sifted:
    """Find document `index`'s kept PDF and copy it, or say what to lay out.

    The data key is tried first, before any HTML is made; only a miss renders
    the HTML, which may still match a kept PDF by its HTML key.
    """
    maker = _MAKERS[index]
    made = maker if isinstance(maker, DocumentPlan | PdfDocument) else maker()
    key = ""
    if isinstance(made, DocumentPlan) and plan.cache.folder is not None:
        # A memo per document: the texts of its lists and mappings are kept by their ids,
        # which a later document's data may reuse once this one's is freed.
        key = plan.cache.data_key(text_of(made.key_data(), TextMemo(leaves=_LEAVES)))
        kept = plan.cache.get(key)
        if kept is not None:
            return key, None, _copy(kept, plan.out / made.path), None
    doc = made.render() if isinstance(made, DocumentPlan) else made
    html_key = plan.cache.html_key(doc.html)
    key = key or html_key  # A document given as HTML is kept by its HTML.
    found = plan.cache.get_by_html(html_key)
    if found is None:
        return (
            key,
            html_key,
            None,
            (str(plan.out / doc.path), doc.title, doc.html, plan.sheet, plan.roots),
        )
    plan.cache.rekey(found[0], key)
    return key, html_key, _copy(found[1], plan.out / doc.path), None


def _copy(kept: Kept, target: Path) -> Result:
    """Copy a kept PDF into place; what its layout reported, as a fresh layout's result."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(kept.pdf, target)
    return str(target), kept.pages, kept.warnings, kept.missing, []


def _sift_all(plan: _Plan, makers: Sequence[Maker], workers: int) -> list[Sifted]:
    """Sift every document, on several forked workers when it is safe and pays."""
    _MAKERS[:] = makers
    _LEAVES.clear()
    try:
        if workers <= 1 or not fork_is_safe():
            return [_sift(plan, index) for index in range(len(makers))]
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            return list(pool.map(partial(_sift, plan), range(len(makers)), chunksize=CHUNK))
    finally:
        _MAKERS.clear()
        _LEAVES.clear()


def write_documents(makers: Sequence[Maker], settings: PdfSettings, out: Path) -> Written:
    """Write the documents under `out`: kept PDFs copied, the rest laid out.

    Each document is looked up in `settings.cache` first, on every core: by
    its data, then (when that misses) by its HTML. A document found either
    way is copied from the cache. The rest are laid out largest first, in
    parallel when it pays, and the cache then keeps exactly this build's PDFs.
    """
    roots = tuple(
        str(p.resolve()) for p in (settings.content_dir, *settings.template_dirs) if p.is_dir()
    )
    if settings.logo is not None:
        roots += (str(settings.logo.parent.resolve()),)
    sheet = stylesheet_of(settings)
    cache = PdfCache.open(
        settings.cache,
        environment_digest(sheet, layout_options()),
        inputs_digest(settings.template_dirs, printed_settings(settings)),
    )
    plan = _Plan(out, cache, str(sheet), roots)
    sifted = _sift_all(plan, makers, worker_count(settings, len(makers)))
    keys = {(job or result or ("",))[0]: key for key, _, result, job in sifted}
    kept = [result for _, _, result, _ in sifted if result is not None]
    html_keys = {job[0]: html for _, html, _, job in sifted if job is not None and html}
    jobs = sorted((job for *_, job in sifted if job is not None), key=lambda j: -len(j[2]))
    laid = _lay_out(jobs, settings)
    for path, pages, warnings, missing, loaded in laid:
        cache.put(
            keys[path], html_keys[path], Path(path), pages, warnings, missing, map(Path, loaded)
        )
    cache.prune(set(keys.values()))
    written = Written(
        laid_out=sorted(Path(result[0]) for result in laid),
        rendered=sum(html is not None for _, html, _, _ in sifted),
    )
    for path, pages, warnings, missing, _ in sorted(kept + laid, key=lambda r: r[0]):
        written.files.append(Path(path))
        written.pages[Path(path).relative_to(out).as_posix()] = pages
        written.warnings += warnings
        written.missing_glyphs |= missing
    return written


def printed_settings(settings: PdfSettings) -> str:
    """The settings a PDF's HTML is made with, as text for its key (not workers nor cache)."""
    shown = (
        settings.network_name,
        settings.site_url,
        [str(d) for d in settings.template_dirs],
        str(settings.content_dir),
        str(settings.logo),
        settings.version,
        settings.directory_urls,
        settings.compact_over,
    )
    return repr(shown)


def _lay_out(jobs: list[Job], settings: PdfSettings) -> list[Result]:
    """Lay out and write the jobs: in this process for a few, else in worker processes."""
    if not jobs:
        return []
    workers = worker_count(settings, len(jobs))
    if workers <= 1:
        return [_write_one(job) for job in jobs]
    with ProcessPoolExecutor(workers, mp_context=_start_method()) as pool:
        return list(pool.map(_write_one, jobs))


def write_pdfs(site: Site, settings: PdfSettings, out: Path) -> Written:
    """Make every PDF of a build (handbook, network packs, policies) under `out`.

    `site` already holds only what the audience may see, so a public build's
    PDFs cannot contain a private record.
    """
    return write_documents(Documents(site, settings).makers(), settings, out)
