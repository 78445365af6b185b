"""The header search and the schools directory's text box agree, in Chromium, on the sample.

Each query of tests/search_queries.yaml is typed into the header search and
into the directory's text box (desktop), and the schools each lists are
compared with the list and with each other, with what each says a school was
found by. The header search also lists records found by their other words
("Found by other details"); the comparison is over the schools found by
their name or a school field, which both searches share (see the list's
header). Also: partner schools abroad are filtered by country, not listed
among the local authorities; and the phone gets the same answers.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import pytest
import yaml
from helpers import ROOT
from playwright.sync_api import Page, expect

from generator.search_rules import OTHER_WORDS

from .support import Served

pytestmark = pytest.mark.slow

QUERIES = yaml.safe_load((ROOT / "tests" / "search_queries.yaml").read_text(encoding="utf-8"))
FOUND = re.compile(r"^Found by (.*)$")


def school_id(served: Served, href: str) -> str | None:
    """A school page's id from a link, or None for any other page."""
    path = urlsplit(href).path
    schools = urlsplit(served.url("schools/")).path
    if not path.startswith(schools) or path == schools:
        return None
    return path.removeprefix(schools).strip("/")


def found_by(text: str | None) -> str:
    """What a result's note says it was found by ("" without a note: by its name)."""
    match = FOUND.match((text or "").strip())
    return match.group(1) if match else ""


def header_search(page: Page, served: Served, query: str) -> tuple[dict[str, str], bool]:
    """The schools the header search's panel lists by name or field (id -> found by), and
    whether it lists every record it found (it lists ten)."""
    page.goto(served.url())
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    records = page.locator(".sn-records")
    expect(records).to_have_attribute("data-state", "done", timeout=20_000)
    items = records.locator("li.md-search-result__item").evaluate_all(
        """items => items.map(li => [li.querySelector("a").href,
            (li.querySelector(".sn-records__found") || {}).textContent || ""])"""
    )
    whole = "more record" not in records.locator(".sn-records__note").inner_text()
    schools = {}
    for href, note in items:
        school = school_id(served, href)
        if school and OTHER_WORDS.label not in note:
            schools[school] = found_by(note)
    return schools, whole


EVERY_RESULT = """async (query) => {
  const search = window.SchoolnetSearch;
  const get = async (path) => (await fetch(new URL(path, document.baseURI))).json();
  const index = search.readManifest(await get("search/records/manifest.json"));
  const q = index.query(query);
  const lead = search.plan(q.words, index);
  const records = [];
  for (const key of lead ? lead.keys : []) {
    const shard = await get(`search/records/${search.fileStem(key)}.json`);
    for (const record of search.readShard(shard, index)) {
      if (!records.some((r) => r.url === record.url)) records.push(record);
    }
  }
  return search.ranked(records, q, index).map(({ record, found }) =>
    [new URL(record.url, document.baseURI).href, index.describe(found)]);
}"""
"""Every result of the header search, past the ten its panel lists, by its own functions."""


def header_every(page: Page, served: Served, query: str) -> dict[str, str]:
    """Every school the header search finds by name or field (not only the ten it lists)."""
    page.goto(served.url())
    schools = {}
    for href, found in page.evaluate(EVERY_RESULT, query):
        school = school_id(served, href)
        if school and OTHER_WORDS.label not in found:
            schools[school] = found
    return schools


def directory_search(page: Page, served: Served, query: str) -> dict[str, str]:
    """The schools the directory's text box keeps: id -> found by."""
    page.goto(served.url(f"schools/?name={quote(query)}"))
    status = page.locator(".sn-directory__status")
    expect(status).to_have_text(re.compile(r"shown"))
    rows = page.locator(".sn-directory tbody tr:not([hidden]):not(.sn-directory__empty)")
    found = rows.evaluate_all(
        """rows => rows.map(tr => [tr.querySelector("td a").href,
            (tr.querySelector(".sn-found") || {}).textContent || ""])"""
    )
    return {str(school_id(served, href)): found_by(note) for href, note in found}


@pytest.mark.parametrize("entry", QUERIES, ids=[q["query"] for q in QUERIES])
def test_both_searches_find_the_listed_schools(
    page: Page, served: Served, entry: dict[str, object]
) -> None:
    query = str(entry["query"])
    directory = directory_search(page, served, query)
    header, whole = header_search(page, served, query)
    every = header_every(page, served, query)
    assert sorted(directory) == sorted(entry["schools"]), entry["why"]  # type: ignore[call-overload]
    assert every == directory, entry["why"]
    # The panel lists ten records: all of them, or some, each as found.
    if whole:
        assert header == every, entry["why"]
    else:
        assert header and header.items() <= every.items(), entry["why"]
    for school, text in (entry.get("found") or {}).items():  # type: ignore[attr-defined]
        assert directory[school] == text


def test_the_phone_finds_a_postcode_in_the_directory(phone: Page, served: Served) -> None:
    found = directory_search(phone, served, "ne61 1qt")
    assert found == {"wansbeck-meadows-first": "postcode NE61 1QT"}
    phone.get_by_label("Name, URN, postcode or place").fill("")
    expect(phone.locator(".sn-found")).to_have_count(0)


def test_partner_schools_abroad_are_filtered_by_country(page: Page, served: Served) -> None:
    page.goto(served.url("schools/"))
    councils = page.get_by_label("Local authority").locator("option").all_inner_texts()
    countries = page.get_by_label("Country").locator("option").all_inner_texts()
    abroad = {"Belgium", "Finland", "Italy"}
    assert not abroad & set(councils), councils
    assert "Northumberland" in councils
    assert countries == ["All", "Belgium", "England", "Finland", "Italy"]
    page.get_by_label("Country").select_option("Finland")
    rows = page.locator(".sn-directory tbody tr:not([hidden]):not(.sn-directory__empty)")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Lumikiven koulu")
    assert "country=Finland" in page.url
