"""Facts readers rely on: withdrawn policies, the order of names, the build date on every page.

The shipped sample has a withdrawn policy (`nesa-energy-purchasing-2024`,
review date 31 March 2026, applying to the NESA business professionals'
network) and suppliers in categories written "HR and payroll", "IT",
"SEND services" and "catering".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import ROOT, build
from pypdf import PdfReader

from benchmarks.common import copy_sample
from generator.exports.documents import Documents
from generator.exports.pdf import write_documents
from generator.exports.settings import settings_for_project
from generator.ordering import by_name, text_key
from generator.project import Sources, load_project
from generator.site import Site

TODAY = date(2026, 11, 26)  # helpers.BUILD_DAY_EPOCH
WITHDRAWN = "nesa-energy-purchasing-2024"


@pytest.fixture(scope="module")
def site() -> Site:
    return load_project(Sources(ROOT), today=TODAY, members=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(copy_sample(tmp_path_factory.mktemp("facts")))


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


# --- the order of names ---------------------------------------------------------------


def test_text_key_ignores_case_and_accents_and_breaks_ties_the_same_way() -> None:
    names = ["Zebra", "SEND services", "écoles", "catering", "IT", "Ecoles", "HR and payroll"]
    assert sorted(names, key=text_key) == [
        "catering",
        "Ecoles",
        "écoles",
        "HR and payroll",
        "IT",
        "SEND services",
        "Zebra",
    ]
    assert text_key("Ångström") < text_key("angus")  # "angstrom" < "angus"


def test_by_name_puts_lower_case_and_accented_names_in_place() -> None:
    class Rec:
        def __init__(self, name: str, id: str) -> None:
            self.name, self.id = name, id

    records = [Rec("Zeal", "z"), Rec("Éton Way", "e2"), Rec("acorn", "a"), Rec("eton Way", "e1")]
    assert [r.id for r in by_name(records)] == ["a", "e1", "e2", "z"]


def test_supplier_directory_lists_categories_case_insensitively(built: Path) -> None:
    rows = soup(built, "suppliers").select("article tbody tr[data-category]")
    categories = list(dict.fromkeys(row["data-category"] for row in rows))
    assert categories == sorted(categories, key=str.casefold)
    assert categories.index("catering") < categories.index("HR and payroll")


def test_every_server_side_list_of_names_is_in_folded_order(site: Site) -> None:
    for network in site.networks.values():
        for schools in (site.members_of(network), site.all_members_of(network)):
            assert [s.name for s in schools] == sorted((s.name for s in schools), key=text_key)
    for school in site.schools.values():
        titles = [p.title for p in site.policies_for(school)]
        assert titles == sorted(titles, key=text_key)


# --- withdrawn policies ------------------------------------------------------------------


def test_a_withdrawn_policy_is_withdrawn_not_due_and_applies_nowhere(site: Site) -> None:
    policy = site.policies[WITHDRAWN]
    assert policy.status == "withdrawn"
    assert site.review_state(policy) == "withdrawn"
    assert policy not in site.policies_due()
    named = [s for s in site.schools.values() if policy in site.withdrawn_policies_for(s)]
    assert len(named) > 0
    assert all(policy not in site.policies_for(s) for s in site.schools.values())


def test_the_policy_page_and_directory_say_withdrawn(built: Path) -> None:
    page = soup(built, f"policies/{WITHDRAWN}")
    facts = page.select_one("dl.sn-facts").get_text(" ", strip=True)
    assert "Review due none: Withdrawn" in facts
    assert "Not due yet" not in page.get_text()
    row = next(
        tr
        for tr in soup(built, "policies").select("article tbody tr")
        if tr.select_one(f'a[href$="{WITHDRAWN}/"]')
    )
    assert row["data-review"] == "withdrawn"
    assert row["data-review-label"] == "Withdrawn"
    assert row.select("td")[-1].get_text(strip=True) == "Withdrawn"


def test_a_school_page_lists_a_withdrawn_policy_apart(built: Path, site: Site) -> None:
    policy = site.policies[WITHDRAWN]
    school = next(s for s in site.schools.values() if policy in site.withdrawn_policies_for(s))
    page = soup(built, f"schools/{school.id}")
    applying = page.select_one("#policies + ul")
    assert applying is None or policy.title not in applying.get_text()
    heading = page.select_one("#withdrawn-policies")
    assert heading is not None and heading.get_text().startswith("Withdrawn policies")
    listed = heading.find_next("ul")
    assert policy.title in listed.get_text() and "Withdrawn" in listed.get_text()
    assert "review due" not in listed.get_text()


def test_the_withdrawn_policy_s_pdf_says_withdrawn(tmp_path: Path, site: Site) -> None:
    settings, _, _ = settings_for_project(ROOT, workers=1)
    document = Documents(site, settings).policy(WITHDRAWN)
    written = write_documents([document], settings, tmp_path)
    text = PdfReader(written.files[0]).pages[0].extract_text()
    assert "Review due none: Withdrawn" in " ".join(text.split())


# --- the build date --------------------------------------------------------------------


def test_every_page_shows_the_build_date_in_its_footer(built: Path) -> None:
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 120
    for path in pages:
        footer = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one(
            "footer .sn-build-date time"
        )
        assert footer is not None, path
        assert footer["datetime"] == "2026-11-26", path
        assert footer.get_text() == "26 November 2026", path
