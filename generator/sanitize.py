"""What contributed Markdown may publish: one allow-list, enforced by nh3 and explained by `check`.

Guidance pages, record bodies and directory introductions come from pull
requests that non-programmers review, and Markdown passes raw HTML through.
So every HTML fragment made from contributed Markdown, for a web page or a
PDF, goes through `clean_html` (nh3, the binding of the Ammonia sanitiser)
before anything else sees it: no script, style, iframe, object, embed or
form; no event handler or style attribute (but a table cell's alignment);
links and images only to `https:`, `http:`, `mailto:`, `tel:` or a relative
address; ids and classes the theme relies on (`__config`, `md-…`) refused,
so content cannot stand in for the theme's own elements; HTML comments
dropped, since they would publish a private note in the page source.

`refused_markup` renders a Markdown file as the site does and lists what
`clean_html` would remove, as problems at the place in the file, so a pull
request learns of it in `check` rather than finding it silently gone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
import nh3

from .positions import Pos, Problem

# fmt: off
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
    "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "u", "ul", "var",
})
"""Elements Markdown and its shipped extensions make, and harmless ones people write."""
CONTENT_DROPPED = frozenset({
    "script", "style", "iframe", "object", "embed", "template", "noscript", "textarea",
    "select", "math", "svg",
})
"""Elements removed together with their content: their text is code or markup, not prose."""
# fmt: on
ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"id", "class", "title", "lang", "dir"}),
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "td": frozenset({"colspan", "rowspan", "style"}),
    "th": frozenset({"colspan", "rowspan", "style"}),
    "ol": frozenset({"start"}),
}
"""Attributes per element ("*": on every element). `style` only keeps `text-align`."""
URL_ATTRIBUTES = frozenset({"href", "src"})
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
STYLE_PROPERTIES = frozenset({"text-align"})
"""The one style the tables extension writes (a column's alignment)."""
NAME_RE = re.compile(r"\w[\w.:-]*")
RESERVED_PREFIXES = ("_", "md-", "sn-")
"""Ids and classes the theme and the generator give their own elements."""
CONTENT_CLASSES = frozenset({"md-button", "md-button--primary"})
"""Theme classes that content is meant to use (Material's buttons)."""
SCHEME_RE = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
MAX_NESTING = 50
"""Lists and quotes nested deeper than this are refused: Python-Markdown recurses per
level and fails at a few hundred, in the build as in `check`."""
QUOTES_RE = re.compile(r"[ \t]*(?:>[ \t]?)+")
EXTENSIONS = ("admonition", "attr_list", "tables", "toc")
"""The Markdown extensions of the shipped mkdocs.yml, so checks and PDFs read bodies alike."""


def _allowed_name(value: str) -> bool:
    return bool(NAME_RE.fullmatch(value)) and (
        value in CONTENT_CLASSES or not value.startswith(RESERVED_PREFIXES)
    )


def _filter(element: str, attribute: str, value: str) -> str | None:
    """nh3's per-attribute hook: the value to keep, or None to drop the attribute."""
    if attribute == "id":
        return value if _allowed_name(value) else None
    if attribute == "class":
        kept = [name for name in value.split() if _allowed_name(name)]
        return " ".join(kept) or None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(CONTENT_DROPPED),
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    attribute_filter=_filter,
    strip_comments=True,
    link_rel=None,
    url_schemes=set(SCHEMES),
    filter_style_properties=set(STYLE_PROPERTIES),
)


def clean_html(html: str) -> str:
    """HTML made from contributed Markdown, with everything outside the allow-list removed."""
    return _CLEANER.clean(html)


@dataclass(frozen=True)
class Refusal:
    """One thing `clean_html` removes: what it is, and text to find it by in the source."""

    message: str
    needle: str


class _Finder(HTMLParser):
    """Walks rendered HTML and notes what the allow-list refuses, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refusals: list[Refusal] = []
        self.inside_dropped = 0
        """How many elements removed with their content are open: what they hold is not
        reported again."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.inside_dropped:
            self.inside_dropped += tag in CONTENT_DROPPED
            return
        self.inside_dropped += tag in CONTENT_DROPPED
        if tag not in TAGS:
            self.refusals.append(
                Refusal(f"the HTML element <{tag}> is not allowed; remove it", f"<{tag}")
                if tag not in CONTENT_DROPPED
                else Refusal(
                    f"the HTML element <{tag}> is not allowed; remove it and what it holds",
                    f"<{tag}",
                )
            )
            return
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            self._attribute(tag, name, value or "", allowed)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in CONTENT_DROPPED:  # `<svg/>` opens and closes at once.
            self.inside_dropped -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in CONTENT_DROPPED and self.inside_dropped:
            self.inside_dropped -= 1

    def _attribute(self, tag: str, name: str, value: str, allowed: frozenset[str]) -> None:
        if name not in allowed:
            self.refusals.append(
                Refusal(f"the attribute {name}= is not allowed on <{tag}>; remove it", name)
            )
        elif name in URL_ATTRIBUTES and not _allowed_url(value):
            self.refusals.append(
                Refusal(
                    f"the address '{value[:60]}' is not allowed; links and images must start "
                    "with https:, http:, mailto: or tel:, or be relative",
                    value[:40],
                )
            )
        elif name in ("id", "class"):
            for word in value.split() if name == "class" else [value]:
                if not _allowed_name(word):
                    self.refusals.append(
                        Refusal(
                            f"the {name} '{word[:60]}' is reserved for the site's own elements "
                            "or malformed; choose a name of letters, digits and hyphens "
                            "that does not start with _, md- or sn-",
                            word[:40],
                        )
                    )
        elif name == "style" and not _allowed_style(value):
            self.refusals.append(
                Refusal("only text-align may be styled (in a table); remove the style", "style")
            )

    def handle_comment(self, data: str) -> None:
        if self.inside_dropped:
            return
        self.refusals.append(
            Refusal(
                "an HTML comment would be published in the page source for anyone to read; "
                "delete it (keep private notes out of this repository)",
                "<!--",
            )
        )


