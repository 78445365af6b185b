"""`mkdocs serve` rebuilds when a record file changes (a real server on localhost)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from helpers import BUILD_DAY_EPOCH, MKDOCS, copy_fixture

from benchmarks.synthetic import write_project

SCHOOLS = 600


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.3)
    return False


def wait_for_log(log: Path, text: str, seconds: float) -> bool:
    """Whether the server's log says `text` within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in log.read_text(encoding="utf-8", errors="replace"):
            return True
        time.sleep(0.1)
    return False


def start_server(project: Path, log: Path) -> tuple[subprocess.Popen[str], int]:
    """The real `mkdocs serve` of a project on a free port of localhost, as of the test date,
    its messages written to `log` as they come."""
    port = free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": BUILD_DAY_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w", encoding="utf-8") as messages:
        server = subprocess.Popen(
            [MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=messages,
            text=True,
        )
    return server, port


def stop_server(server: subprocess.Popen[str], log: Path) -> str:
    """Stop the server; everything it logged."""
    server.terminate()
    server.wait(timeout=30)
    return log.read_text(encoding="utf-8")


@pytest.mark.slow
def test_serve_shows_yaml_edit(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    log = tmp_path / "serve.log"
    server, port = start_server(project, log)
    try:
        url = f"http://127.0.0.1:{port}/fixture/schools/hawes-side/"
        assert wait_for(url, "Hawes Side Academy", 60)
        schools = project / "schools.yaml"
        schools.write_text(schools.read_text().replace("Hawes Side Academy", "Hawes Side Renamed"))
        assert wait_for(url, "Hawes Side Renamed", 30)
        # A broken edit is reported in the terminal (MkDocs holds requests
        # until the build works again); fixing it shows the fix.
        schools.write_text(schools.read_text().replace("phase: primary", "phase: primry"))
        # The server has rebuilt and found the mistake before the fix is saved.
        assert wait_for_log(log, "school 'hawes-side': phase must be one of", 30)
        schools.write_text(
            schools.read_text()
            .replace("phase: primry", "phase: primary")
            .replace("Renamed", "Fixed")
        )
        assert wait_for(url, "Hawes Side Fixed", 30)
    finally:
        stderr = stop_server(server, log)
    assert "school 'hawes-side': phase must be one of" in stderr
    assert "Traceback" not in stderr


@pytest.mark.slow
def test_serve_rebuild_renders_again_only_the_pages_an_edit_changes(tmp_path: Path) -> None:
    write_project(tmp_path, schools=SCHOOLS)
    schools = tmp_path / "schools.yaml"
    text = schools.read_text(encoding="utf-8")
    # A public school in a network, some way down the file.
    records = yaml.safe_load(text)
    networks = yaml.safe_load((tmp_path / "networks.yaml").read_text(encoding="utf-8"))
    public = {n["id"] for n in networks if n.get("public", True)}
    shown = [r for r in records if r.get("public", True) and r.get("networks", [""])[0] in public]
    school = shown[7]
    school_id, name, network = school["id"], school["name"], school["networks"][0]
    assert text.count(f'  name: "{name}"\n') == 1
    log = tmp_path.parent / f"{tmp_path.name}-serve.log"
    server, port = start_server(tmp_path, log)
    try:
        base = f"http://127.0.0.1:{port}/synthetic"
        page = f"{base}/schools/{school_id}/"
        assert wait_for(page, name, 120)
        schools.write_text(text.replace(f'  name: "{name}"\n', "  name: Renamed Academy\n"))
        assert wait_for(page, "Renamed Academy", 60)
        # A page that shows the school (its network's member list) follows the edit too.
        assert wait_for(f"{base}/networks/{network}/", "Renamed Academy", 30)
    finally:
        stderr = stop_server(server, log)
    counts = [
        (int(m[1]), int(m[2])) for m in re.finditer(r"(\d+) of (\d+) pages rendered anew", stderr)
    ]
    assert len(counts) >= 2, stderr
    first, after_edit = counts[0], counts[-1]
    assert first[0] == first[1] > SCHOOLS  # The first build renders every page.
    # The edit renders the school's page and the few that show it, not the site.
    assert 1 <= after_edit[0] <= 20, after_edit
