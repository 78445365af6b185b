"""The files a build publishes beside its pages: calendars, open data and the record search."""

from __future__ import annotations

from datetime import date

from ..site import Site
from ..urls import SiteAddress, page_url, record_src
from .directory_rows import directory_rows
from .ics import FeedContext, feeds
from .opendata import open_data
from .search_shards import search_shards


def static_files(
    site: Site, network_name: str, address: SiteAddress, built: date
) -> dict[str, bytes]:
    """Every calendar, data and record-search file, by path relative to the site root."""
    event_pages = {
        event_id: page_url(record_src("event", event_id), address.directory_urls)
        for event_id in site.events
    }
    context = FeedContext(address.base or "https://schoolnet.invalid/", built, event_pages)
    return {
        **feeds(site, network_name, context),
        **open_data(site, address.record),
        **directory_rows(site, address.directory_urls),
        **search_shards(site, address.directory_urls),
    }