def _allowed_url(value: str) -> bool:
    scheme = SCHEME_RE.match(value)
    return scheme is None or scheme.group(1).lower() in SCHEMES


def _allowed_style(value: str) -> bool:
    properties = [part.split(":", 1)[0].strip().lower() for part in value.split(";")]
    return all(prop in STYLE_PROPERTIES for prop in properties if prop)


_PARSER: list[markdown.Markdown] = []


def render(text: str) -> str:
    """Contributed Markdown as the site renders it (the shipped extensions), before cleaning."""
    if not _PARSER:
        _PARSER.append(markdown.Markdown(extensions=list(EXTENSIONS), output_format="html"))
    parser = _PARSER[0]
    parser.reset()
    return str(parser.convert(text))


LINK_SCHEME_RE = re.compile(r"\]\s*[(:]\s*<?\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
"""A scheme at the start of an inline link's or a reference definition's address."""


def may_refuse(text: str, also_allowed: frozenset[str] = frozenset()) -> bool:
    """Whether rendering `text` could give anything `clean_html` removes.

    Only raw HTML (`<`, also autolinks and comments), attribute lists
    (`{`), character references (`&`) and link addresses make markup, so
    text without any of them, whose links use allowed schemes (and
    `also_allowed`, e.g. record links), needs no rendering to be judged.
    Deep nesting is judged apart (see `refused_markup`).
    """
    if "<" in text or "{" in text or "&" in text:
        return True
    allowed = SCHEMES | also_allowed
    return any(m.group(1).lower() not in allowed for m in LINK_SCHEME_RE.finditer(text))


def refused_markup(
    text: str,
    file: str,
    subject: str = "",
    *,
    also_allowed: frozenset[str] = frozenset(),
    prepare: Callable[[str], str] | None = None,
) -> list[Problem]:
    """What `clean_html` would remove from this Markdown, each at its place in the file.

    `prepare`: what the site does to the text before Markdown sees it
    (record links rewritten, their schemes being `also_allowed`). The
    rendered HTML says what is refused; the place is the first occurrence
    of it in the source after the previous one (Markdown keeps no
    positions), where a reader would look.
    """
    too_deep = _too_deep(text, file, subject)
    if too_deep is not None:
        return [too_deep]  # Rendering it would exhaust Python's stack.
    if not may_refuse(text, also_allowed):
        return []  # Cheap: most bodies hold no HTML and link only to the web and records.
    finder = _Finder()
    finder.feed(render(text if prepare is None else prepare(text)))
    finder.close()
    if not finder.refusals:
        return []
    problems = []
    lowered, source_index = _decoded(text)
    start = 0
    for refusal in finder.refusals:
        found = lowered.find(refusal.needle.lower(), start)
        if found < 0:
            found = lowered.find(refusal.needle.lower())
        start = found + 1 if found >= 0 else start
        offset = source_index[max(found, 0)] if text else 0
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        problems.append(
            Problem(Pos(file, line, column), subject, f"{refusal.message} ({ALLOWED_NOTE})")
        )
    return problems


ALLOWED_NOTE = "CONTRIBUTING.md lists the HTML a page may use"
CHARREF_RE = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


def _decoded(text: str) -> tuple[str, list[int]]:
    """The source lowercased with character references decoded, and where each character came from.

    The rendered HTML shows `&#106;avascript:` as `javascript:`; searching
    the decoded source finds it where the contributor wrote it.
    """
    out: list[str] = []
    index: list[int] = []
    last = 0
    for ref in CHARREF_RE.finditer(text):
        out.append(text[last : ref.start()])
        index.extend(range(last, ref.start()))
        char = html.unescape(ref.group(0))
        out.append(char)
        index.extend([ref.start()] * len(char))
        last = ref.end()
    out.append(text[last:])
    index.extend(range(last, len(text)))
    lowered: list[str] = []
    lowered_index: list[int] = []
    for char, at in zip("".join(out), index, strict=True):
        low = char.lower()  # One character may lower to two ("İ"): keep the places aligned.
        lowered.append(low)
        lowered_index.extend([at] * len(low))
    return "".join(lowered), lowered_index


def _nesting(line: str) -> int:
    """How deep a line sits: a level per `>` at its start and per four spaces of indent."""
    quotes = QUOTES_RE.match(line)
    marks = quotes.group(0).count(">") if quotes else 0
    rest = line[quotes.end() :] if quotes else line
    indent = len(rest) - len(rest.lstrip(" \t"))
    return marks + (indent + rest[:indent].count("\t") * 3) // 4


def _too_deep(text: str, file: str, subject: str) -> Problem | None:
    """The first line nested deeper than MAX_NESTING, as a problem; None when all are within."""
    for number, line in enumerate(text.splitlines(), start=1):
        if _nesting(line) > MAX_NESTING:
            return Problem(
                Pos(file, number, 1),
                subject,
                f"lists or quotes nest more than {MAX_NESTING} levels deep here; "
                "flatten them (a page this deep cannot be shown)",
            )
    return None
