"""An issue body as GitHub renders a submitted issue form, read back into field values.

GitHub writes each field of a form as `### <label>`, a blank line and the
value; a field left empty as `_No response_`; a multiple-choice dropdown as
its options joined by ", "; checkboxes as `- [X] <option>` or `- [ ] <option>`.
Only headings that are labels of the form start a field, so a value that
holds a line such as `### Notes` stays part of that value. The issue's
author may edit the body afterwards: a label given twice is a problem, not a
silent choice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .templates import CONFIRM_ID, NOTES_ID, Form

NO_RESPONSE = "_No response_"
CHECKED = re.compile(r"^- \[[xX]\] ", re.M)
NETWORK_IN_OPTION = re.compile(r"\(([a-z0-9]+(?:-[a-z0-9]+)*)\)(?=, |$)")
"""The id at the end of a 'Name (id)' option, in a dropdown's ', '-joined answer."""

EXTRA = {NOTES_ID: "Anything else for the maintainers", CONFIRM_ID: "Publishing"}


@dataclass
class Answers:
    """What the issue says: a value per field id (absent when empty), and what went wrong."""

    values: dict[str, str] = field(default_factory=dict)
    notes: str = ""
    confirmed: bool = False
    problems: list[str] = field(default_factory=list)


def sections(body: str, labels: set[str]) -> tuple[dict[str, str], list[str]]:
    """The text under each known `### label` heading; labels that appear twice."""
    found: dict[str, list[str]] = {}
    twice: list[str] = []
    current: list[str] | None = None
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.startswith("### ") and line[4:].strip() in labels:
            label = line[4:].strip()
            if label in found:
                twice.append(label)
            current = found.setdefault(label, [])
            current.clear()
            continue
        if current is not None:
            current.append(line)
    return {label: "\n".join(lines).strip("\n") for label, lines in found.items()}, twice


def parse_body(body: str, form: Form) -> Answers:
    """The answers of a body written by `form`; values are stripped, empties left out."""
    labels = {f.label: f.id for f in form.fields}
    labels.update({label: fid for fid, label in EXTRA.items()})
    texts, twice = sections(body, set(labels))
    answers = Answers()
    for label in twice:
        answers.problems.append(f"**{label}** appears twice in the issue; keep one of them.")
    for label, text in texts.items():
        fid = labels[label]
        value = text.strip()
        if value == NO_RESPONSE or not value:
            continue
        if fid == CONFIRM_ID:
            answers.confirmed = bool(CHECKED.search(text))
        elif fid == NOTES_ID:
            answers.notes = value
        else:
            answers.values[fid] = value
    if not texts:
        answers.problems.append(
            f"The issue does not look like the form '{form.name}': none of its questions "
            "was found. Open a new issue with the form instead."
        )
    return answers


def network_ids(answer: str) -> list[str]:
    """The ids in a dropdown answer of 'Name (id)' options; the answer itself when it has none.

    A network's name may hold a comma, so the answer is read by its ids, not split on commas.
    """
    ids = NETWORK_IN_OPTION.findall(answer)
    return ids or [part.strip() for part in answer.split(",") if part.strip()]
