"""Build real sites from fixture projects into tmp_path and read them back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.exports.search_shards import FOLDER

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MKDOCS = str(Path(sys.executable).parent / "mkdocs")
BUILD_DAY_EPOCH = "1795651200"  # 2026-11-26 00:00 UTC
BUILD_DAY = date(2026, 11, 26)
"""The day of BUILD_DAY_EPOCH, for tests that load a project without MkDocs."""
"""SOURCE_DATE_EPOCH for 26 November 2026, the date tests build 'as of'."""


def copy_fixture(name: str, dest: Path) -> Path:
    """A private copy of a fixture project that a test may change."""
    target = dest / name
    shutil.copytree(FIXTURES / name, target, ignore=shutil.ignore_patterns("site"))
    return target


def mkdocs_env(*, members: bool = False, pdf: bool = False) -> dict[str, str]:
    """The environment tests run `mkdocs` in: the test build date, the audience, PDFs or not."""
    return {
        **os.environ,
        "SOURCE_DATE_EPOCH": BUILD_DAY_EPOCH,
        "NO_MKDOCS_2_WARNING": "1",
        "SCHOOLNET_MEMBERS": "true" if members else "false",
        "SCHOOLNET_PDF": "true" if pdf else "false",
    }


def mkdocs(
    project: Path, *args: str, members: bool = False, pdf: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs` command in a project, pinned to the test build date.

    PDFs are off unless asked for (`pdf: !ENV SCHOOLNET_PDF` in the fixtures'
    mkdocs.yml): laying them out would triple the time of every build.
    """
    return subprocess.run(
        [MKDOCS, *args],
        cwd=project,
        env=mkdocs_env(members=members, pdf=pdf),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def build(project: Path, *args: str, members: bool = False, pdf: bool = False) -> Path:
    """Build strictly and return the site folder; fail the test with MkDocs' output."""
    result = mkdocs(project, "build", "--strict", *args, members=members, pdf=pdf)
    assert result.returncode == 0, result.stderr
    return project / "site"


def all_text(site: Path) -> dict[str, str]:
    """Every text file of a built site (HTML, XML, JSON, CSS, JS), decompressing gzip."""
    import gzip

    texts = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        try:
            texts[path.relative_to(site).as_posix()] = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
    return texts


SEARCH_CLIENT = ROOT / "site_templates" / "assets" / "record-search.js"
CLIENT_RUNNER = """
const fs = require("fs");
const path = require("path");
const client = require(process.argv[1]);
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { manifest, queries, texts, folder } = JSON.parse(input);
  const index = client.readManifest(manifest);
  const choices = queries.map((text) => {
    const query = index.query(text);
    const lead = query ? client.plan(query.words, index) : null;
    const shards = lead ? lead.keys.map((key) => ({ key, stem: client.fileStem(key) })) : [];
    const choice = { words: query ? query.words : [], lead, shards };
    if (folder && query) {
      const records = [];
      const seen = new Set();
      for (const { stem } of shards) {
        const data = JSON.parse(fs.readFileSync(path.join(folder, `${stem}.json`), "utf8"));
        for (const record of client.readShard(data, index)) {
          if (!seen.has(record.url)) records.push(record);
          seen.add(record.url);
        }
      }
      choice.results = client.ranked(records, query, index).map(({ record, found }) => ({
        title: record.title,
        url: record.url,
        found: index.describe(found),
      }));
    }
    return choice;
  });
  process.stdout.write(JSON.stringify({ choices, words: texts.map((t) => index.words(t)) }));
});
"""
"""Runs the record search's own code (its Node export) on a manifest and some queries."""


def search_client(
    manifest: dict[str, Any],
    queries: Sequence[str] = (),
    texts: Sequence[str] = (),
    folder: Path | None = None,
) -> dict[str, Any]:
    """What assets/record-search.js makes of queries and texts, run in Node.

    For each query: its words, its plan (`lead`: the word, shard keys,
    `broad`, `partial`) and the shards the client would fetch (`{"key",
    "stem"}`); with the shards' `folder`, also the results the header search
    lists (`{"title", "url", "found"}`), best first. For each text, its
    words. Tests weigh and check searches with the client itself, so no
    copy of its rules lives in the tests. Skips the test without Node
    (`./dev setup --browser` installs it).
    """
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (./dev setup --browser installs it)")
    data = json.dumps(
        {
            "manifest": manifest,
            "queries": list(queries),
            "texts": list(texts),
            "folder": str(folder) if folder else None,
        }
    )
    result = subprocess.run(
        [node, "-e", CLIENT_RUNNER, str(SEARCH_CLIENT)],
        input=data,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    out: dict[str, Any] = json.loads(result.stdout)
    return out


MATCHER_RUNNER = """
const client = require(process.argv[1]);
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { rules, rows, queries } = JSON.parse(input);
  const matcher = client.matcher(rules);
  const prepared = rows.map((values) => matcher.prepare(values));
  const answers = queries.map((text) => {
    const query = matcher.query(text);
    const found = [];
    prepared.forEach((fields, i) => {
      const hit = query ? matcher.match(fields, query) : null;
      if (hit) found.push([i, matcher.describe(hit)]);
    });
    return found;
  });
  process.stdout.write(JSON.stringify(answers));
});
"""
"""Runs the shared matcher of record-search.js over rows of field values, as directory.js does."""


def shared_matcher(
    rules: dict[str, Any], rows: Sequence[Sequence[str]], queries: Sequence[str]
) -> list[list[tuple[int, str]]]:
    """For each query, the rows the shared matcher finds: (row index, "found by" text).

    `rows` hold each row's values in the order of `rules["fields"]`. Skips
    the test without Node, as `search_client` does.
    """
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (./dev setup --browser installs it)")
    data = json.dumps({"rules": rules, "rows": [list(r) for r in rows], "queries": list(queries)})
    result = subprocess.run(
        [node, "-e", MATCHER_RUNNER, str(SEARCH_CLIENT)],
        input=data,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    answers: list[list[list[Any]]] = json.loads(result.stdout)
    return [[(int(i), str(text)) for i, text in answer] for answer in answers]


def record_search_files(site: Path, queries: Sequence[str]) -> list[list[Path]]:
    """The files assets/record-search.js fetches for each cold search: the manifest, then
    the shards of the query's leading word (none when the query is all common words)."""
    folder = site / FOLDER
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    fetched = []
    for choice in search_client(manifest, queries)["choices"]:
        files = [folder / "manifest.json"]
        files += [folder / f"{shard['stem']}.json" for shard in choice["shards"]]
        fetched.append(files)
    return fetched
