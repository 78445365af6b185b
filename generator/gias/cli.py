"""`python -m generator gias …`: import from, check against and fetch the GIAS register.

- `import FILE [--urn URN …] [--la LA …] [--network ID]`: add or update schools.
- `check FILE [--report OUT.md]`: differences as `file:line:column` problems.
- `download OUT`: the latest extract, from `$GIAS_URL` (`{date}` becomes YYYYMMDD).
- `issue REPORT.md`: open a GitHub issue with a check's report (the weekly workflow).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from ..annotations import github_annotation, running_on_github
from ..inert import inert
from ..loader import YMap, YScalar, YSeq, read_yaml
from .compare import Finding, compare, project_schools
from .importer import Outcome, Selection, run_import
from .records_file import NotPlainList
from .register import RegisterError, read_register

DEFAULT_URL = (
    "https://ea-edubase-api-prod.azurewebsites.net/edubase/downloads/public/"
    "edubasealldata{date}.csv"
)
NO_DIFFERENCES = "No differences from the register."


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `gias` command and its subcommands, on the generator's parser."""
    gias = commands.add_parser("gias", help="import from or check against the GIAS register")
    gias.add_argument("--project", type=Path, default=argparse.SUPPRESS)
    sub = gias.add_subparsers(dest="gias_command", required=True)
    imp = sub.add_parser("import", help="add or update schools from a register extract")
    imp.add_argument("file", type=Path, help="edubasealldata<YYYYMMDD>.csv")
    imp.add_argument("--urn", action="append", default=[], help="only this URN (repeatable)")
    imp.add_argument("--la", action="append", default=[], help="only this local authority")
    imp.add_argument("--network", help="also add each imported school to this network")
    chk = sub.add_parser("check", help="compare the schools with a register extract")
    chk.add_argument("file", type=Path, help="edubasealldata<YYYYMMDD>.csv")
    chk.add_argument("--report", type=Path, help="also write the findings as Markdown here")
    chk.add_argument(
        "--format", choices=["auto", "text", "github"], default="auto", help="as for check"
    )
    down = sub.add_parser("download", help="download the latest register extract")
    down.add_argument("out", type=Path, help="where to save the CSV")
    issue = sub.add_parser("issue", help="open a GitHub issue with a check's Markdown report")
    issue.add_argument("report", type=Path)


def run(args: argparse.Namespace) -> int:
    """Run the chosen `gias` subcommand; the exit code."""
    root: Path = args.project
    if args.gias_command == "import":
        return import_command(root, args.file, Selection(args.urn, args.la, args.network))
    if args.gias_command == "check":
        github = args.format == "github" or (args.format == "auto" and running_on_github())
        return check_command(root, args.file, args.report, github)
    if args.gias_command == "download":
        return download(os.environ.get("GIAS_URL") or DEFAULT_URL, args.out)
    return open_issue(args.report)


def import_command(root: Path, file: Path, selection: Selection) -> int:
    """Import, write schools.yaml when anything changed, and say what happened in words."""
    try:
        register = read_register(file)
    except RegisterError as err:
        print(err, file=sys.stderr)
        return 2
    if selection.network and selection.network not in network_ids(root):
        print(
            f"networks.yaml:1:1: network '{selection.network}': no network has this id; "
            "add the network first or pass the id of one in networks.yaml",
            file=sys.stderr,
        )
        return 2
    try:
        outcome = run_import(root, register, selection)
    except NotPlainList as err:
        print(err.problem, file=sys.stderr)
        return 2
    if outcome.added or outcome.changed:
        (root / "schools.yaml").write_text(outcome.text, encoding="utf-8")
    print(summary(outcome, register.file))
    return 0


def network_ids(root: Path) -> set[str]:
    """The ids in networks.yaml, read with the project's loader."""
    tree, _problems = read_yaml(root / "networks.yaml", "networks.yaml")
    ids = set()
    if isinstance(tree, YSeq):
        for item in tree.items:
            node = item.items.get("id") if isinstance(item, YMap) else None
            if isinstance(node, YScalar):
                ids.add(node.text.strip())
    return ids


