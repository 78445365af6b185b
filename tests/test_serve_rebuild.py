"""A live preview's rebuild after an edit writes exactly what a first build of the edited
project writes, whatever it kept from the rebuild before.

MkDocs' serve loop is run here in this process, as `mkdocs serve` runs it
(one plugin object for the whole session, a fresh config per rebuild,
other threads alive), so what the plugin keeps between rebuilds is tested
without a server or a clock.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import BUILD_DAY_EPOCH
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from benchmarks.synthetic import write_project
from generator.plugin import SchoolNetPlugin

SERVE_URL = "http://127.0.0.1:8000/synthetic/"


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY_EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    # Under `mkdocs serve` the server's threads are alive while the site rebuilds.
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    yield
    stop.set()


def _config(project: Path, site: Path) -> MkDocsConfig:
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    config.site_url = SERVE_URL
    return config


class Session:
    """One `mkdocs serve` session of a project: its plugins live across rebuilds."""

    def __init__(self, project: Path, site: Path) -> None:
        self.project, self.site = project, site
        first = _config(project, site)
        first.plugins.on_startup(command="serve", dirty=False)
        self.plugins = first.plugins
        self.rebuild(first)

    def rebuild(self, config: MkDocsConfig | None = None) -> None:
        if config is None:
            config = _config(self.project, self.site)
            config.plugins = self.plugins  # MkDocs keeps plugins that define on_startup.
        build(config, serve_url=SERVE_URL)


FIRST_BUILD = """
import sys, threading
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from test_serve_rebuild import Session
threading.Thread(target=threading.Event().wait, daemon=True).start()
Session(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def _first_build(project: Path, site: Path) -> None:
    """A first `serve` build, in a process of its own: MkDocs keeps a plugin object for the
    whole process, so a build in this one would start from what the session kept."""
    tests = str(Path(__file__).parent)
    subprocess.run(
        [sys.executable, "-c", FIRST_BUILD, str(project), str(site), tests],
        check=True,
        capture_output=True,
    )


def _files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.suffix != ".gz"
    }


def _assert_same_site(served: Path, fresh: Path) -> None:
    got, want = _files(served), _files(fresh)
    assert sorted(got) == sorted(want)
    differ = [path for path in want if got[path] != want[path]]
    assert differ == []


def _edit_school(project: Path) -> None:
    path = project / "schools.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.index('  name: "', len(text) // 2)
    end = text.index("\n", first)
    path.write_text(text[:first] + "  name: Renamed Academy" + text[end:], encoding="utf-8")


def _add_lines_early(project: Path) -> None:
    path = project / "schools.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("\n  urn: ") + 1
    path.write_text(text[:at] + "  # Checked with the office.\n\n" + text[at:], encoding="utf-8")


def _rename_network(project: Path) -> None:
    path = project / "networks.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index('  name: "') + len('  name: "')
    path.write_text(text[:at] + "Renamed " + text[at:], encoding="utf-8")


def _move_event(project: Path) -> None:
    path = project / "events.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("  start: ") + len('  start: "YYYY-MM-DD ')
    path.write_text(text[:at] + "08:15" + text[at + len("HH:MM") :], encoding="utf-8")


EDITS: dict[str, Callable[[Path], None]] = {
    "rename a school": _edit_school,
    "add lines above every school but the first": _add_lines_early,
    "rename a network": _rename_network,
    "move an event": _move_event,
}


@pytest.mark.slow
@pytest.mark.parametrize("edit", list(EDITS))
def test_a_rebuild_after_an_edit_equals_a_first_build_of_the_edited_project(
    tmp_path: Path, edit: str
) -> None:
    project = tmp_path / "project"
    write_project(project, schools=240)
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        # Edit links give each record's line: a line moved by an edit shows.
        config.write("repo_url: https://github.com/example/network\nedit_uri: edit/main/content/\n")
    session = Session(project, tmp_path / "served")
    EDITS[edit](project)
    session.rebuild()
    _first_build(project, tmp_path / "fresh")
    _assert_same_site(tmp_path / "served", tmp_path / "fresh")
    # And again: what the first rebuild kept is right for the next one.
    _edit_school(project)
    session.rebuild()
    plugin = session.plugins["schoolnet"]
    assert isinstance(plugin, SchoolNetPlugin)
    assert plugin.kept_outputs.made == ["data school"]  # Calendars and other data: kept.
    assert plugin.kept_pieces.parsed == 1
    _first_build(project, tmp_path / "fresh-again")
    _assert_same_site(tmp_path / "served", tmp_path / "fresh-again")


FORKED_SESSION = """
import json, sys, threading
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from test_serve_rebuild import Session, _edit_school
project = Path(sys.argv[1])
session = Session(project, Path(sys.argv[2]))  # No other thread yet: its workers are forked.
threading.Thread(target=threading.Event().wait, daemon=True).start()  # The server's.
_edit_school(project)
session.rebuild()
plugin = session.plugins["schoolnet"]
near, data, search = plugin.kept_nearest, plugin.kept_outputs, plugin.kept_search
print(json.dumps({
    "made": data.made, "rows": data.parts_made, "entries": search.parts_made,
    "found": near.found, "open": len(near.by_id),
}))
"""


@pytest.mark.slow
def test_the_first_edit_keeps_what_the_first_builds_workers_made(tmp_path: Path) -> None:
    """`mkdocs serve` forks workers for its first build (the server's thread is not running
    yet); what they made that a preview keeps comes back, so the first edit redoes no more
    than any later one, and still writes what a first build of the edited project writes."""
    project = tmp_path / "project"
    write_project(project, schools=240)
    tests = str(Path(__file__).parent)
    run = subprocess.run(
        [sys.executable, "-c", FORKED_SESSION, str(project), str(tmp_path / "served"), tests],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "SCHOOLNET_WORKERS": "2"},
    )
    kept = json.loads(run.stdout.strip().splitlines()[-1])
    assert kept["made"] == ["data school"]  # Calendars and the other kinds' data: kept.
    assert kept["rows"] == 1  # Of the schools' open data, only the edited school's row.
    assert kept["entries"] == 1  # Of the record search, only the edited school's entry.
    assert kept["open"] > 200
    assert kept["found"] < kept["open"] // 10  # Only lists where the new name breaks a tie.
    _first_build(project, tmp_path / "fresh")
    _assert_same_site(tmp_path / "served", tmp_path / "fresh")
