"""Our page addresses agree with the ones MkDocs gives the same source paths."""

from __future__ import annotations

import pytest
from mkdocs.structure.files import File

from generator.urls import FeedLink, SiteAddress, feed_link, page_url, published_form, relative

SOURCES = ["index.md", "schools/index.md", "schools/hawes-side.md", "guide/start.md", "about.md"]


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("src", SOURCES)
def test_page_url_matches_mkdocs(src: str, directory_urls: bool) -> None:
    mkdocs_url = File(src, "/docs", "/site", directory_urls).url
    assert page_url(src, directory_urls) == ("" if mkdocs_url == "./" else mkdocs_url)


@pytest.mark.parametrize(
    ("here", "there", "expected"),
    [
        ("schools/x/", "networks/y/", "../../networks/y/"),
        ("", "schools/", "schools/"),
        ("schools/", "", "../"),
        ("schools/x/", "schools/x/", "../../schools/x/"),
        ("schools/", "schools/x/", "../schools/x/"),
        ("schools/x.html", "networks/y.html", "../networks/y.html"),
        ("index.html", "schools/index.html", "schools/index.html"),
    ],
)
def test_relative_links(here: str, there: str, expected: str) -> None:
    assert relative(here, there) == expected


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        (
            "https://example.org/schools-together/",
            FeedLink(
                "calendar/nesa.ics",
                "https://example.org/schools-together/calendar/nesa.ics",
                "webcal://example.org/schools-together/calendar/nesa.ics",
            ),
        ),
        (
            "http://localhost:8000/",
            FeedLink(
                "calendar/nesa.ics",
                "http://localhost:8000/calendar/nesa.ics",
                "webcal://localhost:8000/calendar/nesa.ics",
            ),
        ),
        ("", FeedLink("calendar/nesa.ics")),
        ("ftp://example.org/", FeedLink("calendar/nesa.ics")),
    ],
)
def test_feed_links_subscribe_through_webcal_when_the_address_is_known(
    base: str, expected: FeedLink
) -> None:
    """webcal:// makes a calendar program subscribe; without site_url only the file is offered."""
    assert feed_link("calendar/nesa.ics", base) == expected
    assert SiteAddress(base).feed("calendar/nesa.ics") == expected


@pytest.mark.parametrize(
    ("written", "published", "expected"),
    [
        (True, None, "https://example.org/net/schools/x/"),
        (False, None, "https://example.org/net/schools/x.html"),
        (False, True, "https://example.org/net/schools/x/"),  # the preview
        (True, False, "https://example.org/net/schools/x.html"),
    ],
)
def test_absolute_addresses_take_the_published_form(
    written: bool, published: bool | None, expected: str
) -> None:
    """The preview writes file pages but links to the published site's folder pages."""
    address = SiteAddress("https://example.org/net/", written, published)
    assert address.record("school", "x") == expected
    assert address.published == published_form(written, published)
    assert address.directory_urls is written  # Links between pages keep the written form.
