"""`./dev build --preview` gives a site that opens from disk, as the `site-preview` download.

A browser shows `schools/x/` from disk as a folder listing, not the page in
it, so the preview is built with file addresses (`schools/x.html`): then
every link of every page must lead to a file. The published build keeps
folder addresses, which the same check tells apart (so it can fail).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from helpers import ROOT, build, copy_fixture, mkdocs_env

SAMPLE_SITE = "https://example.org/schools-together/"

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


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's preview, built once for this module's tests."""
    return dev_build(tmp_path_factory.mktemp("preview") / "site", "--preview")


def test_the_preview_links_only_to_files(preview: Path) -> None:
    site = preview
    assert (site / "schools" / "index.html").is_file()
    assert (site / "schools" / "hawes-side-academy.html").is_file()
    assert len(list(site.rglob("*.html"))) > 100
    assert links_not_to_files(site) == {}


def test_the_published_site_keeps_folder_addresses(tmp_path: Path) -> None:
    site = dev_build(tmp_path / "site")
    assert (site / "schools" / "hawes-side-academy" / "index.html").is_file()
    broken = links_not_to_files(site)
    assert any(key.endswith("(folder)") for key in broken), broken


# --- absolute addresses: the published site's, not the preview's files -----------------


def unfolded(ics: str) -> str:
    """A calendar file with its folded lines joined (RFC 5545 folds lines at 75 octets)."""
    return re.sub(r"\r?\n[ \t]", "", ics)


def json_strings(value: Any) -> Iterator[str]:
    """Every string in a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


def absolute_addresses(site: Path, base: str) -> dict[str, set[str]]:
    """The addresses under `base` that the build wrote, by where: sitemap, calendars,
    JSON-LD, open data."""
    pattern = re.compile(re.escape(base) + r"[^\s\"<>,]*")
    found: dict[str, set[str]] = {"sitemap": set(), "ics": set(), "jsonld": set(), "data": set()}
    found["sitemap"] = set(pattern.findall((site / "sitemap.xml").read_text(encoding="utf-8")))
    for path in site.rglob("*.ics"):
        found["ics"] |= set(pattern.findall(unfolded(path.read_text(encoding="utf-8"))))
    for path in [*site.glob("data/*.csv"), *site.glob("data/*.json")]:
        found["data"] |= set(pattern.findall(path.read_text(encoding="utf-8")))
    for path in site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script", type="application/ld+json"):
            strings = json_strings(json.loads(script.get_text()))
            found["jsonld"] |= {text for text in strings if text.startswith(base)}
    return found


def not_published(addresses: set[str], base: str, preview: Path) -> list[str]:
    """The addresses that are not a page (folder form) or file of the published site.

    The preview holds the published site's pages as files: `schools/x/` there
    is `schools/x.html` here, and `schools/` is `schools/index.html`.
    """
    wrong = []
    for address in sorted(addresses):
        path = unquote(urlsplit(address).path)[len(urlsplit(base).path) :]
        if path == "" or path.endswith("/"):
            files = [f"{path}index.html", *([f"{path[:-1]}.html"] if path else [])]
            ok = any((preview / file).is_file() for file in files)
        else:
            ok = not path.endswith(".html") and (preview / path).is_file()
        if not ok:
            wrong.append(address)
    return wrong


def test_the_preview_gives_the_published_sites_addresses(preview: Path) -> None:
    found = absolute_addresses(preview, SAMPLE_SITE)
    for where, addresses in found.items():
        assert len(addresses) > 3, where
        assert not_published(addresses, SAMPLE_SITE, preview) == [], where
    assert f"{SAMPLE_SITE}schools/hawes-side-academy/" in found["sitemap"]
    assert f"{SAMPLE_SITE}schools/hawes-side-academy/" in found["data"]
    assert not any(".html" in address for addresses in found.values() for address in addresses)


def preview_of_small(tmp_path: Path) -> Path:
    """The small fixture set up as the sample is: file pages for a preview, folder pages
    on the published site."""
    project = copy_fixture("small", tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    options = "      pdf: !ENV SCHOOLNET_PDF\n"
    assert options in text
    text = text.replace(options, options + "      published_directory_urls: true\n")
    config.write_text(text + "use_directory_urls: false\n", encoding="utf-8")
    return project


@pytest.mark.slow
def test_the_previews_pdfs_link_to_the_published_pages(tmp_path: Path) -> None:
    from test_pdf import all_pdfs

    site = build(preview_of_small(tmp_path), pdf=True)
    base = "https://example.org/fixture/"
    assert (site / "schools" / "bramble-hill.html").is_file()
    uris = {
        target
        for pdf in all_pdfs(site / "downloads").values()
        for _, kind, target in pdf.links()
        if kind == "uri" and target.startswith(base)
    }
    assert f"{base}schools/bramble-hill/" in uris
    assert f"{base}policies/safeguarding/" in uris
    assert not_published(uris, base, site) == []
    sitemap = absolute_addresses(site, base)["sitemap"]
    assert f"{base}schools/bramble-hill/" in sitemap
    assert not_published(sitemap, base, site) == []
