"""Times `gias import` and `gias check` at national scale, with peak memory.

Writes a synthetic register of N open establishments (default 27,000, about
England's count) plus some closed ones, in the register's real layout and
encoding (generator/gias/layout.py), imports every open one into an empty
project, imports again (nothing changes: the update path), then checks the
project against the same register, each in a fresh process. Aims: import
under 60 s, check under 20 s on 2 cores.

    .venv/bin/python benchmarks/gias.py [--open 27000] [--closed 3000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT

sys.path.insert(0, str(ROOT))

from generator.gias.layout import write_extract

LAS = [
    ("929", "Northumberland"),
    ("390", "Gateshead"),
    ("391", "Newcastle upon Tyne"),
    ("888", "Lancashire"),
    ("890", "Blackpool"),
    ("330", "Birmingham"),
    ("202", "Camden"),
    ("873", "Cambridgeshire"),
    ("878", "Devon"),
    ("936", "Surrey"),
]
TYPES = [
    ("Community school", "Primary", "4", "11"),
    ("Academy converter", "Secondary", "11", "18"),
    ("Voluntary aided school", "Primary", "4", "11"),
    ("Foundation school", "Secondary", "11", "16"),
    ("Free schools", "All-through", "4", "18"),
    ("Community special school", "Not applicable", "2", "19"),
    ("Other independent school", "Primary", "3", "13"),
    ("LA nursery school", "Nursery", "2", "5"),
    ("Further education", "16 plus", "16", "99"),
]
WORDS = [
    "Oak",
    "Ash",
    "Meadow",
    "Bridge",
    "Hill",
    "Saint Mary’s",
    "École",
    "Brook",
    "Park",
    "Church",
    "Valley",
    "Moor",
    "Green",
    "Castle",
    "Riverside",
    "Holy Trinity",
]


def synthetic_rows(open_count: int, closed_count: int) -> list[dict[str, str]]:
    """Made-up establishments, the same for the same counts: open, then closed."""
    rng = random.Random(16)
    rows = []
    for n in range(open_count + closed_count):
        code, la = LAS[n % len(LAS)]
        kind, phase, low, high = TYPES[n % len(TYPES)]
        closed = n >= open_count
        missing = n % 50 == 0  # some have no grid reference
        rows.append(
            {
                "URN": str(100000 + n),
                "EstablishmentName": f"{rng.choice(WORDS)} {rng.choice(WORDS)} {phase} School {n}",
                "TypeOfEstablishment (name)": kind,
                "EstablishmentTypeGroup (name)": "Synthetic",
                "PhaseOfEducation (name)": phase,
                "LA (code)": code,
                "LA (name)": la,
                "Street": f"{n} High Street",
                "Town": la,
                "Postcode": f"NE{n % 99 + 1} {n % 9 + 1}AB",
                "SchoolWebsite": f"www.school{n}.example.org.uk",
                "TelephoneNum": f"0163296{n % 10000:04d}",
                "EstablishmentStatus (name)": "Closed" if closed else "Open",
                "CloseDate": "31-08-2024" if closed else "",
                "StatutoryLowAge": low,
                "StatutoryHighAge": high,
                "NumberOfPupils": str(50 + n % 1500),
                "Easting": "" if missing else str(400000 + n % 50000),
                "Northing": "" if missing else str(500000 + n % 100000),
                "Trusts (name)": f"Trust {n % 700}" if "Academy" in kind else "",
            }
        )
    return rows


def empty_project(folder: Path) -> None:
    """A project with no records: only the files a check reads."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("networks", "policies", "events", "suppliers"):
        (folder / f"{name}.yaml").write_text("[]\n", encoding="utf-8")
    (folder / "content").mkdir(exist_ok=True)


def timed(command: list[str], cwd: Path) -> tuple[float, int, int, str]:
    """Wall seconds, peak resident memory (MiB), exit code and last output line of a command."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0)
        lines = out.read().decode("utf-8", "replace").strip().splitlines()
    return seconds, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status), lines[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=27_000)
    parser.add_argument("--closed", type=int, default=3_000)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        project = work / "project"
        empty_project(project)
        register = work / "edubasealldata20261130.csv"
        start = time.perf_counter()
        write_extract(register, synthetic_rows(args.open, args.closed))
        wrote = time.perf_counter() - start
        size = register.stat().st_size / 2**20
        print(f"register: {args.open:,} open + {args.closed:,} closed establishments, "
              f"{size:.1f} MiB (cp1252), written in {wrote:.1f} s")  # fmt: skip
        python = [sys.executable, "-m", "generator", "--project", str(project), "gias"]
        env_note = f"{os.cpu_count()} CPUs"
        for name, command in (
            ("import", [*python, "import", str(register)]),
            ("again", [*python, "import", str(register)]),
            ("check", [*python, "check", str(register)]),
        ):
            seconds, mib, code, last = timed(command, ROOT)
            print(
                f"{name:>6}: {seconds:6.1f} s, peak {mib:,} MiB, exit {code} ({env_note}): {last}"
            )
        schools = (project / "schools.yaml").read_text(encoding="utf-8").count("\n- id: ")
        print(f"schools.yaml: {schools:,} schools, "
              f"{(project / 'schools.yaml').stat().st_size / 2**20:.1f} MiB")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
