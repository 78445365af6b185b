"""The closing table of `benchmarks/scale.py`: one Markdown table per size, judged against issue 15.

Kept apart from scale.py, which runs builds, so the table and its targets are
plain functions of plain figures that a fast test can check
(tests/test_scale_report.py). Ratios to Hugo are given only where Hugo does
the same work (a build of the same record pages, their bytes); the live
preview and the PDFs have no Hugo counterpart and show "—".
"""

from __future__ import annotations

from dataclasses import dataclass

NONE = "—"
EDIT_LIMITS = ((5_000, 1.0), (25_000, 2.0))
"""Issue 15's serve-edit targets: 1 s at 5,000 schools and 2 s at 25,000. Below 5,000 the 1 s
limit holds, between the two the limit grows in a straight line, above 25,000 it stays 2 s."""
OUTPUT_LIMIT = 300_000_000
OUTPUT_AT = 25_000
"""Issue 15: the 25,000-school site with its PDFs under 300 MB (decimal). Judged at 25,000 schools
and above (pro-rated, 12 kB a school, above); a smaller site's fixed theme assets make a
pro-rated limit meaningless, so there it is shown, not judged."""
CACHED_PDF_LIMIT = 10.0
HUGO_RATIO_LIMIT = 1.0


@dataclass(frozen=True)
class Build:
    """One tool's best build at one size, as the table needs it; None where not measured."""

    seconds: float | None
    peak_mib: float | None = None
    out_bytes: int | None = None
    page_mean: float | None = None
    school_median: float | None = None
    shards: tuple[int, int] | None = None  # bytes, files
    largest: tuple[str, int] | None = None  # path in the output, bytes


@dataclass(frozen=True)
class Pdfs:
    """A full PDF build of every PDF, then a rebuild from its cache with nothing changed."""

    full_seconds: float
    files: int
    laid_out: int
    pdf_bytes: int
    cached_seconds: float  # Again the same day, from the cache: the PDFs' share (plan, write)
    cached_laid_out: int
    publish_seconds: float | None = None  # `mkdocs build` with PDFs from the cache; None: failed
    publish_laid_out: int | None = None  # PDFs that build laid out (none if the keys agree)
    with_pdfs_bytes: int | None = None  # that build's whole output
    next_day_seconds: float | None = None  # The next day, from the cache: the PDFs' share
    next_day_laid_out: int | None = None  # PDFs the new date changed (events past, reviews due)


@dataclass(frozen=True)
class Size:
    """Everything measured at one size; `edits` is 0 when the serve edit was not run."""

    schools: int
    ours: Build
    hugo: Build | None = None
    edits: int = 0
    edit_worst: float | None = None  # None with edits > 0: an edit never showed
    pdfs: Pdfs | None = None
    pdf_error: str | None = None


def edit_limit(schools: int) -> float:
    """The serve-edit limit in seconds at this size (see EDIT_LIMITS)."""
    (low, low_limit), (high, high_limit) = EDIT_LIMITS
    if schools <= low:
        return low_limit
    if schools >= high:
        return high_limit
    return low_limit + (high_limit - low_limit) * (schools - low) / (high - low)


def verdict(ok: bool) -> str:
    """Pass or fail, the failure in bold so it stands out in a pasted note."""
    return "pass" if ok else "**fail**"


def mb(value: int | None) -> str:
    return NONE if value is None else f"{value / 1e6:,.1f} MB"


def kb(value: float | None) -> str:
    return NONE if value is None else f"{value / 1e3:,.1f} kB"


def mib(value: float | None) -> str:
    return NONE if value is None else f"{value:,.0f} MiB"


def seconds(value: float | None) -> str:
    return NONE if value is None else f"{value:,.2f} s"


def ratio(ours: float | None, hugo: float | None) -> str:
    return NONE if not ours or not hugo else f"{ours / hugo:.2f}×"


def largest(build: Build | None) -> str:
    if build is None or build.largest is None:
        return NONE
    path, size = build.largest
    return f"`{path}`, {mb(size)}"


def shards(build: Build) -> str:
    if build.shards is None:
        return NONE
    total, files = build.shards
    return f"{mb(total)} in {files:,} files"


