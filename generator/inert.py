"""Untrusted text quoted in GitHub-flavoured Markdown so that it stays text.

The change summary quotes what a pull request wrote (names, ids, values,
file paths) onto a page that reviewers trust. Every quotation goes through
`inert`, which puts the text in an inline code span:

- Inside a code span CommonMark interprets nothing: no emphasis, links,
  images, HTML (so no `<!--` hiding the rest of the page, no `</details>`,
  no `<img>` fetching a URL), entities or backslash escapes. The span opens
  before anything in the text can, so it wins over any tag inside it.
- GitHub's own autolinking (@mentions that notify people, #123 issue
  links, bare URLs, :emoji:) runs on the rendered text but skips `<code>`.
  Escaping punctuation with backslashes or HTML entities would not stop
  it, because the text that reaches that stage is the unescaped `@name`.
  So a code span is the one form that neutralises every construct while
  showing the characters exactly as written.

What a code span cannot do is handled around it: the fence is one backtick
longer than the longest run inside, so the text cannot close it; line
breaks, tabs, bidi controls (U+202E reverses what follows), zero-width and
other invisible characters are shown as visible markers, and so are spaces
that HTML would swallow (leading, trailing, doubled), so two different
values never look alike; inside a table cell `|` is escaped, the one
character GitHub's table parser splits on before it looks at code spans.
"""

from __future__ import annotations

import re
import unicodedata

INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp", "Zs"}
"""Unicode categories shown as markers: controls, format (bidi, zero-width), spaces."""

MARKERS = {"\n": "⏎", "\t": "⇥", "\r": "␍"}
SPACES_HTML_HIDES = re.compile(r"^ +| +$| {2,}")
BACKTICKS = re.compile(r"`+")

SHORT = 80
"""Values up to this length are always quoted whole."""
CONTEXT = 20
"""Unchanged characters shown on each side of the part of a long value that changed."""
LIMIT = 200
"""The most characters of one quotation; the rest is counted, not shown."""


def _visible(char: str) -> str:
    if char in MARKERS:
        return MARKERS[char]
    if char != " " and unicodedata.category(char) in INVISIBLE:
        return f"[U+{ord(char):04X}]"
    return char


def visible(text: str) -> str:
    """The text with every character a reader could not see replaced by a marker."""
    shown = "".join(_visible(char) for char in text)
    return SPACES_HTML_HIDES.sub(lambda match: "␠" * len(match.group()), shown)


def inert(text: str, *, in_table: bool = False) -> str:
    """Any untrusted text as a Markdown code span that GitHub shows as exactly that text.

    Used for every value, id, name and path the change summary quotes, so
    nothing a pull request writes can format, link, mention, hide or fetch
    anything on the page reviewers read (see the module's docstring for why
    a code span). `in_table`: the span sits in a table cell.
    """
    shown = visible(text)
    if not shown:
        return "(empty text)"
    longest = max((len(run) for run in BACKTICKS.findall(shown)), default=0)
    fence = "`" * (longest + 1)
    # A span that starts or ends with a backtick needs a space inside each
    # fence; CommonMark removes one from each side again.
    pad = " " if shown.startswith("`") or shown.endswith("`") else ""
    span = f"{fence}{pad}{shown}{pad}{fence}"
    return span.replace("|", "\\|") if in_table else span


def _more(count: int) -> str:
    return f"… ({count:,} more character{'s' if count != 1 else ''})"


def excerpt(text: str, limit: int = LIMIT) -> str:
    """A value quoted whole, or its first `limit` characters and how many more there are."""
    if len(text) <= limit:
        return inert(text)
    return inert(text[:limit]) + _more(len(text) - limit)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _changed_part(text: str, start: int, first: int, last: int) -> str:
    """`text[start:last]` quoted, where `first` is where it starts to differ.

    The differing part is cut after LIMIT characters: both sides of a pair
    are cut at the same place relative to `first`, where they already
    differ, so the two quotations can never look the same.
    """
    cut = min(last, first + LIMIT)
    lead = "…" if start > 0 else ""
    if cut < last:
        return lead + inert(text[start:cut]) + _more(len(text) - cut)
    trail = "…" if last < len(text) else ""
    return lead + inert(text[start:last]) + trail


def excerpt_pair(before: str, after: str) -> tuple[str, str]:
    """Two versions of a value, quoted so that a reader sees what changed.

    Short values are quoted whole. Long ones are cut to the part that
    differs, with CONTEXT unchanged characters on each side and "…" where
    text is left out, so a change deep inside a long text is shown instead
    of two truncations that look the same.
    """
    if len(before) <= SHORT and len(after) <= SHORT:
        return inert(before), inert(after)
    first = _common_prefix(before, after)
    same_end = _common_prefix(before[first:][::-1], after[first:][::-1])
    start = max(0, first - CONTEXT)
    keep_end = max(0, same_end - CONTEXT)
    return (
        _changed_part(before, start, first, len(before) - keep_end),
        _changed_part(after, start, first, len(after) - keep_end),
    )
