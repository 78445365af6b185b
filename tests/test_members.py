"""The members' folder: merged into the members' build only, with its rules and messages."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import write_project
from helpers import ROOT, all_text, build, copy_fixture

from generator.positions import ProblemsFound
from generator.project import Sources, load_project, load_sources, site_for

TODAY = date(2026, 9, 1)
FOLDER = "members"

MEMBERS_SCHOOLS = """\
- id: secret-school
  name: Zzmembersonly School
  urn: "765432"
  phase: primary
  type: academy
  local_authority: Northumberland
  networks: [nesa, pilot]
- id: hawes-side
  networks: [pilot]
"""

MEMBERS_NETWORKS = """\
- id: pilot
  name: Zzpilot Group
  kind: role network
  parent: nesa
"""

MEMBERS_SUPPLIERS = """\
- id: fresh-plates
  recommendations:
    - school: secret-school
      date: 2026-05-01
      rating: 2
      note: Zzconfidential dispute about the contract.
"""

MEMBERS_POLICIES = """\
- id: pilot-protocol
  title: Zzpilot Protocol
  category: HR
  owner: pilot
  version: "1.0"
  status: adopted
"""

MEMBERS: dict[str, str | bytes | None] = {
    f"{FOLDER}/schools.yaml": MEMBERS_SCHOOLS,
    f"{FOLDER}/networks.yaml": MEMBERS_NETWORKS,
    f"{FOLDER}/suppliers.yaml": MEMBERS_SUPPLIERS,
    f"{FOLDER}/policies.yaml": MEMBERS_POLICIES,
    f"{FOLDER}/content/policies/pilot-protocol.md": "Zzbody of the [pilot](network:pilot).\n",
}
MARKERS = [
    "Zzmembersonly",
    "secret-school",
    "Zzpilot",
    "Zzconfidential",
    "Zzbody",
    "765432",
    "pilot-protocol",
]


def problems(root: Path, *, members: bool = True, refuse: bool = False) -> list[str]:
    try:
        load_project(
            Sources(root, members_dir=FOLDER), today=TODAY, members=members, refuse_private=refuse
        )
    except ProblemsFound as found:
        return [str(problem) for problem in found.problems]
    return []


def test_members_build_merges_the_folder_and_the_public_build_never_sees_it(
    tmp_path: Path,
) -> None:
    root = write_project(tmp_path, **MEMBERS)
    sources = Sources(root, members_dir=FOLDER)
    site = load_project(sources, today=TODAY, members=True)
    assert site.schools["secret-school"].public is False
    assert site.networks["pilot"].public is False
    # An entry of only id and list fields adds to the public record, members-only.
    assert site.schools["hawes-side"].networks == ["nesa", "pilot"]
    assert site.schools["hawes-side"].public is True
    recs = site.suppliers["fresh-plates"].recommendations
    assert [(r.school, r.public) for r in recs] == [("hawes-side", True), ("secret-school", False)]
    assert str(recs[1].where["school"]) == "members/suppliers.yaml:3:15"
    assert "Zzbody" in site.bodies[("policy", "pilot-protocol")].text
    public = load_project(sources, today=TODAY, members=False)
    assert "secret-school" not in public.schools and "pilot" not in public.networks
    assert public.schools["hawes-side"].networks == ["nesa"]
    assert len(public.suppliers["fresh-plates"].recommendations) == 1


def test_a_members_record_may_not_reuse_a_public_id(tmp_path: Path) -> None:
    clash = MEMBERS_NETWORKS + "- id: nesa\n  name: Other\n  kind: local alliance\n  scope: X\n"
    root = write_project(tmp_path, **{**MEMBERS, f"{FOLDER}/networks.yaml": clash})
    assert problems(root) == [
        "members/networks.yaml:5:7: network 'nesa': the public networks.yaml already has a "
        "network with this id at networks.yaml:1:7; a record is either public or "
        "members-only: give this network its own id, or keep only 'id' and list fields "
        "('audience', 'contacts', 'offer') in this entry to add to the public network in the "
        "members' build"
    ]


def test_an_addition_needs_a_public_record_to_add_to(tmp_path: Path) -> None:
    adds = "- id: hawes-sid\n  networks: [pilot]\n- id: secret-school\n  networks: [pilot]\n"
    root = write_project(tmp_path, **{**MEMBERS, f"{FOLDER}/schools.yaml": MEMBERS_SCHOOLS + adds})
    assert problems(root) == [
        "members/schools.yaml:10:7: school 'hawes-sid': this entry only adds to a public "
        "school, and the public schools.yaml has none with this id; use the id of a school in "
        "the public schools.yaml (did you mean 'hawes-side'?), or give every required field to "
        "add a members-only school",
        "members/schools.yaml:12:7: school 'secret-school': this entry only adds to a public "
        "school, and the public schools.yaml has none with this id; write these items in the "
        "members' school 'secret-school' itself",
    ]


def test_public_true_in_the_members_folder_is_refused(tmp_path: Path) -> None:
    said = MEMBERS_NETWORKS + "  public: true\n"
    root = write_project(tmp_path, **{**MEMBERS, f"{FOLDER}/networks.yaml": said})
    assert problems(root) == [
        "members/networks.yaml:5:11: network 'pilot': a record in members/networks.yaml is "
        "never published; remove 'public: true', or move the network to the public "
        "networks.yaml to publish it"
    ]


def test_a_public_record_may_not_name_a_members_only_one(tmp_path: Path) -> None:
    schools = '- id: hawes-side\n  name: H\n  urn: "119346"\n  phase: primary\n  type: academy\n'
    schools += "  local_authority: Blackpool\n  networks: [nesa, pilot]\n"
    root = write_project(tmp_path, **MEMBERS, **{"schools.yaml": schools})
    expected = (
        "schools.yaml:7:20: school 'hawes-side': network 'pilot' is members-only "
        "(members/networks.yaml:1:7), and a record in the public files cannot name it; "
        "remove it here, and name it from the members' folder (an entry of only "
        "'id: hawes-side' and a list field adds to this school there), or move this school "
        "to the members' folder"
    )
    assert expected in problems(root, members=True)
    # The public build does not read the folder: there the id is simply unknown.
    assert any("unknown network 'pilot'" in p for p in problems(root, members=False))


def test_members_records_are_cross_checked_with_their_files_positions(tmp_path: Path) -> None:
    bad = MEMBERS_POLICIES.replace("owner: pilot", "owner: pilott")
    root = write_project(tmp_path, **{**MEMBERS, f"{FOLDER}/policies.yaml": bad})
    assert problems(root) == [
        "members/policies.yaml:4:10: policy 'pilot-protocol': unknown network 'pilott' "
        "(did you mean 'pilot'?); use the id of a network in networks.yaml or add that network"
    ]


def test_the_members_content_folder_holds_members_bodies_only(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        **MEMBERS,
        **{
            f"{FOLDER}/content/guide.md": "# A guide\n",
            f"{FOLDER}/content/policies/safeguarding.md": "Another body.\n",
        },
    )
    assert problems(root) == [
        "members/content/guide.md:1:1: members/content/ holds only bodies of members-only "
        "records, named <kind>/<id>.md (e.g. policies/<id>.md); put guidance pages in the "
        "public content folder, or rename this file to a members-only record's id",
        "members/content/policies/safeguarding.md:1:1: policy 'safeguarding': this body file "
        "has no members-only policy in members/policies.yaml; add a policy with id "
        "'safeguarding' there, or rename or remove the file (a public "
        "policy's body goes in the public content folder)",
    ]


def test_private_in_public_refuse(tmp_path: Path) -> None:
    schools = write_project(tmp_path).joinpath("schools.yaml").read_text() + "  public: false\n"
    suppliers = write_project(tmp_path).joinpath("suppliers.yaml").read_text()
    suppliers += "      public: false\n"
    root = write_project(tmp_path, **{"schools.yaml": schools, "suppliers.yaml": suppliers})
    expected = [
        "schools.yaml:16:11: school 'bramble-hill': 'public: false' in schools.yaml, which "
        "anyone can read in the public repository; move this school to members/schools.yaml "
        "in the members' folder, or remove 'public: false' to publish it",
        "suppliers.yaml:9:15: supplier 'fresh-plates': 'public: false' on one of its "
        "recommendations in suppliers.yaml, which anyone can read in the public repository; "
        "move it to members/suppliers.yaml in the members' folder, under '- id: fresh-plates' and "
        "'recommendations:', or remove 'public: false'",
    ]
    assert problems(root, members=False, refuse=True) == expected
    assert problems(root, members=False, refuse=False) == []


def test_a_members_build_without_its_folder_says_so(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    assert problems(root, members=True) == [
        "members:1:1: the members' folder is missing, so the members' site cannot be built; "
        "check out the members' repository into 'members' (see docs/members.md), or build "
        "the public site (without --members)"
    ]
    assert problems(root, members=False) == []


def test_the_folder_may_not_sit_inside_the_content_folder(tmp_path: Path) -> None:
    root = write_project(tmp_path, **{"content/members/schools.yaml": MEMBERS_SCHOOLS})
    loaded = load_sources(Sources(root, members_dir="content/members"))
    with pytest.raises(ProblemsFound) as found:
        site_for(loaded, Sources(root, members_dir="content/members"), today=TODAY, members=False)
    assert [str(p) for p in found.value.problems] == [
        "mkdocs.yml:1:1: members_folder 'content/members' is inside the content folder "
        "'content', whose files MkDocs publishes as they are; move it beside mkdocs.yml, "
        "e.g. 'members'"
    ]


def run_check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "--project",
            str(root),
            "check",
            "--format",
            "text",
            *args,
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_check_reads_the_folder_and_the_setting_from_mkdocs_yml(tmp_path: Path) -> None:
    config = "site_name: X\nplugins:\n  - schoolnet:\n      members_folder: members\n"
    root = write_project(tmp_path, **MEMBERS, **{"mkdocs.yml": config})
    result = run_check(root)
    assert result.returncode == 0, result.stderr
    assert "the members' site adds 3 from members" in result.stdout
    # The public repository's own checks run without the folder: a note, not a failure.
    result = run_check(root, "--members-folder", "elsewhere")
    assert result.returncode == 0, result.stderr
    assert "note: no members' folder at elsewhere" in result.stderr
    (root / "mkdocs.yml").write_text(config + "      private_in_public: refuse\n")
    (root / "networks.yaml").write_text((root / "networks.yaml").read_text() + "  public: false\n")
    result = run_check(root)
    assert result.returncode == 1
    assert "networks.yaml:5:11: network 'nesa': 'public: false' in networks.yaml" in result.stderr


@pytest.fixture(scope="module")
def fixture_with_members(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture with a members' folder, built as the public and the members' site."""
    project = copy_fixture("small", tmp_path_factory.mktemp("members-folder"))
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("      pdf:", "      members_folder: members\n      pdf:")
    )
    files = {
        "members/schools.yaml": MEMBERS_SCHOOLS.replace("nesa, pilot", "nesa").replace(
            "- id: hawes-side\n  networks: [pilot]\n", ""
        ),
        "members/networks.yaml": MEMBERS_NETWORKS,
        "members/suppliers.yaml": MEMBERS_SUPPLIERS,
        "members/policies.yaml": MEMBERS_POLICIES,
        "members/content/policies/pilot-protocol.md": MEMBERS[
            f"{FOLDER}/content/policies/pilot-protocol.md"
        ],
    }
    write_project(project, baseline=False, **files)
    return project


