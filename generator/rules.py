"""Small validators for single values, each naming the form it allows.

A rule takes the raw text of a YAML scalar (never a value YAML has already
guessed the type of) and either returns the typed value or raises
`RuleError` with a message of the form "what is wrong; how to fix it".
Working from the raw text is what keeps YAML 1.1 surprises out: an unquoted
`NO` stays the text "NO" and `12:30` never becomes the number 750.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from difflib import get_close_matches
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from dateutil.rrule import rrulestr

from .characters import character_problem, refused_character


class RuleError(ValueError):
    """A value broke a rule; the message says what is wrong and how to fix it."""


def plain_characters(text: str) -> str:
    """`text` with CR LF line breaks as LF, or RuleError naming a character no value may hold.

    Validation passes every scalar through this before its field's rule, so
    this one place keeps control characters (see `characters`) out of every
    field of every record, nested parts included, whatever the rule.
    """
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    found = refused_character(text)
    if found:
        raise RuleError(character_problem(*found))
    return text


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Suggest the closest allowed word, because most mistakes are typos or capitals."""
    options = list(choices)
    by_lower = {choice.lower(): choice for choice in options}
    if word.lower() in by_lower and by_lower[word.lower()] != word:
        return f" (did you mean '{by_lower[word.lower()]}'?)"
    close = get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


@dataclass(frozen=True)
class Rule:
    """Base class: converts raw scalar text to a value."""

    def parse(self, text: str) -> Any:
        """Return the typed value for `text`, or raise RuleError."""
        return text

    def describe(self) -> str:
        """Name the accepted form, for documentation and the JSON Schema."""
        return "text"

    def json_schema(self) -> dict[str, Any]:
        """The same form as JSON Schema, for editors' completion and checks."""
        return {"type": "string"}


@dataclass(frozen=True)
class Text(Rule):
    """Plain text on one line or several; never markup."""

    max_length: int = 5000
    single_line: bool = False

    def parse(self, text: str) -> str:
        """Strip the text and reject empty or overlong values.

        Text of nothing but invisible characters (a zero-width space, say)
        counts as empty: it would make a link or a heading no one can see.
        """
        value = text.strip()
        if not any(char.isprintable() and not char.isspace() for char in value):
            raise RuleError("is empty; write some text or remove the field")
        if len(value) > self.max_length:
            raise RuleError(
                f"is {len(value)} characters long; shorten it to at most {self.max_length}"
            )
        if self.single_line and "\n" in value:
            raise RuleError("must be on one line; remove the line breaks")
        return value

    def describe(self) -> str:
        """Describe the text form."""
        return "one line of text" if self.single_line else "text"

    def json_schema(self) -> dict[str, Any]:
        """The same form as JSON Schema, for editors' completion and checks."""
        pattern = "^[^\\n]*[^\\s][^\\n]*$" if self.single_line else "[^\\s]"
        return {"type": "string", "maxLength": self.max_length, "pattern": pattern}


@dataclass(frozen=True)
class Title(Text):
    """A record's name or title: one line, and no angle brackets.

    Titles travel into places the theme prints without escaping (the page
    title, search results), so `<` and `>` are refused outright.
    """

    single_line: bool = True

    def parse(self, text: str) -> str:
        """Accept one line of plain words."""
        value = super().parse(text)
        if "<" in value or ">" in value:
            raise RuleError(f"must not contain < or >, got {value!r}; write it as plain words")
        return value

    def describe(self) -> str:
        """Describe the title form."""
        return "one line of plain text without < or >"

    def json_schema(self) -> dict[str, Any]:
        """The same form as JSON Schema, for editors' completion and checks."""
        pattern = "^[^<>\\n]*[^\\s<>][^<>\\n]*$"
        return {"type": "string", "maxLength": self.max_length, "pattern": pattern}


SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID = 80


def article(word: str) -> str:
    """'a' or 'an', so that messages read as English: 'an event', 'a school'."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def slugify(text: str) -> str:
    """Turn a name into an id-shaped suggestion for error messages."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "my-id"


@dataclass(frozen=True)
class Slug(Rule):
    """An id that becomes part of a URL: lowercase letters, digits, hyphens."""

    def parse(self, text: str) -> str:
        """Accept only URL-safe ids so that an id can never become a path."""
        value = text.strip()
        if len(value) > MAX_ID:
            raise RuleError(f"is {len(value)} characters long; shorten it to at most {MAX_ID}")
        if not SLUG_RE.match(value):
            raise RuleError(
                f"must use only lowercase letters, digits and single hyphens, got {value!r}; "
                f"try '{slugify(value)}'"
            )
        return value

    def describe(self) -> str:
        """Describe the id form."""
        return "an id: lowercase letters, digits and hyphens, e.g. 'hawes-side'"

    def json_schema(self) -> dict[str, Any]:
        """The same form as JSON Schema, for editors' completion and checks."""
        return {"type": "string", "pattern": SLUG_RE.pattern, "maxLength": MAX_ID}


