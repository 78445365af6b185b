"""Build real sites from fixture projects into tmp_path and read them back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MKDOCS = str(Path(sys.executable).parent / "mkdocs")
BUILD_DAY_EPOCH = "1795651200"  # 2026-11-26 00:00 UTC
"""SOURCE_DATE_EPOCH for 26 November 2026, the date tests build 'as of'."""


def copy_fixture(name: str, dest: Path) -> Path:
    """A private copy of a fixture project that a test may change."""
    target = dest / name
    shutil.copytree(FIXTURES / name, target, ignore=shutil.ignore_patterns("site"))
    return target


def mkdocs(
    project: Path, *args: str, members: bool = False, pdf: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs` command in a project, pinned to the test build date.

    PDFs are off unless asked for (`pdf: !ENV SCHOOLNET_PDF` in the fixtures'
    mkdocs.yml): laying them out would triple the time of every build.
    """
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": BUILD_DAY_EPOCH,
        "NO_MKDOCS_2_WARNING": "1",
        "SCHOOLNET_MEMBERS": "true" if members else "false",
        "SCHOOLNET_PDF": "true" if pdf else "false",
    }
    return subprocess.run(
        [MKDOCS, *args],
        cwd=project,
        env=env,
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
