"""The files the plugin hands MkDocs: what it found in the content folder, checked, and the
generated pages and files added.

MkDocs-facing by nature; the plugin calls it from on_files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from .edit_links import Repository, repository
from .exports.static import is_page_data
from .fast_path.borrowed import WrittenFile
from .files import refuse_paths
from .models import KINDS
from .pages import PageSpec, collisions
from .positions import ProblemsFound
from .project import Sources
from .render import SHIPPED_TEMPLATES

ASSETS = (
    "assets/schoolnet.css",
    "assets/record-search.js",
    "assets/directory.js",
    "assets/map.js",
    "assets/keyboard.js",
)
"""The generator's stylesheet and scripts, from the templates folder, on every page;
record-search.js before directory.js, which uses its matcher."""
VENDORED = (
    "assets/vendor/leaflet/leaflet.js",
    "assets/vendor/leaflet/leaflet.css",
    "assets/vendor/leaflet/LICENSE",
    "assets/vendor/markercluster/leaflet.markercluster.js",
    "assets/vendor/markercluster/MarkerCluster.css",
    "assets/vendor/markercluster/MarkerCluster.Default.css",
    "assets/vendor/markercluster/MIT-LICENCE.txt",
)
"""The map library (scripts/vendor.py), copied into the site but loaded only when a reader
opens a map: map.js adds it to the page then."""


def sources_of(config: MkDocsConfig) -> Sources:
    """Where the project's files are: beside mkdocs.yml, and its content folder.

    The content folder as written, not resolved: one that is a link, or
    outside the project, is refused later.
    """
    root = Path(config.config_file_path).resolve().parent
    folder = os.path.dirname(os.path.abspath(config.config_file_path))
    content_dir = os.path.relpath(os.path.abspath(config.docs_dir), folder)
    return Sources(root, Path(content_dir).as_posix())


def repository_of(config: MkDocsConfig, sources: Sources) -> tuple[Repository, str]:
    """mkdocs.yml's repository settings, for the records' edit and suggestion links.

    Returns the addresses and, when edit links are off for a reason the
    settings could fix, that reason for the log.
    """
    return repository(
        config.repo_url, config.edit_uri, sources.content_dir, config.edit_uri_template
    )


def add_assets(config: MkDocsConfig) -> None:
    """Have the theme link the generator's stylesheet and scripts, once."""
    for asset in ASSETS:
        extra = config.extra_css if asset.endswith(".css") else config.extra_javascript
        if asset not in map(str, extra):
            extra.append(asset)


def list_assets(files: Files, config: MkDocsConfig, templates: Path) -> None:
    """List the stylesheet and scripts for MkDocs to copy from the templates folder."""
    for asset in ASSETS + VENDORED:
        # A project's own templates folder may lack the map library: take the shipped one.
        source = templates / asset if (templates / asset).is_file() else SHIPPED_TEMPLATES / asset
        files.append(File.generated(config, asset, abs_src_path=str(source)))


def check_found(
    files: Files, specs: Iterable[PageSpec], sources: Sources, config: MkDocsConfig
) -> None:
    """Refuse files reached through links, take record bodies out (their generated pages hold
    them), and refuse a content page that clashes with a generated one."""
    refused = refuse_paths(sources.root, _content_files(files, sources, config))
    if refused:  # MkDocs follows links when it lists the content folder.
        raise PluginError(ProblemsFound(refused).report())
    for file in list(files):
        if file.is_documentation_page() and _is_body(file.src_uri):
            files.remove(file)
    content_pages = [f.src_uri for f in files if f.is_documentation_page()]
    problems = collisions(
        list(specs), content_pages, config.use_directory_urls, sources.content_dir
    )
    if problems:
        raise PluginError(ProblemsFound(problems).report())


def add_written(files: Files, downloads: list[str], sources: Sources, config: MkDocsConfig) -> None:
    """List the downloads the generator writes, refusing a content file in a place it keeps."""
    for file in files:
        if is_page_data(file.src_uri):
            raise PluginError(
                f"{sources.content_dir}/{file.src_uri}: this place is kept for the "
                "site's search index and directory data; rename or move the file"
            )
    for path in downloads:
        if files.get_file_from_path(path) is not None:
            raise PluginError(
                f"{sources.content_dir}/{path}: this file would replace the generated "
                f"download {path}; rename or move it"
            )
        files.append(WrittenFile(config, path))


def generated_page(spec: PageSpec, config: MkDocsConfig) -> File:
    """The file MkDocs renders for a generated page (its Markdown body, if it has one).

    Directories join an automatic nav; with a nav written in mkdocs.yml the
    site owner chooses, and leaving one out is not a warning.
    """
    auto_nav = spec.in_nav and config.nav is None
    inclusion = InclusionLevel.UNDEFINED if auto_nav else InclusionLevel.NOT_IN_NAV
    content = spec.body.text if spec.body else ""
    return File.generated(config, spec.src, content=content, inclusion=inclusion)


def _content_files(files: Files, sources: Sources, config: MkDocsConfig) -> list[str]:
    """The project-relative paths of the files MkDocs found in the content folder."""
    docs_dir = os.path.abspath(config.docs_dir)
    return [
        f"{sources.content_dir}/{file.src_uri}"
        for file in files
        if file.abs_src_path and os.path.abspath(file.src_dir or "") == docs_dir
    ]


def _is_body(src_uri: str) -> bool:
    """Record bodies and the home intro belong to generated pages, not to the nav."""
    if src_uri == "index.md":
        return True
    folder = src_uri.split("/", 1)[0]
    return "/" in src_uri and folder in {kind.plural for kind in KINDS.values()}