@dataclass(frozen=True)
class Ref(Slug):
    """The id of another record; checked against the model in a second pass."""

    kind: str = ""

    def describe(self) -> str:
        """Name the kind of record referred to."""
        return f"the id of a {self.kind} in {self.kind}s.yaml"


@dataclass(frozen=True)
class Choice(Rule):
    """One of a fixed list of words."""

    choices: tuple[str, ...] = ()

    def parse(self, text: str) -> str:
        """Accept a listed word, suggesting the nearest when it is not."""
        value = text.strip()
        if value not in self.choices:
            allowed = ", ".join(self.choices)
            raise RuleError(
                f"must be one of: {allowed}; got {value!r}{did_you_mean(value, self.choices)}"
            )
        return value

    def describe(self) -> str:
        """List the allowed words."""
        return "one of: " + ", ".join(self.choices)

    def json_schema(self) -> dict[str, Any]:
        """The same form as JSON Schema, for editors' completion and checks."""
        return {"enum": list(self.choices)}


@dataclass(frozen=True)
class Bool(Rule):
    """A strict true or false: `yes`, `"false"` or `on` are refused."""

    def parse(self, text: str) -> bool:
        """Accept only the two words, so a quoted "false" never means true."""
        if text == "true":
            return True
        if text == "false":
            return False
        raise RuleError(f"must be true or false (unquoted, lowercase), got {text!r}")

    def describe(self) -> str:
        """Describe the boolean form."""
        return "true or false"

    def json_schema(self) -> dict[str, Any]:
        """The same form as JSON Schema, for editors' completion and checks."""
        return {"type": "boolean"}


@dataclass(frozen=True)
class Integer(Rule):
    """A whole number within bounds."""

    minimum: int = 0
    maximum: int = 10**9

    def parse(self, text: str) -> int:
        """Accept digits within the bounds."""
        value = text.strip()
        # At most 18 digits: Python refuses to read an integer of thousands of digits.
        if not re.fullmatch(r"-?[0-9]{1,18}", value) or not (
            self.minimum <= int(value) <= self.maximum
        ):
            raise RuleError(
                f"must be a whole number from {self.minimum} to {self.maximum}, got {value!r}"
            )
        return int(value)

    def describe(self) -> str:
        """Describe the range."""
        return f"a whole number from {self.minimum} to {self.maximum}"

    def json_schema(self) -> dict[str, Any]:
        """The same form as JSON Schema, for editors' completion and checks."""
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


@dataclass(frozen=True)
class Number(Rule):
    """A decimal number within bounds (for coordinates)."""

    minimum: float = -1e9
    maximum: float = 1e9

    def parse(self, text: str) -> float:
        """Accept a decimal number within the bounds."""
        value = text.strip()
        if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value) or not (
            self.minimum <= float(value) <= self.maximum
        ):
            raise RuleError(
                f"must be a number from {self.minimum:g} to {self.maximum:g}, got {value!r}"
            )
        return float(value)

    def describe(self) -> str:
        """Describe the range."""
        return f"a number from {self.minimum:g} to {self.maximum:g}"

    def json_schema(self) -> dict[str, Any]:
        """The same form as JSON Schema, for editors' completion and checks."""
        return {"type": "number", "minimum": self.minimum, "maximum": self.maximum}


FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2100, 12, 31)
"""Every date and date-time a record gives falls from FIRST_DAY to LAST_DAY.

Fixed, not relative to the build date, so a record valid today stays valid.
The records describe schools and networks as they are, with their history
and plans; a year outside these is a typo (0205 for 2025) or a placeholder
(9999 for "never"). Keeping every date centuries inside Python's own limits
(years 1 to 9999) leaves room for what the build computes from them: the
later meetings of a series, the day after the last date, a calendar's time
zone rules for the years its events span (kept small this way too).
"""
DATE_RANGE = f"from {FIRST_DAY} to {LAST_DAY}"


