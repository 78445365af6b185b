"""The last build's PDFs, kept so that a build lays out again only the PDFs whose input changed.

Laying out is by far the dearest part of a PDF (about a quarter of a second
a page), and a daily publish mostly makes the same PDFs again. Each PDF is
kept under a key: a digest of its HTML (which already holds every record,
body, template and date it shows), of the stylesheet, of the layout
engine's version and options, and of the fonts this machine has. Files the
layout loaded while running (the logo, an image in a guidance page) are
recorded with their own digests and checked on reuse. Same key, same files:
the kept PDF is byte-for-byte what a fresh layout would write, because the
layout is deterministic (see `pdf.render_pdf`).

A build keeps only the PDFs it used, so the folder holds one edition's
PDFs at most; the public and members' editions keep separate folders.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

FORMAT = "1"
"""Bumped when the entries' layout on disk changes, so older entries are never misread."""

REQUIREMENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
"""The distribution name at the start of a requirement line such as 'pydyf>=0.11.0'."""

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
    """Digest of what every PDF shares: layout engine, options, stylesheet and fonts."""

    def key(self, html: str) -> str:
        """The key of a document: its HTML and the shared environment."""
        digest = hashlib.sha256(self.environment.encode("ascii"))
        digest.update(html.encode("utf-8"))
        return digest.hexdigest()

    def get(self, key: str) -> Kept | None:
        """The kept PDF for `key`, if there is one and every file its layout loaded is unchanged."""
        if self.folder is None:
            return None
        pdf, meta = self.folder / f"{key}.pdf", self.folder / f"{key}.json"
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        loaded = info.get("loaded", {})
        if not pdf.is_file() or any(file_digest(Path(p)) != d for p, d in loaded.items()):
            return None
        return Kept(pdf, int(info["pages"]), list(info["warnings"]), set(info["missing"]))

    def put(
        self,
        key: str,
        written: Path,
        pages: int,
        warnings: list[str],
        missing: set[str],
        loaded: Iterable[Path],
    ) -> None:
        """Keep a freshly written PDF under `key`, with the files its layout loaded."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        info = {
            "pages": pages,
            "warnings": warnings,
            "missing": sorted(missing),
            "loaded": {str(p): file_digest(p) for p in sorted(set(loaded))},
        }
        _replace(self.folder / f"{key}.json", json.dumps(info).encode("utf-8"))
        temporary = self.folder / f".{key}.pdf.tmp"
        shutil.copyfile(written, temporary)
        os.replace(temporary, self.folder / f"{key}.pdf")

    def prune(self, used: set[str]) -> int:
        """Remove the entries whose keys are not in `used` (this build's); how many PDFs went."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        gone = 0
        for entry in self.folder.iterdir():
            key = entry.name.split(".", 1)[0]
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
    for name, version in layout_engine():
        digest.update(f"{name}=={version}\n".encode())
    digest.update(fonts_digest().encode("ascii"))
    return digest.hexdigest()


@cache
def layout_engine() -> tuple[tuple[str, str], ...]:
    """WeasyPrint and every package it depends on, with their installed versions."""
    seen: dict[str, str] = {}
    pending = ["weasyprint"]
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
