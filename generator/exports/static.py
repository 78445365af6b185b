"""The files a build publishes beside its pages: calendars, open data and the data pages fetch.

They come in two groups because they are used differently. Downloads
(calendars, open data) are what readers and guidance pages link to, so the
site generator must know them before it checks links. Page data (the record
search shards and the directories' rows.json) is fetched only by the
site's own scripts, so it can be written at any time before the build ends,
in places no content file may take (`PAGE_DATA_PLACES`).
"""

from __future__ import annotations

from datetime import date
from functools import partial

from ..directory_rows import directory_rows, tables
from ..geo import MAP_FILE, map_json
from ..kept_outputs import KeptOutputs, records_key
from ..models import KINDS
from ..pagination import rows_path
from ..site import Site
from ..urls import SiteAddress, page_url, record_src
from .ics import FeedContext, feeds
from .opendata import open_data, open_data_of, recommendations_data, record_rows
from .search_shards import FOLDER as SEARCH_FOLDER
from .search_shards import record_part, search_shards

PAGE_DATA_PLACES = (f"{SEARCH_FOLDER}/", MAP_FILE, *(rows_path(kind) for kind in KINDS))
"""Paths (a folder ending in "/", or a file) that belong to page data."""


def downloads(
    site: Site,
    network_name: str,
    address: SiteAddress,
    built: date,
    kept: KeptOutputs | None = None,
) -> dict[str, bytes]:
    """Every calendar and open data file, by path relative to the site root.

    `kept` (a live preview): each group of files (the calendars, each kind's
    open data) is made again only when the records it is made from changed.
    """
    event_pages = {
        event_id: page_url(record_src("event", event_id), address.published)
        for event_id in site.events
    }
    context = FeedContext(address.base or "https://schoolnet.invalid/", built, event_pages)
    if kept is None:
        return {**feeds(site, network_name, context), **open_data(site, address.record)}
    memo = kept.memo()
    calendars = [*site.events.values(), *site.networks.values()]
    files = dict(
        kept.files(
            "calendars",
            records_key(memo, calendars, network_name, context),
            lambda: feeds(site, network_name, context),
        )
    )
    for name in KINDS:
        key = records_key(memo, site.records_of(name).values(), address)
        # Each record's rows are made from it alone, and the address: kept under both.
        rows_of = kept.parts_of(
            memo, f"data {name} {address!r}", partial(record_rows, name=name, url_of=address.record)
        )
        files.update(
            kept.files(
                f"data {name}", key, partial(open_data_of, site, name, address.record, rows_of)
            )
        )
    key = records_key(memo, site.suppliers.values())
    files.update(kept.files("data recommendations", key, partial(recommendations_data, site)))
    kept.done(memo)
    return files


def download_paths(site: Site) -> list[str]:
    """The paths `downloads` writes, known without making the files.

    The site generator needs them before the files exist, to resolve and
    check links to them; a test and the worker that writes them hold the
    two to each other.
    """
    paths = ["calendar/all-events.ics"]
    paths += [f"calendar/{network_id}.ics" for network_id in site.networks]
    paths += [f"events/{event_id}.ics" for event_id in site.events]
    paths += [f"data/{kind.plural}.{ext}" for kind in KINDS.values() for ext in ("csv", "json")]
    paths.append("data/recommendations.csv")
    return paths


def page_data(
    site: Site, address: SiteAddress, kept: KeptOutputs | None = None
) -> dict[str, bytes]:
    """The record search index and the directories' rows, by path relative to the site root.

    `kept` (a live preview): each record's search entry is kept under its
    texts and those of what it is made from, so an edit makes few again.
    """
    urls = address.directory_urls
    if kept is None:
        shards = search_shards(site, urls)
    else:
        memo = kept.memo()
        part_of = kept.parts_of(memo, f"search {urls}", partial(record_part, directory_urls=urls))
        shards = search_shards(site, urls, part_of=part_of)
        kept.done(memo)
    return {
        **directory_rows(site, urls),
        **shards,
        MAP_FILE: schools_map(site, urls),
    }


def schools_map(site: Site, directory_urls: bool = True) -> bytes:
    """The schools directory's map data, in the directory's own row order (see geo.py)."""
    for listing, _ in tables(site, directory_urls):
        if listing.kind == "school":
            return map_json([school for school, _ in listing.context["schools"]])
    return map_json([])


def is_page_data(path: str) -> bool:
    """Whether a site path is reserved for page data."""
    return any(
        path.startswith(place) if place.endswith("/") else path == place
        for place in PAGE_DATA_PLACES
    )
