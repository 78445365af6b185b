"""Checks across records and files: duplicates, references, parent loops, body files."""

from __future__ import annotations

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

THIRD_SCHOOL = """\
- id: {id}
  name: Third School
  urn: "{urn}"
  phase: primary
  type: academy
  local_authority: Blackpool
"""


def network(network_id: str, parent: str | None = None) -> str:
    lines = f"- id: {network_id}\n  name: Network {network_id.upper()}\n  kind: cluster\n"
    return lines + (f"  parent: {parent}\n" if parent else "")


# --- duplicate ids and URNs -------------------------------------------------------------


def test_duplicate_id(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "id: bramble-hill", "id: hawes-side")
    assert problems_of(write_project(tmp_path, **{"schools.yaml": schools})) == [
        "schools.yaml:9:7: school 'hawes-side': duplicate id: another school already uses it "
        "at schools.yaml:1:7; give each school its own id"
    ]


def test_each_later_duplicate_points_at_the_first(tmp_path: Path) -> None:
    schools = SCHOOLS + THIRD_SCHOOL.format(id="bramble-hill", urn="222222")
    schools += THIRD_SCHOOL.format(id="bramble-hill", urn="333333")
    assert problems_of(write_project(tmp_path, **{"schools.yaml": schools})) == [
        "schools.yaml:16:7: school 'bramble-hill': duplicate id: another school already uses "
        "it at schools.yaml:9:7; give each school its own id",
        "schools.yaml:22:7: school 'bramble-hill': duplicate id: another school already uses "
        "it at schools.yaml:9:7; give each school its own id",
    ]


def test_same_id_in_different_kinds_is_fine(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "id: bramble-hill", "id: nesa")
    site = load(write_project(tmp_path, **{"schools.yaml": schools}))
    assert "nesa" in site.schools
    assert "nesa" in site.networks


def test_duplicate_urn(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, 'urn: "012345"', 'urn: "119346"')
    assert problems_of(write_project(tmp_path, **{"schools.yaml": schools})) == [
        "schools.yaml:11:8: school 'bramble-hill': URN 119346 is already used by school "
        "'hawes-side' at schools.yaml:3:8; check the URN"
    ]


def test_duplicate_urn_written_differently(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, 'urn: "012345"', "urn: 119346")
    assert problems_of(write_project(tmp_path, **{"schools.yaml": schools})) == [
        "schools.yaml:11:8: school 'bramble-hill': URN 119346 is already used by school "
        "'hawes-side' at schools.yaml:3:8; check the URN"
    ]


def test_id_index_is_reserved(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "id: bramble-hill", "id: index")
    assert problems_of(write_project(tmp_path, **{"schools.yaml": schools})) == [
        "schools.yaml:9:7: school 'index': the id 'index' is reserved for the schools "
        "directory page; choose another id"
    ]


def test_id_index_is_reserved_for_every_kind(tmp_path: Path) -> None:
    networks = NETWORKS + network("index")
    assert problems_of(write_project(tmp_path, **{"networks.yaml": networks})) == [
        "networks.yaml:5:7: network 'index': the id 'index' is reserved for the networks "
        "directory page; choose another id"
    ]


# --- unknown references ---------------------------------------------------------------------


def test_unknown_network_in_a_school_gets_did_you_mean(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "  networks: [nesa]\n- id", "  networks: [nesaa]\n- id")
    assert problems_of(write_project(tmp_path, **{"schools.yaml": schools})) == [
        "schools.yaml:8:14: school 'hawes-side': unknown network 'nesaa' (did you mean "
        "'nesa'?); use the id of a network in networks.yaml or add that network"
    ]


def test_unknown_network_later_in_the_list_is_placed_on_its_item(tmp_path: Path) -> None:
    schools = replace_once(SCHOOLS, "  networks: [nesa]\n- id", "  networks: [nesa, nesaa]\n- id")
    assert problems_of(write_project(tmp_path, **{"schools.yaml": schools})) == [
        "schools.yaml:8:20: school 'hawes-side': unknown network 'nesaa' (did you mean "
        "'nesa'?); use the id of a network in networks.yaml or add that network"
    ]


