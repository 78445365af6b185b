"""A build writes into a partial folder: stopped half-way or failed, it leaves none behind."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest
from helpers import MKDOCS, build, copy_fixture, mkdocs, mkdocs_env

from generator.staging import StagedSite


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if ".partial-" in p.name or ".old-" in p.name)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stopped_build_leaves_no_partial_folder(tmp_path: Path, stop: signal.Signals) -> None:
    project = copy_fixture("small", tmp_path)
    site = build(project)
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    # A MkDocs hook holds the build half-way (the workers forked, the partial
    # folder written to) until the signal comes, so the stop always lands there.
    (project / "hold.py").write_text(
        "import pathlib, time\n"
        "def on_env(env, config, files):\n"
        "    pathlib.Path(config.site_dir, 'held').write_text('')\n"
        "    time.sleep(60)\n"
    )
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "\nhooks:\n  - hold.py\n")
    # A shell starts background jobs with SIGINT ignored, and Python keeps it
    # so: give the build the default a terminal's Ctrl-C meets.
    process = subprocess.Popen(
        [MKDOCS, "build", "--strict"],
        cwd=project,
        env=mkdocs_env(pdf=True),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    with process:
        deadline = time.monotonic() + 60
        while not any(project.glob("site.partial-*/held")) and time.monotonic() < deadline:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            time.sleep(0.01)
        process.send_signal(stop)
        try:
            _, stderr = process.communicate(timeout=60)
        finally:
            process.kill()
    assert process.returncode != 0, stderr
    assert "Traceback" not in stderr
    assert leftovers(project) == []
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before


def test_a_failed_build_leaves_the_previous_site(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    site = build(project)
    index = (site / "index.html").read_text()
    schools = project / "schools.yaml"
    schools.write_text(schools.read_text().replace("urn: ", "urn: x", 1))
    assert mkdocs(project, "build", "--strict").returncode != 0
    assert leftovers(project) == []
    assert (site / "index.html").read_text() == index


def test_commit_moves_the_partial_folder_into_place(tmp_path: Path) -> None:
    final = tmp_path / "site"
    final.mkdir()
    (final / "old.html").write_text("old")
    staged = StagedSite(str(final))
    Path(staged.partial).mkdir()
    (Path(staged.partial) / "new.html").write_text("new")
    staged.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert [p.name for p in final.iterdir()] == ["new.html"]
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
