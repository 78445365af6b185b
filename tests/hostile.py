"""Run the check and a strict build as contributors' pull requests run them, and read back
the problems they print: the tests of hostile input assert every line exactly."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from helpers import mkdocs

PYTHON = str(Path(sys.executable))
ERROR_PREFIX = re.compile(r"^ERROR\s+-\s+")


def check(project: Path) -> tuple[int, list[str]]:
    """`python -m generator check` on `project`: its exit code and the lines it printed.

    Fails the test on a traceback or a signal, which no input may cause.
    """
    result = subprocess.run(
        [PYTHON, "-m", "generator", "check", "--project", str(project)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode >= 0, f"killed by signal {-result.returncode}"
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, (result.stdout + result.stderr).splitlines()


def build_problems(project: Path) -> tuple[int, list[str]]:
    """`mkdocs build --strict` of `project`: its exit code and the problems the plugin reported.

    The problems are the lines of the plugin's error, from the first to the
    count that ends it; a build that fails any other way has none.
    """
    result = mkdocs(project, "build", "--strict")
    assert result.returncode >= 0, f"killed by signal {-result.returncode}"
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    starts = [i for i, line in enumerate(lines) if ERROR_PREFIX.match(line)]
    if not starts:
        return result.returncode, []
    problems = []
    for line in lines[starts[0] :]:
        problems.append(ERROR_PREFIX.sub("", line))
        if re.fullmatch(r"\d+ problems? found; nothing was built\.", problems[-1]):
            break
    return result.returncode, problems
