"""PDFs kept between builds: reused only when nothing they are made from changed.

Real layouts with WeasyPrint on copies of the small fixture; a kept PDF must
be byte-for-byte the PDF a fresh layout writes.
"""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date
from pathlib import Path

import pytest
from helpers import BUILD_DAY, build, copy_fixture, mkdocs
from pypdf import PdfReader

from generator.dates import long_date
from generator.exports.documents import Documents
from generator.exports.pdf import Written, write_pdfs
from generator.exports.pdf_cache import PdfCache, environment_digest, inputs_digest
from generator.exports.settings import PdfSettings, settings_for_project
from generator.project import load_project
from generator.record_texts import TextMemo, text_of
from generator.template_errors import TemplateProblem


def write(
    project: Path, out: Path, cache: Path | None, day: date = BUILD_DAY, **changed: object
) -> Written:
    """The project's public PDFs under `out`, kept in `cache` (None: laid out afresh), built on
    `day`, with `changed` settings."""
    settings, sources, _ = settings_for_project(project, workers=1)
    settings = dataclasses.replace(settings, cache=cache, **changed)  # type: ignore[arg-type]
    site = load_project(sources, today=day, members=False)
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
    assert second.rendered == 0  # Found by their data: no HTML made at all.
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
    cache = PdfCache(None, before, "inputs")
    assert cache.html_key("<p>a</p>") != cache.html_key("<p>b</p>")
    assert cache.data_key("a") != cache.data_key("b")
    assert PdfCache(None, before, "other inputs").data_key("a") != cache.data_key("a")
    assert PdfCache(None, "other", "inputs").data_key("a") != cache.data_key("a")
    assert cache.get(cache.data_key("a")) is None  # No folder: nothing is ever kept.


def test_templates_code_and_settings_are_part_of_every_data_key(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "print").mkdir(parents=True)
    page = templates / "print" / "base.html"
    page.write_text("<p>{{ doc.title }}</p>")
    before = inputs_digest([templates], "settings")
    assert inputs_digest([templates], "settings") == before
    assert inputs_digest([templates], "other settings") != before
    page.write_text("<p>{{ doc.title }}!</p>")
    assert inputs_digest([templates], "settings") != before
    (templates / "print" / "extra.css").write_text("")
    assert inputs_digest([templates], "settings") != before


def masked(data: bytes, *days: date) -> str:
    """A PDF's text with the build dates it may print taken out."""
    text = pdf_text(data)
    for day in days:
        text = text.replace(long_date(day), "DAY")
    return text


def test_the_next_days_keep_every_pdf_whose_content_did_not_move_with_the_date(
    project: Path, tmp_path: Path
) -> None:
    """A daily publish lays out only the PDFs whose content the new date changed.

    A kept PDF says the day it was made. By 9 January 2027 two monthly
    meetings have passed since 26 November; between then and 11 January
    only a policy falls overdue (due on the 10th), which its own PDF and
    every PDF listing it with its state show. Those are laid out again,
    exactly as a fresh build would.
    """
    cache = tmp_path / "cache"
    write(project, tmp_path / "one", cache)
    second = write(project, tmp_path / "two", cache, day=date(2026, 11, 27))
    assert second.laid_out == [] and second.rendered == 0
    assert contents(tmp_path / "two") == contents(tmp_path / "one")
    assert "Built 26 November 2026" in pdf_text(contents(tmp_path / "two")["handbook.pdf"])

    moved = relaid_as_fresh(project, tmp_path, "one", BUILD_DAY, date(2027, 1, 9))
    assert "handbook.pdf" in moved and "policies/charging.pdf" not in moved
    moved = relaid_as_fresh(project, tmp_path, "2027-01-09", date(2027, 1, 9), date(2027, 1, 11))
    assert "policies/charging.pdf" in moved  # Overdue from today,
    assert "handbook.pdf" in moved and any(p.startswith("networks/") for p in moved)  # listed.


def relaid_as_fresh(
    project: Path, tmp_path: Path, last: str, last_day: date, day: date
) -> set[str]:
    """Build on `day` after the build in folder `last` made on `last_day`; check that exactly
    the PDFs whose content moved were laid out, as a fresh build's, and the rest kept."""
    out, fresh_out = tmp_path / day.isoformat(), tmp_path / f"fresh-{day.isoformat()}"
    written = write(project, out, tmp_path / "cache", day=day)
    write(project, fresh_out, None, day=day)
    fresh, before, now = contents(fresh_out), contents(tmp_path / last), contents(out)
    days = (BUILD_DAY, last_day, day)  # A kept PDF may print the day of any earlier build.
    moved = {p for p, pdf in fresh.items() if masked(pdf, *days) != masked(before[p], *days)}
    assert moved < set(fresh)
    assert names(written, out) == moved
    assert {p: now[p] for p in moved} == {p: fresh[p] for p in moved}
    assert {p: now[p] for p in set(now) - moved} == {p: before[p] for p in set(now) - moved}
    return moved


