"""The header search and the schools directory's text box find the same schools (in Node).

Both run record-search.js's one matcher, from rules declared once
(generator/search_rules.py). Here, on the shipped sample: the header search
as the browser runs it (its plan, the shards it fetches, its ranking), and
the matcher over the directory's rows, with the rules and field values the
directory page gives directory.js. tests/search_queries.yaml lists the
queries and what they find; tests/e2e/test_search_agreement.py checks the
same list in Chromium, on the pages themselves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import load
from helpers import ROOT, search_client, shared_matcher

from generator.columns import SCHOOLS
from generator.directories import listings
from generator.directory_rows import row_table
from generator.exports.search_shards import FOLDER, search_shards
from generator.search_rules import OTHER_WORDS
from generator.site import Site

QUERIES: list[dict[str, Any]] = yaml.safe_load(
    (ROOT / "tests" / "search_queries.yaml").read_text(encoding="utf-8")
)
SCHOOL_URL = "schools/"


@pytest.fixture(scope="module")
def sample() -> Site:
    """The shipped sample, as the public build sees it."""
    return load(ROOT, members=False)


@pytest.fixture(scope="module")
def header_answers(sample: Site, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, str]]:
    """For each query, the schools the header search lists by name or field: id -> found by."""
    folder = tmp_path_factory.mktemp("shards")
    for path, data in search_shards(sample, directory_urls=True).items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    manifest = json.loads((folder / FOLDER / "manifest.json").read_text(encoding="utf-8"))
    queries = [entry["query"] for entry in QUERIES]
    choices = search_client(manifest, queries, folder=folder / FOLDER)["choices"]
    answers = []
    for choice in choices:
        schools = {}
        for result in choice["results"]:
            if result["url"].startswith(SCHOOL_URL) and OTHER_WORDS.label not in result["found"]:
                schools[result["url"].removeprefix(SCHOOL_URL).strip("/")] = result["found"]
        answers.append(schools)
    return answers


@pytest.fixture(scope="module")
def directory_answers(sample: Site) -> list[dict[str, str]]:
    """For each query, the schools the directory's text box keeps: id -> found by."""
    listing = next(item for item in listings(sample) if item.kind == "school")
    table = row_table(listing)
    rules = json.loads(SCHOOLS.search_rules)
    keys = [key for key, _, _ in rules["fields"]]
    at = [table.fields.index(key) for key in keys]
    rows = [[row[i] for i in at] for row in table.rows]
    ids = [school.id for school, _ in listing.context["schools"]]
    found = shared_matcher(rules, rows, [entry["query"] for entry in QUERIES])
    return [{ids[i]: text for i, text in answer} for answer in found]


@pytest.mark.parametrize("number", range(len(QUERIES)), ids=[q["query"] for q in QUERIES])
def test_both_searches_find_the_listed_schools(
    number: int, header_answers: list[dict[str, str]], directory_answers: list[dict[str, str]]
) -> None:
    entry = QUERIES[number]
    header, directory = header_answers[number], directory_answers[number]
    assert sorted(directory) == sorted(entry["schools"]), entry["why"]
    assert sorted(header) == sorted(directory), entry["why"]
    for school, text in (entry.get("found") or {}).items():
        assert directory[school] == text
        assert header[school] == text


def test_the_queries_cover_every_field_a_school_is_found_by() -> None:
    said = " ".join(text for entry in QUERIES for text in (entry.get("found") or {}).values())
    for field in SCHOOLS.search:
        assert field.label in said, field.label


def test_the_header_search_also_says_when_a_school_was_found_by_other_words(
    sample: Site, tmp_path: Path
) -> None:
    """Tweed Links' summary mentions Morpeth: the header search lists it, saying so, last."""
    for path, data in search_shards(sample, directory_urls=True).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    manifest = json.loads((tmp_path / FOLDER / "manifest.json").read_text(encoding="utf-8"))
    results = search_client(manifest, ["Morpeth"], folder=tmp_path / FOLDER)["choices"][0][
        "results"
    ]
    found = {r["url"]: r["found"] for r in results}
    assert found["schools/wansbeck-meadows-first/"] == "town Morpeth"
    assert found["schools/tweed-links-middle/"] == OTHER_WORDS.label
    urls = [r["url"] for r in results]
    assert urls.index("schools/wansbeck-meadows-first/") < urls.index("schools/tweed-links-middle/")
