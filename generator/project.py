"""Load a whole project: the record files, the Markdown bodies and the links.

This is the one entry point from files to model: read → parse records →
cross-check → attach bodies → keep what the audience may see → check record
links in Markdown. It collects every problem and raises `ProblemsFound`
once, so a contributor sees all of them in one run.
"""

from __future__ import annotations

import gc
from bisect import bisect_left
from collections.abc import Container, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import crossref
from .files import Walked, refuse_file, walk
from .links import check_links, rewrite_links
from .loader import parse_yaml, read_text
from .markdown_source import FRONT_MATTER_RE, unix_lines
from .members import (
    MembersFiles,
    broken_ids,
    members_positions,
    merge,
    misplaced,
    missing_folder,
    private_in_public,
    read_members,
)
from .models import KINDS, Kind
from .positions import Pos, Problem, ProblemsFound
from .record_files import KeptPieces, Reading, start_reading
from .rules import SLUG_RE, article, did_you_mean
from .sanitize import refused_markup
from .site import Body, Site, make_site

RECORD_SCHEMES = frozenset(KINDS)
"""`school:`, `network:`, ...: record links, which become page links before rendering."""
HOME = ("home", "index")
"""The body key of the home page's intro, `content/index.md`."""
MARKDOWN = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
"""The files MkDocs reads as Markdown pages (its `utils.markdown_extensions`)."""