def test_unknown_network_in_a_block_list(tmp_path: Path) -> None:
    schools = replace_once(
        SCHOOLS, "  networks: [nesa]\n- id", "  networks:\n    - nesa\n    - kaizen\n- id"
    )
    assert problems_of(write_project(tmp_path, **{"schools.yaml": schools})) == [
        "schools.yaml:10:7: school 'hawes-side': unknown network 'kaizen'; use the id of a "
        "network in networks.yaml or add that network"
    ]


def test_policy_owned_by_unknown_network(tmp_path: Path) -> None:
    policies = replace_once(POLICIES, "owner: nesa", "owner: nsea")
    assert problems_of(write_project(tmp_path, **{"policies.yaml": policies})) == [
        "policies.yaml:4:10: policy 'safeguarding': unknown network 'nsea' (did you mean "
        "'nesa'?); use the id of a network in networks.yaml or add that network"
    ]


def test_policy_applies_to_unknown_records(tmp_path: Path) -> None:
    policies = POLICIES + (
        "  applies_to:\n    networks: [nesa, kaizen]\n    schools: [hawes-side, bramble]\n"
    )
    assert problems_of(write_project(tmp_path, **{"policies.yaml": policies})) == [
        "policies.yaml:11:22: policy 'safeguarding': unknown network 'kaizen'; use the id of "
        "a network in networks.yaml or add that network",
        "policies.yaml:12:27: policy 'safeguarding': unknown school 'bramble' (did you mean "
        "'bramble-hill'?); use the id of a school in schools.yaml or add that school",
    ]


def test_event_hosted_by_unknown_school(tmp_path: Path) -> None:
    events = replace_once(EVENTS, "host: hawes-side", "host: hawes-sid")
    assert problems_of(write_project(tmp_path, **{"events.yaml": events})) == [
        "events.yaml:8:9: event 'maths-meeting': unknown school 'hawes-sid' (did you mean "
        "'hawes-side'?); use the id of a school in schools.yaml or add that school"
    ]


def test_event_organised_by_unknown_network(tmp_path: Path) -> None:
    events = replace_once(EVENTS, "organiser: nesa", "organiser: kaizen")
    assert problems_of(write_project(tmp_path, **{"events.yaml": events})) == [
        "events.yaml:7:14: event 'maths-meeting': unknown network 'kaizen'; use the id of a "
        "network in networks.yaml or add that network"
    ]


def test_recommendation_by_unknown_school(tmp_path: Path) -> None:
    suppliers = replace_once(SUPPLIERS, "school: hawes-side", "school: bramble-hil")
    assert problems_of(write_project(tmp_path, **{"suppliers.yaml": suppliers})) == [
        "suppliers.yaml:5:15: supplier 'fresh-plates': unknown school 'bramble-hil' (did you "
        "mean 'bramble-hill'?); use the id of a school in schools.yaml or add that school"
    ]


def test_unknown_parent_network(tmp_path: Path) -> None:
    networks = NETWORKS + network("maths", parent="nesaa")
    assert problems_of(write_project(tmp_path, **{"networks.yaml": networks})) == [
        "networks.yaml:8:11: network 'maths': unknown network 'nesaa' (did you mean 'nesa'?); "
        "use the id of a network in networks.yaml or add that network"
    ]


def test_unknown_parent_is_never_suggested_to_be_the_network_itself(tmp_path: Path) -> None:
    networks = NETWORKS + network("maths", parent="nesa-maths")
    assert problems_of(write_project(tmp_path, **{"networks.yaml": networks})) == [
        "networks.yaml:8:11: network 'maths': unknown network 'nesa-maths'; use the id of a "
        "network in networks.yaml or add that network"
    ]


