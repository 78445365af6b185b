"""Field and record validation: each changed value gives exactly the expected problem lines."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import (
    EVENTS,
    NETWORKS,
    POLICIES,
    SCHOOLS,
    SUPPLIERS,
    load,
    problems_of,
    replace_once,
    write_project,
)

HAWES_END = "  networks: [nesa]\n- id: bramble-hill\n"
"""The last line of the first school: insert fields for hawes-side before its second line."""


def with_hawes_field(line: str) -> str:
    """schools.yaml with one more line in hawes-side's record (it becomes line 9)."""
    return replace_once(SCHOOLS, HAWES_END, f"  networks: [nesa]\n  {line}\n- id: bramble-hill\n")


def schools_problems(tmp_path: Path, schools: str, members: bool = True) -> list[str]:
    return problems_of(write_project(tmp_path, **{"schools.yaml": schools}), members=members)


# --- the baseline ----------------------------------------------------------------------


@pytest.mark.parametrize("members", [True, False])
def test_baseline_is_valid(tmp_path: Path, members: bool) -> None:
    assert problems_of(write_project(tmp_path), members=members) == []


def test_baseline_values_are_typed(tmp_path: Path) -> None:
    site = load(write_project(tmp_path))
    school = site.schools["hawes-side"]
    assert school.urn == "119346"
    assert school.postcode == "FY4 3LN"
    assert school.networks == ["nesa"]
    assert school.public is True
    assert site.schools["bramble-hill"].urn == "012345"
    event = site.events["maths-meeting"]
    assert event.start == datetime(2027, 1, 14, 16, 0)
    assert event.timezone == "Europe/London"
    assert event.status == "scheduled"
    policy = site.policies["safeguarding"]
    assert (policy.adopted, policy.review_due) == (date(2025, 9, 1), date(2026, 9, 1))
    recommendation = site.suppliers["fresh-plates"].recommendations[0]
    assert (recommendation.school, recommendation.rating) == ("hawes-side", 5)


# --- values checked by their rule --------------------------------------------------------


def test_urn_of_five_digits(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, 'urn: "119346"', 'urn: "12345"')
    assert schools_problems(tmp_path, schools) == [
        "schools.yaml:3:8: school 'hawes-side': urn must be 6 digits, got '12345'; "
        "copy the URN from Get Information about Schools (e.g. 119346)"
    ]


def test_urn_with_letters(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, 'urn: "119346"', "urn: 11934A")
    assert schools_problems(tmp_path, schools) == [
        "schools.yaml:3:8: school 'hawes-side': urn must be 6 digits, got '11934A'; "
        "copy the URN from Get Information about Schools (e.g. 119346)"
    ]


@pytest.mark.parametrize("urn", ['"012345"', "012345", "'012345'"])
def test_urn_leading_zero_is_kept(tmp_path: Path, urn: str) -> None:
    schools = replace_once(SCHOOLS, 'urn: "012345"', f"urn: {urn}")
    assert load(write_project(tmp_path, **{"schools.yaml": schools})).schools[
        "bramble-hill"
    ].urn == ("012345")


def test_postcode_is_normalised(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "postcode: FY4 3LN", "postcode: fy43ln")
    site = load(write_project(tmp_path, **{"schools.yaml": schools}))
    assert site.schools["hawes-side"].postcode == "FY4 3LN"


def test_bad_postcode(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "postcode: FY4 3LN", "postcode: 12345")
    assert schools_problems(tmp_path, schools) == [
        "schools.yaml:7:13: school 'hawes-side': postcode must be a UK postcode such as "
        "'FY4 3LN', got '12345'; for a school abroad leave postcode out and give 'country'"
    ]


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,hi", "ftp://example.org", "example.org"]
)
def test_website_must_be_http_or_https(tmp_path: Path, url: str) -> None:
    assert schools_problems(tmp_path, with_hawes_field(f"website: {url}")) == [
        "schools.yaml:9:12: school 'hawes-side': website must be a web address starting with "
        f"https:// or http://, got {url!r}"
    ]


def test_website_https_is_fine(tmp_path: Path) -> None:
    schools = with_hawes_field("website: https://hawes-side.example.org.uk/about?x=1#top")
    site = load(write_project(tmp_path, **{"schools.yaml": schools}))
    assert site.schools["hawes-side"].website == "https://hawes-side.example.org.uk/about?x=1#top"


