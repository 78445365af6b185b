"""Problems as GitHub Actions workflow commands, so each lands on its line of the diff.

`::error file=schools.yaml,line=41,col=9,title=…::message` makes GitHub show
the message beside line 41 of schools.yaml in the pull request. Outside
GitHub Actions the same problems print as `file:line:column: …` text.
"""

from __future__ import annotations

import os

from .positions import Problem


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, level: str = "error") -> str:
    """One `::error` (or `::warning`) workflow command for a problem."""
    pos = problem.pos
    title = problem.subject or pos.file
    properties = ",".join(
        [
            f"file={_escape_property(pos.file)}",
            f"line={pos.line}",
            f"col={pos.column}",
            f"title={_escape_property(title)}",
        ]
    )
    message = f"{problem.subject}: {problem.message}" if problem.subject else problem.message
    return f"::{level} {properties}::{_escape_data(message)}"


def running_on_github() -> bool:
    """GitHub sets GITHUB_ACTIONS=true in every workflow step."""
    return os.environ.get("GITHUB_ACTIONS") == "true"
