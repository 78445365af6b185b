"""Where schools are: distances, the schools nearest each one, and the directory's map data.

Schools carry coordinates (`coordinates: {lat, lon}`). Readers ask "which
schools are near this one?" (a school's page lists them, worked out here at
build time) and "which are near me?" (the schools directory works it out in
the browser, from the map data made here). The map data is one compact
file for the whole directory, `schools/map.json`:

    {"rows": 25000, "points": [[row, lat, lon], ...]}

where `row` is the school's place in the directory's order (the order of
rows.json and of the directory's pages), so the browser takes each school's
name and link from the rows it already has instead of a second copy here.
Only what the build shows is in it: a `public: false` school is not in the
site at all (site.make_site), so not in its rows nor here.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

EARTH_KM = 6371.0088
"""The Earth's mean radius (IUGG), which the haversine distance takes."""
KM_PER_MILE = 1.609344
KM_PER_DEGREE = EARTH_KM * math.pi / 180
"""A degree of latitude (or of longitude at the equator), in km."""
SLACK = 1.01
"""How far a flat-earth distance may be off the true one within NEAR_KM, with room to spare."""
NEAR_KM = 50.0
"""How far "near" reaches: a school with none this close lists none."""
NEAR_COUNT = 5
"""How many nearby schools a school's page lists."""
CELL_DEGREES = 0.02
"""The side of a grid cell, in degrees (about 2 by 1.3 km in England): small enough that a
town's schools spread over many cells, so a search looks at a few dozen schools, not thousands."""
MAP_FILE = "schools/map.json"
"""Where the directory's map data is published, relative to the site root."""
PLACES = 4
"""Decimal places of a published coordinate: about 11 m, as the school page prints them."""


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance (haversine), exact enough for "how far is it" at any scale."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Nearby:
    """A school near another, and how far away it is."""

    school: Any
    km: float

    @property
    def miles(self) -> float:
        """The same distance in miles, which UK readers often think in."""
        return self.km / KM_PER_MILE


class Grid:
    """Schools bucketed by coordinates, so each one's neighbours are found without a full scan.

    At 25,000 schools, comparing every pair would be 312 million distances;
    a grid of small cells, searched in rings outwards from the school's own
    cell until no further cell can hold anything nearer, looks at a few dozen.
    """

    def __init__(self, schools: Sequence[Any]) -> None:
        """Index the schools that have coordinates."""
        # Plain tuples (lat, lon, name, id, school): a query reads them thousands of times.
        self.cells: dict[tuple[int, int], list[tuple[float, float, str, str, Any]]] = defaultdict(
            list
        )
        for school in schools:
            place = school.coordinates
            if place is not None:
                entry = (place.lat, place.lon, school.name, school.id, school)
                self.cells[self._cell(place.lat, place.lon)].append(entry)

    @staticmethod
    def _cell(lat: float, lon: float) -> tuple[int, int]:
        return (math.floor(lat / CELL_DEGREES), math.floor(lon / CELL_DEGREES))

    def nearest(
        self, school: Any, count: int = NEAR_COUNT, within: float = NEAR_KM
    ) -> list[Nearby]:
        """The `count` schools nearest `school` within `within` km, nearest first (then by name)."""
        return chosen(self.candidates(school, count, within), count, within)

    def candidates(
        self, school: Any, count: int = NEAR_COUNT, within: float = NEAR_KM
    ) -> list[tuple[float, str, str, Any]]:
        """The schools `nearest` chooses from, as (km, name, id, school), in its order.

        Names only break ties of equal distance here, which is what lets a
        live preview keep an answer when a school is renamed (KeptNearest).
        """
        if school.coordinates is None:
            return []
        lat, lon = school.coordinates.lat, school.coordinates.lon
        row, col = self._cell(lat, lon)
        # A cell's side in km, at the narrowest the search can reach (towards the pole).
        reach = min(89.0, abs(lat) + within / 111.0 + CELL_DEGREES)
        side = CELL_DEGREES * 111.19 * math.cos(math.radians(reach))
        rings = math.ceil(within / max(side, 0.5)) + 1
        # Candidates are ranked by a flat-earth distance (squared, in degrees of latitude),
        # within 1 % of the true one at these ranges and ten times cheaper; the few left
        # are then measured exactly. SLACK keeps any whose rank the 1 % could change.
        own, shrink = school.id, math.cos(math.radians(lat))
        limit = (within / KM_PER_DEGREE * SLACK) ** 2
        found: list[tuple[float, str, str, float, float, Any]] = []
        for ring in range(rings + 1):
            for cell in _ring(row, col, ring):
                for o_lat, o_lon, name, other_id, other in self.cells.get(cell, ()):
                    dy, dx = o_lat - lat, (o_lon - lon) * shrink
                    flat = dx * dx + dy * dy
                    if flat <= limit and other_id != own:
                        found.append((flat, name, other_id, o_lat, o_lon, other))
            if len(found) >= count:
                found.sort(key=lambda entry: entry[:3])
                keep = found[count - 1][0] * SLACK**4
                found = [entry for entry in found if entry[0] <= keep]
                # Every school in a further ring is at least `ring * side` km away.
                if ring * side >= math.sqrt(keep) * KM_PER_DEGREE:
                    break
        exact = [
            (distance_km(lat, lon, o_lat, o_lon), name, other_id, other)
            for _, name, other_id, o_lat, o_lon, other in found
        ]
        exact.sort(key=lambda entry: entry[:3])
        return exact


