"""Data repositories built in tmp_path, and `python -m generator diff` run on them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import write_project

GIT_ENV = {
    **os.environ,
    "SOURCE_DATE_EPOCH": "1788264000",  # 2026-09-01: the sample event is still to come
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}
NO_RECORDS = "## Changes to the records\n\nNo changes to the records.\n"
NO_PAGES = "\n## Changes to the Markdown pages\n\nNo changes to the Markdown pages.\n"
PAGES = "\n## Changes to the Markdown pages\n\n| what | file | lines |\n|---|---|---|\n"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=GIT_ENV)


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def data_repo(folder: Path) -> Path:
    """The baseline project, committed as the first revision of a new repository."""
    project = write_project(folder)
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "base")
    return project


def diff(repo: Path, *revs: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(repo), "diff", *revs],
        capture_output=True,
        text=True,
        check=False,
        env=GIT_ENV,
        cwd=cwd,
    )


def change(repo: Path, name: str, text: str) -> None:
    (repo / name).write_text(text, encoding="utf-8")
    commit_all(repo, f"change {name}")