def test_references_of_private_records_are_checked_in_the_public_build(tmp_path: Path) -> None:
    schools = replace_once(
        SCHOOLS, "  networks: [nesa]\n- id", "  networks: [nesaa]\n  public: false\n- id"
    )
    project = write_project(tmp_path, **{"schools.yaml": schools})
    assert problems_of(project, members=False) == [
        "schools.yaml:8:14: school 'hawes-side': unknown network 'nesaa' (did you mean "
        "'nesa'?); use the id of a network in networks.yaml or add that network"
    ]


def test_reference_to_a_private_record_is_fine(tmp_path: Path) -> None:
    schools = replace_once(
        SCHOOLS, "  networks: [nesa]\n- id", "  networks: [nesa]\n  public: false\n- id"
    )
    project = write_project(tmp_path, **{"schools.yaml": schools})
    assert problems_of(project, members=False) == []
    assert "hawes-side" not in load(project, members=False).schools


def test_reference_to_a_broken_record_is_not_reported_again(tmp_path: Path) -> None:
    networks = replace_once(NETWORKS, "kind: local alliance", "kind: alliance")
    assert problems_of(write_project(tmp_path, **{"networks.yaml": networks})) == [
        "networks.yaml:3:9: network 'nesa': kind must be one of: regional network, national "
        "network, local alliance, cluster, subject group, role network, international "
        "partnership, trust; got 'alliance' (did you mean 'local alliance'?)"
    ]


# --- parent loops -----------------------------------------------------------------------------


def test_parent_loop_of_two_is_reported_once(tmp_path: Path) -> None:
    networks = NETWORKS + network("a", parent="b") + network("b", parent="a")
    assert problems_of(write_project(tmp_path, **{"networks.yaml": networks})) == [
        "networks.yaml:8:11: network 'a': parent networks form a loop (a → b → a); "
        "remove 'parent' from one of them"
    ]


def test_parent_loop_of_three_is_reported_once(tmp_path: Path) -> None:
    networks = (
        NETWORKS + network("a", parent="b") + network("b", parent="c") + network("c", parent="a")
    )
    assert problems_of(write_project(tmp_path, **{"networks.yaml": networks})) == [
        "networks.yaml:8:11: network 'a': parent networks form a loop (a → b → c → a); "
        "remove 'parent' from one of them"
    ]


def test_network_leading_into_a_loop_is_not_blamed_for_it(tmp_path: Path) -> None:
    networks = (
        NETWORKS + network("d", parent="a") + network("a", parent="b") + network("b", parent="a")
    )
    assert problems_of(write_project(tmp_path, **{"networks.yaml": networks})) == [
        "networks.yaml:12:11: network 'a': parent networks form a loop (a → b → a); "
        "remove 'parent' from one of them"
    ]


def test_network_that_is_its_own_parent(tmp_path: Path) -> None:
    networks = NETWORKS + "  parent: nesa\n"
    assert problems_of(write_project(tmp_path, **{"networks.yaml": networks})) == [
        "networks.yaml:5:11: network 'nesa': parent networks form a loop (nesa → nesa); "
        "remove 'parent' from one of them"
    ]


def test_nested_networks_without_a_loop_are_fine(tmp_path: Path) -> None:
    networks = NETWORKS + network("maths", parent="nesa") + network("ks3-maths", parent="maths")
    site = load(write_project(tmp_path, **{"networks.yaml": networks}))
    chain = site.ancestors_of(site.networks["ks3-maths"])
    assert [n.id for n in chain] == ["maths", "nesa"]


# --- body files in content/<plural>/ ---------------------------------------------------------


def test_body_file_without_a_record(tmp_path: Path) -> None:
    project = write_project(tmp_path, **{"content/schools/nobody.md": "Text.\n"})
    assert problems_of(project) == [
        "content/schools/nobody.md:1:1: school 'nobody': this body file has no record in "
        "schools.yaml; add a school with id 'nobody' or rename or remove the file"
    ]