def test_bad_email(tmp_path: Path) -> None:
    assert schools_problems(tmp_path, with_hawes_field("email: office@school")) == [
        "schools.yaml:9:10: school 'hawes-side': email must be an email address such as "
        "office@school.org.uk, got 'office@school'"
    ]


def test_mailto_prefix_is_removed(tmp_path: Path) -> None:
    schools = with_hawes_field("email: mailto:office@hawes-side.example.org.uk")
    site = load(write_project(tmp_path, **{"schools.yaml": schools}))
    assert site.schools["hawes-side"].email == "office@hawes-side.example.org.uk"


def test_bad_phone(tmp_path: Path) -> None:
    assert schools_problems(tmp_path, with_hawes_field('phone: "12345"')) == [
        "schools.yaml:9:10: school 'hawes-side': phone must be a telephone number such as "
        "01253 761245, got '12345'"
    ]


@pytest.mark.parametrize("joined", ["01/03/2026", "2026-3-1", "1 March 2026"])
def test_date_must_be_iso(tmp_path: Path, joined: str) -> None:
    assert schools_problems(tmp_path, with_hawes_field(f"joined: {joined}")) == [
        f"schools.yaml:9:11: school 'hawes-side': joined must be a date written YYYY-MM-DD, "
        f"got {joined!r}"
    ]


@pytest.mark.parametrize("start", ['"2027-01-14 16:00"', "2027-01-14 16:00", "2027-01-14T16:00"])
def test_event_start_forms(tmp_path: Path, start: str) -> None:
    events = replace_once(EVENTS, 'start: "2027-01-14 16:00"', f"start: {start}")
    site = load(write_project(tmp_path, **{"events.yaml": events}))
    assert site.events["maths-meeting"].start == datetime(2027, 1, 14, 16, 0)


def test_event_start_with_an_offset(tmp_path: Path) -> None:
    events = replace_once(EVENTS, 'start: "2027-01-14 16:00"', "start: 2027-01-14T16:00+01:00")
    assert problems_of(write_project(tmp_path, **{"events.yaml": events})) == [
        "events.yaml:4:10: event 'maths-meeting': start must be a date and time written "
        "'YYYY-MM-DD HH:MM' (24-hour clock), got '2027-01-14T16:00+01:00'; "
        "give the time zone in the 'timezone' field"
    ]


def test_event_time_zone(tmp_path: Path) -> None:
    events = EVENTS + "  timezone: Europe/Rome\n"
    assert load(write_project(tmp_path, **{"events.yaml": events})).events[
        "maths-meeting"
    ].timezone == ("Europe/Rome")


def test_unknown_time_zone(tmp_path: Path) -> None:
    events = EVENTS + "  timezone: Mars/Olympus\n"
    assert problems_of(write_project(tmp_path, **{"events.yaml": events})) == [
        "events.yaml:9:13: event 'maths-meeting': timezone is not a known time zone, "
        "got 'Mars/Olympus'; use a name such as 'Europe/London'"
    ]


def test_phase_typo_gets_did_you_mean(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "phase: primary", "phase: primry")
    assert schools_problems(tmp_path, schools) == [
        "schools.yaml:4:10: school 'hawes-side': phase must be one of: nursery, primary, "
        "middle, secondary, all-through, special, alternative provision, post-16; "
        "got 'primry' (did you mean 'primary'?)"
    ]


def test_event_status_not_listed(tmp_path: Path) -> None:
    events = EVENTS + "  status: postponed\n"
    assert problems_of(write_project(tmp_path, **{"events.yaml": events})) == [
        "events.yaml:9:11: event 'maths-meeting': status must be one of: scheduled, "
        "cancelled; got 'postponed'"
    ]


def test_overlong_name(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "name: Hawes Side Academy", "name: " + "x" * 201)
    assert schools_problems(tmp_path, schools) == [
        "schools.yaml:2:9: school 'hawes-side': name is 201 characters long; "
        "shorten it to at most 200"
    ]


def test_name_on_several_lines(tmp_path: Path) -> None:
    schools = replace_once(
        SCHOOLS, "  name: Bramble Hill School\n", "  name: |\n    Bramble\n    Hill\n"
    )
    assert schools_problems(tmp_path, schools) == [
        "schools.yaml:10:9: school 'bramble-hill': name must be on one line; remove the line breaks"
    ]


# --- strict booleans -------------------------------------------------------------------


def test_public_false_unquoted_is_fine(tmp_path: Path) -> None:
    site = load(write_project(tmp_path, **{"schools.yaml": with_hawes_field("public: false")}))
    assert site.schools["hawes-side"].public is False


