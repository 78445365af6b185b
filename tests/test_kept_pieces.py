"""A live preview reads record files in pieces and parses again only the edited ones.

Whatever is kept, the records, their places and the problems must be those
of reading the file whole, after any edit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.synthetic import write_project
from generator import record_files
from generator.models import KINDS
from generator.record_files import KeptPieces
from generator.validate import Parsed

SCHOOL = KINDS["school"]


def _whole(path: Path) -> Parsed:
    parsed, found, unreadable = record_files.read_records(SCHOOL, path)
    parsed.problems += found
    parsed.unreadable |= unreadable
    return parsed


def _pieces(path: Path, kept: KeptPieces) -> Parsed:
    kept.parsed = 0
    parsed, found, unreadable = record_files.start_reading(SCHOOL, path, kept).finish()
    parsed.problems += found
    parsed.unreadable |= unreadable
    return parsed


def _same(read: Parsed, whole: Parsed) -> None:
    assert read.records == whole.records
    assert [r.where for r in read.records] == [r.where for r in whole.records]
    assert read.broken_ids == whole.broken_ids
    assert read.unreadable == whole.unreadable
    assert [str(p) for p in read.problems] == [str(p) for p in whole.problems]


@pytest.fixture
def schools(tmp_path: Path) -> Path:
    write_project(tmp_path, schools=230)  # Five pieces, the last one short.
    path = tmp_path / "schools.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    urns = [i for i, line in enumerate(lines) if line.startswith("  urn: ")]
    lines[urns[3]] = '  urn: "12"\n'  # Mistakes in the first and the last piece.
    lines[urns[-5]] += "  colour: blue\n"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_pieces_give_what_the_whole_file_gives(schools: Path) -> None:
    kept = KeptPieces()
    first = _pieces(schools, kept)
    _same(first, _whole(schools))
    assert kept.parsed == 5
    assert len(first.problems) >= 2


def test_a_rename_parses_one_piece_and_keeps_the_other_records_as_they_were(
    schools: Path,
) -> None:
    kept = KeptPieces()
    before = _pieces(schools, kept)
    name = before.records[120].name
    _edit(schools, f'  name: "{name}"\n', "  name: Renamed Academy\n")
    after = _pieces(schools, kept)
    assert kept.parsed == 1
    _same(after, _whole(schools))
    assert after.records[120].name == "Renamed Academy"
    assert after.records[0] is before.records[0]
    assert after.records[-1] is before.records[-1]


def test_lines_added_early_move_every_later_place(schools: Path) -> None:
    kept = KeptPieces()
    before = _pieces(schools, kept)
    address = before.records[10].address
    _edit(schools, f'  address: "{address}"\n', f'  address: "{address}"\n  # A new comment.\n\n')
    after = _pieces(schools, kept)
    _same(after, _whole(schools))
    assert after.records[-1].where["id"].line == before.records[-1].where["id"].line + 2
    # The pieces after the edit start lower in the file: parsed again, with their new places.
    assert kept.parsed == 5


def test_an_added_record_numbers_the_later_ones_on(schools: Path) -> None:
    kept = KeptPieces()
    _pieces(schools, kept)
    text = schools.read_text(encoding="utf-8")
    first_item = text.index("\n- ") + 1
    schools.write_text(
        text[:first_item] + "- id: no-such-fields\n  nonsense: 1\n" + text[first_item:],
        encoding="utf-8",
    )
    _same(_pieces(schools, kept), _whole(schools))


def test_broken_yaml_in_a_piece_is_reported_as_reading_the_whole_file_reports_it(
    schools: Path,
) -> None:
    kept = KeptPieces()
    _pieces(schools, kept)
    text = schools.read_text(encoding="utf-8")
    cut = text.index("  phone:", len(text) // 2)
    schools.write_text(text[:cut] + '  phone: "01632\n' + text[cut:], encoding="utf-8")
    after = _pieces(schools, kept)
    _same(after, _whole(schools))
    assert after.problems and "schools.yaml" in str(after.problems[0])
    assert "school" not in kept.pieces  # Nothing kept from a file that did not read cleanly.
    schools.write_text(text, encoding="utf-8")
    _same(_pieces(schools, kept), _whole(schools))


def test_a_file_that_is_not_a_plain_list_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "schools.yaml"
    path.write_text(
        "- &a\n  id: a\n  name: A\n- id: b\n  name: B\n  networks: *a\n", encoding="utf-8"
    )
    kept = KeptPieces()
    _same(_pieces(path, kept), _whole(path))
    assert kept.parsed == 0 and kept.pieces == {}
