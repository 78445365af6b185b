"""No page of the built site makes the reader's browser ask another origin for anything.

Material for MkDocs links Google Fonts on every page unless `theme.font` is
false; the plugin turns that off whatever mkdocs.yml says, and warns (so a
strict build fails) when mkdocs.yml asks for them. This reads every built
page's markup and every stylesheet for what a browser loads by itself:
`src`, `srcset`, `<link href>` (stylesheets, preconnects, icons...),
`@import` and `url()`. Links a reader follows (`<a href>`) and the
canonical address are not requests. tests/e2e/test_requests.py records
what a real browser asks for.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from helpers import ROOT, build, copy_fixture, mkdocs

from benchmarks.common import copy_sample

NOT_FETCHED_RELS = {"canonical", "alternate", "author", "license", "help", "search", "next", "prev"}
"""`<link rel>` values that name an address without the browser loading it."""
CSS_URL = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)|url\(\s*['"]?([^'")]+)""")
SITE_ORIGIN = "https://site.invalid"
"""Stands for the site's own origin when resolving relative addresses."""


def loaded_addresses(html: str, page_url: str) -> list[str]:
    """Every address the browser would load by itself for this page, made absolute."""
    soup = BeautifulSoup(html, "html.parser")
    found: list[str] = []
    for tag in soup.find_all(True):
        rels = set(tag.get("rel") or [])
        if tag.name == "link" and tag.get("href") and not rels <= NOT_FETCHED_RELS:
            found.append(tag["href"])
        for name in ("src", "data", "poster", "background"):
            if tag.get(name) and tag.name != "a":
                found.append(tag[name])
        for name in ("srcset", "imagesrcset"):
            for candidate in (tag.get(name) or "").split(","):
                if candidate.strip():
                    found.append(candidate.split()[0])
        if tag.get("style"):
            found += css_addresses(tag["style"])
        if tag.name == "style":
            found += css_addresses(tag.get_text())
        if tag.name == "meta" and (tag.get("http-equiv") or "").lower() == "refresh":
            found.append((tag.get("content") or "").partition("url=")[2] or page_url)
    return [urljoin(page_url, address.strip()) for address in found]


def css_addresses(css: str) -> list[str]:
    """The addresses of a stylesheet's @import rules and url() values."""
    return [a or b for a, b in CSS_URL.findall(css)]


def foreign(addresses: list[str]) -> list[str]:
    """The addresses on another origin (data: and blob: addresses load nothing)."""
    return [
        a
        for a in addresses
        if urlsplit(a).scheme not in ("data", "blob") and not a.startswith(SITE_ORIGIN)
    ]


def requests_to_other_origins(site: Path) -> dict[str, list[str]]:
    """For each page and stylesheet of a built site, what it loads from another origin."""
    found: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*.html")) + sorted(site.rglob("*.css")):
        relative = path.relative_to(site).as_posix()
        url = f"{SITE_ORIGIN}/{relative}"
        text = path.read_text(encoding="utf-8")
        addresses = loaded_addresses(text, url) if path.suffix == ".html" else css_addresses(text)
        outside = foreign([urljoin(url, a) for a in addresses])
        if outside:
            found[relative] = outside
    return found


def test_the_check_sees_what_material_loads_from_google() -> None:
    """The reader of pages is not blind: Material's font links are found."""
    html = (
        '<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>'
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<link rel="canonical" href="https://example.org/x/"><a href="https://example.org/">x</a>'
        "<style>@import 'https://cdn.example/a.css'; p{background:url(//img.example/b.png)}</style>"
        '<img srcset="/ok.png 1x, https://img.example/c.png 2x">'
    )
    assert foreign(loaded_addresses(html, f"{SITE_ORIGIN}/page/")) == [
        "https://fonts.gstatic.com",
        "https://fonts.googleapis.com/css?family=Roboto",
        "https://cdn.example/a.css",
        "https://img.example/b.png",
        "https://img.example/c.png",
    ]


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped sample, built strictly (no PDFs: they are not web pages)."""
    return build(copy_sample(tmp_path_factory.mktemp("third-party")))


def test_no_page_of_the_sample_loads_anything_from_another_origin(sample_site: Path) -> None:
    pages = list(sample_site.rglob("*.html"))
    assert len(pages) > 120
    assert requests_to_other_origins(sample_site) == {}


def test_the_reader_s_system_fonts_stand_in_for_the_theme_s(sample_site: Path) -> None:
    css = (sample_site / "assets" / "schoolnet.css").read_text(encoding="utf-8")
    assert re.search(r"body \{\s*--md-text-font-family: system-ui,", css)
    assert "--md-code-font-family: ui-monospace," in css


def without_font_setting(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  font: false\n" in text
    config.write_text(text.replace("  font: false\n", ""), encoding="utf-8")


def test_a_config_that_forgets_font_false_fails_strict_and_still_loads_no_web_fonts(
    tmp_path: Path,
) -> None:
    project = copy_fixture("small", tmp_path)
    without_font_setting(project)
    strict = mkdocs(project, "build", "--strict")
    assert strict.returncode == 1
    assert "theme.font would have every page load fonts from Google" in strict.stderr
    assert "Add `font: false` under `theme:`" in strict.stderr
    lenient = mkdocs(project, "build")
    assert lenient.returncode == 0, lenient.stderr
    assert requests_to_other_origins(project / "site") == {}


def test_every_shipped_material_config_says_font_false() -> None:
    """So the warning above never fires for the project's own builds and benchmarks."""
    configs = [
        ROOT / "mkdocs.yml",
        ROOT / "tests/fixtures/small/mkdocs.yml",
        ROOT / "tests/fixtures/gias/project/mkdocs.yml",
    ]
    from benchmarks.synthetic import _mkdocs_yml

    texts = [c.read_text(encoding="utf-8") for c in configs] + [_mkdocs_yml(10)]
    for text in texts:
        assert re.search(r"^  name: material\n(  .*\n)*?  font: false", text, re.MULTILINE), text[
            :200
        ]