def test_public_quoted_false_is_an_error(tmp_path: Path) -> None:
    assert schools_problems(tmp_path, with_hawes_field('public: "false"')) == [
        "schools.yaml:9:11: school 'hawes-side': 'public' must be written without quotes, "
        "got 'false' in quotes; write true or false"
    ]


@pytest.mark.parametrize("value", ["yes", "no", "False", "TRUE", "on", "0"])
def test_public_yaml_1_1_booleans_are_errors(tmp_path: Path, value: str) -> None:
    assert schools_problems(tmp_path, with_hawes_field(f"public: {value}")) == [
        "schools.yaml:9:11: school 'hawes-side': public must be true or false "
        f"(unquoted, lowercase), got {value!r}"
    ]


def test_quoted_statutory_is_an_error(tmp_path: Path) -> None:
    policies = replace_once(POLICIES, "statutory: true", 'statutory: "true"')
    assert problems_of(write_project(tmp_path, **{"policies.yaml": policies})) == [
        "policies.yaml:9:14: policy 'safeguarding': 'statutory' must be written without "
        "quotes, got 'true' in quotes; write true or false"
    ]


def test_quoted_rating_is_an_error(tmp_path: Path) -> None:
    suppliers = replace_once(SUPPLIERS, "rating: 5", 'rating: "5"')
    assert problems_of(write_project(tmp_path, **{"suppliers.yaml": suppliers})) == [
        "suppliers.yaml:7:15: supplier 'fresh-plates': 'rating' must be written without "
        "quotes, got '5' in quotes; write a whole number from 1 to 5"
    ]


def test_rating_out_of_range(tmp_path: Path) -> None:
    suppliers = replace_once(SUPPLIERS, "rating: 5", "rating: 6")
    assert problems_of(write_project(tmp_path, **{"suppliers.yaml": suppliers})) == [
        "suppliers.yaml:7:15: supplier 'fresh-plates': rating must be a whole number "
        "from 1 to 5, got '6'"
    ]


# --- unknown, missing and misshapen fields -------------------------------------------------

SCHOOL_FIELDS = (
    "id, name, urn, country, phase, type, local_authority, address, postcode, website, "
    "email, phone, trust, networks, coordinates, joined, summary, status, closed, age_low, "
    "age_high, pupils, register, public"
)


def test_unknown_key_gets_did_you_mean(tmp_path: Path) -> None:
    assert schools_problems(tmp_path, with_hawes_field("publc: false")) == [
        "schools.yaml:9:3: school 'hawes-side': unknown field 'publc' (did you mean "
        f"'public'?); allowed fields are: {SCHOOL_FIELDS}"
    ]


def test_unknown_key_without_a_near_name(tmp_path: Path) -> None:
    assert schools_problems(tmp_path, with_hawes_field("headteacher: Ms Smith")) == [
        "schools.yaml:9:3: school 'hawes-side': unknown field 'headteacher'; "
        f"allowed fields are: {SCHOOL_FIELDS}"
    ]


def test_unknown_key_in_a_nested_part(tmp_path: Path) -> None:
    schools = with_hawes_field("coordinates:\n    lat: 53.8\n    lng: -3.0")
    assert schools_problems(tmp_path, schools) == [
        "schools.yaml:10:5: school 'hawes-side': missing required field 'lon'; add 'lon: …' "
        "(a number from -180 to 180)",
        "schools.yaml:11:5: school 'hawes-side': unknown field 'lng' (did you mean 'lon'?); "
        "allowed fields are: lat, lon",
    ]


def test_missing_required_field(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "  name: Hawes Side Academy\n", "")
    assert schools_problems(tmp_path, schools) == [
        "schools.yaml:1:3: school 'hawes-side': missing required field 'name'; "
        "add 'name: …' (one line of plain text without < or >)"
    ]


def test_required_field_left_blank(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "  name: Hawes Side Academy\n", "  name:\n")
    assert schools_problems(tmp_path, schools) == [
        "schools.yaml:2:8: school 'hawes-side': 'name' is empty; "
        "give one line of plain text without < or >"
    ]


