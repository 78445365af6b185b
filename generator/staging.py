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
