"""Time the PDF exports and measure their peak memory, for the sample and synthetic projects.

Run with the project's venv from anywhere:

    .venv/bin/python benchmarks/pdf.py                  # sample + 250 and 1,000 schools
    .venv/bin/python benchmarks/pdf.py --sizes 1000 5000 --all
    .venv/bin/python benchmarks/pdf.py --project path/to/project
    .venv/bin/python benchmarks/pdf.py --sizes 5000 --all --cached   # and again from the cache

For each project it writes the handbook (and with --all every PDF: the
handbook, a pack per network and a file per policy, laid out in parallel) in
a fresh process, so the peak memory belongs to that run, and prints one row
per project: schools, pages, seconds (load; plan: the documents' data;
write: keys, HTML where needed, layout and writing; wall and CPU), CPU
milliseconds per page, peak memory and file size. The last lines say how
the cost grows with the number of schools. The build date is pinned, so two
runs measure the same documents. With --cached each project is written
three times with a PDF cache (mkdocs.yml's `pdf_cache`): the first row fills
it, "cached" is a second publish the same day and "next day" a publish the
day after, both with no data change; the PDFs' share of a publish is their
plan and write time (the site's build loads the records anyway).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import ROOT, copy_sample

SOURCE_DATE_EPOCH = "1788220800"  # 2026-09-01, as in build_sample.py


def child(project: Path, what: str, out: Path, cache: str) -> None:
    """In a fresh process: load, render and write; print the figures as JSON.

    `cache` is the PDF cache folder, or "-" to lay out every PDF.
    """
    import dataclasses
    import resource

    from generator.dates import build_date
    from generator.exports.documents import Documents
    from generator.exports.pdf import write_documents
    from generator.exports.settings import settings_for_project
    from generator.project import load_project

    started = time.perf_counter()
    settings, sources, _ = settings_for_project(project)
    settings = dataclasses.replace(settings, cache=None if cache == "-" else Path(cache))
    site = load_project(sources, today=build_date(), members=False)
    loaded = time.perf_counter()
    makers = Documents(site, settings).makers()
    planned = time.perf_counter()
    written = write_documents(makers if what == "all" else makers[:1], settings, out)
    done = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own, workers = usage.ru_maxrss, children.ru_maxrss
    scale = 1024 if sys.platform == "darwin" else 1  # macOS reports bytes
    print(
        json.dumps(
            {
                "schools": len(site.schools),
                "files": len(written.files),
                "laid_out": len(written.laid_out),
                "rendered": written.rendered,
                "pages": sum(written.pages.values()),
                "handbook_pages": written.pages.get("handbook.pdf", 0),
                "bytes": sum(path.stat().st_size for path in written.files),
                "load": loaded - started,
                "plan": planned - loaded,
                "write": done - planned,
                # CPU seconds of this process and its workers: steadier than wall time
                # on a shared machine, and the cost that parallel workers add up to.
                "cpu": usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime,
                "peak_mb": own // scale / 1024,
                "worker_peak_mb": workers // scale / 1024,
                "warnings": len(written.warnings),
            }
        )
    )


def run(project: Path, what: str, cache: str = "-", days_later: int = 0) -> dict[str, Any]:
    epoch = int(SOURCE_DATE_EPOCH) + days_later * 86400
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    env.pop("SCHOOLNET_MEMBERS", None)
    with tempfile.TemporaryDirectory(prefix="pdf-bench-out-") as out:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(project), what, out, cache],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - started
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["wall"] = wall
    return figures


def synthetic(dest: Path, schools: int) -> Path:
    project = dest / f"synthetic-{schools}"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks/synthetic.py"),
            str(project),
            "--schools",
            str(schools),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return project


def row(label: str, f: dict[str, Any], what: str) -> str:
    if "error" in f:
        return f"{label:<16} failed: {f['error']}"
    pages = f["pages"]
    return (
        f"{label:<16} {f['schools']:>7} {f['files']:>5} {pages:>6} "
        f"{f['load']:>6.1f} {f['plan']:>6.1f} {f['write']:>7.1f} {f['wall']:>7.1f} "
        f"{f['cpu']:>7.1f} "
        f"{1000 * f['cpu'] / max(pages, 1):>8.0f} {f['peak_mb']:>7.0f} "
        f"{f['worker_peak_mb']:>7.0f} {f['bytes'] / 1e6:>7.1f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[250, 1000])
    parser.add_argument("--all", action="store_true", help="every PDF, not only the handbook")
    parser.add_argument("--no-sample", action="store_true", help="skip the shipped sample")
    parser.add_argument("--project", type=Path, action="append", default=[], help="also this")
    parser.add_argument(
        "--cached", action="store_true", help="write each project again from a PDF cache"
    )
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), args.child[1], Path(args.child[2]), args.child[3])
        return 0
    what = "all" if args.all else "handbook"
    print(f"PDF export ({'all PDFs' if args.all else 'the handbook'}), {os.cpu_count()} CPUs")
    print(
        f"{'project':<16} {'schools':>7} {'files':>5} {'pages':>6} {'load':>6} {'plan':>6} "
        f"{'write':>7} {'wall':>7} {'cpu':>7} {'ms/page':>8} {'peakMB':>7} {'workMB':>7} "
        f"{'MB out':>7}"
    )
    results: list[tuple[str, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as tmp:
        projects: list[tuple[str, Path]] = []
        if not args.no_sample:
            projects.append(("sample", copy_sample(Path(tmp))))
        projects += [(f"synthetic {n}", synthetic(Path(tmp), n)) for n in args.sizes]
        projects += [(p.name, p.resolve()) for p in args.project]
        for number, (label, project) in enumerate(projects):
            cache = str(Path(tmp) / f"cache-{number}") if args.cached else "-"
            figures = run(project, what, cache)
            results.append((label, figures))
            print(row(label, figures, what), flush=True)
            if args.cached:
                for name, days in (("  cached", 0), ("  next day", 1)):
                    again = run(project, what, cache, days)
                    done = f"rendered {again.get('rendered')}, laid out {again.get('laid_out')}"
                    print(row(name, again, what), done, flush=True)
    ok = [(label, f) for label, f in results if "error" not in f and f["schools"]]
    if len([label for label, _ in ok if label != "sample"]) >= 2:
        # The sample's long texts are not like the synthetic records: compare like with like.
        ok = [(label, f) for label, f in ok if label != "sample"]
    if len(ok) >= 2:
        (_, small), (_, large) = (
            min(ok, key=lambda r: r[1]["schools"]),
            max(ok, key=lambda r: r[1]["schools"]),
        )
        size = large["schools"] / small["schools"]
        print(
            f"From {small['schools']} to {large['schools']} schools (x{size:.1f}): pages "
            f"x{large['pages'] / small['pages']:.1f}, layout time "
            f"x{large['write'] / small['write']:.1f} (CPU x{large['cpu'] / small['cpu']:.1f}), "
            "peak memory "
            f"x{large['peak_mb'] / small['peak_mb']:.1f}."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
