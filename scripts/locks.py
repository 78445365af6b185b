"""The two locks: resolved for the lowest supported Python, checked on the highest.

`requirements.txt` pins what building and publishing need (pyproject's
`dependencies`); `requirements-dev.txt` adds the tests, linters and benchmark
tools (the `dev` extra) on top of it. Both must install on every Python that
pyproject's `requires-python` admits, down to Debian 12's 3.11.2, so the locks
are resolved by pip *for* a target version (`--python-version`, wheels only)
whatever interpreter runs this script.

    python scripts/locks.py write   # re-resolve both locks (./dev lock)
    python scripts/locks.py check   # check both on the lowest and highest Python
"""

from __future__ import annotations

import json
import platform
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_LOCK = ROOT / "requirements.txt"
DEV_LOCK = ROOT / "requirements-dev.txt"
# manylinux tags a current glibc (2.36 on Debian 12) accepts, newest first.
GLIBC_MINORS = (36, 35, 34, 31, 28, 27, 24, 17, 12, 5)


class LockError(Exception):
    """A lock that does not install, naming the package that fails."""


def canonical(name: str) -> str:
    """Compare package names the way pip does (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def supported_pythons() -> tuple[str, str]:
    """The lowest and highest Python versions pyproject.toml admits, for the checks."""
    spec = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    lowest = re.search(r">=\s*([\d.]+)", spec)
    below = re.search(r"<\s*(\d+)\.(\d+)", spec)
    if not lowest or not below:
        raise LockError(f"requires-python must give a range like '>=3.11.2,<3.14', not {spec!r}")
    return lowest.group(1), f"{below.group(1)}.{int(below.group(2)) - 1}"


def platform_args() -> list[str]:
    """Pip's --platform for every manylinux tag of this machine's architecture."""
    arch = platform.machine()
    tags = [f"manylinux_2_{minor}_{arch}" for minor in GLIBC_MINORS]
    tags += [f"manylinux2014_{arch}", f"manylinux2010_{arch}", f"manylinux1_{arch}"]
    return [arg for tag in tags for arg in ("--platform", tag)]


def resolve(requirements: list[str], python: str) -> dict[str, str]:
    """What pip would install for `requirements` on `python`: {name: version}.

    Raises LockError naming the package when there is no installable match.
    """
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [
            sys.executable, "-m", "pip", "install", "--dry-run", "--quiet",
            "--disable-pip-version-check", "--ignore-installed", "--only-binary=:all:",
            "--target", str(Path(tmp) / "target"), "--python-version", python,
            "--implementation", "cp", *platform_args(), "--report", str(report),
            *requirements,
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
        if result.returncode != 0:
            raise LockError(explain_failure(result.stderr, python))
        installs = json.loads(report.read_text())["install"]
    return {item["metadata"]["name"]: item["metadata"]["version"] for item in installs}


def explain_failure(stderr: str, python: str) -> str:
    """Pip's failure in one line that names the package, with the reason pip gave."""
    lines = [line for line in stderr.splitlines() if "is ignored" not in line]
    found = re.search(r"No matching distribution found for (\S+)", stderr)
    conflict = re.search(r"Cannot install (.+?) because", stderr)
    why = re.search(r"versions that require a different python version: (.+)", stderr)
    if found:
        message = f"{found.group(1)} does not install on Python {python}"
        if why:
            message += f" (pip ignored {why.group(1)})"
        return message
    if conflict:
        return f"{conflict.group(1)} conflict on Python {python}: " + " ".join(lines[-3:])
    return f"pip failed on Python {python}: " + " ".join(lines[-3:])


def read_pins(lock: Path) -> dict[str, str]:
    """The `name==version` lines of a lock, following `-r` includes."""
    pins: dict[str, str] = {}
    for raw in lock.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("-r "):
            pins.update(read_pins(lock.parent / line[3:].strip()))
        elif "==" in line:
            name, version = line.split("==", 1)
            pins[canonical(name)] = version.split(";")[0].strip()
    return pins


def check(lock: Path, python: str) -> list[str]:
    """Problems installing `lock` on `python`: a package that fails, or one it forgot."""
    try:
        installed = resolve(["-r", str(lock)], python)
    except LockError as error:
        return [f"{lock.name}: {error}"]
    pins = read_pins(lock)
    return [
        f"{lock.name}: {name} {version} is needed on Python {python} but not pinned"
        for name, version in sorted(installed.items())
        if canonical(name) not in pins
    ]


def dependencies() -> tuple[list[str], list[str]]:
    """pyproject's runtime dependencies and its `dev` extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return list(project["dependencies"]), list(project["optional-dependencies"]["dev"])


def lock_text(header: str, pins: dict[str, str], include: str | None = None) -> str:
    """A lock file: a header saying where it comes from, then one pin a line."""
    lines = [f"# {line}".rstrip() for line in header.strip().splitlines()]
    if include:
        lines.append(f"-r {include}")
    lines += [f"{name}=={pins[name]}" for name in sorted(pins, key=canonical)]
    return "\n".join(lines) + "\n"


HEADER = """
{what}
Resolved by `./dev lock` (scripts/locks.py) for Python {lowest}, the lowest that
pyproject.toml admits; tests/test_locks.py checks it installs on {lowest} and {highest}.
Do not edit by hand except to bump a pin (Dependabot does); run ./dev lock after.
"""


def write() -> None:
    """Re-resolve both locks from pyproject.toml for the lowest supported Python."""
    lowest, highest = supported_pythons()
    runtime, dev = dependencies()
    runtime_pins = resolve(runtime, lowest)
    what = "Runtime lock: what ./dev build, check, serve and publishing install."
    RUNTIME_LOCK.write_text(
        lock_text(HEADER.format(what=what, lowest=lowest, highest=highest), runtime_pins)
    )
    all_pins = resolve([*dev, "-c", str(RUNTIME_LOCK)], lowest)
    runtime_names = {canonical(name) for name in runtime_pins}
    dev_pins = {n: v for n, v in all_pins.items() if canonical(n) not in runtime_names}
    what = "Development lock: the runtime lock plus tests, linters and benchmark tools."
    DEV_LOCK.write_text(
        lock_text(
            HEADER.format(what=what, lowest=lowest, highest=highest),
            dev_pins,
            include=RUNTIME_LOCK.name,
        )
    )
    problems = [p for lock in (RUNTIME_LOCK, DEV_LOCK) for p in check(lock, highest)]
    print("\n".join(problems) or f"Both locks resolved for {lowest} and install on {highest}.")


def main() -> int:
    """`write` or `check` from the command line; non-zero when a lock fails."""
    if sys.argv[1:] == ["write"]:
        write()
        return 0
    if sys.argv[1:] == ["check"]:
        problems = [
            problem
            for python in supported_pythons()
            for lock in (RUNTIME_LOCK, DEV_LOCK)
            for problem in check(lock, python)
        ]
        print("\n".join(problems) or "Both locks install on the lowest and highest Python.")
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