def within_date_range(day: date, text: str) -> None:
    """Refuse a date outside FIRST_DAY..LAST_DAY, naming the range as the fix."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise RuleError(
            f"is outside the dates this site accepts, got {text!r}; give a date {DATE_RANGE}"
        )


@dataclass(frozen=True)
class Day(Rule):
    """A calendar date written YYYY-MM-DD."""

    def parse(self, text: str) -> date:
        """Accept an ISO date and nothing looser, so 03/04 is never ambiguous."""
        value = text.strip()
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise RuleError(f"must be a date written YYYY-MM-DD, got {value!r}")
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise RuleError(
                f"is not a real date, got {value!r}; check the day and the month (YYYY-MM-DD)"
            ) from None
        within_date_range(day, value)
        return day

    def describe(self) -> str:
        """Describe the date form."""
        return "a date, YYYY-MM-DD"

    def json_schema(self) -> dict[str, Any]:
        """The same form as JSON Schema, for editors' completion and checks."""
        return {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}


@dataclass(frozen=True)
class LocalTime(Rule):
    """A date and a time of day, without a zone (the record gives the zone)."""

    def parse(self, text: str) -> datetime:
        """Accept 'YYYY-MM-DD HH:MM' (or with a T), rejecting any offset."""
        value = text.strip()
        match = re.fullmatch(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}:[0-9]{2})", value)
        try:
            if not match:
                raise ValueError
            moment = datetime.fromisoformat(f"{match[1]}T{match[2]}")
        except ValueError:
            raise RuleError(
                f"must be a date and time written 'YYYY-MM-DD HH:MM' (24-hour clock), "
                f"got {value!r}; give the time zone in the 'timezone' field"
            ) from None
        within_date_range(moment.date(), value)
        return moment

    def describe(self) -> str:
        """Describe the date-time form."""
        return "a date and time, 'YYYY-MM-DD HH:MM'"

    def json_schema(self) -> dict[str, Any]:
        """The same form as JSON Schema, for editors' completion and checks."""
        return {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}$"}


RRULE_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
RRULE_KEYS = ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS")
MAX_OCCURRENCES = 500
"""The most meetings a series may have: its page lists them all, and each is a page row."""
MAX_INTERVAL = 999
"""The largest INTERVAL: ample for a real series (999 weeks is 19 years), and small enough
that dateutil, which steps a long gap month by month, stays quick."""
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

_NUMBER = re.compile(r"([+-]?)([0-9]{1,3})")
_WEEKDAY = re.compile(r"(?:([+-]?)([0-9]{1,2}))?(MO|TU|WE|TH|FR|SA|SU)")
_PART_RANGES: dict[str, tuple[int, int, bool]] = {
    "INTERVAL": (1, MAX_INTERVAL, False),
    "COUNT": (1, MAX_OCCURRENCES, False),
    "BYMONTH": (1, 12, False),
    "BYMONTHDAY": (1, 31, True),
    "BYSETPOS": (1, 366, True),
}
"""Each numeric part's smallest and largest value, and whether it may count from the end (-n)."""


def _check_number(key: str, item: str) -> None:
    low, high, signed = _PART_RANGES[key]
    match = _NUMBER.fullmatch(item)
    if not match or not low <= int(match[2]) <= high or (match[1] and not signed):
        allowed = f"{low} to {high}" + (
            f" (or -{high} to -{low} counting from the end)" if signed else ""
        )
        raise RuleError(f"{key} must be a whole number from {allowed}, got {item!r}")


def _check_weekday(item: str) -> None:
    match = _WEEKDAY.fullmatch(item)
    if not match or (match[2] is not None and not 1 <= int(match[2]) <= 53):
        raise RuleError(
            f"BYDAY must name days as {', '.join(WEEKDAYS)}, each with an optional "
            f"number 1 to 53 before it (e.g. 1TU, -1FR), got {item!r}"
        )


def _check_part(key: str, value: str) -> None:
    """Refuse a part dateutil would read loosely (INTERVAL=0, COUNT=²) or crash on (INTERVAL=-1)."""
    if key in ("FREQ", "UNTIL"):
        return
    if key in ("INTERVAL", "COUNT") and "," in value:
        raise RuleError(f"{key} must be one whole number, got {value!r}")
    for item in value.split(","):
        if key == "BYDAY":
            _check_weekday(item)
        else:
            _check_number(key, item)


