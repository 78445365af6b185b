"""directory.js filters and sorts every directory by the columns generator/columns.py declares.

The sample site's five directories, in Chromium: the script offers a
control for each declared filter with something to choose between, a sort
button for each declared sort key, and each one acts on the declared
field: a chosen value leaves only rows carrying it, a sort orders the
rows by that column and names it in the address.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from generator.columns import DIRECTORIES
from generator.models import KINDS

from .support import Served
from .test_browser import query_of, visible_rows

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("kind", DIRECTORIES)
def test_the_script_offers_the_declared_filters_and_sorts(
    page: Page, served: Served, kind: str
) -> None:
    declared = DIRECTORIES[kind]
    page.goto(served.url(f"{KINDS[kind].plural}/"))
    expect(page.locator(".sn-filters")).to_be_visible()
    names = page.locator(".sn-filters select").evaluate_all("all => all.map(s => s.name)")
    filters = [f.key for f in declared.filters]
    assert names, kind
    assert names == [key for key in filters if key in names]
    sorts = page.locator("button.sn-sort").evaluate_all("all => all.map(b => b.dataset.sortKey)")
    wanted = [c.sort for c in declared.columns if c.sort]
    assert sorts == wanted * (len(sorts) // len(wanted)), kind  # one header per table


@pytest.mark.parametrize("kind", DIRECTORIES)
def test_each_filter_keeps_only_rows_with_the_chosen_value(
    page: Page, served: Served, kind: str
) -> None:
    declared = DIRECTORIES[kind]
    page.goto(served.url(f"{KINDS[kind].plural}/"))
    total = visible_rows(page).count()
    checked = 0
    for item in declared.filters:
        select = page.locator(f'.sn-filters select[name="{item.key}"]')
        if select.count() == 0:
            continue  # Fewer than two values in the sample: no control.
        value = select.locator("option").nth(1).get_attribute("value") or ""
        select.select_option(value)
        assert query_of(page)[item.key] == [value]
        rows = visible_rows(page)
        expect(rows.first).to_be_visible()
        carried = rows.evaluate_all(
            f"rows => rows.map(r => r.getAttribute('data-{item.key}') || '')"
        )
        if item.minimum:
            assert all(v and float(v) >= float(value) for v in carried), (item.key, carried)
        else:
            assert all(value in v.split("|") for v in carried), (item.key, value, carried)
        select.select_option("")
        expect(visible_rows(page)).to_have_count(total)
        checked += 1
    assert checked >= 1, kind


@pytest.mark.parametrize("kind", DIRECTORIES)
def test_each_sort_button_orders_by_its_column(page: Page, served: Served, kind: str) -> None:
    declared = DIRECTORIES[kind]
    page.goto(served.url(f"{KINDS[kind].plural}/"))
    for index, column in enumerate(declared.columns):
        if not column.sort:
            continue
        page.locator(f'button.sn-sort[data-sort-key="{column.sort}"]').first.click()
        assert query_of(page)["sort"] == [column.sort]
        header = page.locator(f'th[data-sort-key="{column.sort}"]').first
        expect(header).to_have_attribute("aria-sort", "ascending")
        table = page.locator(".sn-directory table").first
        cells = table.locator(
            f"tbody tr:not([hidden]):not(.sn-directory__empty) td:nth-child({index + 1})"
        )
        values = cells.evaluate_all(
            "cells => cells.map(c => (c.getAttribute('data-sort-value') ?? c.textContent).trim())"
        )
        filled = [v for v in values if v]
        assert values == filled + [""] * (len(values) - len(filled)), "blanks last"
        assert filled == sorted(filled, key=_sort_key), (column.sort, filled)


def _sort_key(value: str) -> tuple[int, float, list[tuple[int, str]]]:
    """Numbers by value, before text; text as the script compares it (case aside, digits
    within text by number: "Year 9" before "Year 10")."""
    try:
        return (0, float(value), [])
    except ValueError:
        parts = re.split(r"(\d+)", value.casefold())
        return (1, 0.0, [(int(p), "") if p.isdigit() else (0, p) for p in parts])
