"""Command line: `python -m generator check` validates everything without building.

It does every check the build does (records, cross-references, bodies,
record links in Markdown), for the public and the members' audience, and
prints each problem as `file:line:column: record: problem; fix`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .dates import build_date
from .models import KINDS
from .positions import Problem, ProblemsFound
from .project import Sources, load_sources, site_for


def check(root: Path, content_dir: str) -> int:
    """Validate the project for both audiences; print problems; return an exit code."""
    sources = Sources(root.resolve(), content_dir)
    if not any(path.is_file() for path in sources.watched()):
        names = ", ".join(path.name for path in sources.watched())
        print(
            f"{sources.root}: no record files here ({names}); "
            "run the check in the project folder or pass --project",
            file=sys.stderr,
        )
        return 2
    loaded = load_sources(sources)
    problems: list[Problem] = []
    sites = []
    for members in (True, False):
        try:
            sites.append(site_for(loaded, sources, today=build_date(), members=members))
        except ProblemsFound as found:
            problems += found.problems
    if problems:
        print(ProblemsFound(problems).report(), file=sys.stderr)
        return 1
    site = sites[-1]
    counts = ", ".join(
        f"{len(site.records_of(name))} {kind.plural if len(site.records_of(name)) != 1 else name}"
        for name, kind in KINDS.items()
    )
    print(f"All records are valid (public site: {counts}).")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run the chosen command."""
    parser = argparse.ArgumentParser(prog="python -m generator")
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="validate the YAML records and Markdown")
    check_cmd.add_argument("--project", type=Path, default=Path("."), help="project folder")
    check_cmd.add_argument("--content", default="content", help="Markdown folder in the project")
    synth = commands.add_parser("synthetic", help="write a synthetic project for benchmarks")
    synth.add_argument("out", type=Path, help="folder to write the project into")
    synth.add_argument("--schools", type=int, default=5000)
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.project, args.content)
    from .synthetic import write_project

    write_project(args.out, schools=args.schools)
    print(f"Wrote a synthetic project with {args.schools} schools to {args.out}")
    return 0
