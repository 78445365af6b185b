"""The PDFs: opened with pypdf and checked page by page, plus a real build that links to them."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from helpers import BUILD_DAY, BUILD_DAY_EPOCH, FIXTURES, build, copy_fixture
from pypdf import PdfReader
from test_build import PRIVATE_MARKERS

from generator import cli
from generator.exports.documents import Documents, finish
from generator.exports.markdown_html import BodyConverter, LinkMap, split_title
from generator.exports.pdf import write_pdfs
from generator.exports.settings import guide_pages, nav_sources, settings_for_project
from generator.project import Sources, load_project

TODAY = BUILD_DAY
SMALL = FIXTURES / "small"
PUBLIC_NETWORKS = ["comenius", "kaizen", "nesa", "nesa-maths"]
PUBLIC_POLICIES = ["charging", "safeguarding"]
SECTIONS = [
    "Introduction",
    "Getting started",
    "Schools",
    "Networks",
    "Events",
    "Policies",
    "Suppliers",
]
MEMBERS_MARKERS = [
    "Zzlarkspur",
    "Zzsecretnet",
    "Zzsecretevent",
    "Zzconfidentialnote",
    "Zzbodysecret",
]


# --- reading PDFs ---------------------------------------------------------------


class Pdf:
    """A PDF as the tests see it: text per page, outline, links."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.reader = PdfReader(path)
        self.pages = [page.extract_text() or "" for page in self.reader.pages]
        self.dests = {
            name: self.reader.get_destination_page_number(dest)
            for name, dest in self.reader.named_destinations.items()
        }

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    def outline(self) -> list[tuple[int, str, int]]:
        """(level, title, page index) of every bookmark, in order."""
        found: list[tuple[int, str, int]] = []

        def walk(items: list[Any], level: int) -> None:
            for item in items:
                if isinstance(item, list):
                    walk(item, level + 1)
                else:
                    found.append((level, item.title, self.reader.get_destination_page_number(item)))

        walk(self.reader.outline, 1)
        return found

    def links(self) -> Iterator[tuple[int, str, str]]:
        """(page index, 'dest' or 'uri', target) of every link annotation."""
        for number, page in enumerate(self.reader.pages):
            for ref in page.get("/Annots") or []:
                annot = ref.get_object()
                if annot.get("/Subtype") != "/Link":
                    continue
                if "/Dest" in annot:
                    yield number, "dest", str(annot["/Dest"])
                    continue
                action = annot["/A"]
                if action["/S"] == "/URI":
                    yield number, "uri", str(action["/URI"])
                else:
                    yield number, "dest", str(action["/D"])

    def contents(self) -> dict[str, int]:
        """The contents page as {title: printed page number}."""
        page = next(text for text in self.pages if text.startswith("Contents"))
        entries = {}
        for line in page.splitlines()[1:]:
            match = re.match(r"^(.*?)\s*\.{3,}\s*(\d+)$", line.strip())
            if match:
                entries[match.group(1)] = int(match.group(2))
        return entries


def all_pdfs(folder: Path) -> dict[str, Pdf]:
    return {p.relative_to(folder).as_posix(): Pdf(p) for p in sorted(folder.rglob("*.pdf"))}


def everything_said(pdf: Pdf) -> str:
    """Page text, bookmarks, link targets, destination names and metadata: all a reader can see."""
    parts = [pdf.text, *(title for _, title, _ in pdf.outline())]
    parts += [target for _, _, target in pdf.links()]
    parts += list(pdf.dests)
    parts += [str(value) for value in (pdf.reader.metadata or {}).values()]
    return "\n".join(parts)


# --- the PDFs of the small fixture, made once per module ----------------------------


