"""Warnings that are made even when nobody prints them, so a quiet strict build still fails.

`mkdocs build -q` silences warnings by raising the level of the `mkdocs`
logger to ERROR. A warning is then never made at all, so the counter
that `--strict` adds to the same logger never sees one, and a build with
a broken link passes with exit code 0. Lowering the logger to WARNING,
and raising each handler it has to the level the logger had, prints
exactly what was printed before, while a handler added later at WARNING
(the strict counter) sees every warning.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass


@dataclass(frozen=True)
class SavedLevels:
    """A logger's level and its handlers' levels, as they were, to put back."""

    logger: logging.Logger
    level: int
    handlers: tuple[tuple[logging.Handler, int], ...]

    def restore(self) -> None:
        """Put the levels back as they were."""
        self.logger.setLevel(self.level)
        for handler, level in self.handlers:
            handler.setLevel(level)


def hear_warnings(logger: logging.Logger) -> SavedLevels | None:
    """Make `logger` create warning records whatever its level, without printing more.

    Returns the levels to restore, or None when warnings were made already.
    """
    effective = logger.getEffectiveLevel()
    if effective <= logging.WARNING:
        return None
    saved = SavedLevels(logger, logger.level, tuple((h, h.level) for h in logger.handlers))
    for handler in logger.handlers:
        handler.setLevel(max(handler.level, effective))
    logger.setLevel(logging.WARNING)
    return saved
