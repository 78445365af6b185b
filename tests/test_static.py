"""The downloads' paths, announced before the files are made, are exactly the files made."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import load
from helpers import FIXTURES, ROOT

from generator.exports.static import download_paths, downloads, is_page_data, page_data
from generator.kept_outputs import KeptOutputs
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


def test_page_data_from_kept_search_entries_is_the_page_data_made_afresh(tmp_path: Path) -> None:
    """A live preview keeps each record's search entry under the texts of what it is made
    from: renaming a network changes its members' entries, whose words hold its name."""
    address = SiteAddress("https://example.org/net/", True)
    kept = KeptOutputs()
    first = load(FIXTURES / "small", members=False)
    assert page_data(first, address, kept) == page_data(first, address)
    project = tmp_path / "renamed"
    shutil.copytree(FIXTURES / "small", project)
    networks = project / "networks.yaml"
    name = first.networks[next(iter(first.networks))].name
    networks.write_text(networks.read_text("utf-8").replace(name, "Renamed Alliance"), "utf-8")
    second = load(project, members=False)
    again = page_data(second, address, kept)
    assert again == page_data(second, address)
    assert again != page_data(first, address)
