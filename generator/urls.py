"""Where each page lives, and links between pages, without MkDocs.

Page paths follow MkDocs' rules (`schools/x.md` → `schools/x/` with
directory URLs, `schools/x.html` without) so that links written here agree
with the pages MkDocs writes; a test checks the two agree.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from .models import KINDS


def record_src(kind: str, record_id: str) -> str:
    """The virtual source path of a record's page."""
    return f"{KINDS[kind].plural}/{record_id}.md"


def index_src(kind: str) -> str:
    """The virtual source path of a kind's directory page."""
    return f"{KINDS[kind].plural}/index.md"


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL path (relative to the site root) a source path is published at."""
    stem = src.removesuffix(".md")
    head, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        base = f"{head}/" if head else ""
        return base if directory_urls else f"{base}index.html"
    if directory_urls:
        return f"{stem}/"
    return f"{stem}.html"


def page_dest(src: str, directory_urls: bool = True) -> str:
    """The file (relative to the site folder) a source path's page is written to."""
    url = page_url(src, directory_urls)
    return f"{url}index.html" if url == "" or url.endswith("/") else url


def published_form(directory_urls: bool, published_directory_urls: bool | None) -> bool:
    """The form absolute URLs take: the plugin's `published_directory_urls`, when set,
    else the build's own `use_directory_urls` (the preview writes file pages, yet
    links to the published site, which serves folders)."""
    return directory_urls if published_directory_urls is None else published_directory_urls


def relative(from_url: str, to_url: str) -> str:
    """A link from one page to another that works on any host and offline.

    Climbs to the site root and descends to the target: one string
    operation per link, which matters on pages that list thousands of
    records.
    """
    link = "../" * depth(from_url) + to_url
    return link or "./"


def depth(url: str) -> int:
    """How many folders below the site root a page (or file) URL is: the "../"s of its links."""
    folder = url if url.endswith("/") else posixpath.dirname(url) + "/"
    return folder.count("/") if folder != "/" else 0


@dataclass(frozen=True)
class SiteAddress:
    """Where the site is published, for absolute links in feeds, data and JSON-LD.

    A build's pages may take another form than the published site's: the
    preview is written as `schools/x.html` to open from disk, while the site
    it previews serves `schools/x/`. Relative links follow the pages written
    (`directory_urls`); absolute addresses always name the published page
    (`published_directory_urls`), so a link in a preview's feed or PDF does
    not lead to a 404 of the real site.
    """

    base: str = ""
    """The site's absolute URL ending in '/', or '' when unknown (links stay relative)."""
    directory_urls: bool = True
    """The form of the pages this build writes, for links between them."""
    published_directory_urls: bool | None = None
    """The form of the published site's pages; None: the same as `directory_urls`."""

    @property
    def published(self) -> bool:
        """Whether the published site's pages take folder form (`schools/x/`), for absolute URLs."""
        return published_form(self.directory_urls, self.published_directory_urls)

    def page(self, src: str) -> str:
        """The absolute URL of a page source path, as the published site serves it."""
        return self.base + page_url(src, self.published)

    def record(self, kind: str, record_id: str) -> str:
        """The absolute URL of a record's page."""
        return self.page(record_src(kind, record_id))

    def feed(self, path: str) -> FeedLink:
        """The links to a calendar file, relative to the site root: subscribe, paste, download."""
        return feed_link(path, self.base)


# --- calendar files: where they are published, and the links that subscribe to them ----

ALL_EVENTS_FEED = "calendar/all-events.ics"
"""The feed of every event, relative to the site root."""


def network_feed(network_id: str) -> str:
    """The feed of a network's events (and its groups'), relative to the site root."""
    return f"calendar/{network_id}.ics"


def event_file(event_id: str) -> str:
    """One event's calendar file, relative to the site root."""
    return f"events/{event_id}.ics"


@dataclass(frozen=True)
class FeedLink:
    """A calendar file as a page offers it: to subscribe to, to paste, or to download.

    A `webcal://` link opens the reader's calendar program, which then
    subscribes and keeps the calendar up to date; a plain https link would
    only download a copy that never changes. Web calendars (Google, Outlook
    on the web) take the https address pasted instead. Both need the site's
    address (`site_url`); without it only the file's relative link is known.
    """

    path: str
    """The file, relative to the site root (for the page's "download" link)."""
    url: str = ""
    """Its absolute address, or "" when the site's address is unknown."""
    subscribe: str = ""
    """The same address with the webcal scheme, or ""."""


def feed_link(path: str, base: str) -> FeedLink:
    """The links to a calendar file at `path`, for a site published at `base` ('' if unknown)."""
    scheme, _, rest = base.partition("://")
    if scheme not in ("http", "https") or not rest:
        return FeedLink(path)
    return FeedLink(path, base + path, f"webcal://{rest}{path}")
