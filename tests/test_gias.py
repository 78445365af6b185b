"""The GIAS register commands, run for real on a fixture project and the test register.

The register is tests/fixtures/gias/edubasealldata20261130.csv, written by
tests/gias_extract.py in the register's own layout and encoding (cp1252).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from gias_extract import EXTRACT, ROWS
from helpers import FIXTURES, all_text, build, mkdocs

from generator.gias.cli import download
from generator.gias.layout import COLUMNS, extract_text
from generator.gias.register import RegisterError, read_register

PROJECT = FIXTURES / "gias" / "project"


def gias(project: Path, *args: str, github: bool = False) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "GITHUB_ACTIONS": "true" if github else "false"}
    return subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(project), "gias", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return Path(shutil.copytree(PROJECT, tmp_path / "project"))


# --- the test register ---------------------------------------------------------------------


def test_the_test_register_is_up_to_date_in_the_real_layout_and_encoding() -> None:
    data = EXTRACT.read_bytes()
    assert data == extract_text(ROWS).encode("cp1252"), "run: python tests/gias_extract.py"
    assert data.split(b"\r\n")[0].decode("ascii") == ",".join(f'"{c}"' for c in COLUMNS)
    assert "St Mary’s".encode("cp1252") in data and b"\x92" in data  # ’ in Windows-1252
    assert "École".encode("cp1252") in data and b"\xc9" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    register = read_register(EXTRACT)
    assert len(register.establishments) == len(ROWS) == 31
    assert register.establishments["100004"].name == "St Mary’s Catholic Primary School"


def test_a_register_without_a_needed_column_is_one_message(tmp_path: Path) -> None:
    bad = tmp_path / "edubasealldata20261130.csv"
    bad.write_bytes(EXTRACT.read_bytes().replace(b'"Trusts (name)"', b'"Trust"', 1))
    with pytest.raises(RegisterError) as err:
        read_register(bad)
    assert str(err.value) == (
        f"{bad}:1:1: register: column 'Trusts (name)' missing; "
        "use the 'all establishment data' CSV (edubasealldata<YYYYMMDD>.csv)"
    )


def test_a_register_that_is_not_windows_1252_says_where(tmp_path: Path) -> None:
    bad = tmp_path / "edubasealldata20261130.csv"
    bad.write_bytes(EXTRACT.read_bytes().replace(b"Coquet", b"Coq\x81et", 1))
    result = gias(tmp_path, "check", str(bad))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{bad}:3:")
    assert "byte 0x81 is not Windows-1252 text" in result.stderr


# --- import ---------------------------------------------------------------------------------

EXPECTED = FIXTURES / "gias" / "expected"
AFTER_IMPORT = (EXPECTED / "schools-after-import.yaml").read_text(encoding="utf-8")
IMPORT_SUMMARY = (EXPECTED / "import-summary.txt").read_text(encoding="utf-8")
"""The exact schools.yaml and summary after importing Northumberland into the fixture project."""


def test_import_updates_and_adds_keeping_comments_order_and_hand_edits(project: Path) -> None:
    result = gias(
        project, "import", str(EXTRACT), "--la", "Northumberland", "--network", "north-east"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == IMPORT_SUMMARY
    assert (project / "schools.yaml").read_text(encoding="utf-8") == AFTER_IMPORT
    check = subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(project), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr


def test_a_second_import_changes_nothing(project: Path) -> None:
    gias(project, "import", str(EXTRACT), "--la", "Northumberland", "--network", "north-east")
    result = gias(project, "import", str(EXTRACT), "--la", "929")
    assert (project / "schools.yaml").read_text(encoding="utf-8") == AFTER_IMPORT
    assert result.stdout.endswith(
        "9 schools already match the register.\nschools.yaml is unchanged.\n"
    )


EMPTY_IMPORT = """\
# yaml-language-server: $schema=schemas/schools.schema.json
# Schools imported from Get Information about Schools (./dev gias import).
# Contains public sector information licensed under the Open Government Licence v3.0.

- id: st-marys-catholic-primary-school
  name: St Mary’s Catholic Primary School
  urn: "100004"
  phase: primary
  type: voluntary aided
  local_authority: Northumberland
  address: Front Street, Hexham, Northumberland
  postcode: NE46 3AA
  age_low: 4
  age_high: 11
  pupils: 301
  register: 2026-11-30
  coordinates:
    lat: 54.97147
    lon: -2.10307

- id: hexham-priory-school
  name: Hexham Priory School
  urn: "100007"
  phase: special
  type: community
  local_authority: Northumberland
  address: Dene Avenue, Hexham, Northumberland
  postcode: NE46 1DN
  age_low: 2
  age_high: 19
  pupils: 96
  register: 2026-11-30

