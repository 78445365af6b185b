"""The single-value rules in generator/rules.py: good values, bad values, exact messages."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from generator.models import PHASES, POLICY_CATEGORIES
from generator.rules import (
    Bool,
    Choice,
    Day,
    Email,
    Integer,
    LocalTime,
    Number,
    Phone,
    Postcode,
    Recurrence,
    Ref,
    Rule,
    RuleError,
    Slug,
    Text,
    TimeZone,
    Url,
    Urn,
    did_you_mean,
    plain_characters,
    slugify,
    tel_href,
)


def error_of(rule: Rule, text: str) -> str:
    """The message a rule gives for `text`; fails if the rule accepts it."""
    with pytest.raises(RuleError) as caught:
        rule.parse(text)
    return str(caught.value)


# --- did_you_mean and slugify ---------------------------------------------------


def test_did_you_mean_suggests_the_closest_word() -> None:
    assert did_you_mean("publc", ["id", "name", "public"]) == " (did you mean 'public'?)"


def test_did_you_mean_is_silent_without_a_close_word() -> None:
    assert did_you_mean("zzz", ["id", "name", "public"]) == ""
    assert did_you_mean("anything", []) == ""


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Hawes Side Academy!", "hawes-side-academy"),
        ("../x", "x"),
        ("a__b", "a-b"),
        ("***", "my-id"),
    ],
)
def test_slugify_makes_an_id_shaped_suggestion(text: str, slug: str) -> None:
    assert slugify(text) == slug


# --- Urn --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("119346", "119346"), ("012345", "012345"), (" 119346 ", "119346")],
)
def test_urn_accepts_six_digits_as_text(text: str, value: str) -> None:
    parsed = Urn().parse(text)
    assert parsed == value
    assert isinstance(parsed, str)


def test_urn_keeps_a_leading_zero() -> None:
    assert Urn().parse("012345") == "012345"


@pytest.mark.parametrize("text", ["12345", "11934A", "1193466", "119 346", "URN119346", ""])
def test_urn_refuses_anything_but_six_digits(text: str) -> None:
    assert error_of(Urn(), text) == (
        f"must be 6 digits, got {text!r}; copy the URN from "
        "Get Information about Schools (e.g. 119346)"
    )


def test_urn_refuses_non_ascii_digits() -> None:
    assert error_of(Urn(), "１１９３４６") == (
        "must be 6 digits, got '１１９３４６'; copy the URN from "
        "Get Information about Schools (e.g. 119346)"
    )


# --- Postcode ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("fy43ln", "FY4 3LN"),
        ("FY4 3LN", "FY4 3LN"),
        ("fy4  3ln", "FY4 3LN"),
        (" ne61 1aa ", "NE61 1AA"),
        ("SW1A1AA", "SW1A 1AA"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("M1 1AE", "M1 1AE"),
        ("GIR0AA", "GIR 0AA"),
    ],
)
def test_postcode_is_normalised_to_upper_case_with_one_space(text: str, value: str) -> None:
    assert Postcode().parse(text) == value


@pytest.mark.parametrize("text", ["12345", "FY4", "ABC 123", "FY4 3LNX", "75008"])
def test_postcode_refuses_what_is_not_a_uk_postcode(text: str) -> None:
    assert error_of(Postcode(), text) == (
        f"must be a UK postcode such as 'FY4 3LN', got {text!r}; "
        "for a school abroad leave postcode out and give 'country'"
    )


def test_postcode_message_quotes_the_value_as_written() -> None:
    assert error_of(Postcode(), " fy4 ") == (
        "must be a UK postcode such as 'FY4 3LN', got 'fy4'; "
        "for a school abroad leave postcode out and give 'country'"
    )


# --- Url --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "https://example.org",
        "https://hawes-side.example.org.uk/",
        "http://example.org/a/b?c=d&e=f#g",
        "https://example.org:8080/x",
    ],
)
def test_url_accepts_http_and_https(text: str) -> None:
    assert Url().parse(text) == text


def test_url_is_stripped() -> None:
    assert Url().parse("  https://example.org  ") == "https://example.org"


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/file",
        "file:///etc/passwd",
        "mailto:office@example.org",
        "example.org",
        "//example.org",
        "https://",
        "https://exa mple.org",
        'https://example.org/"><script>alert(1)</script>',
        "https://user@evil.example.com",
    ],
)
def test_url_refuses_other_schemes_and_odd_forms(text: str) -> None:
    assert error_of(Url(), text) == (
        f"must be a web address starting with https:// or http://, got {text!r}"
    )


# --- Email ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("office@school.org.uk", "office@school.org.uk"),
        ("mailto:office@school.org.uk", "office@school.org.uk"),
        ("o'brien@x.co.uk", "o'brien@x.co.uk"),
        ("sbp.lead+net@nesa.example.org.uk", "sbp.lead+net@nesa.example.org.uk"),
        (" office@school.org.uk ", "office@school.org.uk"),
    ],
)
def test_email_accepts_plain_addresses(text: str, value: str) -> None:
    assert Email().parse(text) == value


@pytest.mark.parametrize(
    "text",
    ["office@school", "office.school.org.uk", "a b@x.org", "office@@x.org", "<a@x.org>"],
)
def test_email_refuses_what_is_not_an_address(text: str) -> None:
    assert error_of(Email(), text) == (
        f"must be an email address such as office@school.org.uk, got {text!r}"
    )


# --- Phone ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["01253 761245", "+44 1253 761245", "(01253) 761245", "0800-123-456", "+44 (0)1253 761245"],
)
def test_phone_accepts_digits_spaces_brackets_and_a_leading_plus(text: str) -> None:
    assert Phone().parse(text) == text


@pytest.mark.parametrize(
    "text",
    ["12345", "01253 76124x", "1234567890123456", "++441253761245", "0125 3+761245", "ext 12"],
)
def test_phone_refuses_what_is_not_a_number(text: str) -> None:
    assert error_of(Phone(), text) == (
        f"must be a telephone number such as 01253 761245, got {text!r}"
    )


def test_tel_href_keeps_only_digits_and_plus() -> None:
    assert tel_href("01253 761245") == "tel:01253761245"
    assert tel_href("(01253) 761-245") == "tel:01253761245"


def test_tel_href_drops_the_bracketed_trunk_zero() -> None:
    assert tel_href("+44 (0)1253 761245") == "tel:+441253761245"


# --- Day --------------------------------------------------------------------------


def test_day_accepts_iso_dates() -> None:
    assert Day().parse("2026-03-01") == date(2026, 3, 1)
    assert Day().parse(" 2024-02-29 ") == date(2024, 2, 29)


@pytest.mark.parametrize(
    "text",
    ["01/03/2026", "2026-3-1", "20260301", "1 March 2026", "2026-03-01T10:00", "2026/03/01"],
)
def test_day_refuses_other_forms(text: str) -> None:
    assert error_of(Day(), text) == f"must be a date written YYYY-MM-DD, got {text!r}"


def test_day_says_when_a_well_formed_date_does_not_exist() -> None:
    assert error_of(Day(), "2026-02-30") == (
        "is not a real date, got '2026-02-30'; check the day and the month (YYYY-MM-DD)"
    )


@pytest.mark.parametrize("text", ["1900-01-01", "2100-12-31"])
def test_day_accepts_the_ends_of_the_date_range(text: str) -> None:
    assert Day().parse(text) == date.fromisoformat(text)


@pytest.mark.parametrize(
    "text", ["0001-01-01", "0205-09-01", "1899-12-31", "2101-01-01", "9999-12-31"]
)
def test_day_refuses_a_date_outside_the_range_and_names_it(text: str) -> None:
    assert error_of(Day(), text) == (
        f"is outside the dates this site accepts, got {text!r}; "
        "give a date from 1900-01-01 to 2100-12-31"
    )


# --- LocalTime --------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2027-01-14 16:00", "2027-01-14T16:00", " 2027-01-14 16:00 "])
def test_local_time_accepts_date_and_24_hour_time(text: str) -> None:
    assert LocalTime().parse(text) == datetime(2027, 1, 14, 16, 0)


def test_local_time_is_naive() -> None:
    assert LocalTime().parse("2027-01-14 16:00").tzinfo is None


@pytest.mark.parametrize(
    "text",
    [
        "2027-01-14T16:00+01:00",
        "2027-01-14T16:00Z",
        "2027-01-14 16:00:00",
        "2027-01-14 4:00",
        "2027-01-14 4pm",
        "2027-01-14",
        "14/01/2027 16:00",
        "2027-01-14 25:00",
    ],
)
def test_local_time_refuses_other_forms_and_offsets(text: str) -> None:
    assert error_of(LocalTime(), text) == (
        "must be a date and time written 'YYYY-MM-DD HH:MM' (24-hour clock), "
        f"got {text!r}; give the time zone in the 'timezone' field"
    )


@pytest.mark.parametrize("text", ["1899-12-31 23:59", "2101-01-01 00:00", "9999-12-31 23:59"])
def test_local_time_refuses_a_date_outside_the_range(text: str) -> None:
    assert error_of(LocalTime(), text) == (
        f"is outside the dates this site accepts, got {text!r}; "
        "give a date from 1900-01-01 to 2100-12-31"
    )


# --- Recurrence -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("FREQ=MONTHLY;BYDAY=1TU;COUNT=6", "FREQ=MONTHLY;BYDAY=1TU;COUNT=6"),
        ("RRULE:freq=weekly;until=2027-07-31", "FREQ=WEEKLY;UNTIL=20270731T235959Z"),
        ("FREQ=YEARLY;BYMONTH=10;BYDAY=-1FR;COUNT=3", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1FR;COUNT=3"),
        (
            "FREQ=MONTHLY;BYMONTHDAY=-1;INTERVAL=2;COUNT=3",
            "FREQ=MONTHLY;BYMONTHDAY=-1;INTERVAL=2;COUNT=3",
        ),
        ("FREQ=DAILY;UNTIL=21001231T120000Z", "FREQ=DAILY;UNTIL=21001231T120000Z"),
    ],
)
def test_recurrence_accepts_and_normalises(text: str, value: str) -> None:
    assert Recurrence().parse(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("FREQ=DAILY;INTERVAL=0;COUNT=3", "INTERVAL must be a whole number from 1 to 999, got '0'"),
        (
            "FREQ=DAILY;INTERVAL=-1;COUNT=3",
            "INTERVAL must be a whole number from 1 to 999, got '-1'",
        ),
        (
            "FREQ=DAILY;INTERVAL=1000;COUNT=3",
            "INTERVAL must be a whole number from 1 to 999, got '1000'",
        ),
        ("FREQ=DAILY;INTERVAL=1,2;COUNT=3", "INTERVAL must be one whole number, got '1,2'"),
        ("FREQ=DAILY;COUNT=0", "COUNT must be a whole number from 1 to 500, got '0'"),
        ("FREQ=DAILY;COUNT=501", "COUNT must be a whole number from 1 to 500, got '501'"),
        ("FREQ=DAILY;COUNT=²", "COUNT must be a whole number from 1 to 500, got '²'"),
        ("FREQ=DAILY;COUNT=١", "COUNT must be a whole number from 1 to 500, got '١'"),
        (
            "FREQ=YEARLY;BYMONTH=13;COUNT=2",
            "BYMONTH must be a whole number from 1 to 12, got '13'",
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=32;COUNT=2",
            "BYMONTHDAY must be a whole number from 1 to 31 (or -31 to -1 counting from the "
            "end), got '32'",
        ),
        (
            "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0;COUNT=2",
            "BYSETPOS must be a whole number from 1 to 366 (or -366 to -1 counting from the "
            "end), got '0'",
        ),
        (
            "FREQ=MONTHLY;BYDAY=0MO;COUNT=2",
            "BYDAY must name days as MO, TU, WE, TH, FR, SA, SU, each with an optional number "
            "1 to 53 before it (e.g. 1TU, -1FR), got '0MO'",
        ),
        (
            "FREQ=MONTHLY;BYDAY=MONDAY;COUNT=2",
            "BYDAY must name days as MO, TU, WE, TH, FR, SA, SU, each with an optional number "
            "1 to 53 before it (e.g. 1TU, -1FR), got 'MONDAY'",
        ),
        ("FREQ=DAILY;COUNT=2;COUNT=3", "gives COUNT twice; keep one COUNT="),
        (
            "FREQ=DAILY;UNTIL=2226-12-31",
            "UNTIL is outside the dates this site accepts, got '2226-12-31'; "
            "give a date from 1900-01-01 to 2100-12-31",
        ),
        (
            "FREQ=DAILY;UNTIL=2027-02-30",
            "UNTIL is not a real date, got '2027-02-30'; check the day and month",
        ),
        (
            "FREQ=DAILY;COUNT=2;UNTIL=2027-01-01",
            "needs exactly one of COUNT=n or UNTIL=YYYY-MM-DD, so the series ends",
        ),
    ],
)
def test_recurrence_refuses_parts_dateutil_would_read_loosely(text: str, message: str) -> None:
    assert error_of(Recurrence(), text) == message


# --- TimeZone ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("Europe/London", "Europe/London"), ("UTC", "UTC"), (" Europe/Rome ", "Europe/Rome")],
)
def test_time_zone_accepts_iana_names(text: str, value: str) -> None:
    assert TimeZone().parse(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "BST",
        "../../etc/passwd",
        "/etc/localtime",
        "Mars/Olympus",
        "right/UTC",
        "Europe/" + "x" * 300,
    ],
)
def test_time_zone_refuses_unknown_names_and_paths(text: str) -> None:
    message = error_of(TimeZone(), text)
    assert message.startswith(f"is not a known time zone, got {text!r}")
    assert message.endswith("; use a name such as 'Europe/London'")


def test_time_zone_suggests_the_nearest_name() -> None:
    assert error_of(TimeZone(), "Europe/Londn") == (
        "is not a known time zone, got 'Europe/Londn' (did you mean 'Europe/London'?); "
        "use a name such as 'Europe/London'"
    )


# --- Choice -----------------------------------------------------------------------

PHASE_LIST = (
    "nursery, primary, middle, secondary, all-through, special, alternative provision, post-16"
)


def test_choice_accepts_a_listed_word() -> None:
    assert Choice(choices=PHASES).parse("primary") == "primary"
    assert Choice(choices=PHASES).parse(" alternative provision ") == "alternative provision"


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("primry", "primary"),
        ("seconday", "secondary"),
        ("Primary", "primary"),
        ("post 16", "post-16"),
    ],
)
def test_choice_suggests_the_nearest_word(text: str, suggestion: str) -> None:
    assert error_of(Choice(choices=PHASES), text) == (
        f"must be one of: {PHASE_LIST}; got {text!r} (did you mean '{suggestion}'?)"
    )


def test_choice_without_a_near_word_lists_the_words() -> None:
    assert error_of(Choice(choices=PHASES), "university") == (
        f"must be one of: {PHASE_LIST}; got 'university'"
    )


def test_choice_suggests_across_letter_case() -> None:
    categories = ", ".join(POLICY_CATEGORIES)
    assert error_of(Choice(choices=POLICY_CATEGORIES), "send") == (
        f"must be one of: {categories}; got 'send' (did you mean 'SEND'?)"
    )


# --- Bool -------------------------------------------------------------------------


def test_bool_accepts_only_true_and_false() -> None:
    assert Bool().parse("true") is True
    assert Bool().parse("false") is False


@pytest.mark.parametrize(
    "text", ["True", "False", "TRUE", "yes", "no", "on", "off", "y", "n", "1", "0", "", " true"]
)
def test_bool_refuses_yaml_1_1_spellings(text: str) -> None:
    assert error_of(Bool(), text) == f"must be true or false (unquoted, lowercase), got {text!r}"


# --- Integer and Number -----------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [("1", 1), ("5", 5), (" 3 ", 3)])
def test_integer_accepts_whole_numbers_in_range(text: str, value: int) -> None:
    assert Integer(1, 5).parse(text) == value


@pytest.mark.parametrize("text", ["0", "6", "-1", "3.5", "four", "1e1", "", "5" * 5000, "٣"])
def test_integer_refuses_out_of_range_and_non_whole(text: str) -> None:
    assert error_of(Integer(1, 5), text) == f"must be a whole number from 1 to 5, got {text!r}"


@pytest.mark.parametrize(("text", "value"), [("54.1", 54.1), ("-1.5", -1.5), ("90", 90.0)])
def test_number_accepts_decimals_in_range(text: str, value: float) -> None:
    assert Number(-90, 90).parse(text) == value


@pytest.mark.parametrize("text", ["91", "-90.5", "east", "1e3", ".5", "54,1"])
def test_number_refuses_out_of_range_and_odd_forms(text: str) -> None:
    assert error_of(Number(-90, 90), text) == f"must be a number from -90 to 90, got {text!r}"


# --- Slug and Ref -----------------------------------------------------------------


@pytest.mark.parametrize("text", ["hawes-side", "a1", "x", "2024-cohort", "a" * 80])
def test_slug_accepts_lowercase_digits_and_single_hyphens(text: str) -> None:
    assert Slug().parse(text) == text


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("Hawes-Side", "hawes-side"),
        ("hawes side", "hawes-side"),
        ("hawes/side", "hawes-side"),
        ("../x", "x"),
        ("..", "my-id"),
        ("hawes--side", "hawes-side"),
        ("-x", "x"),
        ("x-", "x"),
        ("a_b", "a-b"),
        ("école", "cole"),
        ("", "my-id"),
    ],
)
def test_slug_refuses_anything_that_could_become_a_path(text: str, suggestion: str) -> None:
    assert error_of(Slug(), text) == (
        f"must use only lowercase letters, digits and single hyphens, got {text!r}; "
        f"try '{suggestion}'"
    )


def test_slug_says_when_an_id_is_too_long() -> None:
    assert error_of(Slug(), "a" * 81) == "is 81 characters long; shorten it to at most 80"


def test_ref_checks_the_id_form_and_names_its_kind() -> None:
    assert Ref(kind="school").parse("hawes-side") == "hawes-side"
    assert error_of(Ref(kind="network"), "NESA") == (
        "must use only lowercase letters, digits and single hyphens, got 'NESA'; try 'nesa'"
    )
    assert Ref(kind="network").describe() == "the id of a network in networks.yaml"


# --- Text -------------------------------------------------------------------------


def test_text_is_stripped() -> None:
    assert Text().parse("  Hawes Side  ") == "Hawes Side"
    assert Text().parse("two\nlines") == "two\nlines"


@pytest.mark.parametrize("text", ["", "   ", "\n", "\u200b", " \u200b\u2060\ufeff "])
def test_text_refuses_empty(text: str) -> None:
    assert error_of(Text(), text) == "is empty; write some text or remove the field"


def test_text_refuses_overlong() -> None:
    assert Text(200).parse("a" * 200) == "a" * 200
    assert error_of(Text(200), "a" * 201) == ("is 201 characters long; shorten it to at most 200")


def test_single_line_text_refuses_line_breaks() -> None:
    assert error_of(Text(200, single_line=True), "Hawes\nSide") == (
        "must be on one line; remove the line breaks"
    )


# --- characters no value may hold ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a\x1bb", "contains U+001B ESCAPE at character 2"),
        ("ab\x00", "contains U+0000 NULL at character 3"),
        ("a\tb", "contains U+0009 CHARACTER TABULATION at character 2"),
        ("a\rb", "contains U+000D CARRIAGE RETURN at character 2"),
        ("a\r\n\rb", "contains U+000D CARRIAGE RETURN at character 3"),
        ("a\x0cb", "contains U+000C FORM FEED at character 2"),
        ("a\x85b", "contains U+0085 NEXT LINE at character 2"),
        ("a\x9bb", "contains U+009B CONTROL SEQUENCE INTRODUCER at character 2"),
        ("a\x7fb", "contains U+007F DELETE at character 2"),
        ("é\u2028", "contains U+2028 LINE SEPARATOR at character 2"),
        ("é\u2029", "contains U+2029 PARAGRAPH SEPARATOR at character 2"),
        ("\u202eabc", "contains U+202E RIGHT-TO-LEFT OVERRIDE at character 1"),
        ("a\u2066b", "contains U+2066 LEFT-TO-RIGHT ISOLATE at character 2"),
        ("a\ud83db", "contains U+D83D (a surrogate half) at character 2"),
        ("a\ue000b", "contains U+E000 (a private-use character) at character 2"),
        ("a\U0010fffdb", "contains U+10FFFD (a private-use character) at character 2"),
        ("a\u0378\x1b", "contains U+0378 (no character assigned) at character 2"),
        ("a\ufffeb", "contains U+FFFE (no character assigned) at character 2"),
    ],
)
def test_plain_characters_names_the_first_refused_character(text: str, message: str) -> None:
    with pytest.raises(RuleError) as caught:
        plain_characters(text)
    assert str(caught.value) == (
        f"{message}; delete it: it is invisible and breaks calendars, spreadsheets and PDFs"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Hawes Side",
        "two\nlines",
        "Zürich, Ωμέγα, Привет, 学校, مدرسة, 😀, e\u0301",
        "zero\u200bwidth, joiner\u200d, mark\u200e, soft\u00adhyphen",
    ],
)
def test_plain_characters_keeps_text_and_line_feeds(text: str) -> None:
    assert plain_characters(text) == text


def test_plain_characters_reads_cr_lf_as_a_line_feed() -> None:
    assert plain_characters("two\r\nlines") == "two\nlines"


# --- describe() names the accepted form ---------------------------------------------


@pytest.mark.parametrize(
    ("rule", "form"),
    [
        (Text(), "text"),
        (Text(10, True), "one line of text"),
        (Slug(), "an id: lowercase letters, digits and hyphens, e.g. 'hawes-side'"),
        (Choice(choices=("a", "b")), "one of: a, b"),
        (Bool(), "true or false"),
        (Integer(1, 5), "a whole number from 1 to 5"),
        (Number(-90, 90), "a number from -90 to 90"),
        (Day(), "a date, YYYY-MM-DD"),
        (LocalTime(), "a date and time, 'YYYY-MM-DD HH:MM'"),
        (TimeZone(), "a time zone name such as Europe/London"),
        (Urn(), "a 6-digit URN, e.g. 119346"),
        (Postcode(), "a UK postcode, e.g. FY4 3LN"),
        (Url(), "a web address starting https://"),
        (Email(), "an email address"),
        (Phone(), "a telephone number"),
    ],
)
def test_describe_names_the_form(rule: Rule, form: str) -> None:
    assert rule.describe() == form
