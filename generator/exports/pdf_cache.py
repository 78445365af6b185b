"""The last build's PDFs, kept so that a build lays out again only the PDFs whose input changed.

Laying out is by far the dearest part of a PDF (about a quarter of a second
a page), and a daily publish mostly makes the same PDFs again. Each kept PDF
is found by one of two keys:

- its data key, made before any HTML: the text of the document's data
  (records, bodies as Markdown, links; `record_texts.text_of`), the print
  templates, the generator's code and its libraries' versions, the settings
  it prints, and what the layout shares (below). A hit costs no HTML at all.
  The build date the PDF prints is not in it: a PDF whose content is
  unchanged since yesterday is kept with yesterday's date, which is when
  that content was made. What moves with the date (upcoming events, review
  states) is in the data, so it still changes the key when it changes.
- its HTML key, for a document whose data key missed: a digest of its HTML
  and of what the layout shares. A change to the generator's code that
  leaves a PDF's HTML alone then costs a render, not a layout.

What the layout shares: the stylesheet, the layout engine's version and
options, and the fonts this machine has. Files the layout loaded while
running (the logo, an image in a guidance page) are recorded with their own
digests and checked on reuse. Same key, same files: the kept PDF is what a
fresh layout of the same HTML writes, byte for byte, because the layout is
deterministic (see `pdf.render_pdf`).

A build keeps only the PDFs it used, so the folder holds one edition's
PDFs at most; the public and members' editions keep separate folders.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = "2"
"""Bumped when the entries' layout on disk changes, so older entries are never misread."""

REQUIREMENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
"""The distribution name at the start of a requirement line such as 'pydyf>=0.11.0'."""

GENERATOR = Path(__file__).resolve().parents[1]
"""The generator package: its code decides every PDF's data and HTML."""

HTML_LIBRARIES = ("jinja2", "markdown", "markupsafe", "nh3", "pymdown-extensions", "pyyaml")
"""The libraries that turn records and Markdown into a PDF's HTML (see generator/sanitize.py)."""

FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path("/etc/fonts"),
    Path.home() / ".fonts",
    Path.home() / ".local/share/fonts",
)
"""Where fontconfig finds fonts on Linux (and its configuration): a change there can move text."""


@dataclass(frozen=True)
class Kept:
    """One kept PDF and what its layout reported, so a reused PDF is logged as a fresh one."""

    pdf: Path
    pages: int
    warnings: list[str]
    missing: set[str]


