"""'Edit this record' and 'Suggest a correction': their addresses, and real builds that show them.

The builds are of the small fixture with mkdocs.yml's `repo_url` and
`edit_uri` set and one school renamed to hostile text; each kind's page is
read back and its links are checked against the YAML file itself (the line
of the record's `- id:`), the body file, and the issue form's query.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from helpers import all_text, build, copy_fixture
from test_build import PRIVATE_MARKERS

from generator.edit_links import Repository, directory_links, record_links, repository
from generator.models import KINDS
from generator.positions import Pos
from generator.site import Body

REPO = "https://github.com/example/schools"
HOSTILE = 'Bramble & Hill #1 ?x=1%20 "Sons" é+ü/ <'
"""A school's name with every character that means something in a URL (and `<`, which
the name check refuses: it is swapped out below)."""
HOSTILE_NAME = HOSTILE.removesuffix(" <")
RECORDS = {
    "school": ["hawes-side", "bramble-hill", "liceo-partner"],
    "network": ["nesa", "kaizen"],
    "policy": ["safeguarding", "charging"],
    "event": ["maths-meeting", "autumn-webinar"],
    "supplier": ["fresh-plates"],
}
BODIES = {("school", "hawes-side"), ("policy", "safeguarding"), ("policy", "charging")}


# --- the addresses, from mkdocs.yml's settings -----------------------------------------


def test_edit_root_is_edit_uri_without_the_docs_dir() -> None:
    repo, why = repository(REPO, "edit/main/content/", "content")
    assert repo == Repository(f"{REPO}/edit/main/", f"{REPO}/issues/new", "content")
    assert why == ""
    nested, _ = repository(REPO + "/", "blob/trunk/site/docs", "docs")
    assert nested.edit_root == f"{REPO}/blob/trunk/site/"
    template, _ = repository(REPO, None, "content", "edit/main/content/{path}")
    assert template.edit_root == f"{REPO}/edit/main/"


def test_an_absolute_edit_uri_needs_no_repo_url() -> None:
    repo, why = repository(None, "https://git.example.org/r/edit/main/content/", "content")
    assert repo == Repository("https://git.example.org/r/edit/main/", "", "content")
    assert why == ""


def test_no_repository_means_no_links() -> None:
    repo, why = repository(None, None, "content")
    assert not repo and why == ""
    assert record_links(repo, _school(), None) is None
    assert directory_links(repo, "school") is None


def test_empty_edit_uri_leaves_only_the_issue_form() -> None:
    repo, why = repository(REPO, "", "content")
    assert repo.edit_root == "" and why == ""
    links = record_links(repo, _school(), Body("text", "content/schools/a-school.md"))
    assert links is not None and links.edits == () and "template=school.yml" in links.suggest


def test_edit_uri_elsewhere_turns_edit_links_off_and_says_why() -> None:
    repo, why = repository(REPO, "edit/master/docs/", "content")  # MkDocs' own default
    assert repo.edit_root == ""
    assert "does not end with the docs_dir 'content/'" in why
    assert "edit/main/content/" in why
    _, why = repository(REPO, None, "content", "edit/main/{path}?plain=1")
    assert "{path}" in why


def test_only_github_has_the_issue_form() -> None:
    repo, _ = repository("https://gitlab.com/example/schools", "-/edit/main/content/", "content")
    assert repo.issues == "" and repo.edit_root == "https://gitlab.com/example/schools/-/edit/main/"
    links = record_links(repo, _school(), None)
    assert links is not None and links.suggest == ""


def test_records_from_elsewhere_get_no_edit_link_and_private_ones_no_issue() -> None:
    repo, _ = repository(REPO, "edit/main/content/", "content")
    members_folder = _school(file="members/schools.yaml")
    links = record_links(repo, members_folder, Body("x", "members/content/schools/a-school.md"))
    assert links is not None and links.edits == ()
    private = record_links(repo, _school(public=False), None)
    assert private is not None and private.suggest == "" and len(private.edits) == 1


def _school(file: str = "schools.yaml", public: bool = True) -> object:
    from generator.models import School

    return School(
        id="a-school",
        name="A School",
        phase="primary",
        type="academy",
        public=public,
        where={"": Pos(file, 7, 3)},
    )


# --- real builds ------------------------------------------------------------------------


def _project(tmp: Path, repo_url: bool = True) -> Path:
    project = copy_fixture("small", tmp)
    if repo_url:
        with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
            config.write(f"repo_url: {REPO}\nedit_uri: edit/main/content/\n")
    schools = project / "schools.yaml"
    text = schools.read_text(encoding="utf-8")
    hostile = HOSTILE_NAME.replace("\\", "\\\\").replace('"', '\\"')
    schools.write_text(
        text.replace("  name: Bramble Hill School\n", f'  name: "{hostile}"\n', 1), encoding="utf-8"
    )
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _project(tmp_path_factory.mktemp("edit-links"))


@pytest.fixture(scope="module")
def public_site(project: Path) -> Path:
    return build(project)


@pytest.fixture(scope="module")
def members_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(_project(tmp_path_factory.mktemp("edit-links-members")), members=True)


def _links(site: Path, page: str) -> dict[str, str]:
    """The edit paragraph's links on a page, by their text."""
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    found = soup.select("article p.sn-edit")
    assert len(found) == 1, page
    return {a.get_text(): str(a["href"]) for a in found[0].find_all("a") if isinstance(a, Tag)}


