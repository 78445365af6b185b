"""Nothing `check` accepts can crash the build: real builds of the small fixture, gone wrong.

A template mistake is one line naming the template's file and line and the
record (whether the page is rendered by MkDocs, by a forked worker, for a
PDF, or under `mkdocs serve`); `mkdocs build --strict -q` fails on a warning
as `--strict` does; and a body or guidance page that opens with `Key: value`
lines keeps them on the page, in search and in the PDFs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import replace_once
from helpers import BUILD_DAY_EPOCH, MKDOCS, ROOT, all_text, build, copy_fixture, mkdocs
from pypdf import PdfReader
from test_serve import free_port, wait_for

from generator import cli, parallel
from generator.markdown_source import page_source, split_front_matter
from generator.template_errors import TemplateProblem

MODELS_HINT = "check the name against the fields in generator/models.py"


def with_templates(tmp_path: Path) -> Path:
    """A copy of the small fixture with its own copy of the shipped templates, to break."""
    project = copy_fixture("small", tmp_path)
    shutil.copytree(ROOT / "site_templates", project / "site_templates")
    return project


def insert_line(path: Path, number: int, line: str) -> None:
    """Put `line` at line `number` of a file, so a message's line number is known."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(number - 1, line + "\n")
    path.write_text("".join(lines), encoding="utf-8")


def site_folders(project: Path) -> list[str]:
    """The site folder and any partial or old one a build left beside it."""
    return sorted(p.name for p in project.iterdir() if p.name.startswith("site."))


def snapshot(site: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in site.rglob("*")}


# --- template mistakes ------------------------------------------------------------------


def test_template_typo_names_file_line_and_record_and_keeps_the_previous_site(
    tmp_path: Path,
) -> None:
    project = with_templates(tmp_path)
    site = build(project)
    before = snapshot(site)
    insert_line(project / "site_templates" / "school.html", 2, "{{ school.nmae }}")
    for args in (["build"], ["build", "--strict", "-q"]):
        result = mkdocs(project, *args)
        assert result.returncode == 1, result.stderr
        output = result.stdout + result.stderr
        assert (
            "site_templates/school.html:2: 'School object' has no attribute 'nmae' "
            f"(while rendering school 'hawes-side'); {MODELS_HINT}"
        ) in output
        assert "Traceback" not in output
    assert snapshot(site) == before
    assert site_folders(project) == []


@pytest.mark.parametrize("workers", ["1", "2"])
def test_template_typo_on_a_page_written_outside_mkdocs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    """Pages without a body are rendered by forked workers (or, with one, before MkDocs
    reads any page); the message is the same as for a page MkDocs renders."""
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, workers)
    project = with_templates(tmp_path)
    # The fixture's public networks are nesa, nesa-maths (the shell's probes), kaizen and
    # comenius: comenius is written from the shell.
    insert_line(
        project / "site_templates" / "network.html",
        3,
        '{% if network.id == "comenius" %}{{ network.nmae }}{% endif %}',
    )
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 1, result.stderr
    assert (
        "site_templates/network.html:3: 'Network object' has no attribute 'nmae' "
        f"(while rendering network 'comenius'); {MODELS_HINT}"
    ) in result.stderr
    assert "Error reading page" not in result.stderr  # Not a page MkDocs rendered.
    assert "Traceback" not in result.stderr
    assert site_folders(project) == []
    assert not (project / "site").exists()


def test_template_typo_in_a_print_template_stops_build_and_pdf_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = with_templates(tmp_path)
    insert_line(project / "site_templates" / "print" / "policy.html", 6, "{{ pol.nmae }}")
    expected = (
        "site_templates/print/policy.html:6: 'Policy object' has no attribute 'nmae' "
        f"(while rendering the PDF policies/charging.pdf); {MODELS_HINT}"
    )
    result = mkdocs(project, "build", "--strict", pdf=True)
    assert result.returncode == 1, result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY_EPOCH)
    assert cli.main(["pdf", "--out", "pdfs"]) == 1
    assert capsys.readouterr().err == expected + "\n"


def test_a_worker_sends_its_exception_back_with_its_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "2")

    def prepare(share: int, shares: int) -> int:
        if share == 1:
            raise TemplateProblem("site_templates/school.html:2: wrong", "the traceback")
        return share

    running: parallel.Running[None, None] = parallel.start(prepare, lambda state, message: None, 10)
    running.send(None)
    with pytest.raises(parallel.WorkerFailed) as failed:
        running.wait()
    assert "Traceback" in str(failed.value)
    [error] = failed.value.errors
    assert isinstance(error, TemplateProblem)
    assert (str(error), error.detail) == ("site_templates/school.html:2: wrong", "the traceback")


