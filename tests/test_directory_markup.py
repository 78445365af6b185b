"""The data attributes that directory.js filters and sorts by, in a real build.

The script only reads these attributes, so checking them here covers what
the browser tests (tests/e2e/) cannot afford to repeat for every value.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from helpers import build, copy_fixture


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(copy_fixture("small", tmp_path_factory.mktemp("directory")))


def directory(site: Path, page: str) -> Tag:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    found = soup.find("div", class_="sn-directory")
    assert isinstance(found, Tag), f"{page} has no .sn-directory"
    return found


def rows(table_or_directory: Tag) -> dict[str, Tag]:
    """Body rows keyed by their data-text, the name the text box searches."""
    return {str(tr["data-text"]): tr for tr in table_or_directory.select("tbody tr")}


def sort_keys(table: Tag) -> list[str | None]:
    return [th.get("data-sort-key") for th in table.select("thead th")]  # type: ignore[misc]


def test_schools_rows_carry_every_filter(site: Path) -> None:
    schools = directory(site, "schools/index.html")
    assert schools["data-noun"] == "schools"
    assert schools["data-filters"] == (
        "phase:Phase, type:Type, la:Local authority, country:Country, network:Network"
    )
    assert schools["data-text-label"] == "Name, URN, postcode or place"
    found = rows(schools)
    assert set(found) == {
        "Bramble Hill School",
        "Hawes Side Academy",
        "Liceo Partner",
    }
    hawes = found["Hawes Side Academy"]
    assert hawes["data-urn"] == "119346"
    assert hawes["data-postcode"] == "FY4 3LN"
    assert hawes["data-country"] == "England"
    assert hawes["data-phase"] == "primary"
    assert hawes["data-type"] == "academy"
    assert hawes["data-la"] == "Blackpool"
    assert hawes["data-network"] == "kaizen|nesa-maths"
    assert hawes["data-network-label"] == "Kaizen Network|NESA Maths Group"
    # A partner abroad has no local authority: the country filter finds it, the
    # local authority filter does not list its country; the column shows the country.
    assert found["Liceo Partner"]["data-la"] == ""
    assert found["Liceo Partner"]["data-country"] == "Italy"
    assert found["Liceo Partner"].select("td")[4].get_text() == "Italy"
    table = schools.find("table")
    assert isinstance(table, Tag)
    assert sort_keys(table) == ["name", "urn", "phase", "type", "la", None]


def test_text_is_escaped_in_data_attributes(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    networks = project / "networks.yaml"
    networks.write_text(
        networks.read_text(encoding="utf-8").replace(
            "name: Kaizen Network", "name: 'Kaizen \"Net\" A|B & co''s'"
        ),
        encoding="utf-8",
    )
    schools = directory(build(project), "schools/index.html")
    hawes = rows(schools)["Hawes Side Academy"]
    # The "|" inside a name becomes "/", so the list still splits into one name per id.
    assert hawes["data-network-label"] == 'Kaizen "Net" A/B & co\'s|NESA Maths Group'
    raw = (project / "site/schools/index.html").read_text(encoding="utf-8")
    assert 'data-network-label="Kaizen &#34;Net&#34; A/B &amp; co&#39;s|NESA' in raw


def test_suppliers_rate_by_number(site: Path) -> None:
    suppliers = directory(site, "suppliers/index.html")
    assert suppliers["data-filters"] == (
        "category:Category, rating:Minimum average rating:min, la:Recommended by schools in"
    )
    fresh = rows(suppliers)["Fresh Plates Catering"]
    assert fresh["data-category"] == "catering"
    assert float(str(fresh["data-rating"])) == 5
    cells = fresh.find_all("td")
    assert cells[2].get_text() == "5 out of 5"
    assert float(cells[2]["data-sort-value"]) == 5


def test_policies_carry_review_status(site: Path) -> None:
    policies = directory(site, "policies/index.html")
    assert policies["data-filters"] == "category:Category, review:Review status"
    found = rows(policies)
    safeguarding = found["Child Protection and Safeguarding"]
    assert safeguarding["data-category"] == "safeguarding"
    assert (safeguarding["data-review"], safeguarding["data-review-label"]) == (
        "overdue",
        "Review overdue",
    )
    charging = found["Charging and Remissions"]
    assert (charging["data-review"], charging["data-review-label"]) == (
        "due soon",
        "Due within 90 days",
    )
    # Sorting by "Review due" uses the ISO date, not the day-first text shown.
    assert charging.find_all("td")[5]["data-sort-value"] == "2027-01-10"


def test_events_both_tables_share_one_directory(site: Path) -> None:
    events = directory(site, "events/index.html")
    assert events["data-filters"] == "network:Network, kind:Kind"
    upcoming, past = events.find_all("table")
    assert upcoming.caption.get_text() == "Upcoming events"
    assert past.caption.get_text() == "Past events, latest first"
    assert sort_keys(upcoming) == ["when", "event", "kind", "organiser"]
    conference = rows(upcoming)["Summer conference"]
    assert conference["class"] == ["sn-cancelled"]
    assert conference["data-kind"] == "conference"
    assert conference["data-network"] == "nesa"
    assert conference["data-network-label"] == "Northumberland Education School's Alliance"
    assert conference.find("td")["data-sort-value"] == "2027-06-30T09:00"
    webinar = rows(past)["Autumn webinar"]
    assert (webinar["data-kind"], webinar["data-network"]) == ("webinar", "nesa")


def test_networks_filter_by_kind(site: Path) -> None:
    networks = directory(site, "networks/index.html")
    assert networks["data-filters"] == "kind:Kind"
    assert rows(networks)["NESA Maths Group"]["data-kind"] == "subject group"


def test_controls_come_only_from_the_script(site: Path) -> None:
    """Without JavaScript the page is the plain table: no dead controls."""
    for kind in ["schools", "networks", "policies", "events", "suppliers"]:
        html = (site / kind / "index.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        assert soup.select("article form, article select, article input, article button") == []
        scripts = [str(s.get("src", "")) for s in soup.find_all("script")]
        assert "../assets/directory.js" in scripts, kind
    assert (site / "assets/directory.js").read_text(encoding="utf-8").startswith("/*")
