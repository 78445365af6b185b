"""How long `mkdocs serve` takes to show a one-record edit, at a given number of schools.

    .venv/bin/python benchmarks/serve_edit.py --schools 5000

Writes a synthetic project, starts the real `mkdocs serve` on localhost,
waits for the first build, then renames one school in schools.yaml and
times how long until its page, and its network's page, show the new name
(polling every 50 ms, so the figure includes MkDocs noticing the change).
It repeats the edit a few times and prints each time and the server's own
account of how many pages it rendered anew.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = str(Path(sys.executable).parent / "mkdocs")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def shows(url: str, text: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return text in response.read().decode("utf-8")
    except OSError:
        return False


def wait_for(url: str, text: str, seconds: float) -> float | None:
    """Seconds until the page shows `text`, or None."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if shows(url, text):
            return time.monotonic() - start
        time.sleep(0.05)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--schools", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="schoolnet-serve-") as folder:
        project = Path(folder)
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "benchmarks/synthetic.py"),
                folder,
                "--schools",
                str(args.schools),
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        schools = project / "schools.yaml"
        text = schools.read_text(encoding="utf-8")
        networks = yaml.safe_load((project / "networks.yaml").read_text(encoding="utf-8"))
        public = {n["id"] for n in networks if n.get("public", True)}
        records = yaml.safe_load(text)
        school = next(
            r
            for r in records[len(records) // 2 :]
            if r.get("public", True) and r.get("networks", [""])[0] in public
        )
        port = free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        server = subprocess.Popen(
            [MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        base = f"http://127.0.0.1:{port}/synthetic"
        page = f"{base}/schools/{school['id']}/"
        network_page = f"{base}/networks/{school['networks'][0]}/"
        try:
            first = wait_for(page, school["name"], 600)
            print(f"{args.schools} schools: first build served after {first:.1f} s")
            current = f'  name: "{school["name"]}"\n'
            for edit in range(1, args.edits + 1):
                name = f"Renamed Academy {edit}"
                text = text.replace(current, f"  name: {name}\n")
                current = f"  name: {name}\n"
                time.sleep(1)
                schools.write_text(text, encoding="utf-8")
                seconds = wait_for(page, name, 60)
                also = wait_for(network_page, name, 60)
                shown = "not shown" if seconds is None else f"{seconds:.2f} s"
                print(
                    f"edit {edit}: the school's page showed it after {shown}; its network's "
                    f"page {'too' if also is not None else 'NOT'}"
                )
        finally:
            server.terminate()
            _, log = server.communicate(timeout=60)
        for line in log.splitlines():
            if "rendered anew" in line or "built in" in line:
                print("  server:", re.sub(r"^INFO\s+-\s+", "", line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
