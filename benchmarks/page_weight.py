"""What a reader downloads: page weights and the search index, raw and compressed.

    .venv/bin/python benchmarks/page_weight.py --sizes 5000

Builds a copy of the shipped sample site and synthetic sites of the given
sizes (without PDFs, which are separate downloads), then prints, for the home
page, the schools directory, a school page and what a cold search fetches
(the theme's index, the record manifest and the largest record shard), the bytes
of HTML and the gzip-compressed bytes a browser would fetch, plus the
theme's CSS and JavaScript that every first visit fetches once.
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, copy_sample

PHONE_BUDGET_GZ = 2 * 1024 * 1024


def build(project: Path) -> Path:
    """A strict build without PDFs (SCHOOLNET_PDF=false); returns the site folder."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795651200"}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run(
        [str(mkdocs), "build", "--strict", "-q"],
        cwd=project,
        env={**env, "SCHOOLNET_PDF": "false"},
        check=True,
    )
    return project / "site"


def sizes(path: Path) -> tuple[int, int]:
    """Raw bytes and gzip -6 bytes (what a server sends with compression on)."""
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=6, mtime=0))


def report(name: str, site: Path) -> None:
    """Print one block of figures for a built site."""
    first_school = sorted((site / "schools").glob("*/index.html"))[0]
    rows = [
        ("home page", site / "index.html"),
        ("schools directory", site / "schools/index.html"),
        (f"a school page ({first_school.parent.name})", first_school),
        ("theme's search index (pages, directories)", site / "search/search_index.json"),
    ]
    # A cold record search fetches the manifest and one shard; the largest is the worst case.
    records = site / "search" / "records"
    manifest = records / "manifest.json"
    shards = [p for p in records.glob("*.json") if p != manifest]
    if manifest.is_file():
        rows.append(("record search manifest", manifest))
    if shards:
        largest = max(shards, key=lambda p: sizes(p)[1])
        rows.append((f"largest record search shard ({largest.name})", largest))
    assets = [p for p in (site / "assets").rglob("*") if p.suffix in (".css", ".js")]
    theme_raw = sum(sizes(p)[0] for p in assets)
    theme_gz = sum(sizes(p)[1] for p in assets)
    print(f"\n{name}")
    print(f"  {'file':<45} {'raw kB':>10} {'gzip kB':>10}")
    for label, path in rows:
        raw, gz = sizes(path)
        flag = "  over the 2 MB phone budget" if gz > PHONE_BUDGET_GZ else ""
        print(f"  {label:<45} {raw / 1024:>10.1f} {gz / 1024:>10.1f}{flag}")
    label = "theme CSS + JS (fetched once)"
    print(f"  {label:<45} {theme_raw / 1024:>10.1f} {theme_gz / 1024:>10.1f}")
    pages = list(site.rglob("*.html"))
    total = sum(p.stat().st_size for p in pages)
    print(f"  {len(pages)} HTML pages, {total / 1024 / 1024:.1f} MB in all")


def main() -> None:
    """Build the sample and synthetic sites and print what readers download."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[5000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="schoolnet-weight-") as tmp:
        report("sample site", build(copy_sample(Path(tmp))))
        for size in args.sizes:
            project = Path(tmp) / f"synthetic-{size}"
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "benchmarks/synthetic.py"),
                    str(project),
                    "--schools",
                    str(size),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            report(f"synthetic site, {size} schools", build(project))


if __name__ == "__main__":
    main()
