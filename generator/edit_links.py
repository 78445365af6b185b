"""Where a reader can correct a record: GitHub's editor on its own line, or an issue form.

Every record page offers "Suggest a correction" (the record kind's issue
form, `.github/ISSUE_TEMPLATE/<kind>.yml`, prefilled with the record's id
and a title) and "Edit this record" (the web editor on the record's first
line in its YAML file, and on its body file in `content/` when it has
one). Both come from mkdocs.yml's `repo_url` and `edit_uri`, read by the
plugin and handed here as plain text:

- `edit_uri` is relative to `docs_dir` (MkDocs' rule), and the record files
  sit beside mkdocs.yml, so the edit address of a record file is `edit_uri`
  with the `docs_dir` part taken off its end: `edit/main/content/` gives
  `edit/main/` + `schools.yaml`. When `edit_uri` does not end with the
  `docs_dir` (MkDocs' own default for GitHub, `edit/master/docs/`, with
  `docs_dir: content`), or is empty, there is no edit link.
- The edit address ends in `#L<line>`, the line of the record's first key:
  GitHub's editor was reported to put the cursor on that line
  (isaacs/github#295, 2017; not checked here against today's editor, which
  needs a signed-in browser). Whatever the editor does with it, the page
  names the file and line beside the link.
- The issue form is GitHub's (`issues/new?template=...`): without a GitHub
  `repo_url` there is no suggestion link.

Only the files a public repository holds are linked to: the five root
record files and the body files under `docs_dir`. A record read from
anywhere else (a members' folder from another repository) gets no edit
link, and a record marked `public: false` (only the members' build has
one) gets no suggestion link, since an issue in a public tracker would
publish what the record holds. Every value put into an address is
percent-encoded: names are contributors' text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urljoin, urlsplit

from .models import KINDS
from .site import Body

ISSUE_FORMS = ".github/ISSUE_TEMPLATE"
"""Where the issue forms live; each kind's is `<kind>.yml`, with an input whose id is `id`."""


@dataclass(frozen=True)
class Repository:
    """The addresses records are edited and corrected at, or "" where there are none."""

    edit_root: str = ""
    """The edit address of the folder holding mkdocs.yml, ending in "/", or ""."""
    issues: str = ""
    """The new-issue address of a GitHub repository, or ""."""
    content_dir: str = "content"
    """`docs_dir`, relative to mkdocs.yml: body files under it may be linked to."""

    def __bool__(self) -> bool:
        return bool(self.edit_root or self.issues)


@dataclass(frozen=True)
class EditLink:
    """One "Edit ..." link: its text, its address, and which file (and line) it opens."""

    text: str
    url: str
    where: str


@dataclass(frozen=True)
class RecordLinks:
    """A record page's edit and suggestion links; either may be absent, never both."""

    edits: tuple[EditLink, ...]
    suggest: str


@dataclass(frozen=True)
class DirectoryLinks:
    """A directory's "Suggest a new ..." form and its record file in the editor."""

    noun: str
    suggest: str
    edit: str
    file: str


def repository(
    repo_url: str | None,
    edit_uri: str | None,
    docs_dir: str,
    edit_uri_template: str | None = None,
) -> tuple[Repository, str]:
    """The repository's addresses from mkdocs.yml, and why edit links are off ("" if on).

    `docs_dir` is relative to mkdocs.yml. An `edit_uri_template` that ends
    with `{path}` counts as the `edit_uri` before it; any other template
    leaves edit links off, as their addresses could not be told.
    """
    content_dir = docs_dir.strip("/") or "."
    if not repo_url and not (edit_uri and urlsplit(edit_uri).scheme):
        return Repository(content_dir=content_dir), ""
    base = (repo_url or "").rstrip("/") + "/"
    issues = ""
    if repo_url and "github" in urlsplit(repo_url).netloc.lower():
        issues = base + "issues/new"
    uri = edit_uri or ""
    if edit_uri_template:
        if not edit_uri_template.endswith("{path}"):
            why = "edit_uri_template does not end with {path}"
            return Repository("", issues, content_dir), why
        uri = edit_uri_template.removesuffix("{path}")
    if not uri:
        return Repository("", issues, content_dir), ""
    uri = uri if uri.endswith("/") else uri + "/"
    suffix = "" if content_dir == "." else content_dir + "/"
    if not uri.endswith(suffix):
        why = (
            f"edit_uri '{uri}' does not end with the docs_dir '{suffix}', so the record "
            f"files' edit address is unknown; set edit_uri to e.g. 'edit/main/{suffix}'"
        )
        return Repository("", issues, content_dir), why
    root = urljoin(base, uri[: len(uri) - len(suffix)])
    return Repository(root, issues, content_dir), ""


def _edit_url(repo: Repository, file: str, line: int | None = None) -> str:
    fragment = f"#L{line}" if line else ""
    return repo.edit_root + quote(file) + fragment


def record_links(repo: Repository, record: Any, body: Body | None) -> RecordLinks | None:
    """A record's "Edit this record" and "Suggest a correction" links, or None for neither."""
    if not repo:
        return None
    kind = KINDS[record.record_kind]
    edits: list[EditLink] = []
    pos = record.where.get("")
    if repo.edit_root and pos is not None and pos.file == kind.filename:
        details = "Edit details" if body is not None else "Edit this record"
        where = f"{kind.filename}, line {pos.line}"
        edits.append(EditLink(details, _edit_url(repo, pos.file, pos.line), where))
    if repo.edit_root and body is not None and body.file.startswith(repo.content_dir + "/"):
        edits.append(EditLink("Edit text", _edit_url(repo, body.file), body.file))
    suggest = ""
    if repo.issues and record.public:
        query = {
            "template": f"{kind.name}.yml",
            "id": record.id,
            "title": f"Correct {kind.name}: {record.title}",
        }
        suggest = repo.issues + "?" + urlencode(query, quote_via=quote)
    if not edits and not suggest:
        return None
    return RecordLinks(tuple(edits), suggest)


def directory_links(repo: Repository, kind_name: str) -> DirectoryLinks | None:
    """A directory's "Suggest a new <kind>" and "Edit <file>" links, or None for neither."""
    if not repo:
        return None
    kind = KINDS[kind_name]
    suggest = ""
    if repo.issues:
        suggest = repo.issues + "?" + urlencode({"template": f"{kind.name}.yml"}, quote_via=quote)
    edit = _edit_url(repo, kind.filename) if repo.edit_root else ""
    if not suggest and not edit:
        return None
    return DirectoryLinks(kind.name, suggest, edit, kind.filename)
