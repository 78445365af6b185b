"""The downloads' paths, announced before the files are made, are exactly the files made."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import load
from helpers import FIXTURES, ROOT

from generator.exports.static import download_paths, downloads, is_page_data, page_data
from generator.urls import SiteAddress


@pytest.mark.parametrize("members", [False, True])
@pytest.mark.parametrize("project", [ROOT, FIXTURES / "small"])
def test_announced_download_paths_are_the_files_made(project: Path, members: bool) -> None:
    site = load(project, members=members)
    address = SiteAddress("https://example.org/net/", True)
    made = downloads(site, "Network", address, site.today)
    assert sorted(download_paths(site)) == sorted(made)


def test_page_data_sits_only_in_its_reserved_places() -> None:
    site = load(ROOT, members=False)
    files = page_data(site, SiteAddress("https://example.org/net/", True))
    assert files and all(is_page_data(path) for path in files)
    assert not any(is_page_data(path) for path in download_paths(site))
