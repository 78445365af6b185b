"""A large record file read in two halves at once gives exactly what reading it whole gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.synthetic import write_project
from generator import loader, record_files
from generator.models import KINDS, Kind
from generator.parallel import WORKERS_VARIABLE


def _read(path: Path, monkeypatch: pytest.MonkeyPatch, workers: str) -> record_files.Parsed:
    monkeypatch.setenv(WORKERS_VARIABLE, workers)
    monkeypatch.setattr(record_files, "SPLIT_BYTES", 0)
    parsed, found, unreadable = record_files.read_records(KINDS["school"], path)
    assert found == [] and not unreadable
    return parsed


def test_halves_give_the_same_records_places_and_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_project(tmp_path, schools=300)
    path = tmp_path / "schools.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # Mistakes in both halves: a bad URN early, an unknown field and a bad phase late.
    urns = [i for i, line in enumerate(lines) if line.startswith("  urn: ")]
    lines[urns[3]] = '  urn: "12"\n'
    lines[urns[-5]] = lines[urns[-5]] + "  colour: blue\n"
    phases = [i for i, line in enumerate(lines) if line.startswith("  phase: ")]
    lines[phases[-2]] = "  phase: kindergarten\n"
    path.write_text("".join(lines), encoding="utf-8")
    assert loader.split_items(path.read_text(encoding="utf-8")) is not None

    whole = _read(path, monkeypatch, "1")
    split: list[bool] = []
    start = record_files.start_reading

    def spy(kind: Kind, path: Path) -> record_files.Reading:
        reading = start(kind, path)
        split.append(reading.second is not None)
        return reading

    monkeypatch.setattr(record_files, "start_reading", spy)
    halves = _read(path, monkeypatch, "2")
    assert split == [True]
    assert halves.records == whole.records
    assert [r.where for r in halves.records] == [r.where for r in whole.records]
    assert halves.broken_ids == whole.broken_ids
    assert halves.problems == whole.problems
    assert len(whole.problems) >= 3
    # The numbers of records in messages run on across the cut ("school #N").
    assert {str(p) for p in halves.problems} == {str(p) for p in whole.problems}


@pytest.mark.parametrize(
    "text",
    [
        "- id: a\n  name: &n A\n- id: b\n  name: *n\n",  # an alias may reach the other half
        "---\n- id: a\n- id: b\n",  # a document marker
        "schools:\n- id: a\n- id: b\n",  # not a plain list
        "- id: a\n",  # nothing to split
    ],
)
def test_files_that_do_not_split_cleanly_are_read_whole(text: str) -> None:
    assert loader.split_items(text) is None


def test_a_half_with_broken_yaml_sends_the_file_the_usual_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_project(tmp_path, schools=50)
    path = tmp_path / "schools.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '- id: "unclosed\n  name: X\n', encoding="utf-8")
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    monkeypatch.setattr(record_files, "SPLIT_BYTES", 0)
    _parsed, found, unreadable = record_files.read_records(KINDS["school"], path)
    assert unreadable
    assert [p.message.split(":")[0] for p in found] == ["YAML syntax error"]
