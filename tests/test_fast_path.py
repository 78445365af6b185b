"""The fast path for record pages falls back, per folder, to MkDocs' own pipeline, with the same
output; and with it on or off a site is the same, byte for byte, in every file."""

from __future__ import annotations

import gc
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from helpers import copy_fixture, mkdocs

from generator.fast_path import FastPath, borrowed
from generator.plugin import SchoolNetPlugin

OVERRIDE = """{% extends "base.html" %}
{% block extrahead %}
  {{ super() }}
  {% if page and page.file.src_uri.startswith("events/") %}
    <meta name="schoolnet-test" content="{{ page.file.src_uri }}">
  {% endif %}
{% endblock %}
"""
"""A theme override that prints a per-page value the shell does not know, in one folder."""


def _project(tmp_path: Path, name: str, *, fast: bool, override: bool = False) -> Path:
    """The small fixture, PDFs off, the fast path on or off, and maybe the override above."""
    project = copy_fixture("small", tmp_path / name)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "      pdf: !ENV SCHOOLNET_PDF\n",
        f"      pdf: false\n      fast_pages: {str(fast).lower()}\n",
    )
    if override:
        (project / "overrides").mkdir()
        (project / "overrides" / "main.html").write_text(OVERRIDE, encoding="utf-8")
        text = text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
        assert "custom_dir" in text
    config.write_text(text, encoding="utf-8")
    return project


def _build(project: Path) -> tuple[dict[str, bytes], str]:
    """Every file of a strict build, as bytes by path, and what MkDocs logged."""
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    return files, result.stderr


def _differing(one: dict[str, bytes], other: dict[str, bytes]) -> list[str]:
    """The paths that are in only one site or differ in a single byte."""
    return sorted(p for p in one.keys() | other.keys() if one.get(p) != other.get(p))


def test_fast_path_on_and_off_give_the_same_bytes_in_every_file(tmp_path: Path) -> None:
    fast, fast_log = _build(_project(tmp_path, "fast", fast=True))
    full, full_log = _build(_project(tmp_path, "full", fast=False))
    assert _differing(fast, full) == []
    assert "sitemap.xml.gz" in fast and len(fast) > 50
    # The fast path was really taken: else the comparison would prove nothing.
    assert "4 pages written from shells outside MkDocs' page pipeline" in fast_log, fast_log
    assert "fast_pages:" not in fast_log + full_log


def test_a_probe_mismatch_sends_only_its_folder_through_mkdocs(tmp_path: Path) -> None:
    fast, fast_log = _build(_project(tmp_path, "fast", fast=True, override=True))
    full, _ = _build(_project(tmp_path, "full", fast=False, override=True))
    assert _differing(fast, full) == []
    # A page the workers would have written, had its folder kept the fast path.
    dropin = fast["events/maths-drop-in/index.html"]
    assert b'<meta name="schoolnet-test" content="events/maths-drop-in.md">' in dropin
    lines = [line for line in fast_log.splitlines() if "fast_pages:" in line]
    assert lines == [
        "INFO    -  generator: fast_pages: events/ through MkDocs' page pipeline: probe "
        "events/summer-conference.md differs from its full render at character 1012: "
        '\'st" content="events/summer-conference.md">\\n\\n\\n</hea\''
    ], fast_log
    # The other folders kept the fast path: only the events' two went back (of four).
    assert "2 pages written from shells outside MkDocs' page pipeline" in fast_log, fast_log


def test_an_unchecked_mkdocs_version_turns_the_fast_path_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(borrowed.CHECKED, "mkdocs", ("0.1",))
    reason = borrowed.unchecked_versions()
    assert reason is not None and reason.startswith("mkdocs 1.6.1 is not a version it was")


def test_only_the_engine_running_the_build_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(borrowed, "engine_name", lambda: "properdocs")
    monkeypatch.setitem(borrowed.CHECKED, "mkdocs", ("0.1",))
    assert borrowed.unchecked_versions() is None
    monkeypatch.setitem(borrowed.CHECKED, "properdocs", ("0.1",))
    reason = borrowed.unchecked_versions()
    assert reason is not None and reason.startswith("properdocs 1.6.7 is not a version it was")


def test_a_plugin_with_page_events_turns_the_fast_path_off(caplog: Any) -> None:
    class Tags:
        def on_page_context(self, context: Any) -> Any:
            return context

    config = SimpleNamespace(plugins={"tags": Tags()})
    fast = FastPath()
    with caplog.at_level("INFO"):
        fast.start({}, None, config, plugin=None, environment=None)  # type: ignore[arg-type]
    assert fast.file_for("schools/a.md") is None
    assert caplog.messages == [
        "generator: fast_pages: every page through MkDocs' page pipeline: plugin `tags` handles "
        "on_page_context, which pages from shells skip"
    ]


@pytest.mark.parametrize(
    ("command", "ending"),
    [("serve", "on_post_build"), ("serve", "on_build_error"), ("build", "on_build_error")],
)
def test_the_collector_is_unfrozen_when_a_build_ends(
    command: str, ending: str, tmp_path: Path
) -> None:
    # A one-off `mkdocs build` that succeeds is the exception: its process ends with it.
    plugin = SchoolNetPlugin()
    plugin.command = command
    gc.freeze()  # As on_config does for the model.
    try:
        assert gc.get_freeze_count() > 0
        if ending == "on_post_build":
            config = SimpleNamespace(site_dir=str(tmp_path))
            plugin.on_post_build(config=config)  # type: ignore[arg-type]
        else:
            plugin.on_build_error(error=RuntimeError("a failed build"))
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