@pytest.mark.slow
def test_serve_reports_a_template_typo_and_keeps_serving(tmp_path: Path) -> None:
    """MkDocs' serve loop logs a failed rebuild and waits for the next change."""
    project = with_templates(tmp_path)
    template = project / "site_templates" / "school.html"
    good = template.read_text(encoding="utf-8")
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "SOURCE_DATE_EPOCH": BUILD_DAY_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w") as stderr:
        server = subprocess.Popen(
            [MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        url = f"http://127.0.0.1:{port}/fixture/schools/hawes-side/"
        assert wait_for(url, "Hawes Side Academy", 60)
        insert_line(template, 2, "{{ school.nmae }}")
        expected = (
            "site_templates/school.html:2: 'School object' has no attribute 'nmae' "
            f"(while rendering school 'hawes-side'); {MODELS_HINT}"
        )
        deadline = time.monotonic() + 60
        while expected not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.3)
        assert expected in log.read_text()
        assert server.poll() is None  # Still serving.
        template.write_text(good.replace("<h2", "<p>Zzfixed</p>\n<h2", 1), encoding="utf-8")
        assert wait_for(url, "Zzfixed", 60)
    finally:
        server.terminate()
        server.wait(timeout=30)
    said = log.read_text()
    assert "An error happened during the rebuild" in said
    assert "Traceback" not in said


# --- strict stays strict under -q -------------------------------------------------------


def test_quiet_strict_build_fails_on_a_warning_and_keeps_the_previous_site(
    tmp_path: Path,
) -> None:
    project = copy_fixture("small", tmp_path)
    site = build(project)
    before = snapshot(site)
    guide = project / "content" / "guide" / "start.md"
    guide.write_text("# Start\n\nZzbroken [link](missing.md)\n", encoding="utf-8")
    result = mkdocs(project, "build", "--strict", "-q")
    assert result.returncode == 1
    assert result.stdout.strip() == "Aborted with 1 warnings in strict mode!"
    assert result.stderr == ""  # Quiet: the warning is counted, not printed.
    assert snapshot(site) == before
    assert site_folders(project) == []
    # Without --strict a warning does not stop a quiet build.
    result = mkdocs(project, "build", "-q")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert "Zzbroken" in (site / "guide" / "start" / "index.html").read_text(encoding="utf-8")


# --- `Key: value` lines stay text ----------------------------------------------------------


def test_page_source_keeps_key_value_lines_and_front_matter() -> None:
    assert page_source("Purpose: safety\r\n\r\nText") == "\nPurpose: safety\n\nText"
    assert page_source("---\ntitle: X\n---\nText") == "---\ntitle: X\n---\nText"
    assert split_front_matter("---\ntitle: X\n---\n\nText\n") == ({"title": "X"}, "Text\n")
    assert split_front_matter("---\n- a list\n---\nText") == ({}, "---\n- a list\n---\nText")
    assert split_front_matter("Purpose: safety\n\nText") == ({}, "Purpose: safety\n\nText")


def pdf_text(path: Path) -> str:
    """A PDF's text with its lines joined, as a reader sees the words."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def words_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_opening_key_value_lines_stay_on_the_page_in_search_and_in_the_pdfs(
    tmp_path: Path,
) -> None:
    project = copy_fixture("small", tmp_path)
    policy = project / "content" / "policies" / "safeguarding.md"
    policy.write_text(
        "Purpose: to keep children safe\nScope: every adult\n\n" + policy.read_text(),
        encoding="utf-8",
    )
    guide = project / "content" / "guide" / "start.md"
    guide.write_text("Audience: new members\nTitle: Zzkept\n\n" + guide.read_text())
    # A guidance page may have YAML front matter: it stays out of the page and the PDFs.
    (project / "content" / "guide" / "rules.md").write_text(
        "---\ntitle: Zzfront title\n---\n\nThe rules.\n", encoding="utf-8"
    )
    config = project / "mkdocs.yml"
    config.write_text(
        replace_once(
            config.read_text(),
            "  - Guide: guide/start.md\n",
            "  - Guide: guide/start.md\n  - guide/rules.md\n",
        )
    )
    site = build(project, pdf=True)
    texts = all_text(site)

    policy_page = words_of(texts["policies/safeguarding/index.html"])
    assert "Purpose: to keep children safe Scope: every adult" in policy_page
    guide_page = texts["guide/start/index.html"]
    assert "Audience: new members Title: Zzkept" in words_of(guide_page)
    assert "<title>Zzkept" not in guide_page  # The line is text, not the page's title.
    rules_page = texts["guide/rules/index.html"]
    assert "<title>Zzfront title" in rules_page
    assert "title:" not in words_of(rules_page)

    index = json.loads(texts["search/search_index.json"])
    guide_entries = " ".join(d["text"] for d in index["docs"] if d["location"] == "guide/start/")
    assert "Audience: new members Title: Zzkept" in guide_entries
    records = [
        record
        for name, text in texts.items()
        if name.startswith("search/records/") and name != "search/records/manifest.json"
        for record in json.loads(text)["records"]
    ]
    [safeguarding] = {r[3] for r in records if r[2] == "policies/safeguarding/"}
    assert "purpose to keep children safe scope every adult" in safeguarding

    policy_pdf = pdf_text(site / "downloads" / "policies" / "safeguarding.pdf")
    assert "Purpose: to keep children safe Scope: every adult" in policy_pdf
    handbook = pdf_text(site / "downloads" / "handbook.pdf")
    assert "Audience: new members Title: Zzkept" in handbook
    assert "Zzfront title" in handbook
    assert "title:" not in handbook
