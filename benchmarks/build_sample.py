"""Time `python -m generator check` and `mkdocs build --strict` on synthetic projects.

Run with the project's venv from anywhere:

    .venv/bin/python benchmarks/build_sample.py --sizes 1000 5000

For each size it writes a synthetic project (`benchmarks/synthetic.py`)
into a temporary folder, then times the check and a full strict build, each
in a fresh process so the peak memory figure belongs to that one run. It also
builds a copy of the shipped sample site, so the repository's own `site/`
folder is never touched. Prints one table row per project.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from common import ROOT, copy_sample

TIME_BIN = Path("/usr/bin/time")
# 2026-09-01 00:00 UTC: a fixed "today", so upcoming/past events and review
# states (and hence the output) are the same on every run.
SOURCE_DATE_EPOCH = "1788220800"

# Fallback when GNU time is missing: run the command as a child and report the
# child's peak resident set size (kilobytes on Linux, bytes on macOS).
RSS_WRAPPER = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
if sys.platform == "darwin":
    rss //= 1024
with open(sys.argv[1], "w") as out:
    out.write(f"Maximum resident set size (kbytes): {rss}\\n")
sys.exit(code)
"""
RSS_RE = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")


@dataclass
class Run:
    seconds: float
    peak_kb: int | None
    ok: bool
    stderr: str


@dataclass
class Row:
    label: str
    schools: int | None
    generate: float | None
    check: Run
    build: Run
    site_bytes: int
    html_files: int
    index_bytes: int | None


def gnu_time_available() -> bool:
    if not TIME_BIN.exists():
        return False
    try:
        probe = subprocess.run(
            [str(TIME_BIN), "-v", "true"], capture_output=True, text=True, check=False
        )
    except OSError:
        return False
    return probe.returncode == 0 and "Maximum resident set size" in probe.stderr


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    env.pop("SCHOOLNET_MEMBERS", None)  # always the public build
    return env


def measure(
    command: list[str], cwd: Path, use_gnu_time: bool, env: dict[str, str] | None = None
) -> Run:
    """Run `command` in a fresh process; return wall time and that process's peak RSS.

    `env` adds to or overrides the fixed environment (a build with PDFs, say).
    """
    with tempfile.NamedTemporaryFile("r", suffix=".rss", delete=False) as report:
        report_path = report.name
    try:
        if use_gnu_time:
            wrapped = [str(TIME_BIN), "-v", "-o", report_path, *command]
        else:
            wrapped = [sys.executable, "-c", RSS_WRAPPER, report_path, *command]
        start = time.perf_counter()
        done = subprocess.run(
            wrapped,
            cwd=cwd,
            env={**environment(), **(env or {})},
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - start
        match = RSS_RE.search(Path(report_path).read_text(encoding="utf-8"))
    finally:
        os.unlink(report_path)
    return Run(seconds, int(match[1]) if match else None, done.returncode == 0, done.stderr)


def site_stats(site: Path) -> tuple[int, int, int | None]:
    total = 0
    html = 0
    for path in site.rglob("*"):
        if path.is_file():
            total += path.stat().st_size
            html += path.suffix == ".html"
    index = site / "search" / "search_index.json"
    return total, html, index.stat().st_size if index.exists() else None


def bench_project(
    label: str, project: Path, schools: int | None, generate: float | None, gnu: bool
) -> Row:
    check = measure(
        [sys.executable, "-m", "generator", "check", "--project", str(project)], ROOT, gnu
    )
    build = measure([sys.executable, "-m", "mkdocs", "build", "--strict"], project, gnu)
    site = project / "site"
    stats = site_stats(site) if build.ok and site.is_dir() else (0, 0, None)
    return Row(label, schools, generate, check, build, *stats)


def bench_size(schools: int, workdir: Path, gnu: bool) -> Row:
    project = workdir / f"synthetic-{schools}"
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks/synthetic.py"),
            str(project),
            "--schools",
            str(schools),
        ],
        cwd=ROOT,
        env=environment(),
        check=True,
        capture_output=True,
    )
    generate = time.perf_counter() - start
    return bench_project(f"synthetic {schools}", project, schools, generate, gnu)


def bench_sample(workdir: Path, gnu: bool) -> Row:
    project = copy_sample(workdir)
    return bench_project("sample (repo)", project, None, None, gnu)


def mb(size: int | None) -> str:
    return "-" if size is None else f"{size / 1_000_000:.1f}"


def secs(run: Run) -> str:
    return f"{run.seconds:.2f}" + ("" if run.ok else " FAIL")


HEADER = (
    f"{'project':<17} {'gen s':>6} {'check s':>8} {'chk MB':>7} {'build s':>8} "
    f"{'ms/school':>9} {'peak MB':>8} {'site MB':>8} {'html':>6} {'index MB':>9}"
)


def format_row(row: Row) -> str:
    per_school = (
        f"{row.build.seconds * 1000 / row.schools:.2f}" if row.schools and row.build.ok else "-"
    )
    generate = "-" if row.generate is None else f"{row.generate:.2f}"
    check_mb = "-" if row.check.peak_kb is None else f"{row.check.peak_kb / 1024:.0f}"
    peak = "-" if row.build.peak_kb is None else f"{row.build.peak_kb / 1024:.0f}"
    return (
        f"{row.label:<17} {generate:>6} {secs(row.check):>8} {check_mb:>7} "
        f"{secs(row.build):>8} {per_school:>9} {peak:>8} {mb(row.site_bytes):>8} "
        f"{row.html_files:>6} {mb(row.index_bytes):>9}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1000, 5000], help="numbers of schools"
    )
    parser.add_argument("--no-sample", action="store_true", help="skip the shipped sample site")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    parser.add_argument(
        "--no-gnu-time", action="store_true", help="measure memory with getrusage, not GNU time"
    )
    args = parser.parse_args(argv)

    gnu = not args.no_gnu_time and gnu_time_available()
    workdir = Path(tempfile.mkdtemp(prefix="schoolnet-bench-"))
    print(f"python {sys.version.split()[0]}, peak memory via {'GNU time' if gnu else 'getrusage'}")
    print("times are wall-clock seconds of one fresh process each; MB = 10^6 bytes,")
    print("except peak/chk MB = MiB of resident memory; ms/school = build ms / schools")
    print(HEADER)
    failures: list[Row] = []
    try:
        rows = []
        if not args.no_sample:
            rows.append(bench_sample(workdir, gnu))
            print(format_row(rows[-1]), flush=True)
        for size in args.sizes:
            rows.append(bench_size(size, workdir, gnu))
            print(format_row(rows[-1]), flush=True)
        failures = [r for r in rows if not (r.check.ok and r.build.ok)]
        for row in failures:
            for what, run in (("check", row.check), ("build", row.build)):
                if not run.ok:
                    tail = "\n".join(run.stderr.strip().splitlines()[-15:])
                    print(f"\n{row.label}: {what} failed:\n{tail}", file=sys.stderr)
    finally:
        if args.keep:
            print(f"projects kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
