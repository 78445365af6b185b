"""The scale benchmark's closing table judges each figure against issue 15's targets.

`benchmarks/scale.py` runs builds that take minutes; the table it ends with
is a plain function of the figures (benchmarks/scale_report.py), so these
tests give it made-up figures and read the Markdown back, cell by cell.
"""

from __future__ import annotations

import pytest

from benchmarks.scale_report import NONE, Build, Pdfs, Size, edit_limit, table
from benchmarks.serve_edit import Edits

OURS = Build(
    seconds=2.0,
    peak_mib=100.0,
    out_bytes=60_000_000,
    page_mean=17_000.0,
    school_median=16_000.0,
    shards=(2_000_000, 34),
    largest=("schools/rows.json", 6_000_000),
)
# Hugo's figures in Build's order: seconds, peak MiB, output, page mean, school median, shards
# (none: one search index), largest file.
HUGO = Build(1.0, 200.0, 6_000_000, 1_400.0, 1_300.0, None, ("search/search_index.json", 400_000))
HEAD = ["measure", "ours", "Hugo", "ours ÷ Hugo", "target (issue 15)", "verdict"]


def pdfs(cached: float = 3.0, cached_laid_out: int = 0, with_pdfs: int = 100_000_000) -> Pdfs:
    return Pdfs(400.0, 319, 319, 80_000_000, cached, cached_laid_out, 6.0, 0, with_pdfs)


def rows(size: Size) -> dict[str, list[str]]:
    """The table's rows by their first cell, after checking every row has all six cells."""
    text = table(size)
    lines = [line for line in text.splitlines() if line.startswith("|")]
    cells = [[c.strip() for c in line.strip("|").split(" | ")] for line in lines]
    assert cells[0] == HEAD
    assert all(len(row) == len(HEAD) for row in cells), text
    return {row[0]: row for row in cells[2:]}


def test_ratios_to_hugo_only_where_hugo_does_the_same_work() -> None:
    found = rows(Size(5_000, OURS, HUGO, edits=4, edit_worst=0.8, pdfs=pdfs()))
    assert found["build time (no PDFs)"][1:] == [
        "2.00 s",
        "1.00 s",
        "2.00×",
        "≤ 1.0× Hugo",
        "**fail**",
    ]
    assert found["output, no PDFs"][3] == "10.00×"
    assert found["record page, mean"][1:4] == ["17.0 kB", "1.4 kB", "12.14×"]
    assert found["search shards"][1:3] == ["2.0 MB in 34 files", NONE]
    assert found["largest file"][1] == "`schools/rows.json`, 6.0 MB"
    for name in (
        "serve edit, worst of 4",
        "PDFs, full build",
        "PDFs, again from the cache",
        "PDFs, next day from the cache",
        "output with PDFs",
    ):
        assert found[name][2:4] == [NONE, NONE], name


def test_level_with_hugo_passes() -> None:
    found = rows(Size(1_000, Build(seconds=1.0), Build(seconds=1.0)))
    assert found["build time (no PDFs)"][3:] == ["1.00×", "≤ 1.0× Hugo", "pass"]


@pytest.mark.parametrize(
    ("schools", "limit"),
    [(200, 1.0), (5_000, 1.0), (15_000, 1.5), (25_000, 2.0), (32_000, 2.0)],
)
def test_serve_edit_limit_between_the_named_sizes(schools: int, limit: float) -> None:
    assert edit_limit(schools) == limit


@pytest.mark.parametrize(
    ("schools", "worst", "target", "verdict"),
    [
        (5_000, 0.95, "≤ 1 s", "pass"),
        (5_000, 1.05, "≤ 1 s", "**fail**"),
        (25_000, 1.9, "≤ 2 s", "pass"),
        (15_000, 1.6, "≤ 1.5 s", "**fail**"),
        (5_000, None, "≤ 1 s", "**fail**"),
    ],
)
def test_serve_edit_judged_by_its_worst_edit(
    schools: int, worst: float | None, target: str, verdict: str
) -> None:
    found = rows(Size(schools, OURS, HUGO, edits=4, edit_worst=worst))
    assert found["serve edit, worst of 4"][4:] == [target, verdict]


def test_no_serve_edit_or_pdf_rows_unless_measured() -> None:
    found = rows(Size(5_000, OURS, HUGO))
    assert not any(name.startswith(("serve", "PDFs", "output with")) for name in found)


@pytest.mark.parametrize(
    ("cached", "laid_out", "verdict"),
    [(9.9, 0, "pass"), (10.0, 0, "**fail**"), (2.0, 1, "**fail**")],
)
def test_cached_pdf_rebuild_under_ten_seconds_and_lays_out_none(
    cached: float, laid_out: int, verdict: str
) -> None:
    found = rows(Size(5_000, OURS, HUGO, pdfs=pdfs(cached, laid_out)))
    assert found["PDFs, again from the cache"][5] == verdict


@pytest.mark.parametrize(
    ("schools", "with_pdfs", "verdict"),
    [
        (25_000, 299_000_000, "pass"),
        (25_000, 301_000_000, "**fail**"),
        (50_000, 590_000_000, "pass"),
        (5_000, 900_000_000, NONE),
    ],
)
def test_output_with_pdfs_judged_from_25000(schools: int, with_pdfs: int, verdict: str) -> None:
    found = rows(Size(schools, OURS, HUGO, pdfs=pdfs(with_pdfs=with_pdfs)))
    assert found["output with PDFs"][5] == verdict


def test_failed_builds_are_said_not_divided() -> None:
    found = rows(Size(1_000, Build(seconds=None), HUGO))
    assert found["build time (no PDFs)"][1:] == [
        "build failed",
        "1.00 s",
        NONE,
        "≤ 1.0× Hugo",
        "**fail**",
    ]
    found = rows(Size(1_000, OURS, None))
    assert found["build time (no PDFs)"][2:] == [NONE, NONE, "≤ 1.0× Hugo", NONE]


def test_worst_edit_is_the_slowest_and_none_if_one_never_showed() -> None:
    assert Edits(1.0, [0.5, 1.2, 0.7], [True] * 3).worst == 1.2
    assert Edits(1.0, [0.5, None], [True, True]).worst is None
    assert Edits(1.0, [0.5, 0.6], [True, False]).worst is None
    assert Edits(None).worst is None
