"""Both locks install on the lowest and the highest Python the project supports.

pip resolves each lock for the target version (wheels only), so the check runs
on any interpreter; it needs the package index, like `./dev` itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from helpers import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import locks

PYTHONS = locks.supported_pythons()


def test_supported_range_is_debian_12_to_13() -> None:
    assert PYTHONS == ("3.11.2", "3.13")


@pytest.mark.parametrize("python", PYTHONS)
@pytest.mark.parametrize("lock", [locks.RUNTIME_LOCK, locks.DEV_LOCK], ids=lambda p: p.name)
def test_lock_installs(lock: Path, python: str) -> None:
    assert locks.check(lock, python) == []


def test_a_pin_too_new_for_the_lowest_python_is_named(tmp_path: Path) -> None:
    # pymdown-extensions 13 needs Python 3.11.5: the first release's lock had it.
    lock = tmp_path / "requirements.txt"
    lock.write_text("pymdown-extensions==13.1.2\nMarkdown==3.11.3\nPyYAML==6.0.4\n")
    [problem] = locks.check(lock, "3.11.2")
    assert problem.startswith(
        "requirements.txt: pymdown-extensions==13.1.2 does not install on Python 3.11.2"
    )
    assert "Requires-Python >=3.11.5" in problem


def test_a_dependency_missing_from_the_lock_is_named(tmp_path: Path) -> None:
    lock = tmp_path / "requirements.txt"
    lock.write_text("pymdown-extensions==12.3\nMarkdown==3.11.3\n")
    [problem] = locks.check(lock, "3.13")
    assert problem.startswith("requirements.txt: PyYAML ")
    assert problem.endswith(" is needed on Python 3.13 but not pinned")


def test_runtime_lock_holds_no_development_tool() -> None:
    runtime = locks.read_pins(locks.RUNTIME_LOCK)
    for tool in ("pytest", "ruff", "mypy", "playwright", "hugo", "pypdf", "check-jsonschema"):
        assert tool not in runtime
    assert set(runtime) < set(locks.read_pins(locks.DEV_LOCK))