@dataclass
class PdfCache:
    """A folder of kept PDFs; `None` as folder keeps nothing (every PDF is laid out)."""

    folder: Path | None
    environment: str
    """Digest of what every PDF's layout shares: engine, options, stylesheet and fonts."""
    inputs: str = ""
    """Digest of what every PDF's HTML is made with besides its data (`inputs_digest`)."""
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The kept entries' records, by data key, read once when the cache is opened."""
    by_html: dict[str, str] = field(default_factory=dict)
    """Data key of the entry kept for each HTML key."""

    @classmethod
    def open(cls, folder: Path | None, environment: str, inputs: str) -> PdfCache:
        """The cache in `folder`, its entries read (before any worker is forked)."""
        cache = cls(folder, environment, inputs)
        if folder is None or not folder.is_dir():
            return cache
        for meta in folder.glob("*.json"):
            try:
                info = json.loads(meta.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(info, dict) and isinstance(info.get("html"), str):
                cache.entries[meta.stem] = info
                cache.by_html[info["html"]] = meta.stem
        return cache

    def data_key(self, data_text: str) -> str:
        """The key of a document's data: with the shared inputs and layout environment."""
        digest = hashlib.sha256(f"data\n{self.environment}\n{self.inputs}\n".encode("ascii"))
        digest.update(data_text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def html_key(self, html: str) -> str:
        """The key of a document's HTML: with the layout environment."""
        digest = hashlib.sha256(f"html\n{self.environment}\n".encode("ascii"))
        digest.update(html.encode("utf-8"))
        return digest.hexdigest()

    def get(self, key: str) -> Kept | None:
        """The PDF kept under data key `key`, if every file its layout loaded is unchanged."""
        info = self.entries.get(key)
        if self.folder is None or info is None:
            return None
        pdf = self.folder / f"{key}.pdf"
        loaded = info.get("loaded", {})
        if not pdf.is_file() or any(file_digest(Path(p)) != d for p, d in loaded.items()):
            return None
        return Kept(pdf, int(info["pages"]), list(info["warnings"]), set(info["missing"]))

    def get_by_html(self, html_key: str) -> tuple[str, Kept] | None:
        """The data key and PDF of the entry kept for `html_key`, if it is still good."""
        key = self.by_html.get(html_key)
        kept = self.get(key) if key is not None else None
        return (key, kept) if key is not None and kept is not None else None

    def put(
        self,
        key: str,
        html_key: str,
        written: Path,
        pages: int,
        warnings: list[str],
        missing: set[str],
        loaded: Iterable[Path],
    ) -> None:
        """Keep a PDF under data key `key`, with its HTML key and the files its layout loaded."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        info = {
            "html": html_key,
            "pages": pages,
            "warnings": warnings,
            "missing": sorted(missing),
            "loaded": {str(p): file_digest(p) for p in sorted(set(loaded))},
        }
        temporary = self.folder / f".{key}.pdf.tmp"
        shutil.copyfile(written, temporary)
        os.replace(temporary, self.folder / f"{key}.pdf")
        _replace(self.folder / f"{key}.json", json.dumps(info).encode("utf-8"))

    def rekey(self, old: str, key: str) -> None:
        """Keep the entry found under `old` (by its HTML) under this build's data key too."""
        if self.folder is None or old == key:
            return
        temporary = self.folder / f".{key}.pdf.tmp"
        shutil.copyfile(self.folder / f"{old}.pdf", temporary)
        os.replace(temporary, self.folder / f"{key}.pdf")
        meta = (self.folder / f"{old}.json").read_bytes()
        _replace(self.folder / f"{key}.json", meta)

    def prune(self, used: set[str]) -> int:
        """Remove the entries whose keys are not in `used` (this build's); how many PDFs went."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        gone = 0
        for entry in self.folder.iterdir():
            key = entry.name.split(".", 1)[0]  # A torn write, '.key.pdf.tmp', has none.
            if key not in used and entry.suffix in {".pdf", ".json", ".tmp"}:
                entry.unlink(missing_ok=True)
                gone += entry.suffix == ".pdf"
        return gone


def _replace(target: Path, data: bytes) -> None:
    """Write a whole file or nothing: a stopped build never leaves a torn entry."""
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def file_digest(path: Path) -> str:
    """A file's SHA-256, or 'missing' when it is gone (so the entry no longer matches)."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return "missing"


def environment_digest(stylesheet: Path, options: str) -> str:
    """What every PDF of a build is laid out with, as one digest.

    `options` names the layout options in force (variant, tags, identifier
    rule), so changing how `pdf.py` calls WeasyPrint invalidates every entry.
    """
    digest = hashlib.sha256(f"{FORMAT}\n{options}\n".encode())
    digest.update(file_digest(stylesheet).encode("ascii"))
    for name, version in installed_versions("weasyprint"):  # The layout engine.
        digest.update(f"{name}=={version}\n".encode())
    digest.update(fonts_digest().encode("ascii"))
    return digest.hexdigest()


@cache
def installed_versions(*roots: str) -> tuple[tuple[str, str], ...]:
    """The distributions `roots` and every package they depend on, with installed versions."""
    seen: dict[str, str] = {}
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[name] = dist.version
        for line in dist.requires or []:
            named = REQUIREMENT_NAME.match(line)
            if named and "extra ==" not in line:  # An optional extra is not installed for us.
                pending.append(named[0].lower().replace("_", "-"))
    return tuple(sorted(seen.items()))


def inputs_digest(template_dirs: Iterable[Path], settings: str) -> str:
    """What every PDF's HTML is made with besides its own data, as one digest.

    The templates and the generator's own code (every file of the package),
    the versions of the libraries that turn data into HTML (Jinja, Markdown,
    the sanitiser, and what they need), Python's version, and `settings` (the
    project settings the PDFs print, as text). Any change here renders every
    PDF again, and lays out only those whose HTML changed (the HTML key).
    """
    digest = hashlib.sha256(f"{FORMAT}\n{sys.version}\n{settings}\n".encode())
    for name, version in installed_versions(*HTML_LIBRARIES):
        digest.update(f"{name}=={version}\n".encode())
    for folder in (*template_dirs, GENERATOR):
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                path = Path(root, name)
                relative = path.relative_to(folder).as_posix()
                digest.update(f"{relative}\0{file_digest(path)}\n".encode())
    return digest.hexdigest()


def fonts_digest() -> str:
    """The fonts fontconfig can find (path, size, time of change): new fonts can move text."""
    digest = hashlib.sha256()
    for folder in FONT_DIRS:
        if not folder.is_dir():
            continue
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = Path(root, name)
                try:
                    stat = path.stat()
                except OSError:
                    continue
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()
