"""The package's imports go one way, as README.md's "Where things live" describes.

Each module of `generator/` sits in one layer; it may import modules of its
own layer or of earlier ones, never a later one, and no imports go round in
a cycle. Only the thin MkDocs layer imports MkDocs or Material, so
everything else can be run and tested without a build. The imports are read
from the source with `ast` (including imports inside functions), not by
importing anything.

A new module must be given a layer in LAYERS, or the test names it.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest
from helpers import ROOT

PACKAGE = ROOT / "generator"

LAYERS: list[tuple[str, set[str]]] = [
    (
        "foundation: know no stage",
        {
            "annotations",
            "characters",
            "dates",
            "geo",
            "inert",
            "kept_outputs",
            "links",
            "log_levels",
            "markdown_source",
            "models",
            "opendata_columns",
            "ordering",
            "pagination",
            "parallel",
            "pdf_paths",
            "positions",
            "record_texts",
            "repeats",
            "rules",
            "sanitize",
            "search_rules",
            "staging",
            "template_errors",
            "urls",
        },
    ),
    ("files", {"files"}),
    ("loader", {"loader"}),
    ("validate", {"validate"}),
    ("record files: whole, or a large one in two halves", {"record_files"}),
    ("members' folder: read, and merged with the public records", {"members"}),
    ("crossref", {"crossref"}),
    ("site: the model", {"site"}),
    ("project: the one entry from files to model", {"project"}),
    (
        "pages: what each page shows",
        {
            "columns",
            "directories",
            "directory_rows",
            "edit_links",
            "jsonld",
            "pages",
            "row_html",
            "search_entries",
            "wording",
        },
    ),
    ("render", {"render"}),
    (
        "exports: downloads from the model, PDFs from the pages, the editor's forms",
        {
            "cms_config",
            "data_files",
            "exports",
            "exports.documents",
            "exports.ics",
            "exports.markdown_html",
            "exports.opendata",
            "exports.pdf",
            "exports.pdf_cache",
            "exports.search_shards",
            "exports.settings",
            "exports.static",
        },
    ),
    (
        "the MkDocs layer",
        {
            "engine",
            "fast_path",
            "fast_path.borrowed",
            "fast_path.shell",
            "fast_path.workers",
            "mkdocs_cms",
            "mkdocs_errors",
            "mkdocs_files",
            "mkdocs_pages",
            "mkdocs_sitemap",
            "page_cache",
            "plugin",
            "plugin_config",
            "plugin_pdfs",
            "theme_parts",
        },
    ),
    (
        "commands and tools beside the build",
        {
            "__init__",
            "__main__",
            "changes",
            "cli",
            "content_changes",
            "editor_schema",
            "generated_files",
            "gias",
            "gias.cli",
            "gias.compare",
            "gias.coordinates",
            "gias.fields",
            "gias.ids",
            "gias.importer",
            "gias.layout",
            "gias.mapping",
            "gias.records_file",
            "gias.register",
            "issue_forms",
            "issue_forms.apply",
            "issue_forms.command",
            "issue_forms.parse",
            "issue_forms.placement",
            "issue_forms.plain_words",
            "issue_forms.removal",
            "issue_forms.scalars",
            "issue_forms.templates",
            "keep_layout",
            "pr_comment",
            "revisions",
        },
    ),
]
MKDOCS_LAYER = "the MkDocs layer"
ENGINES = {"mkdocs", "material", "properdocs"}
"""Packages only the MkDocs layer may import."""

KNOWN_TANGLES: dict[tuple[str, str], str] = {}
"""Imports against the layers that are known and due to go, each with why it is still
there. The test fails when one is gone, so this list cannot outlive them."""


def module_name(path: Path) -> str:
    """`generator/exports/pdf.py` -> "exports.pdf"; a package's `__init__` -> its name."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


@functools.cache
def modules_in(package: Path) -> frozenset[str]:
    """Every module of a package, by module_name."""
    return frozenset(module_name(p) for p in package.rglob("*.py"))