def _until(value: str) -> str:
    """UNTIL in the RFC's UTC form, refusing a date outside FIRST_DAY..LAST_DAY."""
    until = value.replace("-", "")
    if not re.fullmatch(r"[0-9]{8}(T[0-9]{6}Z)?", until):
        raise RuleError(f"UNTIL must be a date, YYYY-MM-DD, got {value!r}")
    try:
        day = datetime.strptime(until[:8], "%Y%m%d").date()
    except ValueError:
        raise RuleError(
            f"UNTIL is not a real date, got {value!r}; check the day and month"
        ) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise RuleError(
            f"UNTIL is outside the dates this site accepts, got {value!r}; give a date {DATE_RANGE}"
        )
    return until if "T" in until else f"{until}T235959Z"


def rule_parts(rule: str) -> dict[str, str]:
    """The KEY=VALUE parts of a normalised repeat rule (what Recurrence.parse returns)."""
    return dict(part.split("=", 1) for part in rule.split(";"))


@dataclass(frozen=True)
class Recurrence(Rule):
    """An RFC 5545 repeat rule, e.g. 'FREQ=MONTHLY;BYDAY=1TU;UNTIL=2027-07-31'.

    Only bounded rules are accepted (COUNT or UNTIL), so a meeting series
    always has a last date. UNTIL may be written as a plain date; it is
    stored in the RFC's UTC form so calendar programs read it as meant.
    Each part is checked to the RFC's form in ASCII, so the rule the feeds
    publish reads the same in every calendar program. Whether the rule
    gives any dates, and not too many, depends on the event's start: that
    is the event's record rule (see `repeats`).
    """

    def parse(self, text: str) -> str:
        """Check the rule's parts and normalise UNTIL; dateutil checks the rest."""
        value = text.strip().removeprefix("RRULE:")
        parts: dict[str, str] = {}
        for part in value.split(";"):
            key, sep, val = part.partition("=")
            key = key.strip().upper()
            if not sep or key not in RRULE_KEYS:
                raise RuleError(
                    f"has an unknown part {part!r}; use KEY=VALUE parts from "
                    f"{', '.join(RRULE_KEYS)}, e.g. 'FREQ=MONTHLY;BYDAY=1TU;COUNT=6'"
                )
            if key in parts:
                raise RuleError(f"gives {key} twice; keep one {key}=")
            parts[key] = val.strip().upper()
            _check_part(key, parts[key])
        if parts.get("FREQ") not in RRULE_FREQS:
            raise RuleError(f"needs FREQ= one of {', '.join(RRULE_FREQS)}, e.g. 'FREQ=WEEKLY'")
        if ("COUNT" in parts) == ("UNTIL" in parts):
            raise RuleError("needs exactly one of COUNT=n or UNTIL=YYYY-MM-DD, so the series ends")
        if "UNTIL" in parts:
            parts["UNTIL"] = _until(parts["UNTIL"])
        normalised = ";".join(f"{key}={val}" for key, val in parts.items())
        try:
            rrulestr(normalised, dtstart=datetime(2000, 1, 1, tzinfo=UTC))
        except (ValueError, TypeError) as err:
            raise RuleError(f"is not a valid repeat rule ({err}); see RFC 5545 RRULE") from None
        return normalised

    def describe(self) -> str:
        """Describe the rule form."""
        return "a repeat rule, e.g. 'FREQ=MONTHLY;BYDAY=1TU;UNTIL=2027-07-31'"

    def json_schema(self) -> dict[str, Any]:
        """The same form as JSON Schema, for editors' completion and checks."""
        return {"type": "string", "pattern": "^(RRULE:)?FREQ=[A-Z]+(;[A-Z]+=[A-Za-z0-9,+-]+)*$"}


@cache
def _zones() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(_zones())


@dataclass(frozen=True)
class TimeZone(Rule):
    """An IANA time zone name such as Europe/London."""

    def parse(self, text: str) -> str:
        """Accept a zone the tz database lists (not a path, nor a file name too long to open)."""
        value = text.strip()
        if value not in _known_zones():
            hint = did_you_mean(value, _zones()) if len(value) <= MAX_ID else ""
            raise RuleError(
                f"is not a known time zone, got {value!r}{hint}; use a name such as 'Europe/London'"
            )
        return value

    def describe(self) -> str:
        """Describe the zone form."""
        return "a time zone name such as Europe/London"

    def json_schema(self) -> dict[str, Any]:
        """The same form as JSON Schema, for editors' completion and checks."""
        return {"type": "string", "pattern": "^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$"}


URN_RE = re.compile(r"^[0-9]{6}$")