def test_body_file_with_a_mistyped_id_gets_did_you_mean(tmp_path: Path) -> None:
    project = write_project(tmp_path, **{"content/schools/hawes-sid.md": "Text.\n"})
    assert problems_of(project) == [
        "content/schools/hawes-sid.md:1:1: school 'hawes-sid': this body file has no record "
        "in schools.yaml (did you mean 'hawes-side'?); add a school with id 'hawes-sid' or "
        "rename or remove the file"
    ]


def test_body_file_of_a_record(tmp_path: Path) -> None:
    project = write_project(tmp_path, **{"content/schools/hawes-side.md": "About us.\n"})
    site = load(project)
    assert site.bodies[("school", "hawes-side")].text == "About us.\n"
    assert site.bodies[("policy", "safeguarding")].file == "content/policies/safeguarding.md"


def test_body_file_with_front_matter(tmp_path: Path) -> None:
    body = "---\ntitle: Hawes Side\n---\nAbout us.\n"
    project = write_project(tmp_path, **{"content/schools/hawes-side.md": body})
    assert problems_of(project) == [
        "content/schools/hawes-side.md:1:1: school 'hawes-side': a body file takes no front "
        "matter; put fields in schools.yaml and start the file with the text"
    ]


@pytest.mark.parametrize(
    ("name", "data"),
    [("photo.jpg", b"\xff\xd8\xff\xe0"), ("notes.txt", b"notes"), ("hawes-side.markdown", b"x")],
)
def test_stray_file_in_a_record_folder(tmp_path: Path, name: str, data: bytes) -> None:
    project = write_project(tmp_path, **{f"content/schools/{name}": data})
    assert problems_of(project) == [
        f"content/schools/{name}:1:1: content/schools/ holds only record bodies named "
        "<id>.md; move this file elsewhere in content/ or rename it to a record's id"
    ]


@pytest.mark.parametrize("name", ["sub/hawes-side.md", "Hawes-Side.md", "hawes side.md"])
def test_body_file_not_named_like_an_id(tmp_path: Path, name: str) -> None:
    project = write_project(tmp_path, **{f"content/schools/{name}": "Text.\n"})
    assert problems_of(project) == [
        f"content/schools/{name}:1:1: content/schools/ holds only record bodies named "
        "<id>.md; move this file elsewhere in content/ or rename it to a record's id"
    ]


def test_directory_intro_index_md_is_allowed(tmp_path: Path) -> None:
    project = write_project(tmp_path, **{"content/schools/index.md": "All our schools.\n"})
    assert load(project).bodies[("school", "index")].text == "All our schools.\n"


def test_other_content_files_are_left_alone(tmp_path: Path) -> None:
    project = write_project(
        tmp_path, **{"content/guide/start.md": "Start here.\n", "content/logo.png": b"\x89PNG"}
    )
    assert problems_of(project) == []


def test_body_file_that_is_not_utf8_is_reported_once(tmp_path: Path) -> None:
    project = write_project(tmp_path, **{"content/schools/hawes-side.md": b"Caf\xe9\n"})
    problems = problems_of(project)
    assert len(problems) == 1
    assert problems[0].startswith("content/schools/hawes-side.md:")
    assert problems[0].endswith(": is not UTF-8 text (invalid continuation byte); save it as UTF-8")


def test_body_file_that_is_not_utf8_points_at_the_bad_byte(tmp_path: Path) -> None:
    project = write_project(tmp_path, **{"content/schools/hawes-side.md": b"Caf\xe9\n"})
    assert problems_of(project) == [
        "content/schools/hawes-side.md:1:4: is not UTF-8 text (invalid continuation byte); "
        "save it as UTF-8"
    ]


def test_orphan_event_body_message_is_grammatical(tmp_path: Path) -> None:
    project = write_project(tmp_path, **{"content/events/nobody.md": "Text.\n"})
    assert problems_of(project) == [
        "content/events/nobody.md:1:1: event 'nobody': this body file has no record in "
        "events.yaml; add an event with id 'nobody' or rename or remove the file"
    ]