@dataclass(frozen=True)
class Sources:
    """Where a project keeps its files."""

    root: Path
    content_dir: str = "content"
    members_dir: str | None = None
    """The members' folder (generator/members.py), relative to root; None: the project has
    none, and its members' build is the public files with their `public: false` records."""

    @property
    def content(self) -> Path:
        """The folder of Markdown pages."""
        return self.root / self.content_dir

    def rel(self, path: Path) -> str:
        """A path as messages show it: relative to the project, with slashes."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def watched(self) -> list[Path]:
        """The record files, whose edits should trigger a rebuild."""
        folders = [self.root] + ([self.root / self.members_dir] if self.members_dir else [])
        return [folder / kind.filename for folder in folders for kind in KINDS.values()]

    def members_content(self) -> Sources:
        """The members' folder's bodies, as Sources whose content folder is theirs."""
        assert self.members_dir is not None
        return Sources(self.root, f"{self.members_dir}/{self.content_dir}")


class AnyId(Container[str]):
    """Stands for every id of a kind whose file could not be read: `in` is always true.

    Not a set: set operations would quietly drop the "every" (`set(ids) |
    AnyId()` is a plain set of `ids`, which made each body file of a kind
    whose file had a syntax error "a body file without a record"). As a mere
    Container it offers `in` and nothing else, so mypy refuses any other use.
    """

    def __contains__(self, item: object) -> bool:
        return True


Broken = Mapping[str, Container[str]]
"""By kind, the ids whose records are too broken to build (already reported), or AnyId."""


def load_records(
    sources: Sources,
) -> tuple[dict[str, list[Any]], dict[str, Container[str]], list[Problem]]:
    """Read and check every public record file, including its private records.

    Returns the records that could be built, the ids of those too broken to
    build (already reported, so references to them are not errors again),
    and the problems.
    """
    records, broken, problems = read_records(sources)
    problems += crossref.check_all(records, broken)
    return records, broken, problems


def read_records(
    sources: Sources, kept: KeptPieces | None = None
) -> tuple[dict[str, list[Any]], dict[str, Container[str]], list[Problem]]:
    """Read every public record file and check each record's fields (not across records).

    `kept`: a live preview's pieces of the last rebuild, reused where unchanged.
    """
    if kept is not None:
        kept.parsed = 0
    records: dict[str, list[Any]] = {}
    broken: dict[str, Container[str]] = {}
    problems: list[Problem] = []
    reads: dict[str, Reading] = {}
    for name, kind in KINDS.items():
        refused = refuse_record_file(sources, kind)
        if refused is None:
            # Large files start their second half on another core first.
            reads[name] = start_reading(kind, sources.root / kind.filename, kept)
            continue
        problems.append(refused)
        records[name], broken[name] = [], AnyId()
    # The small files are read while the large ones' halves are under way.
    for name in sorted(reads, key=lambda name: reads[name].size):
        parsed, found, unreadable = reads[name].finish()
        problems += found
        # When a file cannot be read at all, references to its records are
        # not reported as unknown: the file's own problem is the one to fix.
        broken[name] = AnyId() if unreadable else parsed.broken_ids
        problems += parsed.problems
        records[name] = parsed.records
    records = {name: records[name] for name in KINDS}
    broken = {name: broken[name] for name in KINDS}
    return records, broken, problems


def refuse_record_file(sources: Sources, kind: Kind) -> Problem | None:
    """Why a kind's record file cannot be read: missing, a link, a folder; None when it can.

    Every kind's file is required, for a missing one would make each
    reference to its records an error: one clear problem instead. A project
    without any records of a kind keeps an empty file (or `[]`).
    """
    refused = refuse_file(sources.root, kind.filename)
    if refused is None and not (sources.root / kind.filename).exists():
        return Problem(
            Pos(kind.filename),
            "",
            f"the file is missing; put it back, or if there are no {kind.plural} yet, "
            "create it empty",
        )
    return refused


def read_markdown(sources: Sources, content: Walked) -> tuple[dict[Path, str], list[Problem]]:
    """The text of every Markdown file among the content files, guidance pages and bodies alike.

    MkDocs reads each of them too, and fails with a traceback on a byte that
    is not UTF-8; here that byte is a problem at its line and column instead.
    """
    texts: dict[Path, str] = {}
    problems: list[Problem] = []
    for path in content.files:
        if path.suffix in MARKDOWN:
            text, found = read_text(path, sources.rel(path))
            problems += found
            if text is not None:
                texts[path] = text
                problems += front_matter_problems(text, sources.rel(path))
    return texts, problems


def front_matter_problems(text: str, file: str) -> list[Problem]:
    """What is wrong with a page's YAML front matter, read as safely as the record files.

    MkDocs reads front matter with libyaml's C loader, whose composer
    recurses: front matter nested thousands deep would crash the build (or
    the PDFs' reader) with no message. Read here first with the project's
    own loader (bounded depth, size and aliases), a problem stops `check`
    and the build at the front matter's line instead.
    """
    found = FRONT_MATTER_RE.match(unix_lines(text))
    if found is None:
        return []
    # The front matter's text starts on the file's second line.
    return parse_yaml(found.group(1), file, line_offset=1)[1]


def load_bodies(
    sources: Sources,
    content: Walked,
    texts: dict[Path, str],
    records: dict[str, list[Any]],
    broken: Broken,
) -> tuple[dict[tuple[str, str], Body], list[Problem]]:
    """Find `content/<kind>/<id>.md` bodies, and the home page's intro, among the content files.

    `texts` holds the Markdown files that could be read (see read_markdown).
    Each body must belong to a record; a body whose record is too broken to
    build (or whose kind's file is unreadable) is not reported again.
    """
    bodies: dict[tuple[str, str], Body] = {}
    problems: list[Problem] = []
    folders = {kind.plural: name for name, kind in KINDS.items()}
    ids = {name: sorted(r.id for r in records[name]) for name in KINDS}
    for path in content.files:
        parts = path.relative_to(sources.content).parts
        if parts == ("index.md",):
            if path in texts:
                bodies[HOME] = Body(texts[path], sources.rel(path))
        elif parts[0] in folders and len(parts) > 1:
            name = folders[parts[0]]
            known = (ids[name], broken.get(name, ()))
            body, found = _load_body(sources, path, texts.get(path), name, known)
            problems += found
            if body is not None:
                bodies[(name, path.stem)] = body
    return bodies, problems


def _load_body(
    sources: Sources,
    path: Path,
    text: str | None,
    name: str,
    known: tuple[list[str], Container[str]],
) -> tuple[Body | None, list[Problem]]:
    """One file in a kind's body folder: its record's body, or why not.

    `text`: None when the file is no Markdown or not UTF-8 (reported already);
    `known`: the kind's ids, sorted, and those of records too broken to build.
    """
    kind = KINDS[name]
    ids, unbuilt = known
    file = sources.rel(path)
    record_id = path.stem
    if path.suffix != ".md" or path.parent != sources.content / kind.plural:
        return None, [_stray(file, kind.plural)]
    if not (SLUG_RE.match(record_id) or record_id == "index"):
        return None, [_stray(file, kind.plural)]
    at = bisect_left(ids, record_id)
    built = at < len(ids) and ids[at] == record_id
    if record_id != "index" and not built and record_id not in unbuilt:
        return None, [
            Problem(
                Pos(file),
                f"{name} '{record_id}'",
                f"this body file has no record in {kind.filename}"
                f"{did_you_mean(record_id, ids)}; add {article(name)} {name} with id "
                f"'{record_id}' or rename or remove the file",
            )
        ]
    if text is None:
        return None, []
    if text.startswith("---"):
        return None, [
            Problem(
                Pos(file),
                f"{name} '{record_id}'",
                f"a body file takes no front matter; put fields in {kind.filename} "
                "and start the file with the text",
            )
        ]
    return Body(text, file), []


def _stray(file: str, plural: str) -> Problem:
    return Problem(
        Pos(file),
        "",
        f"content/{plural}/ holds only record bodies named <id>.md; "
        "move this file elsewhere in content/ or rename it to a record's id",
    )


def markdown_files(sources: Sources) -> list[Path]:
    """Every `.md` page in the content folder, sorted (none reached through a link): the
    guidance the PDFs hold. (MkDocs reads the other MARKDOWN suffixes too; the check reads
    them all, see read_markdown.)"""
    return [p for p in walk(sources.root, sources.content_dir).files if p.suffix == ".md"]


def _published(
    sources: Sources, site: Site, texts: Mapping[Path, str]
) -> Iterator[tuple[Path, str, str]]:
    """The Markdown files this build publishes: (path, path as messages show it, text).

    A body of a record the build leaves out is not published, so its links
    and markup are not this audience's concern.
    """
    shown = {kind: site.records_of(kind) for kind in KINDS}
    for path, text in sorted(texts.items()):
        file = sources.rel(path)
        if site.members or not _is_private_body(file, sources, shown):
            yield path, file, text


def check_record_links(
    sources: Sources, site: Site, texts: Mapping[Path, str], broken: Broken | None = None
) -> list[Problem]:
    """Record links in every Markdown file (`texts`, see read_markdown) point at records
    this build shows."""
    broken = broken or {}
    shown = {kind: site.records_of(kind) for kind in KINDS}
    problems = []
    for _path, file, text in _published(sources, site, texts):
        problems += check_links(
            text,
            file,
            known=lambda kind, record_id: (
                record_id in shown[kind] or record_id in broken.get(kind, set())
            ),
            ids=lambda kind: sorted(shown[kind]),
        )
    return problems


def check_markup(
    sources: Sources, site: Site, markup: Mapping[Path, list[Problem]]
) -> list[Problem]:
    """What the sanitiser would remove from the Markdown files this build publishes.

    Without this, a `<script>` or a comment would vanish silently from the
    site; with it, the pull request's check says where it is and why.
    `markup` holds each file's problems, found once for both audiences.
    """
    published = _published(sources, site, {path: "" for path in markup})
    return [problem for path, _file, _text in published for problem in markup[path]]


def find_markup(
    sources: Sources, texts: Mapping[Path, str], unreadable: Container[str] = ()
) -> dict[Path, list[Problem]]:
    """Each Markdown file's refused markup (see markup_problems), whoever the audience.

    `unreadable`: files (as messages name them) that read_markdown found a
    problem in, such as front matter that cannot be read. They are left out:
    their own problem is the one to fix, and read as Markdown the broken
    front matter would only add problems that are not.
    """
    return {
        path: markup_problems(
            text,
            sources.rel(path),
            path.relative_to(sources.content).as_posix(),
            _subject(sources.rel(path), sources),
        )
        for path, text in texts.items()
        if sources.rel(path) not in unreadable
    }


def markup_problems(text: str, file: str, src: str, subject: str = "") -> list[Problem]:
    """What the sanitiser would remove from one Markdown file (`src`: its path in content/).

    Record links are rewritten first, as the site does, so `school:x` is a
    link to a page and not an unknown scheme.
    """
    return refused_markup(
        text,
        file,
        subject,
        also_allowed=RECORD_SCHEMES,
        prepare=lambda markdown: rewrite_links(markdown, src),
    )


def _subject(file: str, sources: Sources) -> str:
    """The record a body file belongs to, as messages name it; '' for a guidance page."""
    owner = body_owner(file, sources.content_dir)
    if owner is None or owner[1] == "index":
        return ""
    return f"{owner[0]} '{owner[1]}'"


def body_owner(file: str, content_dir: str) -> tuple[str, str] | None:
    """The (kind, id) whose body a file under `content/<kind plural>/` is, else None.

    The id is the file's name without `.md` ("index" for a directory's
    introduction); it need not name a record. Deciding which files are
    private reads this, so that no body of a private record is published or
    named.
    """
    for name, kind in KINDS.items():
        prefix = f"{content_dir}/{kind.plural}/"
        if file.startswith(prefix):
            return name, file.removeprefix(prefix).removesuffix(".md")
    return None


def _is_private_body(file: str, sources: Sources, shown: dict[str, dict[str, Any]]) -> bool:
    """A body of a record this build leaves out: its links are not published."""
    owner = body_owner(file, sources.content_dir)
    return owner is not None and owner[1] != "index" and owner[1] not in shown[owner[0]]


@dataclass
class ReadPart:
    """Records, bodies and Markdown read from one folder and checked."""

    records: dict[str, list[Any]]
    broken: Broken
    bodies: dict[tuple[str, str], Body]
    problems: list[Problem]
    texts: dict[Path, str]
    """Every Markdown file that could be read, by path."""
    markup: dict[Path, list[Problem]]
    """Each of those files' markup that the sanitiser would remove."""


@dataclass
class MembersPart(ReadPart):
    """What the members' folder adds for the members' build.

    Its records are the public ones with the members' merged in
    (generator/members.py); its problems are the members' files' and those
    of the merged records that are theirs to fix.
    """


@dataclass
class Loaded(ReadPart):
    """Everything read from disk and checked, before choosing an audience."""

    members: MembersPart | None = None
    """The members' folder, when it was read (see load_sources)."""


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Loading makes hundreds of thousands of long-lived objects; the cyclic
    collector would rescan them again and again (over half the load time at
    5,000 schools) while finding nothing to free."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_sources(
    sources: Sources,
    *,
    refuse_private: bool = False,
    with_members: bool = True,
    kept: KeptPieces | None = None,
) -> Loaded:
    """Read and check every record file and body once, for any audience.

    `refuse_private`: `public: false` in the public files is a problem
    (`private_in_public: refuse`). `with_members`: read the members' folder
    too, when the project has one and it is there; the public build does
    not, so nothing of it can reach the public site. `kept`: see read_records.
    """
    with _no_gc_pauses():
        records, broken, problems = read_records(sources, kept)
        if refuse_private:
            problems += private_in_public(records, sources.members_dir)
        folder = sources.members_dir
        wrong_place = misplaced(folder, sources.content_dir) if folder is not None else None
        part = None
        if (
            with_members
            and folder is not None
            and wrong_place is None
            and (sources.root / folder).is_dir()
        ):
            part = _load_members(sources, folder, records, broken)
        members_only = members_positions(part.files) if part is not None else None
        problems += crossref.check_all(records, broken, members_only)
        content = walk(sources.root, sources.content_dir)
        texts, text_problems = read_markdown(sources, content)
        bodies, body_problems = load_bodies(sources, content, texts, records, broken)
        markup = find_markup(sources, texts, {problem.pos.file for problem in text_problems})
    problems += content.problems + text_problems + body_problems
    problems += [wrong_place] if wrong_place is not None else []
    return Loaded(
        records, broken, bodies, problems, texts, markup, part.part if part is not None else None
    )