def test_several_required_fields_missing(tmp_path: Path) -> None:
    schools = SCHOOLS + "- id: lonely\n"
    assert schools_problems(tmp_path, schools) == [
        "schools.yaml:16:3: school 'lonely': missing required field 'name'; "
        "add 'name: …' (one line of plain text without < or >)",
        "schools.yaml:16:3: school 'lonely': missing required field 'phase'; add 'phase: …' "
        "(one of: nursery, primary, middle, secondary, all-through, special, alternative "
        "provision, post-16)",
        "schools.yaml:16:3: school 'lonely': missing required field 'type'; add 'type: …' "
        "(one of: community, foundation, voluntary aided, voluntary controlled, academy, "
        "free school, studio school, university technical college, pupil referral unit, "
        "independent, maintained nursery, partner school abroad)",
    ]


def test_missing_id_names_the_record_by_number(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "- id: bramble-hill\n", "- id:\n")
    assert schools_problems(tmp_path, schools) == [
        "schools.yaml:9:6: school #2: 'id' is empty; "
        "give an id: lowercase letters, digits and hyphens, e.g. 'hawes-side'"
    ]


def test_a_list_field_given_one_value(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, HAWES_END, "  networks: nesa\n- id: bramble-hill\n")
    assert schools_problems(tmp_path, schools) == [
        "schools.yaml:8:13: school 'hawes-side': 'networks' must be a list; "
        "write each item on its own '- ' line"
    ]


def test_a_single_value_given_a_list(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "name: Bramble Hill School", "name: [Bramble, Hill]")
    assert schools_problems(tmp_path, schools) == [
        "schools.yaml:10:9: school 'bramble-hill': 'name' must be a single value, "
        "not a list or mapping; one line of plain text without < or >"
    ]


def test_a_nested_part_given_one_value(tmp_path: Path) -> None:
    networks = NETWORKS + "  governance: Steering group\n"
    assert problems_of(write_project(tmp_path, **{"networks.yaml": networks})) == [
        "networks.yaml:5:15: network 'nesa': 'governance' must be a set of 'field: value' lines"
    ]


def test_an_entry_that_is_not_a_mapping(tmp_path: Path) -> None:
    suppliers = SUPPLIERS + "- just-a-name\n"
    assert problems_of(write_project(tmp_path, **{"suppliers.yaml": suppliers})) == [
        "suppliers.yaml:9:3: supplier #2: each entry in suppliers.yaml must be a set of "
        "'field: value' lines"
    ]


def test_errors_in_nested_list_items(tmp_path: Path) -> None:
    networks = NETWORKS + (
        "  contacts:\n"
        "    - role: SBP lead\n"
        "      email: sbp-lead\n"
        "    - email: office@nesa.example.org.uk\n"
    )
    assert problems_of(write_project(tmp_path, **{"networks.yaml": networks})) == [
        "networks.yaml:7:14: network 'nesa': email must be an email address such as "
        "office@school.org.uk, got 'sbp-lead'",
        "networks.yaml:8:7: network 'nesa': missing required field 'role'; "
        "add 'role: …' (one line of text)",
    ]


def test_empty_item_in_a_text_list(tmp_path: Path) -> None:
    suppliers = SUPPLIERS + '  services: [Meals, "", Breakfast]\n'
    assert problems_of(write_project(tmp_path, **{"suppliers.yaml": suppliers})) == [
        "suppliers.yaml:9:21: supplier 'fresh-plates': services[2] is empty; "
        "write some text or remove the field"
    ]


def test_coordinates_out_of_range(tmp_path: Path) -> None:
    schools = with_hawes_field("coordinates:\n    lat: 91\n    lon: east")
    assert schools_problems(tmp_path, schools) == [
        "schools.yaml:10:10: school 'hawes-side': lat must be a number from -90 to 90, got '91'",
        "schools.yaml:11:10: school 'hawes-side': lon must be a number from -180 to 180, "
        "got 'east'",
    ]


# --- ids ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value", "suggestion"),
    [
        ("Bramble-Hill", "Bramble-Hill", "bramble-hill"),
        ("bramble hill", "bramble hill", "bramble-hill"),
        ('"bramble hill"', "bramble hill", "bramble-hill"),
        ("bramble/hill", "bramble/hill", "bramble-hill"),
        ("../x", "../x", "x"),
        ("'../../etc'", "../../etc", "etc"),
        ("bramble_hill", "bramble_hill", "bramble-hill"),
    ],
)
def test_id_that_could_become_a_path_is_refused(
    tmp_path: Path, written: str, value: str, suggestion: str
) -> None:
    schools = replace_once(SCHOOLS, "- id: bramble-hill", f"- id: {written}")
    assert schools_problems(tmp_path, schools) == [
        f"schools.yaml:9:7: school {value!r}: id must use only lowercase letters, digits and "
        f"single hyphens, got {value!r}; try '{suggestion}'"
    ]


