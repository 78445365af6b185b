"""The sharded record search index: tokens, prefixes, the byte budget, common words."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import load, write_project
from helpers import build, copy_fixture, search_client

from benchmarks.synthetic import write_project as write_synthetic
from generator.exports.search_shards import (
    FOLDER,
    file_stem,
    fold,
    postcode_tokens,
    search_shards,
    words,
)
from generator.site import Site

MANIFEST = f"{FOLDER}/manifest.json"


def manifest_of(files: dict[str, bytes]) -> dict[str, Any]:
    return dict(json.loads(files[MANIFEST]))


def shard_of(files: dict[str, bytes], key: str) -> list[list[str]]:
    return list(json.loads(files[f"{FOLDER}/{file_stem(key)}.json"])["records"])


def lookups(manifest: dict[str, Any], queries: list[str]) -> list[list[str]]:
    """The shards record-search.js itself (run in Node) fetches for each query."""
    choices = search_client(manifest, queries)["choices"]
    return [[shard["key"] for shard in choice["shards"]] for choice in choices]


def lookup(manifest: dict[str, Any], word: str) -> list[str]:
    """The shards record-search.js fetches for one word."""
    return lookups(manifest, [word])[0]


def records_in(files: dict[str, bytes], keys: list[str]) -> list[list[str]]:
    """The records of several shards."""
    return [record for key in keys for record in shard_of(files, key)]


def entry_tokens(entry: list[str]) -> set[str]:
    """Every token a shard entry's record is filed by: its name's words, its other words,
    and a school's field values (a postcode also whole and by its outward code)."""
    title, _kind, _url, others, *values = entry
    found = set(words(title)) | set(others.split())
    for value in values:
        found |= set(words(value))
    if len(values) > 1 and values[1]:
        found |= set(postcode_tokens(values[1]))
    return found


