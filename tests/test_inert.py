"""Untrusted text becomes one inert code span; long values are cut around what changed."""

from __future__ import annotations

import re

import pytest

from generator.inert import CONTEXT, LIMIT, excerpt, excerpt_pair, inert

HOSTILE = {
    # Would start an HTML comment and hide the rest of the summary.
    "<!--": "`<!--`",
    # Would close the <details> GitHub wraps long summaries in.
    "</details>": "`</details>`",
    "<script>alert(1)</script>": "`<script>alert(1)</script>`",
    "<img src=x onerror=alert(1)>": "`<img src=x onerror=alert(1)>`",
    "[x](javascript:alert(1))": "`[x](javascript:alert(1))`",
    # An image would make GitHub fetch the URL for every reviewer.
    "![x](https://evil.example/p.png)": "`![x](https://evil.example/p.png)`",
    # GitHub does not link mentions, issues or URLs inside <code>.
    "@school-network/maintainers": "`@school-network/maintainers`",
    "#123": "`#123`",
    "https://evil.example": "`https://evil.example`",
    "# Heading": "`# Heading`",
    "*bold* _it_ ~~gone~~": "`*bold* _it_ ~~gone~~`",
    "&lt;entity&gt;": "`&lt;entity&gt;`",
    "back\\slash": "`back\\slash`",
    # A fence one backtick longer than any run inside, padded when the text starts with one.
    "`code`": "`` `code` ``",
    "a `` b": "```a `` b```",
    # Line breaks, tabs and invisible characters are shown, so values never look alike.
    "line one\nline two": "`line one⏎line two`",
    "tab\there\r": "`tab⇥here␍`",
    "abc\u202edef": "`abc[U+202E]def`",
    "zero\u200bwidth": "`zero[U+200B]width`",
    "no\u00a0break": "`no[U+00A0]break`",
    " padded ": "`␠padded␠`",
    "two  spaces": "`two␠␠spaces`",
    "": "(empty text)",
}


@pytest.mark.parametrize(("text", "expected"), HOSTILE.items(), ids=list(HOSTILE))
def test_hostile_text_becomes_one_code_span(text: str, expected: str) -> None:
    assert inert(text) == expected


def test_the_fence_is_never_inside_the_span() -> None:
    for text in ["`", "``", "a```b", "````x` `", "` `` ```"]:
        span = inert(text)
        fence = re.match(r"`+", span)
        assert fence is not None
        inside = span[len(fence.group()) : -len(fence.group())]
        assert span.endswith(fence.group())
        assert all(len(run) < len(fence.group()) for run in re.findall(r"`+", inside))


def test_pipes_are_escaped_only_in_table_cells() -> None:
    # GitHub splits table rows on | before it reads code spans; \| inside a span
    # in a cell shows as |. Outside a table \| would show the backslash.
    assert inert("a | b", in_table=True) == "`a \\| b`"
    assert inert("a | b") == "`a | b`"
    assert inert("a\\|b", in_table=True) == "`a\\\\|b`"


def test_a_long_value_is_cut_and_counted() -> None:
    assert excerpt("z" * (LIMIT + 50)) == "`" + "z" * LIMIT + "`… (50 more characters)"
    assert excerpt("z" * (LIMIT + 1)) == "`" + "z" * LIMIT + "`… (1 more character)"
    assert excerpt("short") == "`short`"


def test_short_values_are_shown_whole() -> None:
    assert excerpt_pair("Hawes Side", "Hawes Side Academy") == (
        "`Hawes Side`",
        "`Hawes Side Academy`",
    )


def test_a_change_deep_in_a_long_value_is_shown_with_context() -> None:
    before = "The quick brown fox jumps over the lazy dog. " * 5
    after = before[:100] + "CAT" + before[103:]
    assert excerpt_pair(before, after) == (
        "…`lazy dog. The quick brown fox jumps over th`…",
        "…`lazy dog. The quick CATwn fox jumps over th`…",
    )


def test_a_change_at_the_end_of_a_long_value_keeps_the_end() -> None:
    before = "x" * 100
    assert excerpt_pair(before, before + "!") == (
        "…`" + "x" * CONTEXT + "`",
        "…`" + "x" * CONTEXT + "!`",
    )


def test_a_whitespace_change_in_a_long_value_is_visible() -> None:
    before = "word " * 30
    after = before.rstrip()
    old, new = excerpt_pair(before, after)
    assert old != new
    assert (old, new) == ("…`␠word word word word␠`", "…`␠word word word word`")


def test_a_long_rewrite_is_cut_where_both_sides_already_differ() -> None:
    old, new = excerpt_pair("x" * 500, "y" * 500)
    assert old == "`" + "x" * LIMIT + "`… (300 more characters)"
    assert new == "`" + "y" * LIMIT + "`… (300 more characters)"


def test_a_long_insertion_shows_its_start_with_context() -> None:
    before = "a" * 50 + "b" * 50
    after = "a" * 50 + "NEW " * 100 + "b" * 50
    old, new = excerpt_pair(before, after)
    assert old == "…`" + "a" * CONTEXT + "b" * CONTEXT + "`…"
    # A space at either end of a quotation is marked, as HTML would hide it.
    assert new == "…`" + "a" * CONTEXT + ("NEW " * 50)[:-1] + "␠`… (250 more characters)"