def _line_of(project: Path, kind: str, record_id: str) -> int:
    lines = (project / KINDS[kind].filename).read_text(encoding="utf-8").splitlines()
    return lines.index(f"- id: {record_id}") + 1


@pytest.mark.parametrize(("kind", "record_id"), [(k, i) for k, ids in RECORDS.items() for i in ids])
def test_each_record_page_edits_its_own_line_and_body(
    project: Path, public_site: Path, kind: str, record_id: str
) -> None:
    links = _links(public_site, f"{KINDS[kind].plural}/{record_id}/index.html")
    has_body = (kind, record_id) in BODIES
    details = links.pop("Edit details" if has_body else "Edit this record")
    line = _line_of(project, kind, record_id)
    assert details == f"{REPO}/edit/main/{KINDS[kind].filename}#L{line}"
    if has_body:
        body = f"content/{KINDS[kind].plural}/{record_id}.md"
        assert (project / body).is_file()
        assert links.pop("Edit text") == f"{REPO}/edit/main/{body}"
    suggest = urlsplit(links.pop("Suggest a correction"))
    assert links == {}
    assert f"{suggest.scheme}://{suggest.netloc}{suggest.path}" == f"{REPO}/issues/new"
    query = parse_qs(suggest.query, strict_parsing=True)
    assert query["template"] == [f"{kind}.yml"]
    assert query["id"] == [record_id]
    assert query["title"][0].startswith(f"Correct {kind}: ")


def test_the_page_names_the_file_and_line(project: Path, public_site: Path) -> None:
    soup = BeautifulSoup(
        (public_site / "schools/bramble-hill/index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    text = soup.select_one("article p.sn-edit").get_text(" ", strip=True)  # type: ignore[union-attr]
    line = _line_of(project, "school", "bramble-hill")
    assert f"Edit this record (schools.yaml, line {line})" in text


def test_a_hostile_name_reaches_the_form_whole(public_site: Path) -> None:
    suggest = _links(public_site, "schools/bramble-hill/index.html")["Suggest a correction"]
    query = urlsplit(suggest).query
    assert parse_qs(query, strict_parsing=True) == {
        "template": ["school.yml"],
        "id": ["bramble-hill"],
        "title": [f"Correct school: {HOSTILE_NAME}"],
    }
    # Every character with a meaning in a URL is encoded, so no parameter can be added.
    assert query.count("&") == 2 and query.count("=") == 3
    assert not set(query) & set(" #\"'<>+/?é")


def test_directories_offer_their_form_and_file(public_site: Path) -> None:
    for kind in KINDS.values():
        links = _links(public_site, f"{kind.plural}/index.html")
        assert links == {
            f"Suggest a new {kind.name}": f"{REPO}/issues/new?template={kind.name}.yml",
            f"Edit {kind.filename}": f"{REPO}/edit/main/{kind.filename}",
        }


def test_no_row_carries_a_link(public_site: Path) -> None:
    html = (public_site / "schools/index.html").read_text(encoding="utf-8")
    assert html.count("/edit/main/") == 1 and html.count("/issues/new") == 1


def test_public_build_links_to_no_private_record(public_site: Path) -> None:
    leaks = [
        (name, marker)
        for name, text in all_text(public_site).items()
        for marker in PRIVATE_MARKERS
        if marker in text
    ]
    assert leaks == []


def test_members_edition_edits_private_records_but_files_no_issue(
    project: Path, members_site: Path
) -> None:
    links = _links(members_site, "schools/larkspur-private/index.html")
    line = _line_of(project, "school", "larkspur-private")
    assert links == {
        "Edit details": f"{REPO}/edit/main/schools.yaml#L{line}",
        "Edit text": f"{REPO}/edit/main/content/schools/larkspur-private.md",
    }
    assert "Suggest a correction" in _links(members_site, "schools/hawes-side/index.html")


def test_no_repository_no_links(tmp_path: Path) -> None:
    site = build(_project(tmp_path, repo_url=False))
    for name, text in all_text(site).items():
        if name.endswith(".html"):
            assert "sn-edit" not in text and "issues/new" not in text, name
            assert 'rel="edit"' not in text, name


def test_the_repository_link_asks_its_host_for_nothing(public_site: Path) -> None:
    html = (public_site / "index.html").read_text(encoding="utf-8")
    assert f'href="{REPO}"' in html  # Material's header link to the repository stays ...
    assert 'data-md-component="source"' not in html  # ... without the script that fetches facts.