def test_invalid_id_never_becomes_a_path(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "- id: bramble-hill", "- id: ../x")
    write_project(tmp_path / "project", **{"schools.yaml": schools})
    problems_of(tmp_path / "project")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


# --- record rules -----------------------------------------------------------------------------


def test_school_in_england_without_urn(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, '  urn: "012345"\n', "")
    assert schools_problems(tmp_path, schools) == [
        "schools.yaml:9:3: school 'bramble-hill': urn is required for a school in England; "
        "add 'urn: \"123456\"' or, for a partner school abroad, give 'country' instead"
    ]


def test_school_in_england_without_local_authority(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "  local_authority: Northumberland\n", "")
    assert schools_problems(tmp_path, schools) == [
        "schools.yaml:9:3: school 'bramble-hill': local_authority is required for a school "
        "in England; add e.g. 'local_authority: Northumberland'"
    ]


def test_country_england_still_needs_urn(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, '  urn: "012345"\n', "  country: England\n")
    assert schools_problems(tmp_path, schools) == [
        "schools.yaml:9:3: school 'bramble-hill': urn is required for a school in England; "
        "add 'urn: \"123456\"' or, for a partner school abroad, give 'country' instead"
    ]


ITALIAN = """\
- id: liceo-galilei
  name: Liceo Galilei
  country: Italy
  phase: secondary
  type: partner school abroad
"""


def test_partner_school_abroad_needs_no_urn(tmp_path: Path) -> None:
    site = load(write_project(tmp_path, **{"schools.yaml": SCHOOLS + ITALIAN}))
    assert site.schools["liceo-galilei"].urn is None


def test_partner_school_abroad_with_a_urn(tmp_path: Path) -> None:
    schools = SCHOOLS + ITALIAN + '  urn: "654321"\n'
    assert schools_problems(tmp_path, schools) == [
        "schools.yaml:21:8: school 'liceo-galilei': urn is for schools in England, "
        "but country is 'Italy'; remove urn or remove country"
    ]


def test_partner_school_abroad_with_postcode_and_local_authority(tmp_path: Path) -> None:
    schools = SCHOOLS + ITALIAN + "  postcode: FY4 3LN\n  local_authority: Blackpool\n"
    assert schools_problems(tmp_path, schools) == [
        "schools.yaml:21:13: school 'liceo-galilei': postcode is for schools in England, "
        "but country is 'Italy'; remove postcode or remove country",
        "schools.yaml:22:20: school 'liceo-galilei': local_authority is for schools in "
        "England, but country is 'Italy'; remove local_authority or remove country",
    ]


@pytest.mark.parametrize("end", ["2027-01-14 15:30", "2027-01-14 16:00", "2027-01-13 18:00"])
def test_event_must_end_after_it_starts(tmp_path: Path, end: str) -> None:
    events = replace_once(EVENTS, '"2027-01-14 17:30"', f'"{end}"')
    assert problems_of(write_project(tmp_path, **{"events.yaml": events})) == [
        f"events.yaml:5:8: event 'maths-meeting': end ({end}) must be after start "
        "(2027-01-14 16:00); correct one of them"
    ]


def test_event_over_several_days_is_fine(tmp_path: Path) -> None:
    events = replace_once(EVENTS, '"2027-01-14 17:30"', '"2027-01-15 12:00"')
    assert problems_of(write_project(tmp_path, **{"events.yaml": events})) == []


def test_event_needs_a_venue_or_online(tmp_path: Path) -> None:
    events = replace_once(EVENTS, "  venue: Hawes Side Academy hall\n", "")
    assert problems_of(write_project(tmp_path, **{"events.yaml": events})) == [
        "events.yaml:1:3: event 'maths-meeting': an event needs a 'venue' or an 'online' "
        "joining link (or both); add one"
    ]


def test_online_event_without_venue_is_fine(tmp_path: Path) -> None:
    events = replace_once(
        EVENTS, "  venue: Hawes Side Academy hall\n", "  online: https://meet.example.org/maths\n"
    )
    site = load(write_project(tmp_path, **{"events.yaml": events}))
    assert site.events["maths-meeting"].online == "https://meet.example.org/maths"


