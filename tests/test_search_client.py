"""The record search's client folds text into words exactly as the build folds the records.

The folding rules are declared once (search_shards.FOLDING) and reach the
client in the manifest; the word rule is code on both sides (Python's `re`
has no Unicode property classes). These tests run the client itself
(assets/record-search.js, in Node) and compare it with the build.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

from conftest import load, write_project
from helpers import search_client, shared_matcher

from generator.exports.search_shards import FOLDER, FOLDING, search_shards, words
from generator.search_rules import MATCHING, SCHOOL_FIELDS, client_rules

TRICKY = [
    "École Saint-Étienne",
    "St Mary's C of E",
    "St Mary’s",
    "Ysgol Gymraeg Bro Ŵyl",
    "ÆSIR Øresund Ångström",
    "straße STRASSE",
    "ǅemal ǈubljana",
    "İstanbul Iğdır",
    "ΣΟΦΟΣ σοφός",
    "ﬁeld ﬂow",  # ligatures: NFKD splits them
    "①②③ ½ ² x²",
    "Ⅻ roman twelve",
    "full-width ＡＢＣ１２３",
    "Привет мир",
    "日本語の学校",
    "مدرسة",
    "हिन्दी विद्यालय",
    "a_b snake_case",
    "tab\tnew\nline",
    "NE1 4ST ne14st dl14 4",
    "emoji 🏫 school",
    "zero\u200bwidth",
    "",
]


def manifest(tmp_path: Path) -> dict[str, Any]:
    files = search_shards(load(write_project(tmp_path)), directory_urls=True)
    data: dict[str, Any] = json.loads(files[f"{FOLDER}/manifest.json"])
    return data


def test_the_manifest_carries_the_folding_rules(tmp_path: Path) -> None:
    assert manifest(tmp_path)["fold"] == FOLDING


def test_client_and_build_find_the_same_words_in_tricky_text(tmp_path: Path) -> None:
    found = search_client(manifest(tmp_path), texts=TRICKY)["words"]
    assert found == [words(text) for text in TRICKY]
    assert found[1] == ["st", "marys", "c", "of", "e"]
    assert found[9] == ["field", "flow"]


def test_client_and_build_fold_every_character_alike(tmp_path: Path) -> None:
    """Each character Python's Unicode tables know, alone: the same word, or none, on both sides.

    Node may know a newer Unicode than Python; characters Python calls
    unassigned are left out.
    """
    characters = [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) not in {"Cn", "Cs", "Co"}
    ]
    found = search_client(manifest(tmp_path), texts=characters)["words"]
    differ = [
        (f"U+{ord(ch):04X}", mine, theirs)
        for ch, theirs in zip(characters, found, strict=True)
        if (mine := words(ch)) != theirs
    ]
    assert len(characters) > 100_000
    assert differ == [], f"{len(differ)} differ, e.g. {differ[:10]}"


def test_a_postcode_typed_with_its_space_is_one_query_word(tmp_path: Path) -> None:
    queries = ["NE1 4ST", "ne1 4", "Hawes NE1", "1 4ST", "dl14 4ab extra"]
    choices = search_client(manifest(tmp_path), queries=queries)["choices"]
    assert [c["words"] for c in choices] == [
        ["ne14st"],
        ["ne14"],
        ["hawes", "ne1"],
        ["1", "4st"],
        ["dl144ab", "extra"],
    ]


# --- the matcher both searches share ----------------------------------------------------

SCHOOL_ROWS = [
    # name, URN, postcode, town, local authority, country
    ["Wansbeck Meadows First School", "990101", "NE61 1QT", "Morpeth", "Northumberland", "England"],
    [
        "Ouseburn Bank Primary School",
        "990134",
        "NE6 1LT",
        "Newcastle",
        "Newcastle upon Tyne",
        "England",
    ],
    ["St Hild's Riverside", "990150", "SR2 7QZ", "Sunderland", "Sunderland", "England"],
    ["Basisschool De Zeevonk", "", "", "Oostende", "", "Belgium"],
]


def found(queries: list[str], rules: dict[str, Any] | None = None) -> list[dict[str, str]]:
    """For each query, the SCHOOL_ROWS names the shared matcher finds, with its "found by"."""
    rules = rules or client_rules("name", SCHOOL_FIELDS)
    answers = shared_matcher(rules, SCHOOL_ROWS, queries)
    return [{SCHOOL_ROWS[i][0]: text for i, text in answer} for answer in answers]


def test_words_match_inside_words_from_three_letters() -> None:
    beck, ek, eck = found(["beck", "ek", "eck"])
    assert beck == {"Wansbeck Meadows First School": ""}
    assert ek == {}, "two letters match only at a word's start"
    assert set(eck) == {"Wansbeck Meadows First School"}


def test_one_typo_is_forgiven_from_five_letters() -> None:
    typos = ["wansbek", "wansbeeck", "wansbexk", "wnasbeck", "morpteh", "belgum"]
    for query, answer in zip(typos, found(typos), strict=True):
        assert len(answer) == 1, query
    two, short, digits = found(["wnsbek", "bekc", "990102"])
    assert two == {} and short == {}, "two typos, or a typo under five letters, find nothing"
    assert digits == {}, "a URN is matched as typed"


def test_the_thresholds_are_the_rules_the_build_sends() -> None:
    rules = client_rules("name", SCHOOL_FIELDS)
    assert rules["match"] == MATCHING
    stricter = {**rules, "match": {"infix": 5, "typo": 8}}
    assert found(["wansbek", "beck"], stricter) == [{}, {}]


def test_an_outward_code_finds_its_district_only() -> None:
    ne61, ne6, typed, whole, spaced, town = found(
        ["NE61", "ne6", "ne61 1", "ne611qt", "NE61 1QT", "Oostende"]
    )
    assert ne61 == {"Wansbeck Meadows First School": "postcode NE61 1QT"}
    assert ne6 == {"Ouseburn Bank Primary School": "postcode NE6 1LT"}
    assert typed == whole == spaced == ne61
    assert town == {"Basisschool De Zeevonk": "town Oostende"}


def test_a_result_says_which_field_matched() -> None:
    answers = found(
        ["st hilds", "990101", "morpeth first", "northumberland", "belgium", "sunderland"]
    )
    assert answers[0] == {"St Hild's Riverside": ""}, "the name needs no note"
    assert answers[1] == {"Wansbeck Meadows First School": "URN 990101"}
    assert answers[2] == {"Wansbeck Meadows First School": "town Morpeth"}
    assert answers[3] == {"Wansbeck Meadows First School": "local authority Northumberland"}
    assert answers[4] == {"Basisschool De Zeevonk": "country Belgium"}
    assert answers[5] == {"St Hild's Riverside": "town Sunderland"}, "the first field that matches"
