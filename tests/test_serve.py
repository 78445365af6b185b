"""`mkdocs serve` rebuilds when a record file changes (a real server on localhost)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from helpers import BUILD_DAY_EPOCH, MKDOCS, copy_fixture


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


@pytest.mark.slow
def test_serve_shows_yaml_edit(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    port = free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": BUILD_DAY_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/fixture/schools/hawes-side/"
        assert wait_for(url, "Hawes Side Academy", 60)
        schools = project / "schools.yaml"
        schools.write_text(schools.read_text().replace("Hawes Side Academy", "Hawes Side Renamed"))
        assert wait_for(url, "Hawes Side Renamed", 30)
        # A broken edit is reported in the terminal (MkDocs holds requests
        # until the build works again); fixing it shows the fix.
        schools.write_text(schools.read_text().replace("phase: primary", "phase: primry"))
        time.sleep(3)
        schools.write_text(
            schools.read_text()
            .replace("phase: primry", "phase: primary")
            .replace("Renamed", "Fixed")
        )
        assert wait_for(url, "Hawes Side Fixed", 30)
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert "school 'hawes-side': phase must be one of" in stderr
    assert "Traceback" not in stderr
