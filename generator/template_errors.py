"""A template mistake as one line a site owner can act on, instead of a Python traceback.

Site owners edit the Jinja templates (`site_templates/`, or the folder the
`templates` option names), so a typo there is an input problem like a bad
field in a record: it should name the file and line, say what is wrong
and how to fix it. Jinja rewrites the traceback of an error raised while
rendering so that the frames of template code carry the template's file
name and line; the innermost such frame is where the mistake is. The
full traceback is kept beside the message, for `mkdocs build -v`.
"""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError

from .parallel import WorkerFailed

MODULE_PATH_RE = re.compile(r"'(?:\w+\.)+(\w+ object)'")
"""Jinja names an object by its full class path ('generator.models.School object')."""


class TemplateProblem(Exception):
    """A page or PDF could not be rendered because of its template; the message says where and why.

    Plain strings only, so that it pickles: a forked worker sends it back as it is.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message, detail)
        self.message = message
        self.detail = detail
        """The traceback, for `mkdocs build -v`."""

    def __str__(self) -> str:
        return self.message


def template_problem(
    error: Exception, folders: Sequence[Path], template: str, subject: str
) -> TemplateProblem | None:
    """The problem to report for `error`, raised while rendering `template` for `subject`.

    None when the error did not come from a template (no frame of template
    code, and not one of Jinja's errors): a bug in the generator keeps its
    traceback.
    """
    place = _template_line(error, folders)
    if place is None:
        if not isinstance(error, TemplateError):
            return None
        place = shown_path(folders[0] / template) if folders else template
    message = f"{place}: {_what(error, folders)} (while rendering {subject}); {_fix(error)}"
    return TemplateProblem(message, "".join(traceback.format_exception(error)))


def problem_in(error: BaseException) -> TemplateProblem | None:
    """The template problem behind `error`: the error itself, or one a forked worker raised."""
    if isinstance(error, TemplateProblem):
        return error
    if isinstance(error, WorkerFailed):
        return next((e for e in error.errors if isinstance(e, TemplateProblem)), None)
    return None


def shown_path(path: Path | str) -> str:
    """A file as a message shows it: relative to the current folder when inside it."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute)
    return absolute if relative.startswith("..") else Path(relative).as_posix()


def _template_line(error: Exception, folders: Sequence[Path]) -> str | None:
    """'file:line' of the innermost template code in the error's traceback, if any."""
    if isinstance(error, TemplateSyntaxError) and error.filename:
        return f"{shown_path(error.filename)}:{error.lineno}"
    found = None
    for filename, line in _frames(error.__traceback__):
        if _inside(filename, folders):
            found = f"{shown_path(filename)}:{line}"
    return found


def _frames(tb: TracebackType | None) -> list[tuple[str, int]]:
    """(file, line) of each frame, outermost first, as Jinja rewrote them."""
    frames = []
    while tb is not None:
        frames.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    return frames


def _inside(filename: str, folders: Sequence[Path]) -> bool:
    """Whether a frame's file is a template of these folders (Jinja names it by its path)."""
    path = Path(filename).resolve()
    return any(path.is_relative_to(folder.resolve()) for folder in folders)


def _what(error: Exception, folders: Sequence[Path]) -> str:
    """What went wrong, in Jinja's words where they are clear."""
    if isinstance(error, TemplateNotFound):
        where = ", ".join(f"{shown_path(folder)}/" for folder in folders)
        return f"template '{error.name}' not found in {where}"
    if isinstance(error, TemplateSyntaxError):
        return f"template syntax: {error.message}"
    if isinstance(error, TemplateError):
        return MODULE_PATH_RE.sub(r"'\1'", str(error))
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _fix(error: Exception) -> str:
    """How to fix it."""
    if isinstance(error, UndefinedError):
        if "has no attribute" in str(error):
            return "check the name against the fields in generator/models.py"
        return "check the name against the data each template gets in generator/pages.py"
    if isinstance(error, TemplateNotFound):
        return "check the template's name, or copy it from the generator's site_templates/"
    if isinstance(error, TemplateSyntaxError):
        return "fix the Jinja syntax on that line"
    return "fix the template on that line"