def row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def table(size: Size) -> str:
    """One size's figures as a Markdown table: ours, Hugo, ours ÷ Hugo, the target, the verdict."""
    ours, hugo = size.ours, size.hugo
    theirs = hugo or Build(seconds=None)
    lines = [
        f"**{size.schools:,} schools**",
        "",
        row("measure", "ours", "Hugo", "ours ÷ Hugo", "target (issue 15)", "verdict"),
        row(*["---"] * 6),
    ]
    if ours.seconds is None:
        target = f"≤ {HUGO_RATIO_LIMIT:.1f}× Hugo"
        lines.append(
            row(
                "build time (no PDFs)",
                "build failed",
                seconds(theirs.seconds),
                NONE,
                target,
                verdict(False),
            )
        )
        return "\n".join(lines) + "\n"
    time_ratio = ratio(ours.seconds, theirs.seconds)
    time_verdict = NONE
    if hugo is not None and hugo.seconds:
        time_verdict = verdict(ours.seconds / hugo.seconds <= HUGO_RATIO_LIMIT)
    elif hugo is not None:
        time_ratio = f"{NONE} (Hugo failed)"
    lines += [
        row(
            "build time (no PDFs)",
            seconds(ours.seconds),
            seconds(theirs.seconds),
            time_ratio,
            f"≤ {HUGO_RATIO_LIMIT:.1f}× Hugo",
            time_verdict,
        ),
        row(
            "peak memory",
            mib(ours.peak_mib),
            mib(theirs.peak_mib),
            ratio(ours.peak_mib, theirs.peak_mib),
            NONE,
            NONE,
        ),
        row(
            "output, no PDFs",
            mb(ours.out_bytes),
            mb(theirs.out_bytes),
            ratio(ours.out_bytes, theirs.out_bytes),
            NONE,
            NONE,
        ),
        row(
            "record page, mean",
            kb(ours.page_mean),
            kb(theirs.page_mean),
            ratio(ours.page_mean, theirs.page_mean),
            NONE,
            NONE,
        ),
        row(
            "school page, median",
            kb(ours.school_median),
            kb(theirs.school_median),
            ratio(ours.school_median, theirs.school_median),
            NONE,
            NONE,
        ),
        row("search shards", shards(ours), NONE, NONE, NONE, NONE),
        row("largest file", largest(ours), largest(hugo), NONE, NONE, NONE),
    ]
    if size.edits:
        limit = edit_limit(size.schools)
        worst = "an edit never showed" if size.edit_worst is None else seconds(size.edit_worst)
        ok = size.edit_worst is not None and size.edit_worst <= limit
        lines.append(
            row(
                f"serve edit, worst of {size.edits}",
                worst,
                NONE,
                NONE,
                f"≤ {limit:g} s",
                verdict(ok),
            )
        )
    if size.pdf_error is not None:
        lines.append(row("PDFs", f"failed: {size.pdf_error}", NONE, NONE, NONE, NONE))
    elif size.pdfs is not None:
        lines += pdf_rows(size, size.pdfs)
    return "\n".join(lines) + "\n"


def pdf_rows(size: Size, pdfs: Pdfs) -> list[str]:
    """The full and the cached PDF build, and the output with its PDFs against its limit."""
    cached_ok = pdfs.cached_seconds < CACHED_PDF_LIMIT and pdfs.cached_laid_out == 0
    with_pdfs = pdfs.with_pdfs_bytes
    if size.schools >= OUTPUT_AT:
        limit = OUTPUT_LIMIT * size.schools // OUTPUT_AT
        output_target = f"≤ {mb(limit)}"
        output_verdict = NONE if with_pdfs is None else verdict(with_pdfs <= limit)
    else:
        output_target, output_verdict = f"≤ {mb(OUTPUT_LIMIT)} at {OUTPUT_AT:,}", NONE
    return [
        row(
            "PDFs, full build",
            f"{seconds(pdfs.full_seconds)}, {pdfs.laid_out:,} of {pdfs.files:,} laid out, "
            f"{mb(pdfs.pdf_bytes)}",
            NONE,
            NONE,
            NONE,
            NONE,
        ),
        row(
            "PDFs, again from the cache",
            f"{seconds(pdfs.cached_seconds)}, {pdfs.cached_laid_out:,} laid out",
            NONE,
            NONE,
            f"< {CACHED_PDF_LIMIT:g} s, none laid out",
            verdict(cached_ok),
        ),
        row(
            "PDFs, next day from the cache",
            "not run"
            if pdfs.next_day_seconds is None
            else f"{seconds(pdfs.next_day_seconds)}, {pdfs.next_day_laid_out:,} laid out "
            "(what the date changed)",
            NONE,
            NONE,
            NONE,
            NONE,
        ),
        row(
            "site build with PDFs from the cache",
            publish(size.ours.seconds, pdfs),
            NONE,
            NONE,
            "none laid out",
            NONE if pdfs.publish_laid_out is None else verdict(pdfs.publish_laid_out == 0),
        ),
        row("output with PDFs", mb(with_pdfs), NONE, NONE, output_target, output_verdict),
    ]


def publish(without: float | None, pdfs: Pdfs) -> str:
    """The build with PDFs from the cache, and what it took over the build without PDFs."""
    if pdfs.publish_seconds is None:
        return "build failed"
    text = seconds(pdfs.publish_seconds)
    if without:
        text += f" ({pdfs.publish_seconds - without:+.2f} s over no PDFs)"
    laid = "?" if pdfs.publish_laid_out is None else f"{pdfs.publish_laid_out:,}"
    return f"{text}, {laid} laid out"


def targets_note() -> str:
    """What the targets mean at sizes the issue does not name, printed under the tables."""
    (low, low_limit), (high, high_limit) = EDIT_LIMITS
    return "\n".join(
        [
            f"- Serve edit: ≤ {low_limit:g} s up to {low:,} schools, ≤ {high_limit:g} s from "
            f"{high:,}, in a straight line between; an edit whose school or network page "
            "never showed fails.",
            "- PDFs: `benchmarks/pdf.py`'s runs of every PDF, each in its own process. The "
            "full build's time includes loading the project; the runs from the cache count "
            "the PDFs' share only (plans, keys, copies and any layout: the site's build loads "
            "the records anyway). Again from the cache: the same day, nothing changed "
            "(judged). Next day: the build date one day on and no data change, shown with the "
            "PDFs the new date changed (a meeting passed, a review fell due), which depends "
            "on the data, so not judged.",
            "- Site build with PDFs from the cache: `mkdocs build` with PDFs on, a publish "
            "that next day with no change (none laid out: the keys agree with pdf.py's); "
            "its time over the build without PDFs is one noisy build "
            "minus another, shown, not judged. Output with PDFs is that build's output, "
            f"judged from {OUTPUT_AT:,} schools (≤ {mb(OUTPUT_LIMIT)}, pro-rated above).",
        ]
    )
