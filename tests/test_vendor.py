"""The map library and the browser editor committed under site_templates/assets/vendor are
exactly the locked npm releases.

The build never runs Node, so Leaflet's and Sveltia CMS's files are committed; this test
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


def package_of(source: str) -> str:
    """The npm package a file under node_modules belongs to ('@scope/name' or 'name')."""
    parts = source.split("/")
    return "/".join(parts[:2]) if source.startswith("@") else parts[0]


def test_the_lock_pins_every_package_the_copies_come_from() -> None:
    """Each copied file belongs to a package vendor/package.json asks for by exact release,
    and the lock pins that release (and the packages it needs)."""
    packages = {package_of(source) for source in vendor.FILES}
    assert packages == set(vendor.direct_dependencies())
    locked = vendor.locked_versions()
    assert {name: locked[name] for name in packages} == vendor.direct_dependencies()


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
    """What mkdocs_files and mkdocs_cms hand MkDocs is what scripts/vendor.py copies,
    licences included: the map's files on every site, the editor's at /admin/."""
    from generator.cms_config import COPIED, SCRIPT
    from generator.cms_config import VENDORED as EDITOR
    from generator.mkdocs_files import VENDORED

    editor = [f"{EDITOR}/{name}" for name in (SCRIPT, *COPIED)]
    assert sorted([*VENDORED, *editor]) == sorted(
        f"assets/vendor/{copy}" for copy in vendor.FILES.values()
    )
