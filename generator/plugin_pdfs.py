"""The PDFs of a build: laid out from mkdocs.yml's settings, written into the (partial) site
folder at the end, so a failed build publishes none."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from .exports.settings import PdfSettings, cache_folder, make_settings
from .mkdocs_errors import stop_with_message
from .pdf_paths import DOWNLOADS
from .plugin_config import SchoolNetConfig
from .project import Sources
from .site import Site
from .urls import published_form

log = get_plugin_logger(__name__)


def pdf_settings(
    config: MkDocsConfig, sources: Sources, name: str, templates: Path, options: SchoolNetConfig
) -> PdfSettings:
    """What the PDFs are laid out with: the site's name, address, nav, logo and templates."""
    return make_settings(
        sources,
        network_name=name,
        site_url=config.site_url,
        nav=config.nav,
        logo=config.theme.get("logo"),
        templates=templates,
        directory_urls=published_form(config.use_directory_urls, options.published_directory_urls),
        cache=cache_folder(sources.root, options.pdf_cache, members=options.members),
    )


def write_site_pdfs(site: Site, settings: PdfSettings, site_dir: str) -> None:
    """Write the PDFs into the site's downloads folder, and log what was written and any warning."""
    try:
        from .exports.pdf import missing_glyphs_note, write_pdfs
    except OSError as error:  # WeasyPrint loads Pango when imported.
        raise PluginError(
            f"PDFs need the Pango library ({error}); run ./dev build, which installs it, "
            "or set `pdf: false` under the schoolnet plugin in mkdocs.yml"
        ) from None
    with stop_with_message():
        written = write_pdfs(site, settings, Path(site_dir) / DOWNLOADS)
    for warning in written.warnings:
        log.warning(f"PDF {warning}")
    if written.missing_glyphs:
        log.info(missing_glyphs_note(written.missing_glyphs))
    kept = len(written.files) - len(written.laid_out)
    # A PDF kept by its data needs no HTML; one kept by its HTML (after a change to the
    # generator or its templates) was rendered to tell.
    rendered = written.rendered - len(written.laid_out)
    checked = f" ({rendered} of them by their HTML)" if rendered else ""
    log.info(
        f"{len(written.files)} PDFs ({sum(written.pages.values())} pages) in {DOWNLOADS}/: "
        f"{len(written.laid_out)} laid out, {kept} unchanged since the last build{checked}"
    )
