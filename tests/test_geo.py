"""Where schools are: distances, nearest schools, the directory's map data, and what stays private.

Unit tests of generator/geo.py against a plain full scan, and real builds
of the small fixture (with coordinates added) read back.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
import random
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import all_text, build, copy_fixture

from generator.geo import NEAR_KM, Grid, KeptNearest, distance_km, map_json


@dataclass(frozen=True)
class Place:
    lat: float
    lon: float


@dataclass(frozen=True)
class Spot:
    id: str
    name: str
    coordinates: Place | None


def test_distance_is_the_great_circle_distance() -> None:
    """London (Charing Cross) to Paris (Notre-Dame) is about 343.5 km."""
    assert distance_km(51.5073, -0.1277, 48.8530, 2.3498) == pytest.approx(343.5, abs=0.5)
    assert distance_km(55.0, -1.6, 55.0, -1.6) == 0.0


@pytest.mark.parametrize("centre", [(54.9, -1.6), (69.5, 18.9), (0.0, 179.9), (-33.9, 151.2)])
def test_grid_finds_what_a_full_scan_finds(centre: tuple[float, float]) -> None:
    """Across cell borders, far north and beside the date line, the grid misses nothing."""
    rng = random.Random(14)
    spots = [
        Spot(
            f"s{i}",
            f"School {i}",
            Place(centre[0] + rng.uniform(-0.6, 0.6), centre[1] + rng.uniform(-0.6, 0.6)),
        )
        for i in range(400)
    ] + [Spot("nowhere", "No place", None)]
    grid = Grid(spots)
    for spot in spots[:60]:
        assert spot.coordinates is not None
        here = spot.coordinates
        scan = sorted(
            (distance_km(here.lat, here.lon, o.coordinates.lat, o.coordinates.lon), o.name, o.id)
            for o in spots
            if o.coordinates is not None and o.id != spot.id
        )
        wanted = [(name, km) for km, name, _ in scan if km <= NEAR_KM][:5]
        assert [(n.school.name, n.km) for n in grid.nearest(spot)] == wanted
    assert grid.nearest(spots[-1]) == []


def test_map_json_keeps_the_directory_order() -> None:
    spots = [
        Spot("a", "A", Place(55.123456, -1.654321)),
        Spot("b", "B", None),
        Spot("c", "C", Place(1, 2)),
    ]
    assert json.loads(map_json(spots)) == {"rows": 3, "points": [[0, 55.1235, -1.6543], [2, 1, 2]]}


# --- real builds ------------------------------------------------------------------------

PLACES = {
    "hawes-side": (53.7916, -3.0212),
    "bramble-hill": (55.1662, -1.6921),
    "larkspur-private": (54.9512, -1.6033),
    "liceo-partner": (41.9028, 12.4964),
}
PRIVATE_PLACE = ("54.9512", "-1.6033")


def with_places(project: Path) -> Path:
    """Give each school of the small fixture coordinates (the private one's are distinctive)."""
    path = project / "schools.yaml"
    text = path.read_text(encoding="utf-8")
    for school_id, (lat, lon) in PLACES.items():
        text = text.replace(
            f"- id: {school_id}\n",
            f"- id: {school_id}\n  coordinates:\n    lat: {lat}\n    lon: {lon}\n",
        )
    path.write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def placed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(with_places(copy_fixture("small", tmp_path_factory.mktemp("geo"))))


def test_map_data_lists_the_directory_rows_with_places(placed_site: Path) -> None:
    data = json.loads((placed_site / "schools" / "map.json").read_text("utf-8"))
    rows = BeautifulSoup((placed_site / "schools" / "index.html").read_text("utf-8"), "html.parser")
    names = [tr.select_one("td a").get_text() for tr in rows.select(".sn-directory tbody tr")]
    assert data["rows"] == len(names)
    by_name = {
        "Hawes Side Academy": PLACES["hawes-side"],
        "Bramble Hill School": PLACES["bramble-hill"],
        "Liceo Partner": PLACES["liceo-partner"],
    }
    assert {names[row]: (lat, lon) for row, lat, lon in data["points"]} == by_name


def test_a_private_school_is_on_no_map_and_near_no_school(placed_site: Path) -> None:
    lat, lon = PRIVATE_PLACE
    for path, text in all_text(placed_site).items():
        assert not (lat in text and lon in text), path
    near = BeautifulSoup(
        (placed_site / "schools" / "bramble-hill" / "index.html").read_text("utf-8"), "html.parser"
    )
    listed = [a.get_text() for a in near.select("#sn-nearby a")]
    assert listed == []  # Hawes Side is 220 km away; the private school is hidden.


def test_the_members_map_includes_the_private_school(tmp_path: Path) -> None:
    site = build(with_places(copy_fixture("small", tmp_path)), members=True)
    data = json.loads((site / "schools" / "map.json").read_text("utf-8"))
    assert [54.9512, -1.6033] in [point[1:] for point in data["points"]]
    page = (site / "schools" / "bramble-hill" / "index.html").read_text("utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert [li.get_text() for li in soup.select("#sn-nearby li")] == [
        "Zzlarkspur Hidden School · 24.6 km (15.3 miles)"  # 23.9 km north, 5.7 km east
    ]


def test_a_recommendation_shows_its_schools_area_and_an_overdue_sla(tmp_path: Path) -> None:
    project = with_places(copy_fixture("small", tmp_path))
    suppliers = project / "suppliers.yaml"
    suppliers.write_text(
        suppliers.read_text(encoding="utf-8").replace("review: 2027-08-31", "review: 2026-01-31")
    )
    site = build(project)
    page = BeautifulSoup(
        (site / "suppliers" / "fresh-plates" / "index.html").read_text("utf-8"), "html.parser"
    )
    section = page.select_one(".sn-recommendation")
    assert section is not None
    assert section.select_one(".sn-where").get_text() == "Blackpool"
    assert section.select_one(".sn-badge--alert").get_text() == "Review overdue"
    directory = BeautifulSoup((site / "suppliers" / "index.html").read_text("utf-8"), "html.parser")
    row = directory.select_one('tr[data-text="Fresh Plates Catering"]')
    assert row is not None and row["data-la"] == "Blackpool" and row["data-schools"] == "hawes-side"


def _answers(kept: KeptNearest, spots: list[Spot]) -> dict[str, list[tuple[str, str, float]]]:
    """Every spot's nearest, through the kept answers, beside what a fresh grid says."""
    kept.start(spots)
    grid = Grid(spots)
    got = {s.id: [(n.school.id, n.school.name, n.km) for n in kept.nearest(grid, s)] for s in spots}
    fresh = {s.id: [(n.school.id, n.school.name, n.km) for n in grid.nearest(s)] for s in spots}
    assert got == fresh
    return got


def _spots_with_twins(count: int, seed: int) -> list[Spot]:
    """Schools scattered around Newcastle, and one more on the first one's site: equally far
    from everyone, so their names decide their order in every list they are in."""
    rng = random.Random(seed)
    spots = [
        Spot(
            f"s{i}",
            f"School {i}",
            Place(54.9 + rng.uniform(-0.2, 0.2), -1.6 + rng.uniform(-0.2, 0.2)),
        )
        for i in range(count)
    ]
    twin = dataclasses.replace(spots[1], id="twin", name="A Twin", coordinates=spots[0].coordinates)
    return [*spots, twin]


def test_kept_answers_follow_renames_moves_and_ties() -> None:
    spots = _spots_with_twins(120, seed=15)
    kept = KeptNearest()
    _answers(kept, spots)
    assert kept.found == len(spots)
    _answers(kept, spots)
    assert kept.found == 0  # Nothing changed: every answer kept.
    # A renamed school shows its new name wherever it is listed, with no answer worked out again.
    spots[5] = dataclasses.replace(spots[5], name="Renamed Academy")
    answers = _answers(kept, spots)
    assert kept.found == 0
    assert ("s5", "Renamed Academy") in {(i, n) for a in answers.values() for i, n, _ in a}
    # Renaming a twin can reorder the lists it ties in: those are worked out again.
    spots[0] = dataclasses.replace(spots[0], name="Zz Last")
    _answers(kept, spots)
    assert 0 < kept.found < len(spots)
    # A school that moves changes everyone's neighbours: all worked out again.
    spots[7] = dataclasses.replace(spots[7], coordinates=Place(54.95, -1.55))
    _answers(kept, spots)
    assert kept.found == len(spots)


def test_answers_found_in_workers_are_kept_as_if_found_here() -> None:
    """A first `mkdocs serve` build finds the answers in forked workers, each for its share of
    the pages; what they send back serves the next rebuild, renames included."""
    spots = _spots_with_twins(80, seed=7)
    shares = []
    for share in range(2):  # Each worker: a copy of the empty state, and half the schools.
        worker = KeptNearest()
        worker.start(spots)
        grid = Grid(spots)
        for spot in spots[share::2]:
            worker.nearest(grid, spot)
        shares.append(pickle.loads(pickle.dumps(worker.shared())))
    kept = KeptNearest()
    kept.adopt(shares)
    _answers(kept, spots)
    assert kept.found == 0  # Every answer came back.
    spots[0] = dataclasses.replace(spots[0], name="Zz Last")  # It broke ties: those are redone.
    _answers(kept, spots)
    assert 0 < kept.found < len(spots)
    # Answers for other places than those kept replace them; a worker that showed no
    # school's neighbours sends nothing.
    moved = [dataclasses.replace(spots[3], coordinates=Place(54.95, -1.55)), *spots[4:]]
    other = KeptNearest()
    other.start(moved)
    other.nearest(Grid(moved), moved[0])
    kept.adopt([KeptNearest().shared(), other.shared()])
    assert kept.answers.keys() == {moved[0].id}
