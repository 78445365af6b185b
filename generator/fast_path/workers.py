"""Forked workers that write the pages of the fast path, and the files MkDocs lists for them.

The costly part of a record page, its content, needs only the model, so
workers render it while MkDocs reads the other pages; the frame around it
(the shell) comes later, once the probes of each folder have been through
the theme. A folder that falls back gets no shell, and its pages are left
to MkDocs.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig

from .. import parallel
from ..page_cache import PageCache, page_key
from ..pages import PageSpec
from ..record_texts import TextMemo
from ..render import Renderer
from ..staging import write_site_file
from .borrowed import ShellPageFile
from .shell import Shell, folder_of, page_meta

Fresh = list[tuple[str, str, str]]
"""Pages whose content a worker rendered anew: (source path, cache key, content)."""


@dataclass(frozen=True)
class Frames:
    """What the workers wait for: each folder's shell, and what the last rebuild left.

    `previous` is the folder holding the previous rebuild's output (a live
    preview), and `unchanged` the folders whose shell is the same as then:
    a page there whose content is unchanged too is moved back, not written.
    """

    shells: dict[str, Shell]
    previous: str | None = None
    unchanged: frozenset[str] = frozenset()


@dataclass
class ShellPages:
    """Pages being written from shells by forked workers, and the files MkDocs lists for them."""

    files: dict[str, ShellPageFile]
    running: parallel.Running[Frames, tuple[Fresh, int]]
    cache: PageCache | None = None
    sent: dict[str, Shell] = field(default_factory=dict)

    def send_shells(self, shells: dict[str, Shell], previous: str | None) -> None:
        """Hand the workers the shell of each folder; they fill and write their pages."""
        unchanged: frozenset[str] = frozenset()
        if self.cache is not None and previous is not None:
            unchanged = frozenset(
                f for f, shell in shells.items() if self.cache.frames.get(f) == shell
            )
        self.sent = shells
        self.running.send(Frames(shells, previous, unchanged))

    def finish(self) -> tuple[int, int]:
        """Wait for the workers; keep what they rendered anew; how many pages that was,
        and how many were moved back unchanged from the previous output."""
        shares = self.running.wait()
        fresh = [page for share, _moved in shares for page in share]
        if self.cache is not None:
            for src, key, content in fresh:
                self.cache.put(src, key, content)
            # The shells the pages were written with, now that they all are.
            self.cache.frames = dict(self.sent)
        return len(fresh), sum(moved for _share, moved in shares)

    def cancel(self) -> None:
        """Stop the workers (the build failed)."""
        self.running.cancel()


@dataclass(frozen=True)
class _Prepared:
    folder: str
    dest: str
    """The page's path in the site folder."""
    values: dict[str, str]
    kept: bool
    """Its content is the one the last rebuild wrote."""


def start_shell_pages(
    specs: list[PageSpec],
    renderer: Renderer,
    config: MkDocsConfig,
    cache: PageCache | None,
    keeps: Sequence[parallel.Kept] = (),
) -> ShellPages:
    """Fork workers that render these pages' content now and write them once shells arrive.

    The content (the costly part) needs only the model, so it is rendered
    while MkDocs reads the other pages; the frame around it comes from
    MkDocs' first pages of each folder, later, through `send_shells`. With
    a cache (a live preview), a page whose data is unchanged since the last
    rebuild keeps its content instead of being rendered again, and its file
    instead of being written again.
    """
    files = {spec.src: ShellPageFile(config, spec.src) for spec in specs}
    site_dir = config.site_dir

    def prepare(share: int, shares: int) -> tuple[list[_Prepared], Fresh]:
        prepared = []
        fresh: Fresh = []
        memo = cache.texts.memo() if cache is not None else TextMemo()
        for spec in specs[share::shares]:
            file = files[spec.src]
            title, description = page_meta(spec)
            key = page_key(spec, memo) if cache is not None else ""
            content = cache.get(spec.src, key) if cache is not None else None
            kept = content is not None
            if content is None:
                content = renderer.render_page(spec, "")
                if cache is not None:
                    fresh.append((spec.src, key, content))
            values = {"title": title, "description": description, "content": content}
            values["url"] = file.url
            prepared.append(_Prepared(folder_of(spec.src), file.dest_uri, values, kept))
        if cache is not None:  # In a forked worker this keeps nothing, as it should.
            cache.texts.keep(memo)
        return prepared, fresh

    def finish(state: tuple[list[_Prepared], Fresh], frames: Frames) -> tuple[Fresh, int]:
        prepared, fresh = state
        moved = 0
        for page in prepared:
            shell = frames.shells.get(page.folder)
            if shell is None:
                continue  # Its folder fell back: MkDocs writes the page.
            if page.kept and frames.previous and page.folder in frames.unchanged:
                path = os.path.join(site_dir, page.dest)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with contextlib.suppress(FileNotFoundError):
                    os.replace(os.path.join(frames.previous, page.dest), path)
                    moved += 1
                    continue
            html = shell.fill(page.values)
            write_site_file(site_dir, page.dest, html.encode("utf-8"))
        return fresh, moved

    return ShellPages(files, parallel.start(prepare, finish, len(specs), keeps=keeps), cache)
