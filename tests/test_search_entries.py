"""Lean search entries for record pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import load, write_project
from helpers import build, copy_fixture

from generator.search_entries import plain_text, record_entries


def test_plain_text_drops_markup_keeps_words() -> None:
    markdown = "## Purpose\n\nSee [the *policy*](policy:x) and `code`.\n\n- one\n- two\n"
    markdown += "\n```\nx = 1\n```\n"
    assert plain_text(markdown) == "Purpose See the policy and code . one two"


def test_one_entry_per_record_with_searchable_facts(tmp_path: Path) -> None:
    site = load(write_project(tmp_path))

    def url_of(record: Any) -> str:
        return f"{record.record_kind}s/{record.id}/"

    entries = {e["location"]: e for e in record_entries(site, url_of)}
    hawes = entries["schools/hawes-side/"]
    assert hawes["title"] == "Hawes Side Academy, school"
    assert hawes["text"].startswith("School · primary · academy · Blackpool · URN 119346 · FY4 3LN")
    assert "Northumberland Education Schools Alliance" in hawes["text"]
    policy = entries["policys/safeguarding/"]
    assert "Every school in the alliance follows this policy." in policy["text"]
    assert entries["events/maths-meeting/"]["title"] == "Maths network meeting, network meeting"
    assert len(entries) == len(site.schools) + 1 + 1 + 1 + 1


def test_built_index_has_one_lean_entry_per_record_page(tmp_path: Path) -> None:
    site = build(copy_fixture("small", tmp_path))
    docs = json.loads((site / "search/search_index.json").read_text())["docs"]
    hawes = [d for d in docs if d["location"].startswith("schools/hawes-side/")]
    assert [d["title"] for d in hawes] == ["Hawes Side Academy, school"]
    directory = [
        d for d in docs if d["location"].startswith("schools/") and "hawes" not in d["location"]
    ]
    assert [d["title"] for d in directory if d["location"] == "schools/"] == ["Schools"]
    # Guidance pages are still indexed by the theme, section by section.
    assert any(d["location"].startswith("guide/start/") for d in docs)
