"""Record links in Markdown, `[Name](school:id)`: checked against the build, rewritten to pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SCHOOLS, load, problems_of, replace_once, write_project

from generator.links import check_links, rewrite_links

KNOWN = {
    "school": ["bramble-hill", "hawes-side"],
    "network": ["nesa"],
    "policy": ["safeguarding"],
    "event": ["maths-meeting"],
    "supplier": ["fresh-plates"],
}
FILENAMES = {
    "school": "schools.yaml",
    "network": "networks.yaml",
    "policy": "policies.yaml",
    "event": "events.yaml",
    "supplier": "suppliers.yaml",
}


def check(text: str, file: str = "content/guide.md") -> list[str]:
    problems = check_links(
        text,
        file,
        known=lambda kind, record_id: record_id in KNOWN[kind],
        ids=lambda kind: KNOWN[kind],
    )
    return [str(p) for p in problems]


def unknown(pos: str, kind: str, record_id: str, suggestion: str | None = None) -> str:
    """The expected problem line for a link to an unknown record."""
    hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
    filename = FILENAMES[kind]
    return (
        f"{pos}: link to unknown or non-public {kind} '{record_id}'{hint}; use the id of a "
        f"public {kind} in {filename}, e.g. [Name]({kind}:some-id)"
    )


# --- check_links ---------------------------------------------------------------------------


def test_links_to_known_records_are_fine() -> None:
    text = (
        "See [Hawes](school:hawes-side), [NESA](network:nesa), "
        "[the policy](policy:safeguarding#text),\n"
        "[the meeting](event:maths-meeting) and [Fresh Plates](supplier:fresh-plates).\n"
    )
    assert check(text) == []


def test_unknown_link_is_placed_at_its_target() -> None:
    text = "# Guide\n\nSee [Hawes](school:hawes-side) and\n[the x](school:hawes-sid#top) too.\n"
    assert check(text) == [unknown("content/guide.md:4:9", "school", "hawes-sid", "hawes-side")]


def test_column_counts_characters_not_bytes() -> None:
    assert check("Café [x](school:nope)\n") == [unknown("content/guide.md:1:10", "school", "nope")]


def test_every_kind_is_checked_and_all_links_on_a_line_reported() -> None:
    text = "[a](event:nope) [b](policy:safeguarding) [c](supplier:fresh-plate)\n"
    assert check(text) == [
        unknown("content/guide.md:1:5", "event", "nope"),
        unknown("content/guide.md:1:46", "supplier", "fresh-plate", "fresh-plates"),
    ]


def test_empty_id_is_reported() -> None:
    assert check("[x](school:)\n") == [unknown("content/guide.md:1:5", "school", "")]


@pytest.mark.parametrize("fence", ["```", "~~~", "```yaml", "  ```"])
def test_links_inside_fenced_code_are_ignored(fence: str) -> None:
    text = f"Before.\n\n{fence}\n[no](school:nowhere)\n{fence.strip()[:3]}\n[yes](school:nope)\n"
    assert check(text) == [unknown("content/guide.md:6:7", "school", "nope")]


def test_a_different_fence_marker_does_not_close_the_block() -> None:
    text = "```\n~~~\n[no](school:nowhere)\n~~~\n```\n[yes](school:nope)\n"
    assert check(text) == [unknown("content/guide.md:6:7", "school", "nope")]


def test_an_unclosed_fence_hides_the_rest() -> None:
    assert check("```\n[no](school:nowhere)\n") == []


def test_ordinary_links_are_not_record_links() -> None:
    text = "[web](https://example.org) [page](../guide/start.md) [mail](mailto:a@b.org)\n"
    assert check(text) == []


def test_links_inside_inline_code_are_ignored() -> None:
    text = "Write `[Name](school:some-id)` to link to a school.\n"
    assert check(text) == []
    assert rewrite_links(text, "guide/start.md") == text


def test_links_with_a_title_are_checked_and_rewritten() -> None:
    assert check('[x](school:hawes-sid "Hawes Side")\n') == [
        unknown("content/guide.md:1:5", "school", "hawes-sid", "hawes-side")
    ]
    assert rewrite_links('[x](school:hawes-side "Hawes Side")', "guide/start.md") == (
        '[x](../schools/hawes-side.md "Hawes Side")'
    )


def test_mistyped_kind_gets_did_you_mean() -> None:
    assert check("See [Hawes](schol:hawes-side).\n") == [
        "content/guide.md:1:13: link to unknown record kind 'schol' (did you mean 'school'?); "
        "use one of: school, network, policy, event, supplier, e.g. [Name](school:some-id)"
    ]


# --- record links across a project ---------------------------------------------------------


def test_guidance_page_link_to_unknown_record(tmp_path: Path) -> None:
    guide = "# Guide\n\nRead about\n  [Hawes Side](school:hawes-sid) first.\n"
    project = write_project(tmp_path, **{"content/guide.md": guide})
    assert problems_of(project) == [
        unknown("content/guide.md:4:16", "school", "hawes-sid", "hawes-side")
    ]


def test_guidance_page_in_a_subfolder(tmp_path: Path) -> None:
    guide = "```\n[x](school:nowhere)\n```\n[NESA](network:nesaa)\n"
    project = write_project(tmp_path, **{"content/guide/start.md": guide})
    assert problems_of(project) == [
        unknown("content/guide/start.md:4:8", "network", "nesaa", "nesa")
    ]


def test_link_in_a_record_body(tmp_path: Path) -> None:
    body = "# Child protection\n\nAsk [the host](event:maths-meting).\n"
    project = write_project(tmp_path, **{"content/policies/safeguarding.md": body})
    assert problems_of(project) == [
        unknown("content/policies/safeguarding.md:3:16", "event", "maths-meting", "maths-meeting")
    ]


PRIVATE_BRAMBLE = SCHOOLS + "  public: false\n"
GUIDE_TO_BRAMBLE = "# Guide\n\nVisit [Bramble Hill](school:bramble-hill).\n"


def test_guidance_link_to_private_record_fails_the_public_build(tmp_path: Path) -> None:
    project = write_project(
        tmp_path, **{"schools.yaml": PRIVATE_BRAMBLE, "content/guide.md": GUIDE_TO_BRAMBLE}
    )
    assert problems_of(project, members=False) == [
        unknown("content/guide.md:3:22", "school", "bramble-hill")
    ]


def test_guidance_link_to_private_record_is_fine_for_members(tmp_path: Path) -> None:
    project = write_project(
        tmp_path, **{"schools.yaml": PRIVATE_BRAMBLE, "content/guide.md": GUIDE_TO_BRAMBLE}
    )
    assert problems_of(project, members=True) == []


def test_public_build_never_suggests_a_private_id(tmp_path: Path) -> None:
    guide = "Visit [Bramble Hill](school:bramble-hil).\n"
    project = write_project(
        tmp_path, **{"schools.yaml": PRIVATE_BRAMBLE, "content/guide.md": guide}
    )
    assert problems_of(project, members=False) == [
        unknown("content/guide.md:1:22", "school", "bramble-hil")
    ]
    assert problems_of(project, members=True) == [
        unknown("content/guide.md:1:22", "school", "bramble-hil", "bramble-hill")
    ]


def test_private_record_body_is_not_link_checked_in_the_public_build(tmp_path: Path) -> None:
    body = "Partners: [Bramble](school:bramble-hill), [Elsewhere](school:nowhere).\n"
    project = write_project(
        tmp_path,
        **{"schools.yaml": PRIVATE_BRAMBLE, "content/schools/bramble-hill.md": body},
    )
    assert problems_of(project, members=False) == []
    assert problems_of(project, members=True) == [
        unknown("content/schools/bramble-hill.md:1:55", "school", "nowhere")
    ]


def test_public_record_body_linking_a_private_record(tmp_path: Path) -> None:
    body = "Partner of [Bramble](school:bramble-hill).\n"
    project = write_project(
        tmp_path, **{"schools.yaml": PRIVATE_BRAMBLE, "content/schools/hawes-side.md": body}
    )
    assert problems_of(project, members=False) == [
        unknown("content/schools/hawes-side.md:1:22", "school", "bramble-hill")
    ]
    assert problems_of(project, members=True) == []


def test_link_to_a_broken_record_is_not_reported_again(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "type: community", "type: comunity")
    project = write_project(
        tmp_path, **{"schools.yaml": schools, "content/guide.md": GUIDE_TO_BRAMBLE}
    )
    assert problems_of(project) == [
        "schools.yaml:13:9: school 'bramble-hill': type must be one of: community, foundation, "
        "voluntary aided, voluntary controlled, academy, free school, studio school, university "
        "technical college, pupil referral unit, independent, maintained nursery, partner "
        "school abroad; got 'comunity' (did you mean 'community'?)"
    ]


def test_home_page_intro_is_checked(tmp_path: Path) -> None:
    project = write_project(tmp_path, **{"content/index.md": "Welcome to [NESA](network:nsea).\n"})
    assert problems_of(project) == [unknown("content/index.md:1:19", "network", "nsea", "nesa")]
    write_project(tmp_path, **{"content/index.md": "Welcome to [NESA](network:nesa).\n"})
    assert load(tmp_path).bodies[("home", "index")].text == "Welcome to [NESA](network:nesa).\n"


# --- rewrite_links -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "link", "target"),
    [
        ("guide/start.md", "school:hawes-side", "../schools/hawes-side.md"),
        ("guide/deeper/start.md", "school:hawes-side", "../../schools/hawes-side.md"),
        ("index.md", "school:hawes-side", "schools/hawes-side.md"),
        ("guide.md", "network:nesa", "networks/nesa.md"),
        ("schools/bramble-hill.md", "school:hawes-side", "hawes-side.md"),
        ("schools/bramble-hill.md", "policy:safeguarding", "../policies/safeguarding.md"),
        ("events/index.md", "event:maths-meeting", "maths-meeting.md"),
        ("guide/start.md", "supplier:fresh-plates", "../suppliers/fresh-plates.md"),
    ],
)
def test_rewrite_makes_relative_md_links(page: str, link: str, target: str) -> None:
    assert rewrite_links(f"See [it]({link}).", page) == f"See [it]({target})."


def test_rewrite_keeps_anchors() -> None:
    text = "[the policy](policy:safeguarding#text) and [x](school:hawes-side#events)\n"
    assert rewrite_links(text, "guide/start.md") == (
        "[the policy](../policies/safeguarding.md#text) and [x](../schools/hawes-side.md#events)\n"
    )


def test_rewrite_leaves_code_blocks_and_other_links_alone() -> None:
    text = (
        "See [x](school:hawes-side).\n"
        "```\n"
        "[z](school:hawes-side)\n"
        "```\n"
        "[w](https://example.org) [v](../other.md) [m](mailto:a@b.org)\n"
    )
    assert rewrite_links(text, "guide/start.md") == (
        "See [x](../schools/hawes-side.md).\n"
        "```\n"
        "[z](school:hawes-side)\n"
        "```\n"
        "[w](https://example.org) [v](../other.md) [m](mailto:a@b.org)\n"
    )


def test_rewrite_keeps_line_endings() -> None:
    assert rewrite_links("[x](school:a)\r\n[y](school:b)", "a/b.md") == (
        "[x](../schools/a.md)\r\n[y](../schools/b.md)"
    )