@dataclass
class _ReadMembers:
    files: MembersFiles
    part: MembersPart


def _load_members(
    sources: Sources, folder: str, records: dict[str, list[Any]], broken: Broken
) -> _ReadMembers:
    """The members' folder read, merged with the public records, and its bodies found."""
    files = read_members(sources.root, folder)
    merged, problems = merge(records, files, folder)
    problems += files.problems
    merged_broken = broken_ids(broken, files, AnyId())
    # Problems of the public files' own records are the public check's to report.
    problems += [
        p for p in crossref.check_all(merged, merged_broken) if p.pos.file.startswith(f"{folder}/")
    ]
    own = sources.members_content()
    content = walk(sources.root, own.content_dir)
    texts, text_problems = read_markdown(own, content)
    ids = {name: {r.id for r in files.records[name]} for name in KINDS}
    bodies: dict[tuple[str, str], Body] = {}
    for path in content.files:
        found = _members_body(own, path, texts.get(path), ids, files.broken)
        if isinstance(found, Body):
            bodies[(KINDS_BY_PLURAL[path.parent.name], path.stem)] = found
        else:
            problems += found
    markup = find_markup(own, texts, {problem.pos.file for problem in text_problems})
    problems += content.problems + text_problems
    part = MembersPart(merged, merged_broken, bodies, problems, texts, markup)
    return _ReadMembers(files, part)


