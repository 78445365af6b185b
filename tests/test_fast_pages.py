"""The fast path for record pages at scale: byte for byte what the full theme path writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import all_text, mkdocs

from benchmarks.synthetic import write_project

SCHOOLS = 1_000


def _project(folder: Path, *, fast: bool) -> Path:
    write_project(folder, schools=SCHOOLS)
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    old = "      pdf: !ENV [SCHOOLNET_PDF, false]\n"
    assert old in text
    config.write_text(text.replace(old, old + f"      fast_pages: {str(fast).lower()}\n"))
    return folder


@pytest.mark.slow
def test_fast_path_on_two_workers_writes_the_same_site_as_the_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two forked workers even on a one-core runner, so the parallel path is the one tested.
    monkeypatch.setenv("SCHOOLNET_WORKERS", "2")
    built = mkdocs(_project(tmp_path / "fast", fast=True), "build", "--strict")
    assert built.returncode == 0, built.stderr
    fast = all_text(tmp_path / "fast" / "site")
    built_full = mkdocs(_project(tmp_path / "full", fast=False), "build", "--strict")
    assert built_full.returncode == 0, built_full.stderr
    full = all_text(tmp_path / "full" / "site")
    assert fast.keys() == full.keys()
    differing = [path for path in fast if fast[path] != full[path]]
    assert differing == []
    # A real scale: thousands of pages, every school's page among them, in the sitemap.
    pages = [p for p in fast if p.endswith("index.html")]
    assert len(pages) > SCHOOLS
    assert fast["sitemap.xml"].count("<url>") == len(pages)
    # The fast path wrote all but the probes (two per folder) and pages with a body:
    # had a folder fallen back, the comparison above would hold without testing it.
    assert "fast_pages:" not in built.stderr, built.stderr
    written = re.search(r"(\d+) pages written from shells outside", built.stderr)
    assert written is not None and int(written[1]) > SCHOOLS, built.stderr
