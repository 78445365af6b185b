"""The shipped sample builds the same on MkDocs and on ProperDocs, its maintained fork.

ProperDocs (a drop-in continuation of MkDocs 1.x) installs beside MkDocs
from the dev lock; while its command runs it aliases `mkdocs.*` imports to
its own modules, so the plugin runs unchanged (see generator/engine.py).
These tests build with both commands and compare every output file.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import copy_fixture, mkdocs_env

from benchmarks.common import copy_sample
from generator.engine import engine_logger, engine_name

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
ENGINES = ("mkdocs", "properdocs")
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="([^"]*)">')
"""Material's `<meta name="generator">` names the engine and its version
("mkdocs-1.6.1, mkdocs-material-9.8.2" against "mkdocs-ProperDocs 1.6.7,
mkdocs-material-9.8.2"): the one byte difference an engine may make, and
only in that tag, only once per page."""


def run(
    engine: str, project: Path, *args: str, pdf: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs` or `properdocs` in a project, as tests run MkDocs (helpers.mkdocs)."""
    return subprocess.run(
        [str(BIN / engine), *args],
        cwd=project,
        env={**mkdocs_env(pdf=pdf), "DISABLE_MKDOCS_2_WARNING": "true"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def files_of(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path inside it."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def engine_tag(data: bytes) -> tuple[bytes, bytes]:
    """A page without its generator tag, and the tag's content (b"" when it has none)."""
    tags = GENERATOR_TAG.findall(data)
    assert len(tags) <= 1
    return GENERATOR_TAG.sub(b"", data, count=1), (tags[0] if tags else b"")


LOGS: dict[str, str] = {}
"""Each engine's build log, from the `sites` fixture."""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """The sample built strictly by each engine (with PDFs, as `./dev build` does)."""
    built = {}
    for engine in ENGINES:
        project = copy_sample(tmp_path_factory.mktemp(engine))
        result = run(engine, project, "build", "--strict", pdf=True)
        assert result.returncode == 0, result.stderr
        built[engine] = files_of(project / "site")
        LOGS[engine] = result.stderr
    return built


def test_both_engines_take_the_fast_path(sites: dict[str, dict[str, bytes]]) -> None:
    for engine in ENGINES:
        log = LOGS[engine]
        assert "pages written from shells outside MkDocs' page pipeline" in log, (engine, log)
        assert "through MkDocs' page pipeline:" not in log, (engine, log)


def test_both_engines_write_the_same_files(sites: dict[str, dict[str, bytes]]) -> None:
    assert sorted(sites["mkdocs"]) == sorted(sites["properdocs"])
    assert any(name.endswith(".pdf") for name in sites["mkdocs"])


def test_every_file_is_identical_but_for_the_engine_named_in_the_generator_tag(
    sites: dict[str, dict[str, bytes]],
) -> None:
    tags: dict[str, set[bytes]] = {engine: set() for engine in ENGINES}
    differ = []
    for name, data in sites["mkdocs"].items():
        other = sites["properdocs"][name]
        if data == other:
            continue
        (ours, tag), (theirs, other_tag) = engine_tag(data), engine_tag(other)
        tags["mkdocs"].add(tag)
        tags["properdocs"].add(other_tag)
        if ours != theirs:
            differ.append(name)
    assert differ == []
    assert len(tags["mkdocs"]) == 1
    assert next(iter(tags["mkdocs"])).startswith(b"mkdocs-1.")
    assert len(tags["properdocs"]) == 1
    assert next(iter(tags["properdocs"])).startswith(b"mkdocs-ProperDocs 1.")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_quiet_strict_build_with_a_warning_fails_and_keeps_the_previous_site(
    tmp_path: Path, engine: str
) -> None:
    """The plugin finds each engine's own logger: `-q` must not hide the warning from
    `--strict`, and a failing strict build must not replace the site."""
    project = copy_fixture("small", tmp_path)
    assert run(engine, project, "build", "--strict").returncode == 0
    site = project / "site"
    (project / "content" / "guide" / "start.md").write_text("# Start\n\n[broken](missing.md)\n")
    for args in (["--strict"], ["--strict", "-q"]):
        result = run(engine, project, "build", *args)
        assert result.returncode == 1, (args, result.stderr)
        assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr
        assert "the maths group" in (site / "guide/start/index.html").read_text()


def test_the_engine_is_whichever_package_answers_to_mkdocs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import mkdocs  # noqa: F401  (the real package: what the tests' own imports load)
    import properdocs

    assert engine_name() == "mkdocs"
    assert engine_logger().name == "mkdocs"
    # What properdocs/replacement.py does when the `properdocs` command starts.
    monkeypatch.setitem(sys.modules, "mkdocs", properdocs)
    assert engine_name() == "properdocs"
    assert engine_logger().name == "properdocs"