KINDS_BY_PLURAL = {kind.plural: name for name, kind in KINDS.items()}


def _members_body(
    own: Sources,
    path: Path,
    text: str | None,
    ids: Mapping[str, set[str]],
    broken: Mapping[str, set[str]],
) -> Body | list[Problem]:
    """A file of the members' content folder: a members-only record's body, or why not.

    The folder holds bodies only: no guidance pages, home page or directory
    introductions, which belong to the public site.
    """
    parts = path.relative_to(own.content).parts
    file = own.rel(path)
    name = KINDS_BY_PLURAL.get(parts[0]) if len(parts) == 2 else None
    if name is None or path.suffix != ".md" or path.stem == "index":
        return [
            Problem(
                Pos(file),
                "",
                f"{own.content_dir}/ holds only bodies of members-only records, named "
                "<kind>/<id>.md (e.g. policies/<id>.md); put guidance pages in the public "
                "content folder, or rename this file to a members-only record's id",
            )
        ]
    kind = KINDS[name]
    record_file = f"{own.content_dir.rsplit('/', 1)[0]}/{kind.filename}"
    if path.stem not in ids[name]:
        if path.stem in broken.get(name, set()):
            return []
        return [
            Problem(
                Pos(file),
                f"{name} '{path.stem}'",
                f"this body file has no members-only {name} in {record_file}"
                f"{did_you_mean(path.stem, sorted(ids[name]))}; add {article(name)} {name} "
                f"with id '{path.stem}' there, or rename or remove the file (a public "
                f"{name}'s body goes in the public content folder)",
            )
        ]
    if text is None:
        return []
    if text.startswith("---"):
        return [
            Problem(
                Pos(file),
                f"{name} '{path.stem}'",
                f"a body file takes no front matter; put fields in {record_file} "
                "and start the file with the text",
            )
        ]
    return Body(text, file)


