"""Build real sites from fixture projects into tmp_path and read them back."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MKDOCS = str(Path(sys.executable).parent / "mkdocs")
OUTWARD = r"[a-z]{1,2}[0-9][a-z0-9]?"
"""A postcode's outward code, folded ("ne1", "dl14")."""
BUILD_DAY_EPOCH = "1795651200"  # 2026-11-26 00:00 UTC
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


def record_search_files(site: Path, query: str) -> list[Path]:
    """The files assets/record-search.js fetches for a cold search: the manifest, then the
    shard of the query's leading word (none when the query is all common words).

    A Python mirror of the client's choice, so that tests can weigh a search
    without a browser.
    """
    import json

    from generator.exports.search_shards import FOLDER, file_stem, words

    folder = site / FOLDER
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    common: list[str] = manifest["common"]
    keys, split = set(manifest["shards"]), set(manifest["split"])
    found = words(query)
    query_words: list[str] = []
    while found:  # A postcode typed with its space is one word.
        word = found.pop(0)
        if found and re.fullmatch(OUTWARD, word) and re.fullmatch(r"[0-9][a-z]{0,2}", found[0]):
            word += found.pop(0)
        query_words.append(word)
    selective = [w for w in query_words if not any(c.startswith(w) for c in common)]
    possible = selective or [w for w in query_words if w not in common]
    fetched = [folder / "manifest.json"]
    if not possible:
        return fetched
    lead = max(possible, key=len)
    for length in range(len(lead), 0, -1):
        key = lead[:length]
        if key in split:
            if length == len(lead) and key in keys:
                fetched.append(folder / f"{file_stem(key)}.json")
            break
        if key in keys:
            fetched.append(folder / f"{file_stem(key)}.json")
            break
    return fetched
