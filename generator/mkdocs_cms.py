"""The browser editor's files at /admin/, handed to MkDocs when `cms: true`.

MkDocs-facing glue only: what the files hold is `cms_config`'s. They are
plain files, not pages, so they stay out of the navigation, the search index
and the sitemap.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from .cms_config import (
    ADMIN,
    COPIED,
    SCRIPT,
    VENDORED,
    UnknownEditorRelease,
    cms_config,
    config_yaml,
    github_repository,
    index_html,
    local_fonts,
)
from .render import SHIPPED_TEMPLATES


def add_cms(files: Files, config: MkDocsConfig, auth_url: str) -> None:
    """List /admin/index.html, its config.yml, the editor's script, fonts and licences."""
    repository = github_repository(config.repo_url, config.edit_uri)
    if repository is None:
        raise PluginError(
            f"{config.config_file_path}: cms: true needs the GitHub repository to edit; "
            f"add repo_url: https://github.com/OWNER/NAME (got {config.repo_url!r}), "
            "or set cms: false"
        )
    generated = cms_config(repository, site_url=config.site_url or "", auth_url=auth_url)
    files.append(File.generated(config, f"{ADMIN}/index.html", content=index_html()))
    files.append(File.generated(config, f"{ADMIN}/config.yml", content=config_yaml(generated)))
    # Always the generator's own copy: the editor is not a template a project overrides.
    folder = SHIPPED_TEMPLATES / VENDORED
    try:
        script = local_fonts((folder / SCRIPT).read_text(encoding="utf-8"))
    except UnknownEditorRelease as stale:
        raise PluginError(str(stale)) from None
    files.append(File.generated(config, f"{ADMIN}/{SCRIPT}", content=script))
    for name in COPIED:
        files.append(File.generated(config, f"{ADMIN}/{name}", abs_src_path=str(folder / name)))