@pytest.fixture(scope="module")
def public_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The public PDFs, made by the command line (in parallel processes)."""
    out = tmp_path_factory.mktemp("public-pdfs")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY_EPOCH)
        patch.setenv("SCHOOLNET_MEMBERS", "false")
        assert cli.main(["pdf", "--project", str(SMALL), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def public(public_dir: Path) -> dict[str, Pdf]:
    return all_pdfs(public_dir)


@pytest.fixture(scope="module")
def members(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pdf]:
    """The members' PDFs, made in this process."""
    out = tmp_path_factory.mktemp("members-pdfs")
    settings, sources, _ = settings_for_project(SMALL, workers=1)
    site = load_project(sources, today=TODAY, members=True)
    written = write_pdfs(site, settings, out)
    assert written.warnings == []
    return all_pdfs(out)


def test_files_are_at_stable_paths(public: dict[str, Pdf], members: dict[str, Pdf]) -> None:
    expected = [
        "handbook.pdf",
        *(f"networks/{n}.pdf" for n in PUBLIC_NETWORKS),
        *(f"policies/{p}.pdf" for p in PUBLIC_POLICIES),
    ]
    assert sorted(public) == sorted(expected)
    assert sorted(members) == sorted([*expected, "networks/secret-net.pdf"])


def test_page_counts_are_sane(public: dict[str, Pdf]) -> None:
    counts = {name: len(pdf.pages) for name, pdf in public.items()}
    assert 8 <= counts.pop("handbook.pdf") <= 30
    for name, count in counts.items():
        limit = (1, 3) if name.startswith("policies/") else (3, 10)
        assert limit[0] <= count <= limit[1], (name, count)


def test_contents_page_numbers_point_at_each_section(public: dict[str, Pdf]) -> None:
    handbook = public["handbook.pdf"]
    contents = handbook.contents()
    assert list(contents) == SECTIONS
    for title, number in contents.items():
        # The heading (and running header) is on the claimed page, not on the one before.
        assert title in handbook.pages[number - 1].splitlines(), (title, number)
        assert title not in handbook.pages[number - 2].splitlines(), (title, number)
    # The numbers run in order and the entries are links to the same pages.
    assert list(contents.values()) == sorted(contents.values())
    contents_page = next(i for i, text in enumerate(handbook.pages) if text.startswith("Contents"))
    targets = {t for page, kind, t in handbook.links() if page == contents_page and kind == "dest"}
    assert sorted(handbook.dests[t] + 1 for t in targets) == sorted(contents.values())


def test_outline_has_every_section_and_record(public: dict[str, Pdf]) -> None:
    outline = public["handbook.pdf"].outline()
    top = [title for level, title, _ in outline if level == 1]
    assert top == ["Contents", *SECTIONS]
    # Every public record has a bookmark, under its own section.
    site = load_project(Sources(SMALL), today=TODAY, members=False)
    sections = dict(
        zip(["school", "network", "event", "policy", "supplier"], SECTIONS[2:], strict=True)
    )
    under: dict[str, set[str]] = {}
    current = ""
    for level, title, _ in outline:
        if level == 1:
            current = title
        else:
            under.setdefault(current, set()).add(title)
    for kind, section in sections.items():
        titles = {record.title for record in site.records_of(kind).values()}
        assert under[section] == titles, section
    # Bookmarks run forward through the document.
    pages = [page for _, _, page in outline]
    assert pages == sorted(pages)


def structure(pdf: Pdf) -> tuple[Counter[str], set[tuple[str, str]]]:
    """The tagged PDF's structure tree, read back: how many elements of each type,
    and which (parent, child) pairs of types occur."""
    counts: Counter[str] = Counter()
    pairs: set[tuple[str, str]] = set()

    def walk(node: Any, parent: str) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for item in node:
                walk(item, parent)
            return
        if not isinstance(node, dict):
            return  # A marked-content id: the leaf that holds the text.
        kind = str(node.get("/S", ""))
        if kind:
            counts[kind] += 1
            pairs.add((parent, kind))
        if "/K" in node:
            walk(node["/K"], kind or parent)

    walk(pdf.reader.trailer["/Root"]["/StructTreeRoot"]["/K"], "/StructTreeRoot")
    return counts, pairs