def site_for(loaded: Loaded, sources: Sources, *, today: date, members: bool) -> Site:
    """The model one audience sees, or ProblemsFound with every problem.

    The members' audience of a project with a members' folder sees the
    merged records and the folder's bodies; without the folder there, the
    members' build stops with one problem saying so.
    """
    records, broken, bodies = loaded.records, loaded.broken, loaded.bodies
    texts, markup, problems = loaded.texts, loaded.markup, list(loaded.problems)
    if members and sources.members_dir is not None:
        part = loaded.members
        if part is None:  # Misplaced (load_sources said so) or not there.
            folder = sources.members_dir
            said = misplaced(folder, sources.content_dir) is not None
            there = (sources.root / folder).is_dir()
            raise ProblemsFound(problems if said or there else [*problems, missing_folder(folder)])
        records, broken, bodies = part.records, part.broken, {**bodies, **part.bodies}
        texts, markup = {**texts, **part.texts}, {**markup, **part.markup}
        problems += part.problems
    site = make_site(records, bodies, today, members)
    problems += check_record_links(sources, site, texts, broken)
    problems += check_markup(sources, site, markup)
    if problems:
        raise ProblemsFound(problems)
    return site


def load_project(
    sources: Sources,
    *,
    today: date,
    members: bool,
    refuse_private: bool = False,
    kept: KeptPieces | None = None,
) -> Site:
    """Load, check and link everything, or raise ProblemsFound with every problem.

    The public build (`members=False`) never reads the members' folder.
    `kept`: a live preview's record pieces, reused where unchanged (record_files).
    """
    loaded = load_sources(sources, refuse_private=refuse_private, with_members=members, kept=kept)
    with _no_gc_pauses():
        return site_for(loaded, sources, today=today, members=members)