@dataclass(frozen=True)
class Urn(Rule):
    """A school's Unique Reference Number from Get Information about Schools."""

    def parse(self, text: str) -> str:
        """Accept exactly six digits (kept as text, so leading zeros survive)."""
        value = text.strip()
        if not URN_RE.match(value):
            raise RuleError(
                f"must be 6 digits, got {value!r}; copy the URN from "
                "Get Information about Schools (e.g. 119346)"
            )
        return value

    def describe(self) -> str:
        """Describe the URN form."""
        return "a 6-digit URN, e.g. 119346"

    def json_schema(self) -> dict[str, Any]:
        """The same form as JSON Schema, for editors' completion and checks."""
        # Unquoted 119346 is a number to an editor; both spellings are accepted.
        return {
            "oneOf": [
                {"type": "string", "pattern": URN_RE.pattern},
                {"type": "integer", "minimum": 100000, "maximum": 999999},
            ]
        }


POSTCODE_RE = re.compile(r"^(GIR 0AA|[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2})$")
# Before normalising: any case, any spacing (what an editor can check).
POSTCODE_LOOSE = (
    r"^\s*([Gg][Ii][Rr]\s*0[Aa][Aa]|[A-Za-z]{1,2}[0-9][0-9A-Za-z]?\s*[0-9][A-Za-z]{2})\s*$"
)


@dataclass(frozen=True)
class Postcode(Rule):
    """A UK postcode, normalised to upper case with one space."""

    def parse(self, text: str) -> str:
        """Accept a UK postcode in any case/spacing and normalise it."""
        raw = re.sub(r"\s+", "", text.strip().upper())
        value = f"{raw[:-3]} {raw[-3:]}" if len(raw) > 3 else raw
        if not POSTCODE_RE.match(value):
            raise RuleError(
                f"must be a UK postcode such as 'FY4 3LN', got {text.strip()!r}; "
                "for a school abroad leave postcode out and give 'country'"
            )
        return value

    def describe(self) -> str:
        """Describe the postcode form."""
        return "a UK postcode, e.g. FY4 3LN"

    def json_schema(self) -> dict[str, Any]:
        """The same form as JSON Schema, for editors' completion and checks."""
        return {"type": "string", "pattern": POSTCODE_LOOSE}


URL_RE = re.compile(r'^https?://[A-Za-z0-9.-]+(:[0-9]+)?([/?#][^\s<>"]*)?$')


@dataclass(frozen=True)
class Url(Rule):
    """A web address; only http and https, so no javascript: or data: links."""

    def parse(self, text: str) -> str:
        """Accept http(s) URLs with a host and no spaces."""
        value = text.strip()
        if not URL_RE.match(value):
            raise RuleError(
                f"must be a web address starting with https:// or http://, got {value!r}"
            )
        return value

    def describe(self) -> str:
        """Describe the URL form."""
        return "a web address starting https://"

    def json_schema(self) -> dict[str, Any]:
        """The same form as JSON Schema, for editors' completion and checks."""
        return {"type": "string", "pattern": URL_RE.pattern}


EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


@dataclass(frozen=True)
class Email(Rule):
    """An email address (shown as a mailto: link)."""

    def parse(self, text: str) -> str:
        """Accept a plain address; a mailto: prefix is tolerated and removed."""
        value = text.strip().removeprefix("mailto:")
        if not EMAIL_RE.match(value):
            raise RuleError(f"must be an email address such as office@school.org.uk, got {value!r}")
        return value

    def describe(self) -> str:
        """Describe the email form."""
        return "an email address"

    def json_schema(self) -> dict[str, Any]:
        """The same form as JSON Schema, for editors' completion and checks."""
        return {"type": "string", "pattern": EMAIL_RE.pattern}


PHONE_RE = re.compile(r"^\+?[0-9 ()-]+$")


@dataclass(frozen=True)
class Phone(Rule):
    """A telephone number (shown as a tel: link)."""

    def parse(self, text: str) -> str:
        """Accept digits, spaces, brackets and one leading plus."""
        value = text.strip()
        digits = re.sub(r"\D", "", value)
        if not PHONE_RE.match(value) or not 7 <= len(digits) <= 15:
            raise RuleError(f"must be a telephone number such as 01253 761245, got {value!r}")
        return value

    def describe(self) -> str:
        """Describe the phone form."""
        return "a telephone number"

    def json_schema(self) -> dict[str, Any]:
        """The same form as JSON Schema, for editors' completion and checks."""
        return {"type": "string", "pattern": PHONE_RE.pattern}


def tel_href(phone: str) -> str:
    """Turn a displayed number into the tel: link a phone can dial."""
    # "+44 (0)1253 …": the bracketed trunk zero is not dialled from abroad.
    return "tel:" + re.sub(r"[^0-9+]", "", phone.replace("(0)", ""))
