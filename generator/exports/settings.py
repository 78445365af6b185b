"""What a PDF export needs to know besides the model: names, URLs, templates, guidance pages.

The plugin fills these in from MkDocs' validated config; the command line
reads the same few keys from mkdocs.yml itself (without importing MkDocs).
Either way the exporter gets plain data, never a config object.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from ..loader import read_text
from ..markdown_source import split_front_matter
from ..models import KINDS
from ..project import Sources, markdown_files
from ..render import SHIPPED_TEMPLATES, template_folder
from ..urls import published_form
from .markdown_html import split_title

COMPACT_OVER = 150
"""More schools than this and the handbook lists them in one table instead of a block each."""


@dataclass(frozen=True)
class GuidePage:
    """A guidance page from the content folder, in reading order."""

    src: str
    """Relative to the content folder, e.g. 'guidance/joining.md'."""
    title: str
    text: str
    """The Markdown, without its YAML front matter and leading `# Title` line."""
    group: str | None = None
    """The navigation section it sits in, e.g. 'Guidance'."""


@dataclass(frozen=True)
class PdfSettings:
    """Everything about a project that the PDFs show, other than the records."""

    network_name: str
    content_dir: Path
    site_url: str | None = None
    template_dirs: tuple[Path, ...] = (SHIPPED_TEMPLATES,)
    guides: tuple[GuidePage, ...] = ()
    logo: Path | None = None
    version: str = ""
    directory_urls: bool = True
    """The published site's page form, for the PDFs' links to it (`published_directory_urls`)."""
    compact_over: int = COMPACT_OVER
    workers: int = 0
    """Processes for writing PDFs; 0 picks one per CPU (at most 4) when there are several PDFs."""
    cache: Path | None = None
    """Folder that keeps the last build's PDFs for reuse (see pdf_cache); None lays out all."""


def generator_version() -> str:
    """The installed generator's version, printed on the cover so a reader can tell editions."""
    try:
        return metadata.version("schoolnet-generator")
    except metadata.PackageNotFoundError:
        return "unknown"


def nav_sources(nav: Any) -> Iterator[tuple[str | None, str | None, str]]:
    """(group, title, source path) for each page of an mkdocs.yml `nav`, in reading order."""

    def walk(items: Any, group: str | None) -> Iterator[tuple[str | None, str | None, str]]:
        if isinstance(items, str):
            yield group, None, items
            return
        if isinstance(items, dict):
            for title, value in items.items():
                if isinstance(value, str):
                    yield group, str(title), value
                else:
                    yield from walk(value, str(title))
            return
        if isinstance(items, list):
            for item in items:
                yield from walk(item, group)

    yield from walk(nav or [], None)


def _is_guide(src: str) -> bool:
    """Guidance is every page except the home intro and record bodies and directory intros."""
    return src != "index.md" and src.split("/", 1)[0] not in {k.plural for k in KINDS.values()}


def guide_pages(sources: Sources, nav: Any) -> tuple[GuidePage, ...]:
    """The guidance pages: in `nav` order when there is one, then any others sorted by path."""
    found: dict[str, Path] = {}
    for path in markdown_files(sources):
        src = path.relative_to(sources.content).as_posix()
        if _is_guide(src):
            found[src] = path
    ordered: list[tuple[str | None, str | None, str]] = [
        entry for entry in nav_sources(nav) if entry[2] in found
    ]
    listed = {src for _, _, src in ordered}
    ordered += [(None, None, src) for src in sorted(found) if src not in listed]
    pages = []
    seen = set()
    for group, nav_title, src in ordered:
        if src in seen:
            continue
        seen.add(src)
        text, _ = read_text(found[src], sources.rel(found[src]))
        meta, markdown = split_front_matter(text or "")  # The page leaves it out too.
        heading, rest = split_title(markdown)
        fallback = Path(src).stem.replace("-", " ").replace("_", " ").capitalize()
        meta_title = meta.get("title") if isinstance(meta.get("title"), str) else None
        title = heading or nav_title or meta_title or fallback
        pages.append(GuidePage(src, title, rest, group))
    return tuple(pages)


def logo_path(content_dir: Path, logo: Any) -> Path | None:
    """The theme's logo (a path in the content folder) when it is a local image file."""
    if not isinstance(logo, str) or "://" in logo:
        return None
    path = (content_dir / logo).resolve()
    return path if path.is_file() else None


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as data: `!ENV` is resolved, other tags (e.g. !!python/name) become None."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(loader.construct_scalar(node)))
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else []
    for name in names[:-1]:
        if str(name) in os.environ:
            return yaml.safe_load(os.environ[str(name)])
    return names[-1] if names else None


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, s, node: None)


def read_mkdocs_yml(root: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data, or {} when the project has none."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return data if isinstance(data, dict) else {}


def plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    """The `schoolnet` plugin's options from mkdocs.yml data."""
    for item in config.get("plugins") or []:
        if isinstance(item, dict) and "schoolnet" in item:
            options = item["schoolnet"]
            return options if isinstance(options, dict) else {}
    return {}


def make_settings(
    sources: Sources,
    *,
    network_name: str,
    site_url: str | None,
    nav: Any,
    logo: Any,
    templates: Path,
    directory_urls: bool = True,
    workers: int = 0,
    cache: Path | None = None,
) -> PdfSettings:
    """Settings from plain values, as both the plugin and the command line have them.

    `templates` is the project's template folder; print templates it lacks
    come from the shipped ones, so an older custom folder still makes PDFs.
    """
    own = templates.resolve()
    dirs = (own,) if own == SHIPPED_TEMPLATES.resolve() else (own, SHIPPED_TEMPLATES)
    return PdfSettings(
        network_name=network_name,
        content_dir=sources.content,
        site_url=site_url or None,
        template_dirs=dirs,
        guides=guide_pages(sources, nav),
        logo=logo_path(sources.content, logo),
        version=generator_version(),
        directory_urls=directory_urls,
        workers=workers,
        cache=cache,
    )


def cache_folder(root: Path, option: str, *, members: bool) -> Path | None:
    """Where an edition keeps its PDFs between builds: `option` under the project, or None.

    Each edition has its own subfolder, so building the members' site does
    not throw away the public site's PDFs (a build keeps only what it used).
    """
    if not option.strip():
        return None
    return root / option / ("members" if members else "public")


def settings_for_project(root: Path, *, workers: int = 0) -> tuple[PdfSettings, Sources, bool]:
    """PDF settings, sources and the `members` option of a project, read from its mkdocs.yml.

    For the command line, which does not run MkDocs; the plugin builds the
    same settings from MkDocs' own config.
    """
    config = read_mkdocs_yml(root)
    options = plugin_options(config)
    content_dir = str(config.get("docs_dir") or "content")
    folder = options.get("members_folder")
    sources = Sources(
        root.resolve(), content_dir, folder if isinstance(folder, str) and folder else None
    )
    theme = config.get("theme")
    written = config.get("use_directory_urls", True) is not False
    published = options.get("published_directory_urls")
    settings = make_settings(
        sources,
        network_name=str(options.get("network_name") or config.get("site_name") or "Schools"),
        site_url=config.get("site_url"),
        nav=config.get("nav"),
        logo=theme.get("logo") if isinstance(theme, dict) else None,
        templates=template_folder(root, options.get("templates")),
        directory_urls=published_form(written, published if isinstance(published, bool) else None),
        workers=workers,
    )
    return settings, sources, options.get("members") is True
