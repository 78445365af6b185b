"""Change summaries between two git revisions of a data repository built in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import (
    EVENTS,
    NETWORKS,
    POLICY_BODY,
    SCHOOLS,
    SUPPLIERS,
    replace_once,
)
from git_repos import NO_PAGES, NO_RECORDS, PAGES, change, commit_all, data_repo, diff


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return data_repo(tmp_path / "data")


def test_no_changes(repo: Path) -> None:
    result = diff(repo, "HEAD", "HEAD")
    assert result.returncode == 0
    assert result.stdout == "## Changes to the records\n\nNo changes to the records.\n" + NO_PAGES


def test_added_and_removed_schools(repo: Path) -> None:
    schools = SCHOOLS.replace("- id: bramble-hill", "- id: zz-removed-marker").split(
        "- id: zz-removed-marker"
    )[0]
    schools += (
        '- id: cedar-vale\n  name: Cedar Vale Primary\n  urn: "123456"\n  phase: primary\n'
        "  type: community\n  local_authority: Gateshead\n  public: false\n"
        '- id: oak-ridge\n  name: Oak Ridge Academy\n  urn: "223456"\n  phase: secondary\n'
        "  type: academy\n  local_authority: Gateshead\n"
    )
    change(repo, "schools.yaml", schools)
    assert diff(repo, "HEAD~1", "HEAD").stdout == (
        "## Changes to the records\n\n"
        "2 schools added, 1 school removed.\n\n"
        "- 1 school added: `Oak Ridge Academy` (`oak-ridge`)\n"
        "- 1 school removed: `Bramble Hill School` (`bramble-hill`)\n"
        "- a private school was added\n" + NO_PAGES
    )


def test_modified_fields_rating_cancellation_and_visibility(repo: Path) -> None:
    (repo / "suppliers.yaml").write_text(replace_once(SUPPLIERS, "rating: 5", "rating: 3"))
    (repo / "events.yaml").write_text(EVENTS + "  status: cancelled\n")
    schools = replace_once(
        SCHOOLS,
        "  networks: [nesa]\n- id: bramble-hill",
        "  networks: [nesa]\n  public: false\n- id: bramble-hill",
    )
    schools = replace_once(schools, "local_authority: Northumberland", "local_authority: Gateshead")
    (repo / "schools.yaml").write_text(schools)
    commit_all(repo, "several")
    assert diff(repo, "HEAD~1", "HEAD").stdout == (
        "## Changes to the records\n\n"
        "1 school changed, 1 school made not public, 1 event cancelled, "
        "1 supplier recommendation changed.\n\n"
        "- school `Bramble Hill School` (`bramble-hill`): "
        "local_authority `Northumberland` → `Gateshead`\n"
        "- a school was made not public\n"
        "- event `Maths network meeting` (`maths-meeting`): cancelled\n"
        # By a school that is private now: the public site leaves it out.
        "- supplier `Fresh Plates Catering` (`fresh-plates`): "
        "a private recommendation changed\n" + NO_PAGES
    )


def test_renamed_id_is_reported_as_a_rename(repo: Path) -> None:
    change(
        repo,
        "schools.yaml",
        replace_once(SCHOOLS, "- id: bramble-hill", "- id: bramble-hill-school"),
    )
    assert diff(repo, "HEAD~1", "HEAD").stdout == (
        "## Changes to the records\n\n"
        "1 school renamed.\n\n"
        "- school id renamed: `bramble-hill` → `bramble-hill-school` "
        "(`Bramble Hill School`)\n" + NO_PAGES
    )


def test_recommendation_added_and_removed(repo: Path) -> None:
    suppliers = SUPPLIERS.replace("    - school: hawes-side", "    - school: bramble-hill")
    change(repo, "suppliers.yaml", suppliers)
    assert diff(repo, "HEAD~1", "HEAD").stdout == (
        "## Changes to the records\n\n"
        "1 supplier recommendation added, 1 supplier recommendation removed.\n\n"
        "- supplier `Fresh Plates Catering` (`fresh-plates`): recommendation by `bramble-hill` "
        "added (rating `5`); recommendation by `hawes-side` removed\n" + NO_PAGES
    )


def test_working_tree_against_head(repo: Path) -> None:
    (repo / "events.yaml").write_text(EVENTS.replace("Maths network meeting", "Maths meeting"))
    assert (
        "- event `Maths meeting` (`maths-meeting`): "
        "title `Maths network meeting` → `Maths meeting`\n" in (diff(repo, "HEAD").stdout)
    )


def test_unknown_revision_is_a_clear_error(repo: Path) -> None:
    result = diff(repo, "no-such-branch", "HEAD")
    assert result.returncode == 2
    assert result.stderr == (
        "diff: git does not know the revision 'no-such-branch'; fetch it or check its name\n"
    )
    assert "Traceback" not in result.stderr


def test_file_added_in_head(repo: Path) -> None:
    (repo / "suppliers.yaml").unlink()
    commit_all(repo, "no suppliers yet")
    (repo / "suppliers.yaml").write_text(SUPPLIERS)
    commit_all(repo, "suppliers")
    assert diff(repo, "HEAD~1", "HEAD").stdout.splitlines()[2] == "1 supplier added."


HEADLINE = "## Changes to the records\n\n"
SECRET_SCHOOL = (
    '- id: secret-school\n  name: Secret School\n  urn: "323456"\n  phase: primary\n'
    "  type: community\n  local_authority: Gateshead\n  public: false\n"
)


def test_private_records_are_counted_never_named(repo: Path) -> None:
    change(repo, "schools.yaml", SCHOOLS + SECRET_SCHOOL)
    # The event moves to the private school; the private school changes; a
    # private school is renamed; a school becomes public.
    schools = (SCHOOLS + SECRET_SCHOOL).replace("Secret School", "Secret School Two")
    schools = replace_once(schools, "- id: secret-school", "- id: hidden-school")
    schools = replace_once(schools, "local_authority: Blackpool", "local_authority: Fylde")
    (repo / "schools.yaml").write_text(schools)
    (repo / "events.yaml").write_text(
        replace_once(EVENTS, "host: hawes-side", "host: hidden-school")
    )
    commit_all(repo, "private changes")
    output = diff(repo, "HEAD~1", "HEAD").stdout
    assert output == (
        HEADLINE + "1 school added, 1 school removed, 1 school changed, 1 event changed.\n\n"
        "- school `Hawes Side Academy` (`hawes-side`): local_authority `Blackpool` → `Fylde`\n"
        "- a private school was added\n"
        "- a private school was removed\n"
        "- event `Maths network meeting` (`maths-meeting`): "
        "host `hawes-side` → a private school\n" + NO_PAGES
    )
    assert "secret" not in output.lower()
    assert "hidden" not in output.lower()


def test_a_private_record_made_public_is_not_named(repo: Path) -> None:
    change(repo, "schools.yaml", SCHOOLS + SECRET_SCHOOL)
    change(repo, "schools.yaml", SCHOOLS + SECRET_SCHOOL.replace("  public: false\n", ""))
    output = diff(repo, "HEAD~1", "HEAD").stdout
    assert output == (
        HEADLINE + "1 school made public.\n\n- a private school was made public\n" + NO_PAGES
    )


def test_private_and_privately_made_recommendations_are_not_named(repo: Path) -> None:
    change(repo, "schools.yaml", SCHOOLS + SECRET_SCHOOL)
    suppliers = SUPPLIERS + (
        "    - school: bramble-hill\n      date: 2026-04-01\n      rating: 2\n"
        "      note: Our notes on the price negotiation.\n      public: false\n"
        "    - school: secret-school\n      date: 2026-04-02\n      rating: 1\n"
        "      note: A public note, by a school nobody may see.\n"
    )
    change(repo, "suppliers.yaml", suppliers)
    output = diff(repo, "HEAD~1", "HEAD").stdout
    assert output == (
        HEADLINE + "2 supplier recommendations added.\n\n"
        "- supplier `Fresh Plates Catering` (`fresh-plates`): "
        "2 private recommendations were added\n" + NO_PAGES
    )


def test_recommendation_fields_are_compared_one_by_one(repo: Path) -> None:
    suppliers = SUPPLIERS + (
        "      sla:\n        start: 2025-09-01\n        review: 2027-08-31\n"
        "        contact: Account manager\n"
    )
    change(repo, "suppliers.yaml", suppliers)
    change(repo, "suppliers.yaml", suppliers.replace("2027-08-31", "2028-08-31"))
    assert diff(repo, "HEAD~1", "HEAD").stdout == (
        HEADLINE + "1 supplier recommendation changed.\n\n"
        "- supplier `Fresh Plates Catering` (`fresh-plates`): recommendation by `hawes-side` "
        "changed: sla.review `2027-08-31` → `2028-08-31`\n" + NO_PAGES
    )


def test_lists_say_what_was_added_and_removed(repo: Path) -> None:
    networks = NETWORKS + "- id: kaizen\n  name: Kaizen\n  kind: cluster\n"
    change(repo, "networks.yaml", networks)
    change(
        repo,
        "schools.yaml",
        replace_once(SCHOOLS, "networks: [nesa]\n- id", "networks: [kaizen]\n- id"),
    )
    assert diff(repo, "HEAD~1", "HEAD").stdout == (
        HEADLINE + "1 school changed.\n\n"
        "- school `Hawes Side Academy` (`hawes-side`): networks: added `kaizen`; removed `nesa`\n"
        + NO_PAGES
    )


def test_deleting_an_event_suggests_cancelling_it(repo: Path) -> None:
    change(repo, "events.yaml", "[]\n")
    assert diff(repo, "HEAD~1", "HEAD").stdout == (
        HEADLINE + "1 event removed.\n\n"
        "- 1 event removed: `Maths network meeting` (`maths-meeting`)\n"
        "- Deleting an event removes it from subscribers' calendars silently; "
        "set `status: cancelled` instead to tell them.\n" + NO_PAGES
    )


@pytest.mark.parametrize("before", ["past", "cancelled"])
def test_deleting_a_past_or_cancelled_event_needs_no_advice(repo: Path, before: str) -> None:
    events = (
        EVENTS.replace("2027-01-14", "2026-01-14")
        if before == "past"
        else EVENTS + "  status: cancelled\n"
    )
    change(repo, "events.yaml", events)
    change(repo, "events.yaml", "[]\n")
    assert "calendars" not in diff(repo, "HEAD~1", "HEAD").stdout


def test_a_change_inside_a_long_value_is_shown_around_it(repo: Path) -> None:
    text = "Our school serves the families of the estate and the villages around it. " * 8
    summary = "  summary: " + text.strip() + "\n"
    schools = SCHOOLS.replace("  networks: [nesa]\n- id", "  networks: [nesa]\n" + summary + "- id")
    change(repo, "schools.yaml", schools)
    change(
        repo,
        "schools.yaml",
        schools.replace("villages", "hamlets", 5).replace("hamlets", "villages", 4),
    )
    assert diff(repo, "HEAD~1", "HEAD").stdout == (
        HEADLINE + "1 school changed.\n\n"
        "- school `Hawes Side Academy` (`hawes-side`): summary "
        "…`␠the estate and the villages around it. Our sch`… → "
        "…`␠the estate and the hamlets around it. Our sch`…\n" + NO_PAGES
    )


# --- Markdown files ---------------------------------------------------------------------------


def test_markdown_files_added_removed_and_changed(repo: Path) -> None:
    (repo / "content/guidance").mkdir(parents=True)
    (repo / "content/guidance/joining.md").write_text("# Joining\n\nAsk the office.\n")
    (repo / "content/schools").mkdir()
    (repo / "content/schools/hawes-side.md").write_text("A school by the sea.\n")
    (repo / "content/index.md").write_text("Welcome.\n")
    commit_all(repo, "pages")
    (repo / "content/guidance/joining.md").write_text("# Joining\n\nAsk the head.\nOr email.\n")
    (repo / "content/schools/hawes-side.md").unlink()
    (repo / "content/policies/safeguarding.md").write_text(POLICY_BODY + "\nMore.\n")
    (repo / "content/schools/index.md").write_text("Every school.\n")
    (repo / "content/index.md").write_text("Hello.\n")
    commit_all(repo, "page changes")
    assert diff(repo, "HEAD~1", "HEAD").stdout == NO_RECORDS + PAGES + (
        "| page changed | `content/guidance/joining.md` | 2 added, 1 removed |\n"
        "| home page introduction changed | `content/index.md` | 1 added, 1 removed |\n"
        "| body of policy `safeguarding` changed | `content/policies/safeguarding.md` "
        "| 2 added, 0 removed |\n"
        "| body of school `hawes-side` removed | `content/schools/hawes-side.md` "
        "| 0 added, 1 removed |\n"
        "| introduction to the schools directory added | `content/schools/index.md` "
        "| 1 added, 0 removed |\n"
    )


def test_a_private_records_body_is_not_named(repo: Path) -> None:
    change(repo, "schools.yaml", SCHOOLS + SECRET_SCHOOL)
    (repo / "content/schools").mkdir(parents=True)
    (repo / "content/schools/secret-school.md").write_text("Our secret plans.\n")
    commit_all(repo, "a private body")
    output = diff(repo, "HEAD~1", "HEAD").stdout
    assert output == NO_RECORDS + PAGES + (
        "| body of a private school added | (private) | 1 added, 0 removed |\n"
    )


def test_a_page_not_yet_committed_is_listed(repo: Path) -> None:
    (repo / "content/guidance").mkdir(parents=True)
    (repo / "content/guidance/new.md").write_text("# New\n\nTwo lines.\n")
    assert diff(repo, "HEAD").stdout == NO_RECORDS + PAGES + (
        "| page added | `content/guidance/new.md` | 3 added, 0 removed |\n"
    )
