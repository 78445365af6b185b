"""Open data files: stable columns, public records only, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import SCHOOLS, SUPPLIERS, load, replace_once, write_project

from generator.exports.opendata import defused, open_data
from generator.opendata_columns import documented_columns
from generator.urls import SiteAddress

ADDRESS = SiteAddress("https://network.example.org/")

PRIVATE = (
    SCHOOLS
    + """\
- id: zz-hidden
  name: Zzhidden School
  urn: "654321"
  phase: primary
  type: academy
  local_authority: Gateshead
  public: false
"""
)
SUPPLIERS_WITH_PRIVATE = (
    SUPPLIERS
    + """\
    - school: bramble-hill
      date: 2026-04-01
      rating: 1
      note: "=HYPERLINK(\\"http://evil.example\\")"
    - school: zz-hidden
      date: 2026-05-01
      rating: 2
      note: Zzhiddennote
"""
)


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def files(tmp_path: Path, members: bool = False) -> dict[str, bytes]:
    project = write_project(
        tmp_path, **{"schools.yaml": PRIVATE, "suppliers.yaml": SUPPLIERS_WITH_PRIVATE}
    )
    return open_data(load(project, members=members), ADDRESS.record)


def test_files_and_stable_columns(tmp_path: Path) -> None:
    data = files(tmp_path)
    assert sorted(data) == [
        "data/events.csv",
        "data/events.json",
        "data/networks.csv",
        "data/networks.json",
        "data/policies.csv",
        "data/policies.json",
        "data/recommendations.csv",
        "data/schools.csv",
        "data/schools.json",
        "data/suppliers.csv",
        "data/suppliers.json",
    ]
    header = data["data/schools.csv"].decode().splitlines()[0]
    assert header == (
        "id,name,urn,country,phase,type,local_authority,address,postcode,website,email,phone,"
        "trust,networks,coordinates_lat,coordinates_lon,joined,summary,"
        "status,closed,age_low,age_high,pupils,register,url"
    )
    assert data["data/recommendations.csv"].decode().splitlines()[0] == (
        "supplier,school,date,rating,note,sla_start,sla_review,sla_contact"
    )


def test_values_and_urls(tmp_path: Path) -> None:
    schools = rows(files(tmp_path)["data/schools.csv"])
    hawes = next(r for r in schools if r["id"] == "hawes-side")
    assert hawes["urn"] == "119346"
    assert hawes["postcode"] == "FY4 3LN"
    assert hawes["networks"] == "nesa"
    assert hawes["url"] == "https://network.example.org/schools/hawes-side/"
    bramble = next(r for r in schools if r["id"] == "bramble-hill")
    assert bramble["urn"] == "012345"  # leading zero kept


def test_private_records_and_recommendations_left_out(tmp_path: Path) -> None:
    public = b"".join(files(tmp_path).values())
    assert b"Zzhidden" not in public
    assert b"zz-hidden" not in public
    members = b"".join(files(tmp_path / "m", members=True).values())
    assert b"Zzhidden" in members


def test_spreadsheet_formulas_are_defused(tmp_path: Path) -> None:
    recs = rows(files(tmp_path)["data/recommendations.csv"])
    note = next(r["note"] for r in recs if r["school"] == "bramble-hill")
    assert note == '\'=HYPERLINK("http://evil.example")'


def test_json_keeps_structure(tmp_path: Path) -> None:
    suppliers = json.loads(files(tmp_path)["data/suppliers.json"])["suppliers"]
    assert suppliers[0]["id"] == "fresh-plates"
    assert [r["school"] for r in suppliers[0]["recommendations"]] == ["hawes-side", "bramble-hill"]
    assert "public" not in suppliers[0]
    assert suppliers[0]["recommendations"][0]["date"] == "2026-03-01"
    suppliers_csv = rows(files(tmp_path / "b")["data/suppliers.csv"])
    assert suppliers_csv[0]["average_rating"] == "3"
    assert suppliers_csv[0]["recommendation_count"] == "2"


def test_every_column_is_documented(tmp_path: Path) -> None:
    data = files(tmp_path)
    documented = {name: [c for c, _ in cols] for name, _desc, cols in documented_columns()}
    for name, columns in documented.items():
        assert data[name].decode().splitlines()[0].split(",") == columns
        assert all(meaning for _n, _d, cols in documented_columns() for _c, meaning in cols)


def test_public_record_owned_by_private_network_is_an_error(tmp_path: Path) -> None:
    from conftest import NETWORKS, problems_of

    networks = replace_once(NETWORKS, "  scope: Northumberland\n", "  public: false\n")
    assert problems_of(write_project(tmp_path, **{"networks.yaml": networks})) == [
        "events.yaml:7:14: event 'maths-meeting': is public but its organiser, network 'nesa', "
        "is not; add 'public: false' to this event or make the network public",
        "policies.yaml:4:10: policy 'safeguarding': is public but its owner, network 'nesa', "
        "is not; add 'public: false' to this policy or make the network public",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "\n=1",
        "＝1+1",
        "＋1",
        "－1",
        "＠SUM(A1)",
        "+44 1253 761245",
    ],
)
def test_every_formula_start_is_defused(text: str) -> None:
    assert defused(text) == "'" + text
    out = io.StringIO(newline="")
    csv.writer(out).writerow([defused(text)])
    assert next(csv.reader(io.StringIO(out.getvalue(), newline=""))) == ["'" + text]


@pytest.mark.parametrize("text", ["Hawes Side", "01253 761245", "3-2", "a=b", "'quoted"])
def test_other_text_is_left_alone(text: str) -> None:
    assert defused(text) == text


def test_numbers_are_not_text_cells(tmp_path: Path) -> None:
    schools = replace_once(
        SCHOOLS,
        "  postcode: FY4 3LN\n",
        "  postcode: FY4 3LN\n  coordinates: {lat: -1.5, lon: -3}\n",
    )
    data = open_data(load(write_project(tmp_path, **{"schools.yaml": schools})), ADDRESS.record)
    hawes = next(r for r in rows(data["data/schools.csv"]) if r["id"] == "hawes-side")
    assert (hawes["coordinates_lat"], hawes["coordinates_lon"]) == ("-1.5", "-3.0")
