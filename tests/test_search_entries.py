"""What records are searched by, and the theme index's lean directory entries."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import load, write_project
from helpers import build, copy_fixture

from generator.search_entries import plain_text, record_texts


def test_plain_text_drops_markup_keeps_words() -> None:
    markdown = "## Purpose\n\nSee [the *policy*](policy:x) and `code`.\n\n- one\n- two\n"
    markdown += "\n```\nx = 1\n```\n"
    assert plain_text(markdown) == "Purpose See the policy and code . one two"


def test_one_text_per_record_with_searchable_facts(tmp_path: Path) -> None:
    site = load(write_project(tmp_path))
    texts = {(t.record.record_kind, t.record.id): t for t in record_texts(site)}
    hawes = texts[("school", "hawes-side")]
    assert (hawes.title, hawes.kind) == ("Hawes Side Academy", "school · primary · Blackpool")
    assert hawes.text.startswith("School · primary · academy · Blackpool · URN 119346 · FY4 3LN")
    assert "Northumberland Education Schools Alliance" in hawes.text
    policy = texts[("policy", "safeguarding")]
    assert policy.kind == "policy · safeguarding"
    assert "Every school in the alliance follows this policy." in policy.text
    event = texts[("event", "maths-meeting")]
    assert event.title == "Maths network meeting"
    assert event.kind == "network meeting · Thu 14 Jan 2027"
    assert texts[("network", "nesa")].kind == "local alliance · Northumberland"
    assert texts[("supplier", "fresh-plates")].kind == "supplier · catering"
    assert len(texts) == len(site.schools) + 1 + 1 + 1 + 1


def test_built_index_has_directories_and_pages_but_no_record_pages(tmp_path: Path) -> None:
    site = build(copy_fixture("small", tmp_path))
    docs = json.loads((site / "search/search_index.json").read_text())["docs"]
    assert not [d for d in docs if d["location"].startswith("schools/hawes-side/")]
    assert [d["title"] for d in docs if d["location"] == "schools/"] == ["Schools"]
    # Guidance pages are still indexed by the theme, section by section.
    assert any(d["location"].startswith("guide/start/") for d in docs)
