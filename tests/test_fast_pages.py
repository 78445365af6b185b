"""The fast path for record pages at scale: byte for byte what the full theme path writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import all_text, build

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
    fast = all_text(build(_project(tmp_path / "fast", fast=True)))
    full = all_text(build(_project(tmp_path / "full", fast=False)))
    assert fast.keys() == full.keys()
    differing = [path for path in fast if fast[path] != full[path]]
    assert differing == []
    # A real scale: thousands of pages, every school's page among them, in the sitemap.
    pages = [p for p in fast if p.endswith("index.html")]
    assert len(pages) > SCHOOLS
    assert fast["sitemap.xml"].count("<url>") == len(pages)
    assert os.environ["SCHOOLNET_WORKERS"] == "2"