@pytest.mark.parametrize(
    ("name", "tables"),
    [("handbook.pdf", True), ("networks/nesa.pdf", True), ("policies/safeguarding.pdf", False)],
)
def test_pdfs_are_tagged_with_headings_lists_tables_language_and_title(
    public: dict[str, Pdf], name: str, tables: bool
) -> None:
    pdf = public[name]
    catalog = pdf.reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])  # Its title, not file name.
    assert pdf.reader.metadata is not None and pdf.reader.metadata.title
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()
    counts, pairs = structure(pdf)
    assert ("/StructTreeRoot", "/Document") in pairs
    assert counts["/H1"] >= 1 and counts["/H2"] >= 1
    assert {("/L", "/LI"), ("/LI", "/LBody")} <= pairs
    if tables:
        assert {("/Table", "/THead"), ("/Table", "/TBody"), ("/THead", "/TR")} <= pairs
        assert {("/TR", "/TH"), ("/TR", "/TD")} <= pairs
    # Tagging keeps the bookmarks.
    assert pdf.outline()


def test_pdfinfo_says_tagged(public_dir: Path) -> None:
    """Poppler's own reading, where it is installed (it is not a dependency)."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    for path in sorted(public_dir.rglob("*.pdf")):
        info = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True, check=True)
        assert re.search(r"^Tagged:\s+yes$", info.stdout, re.MULTILINE), path


def test_school_name_and_urn_are_on_the_page_the_directory_claims(
    public: dict[str, Pdf],
) -> None:
    handbook = public["handbook.pdf"]
    schools = handbook.contents()["Schools"]
    table = handbook.pages[schools - 1]
    claimed = re.search(r"Hawes Side Academy 119346 primary Blackpool (\d+)", table)
    assert claimed, table
    page = handbook.pages[int(claimed.group(1)) - 1]
    assert re.search(r"Hawes Side Academy\nSCHOOL\n", page)
    assert "URN 119346" in page
    bookmark = next(p for _, title, p in handbook.outline() if title == "Hawes Side Academy")
    assert bookmark == int(claimed.group(1)) - 1


def test_private_records_appear_in_no_public_pdf(public: dict[str, Pdf]) -> None:
    leaks = [
        (name, marker)
        for name, pdf in public.items()
        for marker in PRIVATE_MARKERS
        if marker in everything_said(pdf)
    ]
    assert leaks == []


def test_members_pdfs_include_private_records(members: dict[str, Pdf]) -> None:
    said = {name: everything_said(pdf) for name, pdf in members.items()}
    for marker in MEMBERS_MARKERS:
        assert marker in said["handbook.pdf"], marker
    assert "Zzsecretevent" in said["networks/secret-net.pdf"]
    assert "Members' edition" in members["handbook.pdf"].pages[0]


def test_internal_links_resolve_and_external_links_are_urls(public: dict[str, Pdf]) -> None:
    for name, pdf in public.items():
        for page, kind, target in pdf.links():
            if kind == "dest":
                assert target in pdf.dests, (name, page, target)
            else:
                assert re.match(r"^(https://|mailto:|tel:)", target), (name, page, target)
    handbook = public["handbook.pdf"]
    internal = [t for _, kind, t in handbook.links() if kind == "dest"]
    # The guide's record links, including one to a heading of a record.
    assert {"network-nesa-maths", "policy-safeguarding--text", "supplier-fresh-plates"} <= set(
        internal
    )
    assert handbook.dests["policy-safeguarding--text"] == handbook.dests["policy-safeguarding"]


def test_links_to_records_outside_a_pdf_open_the_website(public: dict[str, Pdf]) -> None:
    policy = public["policies/safeguarding.pdf"]
    uris = {t for _, kind, t in policy.links() if kind == "uri"}
    assert "https://example.org/fixture/schools/bramble-hill/" in uris
    assert "https://example.org/fixture/networks/nesa/" in uris
    assert "https://example.org/fixture/policies/safeguarding/" in uris
    handbook_uris = {t for _, kind, t in public["handbook.pdf"].links() if kind == "uri"}
    assert "https://hawes-side.example.org.uk" in handbook_uris
    assert not any(
        "evil.example.com" in uri for pdf in public.values() for _, _, uri in pdf.links()
    )


def test_yaml_text_is_printed_not_interpreted(public: dict[str, Pdf]) -> None:
    text = public["handbook.pdf"].text
    assert 'A primary academy with "quotes" & <b>angle brackets</b> | and a pipe.' in text
    assert "Reliable | fast. [click](https://evil.example.com)" in text
    assert "<script>alert(1)</script>" in text


def test_policy_pdf_has_its_facts_on_page_one(public: dict[str, Pdf]) -> None:
    pdf = public["policies/safeguarding.pdf"]
    first = pdf.pages[0]
    for fact in [
        "Child Protection and Safeguarding",
        "Version 4.0",
        "Status adopted",
        "Owner Northumberland Education School's Alliance",
        "Review due 1 September 2026 Review overdue",
    ]:
        assert fact in first, fact
    assert "Every adult keeps children safe." in pdf.text
    assert [title for _, title, _ in pdf.outline()] == [
        "Child Protection and Safeguarding",
        "Policy text",
        "Purpose",
    ]


def test_network_pack_holds_nested_members_upcoming_events_and_policies(
    public: dict[str, Pdf],
) -> None:
    pack = public["networks/nesa.pdf"]
    text = pack.text
    # Hawes Side belongs through the maths group; Bramble Hill directly.
    assert re.search(r"Hawes Side Academy\s+119346\s+Blackpool\s+NESA Maths\s+Group", text)
    assert "Bramble Hill School" in text
    assert "Maths network meeting" in text  # the group's event
    assert "Summer conference" in text
    assert "Autumn webinar" not in text  # already past on the build date
    titles = [title for _, title, _ in pack.outline()]
    assert titles[:2] == ["The network", "Northumberland Education School's Alliance"]
    assert "Member schools (2)" in titles
    assert {"Charging and Remissions", "Child Protection and Safeguarding"} <= set(titles)


def test_same_input_and_date_give_identical_bytes(public_dir: Path, built: Path) -> None:
    """The command line and a real build, in different processes, write the same bytes."""
    downloads = built / "downloads"
    first = {p.relative_to(public_dir): p.read_bytes() for p in public_dir.rglob("*.pdf")}
    second = {p.relative_to(downloads): p.read_bytes() for p in downloads.rglob("*.pdf")}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    metadata = PdfReader(public_dir / "handbook.pdf").metadata
    assert metadata is not None
    assert metadata["/CreationDate"] == metadata["/ModDate"] == "D:20261126"


# --- parts, without laying anything out ------------------------------------------------


def converter(
    anchors: dict[str, str], site_url: str | None = "https://ex.org/site"
) -> BodyConverter:
    return BodyConverter(LinkMap(anchors, site_url), Path("/project/content"))


def test_links_in_markdown_go_inside_the_pdf_or_to_the_site() -> None:
    convert = converter({"schools/a.md": "school-a", "guide/x.md": "page-guide-x"})
    html = convert.convert(
        "[A](school:a) [A's details](school:a#details) [B](school:b) [x](x.md#sec) "
        "[y](../other.md) [here](#top) [out](https://e.org) [up](../../etc.md)",
        "guide/x.md",
        "page-guide-x",
    )
    hrefs = re.findall(r'<a href="([^"]*)"', html)
    assert hrefs == [
        "#school-a",
        "#school-a--details",
        "https://ex.org/site/schools/b/",
        "#page-guide-x--sec",
        "https://ex.org/site/other/",
        "#page-guide-x--top",
        "https://e.org",
    ]
    assert html.endswith(" up</p>")  # outside the site: text, no link


def test_without_a_site_url_links_outside_the_pdf_are_plain_text() -> None:
    html = converter({}, site_url=None).convert("See [B](school:b).", "index.md", "intro")
    assert html == "<p>See B.</p>"


def test_heading_ids_are_prefixed_and_levels_shifted() -> None:
    html = converter({}).convert("# Top\n\n## Purpose {#custom}\n", "p.md", "policy-x", baselevel=3)
    assert html == '<h3 id="policy-x--top">Top</h3>\n<h4 id="policy-x--custom">Purpose</h4>'


def test_images_load_only_from_the_content_folder() -> None:
    html = converter({}).convert(
        "![logo](img/logo.png) ![far](https://e.org/a.png) ![up](../../etc/passwd)",
        "guide/x.md",
        "g",
    )
    assert 'src="file:///project/content/guide/img/logo.png"' in html
    assert "[far]" in html and "[up]" in html
    assert html.count("<img") == 1


def test_missing_heading_falls_back_to_its_record_and_unknown_anchor_to_text() -> None:
    html = '<h2 id="policy-x">X</h2><a href="#policy-x--nope">a</a> <a href="#gone">b</a>'
    assert finish(html) == '<h2 id="policy-x">X</h2><a href="#policy-x">a</a> b'


def test_guidance_pages_follow_the_nav_then_the_rest(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for name, text in {
        "index.md": "Home",
        "b.md": "# Bee page\n\nText",
        "a.md": "No heading",
        "guides/c.md": "# Sea",
        "schools/x.md": "a body",
    }.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text)
    nav = [{"Home": "index.md"}, {"Guides": ["guides/c.md", {"B": "b.md"}]}, {"Data": "data/x.md"}]
    assert list(nav_sources(nav)) == [
        (None, "Home", "index.md"),
        ("Guides", None, "guides/c.md"),
        ("Guides", "B", "b.md"),
        (None, "Data", "data/x.md"),
    ]
    pages = guide_pages(Sources(tmp_path), nav)
    assert [(p.src, p.title, p.group) for p in pages] == [
        ("guides/c.md", "Sea", "Guides"),
        ("b.md", "Bee page", "Guides"),
        ("a.md", "A", None),
    ]
    assert pages[1].text == "\nText"
    assert split_title("\n# Title #\nbody") == ("Title", "body")


def test_settings_read_from_mkdocs_yml_with_env_tags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_fixture("small", tmp_path)
    (project / "content" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "theme:\n  name: material", "theme:\n  name: material\n  logo: logo.png"
        )
    )
    monkeypatch.setenv("SCHOOLNET_MEMBERS", "true")
    settings, sources, members_option = settings_for_project(project)
    assert members_option is True
    assert settings.network_name == "Fixture Network"
    assert settings.site_url == "https://example.org/fixture/"
    assert [g.src for g in settings.guides] == ["guide/start.md"]
    assert settings.logo == (project / "content" / "logo.png").resolve()
    assert settings.directory_urls is True
    site = load_project(sources, today=TODAY, members=False)
    html = Documents(site, settings).handbook().render().html
    assert f'<img class="cover-logo" src="{settings.logo.as_uri()}"' in html


def test_settings_link_to_the_published_pages_of_a_preview(tmp_path: Path) -> None:
    """`./dev build --preview` writes file pages; the PDFs link to the published folder pages."""
    project = copy_fixture("small", tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text() + "use_directory_urls: !ENV [SCHOOLNET_DIRECTORY_URLS, true]\n"
    config.write_text(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCHOOLNET_DIRECTORY_URLS", "false")
        assert settings_for_project(project)[0].directory_urls is False
        published = "      published_directory_urls: true\n"
        config.write_text(
            text.replace(
                "      pdf: !ENV SCHOOLNET_PDF\n", "      pdf: !ENV SCHOOLNET_PDF\n" + published
            )
        )
        assert settings_for_project(project)[0].directory_urls is True


# --- a real build ------------------------------------------------------------------------


def download_link(site: Path, page: str) -> tuple[Path, str]:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    link = soup.find("a", string="Download as PDF")
    assert link is not None, page
    href, _, fragment = str(link["href"]).partition("#")
    return ((site / page).parent / href).resolve(), fragment


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real strict `mkdocs build` of the small fixture, with PDFs."""
    return build(copy_fixture("small", tmp_path_factory.mktemp("built")), pdf=True)