def synthetic_site(tmp_path: Path, schools: int) -> Site:
    write_synthetic(tmp_path, schools=schools)
    return load(tmp_path, members=False)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A made-up project big enough to have common words (over 200 records hold them)."""
    return synthetic_site(tmp_path_factory.mktemp("synthetic"), 600)


def test_fold_drops_case_accents_and_apostrophes() -> None:
    assert fold("École Saint-Étienne") == "ecole saint-etienne"
    found = words("St Mary's · Ysgol Gymraeg Bro Ŵyl")
    assert found == ["st", "marys", "ysgol", "gymraeg", "bro", "wyl"]


def test_postcode_is_a_token_whole_and_by_outward_code() -> None:
    assert postcode_tokens("NE1 4ST") == ["ne14st", "ne1"]
    assert postcode_tokens("FY4 3LN") == ["fy43ln", "fy4"]


def test_file_names_are_safe_on_any_host() -> None:
    assert file_stem("haw") == "haw"
    assert file_stem("ø") == "_f8"
    assert file_stem("manifest") != "manifest"


def test_a_record_is_filed_under_each_of_its_words_with_what_a_result_shows(
    tmp_path: Path,
) -> None:
    files = search_shards(load(write_project(tmp_path)), directory_urls=True)
    manifest = manifest_of(files)
    assert manifest["version"] == 2 and manifest["directory"] == "schools/"
    assert manifest["records"] == 2 + 1 + 1 + 1 + 1
    found = ["hawes", "119346", "fy43ln", "fy4", "blackpool", "northumberland"]
    for word, keys in zip(found, lookups(manifest, found), strict=True):
        assert keys, word
        hawes = [r for r in records_in(files, keys) if r[0] == "Hawes Side Academy"]
        assert hawes, word
    _title, kind, url, others, *values = hawes[0]
    assert kind == "school · primary · Blackpool"
    assert url == "schools/hawes-side/"
    assert values == ["119346", "FY4 3LN", "", "Blackpool", "England"]  # no address: no town
    assert "school" in others.split()
    assert not {"hawes", "side", "academy", "119346", "fy43ln", "fy4"} & set(others.split()), (
        "what the name and the fields say is not repeated"
    )
    assert {"hawes", "119346", "fy43ln", "fy4", "blackpool"} <= entry_tokens(hawes[0])
    shard = records_in(files, lookup(manifest, "follows"))
    found = [r[1] for r in shard if "follows" in r[3].split()]
    assert found == ["policy · safeguarding"], "body text is searchable"


def test_urls_follow_use_directory_urls(tmp_path: Path) -> None:
    files = search_shards(load(write_project(tmp_path)), directory_urls=False)
    assert manifest_of(files)["directory"] == "schools/index.html"
    urls = {r[2] for r in records_in(files, lookup(manifest_of(files), "hawes"))}
    assert "schools/hawes-side.html" in urls


def test_every_uncommon_token_finds_its_record_and_shards_keep_to_the_budget(
    synthetic: Site,
) -> None:
    budget = 6_000
    files = search_shards(synthetic, directory_urls=True, budget=budget)
    manifest = manifest_of(files)
    assert manifest["split"], "a small budget splits prefixes"
    assert len(files) == len(manifest["shards"]) + 1
    for name, data in files.items():
        assert len(gzip.compress(data, 6)) <= budget, name
    common = set(manifest["common"])
    assert not common & set(manifest["shards"])
    by_title: dict[str, set[str]] = {}
    for name, data in files.items():
        if name != MANIFEST:
            for entry in json.loads(data)["records"]:
                by_title.setdefault(entry[0], set()).update(entry_tokens(entry))
    wanted = [
        (title, token)
        for title, tokens in list(by_title.items())[:40]
        for token in sorted(tokens - common)
    ]
    keys = lookups(manifest, [token for _, token in wanted])
    for (title, token), found in zip(wanted, keys, strict=True):
        assert found, token
        assert title in {r[0] for r in records_in(files, found)}, (title, token)
    assert len(wanted) > 200


def test_common_words_are_not_keys_but_still_narrow_a_search(synthetic: Site) -> None:
    files = search_shards(synthetic, directory_urls=True)
    manifest = manifest_of(files)
    assert {"school", "primary"} <= set(manifest["common"])
    assert not {"school", "primary"} & set(manifest["shards"] + manifest["split"])
    common = set(manifest["common"])
    name, first = next(
        (s.name, word)
        for s in synthetic.schools.values()
        if "Primary" in s.name
        for word in words(s.name)
        if word not in common
    )
    records = records_in(files, lookup(manifest, first))
    mine = [r for r in records if r[0] == name]
    assert mine and "primary" in entry_tokens(mine[0])


def test_small_sites_have_no_common_words(tmp_path: Path) -> None:
    manifest = manifest_of(search_shards(load(write_project(tmp_path)), directory_urls=True))
    assert manifest["common"] == [] and manifest["split"] == []


def test_same_site_gives_byte_identical_files(synthetic: Site, tmp_path: Path) -> None:
    first = search_shards(synthetic, directory_urls=True, budget=8_000)
    again = search_shards(synthetic_site(tmp_path, 600), directory_urls=True, budget=8_000)
    assert first == again


# --- in a real build ------------------------------------------------------------


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(copy_fixture("small", tmp_path_factory.mktemp("public")))


def shard_texts(site: Path) -> dict[str, str]:
    folder = site / FOLDER
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.json"))}


def test_build_publishes_the_shards_and_the_client(public_site: Path) -> None:
    texts = shard_texts(public_site)
    manifest = json.loads(texts.pop("manifest.json"))
    assert sorted(texts) == sorted(f"{file_stem(k)}.json" for k in manifest["shards"])
    assert (public_site / "assets/record-search.js").is_file()
    home = (public_site / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/record-search.js"' in home


def test_theme_index_keeps_pages_and_directories_but_not_records(public_site: Path) -> None:
    docs = json.loads((public_site / "search/search_index.json").read_text())["docs"]
    locations = {d["location"] for d in docs}
    assert "schools/" in locations and "suppliers/" in locations
    assert any(loc.startswith("guide/start/") for loc in locations)
    record_kinds = ("schools/", "networks/", "policies/", "events/", "suppliers/")
    records = [loc for loc in locations if loc.startswith(record_kinds) and loc.count("/") > 1]
    assert records == []
    assert not any("Hawes Side Academy" in d["title"] for d in docs)


def test_private_records_only_in_the_members_shards(
    public_site: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    members = build(copy_fixture("small", tmp_path_factory.mktemp("members")), members=True)
    for marker in ["Zzlarkspur", "larkspur-private", "654321"]:
        assert not any(marker in text for text in shard_texts(public_site).values()), marker
        assert any(marker in text for text in shard_texts(members).values()), marker


def test_a_word_found_inside_words_fetches_their_shards_up_to_a_limit(synthetic: Site) -> None:
    """An infix or a typo leads, through the manifest's words, to the shards of what it finds;
    a word found in too many shards fetches its prefix's only and says so."""
    files = search_shards(synthetic, directory_urls=True, budget=6_000)
    manifest = manifest_of(files)
    vocabulary = manifest["words"].split()
    assert vocabulary == sorted(vocabulary) and not set(vocabulary) & set(manifest["common"])
    assert not any(ch.isdigit() for word in vocabulary for ch in word)
    inner = next(w for w in vocabulary if len(w) >= 8 and not w.startswith(w[3:6]))
    part = inner[3:7]  # four letters from inside the word
    choices = search_client(manifest, [part, "e"])["choices"]
    found, broad = choices
    keys = [shard["key"] for shard in found["shards"]]
    assert inner in {t for r in records_in(files, keys) for t in entry_tokens(r)}, (part, inner)
    assert len(broad["shards"]) <= 1 and broad["lead"]["partial"], "one letter: too many shards"