Answer = tuple[tuple[Any, ...], list[tuple[str, float]], frozenset[str]]
"""A kept answer: the school's place, its nearest schools' ids and distances, and the ids of
schools whose names broke one of its ties."""


class KeptNearest:
    """A live preview's answers of `Grid.nearest`, kept between rebuilds by school id.

    "Nearest" depends on the open schools' ids and coordinates, and on their
    names only where two candidates are equally far (names break the tie).
    While no open school has moved, each school's answer is the one found
    in the last rebuild (if the school itself has not moved and no school
    whose name broke one of its ties was renamed), with this rebuild's records.
    """

    def __init__(self) -> None:
        self.places: tuple[tuple[Any, ...], ...] | None = None
        self.renamed: set[str] = set()
        self.answers: dict[str, Answer] = {}
        self.by_id: dict[str, Any] = {}
        self.names: dict[str, str] = {}
        """The open schools' names in the last rebuild, by id: a rename may break a tie."""
        self.found = 0
        """Answers worked out (not kept) in this rebuild, for the log and the tests."""

    def start(self, schools: Sequence[Any]) -> None:
        """Begin a rebuild with its open schools; forget every answer if any of them moved."""
        places = tuple(_place(school) for school in schools)
        if places != self.places:
            self.places, self.answers = places, {}
        before = self.names
        self.by_id = {school.id: school for school in schools}
        self.names = {i: school.name for i, school in self.by_id.items()}
        self.renamed = {i for i, name in self.names.items() if i in before and before[i] != name}
        self.found = 0

    def shared(self) -> tuple[Any, dict[str, str], dict[str, Answer]]:
        """The answers as plain data, for a forked worker to send back (parallel.Kept)."""
        return self.places, self.names, self.answers

    def adopt(self, shares: list[tuple[Any, dict[str, str], dict[str, Answer]]]) -> None:
        """Keep the answers the workers of a build found, each for its share of the pages.

        Answers found for other places or names than this copy's replace
        this copy's, which were found for an earlier build.
        """
        for places, names, answers in shares:
            if places is None:
                continue  # That worker's pages showed no school's neighbours.
            if places != self.places or names != self.names:
                self.places, self.names, self.answers = places, dict(names), {}
            self.answers.update(answers)

    def nearest(self, grid: Grid, school: Any) -> list[Nearby]:
        """`grid.nearest(school)`, kept from the last rebuild when nothing it depends on changed."""
        kept = self.answers.get(school.id)
        if kept is not None and kept[0] == _place(school) and not kept[2] & self.renamed:
            return [Nearby(self.by_id[other], km) for other, km in kept[1]]
        exact = grid.candidates(school)
        found = chosen(exact)
        seen: dict[float, list[str]] = {}
        for km, _, other_id, _ in exact:
            seen.setdefault(km, []).append(other_id)
        ties = frozenset(i for ids in seen.values() if len(ids) > 1 for i in ids)
        self.answers[school.id] = (_place(school), [(n.school.id, n.km) for n in found], ties)
        self.found += 1
        return found


def chosen(
    candidates: list[tuple[float, str, str, Any]], count: int = NEAR_COUNT, within: float = NEAR_KM
) -> list[Nearby]:
    """The first `count` of `Grid.candidates` within `within` km: what a school's page lists."""
    return [Nearby(other, km) for km, _, _, other in candidates if km <= within][:count]


def _place(school: Any) -> tuple[Any, ...]:
    where = school.coordinates
    return (school.id,) if where is None else (school.id, where.lat, where.lon)


def _ring(row: int, col: int, ring: int) -> list[tuple[int, int]]:
    """The cells exactly `ring` cells away from (row, col): the border of a square."""
    if ring == 0:
        return [(row, col)]
    cells = [(row - ring, c) for c in range(col - ring, col + ring + 1)]
    cells += [(row + ring, c) for c in range(col - ring, col + ring + 1)]
    cells += [(r, col - ring) for r in range(row - ring + 1, row + ring)]
    cells += [(r, col + ring) for r in range(row - ring + 1, row + ring)]
    return cells


def map_points(schools: Sequence[Any]) -> list[list[float]]:
    """[row, lat, lon] for each school with coordinates, `row` its place in `schools`."""
    return [
        [row, round(s.coordinates.lat, PLACES), round(s.coordinates.lon, PLACES)]
        for row, s in enumerate(schools)
        if s.coordinates is not None
    ]


def map_json(schools: Sequence[Any]) -> bytes:
    """The directory's map data: how many rows it has, and the points of those with coordinates."""
    data = {"rows": len(schools), "points": map_points(schools)}
    return json.dumps(data, separators=(",", ":")).encode("utf-8")