def test_build_writes_pdfs_into_the_site_and_pages_link_to_them(built: Path) -> None:
    site = built
    downloads = site / "downloads"
    assert sorted(p.relative_to(downloads).as_posix() for p in downloads.rglob("*.pdf")) == sorted(
        [
            "handbook.pdf",
            *(f"networks/{n}.pdf" for n in PUBLIC_NETWORKS),
            *(f"policies/{p}.pdf" for p in PUBLIC_POLICIES),
        ]
    )
    expected = {
        "index.html": ("handbook.pdf", ""),
        "schools/index.html": ("handbook.pdf", "section-schools"),
        "schools/hawes-side/index.html": ("handbook.pdf", "school-hawes-side"),
        "events/maths-meeting/index.html": ("handbook.pdf", "event-maths-meeting"),
        "suppliers/fresh-plates/index.html": ("handbook.pdf", "supplier-fresh-plates"),
        "networks/index.html": ("handbook.pdf", "section-networks"),
        "networks/nesa/index.html": ("networks/nesa.pdf", ""),
        "policies/charging/index.html": ("policies/charging.pdf", ""),
    }
    pdfs: dict[Path, Pdf] = {}
    for page, (file, fragment) in expected.items():
        target, found = download_link(site, page)
        assert target == (downloads / file).resolve(), page
        assert found == fragment, page
        if fragment:
            pdf = pdfs.setdefault(target, Pdf(target))
            assert fragment in pdf.dests, (page, fragment)
    project = site.parent
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == ["site"]