- id: old-mill-first-school
  name: Old Mill First School
  urn: "100009"
  phase: primary
  type: community
  local_authority: Northumberland
  address: Rothbury, Northumberland
  postcode: NE65 7QA
  status: closed
  closed: 2019-12-31
  age_low: 4
  age_high: 9
  register: 2026-11-30
"""


def test_import_into_an_empty_project_by_urn(tmp_path: Path) -> None:
    urns = ["--urn", "100007", "--urn", "100004", "--urn", "100009", "--urn", "123456"]
    result = gias(tmp_path, "import", str(EXTRACT), *urns)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "schools.yaml").read_text(encoding="utf-8") == EMPTY_IMPORT
    assert result.stdout == (
        "Imported from edubasealldata20261130.csv into schools.yaml:\n"
        "Added 3 schools:\n"
        "  - added 'St Mary’s Catholic Primary School' (URN 100004)"
        " as st-marys-catholic-primary-school\n"
        "  - added 'Hexham Priory School' (URN 100007) as hexham-priory-school\n"
        "  - added 'Old Mill First School' (URN 100009) as old-mill-first-school\n"
        "Changed 0 schools.\n"
        "Skipped 1 school:\n"
        "  - skipped URN 123456: it is not in the register (edubasealldata20261130.csv)\n"
        "0 schools already match the register.\n"
    )


def test_import_refuses_an_unknown_network(project: Path) -> None:
    result = gias(project, "import", str(EXTRACT), "--urn", "100007", "--network", "nope")
    assert result.returncode == 2
    assert result.stderr == (
        "networks.yaml:1:1: network 'nope': no network has this id; "
        "add the network first or pass the id of one in networks.yaml\n"
    )
    assert (project / "schools.yaml").read_bytes() == (PROJECT / "schools.yaml").read_bytes()


# --- check ----------------------------------------------------------------------------------

FIX = "run './dev gias import edubasealldata20261130.csv --urn {}' to take the register's values"
CHECK_LINES = [
    "schools.yaml:7:9: school 'wansbeck-first': name is 'Wansbeck First School' here but "
    "'Wansbeck Meadows First School' in the register; correct it or " + FIX.format(100001),
    "schools.yaml:12:13: school 'wansbeck-first': postcode is 'NE61 1QT' here but 'NE61 1QU' "
    "in the register; correct it or " + FIX.format(100001),
    "schools.yaml:22:3: school 'coquet-high': the register says it closed on 31 August 2025; "
    "set 'status: closed' (its page will say so and it leaves the directory) or "
    + FIX.format(100002),
    "schools.yaml:31:3: school 'alnmouth-primary': the register says it is open, but proposed "
    "to close on 31 July 2027; set 'status: closing' or " + FIX.format(100003),
    "schools.yaml:36:20: school 'alnmouth-primary': local_authority is 'County Durham' here "
    "but 'Northumberland' in the register; correct it or " + FIX.format(100003),
    "schools.yaml:51:8: school 'ghost-school': URN 199999 is not in the register "
    "(edubasealldata20261130.csv); check the URN on Get Information about Schools, or for a "
    "school abroad give 'country' instead of 'urn'",
    "1 error and 5 warnings against edubasealldata20261130.csv.",
]


def test_check_reports_every_kind_of_difference(project: Path) -> None:
    result = gias(project, "check", str(EXTRACT))
    assert result.stdout.splitlines() == CHECK_LINES
    assert result.returncode == 1  # the unknown URN is an error


def test_check_annotates_warnings_and_errors_under_github_actions(project: Path) -> None:
    result = gias(project, "check", str(EXTRACT), github=True)
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert [line.split(" ", 1)[0] for line in annotations] == ["::warning"] * 5 + ["::error"]
    assert annotations[-1].startswith(
        "::error file=schools.yaml,line=51,col=8,title=school 'ghost-school'::school "
    )


def test_check_without_errors_exits_zero_and_the_report_is_inert(project: Path) -> None:
    schools = project / "schools.yaml"
    text = schools.read_text(encoding="utf-8")
    schools.write_text(text.replace('urn: "199999"', "country: Belgium"), encoding="utf-8")
    report = project / "report.md"
    result = gias(project, "check", str(EXTRACT), "--report", str(report))
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "5 warnings against edubasealldata20261130.csv."
    body = report.read_text(encoding="utf-8").splitlines()
    assert body[0].startswith("`./dev gias check` against `edubasealldata20261130.csv` found")
    assert body[2].startswith("- warning: `schools.yaml:7:9: school 'wansbeck-first'")
    assert (
        body[-1]
        == "Contains public sector information licensed under the Open Government Licence v3.0."
    )


def test_after_an_import_only_the_unknown_urn_remains(project: Path) -> None:
    gias(project, "import", str(EXTRACT), "--la", "Northumberland")
    result = gias(project, "check", str(EXTRACT))
    assert result.stdout.splitlines() == [
        "schools.yaml:87:8: school 'ghost-school': URN 199999 is not in the register "
        "(edubasealldata20261130.csv); check the URN on Get Information about Schools, or for a "
        "school abroad give 'country' instead of 'urn'",
        "1 error against edubasealldata20261130.csv.",
    ]


# --- the pages ------------------------------------------------------------------------------


def test_pages_show_status_ages_pupils_official_links_and_credit_the_register(
    project: Path,
) -> None:
    gias(project, "import", str(EXTRACT), "--la", "Northumberland", "--network", "north-east")
    site = build(project)
    closed = (site / "schools/coquet-high/index.html").read_text(encoding="utf-8")
    assert "This school has closed (on 31 August 2025)." in closed
    assert "<dt>Status</dt> <dd>Closed (31 August 2025)</dd>" in closed
    directory = (site / "schools/index.html").read_text(encoding="utf-8")
    assert "schools/coquet-high/" not in directory
    assert "schools/alnmouth-primary/" in directory
    network = (site / "networks/north-east/index.html").read_text(encoding="utf-8")
    members, former = network.split('id="members"')[1].split('id="former-members"')
    assert "schools/coquet-high/" not in members and "schools/alnmouth-primary/" in members
    assert "Closed schools that were members (1)" in former
    assert "Coquet High School</a> (closed 31 August 2025)" in former
    home = (site / "index.html").read_text(encoding="utf-8")
    listed = directory.count("<tr data-")
    assert f"<strong>{listed}</strong> schools" in home
    closing = (site / "schools/alnmouth-primary/index.html").read_text(encoding="utf-8")
    assert "This school is open, but proposed to close on 31 July 2027." in closing
    page = (site / "schools/ponteland-academy/index.html").read_text(encoding="utf-8")
    assert "<dt>Ages</dt> <dd>11 to 18</dd>" in page
    assert "<dt>Pupils</dt> <dd>1,420</dd>" in page
    for address in (
        "https://get-information-schools.service.gov.uk/Establishments/Establishment/Details/100008",
        "https://reports.ofsted.gov.uk/provider/21/100008",
        "https://www.compare-school-performance.service.gov.uk/school/100008",
    ):
        assert f'href="{address}"' in page
    assert "extract of 30 November 2026" in page
    assert "Contains public sector information licensed under the" in page
    abroad = (site / "schools/ecole-bruxelles/index.html").read_text(encoding="utf-8")
    assert "get-information-schools" not in abroad and "Open Government Licence" not in abroad


# --- download and issue (the weekly workflow) -------------------------------------------------


def test_download_takes_the_newest_extract_of_the_last_days(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    asked: list[str] = []

    class Response(io.BytesIO):
        def __enter__(self) -> Response:
            return self

        def __exit__(self, *args: object) -> None:
            self.close()

    def urlopen(url: str, timeout: int) -> Response:
        asked.append(url)
        if url.endswith("20261130.csv"):
            raise OSError("HTTP Error 404: Not Found")
        return Response(b"register")

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    out = tmp_path / "register.csv"
    code = download("https://example.org/edubasealldata{date}.csv", out, date(2026, 11, 30))
    assert code == 0 and out.read_bytes() == b"register"
    assert asked == [
        "https://example.org/edubasealldata20261130.csv",
        "https://example.org/edubasealldata20261129.csv",
    ]
    assert "Downloaded 8 bytes" in capsys.readouterr().out
    assert download("http://example.org/{date}.csv", out, date(2026, 11, 30)) == 2


def test_no_issue_is_opened_when_nothing_differs(tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    report.write_text("No differences from the register.\n", encoding="utf-8")
    result = gias(tmp_path, "issue", str(report))
    assert result.returncode == 0
    assert result.stdout == "No differences from the register: no issue opened.\n"


def test_fast_record_pages_match_the_normal_path_with_register_fields(tmp_path: Path) -> None:
    sites = {}
    for fast in ("true", "false"):
        project = Path(shutil.copytree(PROJECT, tmp_path / fast))
        imported = gias(project, "import", str(EXTRACT), "--la", "Northumberland")
        assert imported.returncode == 0, imported.stderr
        config = project / "mkdocs.yml"
        config.write_text(
            config.read_text().replace(
                "      pdf: !ENV SCHOOLNET_PDF\n", f"      pdf: false\n      fast_pages: {fast}\n"
            )
        )
        result = mkdocs(project, "build", "--strict")
        assert result.returncode == 0, result.stderr
        sites[fast] = (project / "site", result.stderr)
    assert all_text(sites["true"][0]) == all_text(sites["false"][0])
    assert "record pages from pre-rendered shells" in sites["true"][1]
