"""sitemap.xml with the published site's addresses, when the build writes its pages in another form.

MkDocs lists each page at its canonical URL, which follows the build's own
`use_directory_urls`. The preview writes `schools/x.html` (to open from
disk) but previews a site that serves `schools/x/`; its sitemap names the
published pages (`published_directory_urls`), as every other absolute
address of the build does.
"""

from __future__ import annotations

from typing import Any

from .fast_path.borrowed import sitemap_entry_at
from .urls import page_url


def published_sitemap(entries: list[Any], site_url: str | None, directory_urls: bool) -> list[Any]:
    """The sitemap's entries (Files, or SitemapEntry for shell pages) at their published URLs.

    Links and entries without a site URL stay as MkDocs lists them.
    """
    if not site_url:
        return entries
    published: list[Any] = []
    for entry in entries:
        page = entry.page
        if page is None or page.is_link:
            published.append(entry)
            continue
        url = page_url(entry.src_uri, directory_urls)
        published.append(sitemap_entry_at(entry.src_uri, url, site_url, page.update_date))
    return published
