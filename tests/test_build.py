"""Real MkDocs builds of the small fixture project, read back as HTML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import all_text, build, copy_fixture, mkdocs

PRIVATE_MARKERS = [
    "Zzlarkspur",
    "larkspur-private",
    "Zzsecretnet",
    "secret-net",
    "Zzsecretevent",
    "secret-event",
    "Zzconfidentialnote",
    "Zzquillfeather",
    "hidden-supplier",
    "Zzbodysecret",
    "654321",
]


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_fixture("small", tmp_path_factory.mktemp("public"))
    return build(project)


@pytest.fixture(scope="module")
def members_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_fixture("small", tmp_path_factory.mktemp("members"))
    return build(project, members=True)


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def article(site: Path, page: str) -> BeautifulSoup:
    found = soup(site, page).find("article")
    assert found is not None
    return found


def test_private_records_absent_from_every_public_file(public_site: Path) -> None:
    texts = all_text(public_site)
    assert "search/search_index.json" in texts
    assert "sitemap.xml" in texts
    leaks = [
        (name, marker)
        for name, text in texts.items()
        for marker in PRIVATE_MARKERS
        if marker in text
    ]
    assert leaks == []
    assert not (public_site / "schools" / "larkspur-private").exists()


def test_members_build_includes_private_records(members_site: Path) -> None:
    texts = all_text(members_site)
    for marker in [
        "Zzlarkspur",
        "Zzsecretnet",
        "Zzsecretevent",
        "Zzconfidentialnote",
        "Zzbodysecret",
    ]:
        assert any(marker in text for text in texts.values()), marker
    shards = [text for name, text in texts.items() if name.startswith("search/records/")]
    assert any("Zzlarkspur" in text for text in shards)
    assert "schools/larkspur-private/" in texts["sitemap.xml"]


def test_school_page_links_both_ways(public_site: Path) -> None:
    school = article(public_site, "schools/hawes-side/index.html")
    assert school.h1.get_text() == "Hawes Side Academy, school"
    assert school.h1.span["class"] == ["sn-hidden"]
    links = {a.get_text(): a["href"] for a in school.find_all("a")}
    assert links["Kaizen Network"] == "../../networks/kaizen/"
    assert links["Maths network meeting"] == "../../events/maths-meeting/"
    assert links["Fresh Plates Catering"] == "../../suppliers/fresh-plates/"
    assert links["Charging and Remissions"] == "../../policies/charging/"
    # Safeguarding applies through the NESA maths group's parent network.
    assert links["Child Protection and Safeguarding"] == "../../policies/safeguarding/"
    network = article(public_site, "networks/nesa-maths/index.html")
    members = [a.get_text() for a in network.find(id="members").find_next("ul").find_all("a")]
    assert members == ["Hawes Side Academy"]
    nesa = article(public_site, "networks/nesa/index.html").get_text(" ", strip=True)
    assert "Member schools 1 directly, 2 including its groups" in nesa
    assert "NESA Maths Group · subject group, 1 schools" in nesa


def test_text_from_yaml_is_escaped(public_site: Path) -> None:
    html = (public_site / "schools/hawes-side/index.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;angle brackets&lt;/b&gt;" in html
    assert "<b>angle brackets</b>" not in html


def test_text_cannot_make_links_headings_or_scripts(public_site: Path) -> None:
    page = article(public_site, "suppliers/fresh-plates/index.html")
    assert page.find("a", href="https://evil.example.com") is None
    assert [s["type"] for s in page.find_all("script")] == ["application/ld+json"]
    assert "Injected heading" not in [h.get_text() for h in page.find_all(["h1", "h2", "h3"])]
    note = page.find("section", class_="sn-recommendation").get_text()
    assert "Reliable | fast. [click](https://evil.example.com)" in note
    assert "<script>alert(1)</script>" in note


def test_public_event_hosted_by_private_school_shows_no_host(public_site: Path) -> None:
    event = article(public_site, "events/autumn-webinar/index.html").get_text(" ", strip=True)
    assert "Hosted by" not in event
    assert "This event has taken place." in event


def test_supplier_shows_average_of_public_recommendations_only(
    public_site: Path, members_site: Path
) -> None:
    public = article(public_site, "suppliers/fresh-plates/index.html").get_text(" ", strip=True)
    assert "Average rating 5 out of 5 from 1 school" in public
    assert (
        "SLA from 1 September 2025, next review 31 August 2027; contact: Account manager." in public
    )
    members = article(members_site, "suppliers/fresh-plates/index.html").get_text(" ", strip=True)
    assert "Average rating 3.7 out of 5 from 3 schools" in members


def test_home_page_is_relative_to_build_date(public_site: Path) -> None:
    home = article(public_site, "index.html")
    text = home.get_text(" ", strip=True)
    assert "Welcome to the fixture network." in text
    assert "Built on 26 November 2026." in text
    rows = home.find(id="upcoming").find_next("table").find_all("tr")[1:]
    upcoming = [
        " | ".join(td.get_text(" ", strip=True) for td in row.find_all("td")) for row in rows
    ]
    # The past webinar (1 Oct 2026) is left out; the monthly drop-in shows its next dates.
    assert upcoming[:4] == [
        "Tue 1 Dec 2026, 16:00–16:30 GMT | Maths drop-in | webinar | NESA Maths Group",
        "Tue 5 Jan 2027, 16:00–16:30 GMT | Maths drop-in | webinar | NESA Maths Group",
        "Thu 14 Jan 2027, 16:00–17:30 GMT | Maths network meeting | network meeting | "
        "NESA Maths Group",
        "Tue 2 Feb 2027, 16:00–16:30 GMT | Maths drop-in | webinar | NESA Maths Group",
    ]
    assert "Cancelled" in home.find(id="upcoming").find_next("table").get_text()
    due = home.find(id="reviews").find_next("ul").get_text(" ", strip=True)
    assert "Child Protection and Safeguarding · review due 1 September 2026 Review overdue" in due
    assert "Charging and Remissions · review due 10 January 2027 Review due within 90 days" in due


def test_record_pages_are_not_in_navigation(public_site: Path) -> None:
    nav = soup(public_site, "guide/start/index.html").find("nav", class_="md-nav--primary")
    titles = {a.get_text(strip=True) for a in nav.find_all("a")}
    assert {"Schools", "Networks", "Events", "Policies", "Suppliers", "Guide"} <= titles
    assert "Hawes Side Academy" not in titles


def test_guidance_record_links_resolve(public_site: Path) -> None:
    guide = article(public_site, "guide/start/index.html")
    links = {a.get_text(): a["href"] for a in guide.find_all("a") if a.get_text()}
    assert links["the maths group"] == "../../networks/nesa-maths/"
    assert links["the policy"] == "../../policies/safeguarding/#text"
    assert links["Fresh Plates"] == "../../suppliers/fresh-plates/"
    assert "[not a link](school:nowhere)" in guide.get_text()


def test_page_titles_and_descriptions(public_site: Path) -> None:
    page = soup(public_site, "schools/hawes-side/index.html")
    assert page.title.get_text() == "Hawes Side Academy - Fixture Network"
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert description == "Hawes Side Academy: primary academy school, Blackpool (URN 119346)."


def test_bad_data_fails_with_every_problem_and_keeps_previous_site(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    site = build(project)
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*")}
    schools = project / "schools.yaml"
    schools.write_text(
        schools.read_text()
        .replace('urn: "119346"', 'urn: "12345"')
        .replace("phase: special", "phase: specal")
    )
    for args in (["build"], ["build", "-q"], ["build", "--strict", "-q"]):
        result = mkdocs(project, *args)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
    assert (
        "schools.yaml:3:8: school 'hawes-side': urn must be 6 digits, got '12345'; "
        "copy the URN from Get Information about Schools (e.g. 119346)"
    ) in result.stderr
    assert "schools.yaml:18:10: school 'bramble-hill': phase must be one of:" in result.stderr
    assert "(did you mean 'special'?)" in result.stderr
    assert "2 problems found; nothing was built." in result.stderr
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*")} == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == ["site"]


def test_strict_warning_keeps_previous_site(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    site = build(project)
    (project / "content" / "guide" / "start.md").write_text("# Start\n\n[broken](missing.md)\n")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 1
    assert "missing.md" in result.stderr
    assert "the maths group" in (site / "guide/start/index.html").read_text()
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == ["site"]


def test_content_page_clashing_with_generated_page_is_refused(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    (project / "content" / "schools.md").write_text("# Schools\n")
    result = mkdocs(project, "build")
    assert result.returncode == 1
    assert (
        "content/schools.md:1:1: this page would be published at /schools/, the same address "
        "as the schools directory, generated from schools.yaml; rename or move this file"
    ) in result.stderr


def test_directory_urls_off_gives_html_links(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "use_directory_urls: false\n")
    site = build(project)
    school = article(site, "schools/hawes-side.html")
    links = {a.get_text(): a["href"] for a in school.find_all("a")}
    assert links["Kaizen Network"] == "../networks/kaizen.html"
    home = article(site, "index.html")
    assert home.find("a", string="Maths network meeting")["href"] == "events/maths-meeting.html"


def test_awkward_characters_in_a_name_are_shown_not_interpreted(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    schools = project / "schools.yaml"
    name = """St Mary & St John's "Federated" School"""
    schools.write_text(
        schools.read_text().replace(
            "name: Hawes Side Academy", f"name: '{name.replace(chr(39), 2 * chr(39))}'"
        )
    )
    site = build(project)
    page = soup(site, "schools/hawes-side/index.html")
    assert page.title.get_text() == f"{name} - Fixture Network"
    assert [h1.contents[0] for h1 in page.find_all("h1")] == [name]
    assert page.find("meta", attrs={"name": "description"})["content"].startswith(
        f"{name}: primary"
    )
    listed = article(site, "schools/index.html").find("a", href="../schools/hawes-side/")
    assert listed.get_text() == name


