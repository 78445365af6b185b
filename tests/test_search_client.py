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
from helpers import search_client

from generator.exports.search_shards import FOLDER, FOLDING, search_shards, words

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
