"""The map library's and the browser editor's files, copied from the npm packages that
vendor/package-lock.json pins.

The site's maps use Leaflet and Leaflet.markercluster; the editor at /admin/
(when `cms: true`) is Sveltia CMS, one self-contained script. The build must not
need Node, so their distributed files are committed under
`site_templates/assets/vendor/` (with their licences); `vendor/package.json`
and its lock say exactly which releases they are. This script refreshes the
copies from the locked packages (`./dev vendor`, after changing the lock),
and `tests/test_vendor.py` checks, with the same list, that the committed
files are byte for byte those of the locked packages.

    python scripts/vendor.py write   # npm ci in vendor/, then copy the files
    python scripts/vendor.py check   # compare the copies with vendor/node_modules
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "vendor"
MODULES = PACKAGES / "node_modules"
TARGET = ROOT / "site_templates" / "assets" / "vendor"

CLUSTER = "leaflet.markercluster"
CMS = "@sveltia/cms"
SANS = "@fontsource-variable/source-sans-3"
MONO = "@fontsource/noto-mono"
ICONS = "@fontsource-variable/material-symbols-outlined"
FILES: dict[str, str] = {
    "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
    "leaflet/dist/leaflet.css": "leaflet/leaflet.css",
    "leaflet/LICENSE": "leaflet/LICENSE",
    f"{CLUSTER}/dist/leaflet.markercluster.js": "markercluster/leaflet.markercluster.js",
    f"{CLUSTER}/dist/MarkerCluster.css": "markercluster/MarkerCluster.css",
    f"{CLUSTER}/dist/MarkerCluster.Default.css": "markercluster/MarkerCluster.Default.css",
    f"{CLUSTER}/MIT-LICENCE.txt": "markercluster/MIT-LICENCE.txt",
    # The standalone build: everything in one script, nothing loaded from a CDN for the
    # fields the generated config uses (its code highlighter and map field would be).
    f"{CMS}/dist/sveltia-cms.js": "sveltia-cms/sveltia-cms.js",
    f"{CMS}/LICENSE.txt": "sveltia-cms/LICENSE.txt",
    # The fonts it names on a CDN, same releases: the build points it at these copies.
    f"{SANS}/files/source-sans-3-latin-wght-normal.woff2": "sveltia-cms/fonts/sans.woff2",
    f"{SANS}/LICENSE": "sveltia-cms/fonts/sans-LICENSE",
    f"{MONO}/files/noto-mono-latin-400-normal.woff2": "sveltia-cms/fonts/mono.woff2",
    f"{MONO}/LICENSE": "sveltia-cms/fonts/mono-LICENSE",
    f"{ICONS}/files/material-symbols-outlined-latin-wght-normal.woff2": (
        "sveltia-cms/fonts/icons.woff2"
    ),
    f"{ICONS}/LICENSE": "sveltia-cms/fonts/icons-LICENSE",
}
"""Each file of a package (under node_modules) and where its copy lives (under TARGET)."""


def direct_dependencies() -> dict[str, str]:
    """The packages vendor/package.json asks for, with their exact releases."""
    manifest = json.loads((PACKAGES / "package.json").read_text(encoding="utf-8"))
    return dict(manifest["dependencies"])


def locked_versions() -> dict[str, str]:
    """The release of each package the lock pins, by name (their own dependencies too)."""
    lock = json.loads((PACKAGES / "package-lock.json").read_text(encoding="utf-8"))
    return {
        path.removeprefix("node_modules/"): entry["version"]
        for path, entry in lock["packages"].items()
        if path.startswith("node_modules/")
    }


def installed_versions() -> dict[str, str]:
    """The release of each package now in vendor/node_modules, by name."""
    found = {}
    for name in locked_versions():
        manifest = MODULES / name / "package.json"
        if manifest.is_file():
            found[name] = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    return found


def _shown(path: Path) -> str:
    """A path as messages name it: relative to the project when it is inside."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def differences() -> list[str]:
    """What differs between the committed copies and the installed locked packages."""
    problems = []
    if installed_versions() != locked_versions():
        problems.append(
            f"vendor/node_modules holds {installed_versions()}, the lock pins "
            f"{locked_versions()}: run `npm ci` in vendor/"
        )
        return problems
    for source, copy in FILES.items():
        theirs, ours = MODULES / source, TARGET / copy
        if not ours.is_file():
            problems.append(f"{_shown(ours)} is missing: run ./dev vendor")
        elif ours.read_bytes() != theirs.read_bytes():
            problems.append(f"{_shown(ours)} differs from {source}: run ./dev vendor")
    listed = {TARGET / copy for copy in FILES.values()}
    for extra in sorted(p for p in TARGET.rglob("*") if p.is_file() and p not in listed):
        problems.append(f"{_shown(extra)} comes from no locked package")
    return problems


def write() -> None:
    """Install the locked packages and copy their files over the committed ones."""
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PACKAGES, check=True
    )
    shutil.rmtree(TARGET, ignore_errors=True)
    for source, copy in FILES.items():
        (TARGET / copy).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(MODULES / source, TARGET / copy)
    print(f"Copied {len(FILES)} files of {direct_dependencies()} into {TARGET.relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    """`write` refreshes the copies; `check` lists what differs (exit 1 if anything does)."""
    if argv == ["write"]:
        write()
        return 0
    if argv == ["check"]:
        problems = differences()
        print("\n".join(problems) or "The vendored files match the locked packages.")
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
