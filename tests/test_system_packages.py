"""debian-packages.txt names every Debian package whose libraries the project loads.

WeasyPrint opens Pango, HarfBuzz (and HarfBuzz-Subset), fontconfig and GObject
through cffi at import time, some of them optionally: a machine that lacks one
only warns, and the first release failed on a new machine that way. These tests
load WeasyPrint and lay out a PDF in a fresh process, list every shared library
and font file that process mapped (from /proc/self/maps) outside Python's own
directories and beyond what Python's own extension modules load, find the
Debian package of each (dpkg), and fail when a package is neither named in the
list's `build` group nor pulled in by a package that is (nor part of every
Debian system: priority `required`).
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("dpkg-query") is None, reason="not a Debian system: nothing to map libraries to"
)

LOADER = r"""
import re, sys, sysconfig
def mapped():
    with open("/proc/self/maps") as maps:
        rows = (line.split(None, 5) for line in maps)
        paths = {row[5].strip() for row in rows if len(row) == 6}
    return {p for p in paths if re.search(r"\.so(\.[\d.]+)?$|\.(ttf|otf|ttc)$", p)}
# Python's own extension modules load what the interpreter was built with
# (libssl, libffi, ...): that is the interpreter's business, not the list's.
import importlib, pathlib
for ext in pathlib.Path(sysconfig.get_config_var("DESTSHARED")).glob("*.so"):
    try:
        importlib.import_module(ext.name.split(".")[0])
    except Exception:
        pass
before = mapped()
import weasyprint
from weasyprint.text import ffi
weasyprint.HTML(string="<p style='font-family: DejaVu Sans'>Ofsted</p>").write_pdf()
own = (sys.prefix, sysconfig.get_paths()["stdlib"])
for path in sorted(mapped() - before):
    if not path.startswith(own):
        print("lib", path)
print("subset", ffi.harfbuzz_subset is not None)
"""


def listed(group: str) -> list[str]:
    """The packages of one group of debian-packages.txt."""
    rows = (line.split() for line in (ROOT / "debian-packages.txt").read_text().splitlines())
    return [row[1] for row in rows if row and not row[0].startswith("#") and row[0] == group]


def dpkg(*args: str) -> str:
    return subprocess.run(["dpkg-query", *args], capture_output=True, text=True).stdout


@functools.cache
def installed() -> dict[str, tuple[str, list[str], list[str]]]:
    """Every installed package: (priority, names it depends on, names it provides)."""
    fields = (
        "${db:Status-Abbrev}\t${Package}\t${Priority}\t${Depends}, ${Pre-Depends}\t${Provides}\n"
    )
    packages = {}
    for line in dpkg("-W", "-f", fields).splitlines():
        status, name, priority, depends, provides = line.split("\t")
        if status.startswith("ii"):
            names = [re.sub(r"[\s(:].*", "", alt.strip()) for alt in re.split(r"[,|]", depends)]
            provided = [re.sub(r"[\s(].*", "", p.strip()) for p in provides.split(",")]
            packages[name] = (priority, [n for n in names if n], [p for p in provided if p])
    return packages


def closure(roots: list[str]) -> set[str]:
    """The roots, everything they depend on (through virtual names), and `required` ones."""
    packages = installed()
    providers: dict[str, set[str]] = {}
    for name, (_, _, provides) in packages.items():
        for virtual in [name, *provides]:
            providers.setdefault(virtual, set()).add(name)
    required = [name for name, (priority, _, _) in packages.items() if priority == "required"]
    seen: set[str] = set()
    todo = [*roots, *required]
    while todo:
        for name in providers.get(todo.pop(), ()):
            if name not in seen:
                seen.add(name)
                todo.extend(packages[name][1])
    return seen


def owner(path: str) -> str | None:
    """The Debian package that installed a file (also through /lib -> /usr/lib)."""
    candidates = {path, str(Path(path).resolve())}
    candidates |= {p.removeprefix("/usr") for p in list(candidates)}
    candidates |= {"/usr" + p for p in list(candidates) if not p.startswith("/usr")}
    for candidate in candidates:
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":")[0].split(",")[0].strip()
    return None


def unlisted(libraries: list[str], packages: list[str]) -> list[str]:
    """Libraries whose package the list (with what it pulls in) does not cover."""
    covered = closure(packages)
    problems = []
    for library in libraries:
        package = owner(library)
        if package is None:
            problems.append(f"{library} belongs to no Debian package")
        elif package not in covered:
            problems.append(f"{library} comes from {package}, which debian-packages.txt lacks")
    return problems


@functools.cache
def weasyprint_libraries() -> tuple[list[str], bool]:
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", LOADER], capture_output=True, text=True, check=True
    )
    libraries = [line[4:] for line in result.stdout.splitlines() if line.startswith("lib ")]
    return libraries, "subset True" in result.stdout


def test_every_listed_package_is_installed() -> None:
    # ./dev test installs the `build` group first: a misspelt name fails there and here.
    have = installed()
    provided = {p for _, _, provides in have.values() for p in provides}
    missing = [p for p in listed("build") if p not in have and p not in provided]
    assert missing == [], f"run ./dev setup; not installed: {missing}"


def test_weasyprint_finds_harfbuzz_subset() -> None:
    # Optional to WeasyPrint (it warns and falls back to fontTools), required here.
    assert weasyprint_libraries()[1], "libharfbuzz-subset0 is missing"


def test_every_library_weasyprint_loads_comes_from_a_listed_package() -> None:
    libraries, _ = weasyprint_libraries()
    assert any("libpango-1.0" in lib for lib in libraries), libraries
    assert unlisted(libraries, listed("build")) == []


def test_a_library_from_an_unlisted_package_is_reported() -> None:
    libraries, _ = weasyprint_libraries()
    without = [p for p in listed("build") if p != "libharfbuzz-subset0"]
    problems = unlisted(libraries, without)
    assert len(problems) == 1
    assert re.fullmatch(
        r"\S*libharfbuzz-subset\.so\.0\S* comes from libharfbuzz-subset0, "
        r"which debian-packages\.txt lacks",
        problems[0],
    )


def test_the_pdf_font_comes_from_a_listed_package() -> None:
    # FreeType maps the font files it reads: they are checked like the libraries.
    fonts = [path for path in weasyprint_libraries()[0] if path.endswith(".ttf")]
    assert any(Path(font).name == "DejaVuSans.ttf" for font in fonts), fonts
    assert {owner(font) for font in fonts} <= set(listed("build"))
