"""A one-off build writes into a partial folder beside the site and moves it into place at the end.

So a failed build leaves the previous site as it was, and a build stopped
half-way (Ctrl-C, or SIGTERM from a CI runner's timeout) leaves no
`site.partial-*` folder behind: the folder is removed when the process
exits for any reason but a successful commit.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import tempfile
import threading
from types import FrameType
from typing import Any


class StagedSite:
    """The partial output folder of one build, from `begin` to `commit` or `abandon`."""

    def __init__(self, final: str) -> None:
        self.final = final
        self.partial = f"{final.rstrip(os.sep)}.partial-{os.getpid()}"
        self._owner = os.getpid()
        self._previous_handler: Any = None
        atexit.register(self.abandon)
        if threading.current_thread() is threading.main_thread():
            self._previous_handler = signal.signal(signal.SIGTERM, self._stopped)

    def _stopped(self, signum: int, frame: FrameType | None) -> None:
        """SIGTERM: unwind like Ctrl-C does, so that the folder is removed on the way out."""
        if os.getpid() != self._owner:  # A forked worker: it has nothing to clean.
            os._exit(128 + signum)
        raise SystemExit(128 + signum)

    def commit(self) -> None:
        """Move the finished site into place (the old one goes after, in one rename each)."""
        old = f"{self.final.rstrip(os.sep)}.old-{os.getpid()}"
        if os.path.exists(self.final):
            os.replace(self.final, old)
        os.replace(self.partial, self.final)
        shutil.rmtree(old, ignore_errors=True)
        self._release()

    def abandon(self) -> None:
        """Remove the partial folder: the build failed or was stopped."""
        if os.getpid() == self._owner:
            shutil.rmtree(self.partial, ignore_errors=True)
            self._release()

    def _release(self) -> None:
        atexit.unregister(self.abandon)
        if self._previous_handler is not None:
            signal.signal(signal.SIGTERM, self._previous_handler)
            self._previous_handler = None


def set_aside(site_dir: str) -> str | None:
    """Move a live preview's previous output aside rather than let MkDocs delete it.

    MkDocs deletes the previous output before every rebuild, a second or
    more for thousands of pages on a disk. Moving it aside is instant;
    pages that did not change move back (see fast_path), and the rest is
    deleted by `discard` in the background once the rebuild is done.
    Returns the folder it went to, or None if there was none.
    """
    if not os.path.isdir(site_dir):
        return None
    old = tempfile.mkdtemp(prefix=".schoolnet-old-", dir=os.path.dirname(site_dir))
    for name in os.listdir(site_dir):
        os.replace(os.path.join(site_dir, name), os.path.join(old, name))
    return old


def discard(folder: str | None) -> None:
    """Delete what is left of a previous output, without holding up the preview."""
    if folder is not None:
        threading.Thread(target=shutil.rmtree, args=(folder, True)).start()


def write_site_file(site_dir: str, path: str, data: bytes) -> None:
    """Write one file by its path relative to the site folder, as MkDocs writes pages:
    bytes as given, newlines untouched."""
    target = os.path.join(site_dir, *path.split("/"))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as out:
        out.write(data)