def test_new_templates_that_make_the_same_html_render_again_but_lay_out_nothing(
    project: Path, tmp_path: Path
) -> None:
    """A change to the generator or its templates misses every data key; a PDF whose HTML it
    leaves alone is then found by its HTML key (here: a file added to a template folder)."""
    cache = tmp_path / "cache"
    first = write(project, tmp_path / "one", cache)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "notes.txt").write_text("not a template the PDFs use\n")
    settings, _, _ = settings_for_project(project)
    again = write(project, tmp_path / "two", cache, template_dirs=(extra, *settings.template_dirs))
    assert again.rendered == len(first.files)
    assert again.laid_out == []
    assert contents(tmp_path / "two") == contents(tmp_path / "one")
    third = write(
        project, tmp_path / "three", cache, template_dirs=(extra, *settings.template_dirs)
    )
    assert third.rendered == 0  # Kept under the new data keys too.


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


def test_a_records_date_dependent_helpers_are_answered_in_its_pdfs_key(project: Path) -> None:
    """A network's policy list shows each policy's review state: that state, not the build date,
    is in the key, so a custom template listing states where the policy's own record is not
    printed still changes its PDF's key on the day a state changes."""
    settings, sources, _ = settings_for_project(project)
    texts = []
    for day in (date(2027, 1, 9), date(2027, 1, 11)):
        site = load_project(sources, today=day, members=False)
        network = Documents(site, settings).network_pack("nesa").context["network"]
        answers = network["review_state"]
        assert [answers(p) for p in network["policies"]] == [
            site.review_state(p) for p in network["policies"]
        ]
        texts.append(text_of(answers, TextMemo()))
    assert texts[0] != texts[1]
    assert "'overdue'" in texts[1]


def test_a_print_template_asking_about_another_record_is_told_where(
    project: Path, tmp_path: Path
) -> None:
    """A custom print template that asks a record's date-dependent helper about a policy the
    record does not hold gets a message naming its file and line, not a wrong PDF."""
    templates = project / "templates"
    (templates / "print").mkdir(parents=True)
    (templates / "print" / "network_pack.html").write_text(
        "{% extends 'print/base.html' %}{% block body %}"
        "{{ network.review_state(policies[0].policy) }}\n"
        "{{ network.review_state(network.network) }}{% endblock %}\n",
        encoding="utf-8",
    )
    settings, sources, _ = settings_for_project(project, workers=1)
    settings = dataclasses.replace(settings, template_dirs=(templates, *settings.template_dirs))
    site = load_project(sources, today=BUILD_DAY, members=False)
    with pytest.raises(TemplateProblem) as raised:
        Documents(site, settings).network_pack("nesa").render()
    message = str(raised.value)
    assert "templates/print/network_pack.html:2" in message
    assert "review_state() answers only for the record's own policies" in message


def helpers_in(value: object, seen: set[int]) -> set[str]:
    """The functions and methods anywhere in `value`, which a key counts by name only."""
    if id(value) in seen or isinstance(value, str | int | float | date | type(None)):
        return set()
    seen.add(id(value))
    if callable(value) and not dataclasses.is_dataclass(value):
        return {getattr(value, "__qualname__", repr(value))}
    if isinstance(value, dict):
        items: list[object] = list(value.values())
    elif isinstance(value, list | tuple):
        items = list(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = [getattr(value, f.name) for f in dataclasses.fields(value) if f.repr]
    else:
        return set()
    return set().union(*(helpers_in(item, seen) for item in items))


@pytest.mark.parametrize("members", [False, True])
def test_no_pdfs_data_holds_a_helper_its_key_would_count_by_name(members: bool) -> None:
    """A function in a PDF's data is keyed by its name, not by what it answers: one whose
    answer moves with the date (review_state) would leave a stale PDF in the cache. Every
    such helper is answered in advance (DayAnswers) or left out (UNPRINTED)."""
    settings, sources, _ = settings_for_project(Path(__file__).resolve().parents[1])
    site = load_project(sources, today=BUILD_DAY, members=members)
    found: set[str] = set()
    for make in Documents(site, settings).makers():
        found |= helpers_in(make().key_data(), set())
    assert found == set()
