"""Time a live preview's rebuilds after a one-school edit, in one process, stage by stage.

    .venv/bin/python benchmarks/serve_rebuild.py --schools 5000 [--edits 3] [--profile FILE]

`serve_edit.py` times an edit through the real server, which is what a
contributor waits for, but a server adds polling and threads to the
figure. This runs MkDocs' serve loop itself, as `mkdocs serve` does (one
plugin for the session, a fresh config per rebuild, another thread alive so
nothing is forked), renames one school before each rebuild and prints how
long each rebuild took and when each of its stages ended (the plugin's
`mkdocs build -v` lines). To compare two versions, run them back to back:
this machine's speed moves more than most changes do. `--profile FILE`
writes a cProfile of the last rebuild.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_project

SERVE_URL = "http://127.0.0.1:8000/synthetic/"


class StageLines(logging.Handler):
    """Prints the plugin's "... at N s" lines as they come."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.name.startswith("mkdocs.plugins.generator") and re.search(
            r" at [\d.]+ s", message
        ):
            print(f"    {message}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schools", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="write a cProfile of the last rebuild here")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    project = Path(tempfile.mkdtemp(prefix="serve-rebuild-")) / "project"
    write_project(project, schools=args.schools)
    site_dir = tempfile.mkdtemp(prefix="serve-rebuild-site-")
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(StageLines())

    def config() -> MkDocsConfig:
        loaded = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site_dir)
        loaded.site_url = SERVE_URL
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    started = time.perf_counter()
    build(first, serve_url=SERVE_URL)
    print(f"{args.schools} schools: first build {time.perf_counter() - started:.2f} s")
    threading.Thread(target=threading.Event().wait, daemon=True).start()  # As the server's.
    schools = project / "schools.yaml"
    text = schools.read_text(encoding="utf-8")
    records = yaml.safe_load(text)
    # A school the site shows (a private one would change nothing), some way down the file.
    school = next(r for r in records[len(records) // 2 :] if r.get("public", True))
    line = f'  name: "{school["name"]}"\n'
    assert text.count(line) == 1, line
    for edit in range(1, args.edits + 1):
        schools.write_text(text.replace(line, f"  name: Renamed Academy {edit}\n"), "utf-8")
        profile = cProfile.Profile() if args.profile and edit == args.edits else None
        started = time.perf_counter()
        if profile is not None:
            profile.enable()
        build(config(), serve_url=SERVE_URL)
        if profile is not None:
            profile.disable()
            profile.dump_stats(args.profile)
        print(f"edit {edit}: rebuilt in {time.perf_counter() - started:.2f} s", flush=True)


if __name__ == "__main__":
    main()
