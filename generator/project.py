"""Load a whole project: the record files, the Markdown bodies and the links.

This is the one entry point from files to model: read → parse records →
cross-check → attach bodies → keep what the audience may see → check record
links in Markdown. It collects every problem and raises `ProblemsFound`
once, so a contributor sees all of them in one run.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import crossref
from .links import check_links
from .loader import read_text, read_yaml
from .models import KINDS
from .positions import Pos, Problem, ProblemsFound
from .rules import SLUG_RE, article, did_you_mean
from .site import Body, Site, make_site
from .validate import parse_records

HOME = ("home", "index")
"""The body key of the home page's intro, `content/index.md`."""


@dataclass(frozen=True)
class Sources:
    """Where a project keeps its files."""

    root: Path
    content_dir: str = "content"

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
        return [self.root / kind.filename for kind in KINDS.values()]


class AnyId(set[str]):
    """Stands for every id of a kind whose file could not be read."""

    def __contains__(self, item: object) -> bool:
        return True


def load_records(
    sources: Sources,
) -> tuple[dict[str, list[Any]], dict[str, set[str]], list[Problem]]:
    """Read and check every record file, including private records.

    Returns the records that could be built, the ids of those too broken to
    build (already reported, so references to them are not errors again),
    and the problems.
    """
    records: dict[str, list[Any]] = {}
    broken: dict[str, set[str]] = {}
    problems: list[Problem] = []
    for name, kind in KINDS.items():
        tree, found = read_yaml(sources.root / kind.filename, kind.filename)
        problems += found
        parsed = parse_records(kind, tree, kind.filename)
        records[name] = parsed.records
        unreadable = (tree is None and bool(found)) or parsed.unreadable
        # When a file cannot be read at all, references to its records are
        # not reported as unknown: the file's own problem is the one to fix.
        broken[name] = AnyId() if unreadable else parsed.broken_ids
        problems += parsed.problems
    problems += crossref.check_all(records, broken)
    return records, broken, problems


def load_bodies(
    sources: Sources, records: dict[str, list[Any]], broken: dict[str, set[str]]
) -> tuple[dict[tuple[str, str], Body], list[Problem]]:
    """Find `content/<kind>/<id>.md` bodies; each must belong to a record.

    A body whose record is too broken to build is not reported again.
    """
    bodies: dict[tuple[str, str], Body] = {}
    problems: list[Problem] = []
    home = sources.content / "index.md"
    if home.is_file():
        text, found = read_text(home, sources.rel(home))
        problems += found
        if text is not None:
            bodies[HOME] = Body(text, sources.rel(home))
    for name, kind in KINDS.items():
        folder = sources.content / kind.plural
        if not folder.is_dir():
            continue
        ids = sorted(r.id for r in records[name])
        known = set(ids) | broken.get(name, set())
        for path in sorted(folder.rglob("*")):
            file = sources.rel(path)
            if path.is_dir() or path.suffix != ".md":
                if path.is_file():
                    problems.append(_stray(file, kind.plural))
                continue
            record_id = path.stem
            if path.parent != folder or not (SLUG_RE.match(record_id) or record_id == "index"):
                problems.append(_stray(file, kind.plural))
                continue
            if record_id != "index" and record_id not in known:
                problems.append(
                    Problem(
                        Pos(file),
                        f"{name} '{record_id}'",
                        f"this body file has no record in {kind.filename}"
                        f"{did_you_mean(record_id, ids)}; add {article(name)} {name} with id "
                        f"'{record_id}' "
                        "or rename or remove the file",
                    )
                )
                continue
            text, found = read_text(path, file)
            problems += found
            if text is None:
                continue
            if text.startswith("---"):
                problems.append(
                    Problem(
                        Pos(file),
                        f"{name} '{record_id}'",
                        f"a body file takes no front matter; put fields in {kind.filename} "
                        "and start the file with the text",
                    )
                )
                continue
            bodies[(name, record_id)] = Body(text, file)
    return bodies, problems


def _stray(file: str, plural: str) -> Problem:
    return Problem(
        Pos(file),
        "",
        f"content/{plural}/ holds only record bodies named <id>.md; "
        "move this file elsewhere in content/ or rename it to a record's id",
    )


def markdown_files(sources: Sources) -> list[Path]:
    """Every Markdown page in the content folder, sorted."""
    if not sources.content.is_dir():
        return []
    return sorted(p for p in sources.content.rglob("*.md") if p.is_file())


def check_record_links(
    sources: Sources, site: Site, broken: dict[str, set[str]] | None = None
) -> list[Problem]:
    """Record links in every Markdown file point at records this build shows."""
    broken = broken or {}
    shown = {kind: site.records_of(kind) for kind in KINDS}
    problems = []
    for path in markdown_files(sources):
        file = sources.rel(path)
        text, _ = read_text(path, file)
        if text is None:
            continue
        if not site.members and _is_private_body(file, sources, shown):
            continue
        problems += check_links(
            text,
            file,
            known=lambda kind, record_id: (
                record_id in shown[kind] or record_id in broken.get(kind, set())
            ),
            ids=lambda kind: sorted(shown[kind]),
        )
    return problems


def _is_private_body(file: str, sources: Sources, shown: dict[str, dict[str, Any]]) -> bool:
    """A body of a record this build leaves out: its links are not published."""
    for name, kind in KINDS.items():
        prefix = f"{sources.content_dir}/{kind.plural}/"
        if file.startswith(prefix):
            record_id = file.removeprefix(prefix).removesuffix(".md")
            return record_id != "index" and record_id not in shown[name]
    return False


@dataclass
class Loaded:
    """Everything read from disk and checked, before choosing an audience."""

    records: dict[str, list[Any]]
    broken: dict[str, set[str]]
    bodies: dict[tuple[str, str], Body]
    problems: list[Problem]


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


def load_sources(sources: Sources) -> Loaded:
    """Read and check every record file and body once, for any audience."""
    with _no_gc_pauses():
        records, broken, problems = load_records(sources)
        bodies, body_problems = load_bodies(sources, records, broken)
    return Loaded(records, broken, bodies, problems + body_problems)


def site_for(loaded: Loaded, sources: Sources, *, today: date, members: bool) -> Site:
    """The model one audience sees, or ProblemsFound with every problem."""
    site = make_site(loaded.records, loaded.bodies, today, members)
    problems = loaded.problems + check_record_links(sources, site, loaded.broken)
    if problems:
        raise ProblemsFound(problems)
    return site


def load_project(sources: Sources, *, today: date, members: bool) -> Site:
    """Load, check and link everything, or raise ProblemsFound with every problem."""
    loaded = load_sources(sources)
    with _no_gc_pauses():
        return site_for(loaded, sources, today=today, members=members)
