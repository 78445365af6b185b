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
NEAR_KM = 50.0
"""How far "near" reaches: a school with none this close lists none."""
NEAR_COUNT = 5
"""How many nearby schools a school's page lists."""
CELL_DEGREES = 0.25
"""The side of a grid cell, in degrees: a 50 km search reaches only a few cells."""
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
    a grid of quarter-degree cells looks at a few dozen schools per query.
    """

    def __init__(self, schools: Sequence[Any]) -> None:
        """Index the schools that have coordinates."""
        self.cells: dict[tuple[int, int], list[Any]] = defaultdict(list)
        for school in schools:
            if school.coordinates is not None:
                self.cells[self._cell(school.coordinates.lat, school.coordinates.lon)].append(
                    school
                )

    @staticmethod
    def _cell(lat: float, lon: float) -> tuple[int, int]:
        return (math.floor(lat / CELL_DEGREES), math.floor(lon / CELL_DEGREES))

    def nearest(self, school: Any, count: int = NEAR_COUNT, within: float = NEAR_KM) -> list[Nearby]:
        """The `count` schools nearest `school` within `within` km, nearest first (by name on a tie)."""
        if school.coordinates is None:
            return []
        lat, lon = school.coordinates.lat, school.coordinates.lon
        row, col = self._cell(lat, lon)
        # A cell's side in km, at the narrowest the search can reach (towards the pole).
        reach = min(89.0, abs(lat) + within / 111.0 + CELL_DEGREES)
        side = CELL_DEGREES * 111.19 * math.cos(math.radians(reach))
        rings = math.ceil(within / max(side, 0.5)) + 1
        found: list[Nearby] = []
        for ring in range(rings + 1):
            for r in range(row - ring, row + ring + 1):
                for c in range(col - ring, col + ring + 1):
                    if max(abs(r - row), abs(c - col)) != ring:
                        continue
                    for other in self.cells.get((r, c), ()):
                        if other.id == school.id:
                            continue
                        o = other.coordinates
                        km = distance_km(lat, lon, o.lat, o.lon)
                        if km <= within:
                            found.append(Nearby(other, km))
            found.sort(key=lambda n: (n.km, n.school.name, n.school.id))
            del found[count:]
            # Every school in a further ring is at least `ring * side` km away.
            if len(found) == count and ring * side >= found[-1].km:
                break
        return found


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