def imports_of(path: Path) -> tuple[set[str], set[str]]:
    """The `generator` modules a file imports (by module_name), and the other top-level
    packages it imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).split(".") if path.name == "__init__.py" else None
    here = package or module_name(path).split(".")[:-1]
    inside, outside = set(), set()
    known = modules_in(PACKAGE)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("generator."):
                    inside.add(alias.name.removeprefix("generator."))
                else:
                    outside.add(alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                module = node.module or ""
                if module == "generator" or module.startswith("generator."):
                    base = module.removeprefix("generator").removeprefix(".").split(".")
                else:
                    outside.add(module.split(".")[0])
                    continue
            else:
                base = here[: len(here) - (node.level - 1)] if node.level > 1 else list(here)
                base = [*base, *(node.module.split(".") if node.module else [])]
            base = [part for part in base if part]
            for alias in node.names:
                # `from . import crossref` names a module; `from .site import Site` does not.
                candidate = ".".join([*base, alias.name])
                inside.add(candidate if candidate in known else ".".join(base) or "__init__")
    return inside, outside


def layer_of() -> dict[str, int]:
    """Each module's layer number; fails naming any module that has none."""
    placed = {name: number for number, (_, names) in enumerate(LAYERS) for name in names}
    unplaced = [
        module_name(path)
        for path in sorted(PACKAGE.rglob("*.py"))
        if module_name(path) not in placed
    ]
    assert unplaced == [], f"give these modules a layer in LAYERS: {unplaced}"
    return placed


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_listed_module_exists() -> None:
    listed = {name for _, names in LAYERS for name in names}
    assert sorted(listed - set(MODULES)) == []


def test_no_module_imports_a_later_layer() -> None:
    layers = layer_of()
    against = {}
    for name, path in MODULES.items():
        for imported in imports_of(path)[0]:
            if layers[imported] > layers[name]:
                against[(name, imported)] = (
                    f"{name} ({LAYERS[layers[name]][0]}) imports {imported} "
                    f"({LAYERS[layers[imported]][0]})"
                )
    unexpected = sorted(text for pair, text in against.items() if pair not in KNOWN_TANGLES)
    assert unexpected == []
    gone = sorted(set(KNOWN_TANGLES) - set(against))
    assert gone == [], f"fixed: remove {gone} from KNOWN_TANGLES"


def test_no_import_cycles() -> None:
    graph = {name: imports_of(path)[0] - {name} for name, path in MODULES.items()}
    # A package's __init__ importing nothing does not make its modules a cycle.
    cycles = []
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for nxt in sorted(graph.get(name, ())):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_only_the_mkdocs_layer_imports_mkdocs_or_material() -> None:
    layers = layer_of()
    mkdocs_layer = next(n for n, (title, _) in enumerate(LAYERS) if title == MKDOCS_LAYER)
    importing = sorted(
        name
        for name, path in MODULES.items()
        if imports_of(path)[1] & ENGINES and layers[name] != mkdocs_layer
    )
    assert importing == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from ..site import Site\n", {"site"}),
        ("from .. import crossref\n", {"crossref"}),
        ("from . import paths\n", {"exports.paths"}),
        ("from ..pdf_paths import DOWNLOADS\n", {"pdf_paths"}),
        ("from .paths import X\n", {"exports.paths"}),
        ("import generator.pages\n", {"pages"}),
        ("def f():\n    from generator.render import Renderer\n", {"render"}),
    ],
)
def test_imports_are_read_as_python_resolves_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, expected: set[str]
) -> None:
    """The reader itself: relative imports from inside exports/ resolve like Python's."""
    package = tmp_path / "generator"
    (package / "exports").mkdir(parents=True)
    for name in ("site.py", "crossref.py", "pdf_paths.py", "pages.py", "render.py"):
        (package / name).write_text("")
    (package / "exports" / "paths.py").write_text("")
    module = package / "exports" / "probe.py"
    module.write_text(source)
    monkeypatch.setattr(__import__(__name__), "PACKAGE", package)
    assert imports_of(module)[0] == expected
