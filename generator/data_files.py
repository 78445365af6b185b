"""The site's data files (calendars, open data, search shards, rows.json) made by forked workers.

They need only the model, so workers make them while MkDocs lays out the
pages; the files are written once MkDocs has emptied the site folder. The
downloads' paths are known at once, so links to them are checked before
the files exist. Knows nothing of MkDocs.
"""

from __future__ import annotations

from datetime import date

from .exports.static import download_paths, downloads, page_data
from .kept_outputs import KeptOutputs
from .parallel import Running, start
from .site import Site
from .staging import write_site_file
from .urls import SiteAddress


class DataFiles:
    """Two forked jobs: the downloads, and the data files the pages fetch."""

    def __init__(
        self,
        site: Site,
        name: str,
        address: SiteAddress,
        today: date,
        kept: tuple[KeptOutputs, KeptOutputs] | None = None,
    ) -> None:
        """Fork the downloads' job now; the pages' data job waits for `pages_planned`.

        `kept`: a live preview's downloads and search entries of the last
        rebuild (see kept_outputs), each job's own.
        """
        self.site, self.address = site, address
        self.kept_search = kept[1] if kept is not None else None
        kept_downloads = kept[0] if kept is not None else None
        self.download_paths = download_paths(site)
        announced = sorted(self.download_paths)

        def write_downloads(files: dict[str, bytes], site_dir: str) -> None:
            if sorted(files) != announced:
                raise RuntimeError(f"downloads made differ from those announced: {sorted(files)}")
            write_files(files, site_dir)

        self.downloads: Running[str, None] = start(
            lambda share, shares: downloads(site, name, address, today, kept_downloads),
            write_downloads,
            1,
            alone=True,
            keeps=[kept_downloads] if kept_downloads is not None else [],
        )
        self.page_data: Running[str, None] | None = None

    def pages_planned(self) -> None:
        """Fork the job for the pages' data, which reuses the directories' rows the pages made."""
        site, address, kept = self.site, self.address, self.kept_search
        self.page_data = start(
            lambda share, shares: page_data(site, address, kept),
            write_files,
            1,
            alone=True,
            keeps=[kept] if kept is not None else [],
        )

    def send(self, site_dir: str) -> None:
        """Let the jobs write, now that MkDocs has emptied the site folder."""
        self.downloads.send(site_dir)
        if self.page_data is not None:
            self.page_data.send(site_dir)

    def wait(self) -> None:
        """Wait until every file is written; a failed job raises WorkerFailed."""
        if self.page_data is not None:
            self.page_data.wait()
        self.downloads.wait()

    def cancel(self) -> None:
        """Stop both jobs: the build failed."""
        if self.page_data is not None:
            self.page_data.cancel()
        self.downloads.cancel()


def write_files(files: dict[str, bytes], site_dir: str) -> None:
    """Write files by their path relative to the site folder."""
    for path, data in files.items():
        write_site_file(site_dir, path, data)