def test_public_site_has_none_of_the_members_bytes(fixture_with_members: Path) -> None:
    texts = all_text(build(fixture_with_members))
    for name in ("search/search_index.json", "sitemap.xml", "data/schools.csv"):
        assert name in texts, name
    leaks = [(name, m) for name, text in texts.items() for m in MARKERS if m in text]
    assert leaks == []


def test_members_site_has_all_of_them(fixture_with_members: Path) -> None:
    texts = all_text(build(fixture_with_members, members=True))
    missing = [m for m in MARKERS if not any(m in text for text in texts.values())]
    assert missing == []
    assert "Zzconfidential" in texts["suppliers/fresh-plates/index.html"]
    assert "schools/secret-school/" in texts["sitemap.xml"]


@pytest.mark.parametrize("folder", [".", "content", "../elsewhere"])
def test_a_folder_that_is_the_project_content_or_outside_is_refused_unread(
    tmp_path: Path, folder: str
) -> None:
    root = write_project(tmp_path / "project")
    (root / folder).mkdir(exist_ok=True)
    with pytest.raises(ProblemsFound) as found:
        load_project(Sources(root, members_dir=folder), today=TODAY, members=True)
    (only,) = found.value.problems
    assert str(only).startswith(f"mkdocs.yml:1:1: members_folder '{folder}' is ")


def test_a_folder_outside_the_project_and_absent_is_not_also_called_missing(
    tmp_path: Path,
) -> None:
    """Checking out the repository into '../elsewhere', as "missing" would say, is no fix."""
    root = write_project(tmp_path / "project")
    with pytest.raises(ProblemsFound) as found:
        load_project(Sources(root, members_dir="../elsewhere"), today=TODAY, members=True)
    assert [str(p) for p in found.value.problems] == [
        "mkdocs.yml:1:1: members_folder '../elsewhere' is outside the project folder; check out "
        "the members' repository inside it (e.g. 'members') and set members_folder to that"
    ]
