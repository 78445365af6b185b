"""British National Grid (EPSG:27700) eastings and northings as latitude and longitude.

pyproj is imported here only, and only when an import has grid references to
convert, so neither the site build nor `gias check` needs it.
"""

from __future__ import annotations

from collections.abc import Sequence


def to_lat_lon(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """WGS 84 (EPSG:4326) latitude and longitude for each (easting, northing), in one pass.

    One call for all points: pyproj converts whole arrays far faster than one
    point at a time. Without the OSTN15 grid PROJ uses the published Helmert
    transformation, good to a few metres, which is ample for a map pin.
    """
    if not points:
        return []
    from pyproj import Transformer

    transformer = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    lons, lats = transformer.transform([p[0] for p in points], [p[1] for p in points])
    return list(zip(lats, lons, strict=True))
