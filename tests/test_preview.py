"""`./dev build --preview` gives a site that opens from disk, as the `site-preview` download.

A browser shows `schools/x/` from disk as a folder listing, not the page in
it, so the preview is built with file addresses (`schools/x.html`): then
every link of every page must lead to a file. The published build keeps
folder addresses, which the same check tells apart (so it can fail).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from helpers import ROOT, mkdocs_env

NOT_FROM_DISK = {"404.html"}
"""The host serves 404.html for any missing address, so its links start at the site's root
(`/schools-together/…`); nobody opens it from disk."""


def dev_build(out: Path, *flags: str) -> Path:
    """The shipped sample built by `./dev build` (without PDFs) into `out`."""
    result = subprocess.run(
        [str(ROOT / "dev"), "build", *flags, "--site-dir", str(out)],
        cwd=ROOT,
        env=mkdocs_env(pdf=False),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


def links_not_to_files(site: Path) -> dict[str, list[str]]:
    """Each relative link or source in the site's pages that does not lead to a file, with
    the pages that hold it ("(folder)" marks a link to a folder)."""
    found: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        if page in NOT_FROM_DISK:
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["a", "link", "script", "img", "source", "iframe"]):
            for name in ("href", "src"):
                address = tag.get(name)
                if not isinstance(address, str):
                    continue
                parts = urlsplit(address)
                if parts.scheme or parts.netloc or not parts.path:
                    continue  # Another site, or a place on the same page.
                target = (path.parent / unquote(parts.path)).resolve()
                if not target.is_file():
                    key = f"{address} (folder)" if target.is_dir() else address
                    found.setdefault(key, []).append(page)
    return found


def test_the_preview_links_only_to_files(tmp_path: Path) -> None:
    site = dev_build(tmp_path / "site", "--preview")
    assert (site / "schools" / "index.html").is_file()
    assert (site / "schools" / "hawes-side-academy.html").is_file()
    assert len(list(site.rglob("*.html"))) > 100
    assert links_not_to_files(site) == {}


def test_the_published_site_keeps_folder_addresses(tmp_path: Path) -> None:
    site = dev_build(tmp_path / "site")
    assert (site / "schools" / "hawes-side-academy" / "index.html").is_file()
    broken = links_not_to_files(site)
    assert any(key.endswith("(folder)") for key in broken), broken