def summary(outcome: Outcome, file: str) -> str:
    """What an import did, in words: a heading and a line per school for each group."""
    lines = [f"Imported from {Path(file).name} into schools.yaml:"]
    for heading, items in (
        ("Added", outcome.added),
        ("Changed", outcome.changed),
        ("Skipped", outcome.skipped),
    ):
        noun = "school" if len(items) == 1 else "schools"
        lines.append(f"{heading} {len(items)} {noun}{':' if items else '.'}")
        lines += [f"  - {item}" for item in items]
    noun = "school already matches" if outcome.unchanged == 1 else "schools already match"
    lines.append(f"{outcome.unchanged} {noun} the register.")
    if not (outcome.added or outcome.changed):
        lines.append("schools.yaml is unchanged.")
    return "\n".join(lines)


def check_command(root: Path, file: Path, report: Path | None, github: bool) -> int:
    """Compare with the register; print findings; non-zero only when there is an error."""
    try:
        register = read_register(file)
    except RegisterError as err:
        print(err, file=sys.stderr)
        return 2
    findings = compare(project_schools(root), register)
    for finding in findings:
        if github:
            level = "error" if finding.error else "warning"
            print(github_annotation(finding.problem, level))
        print(finding.problem)
    print(count_line(findings, register.file))
    if report is not None:
        report.write_text(markdown_report(findings, register.file), encoding="utf-8")
    return 1 if any(finding.error for finding in findings) else 0


def count_line(findings: list[Finding], file: str) -> str:
    """'1 error and 4 warnings against edubasealldata20261130.csv', or that there are none."""
    if not findings:
        return f"{NO_DIFFERENCES[:-1]} ({Path(file).name})."
    errors = sum(finding.error for finding in findings)
    warnings = len(findings) - errors
    parts = [f"{errors} error{'s' if errors != 1 else ''}"] if errors else []
    parts += [f"{warnings} warning{'s' if warnings != 1 else ''}"] if warnings else []
    return f"{' and '.join(parts)} against {Path(file).name}."


def markdown_report(findings: list[Finding], file: str) -> str:
    """The findings for a GitHub issue; every value inert, so nothing in it can act."""
    if not findings:
        return NO_DIFFERENCES + "\n"
    lines = [
        f"`./dev gias check` against {inert(Path(file).name)} found {count_line(findings, file)}",
        "",
    ]
    for finding in findings:
        label = "error" if finding.error else "warning"
        lines.append(f"- {label}: {inert(str(finding.problem))}")
    lines += [
        "",
        "Contains public sector information licensed under the Open Government Licence v3.0.",
    ]
    return "\n".join(lines) + "\n"


def download(template: str, out: Path, today: date | None = None, days: int = 7) -> int:
    """The newest extract of the last `days` days ({date} in the address becomes YYYYMMDD)."""
    day = today or date.today()
    for back in range(days):
        url = template.replace("{date}", (day - timedelta(days=back)).strftime("%Y%m%d"))
        if not url.startswith("https://"):
            print(f"GIAS_URL: must start with https://, got {url!r}", file=sys.stderr)
            return 2
        try:
            with urllib.request.urlopen(url, timeout=120) as response:
                data = response.read()
        except OSError as err:
            print(f"{url}: {err}; trying the day before", file=sys.stderr)
            continue
        name = out.with_name(Path(url).name) if out.is_dir() else out
        name.write_bytes(data)
        print(f"Downloaded {len(data):,} bytes from {url} to {name}")
        return 0
    print(f"no register extract found in the last {days} days at {template}", file=sys.stderr)
    return 1


def open_issue(report: Path) -> int:
    """Open an issue with a check's report through the GitHub CLI, unless nothing differs."""
    body = report.read_text(encoding="utf-8")
    if body.strip() == NO_DIFFERENCES:
        print("No differences from the register: no issue opened.")
        return 0
    title = f"GIAS register: differences found on {date.today().isoformat()}"
    command = ["gh", "issue", "create", "--title", title, "--body-file", str(report)]
    return subprocess.run(command, check=False).returncode
