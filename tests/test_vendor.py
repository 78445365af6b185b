"""The map library committed under site_templates/assets/vendor is exactly the locked npm release.

The build never runs Node, so Leaflet's files are committed; this test
holds them to vendor/package-lock.json: `./dev test` installs the locked
packages (npm ci in vendor/) and the copies must equal their files.
"""

from __future__ import annotations

import importlib.util
import shutil

import pytest
from helpers import ROOT

spec = importlib.util.spec_from_file_location("vendor_script", ROOT / "scripts" / "vendor.py")
assert spec is not None and spec.loader is not None
vendor = importlib.util.module_from_spec(spec)
spec.loader.exec_module(vendor)


def test_the_lock_pins_every_package_the_copies_come_from() -> None:
    """Each copied file belongs to a package the lock pins."""
    packages = {source.split("/dist/")[0].split("/")[0] for source in vendor.FILES}
    assert packages == set(vendor.locked_versions())


@pytest.mark.skipif(
    shutil.which("npm") is None or not vendor.MODULES.is_dir(),
    reason="the locked packages are not installed (./dev test installs them with npm ci)",
)
def test_committed_files_equal_the_locked_packages() -> None:
    """No hand edit, no stale copy, no file from elsewhere."""
    assert vendor.differences() == []


def test_a_changed_copy_is_found(tmp_path, monkeypatch) -> None:
    """The comparison notices one changed byte (so the test above can fail)."""
    if not vendor.MODULES.is_dir():
        pytest.skip("the locked packages are not installed")
    copy = tmp_path / "vendor"
    shutil.copytree(vendor.TARGET, copy)
    (copy / "leaflet" / "leaflet.css").write_bytes(
        (copy / "leaflet" / "leaflet.css").read_bytes() + b" "
    )
    monkeypatch.setattr(vendor, "TARGET", copy)
    changed = copy / "leaflet" / "leaflet.css"
    assert vendor.differences() == [
        f"{changed} differs from leaflet/dist/leaflet.css: run ./dev vendor"
    ]


def test_the_build_copies_every_vendored_file() -> None:
    """What mkdocs_files hands MkDocs is what scripts/vendor.py copies, licences included."""
    from generator.mkdocs_files import VENDORED

    assert sorted(VENDORED) == sorted(f"assets/vendor/{copy}" for copy in vendor.FILES.values())
