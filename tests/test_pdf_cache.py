"""PDFs kept between builds: reused only when nothing they are made from changed.

Real layouts with WeasyPrint on copies of the small fixture; a kept PDF must
be byte-for-byte the PDF a fresh layout writes.
"""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pytest
from helpers import BUILD_DAY, build, copy_fixture, mkdocs
from pypdf import PdfReader

from generator.exports.pdf import Written, write_pdfs
from generator.exports.pdf_cache import PdfCache, environment_digest
from generator.exports.settings import PdfSettings, settings_for_project
from generator.project import load_project


def write(project: Path, out: Path, cache: Path | None) -> Written:
    """The project's public PDFs under `out`, kept in `cache` (None: laid out afresh)."""
    settings, sources, _ = settings_for_project(project, workers=1)
    settings = dataclasses.replace(settings, cache=cache)
    site = load_project(sources, today=BUILD_DAY, members=False)
    return write_pdfs(site, settings, out)


def contents(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def names(written: Written, out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in written.laid_out}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_fixture("small", tmp_path)


def test_a_second_build_lays_out_nothing_and_writes_the_same_bytes(
    project: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = write(project, tmp_path / "one", cache)
    assert names(first, tmp_path / "one") == set(contents(tmp_path / "one"))
    second = write(project, tmp_path / "two", cache)
    assert second.laid_out == []
    assert second.pages == first.pages
    fresh = write(project, tmp_path / "fresh", None)
    assert contents(tmp_path / "two") == contents(tmp_path / "fresh") == contents(tmp_path / "one")
    assert len(fresh.laid_out) == len(fresh.files)


def test_an_edit_to_one_school_lays_out_only_the_pdfs_that_hold_it(
    project: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    write(project, tmp_path / "one", cache)
    schools = project / "schools.yaml"
    text = schools.read_text(encoding="utf-8")
    name = re.search(r"^\s+name: (.+)$", text, re.MULTILINE)
    assert name is not None
    schools.write_text(text.replace(name[1], name[1] + " Renamed", 1), encoding="utf-8")
    edited = write(project, tmp_path / "two", cache)
    # The PDFs that hold the school are those whose text now has its new name.
    holding = {
        path for path, pdf in contents(tmp_path / "two").items() if "Renamed" in pdf_text(pdf)
    }
    assert "handbook.pdf" in holding
    assert names(edited, tmp_path / "two") == holding
    assert len(holding) < len(edited.files)
    kept = sorted(p.name for p in cache.glob("*.pdf"))
    assert len(kept) == len(edited.files)  # The old handbook and packs are gone from the cache.
    write(project, tmp_path / "fresh", None)
    assert contents(tmp_path / "two") == contents(tmp_path / "fresh")


def test_a_changed_file_the_layout_read_lays_out_the_pdfs_that_read_it(
    project: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    image = project / "content" / "guide" / "map.svg"
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<rect width="40" height="20" fill="{}"/></svg>'
    )
    image.write_text(svg.format("red"), encoding="utf-8")
    guide = next((project / "content" / "guide").glob("*.md"))
    guide.write_text(guide.read_text(encoding="utf-8") + "\n![Where we meet](map.svg)\n")
    first = write(project, tmp_path / "one", cache)
    assert first.warnings == []
    image.write_text(svg.format("blue"), encoding="utf-8")
    second = write(project, tmp_path / "two", cache)
    # Guidance is printed in the handbook only.
    assert names(second, tmp_path / "two") == {"handbook.pdf"}
    assert contents(tmp_path / "two")["handbook.pdf"] != contents(tmp_path / "one")["handbook.pdf"]


def test_the_stylesheet_fonts_and_engine_are_part_of_every_key(tmp_path: Path) -> None:
    sheet = tmp_path / "print.css"
    sheet.write_text("body { font-size: 10pt }")
    before = environment_digest(sheet, "options")
    assert environment_digest(sheet, "options") == before
    assert environment_digest(sheet, "other options") != before
    sheet.write_text("body { font-size: 11pt }")
    assert environment_digest(sheet, "options") != before
    cache = PdfCache(None, before)
    assert cache.key("<p>a</p>") != cache.key("<p>b</p>")
    assert cache.get(cache.key("<p>a</p>")) is None  # No folder: nothing is ever kept.


def test_a_torn_or_foreign_entry_is_laid_out_again(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    write(project, tmp_path / "one", cache)
    for meta in cache.glob("*.json"):
        meta.write_text("{not json")
    (cache / "stray.pdf").write_bytes(b"not ours")
    again = write(project, tmp_path / "two", cache)
    assert len(again.laid_out) == len(again.files)
    assert not (cache / "stray.pdf").exists()
    assert contents(tmp_path / "two") == contents(tmp_path / "one")


def test_a_real_build_reuses_its_pdfs_and_says_so(project: Path) -> None:
    site = build(project, pdf=True)
    first = contents(site / "downloads")
    result = mkdocs(project, "build", "--strict", pdf=True)
    assert result.returncode == 0, result.stderr
    assert f"{len(first)} PDFs" in result.stderr
    assert f"0 laid out, {len(first)} unchanged since the last build" in result.stderr
    assert contents(project / "site" / "downloads") == first
    assert (project / ".cache" / "pdfs" / "public").is_dir()


def test_an_empty_setting_keeps_nothing(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - schoolnet:\n", '  - schoolnet:\n      pdf_cache: ""\n')
    )
    build(project, pdf=True)
    result = mkdocs(project, "build", "--strict", pdf=True)
    assert result.returncode == 0, result.stderr
    assert "0 unchanged since the last build" in result.stderr
    assert not (project / ".cache" / "pdfs").exists()


def test_settings_default_to_no_cache() -> None:
    """The command line and exporters lay out everything unless asked to keep PDFs."""
    assert PdfSettings(network_name="x", content_dir=Path(".")).cache is None
