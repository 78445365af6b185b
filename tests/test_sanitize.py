"""Contributed Markdown publishes no script: nh3 cleans every page and PDF; check says where."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import FIXTURES, ROOT, build, copy_fixture, mkdocs

from generator.exports.markdown_html import BodyConverter, LinkMap
from generator.sanitize import clean_html, refused_markup, render

HOSTILE = FIXTURES / "hostile_markup"
NOTE = " (CONTRIBUTING.md lists the HTML a page may use)"
SCHEMES = "links and images must start with https:, http:, mailto: or tel:, or be relative"
RESERVED = (
    "is reserved for the site's own elements or malformed; choose a name of letters, "
    "digits and hyphens that does not start with _, md- or sn-"
)
COMMENT = (
    "an HTML comment would be published in the page source for anyone to read; "
    "delete it (keep private notes out of this repository)"
)
EXPECTED = {
    "script.md": [
        "5:1: the HTML element <script> is not allowed; remove it and what it holds",
        "7:1: the HTML element <iframe> is not allowed; remove it and what it holds",
    ],
    "handlers.md": [
        "3:14: the attribute onerror= is not allowed on <img>; remove it",
        "5:41: the attribute onclick= is not allowed on <a>; remove it",
        "7:6: the attribute style= is not allowed on <div>; remove it",
    ],
    "links.md": [
        f"3:9: the address 'javascript:alert(3)' is not allowed; {SCHEMES}",
        f"3:41: the address 'JaVaScRiPt:alert(4)' is not allowed; {SCHEMES}",
        "5:10: the address 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=' is not allowed; " + SCHEMES,
        f"7:8: the address 'vbscript:msgbox(5)' is not allowed; {SCHEMES}",
    ],
    "comment.md": [f"3:1: {COMMENT}"],
    "obfuscated.md": [
        "3:1: the HTML element <javascript:alert(1)> is not allowed; remove it",
        f"5:6: the address 'javascript:alert(2)' is not allowed; {SCHEMES}",
        f"7:5: the address 'javascript:alert(3)' is not allowed; {SCHEMES}",
        f"9:10: the address 'javascript:alert(4)' is not allowed; {SCHEMES}",
        "11:1: the HTML element <meta> is not allowed; remove it",
        "13:1: the HTML element <svg> is not allowed; remove it and what it holds",
        "15:14: the attribute onerror= is not allowed on <img>; remove it",
    ],
    "clobber.md": [
        f"3:11: the id '__config' {RESERVED}",
        f"5:45: the class 'md-search__input' {RESERVED}",
    ],
}
DANGEROUS = (
    "<script", "<iframe", "<svg", "<meta", "onerror", "onclick", "onload", "javascript:",
    "vbscript:", "data:",
)  # fmt: skip


def problems(name: str, subject: str = "") -> list[str]:
    text = (HOSTILE / name).read_text()
    return [str(p) for p in refused_markup(text, name, subject)]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_names_each_refused_thing_at_its_place(name: str) -> None:
    assert problems(name) == [f"{name}:{line}{NOTE}" for line in EXPECTED[name]]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_clean_html_removes_what_check_refuses(name: str) -> None:
    cleaned = clean_html(render((HOSTILE / name).read_text())).lower()
    for needle in (*DANGEROUS, "<!--", "__config", "md-search__input", "style="):
        assert needle not in cleaned
    assert "md-button" in cleaned or name != "clobber.md"


def test_harmless_markup_passes_unchanged() -> None:
    text = (HOSTILE / "harmless.md").read_text()
    assert problems("harmless.md") == []
    before = BeautifulSoup(render(text), "html.parser")
    after = BeautifulSoup(clean_html(render(text)), "html.parser")
    assert after.get_text() == before.get_text()
    assert [t.name for t in after.find_all(True)] == [t.name for t in before.find_all(True)]
    assert after.find("th")["style"] == "text-align:left"
    assert after.find("code").get_text() == "<script>alert(1)</script>"
    assert after.find("abbr")["title"] == "Special educational needs"
    hrefs = [a["href"] for a in after.find_all("a")]
    assert hrefs == ["../guide/start.md", "mailto:office@example.org", "tel:+441234567890"]


def test_encoded_and_spaced_schemes_are_removed_too() -> None:
    html = (
        '<a href="jav&#x61;script:alert(1)">a</a><a href=" javascript:alert(2)">b</a>'
        '<a href="java\tscript:alert(3)">c</a><img src="//evil.example/x.png">'
    )
    cleaned = clean_html(html)
    assert "script:" not in cleaned.replace("\t", "")
    assert cleaned.count("<a>") == 3


def test_pdf_bodies_are_cleaned_before_their_links_are_decided(tmp_path: Path) -> None:
    converter = BodyConverter(LinkMap({}, "https://example.org/"), tmp_path)
    for name in EXPECTED:
        html = str(converter.convert((HOSTILE / name).read_text(), "guide/x.md", "x")).lower()
        for needle in (*DANGEROUS, "<!--", "__config"):
            assert needle not in html, (name, needle)


def test_check_refuses_hostile_markup_in_pages_and_bodies(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    (project / "content" / "guide" / "script.md").write_text((HOSTILE / "script.md").read_text())
    body = project / "content" / "policies" / "safeguarding.md"
    body.write_text((HOSTILE / "links.md").read_text())
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--project", str(project)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert f"content/guide/script.md:{EXPECTED['script.md'][0]}{NOTE}" in lines
    assert (
        f"content/policies/safeguarding.md:3:9: policy 'safeguarding': "
        f"{EXPECTED['links.md'][0].removeprefix('3:9: ')}{NOTE}"
    ) in lines
    assert "Traceback" not in result.stderr


def test_a_code_span_in_an_introduction_stays_text_in_page_and_search(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    intro = project / "content" / "schools" / "index.md"
    intro.write_text("Zebrafish tip: `<img src=x onerror=alert(1)>` shows as code.\n")
    site = build(project)
    page = BeautifulSoup((site / "schools" / "index.html").read_text(), "html.parser")
    assert page.find("img", src="x") is None
    assert "<img src=x onerror=alert(1)>" in page.get_text()
    index = json.loads((site / "search" / "search_index.json").read_text())
    [entry] = [d for d in index["docs"] if "Zebrafish" in d["text"]]
    assert "&lt;img src=x onerror=alert(1)" in entry["text"]
    assert "<img" not in entry["text"]


@pytest.mark.parametrize(
    "script", sorted((ROOT / "site_templates" / "assets").glob("*.js")), ids=lambda p: p.name
)
def test_the_sites_scripts_insert_record_text_as_text(script: Path) -> None:
    # The record shards and rows.json hold raw text (names may carry & and quotes):
    # safe only because these scripts set textContent, never parse it as HTML.
    source = script.read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in source, f"{script.name} uses {sink}"


@pytest.mark.parametrize(
    "nested",
    ["".join(" " * (4 * i) + "- item\n" for i in range(400)), "> " * 400 + "deep\n"],
    ids=["list", "quote"],
)
def test_markdown_nested_too_deep_is_refused_by_check_and_build(
    tmp_path: Path, nested: str
) -> None:
    project = copy_fixture("small", tmp_path)
    (project / "content" / "guide" / "deep.md").write_text("# Deep\n\n" + nested)
    line = 3 + next(i for i, text in enumerate(nested.splitlines()) if _level(text) > 50)
    message = (
        f"content/guide/deep.md:{line}:1: lists or quotes nest more than 50 levels deep here; "
        "flatten them (a page this deep cannot be shown)"
    )
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--project", str(project)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert (result.returncode, result.stderr.splitlines()[0]) == (1, message)
    built = mkdocs(project, "build", "--strict")
    assert built.returncode == 1
    assert message in built.stderr
    assert "Traceback" not in built.stderr


def _level(line: str) -> int:
    return line.count(">") + (len(line) - len(line.lstrip(" "))) // 4


def test_markdown_nested_fifty_levels_builds(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    nested = "".join(" " * (4 * i) + f"- item {i}\n" for i in range(51))
    (project / "content" / "guide" / "start.md").write_text("# Deep\n\n" + nested)
    page = (build(project) / "guide" / "start" / "index.html").read_text()
    assert "item 50" in page


@pytest.mark.parametrize(
    ("text", "render"),
    [
        ("Plain words: a note, [a link](https://example.org) and [mail](mailto:a@b.org).", False),
        ("A [school](school:hawes-side) link.", False),
        ("[x]( JavaScript:alert(1))", True),
        ("[r]:  vbscript:msgbox(1)\n\nSee [r].", True),
        ("![p](data:image/png;base64,AAAA)", True),
        ("Fish & chips", True),
        ("a {: .x } b", True),
        ("a <b>b</b>", True),
    ],
)
def test_only_text_that_could_be_refused_is_rendered(text: str, render: bool) -> None:
    from generator.sanitize import may_refuse

    assert may_refuse(text, frozenset({"school"})) is render
    if not render:
        assert refused_markup(text, "x.md", also_allowed=frozenset({"school"})) == []