def test_pdf_option_off_makes_no_pdfs_and_no_links(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    site = build(project)  # the helper sets SCHOOLNET_PDF=false
    assert list(site.rglob("*.pdf")) == []
    pages = [p for p in site.rglob("*.html")]
    assert pages
    assert not [p for p in pages if "Download as PDF" in p.read_text(encoding="utf-8")]


@pytest.mark.slow
def test_sample_pdfs_keep_private_records_private(tmp_path: Path) -> None:
    from test_sample import SAMPLE_PRIVATE, copy_sample

    project = copy_sample(tmp_path)
    public_pdfs = all_pdfs(build(project, pdf=True) / "downloads")
    assert len(public_pdfs) > 20
    leaks = [
        (name, marker)
        for name, pdf in public_pdfs.items()
        for marker in SAMPLE_PRIVATE
        if marker in everything_said(pdf)
    ]
    assert leaks == []
    members_pdfs = all_pdfs(build(project, members=True, pdf=True) / "downloads")
    said = "\n".join(everything_said(pdf) for pdf in members_pdfs.values())
    for marker in SAMPLE_PRIVATE:
        assert marker in said, marker


@pytest.mark.slow
def test_serve_makes_no_pdfs_by_default(tmp_path: Path) -> None:
    import os
    import subprocess

    from helpers import MKDOCS
    from test_serve import fetch, free_port, wait_for

    project = copy_fixture("small", tmp_path)
    port = free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": BUILD_DAY_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SCHOOLNET_PDF", None)  # unset: the default for the command
    server = subprocess.Popen(
        [MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/fixture/schools/hawes-side/"
        assert wait_for(url, "Hawes Side Academy", 60)
        assert "Download as PDF" not in fetch(url)
    finally:
        server.terminate()
        server.wait(timeout=30)
