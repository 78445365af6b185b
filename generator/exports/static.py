"""The downloadable files a build publishes beside its pages: calendars and open data."""

from __future__ import annotations

from datetime import date

from ..site import Site
from ..urls import SiteAddress, page_url, record_src
from .ics import FeedContext, feeds
from .opendata import open_data


def static_files(
    site: Site, network_name: str, address: SiteAddress, built: date
) -> dict[str, bytes]:
    """Every calendar and data file, by path relative to the site root."""
    event_pages = {
        event_id: page_url(record_src("event", event_id), address.directory_urls)
        for event_id in site.events
    }
    context = FeedContext(address.base or "https://schoolnet.invalid/", built, event_pages)
    return {
        **feeds(site, network_name, context),
        **open_data(site, address.record),
    }