def test_markup_in_a_name_is_refused(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    schools = project / "schools.yaml"
    schools.write_text(
        schools.read_text().replace(
            "name: Hawes Side Academy", "name: </title><script>x()</script>"
        )
    )
    result = mkdocs(project, "build")
    assert result.returncode == 1
    assert (
        "schools.yaml:2:9: school 'hawes-side': name must not contain < or >, got "
        "'</title><script>x()</script>'; write it as plain words"
    ) in result.stderr


def jsonld(site: Path, page: str) -> dict[str, object]:
    script = article(site, page).find("script", type="application/ld+json")
    data = json.loads(script.string)
    assert isinstance(data, dict)
    return data


def test_structured_data_on_record_pages(public_site: Path) -> None:
    school = jsonld(public_site, "schools/hawes-side/index.html")
    assert school["@type"] == "ElementarySchool"
    assert school["identifier"] == {
        "@type": "PropertyValue",
        "propertyID": "URN",
        "value": "119346",
    }
    assert school["url"] == "https://example.org/fixture/schools/hawes-side/"
    assert {
        "@type": "Organization",
        "name": "Kaizen Network",
        "url": "https://example.org/fixture/networks/kaizen/",
    } in school["memberOf"]
    event = jsonld(public_site, "events/summer-conference/index.html")
    assert event["@type"] == "Event"
    assert event["eventStatus"] == "https://schema.org/EventCancelled"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["startDate"] == "2027-06-30T09:00:00+01:00"
    webinar = jsonld(public_site, "events/autumn-webinar/index.html")
    assert webinar["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert webinar["location"] == {
        "@type": "VirtualLocation",
        "url": "https://meet.example.org/autumn",
    }
    assert jsonld(public_site, "networks/nesa-maths/index.html")["parentOrganization"]["name"] == (
        "Northumberland Education School's Alliance"
    )
    supplier = jsonld(public_site, "suppliers/fresh-plates/index.html")
    assert supplier["aggregateRating"]["ratingValue"] == 5
    # The note's "<script>" could not end the JSON-LD element early.
    html = (public_site / "schools/hawes-side/index.html").read_text(encoding="utf-8")
    ld_text = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in ld_text


def test_calendars_and_open_data_are_published_and_linked(public_site: Path) -> None:
    event = article(public_site, "events/maths-meeting/index.html")
    add = event.find("a", string="Add to calendar")
    assert add["href"] == "../../events/maths-meeting.ics"
    assert (public_site / "events/maths-meeting.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    # A feed is subscribed to (webcal://, from site_url), downloaded, or its address pasted.
    network = article(public_site, "networks/nesa/index.html")
    subscribe = network.find("a", string="Subscribe to this network's calendar")
    assert subscribe["href"] == "webcal://example.org/fixture/calendar/nesa.ics"
    offer = subscribe.find_parent("p")
    assert offer.find("a", string="download the file")["href"] == "../../calendar/nesa.ics"
    assert offer.find("code").get_text() == "https://example.org/fixture/calendar/nesa.ics"
    events = article(public_site, "events/index.html")
    subscribe = events.find("a", string="Subscribe to all events")
    assert subscribe["href"] == "webcal://example.org/fixture/calendar/all-events.ics"
    offer = subscribe.find_parent("p")
    assert offer.find("a", string="download the file")["href"] == "../calendar/all-events.ics"
    schools = article(public_site, "schools/index.html")
    assert schools.find("a", string="schools.csv")["href"] == "../data/schools.csv"
    assert (public_site / "data/schools.csv").is_file()
    data_page = article(public_site, "data/index.html").get_text(" ", strip=True)
    assert "coordinates_lat" in data_page
    assert not (public_site / "calendar/secret-net.ics").exists()


def test_series_page_leads_with_its_next_date_and_anchors_each_date(public_site: Path) -> None:
    page = article(public_site, "events/maths-drop-in/index.html")
    # Built as of 26 November 2026: October and November are past, December comes next.
    assert page.find(class_="sn-kind").get_text() == (
        "Webinar · Next date: Tue 1 Dec 2026, 16:00–16:30 GMT"
    )
    items = page.find(id="dates").find_next("ol").find_all("li")
    assert [(li["id"], li.get_text(" ", strip=True)) for li in items] == [
        ("date-2026-10-06", "Tue 6 Oct 2026, 16:00–16:30 BST (past)"),
        ("date-2026-11-03", "Tue 3 Nov 2026, 16:00–16:30 GMT (past)"),
        ("date-2026-12-01", "Tue 1 Dec 2026, 16:00–16:30 GMT (next)"),
        ("date-2027-01-05", "Tue 5 Jan 2027, 16:00–16:30 GMT"),
        ("date-2027-02-02", "Tue 2 Feb 2027, 16:00–16:30 GMT"),
        ("date-2027-03-02", "Tue 2 Mar 2027, 16:00–16:30 GMT"),
    ]
    facts = page.find("dl", class_="sn-facts")
    assert facts.find("a", href="#date-2026-12-01") is not None
    assert "6 in all, 4 still to come" in facts.get_text(" ", strip=True)


def test_each_date_of_a_series_links_to_its_own_anchor(public_site: Path) -> None:
    """The directory, the home page and the organiser's page link each meeting to its date."""
    ids = {li["id"] for li in article(public_site, "events/maths-drop-in/index.html")("li")}
    for path, prefix in (
        ("events/index.html", "../events/maths-drop-in/"),
        ("index.html", "events/maths-drop-in/"),
        ("networks/nesa-maths/index.html", "../../events/maths-drop-in/"),
    ):
        page = article(public_site, path)
        hrefs = [a["href"] for a in page("a", href=lambda h: h and "maths-drop-in/" in h)]
        assert hrefs, path
        assert len(set(hrefs)) == len(hrefs), f"{path}: two dates share a link"
        for href in hrefs:
            assert href.startswith(f"{prefix}#"), href
            assert href.partition("#")[2] in ids, href


def test_generated_pages_left_out_of_a_written_nav_are_not_warnings(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - Open data: data/index.md\n", ""))
    site = build(project)  # strict: an omitted generated page must not fail it
    assert (site / "data/index.html").is_file()


def test_without_a_written_nav_the_directories_join_the_automatic_nav(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text()
    start, end = text.index("nav:\n"), text.index("validation:\n")
    config.write_text(text[:start] + text[end:])
    site = build(project)
    nav = soup(site, "index.html").find("nav", class_="md-nav--primary")
    titles = {a.get_text(strip=True) for a in nav.find_all("a")}
    assert {"Schools", "Networks", "Events", "Policies", "Suppliers", "Open data"} <= titles
    assert "Hawes Side Academy" not in titles


@pytest.mark.parametrize("directory_urls", [True, False])
def test_shell_pages_are_byte_identical_to_the_full_theme_path(
    tmp_path: Path, directory_urls: bool
) -> None:
    sites = {}
    for fast in ("true", "false"):
        project = copy_fixture("small", tmp_path / fast)
        config = project / "mkdocs.yml"
        text = config.read_text().replace(
            "      pdf: !ENV SCHOOLNET_PDF\n", f"      pdf: false\n      fast_pages: {fast}\n"
        )
        config.write_text(text + f"use_directory_urls: {str(directory_urls).lower()}\n")
        result = mkdocs(project, "build", "--strict")
        assert result.returncode == 0, result.stderr
        sites[fast] = (project / "site", result.stderr)
    fast_files = all_text(sites["true"][0])
    assert fast_files == all_text(sites["false"][0])
    # Record pages took the shell, titles with apostrophes included; beyond two
    # probes per folder, body-less ones skipped MkDocs' page pipeline. A folder
    # with a single record page has nothing to check its shell against.
    assert "7 of 10 record pages from pre-rendered shells" in sites["true"][1], sites["true"][1]
    assert "4 pages written from shells outside MkDocs" in sites["true"][1]
    assert "shells" not in sites["false"][1]


def test_events_are_counted_once_the_same_way_everywhere(public_site: Path) -> None:
    """One count: the dates the events directory lists (a series once per date), cancelled said."""
    events = article(public_site, "events/index.html")
    tables = events.find(class_="sn-directory").find_all("table")
    rows = [table.tbody.find_all("tr") for table in tables]
    cancelled = [sum("sn-cancelled" in (tr.get("class") or []) for tr in trs) for trs in rows]
    assert sum(cancelled) >= 1  # the fixture has a cancelled event
    for index, heading in enumerate(("upcoming", "past")):
        count = events.find(id=heading).find(class_="sn-count")
        assert count["data-count-table"] == str(index)
        words = f"{len(rows[index])} event date{'' if len(rows[index]) == 1 else 's'}"
        if cancelled[index]:
            words += f", {cancelled[index]} cancelled"
        assert count.get_text() == words
    total = sum(len(trs) for trs in rows)
    # More rows than events: the series is listed once per date.
    assert total > len(list((public_site / "events").glob("*.ics")))
    home = article(public_site, "index.html")
    link = home.find("ul", class_="sn-counts").find("a", href="events/")
    assert link.get_text(" ", strip=True) == f"{total} event dates"
    assert events.find(class_="sn-directory")["data-noun"] == "event dates"
    assert "once for each of its dates" in events.get_text(" ", strip=True)
