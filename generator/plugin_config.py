"""The options under `plugins: - schoolnet:` in mkdocs.yml, each with what its values do."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class SchoolNetConfig(Config):
    """Options under `plugins: - schoolnet:` in mkdocs.yml."""

    members = c.Type(bool, default=False)
    """false (default): the public site, without anything marked `public: false`.
    true: the members' site, with every record and recommendation."""

    members_folder = c.Optional(c.Type(str))
    """The members' folder, relative to mkdocs.yml: records and recommendations that only
    the members' build shows, with the same file names and fields as the public ones,
    normally a private repository checked out there (docs/members.md). Unset (default):
    none; the members' build shows the public files' `public: false` records. Set: the
    members' build merges the folder in and stops with a clear error when it is missing;
    the public build never reads it."""

    private_in_public = c.Choice(("allow", "refuse"), default="allow")
    """allow (default): records and recommendations may carry `public: false` in the
    public files. refuse: every `public: false` there is an error of `check` and the
    build, saying to move it to the members' folder, so a slip cannot put private data
    in the public repository."""

    network_name = c.Optional(c.Type(str))
    """The name on the home page; defaults to `site_name`."""

    templates = c.Optional(c.Type(str))
    """Folder of the Jinja templates for generated pages, relative to mkdocs.yml.
    Unset: the project's `site_templates/` if it has one, else the templates
    shipped with the generator."""

    fast_pages = c.Type(bool, default=True)
    """true (default): record pages of one folder are drawn from one pre-rendered
    theme shell (see generator/fast_path), byte-identical to the normal path
    and much faster at thousands of records; those without a Markdown body
    skip MkDocs' page events altogether and are written on all cores. Where
    the shell cannot be proven exact (a folder's probe pages differ, an
    unchecked MkDocs or Material version, another plugin with page events),
    pages take MkDocs' own pipeline by themselves and the log says why.
    false: every page through the full theme, always."""

    pdf_cache = c.Type(str, default=".cache/pdfs")
    """Folder, relative to mkdocs.yml, that keeps the last build's PDFs: a build
    lays out again only the PDFs whose input changed (records, bodies,
    templates, stylesheet, fonts, WeasyPrint's version, the build date where it
    shows) and copies the rest. The public and members' editions keep their
    own subfolders. An empty string keeps nothing: every PDF is laid out.
    The publish workflow restores and saves this folder between runs.
    """
    template_cache = c.Type(str, default=".cache/templates")
    """Folder, relative to mkdocs.yml, that keeps the theme's and the generator's
    templates compiled between builds (a second off each build). A template
    whose source changed is compiled again. An empty string keeps them in
    memory only, for the length of one `mkdocs build` or `mkdocs serve`.
    """
    map_tiles = c.Type(str, default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    """The base map's tiles, as a URL template with {z}, {x} and {y} (Leaflet's form).
    The maps fetch them only after a reader presses "Show map", so no page
    asks another site for anything unasked. The default is OpenStreetMap's
    standard tiles (see their tile usage policy); "" draws the schools on a
    plain background with no tiles at all."""

    map_attribution = c.Type(str, default="© OpenStreetMap contributors")
    """The credit the tiles' provider asks for, shown as plain text in the map's corner."""

    published_directory_urls = c.Optional(c.Type(bool))
    """The form of the published site's page addresses, for every absolute address the
    build writes: links inside the PDFs, sitemap.xml, the calendars' URL fields,
    JSON-LD and the open data's `url` columns. Unset (default): the same as
    `use_directory_urls`. Set it where `use_directory_urls` changes for a build
    that is not published as such: `./dev build --preview` writes `schools/x.html`
    so the preview opens from disk, while the site it previews serves
    `schools/x/` (mkdocs.yml sets `true`). Links between the preview's own pages
    stay relative file links either way."""

    pdf = c.Optional(c.Type(bool))
    """Write the PDFs (a handbook, a pack per network, a file per policy) into
    `downloads/` and link every page to the PDF that holds it. Unset: on for
    `mkdocs build` and `gh-deploy`, off under `mkdocs serve` for quick
    previews. true or false: always on or off."""

    cms = c.Type(bool, default=False)
    """true: publish the browser editor (Sveltia CMS) at `/admin/`, with a form
    for each kind of record generated from the models. It signs in to the
    GitHub repository that `repo_url` names and proposes every change as a pull
    request; it asks GitHub for nothing until someone signs in. false
    (default): no `/admin/` at all."""

    cms_auth_url = c.Type(str, default="")
    """The address of the OAuth client that signs people in to GitHub for the
    editor's "Sign In with GitHub" (Sveltia CMS's `base_url`), e.g. a deployed
    sveltia-cms-auth worker. Empty (default): people sign in with a GitHub
    access token of their own instead (see README, "Editing in the browser")."""
