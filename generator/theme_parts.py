"""What the generator changes in the theme: no web fonts, its own overrides, the build date.

Material for MkDocs asks fonts.googleapis.com for Roboto on every page
unless `theme.font` is `false`: each visit would hand the reader's address
to a third party. The site uses the reader's own system fonts instead
(`--md-text-font-family` in `assets/schoolnet.css`), so the plugin turns
the web fonts off whatever mkdocs.yml says, and warns when it says
otherwise (a strict build then fails), so a network's config cannot bring
them back unnoticed.

The theme overrides (`site_templates/theme/`) add a skip link to the pages
Material gives none (it links to the first heading of a page's table of
contents, and generated pages have none) and the build date to the
footer: "upcoming" and "due for review" are relative to it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from .dates import long_date
from .render import SHIPPED_TEMPLATES

log = get_plugin_logger(__name__)

OVERRIDES = "theme"
"""The folder, inside the templates folder, of the templates that override the theme's."""


def no_web_fonts(config: MkDocsConfig) -> None:
    """Turn Material's Google Fonts off; warn when mkdocs.yml asked for them.

    Material's own default (Roboto) counts as asking: without `font: false`
    every page links fonts.googleapis.com and preconnects fonts.gstatic.com.
    """
    if config.theme.name != "material":
        return
    if config.theme.get("font") is not False:
        log.warning(
            "mkdocs.yml: theme.font would have every page load fonts from Google "
            "(fonts.googleapis.com), handing each reader's address to a third party; "
            "the site uses the reader's system fonts instead. Add `font: false` under "
            "`theme:` (to use other fonts, serve them from the site: extra_css)"
        )
    config.theme["font"] = False


def overrides_folder(templates: Path) -> Path:
    """The theme overrides: the project's templates folder's own, else the shipped ones."""
    own = templates / OVERRIDES
    return own if own.is_dir() else SHIPPED_TEMPLATES / OVERRIDES


def add_overrides(config: MkDocsConfig, templates: Path) -> None:
    """Put the overrides before the theme's templates, after the site's own `custom_dir`.

    A `custom_dir` stays first, so a site owner's override still wins.
    """
    folder = str(overrides_folder(templates))
    dirs = config.theme.dirs
    if folder in dirs or config.theme.name != "material":
        return
    dirs.insert(1 if config.theme.custom_dir else 0, folder)


def add_build_date(env: Any, today: date) -> None:
    """Give the theme's templates the build date, for the footer of every page."""
    env.globals["schoolnet_build_date"] = {"iso": today.isoformat(), "text": long_date(today)}