def test_online_link_must_be_a_web_address(tmp_path: Path) -> None:
    events = replace_once(
        EVENTS, "  venue: Hawes Side Academy hall\n", "  online: javascript:alert(1)\n"
    )
    assert problems_of(write_project(tmp_path, **{"events.yaml": events})) == [
        "events.yaml:6:11: event 'maths-meeting': online must be a web address starting with "
        "https:// or http://, got 'javascript:alert(1)'",
    ]


@pytest.mark.parametrize("review_due", ["2025-08-01", "2025-09-01"])
def test_policy_review_due_before_adopted(tmp_path: Path, review_due: str) -> None:
    policies = replace_once(POLICIES, "review_due: 2026-09-01", f"review_due: {review_due}")
    assert problems_of(write_project(tmp_path, **{"policies.yaml": policies})) == [
        f"policies.yaml:8:15: policy 'safeguarding': review_due ({review_due}) must be after "
        "adopted (2025-09-01); correct one of them"
    ]


def test_sla_review_before_start(tmp_path: Path) -> None:
    suppliers = SUPPLIERS + "      sla:\n        start: 2025-09-01\n        review: 2025-08-31\n"
    assert problems_of(write_project(tmp_path, **{"suppliers.yaml": suppliers})) == [
        "suppliers.yaml:11:17: supplier 'fresh-plates': sla review (2025-08-31) must be after "
        "its start (2025-09-01); correct one of them"
    ]


# --- one mistake, one message --------------------------------------------------------------


def test_invalid_optional_value_is_not_also_reported_missing(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "local_authority: Blackpool", 'local_authority: ""')
    assert schools_problems(tmp_path, schools) == [
        "schools.yaml:6:20: school 'hawes-side': local_authority is empty; "
        "write some text or remove the field"
    ]


def test_broken_record_is_not_reported_again_where_referenced(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "phase: primary", "phase: primry")
    problems = schools_problems(tmp_path, schools)
    assert len(problems) == 1
    assert problems[0].startswith("schools.yaml:4:10: school 'hawes-side': phase must be")


def test_broken_record_body_is_not_reported_as_orphaned(tmp_path: Path) -> None:
    policies = replace_once(POLICIES, "  status: adopted\n", "")
    assert problems_of(write_project(tmp_path, **{"policies.yaml": policies})) == [
        "policies.yaml:1:3: policy 'safeguarding': missing required field 'status'; "
        "add 'status: …' (one of: draft, adopted, under review, withdrawn)"
    ]


# --- every problem in one run ---------------------------------------------------------------


def test_all_problems_of_a_file_are_reported_in_one_run_in_order(tmp_path: Path) -> None:
    schools = SCHOOLS
    schools = replace_once(schools, 'urn: "119346"', 'urn: "12345"')
    schools = replace_once(schools, "phase: primary", "phase: primry")
    schools = replace_once(
        schools, HAWES_END, "  networks: [nesa]\n  publc: false\n- id: bramble-hill\n"
    )
    schools = replace_once(schools, "  type: community\n", "")
    schools += "  postcode: NOWHERE\n"
    events = replace_once(EVENTS, '"2027-01-14 17:30"', '"2027-01-14 15:00"')
    project = write_project(tmp_path, **{"schools.yaml": schools, "events.yaml": events})
    assert problems_of(project) == [
        "events.yaml:5:8: event 'maths-meeting': end (2027-01-14 15:00) must be after start "
        "(2027-01-14 16:00); correct one of them",
        "schools.yaml:3:8: school 'hawes-side': urn must be 6 digits, got '12345'; "
        "copy the URN from Get Information about Schools (e.g. 119346)",
        "schools.yaml:4:10: school 'hawes-side': phase must be one of: nursery, primary, "
        "middle, secondary, all-through, special, alternative provision, post-16; "
        "got 'primry' (did you mean 'primary'?)",
        "schools.yaml:9:3: school 'hawes-side': unknown field 'publc' (did you mean "
        f"'public'?); allowed fields are: {SCHOOL_FIELDS}",
        "schools.yaml:10:3: school 'bramble-hill': missing required field 'type'; "
        "add 'type: …' (one of: community, foundation, voluntary aided, voluntary "
        "controlled, academy, free school, studio school, university technical college, "
        "pupil referral unit, independent, maintained nursery, partner school abroad)",
        "schools.yaml:16:13: school 'bramble-hill': postcode must be a UK postcode such as "
        "'FY4 3LN', got 'NOWHERE'; for a school abroad leave postcode out and give 'country'",
    ]
