"""The characters no value may hold, and their names for messages.

Every value ends up in places that are not forgiving: calendar feeds (where
a carriage return starts a new property), spreadsheets, JSON, HTML and the
PDFs (whose fonts have no glyph for a control character). None of these
characters can be seen in an editor, so a contributor never means to type one; YAML escapes such as
`"\\e"` or `"\\L"` in a double-quoted value make them too. Refused:

- every C0 and C1 control character (ESC, NUL, form feed, tab, carriage
  return, U+0085 NEXT LINE, ...) and DELETE, except the line feed, which
  the rules of multi-line fields accept and those of one-line fields refuse;
- U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR, line breaks that
  HTML, CSV and calendars do not treat as line breaks;
- the bidirectional embedding, override and isolate controls
  (U+202A-U+202E, U+2066-U+2069), which can make a name display as
  another, and spill into the page around it when left open; the
  interlinear annotation characters (U+FFF9-U+FFFB);
- surrogate halves, private-use characters and code points with no
  character assigned (noncharacters such as U+FFFF included): no font
  shows them. Which code points are assigned is Python's Unicode version's
  answer, so a character new in a later version is refused by an older
  Python.

Joiners, direction marks, soft hyphens and every assigned letter, mark and
symbol stay allowed. A line break written as CR LF counts as a line feed.

This module is a leaf: the loader names a character YAML itself refuses,
and the rules name one a value holds, both with these words.
"""

from __future__ import annotations

import re
import unicodedata

REFUSED = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ufff9-\ufffb\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff]"
)
"""The refused characters that a pattern can list; unassigned ones are looked up."""

_C0 = (
    "NULL",
    "START OF HEADING",
    "START OF TEXT",
    "END OF TEXT",
    "END OF TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "ALERT",
    "BACKSPACE",
    "CHARACTER TABULATION",
    "LINE FEED",
    "LINE TABULATION",
    "FORM FEED",
    "CARRIAGE RETURN",
    "SHIFT OUT",
    "SHIFT IN",
    "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO",
    "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK",
    "CANCEL",
    "END OF MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "INFORMATION SEPARATOR FOUR",
    "INFORMATION SEPARATOR THREE",
    "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
)
_C1 = (
    "PADDING CHARACTER",
    "HIGH OCTET PRESET",
    "BREAK PERMITTED HERE",
    "NO BREAK HERE",
    "INDEX",
    "NEXT LINE",
    "START OF SELECTED AREA",
    "END OF SELECTED AREA",
    "CHARACTER TABULATION SET",
    "CHARACTER TABULATION WITH JUSTIFICATION",
    "LINE TABULATION SET",
    "PARTIAL LINE FORWARD",
    "PARTIAL LINE BACKWARD",
    "REVERSE LINE FEED",
    "SINGLE SHIFT TWO",
    "SINGLE SHIFT THREE",
    "DEVICE CONTROL STRING",
    "PRIVATE USE ONE",
    "PRIVATE USE TWO",
    "SET TRANSMIT STATE",
    "CANCEL CHARACTER",
    "MESSAGE WAITING",
    "START OF GUARDED AREA",
    "END OF GUARDED AREA",
    "START OF STRING",
    "SINGLE GRAPHIC CHARACTER INTRODUCER",
    "SINGLE CHARACTER INTRODUCER",
    "CONTROL SEQUENCE INTRODUCER",
    "STRING TERMINATOR",
    "OPERATING SYSTEM COMMAND",
    "PRIVACY MESSAGE",
    "APPLICATION PROGRAM COMMAND",
)
"""The names Unicode gives control characters as aliases (unicodedata has none for them)."""

_WITHOUT_NAME = {
    "Cs": "a surrogate half",
    "Co": "a private-use character",
    "Cn": "no character assigned",
}


def refused_character(text: str) -> tuple[int, str] | None:
    """The first character of `text` no value may hold, with its index, or None.

    Why: one test for every field of every record, so that nothing a
    calendar, spreadsheet or PDF chokes on gets past the check.
    """
    found = REFUSED.search(text)
    end = found.start() if found else len(text)
    if not text.isascii():
        for index in range(end):
            if unicodedata.category(text[index]) == "Cn":
                return index, text[index]
    return (found.start(), found.group()) if found else None


def character_name(char: str) -> str:
    """'U+001B ESCAPE': the code point and its name, so an invisible character can be found."""
    code = ord(char)
    if code < 0x20:
        name = _C0[code]
    elif code == 0x7F:
        name = "DELETE"
    elif 0x80 <= code <= 0x9F:
        name = _C1[code - 0x80]
    else:
        fallback = _WITHOUT_NAME.get(unicodedata.category(char), "")
        name = unicodedata.name(char, "") or f"({fallback})"
    return f"U+{code:04X} {name}"


FIX = "delete it: it is invisible and breaks calendars, spreadsheets and PDFs"
"""How to mend a value holding a refused character, the same in every message."""


def character_problem(index: int, char: str) -> str:
    """ "contains U+001B ESCAPE at character 6; delete it: ...", for messages.

    Why: contributors cannot see these characters, so the message names the
    character and where it sits, and says that deleting it is the fix.
    """
    return f"contains {character_name(char)} at character {index + 1}; {FIX}"
