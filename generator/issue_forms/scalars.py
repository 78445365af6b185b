"""Contributor text written into YAML as an inert scalar that loads back equal.

Plain when the text cannot mean anything else to YAML (no indicator, no
comment, not a number, date, boolean or null to either YAML version);
otherwise double-quoted with every character that could matter escaped:
the quote and backslash, line breaks, control and invisible characters,
and `*`, which `loader.item_starts` takes as a sign of aliases (a star
anywhere in the file would stop a later import from editing it in place).
Long prose in a multi-line field is folded at 72 columns like the sample's
summaries (`>-`), and text with line breaks becomes a literal block (`|-`)
when its lines allow one; both only when folding or the block keeps the
text exactly.
"""

from __future__ import annotations

import re
import textwrap

import yaml

from ..characters import REFUSED

PLAIN = re.compile(
    r"[A-Za-z0-9£€(][\w .,'’()/@+&%£€!?;=~–—-]*(:[^\s:][\w .,'’()/@+&%£€!?;=~–—-]*)*"
)
"""Text YAML reads as a plain string: no indicator first, no ': ' or ' #' inside."""
FOLDABLE = re.compile(r"[^\s\\\"'|>!&%@`#{}\[\],?:-][^\t\n]*[^\s]")
"""One line that folding keeps: no indicator first, no tab, no space at either end."""
BLOCK_LINE = re.compile(r"[^\s*](.*\S)?")
WIDTH = 72


def loads_as_same_string(text: str) -> bool:
    """True when YAML 1.1 (and so 1.2's smaller set) reads `text` back as this very string."""
    try:
        return yaml.safe_load(text) == text and isinstance(yaml.safe_load(text), str)
    except yaml.YAMLError:
        return False


def is_plain(text: str) -> bool:
    """True when `text` can be written without quotes and read back unchanged."""
    return (
        bool(PLAIN.fullmatch(text))
        and text == text.strip()
        and "  " not in text
        and loads_as_same_string(text)
    )


def double_quoted(text: str) -> str:
    """`text` as a one-line double-quoted scalar in which nothing is left to interpret."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "*":
            out.append("\\x2A")
        elif code < 0x20 or 0x7F <= code <= 0x9F or REFUSED.match(char) or not char.isprintable():
            out.append(
                f"\\x{code:02X}"
                if code < 0x100
                else f"\\u{code:04X}"
                if code < 0x10000
                else f"\\U{code:08X}"
            )
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def block(text: str, indent: int, multiline: bool) -> str | None:
    """Long prose folded (`>-`) or lines kept (`|-`), or None when a block would change it."""
    if not multiline or "*" in text or REFUSED.search(text):
        return None
    pad = " " * indent
    if "\n" in text:
        lines = text.split("\n")
        if not all(BLOCK_LINE.fullmatch(line) or line == "" for line in lines) or not lines[0]:
            return None
        return "|-\n" + "\n".join(pad + line if line else "" for line in lines)
    if len(text) <= WIDTH or not FOLDABLE.fullmatch(text) or "  " in text:
        return None
    wrapped = textwrap.wrap(text, WIDTH - indent, break_long_words=False, break_on_hyphens=False)
    if " ".join(wrapped) != text:
        return None
    return ">-\n" + "\n".join(pad + line for line in wrapped)


def scalar(text: str, *, indent: int, multiline: bool, quote: bool) -> str:
    """The YAML for `text` after a key at `indent` spaces: plain, a block, or double-quoted.

    `quote`: always double-quoted (a URN, a phone number or a date and time,
    which the sample files quote so that no reader takes them for numbers).
    """
    if not quote:
        folded = block(text, indent + 2, multiline)
        if folded is not None:
            return folded
        if "\n" not in text and is_plain(text):
            return text
    return double_quoted(text)
