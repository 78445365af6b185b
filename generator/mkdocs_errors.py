"""Problems met while writing pages, as a PluginError with a message a site owner can act on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from .parallel import WorkerFailed
from .template_errors import TemplateProblem, problem_in

log = get_plugin_logger(__name__)


@contextmanager
def stop_with_message() -> Iterator[None]:
    """A template mistake or a failed worker stops the build with a message, not a traceback.

    A template mistake, made here or in a worker, is its one line naming the
    template's file and line; `mkdocs build -v` adds the traceback.
    """
    try:
        yield
    except (TemplateProblem, WorkerFailed) as error:
        problem = problem_in(error)
        if problem is None:
            raise PluginError(f"writing pages and data files failed:\n{error}") from None
        log.debug(problem.detail)
        raise PluginError(str(problem)) from None
