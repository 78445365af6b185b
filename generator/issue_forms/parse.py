"""An issue body as GitHub renders a submitted issue form, read back into field values.

GitHub writes each field of a form as `### <label>`, a blank line and the
value; a field left empty as `_No response_` (an optional dropdown set back
to its "None" entry as `None`); a multiple-choice dropdown as
its options joined by ", "; checkboxes as `- [X] <option>` or `- [ ] <option>`.
Only the headings of the form's labels, in the form's order, start a
field (see `sections`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..inert import excerpt
from .templates import CONFIRM_ID, NOTES_ID, REMOVE_ID, REMOVE_LABEL, Form

NO_RESPONSE = "_No response_"
NONE = "None"
"""What GitHub writes when someone picks an optional dropdown's own "None" entry."""
CHECKED = re.compile(r"^- \[[xX]\] ", re.M)
TICKED = re.compile(r"^- \[[xX]\] (.*)$")
NETWORK_IN_OPTION = re.compile(r"\(([a-z0-9]+(?:-[a-z0-9]+)*)\)(?=, |$)")
"""The id at the end of a 'Name (id)' option, in a dropdown's ', '-joined answer."""

EXTRA = {NOTES_ID: "Anything else for the maintainers", CONFIRM_ID: "Publishing"}


@dataclass
class Answers:
    """What the issue says: a value per field id (absent when empty), and what went wrong."""

    values: dict[str, str] = field(default_factory=dict)
    remove: list[str] = field(default_factory=list)
    """The names of the top-level fields ticked for deletion, in the form's order."""
    notes: str = ""
    confirmed: bool = False
    problems: list[str] = field(default_factory=list)


def sections(body: str, labels: list[str]) -> dict[str, str]:
    """The text under each `### label` heading, the labels read in the form's order.

    GitHub writes the fields in the form's order, so a heading counts only
    when it is a label later in the form than the current one: a value that
    holds the heading of an earlier field keeps it as text.
    """
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    position = -1
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        label = line[4:].strip() if line.startswith("### ") else None
        if label in labels[position + 1 :]:
            position = labels.index(label, position + 1)
            current = found.setdefault(label, [])
            continue
        if current is not None:
            current.append(line)
    return {label: "\n".join(lines).strip("\n") for label, lines in found.items()}


def parse_body(body: str, form: Form) -> Answers:
    """The answers of a body written by `form`; values are stripped, empties left out."""
    labels = {f.label: f.id for f in form.fields}
    dropdowns = {f.id for f in form.fields if f.element == "dropdown"}
    if form.removable:
        labels[REMOVE_LABEL] = REMOVE_ID
    labels.update({label: fid for fid, label in EXTRA.items()})
    texts = sections(body, list(labels))
    answers = Answers()
    for label, text in texts.items():
        fid = labels[label]
        value = text.strip()
        if value == NO_RESPONSE or not value or (fid in dropdowns and value == NONE):
            continue
        if fid == CONFIRM_ID:
            answers.confirmed = bool(CHECKED.search(text))
        elif fid == REMOVE_ID:
            _ticked(text, form, answers)
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


def _ticked(text: str, form: Form, answers: Answers) -> None:
    """The fields ticked under "Remove these details": only the form's own options count.

    GitHub writes exactly the form's options, so a ticked line that is not
    one (`- [X] Id`, typed into an edited issue) is refused, never guessed at.
    """
    names = {label: name for name, label in form.removable}
    for line in text.splitlines():
        ticked = TICKED.match(line.strip())
        if not ticked:
            continue
        label = ticked[1].strip()
        if label in names:
            if names[label] not in answers.remove:
                answers.remove.append(names[label])
        else:
            answers.problems.append(
                f"**{REMOVE_LABEL}**: {excerpt(label, 120)} is not one of the details that can "
                "be removed; tick only the boxes the form offers."
            )


def network_ids(answer: str) -> list[str]:
    """The ids in a dropdown answer of 'Name (id)' options; the answer itself when it has none.

    A network's name may hold a comma, so the answer is read by its ids, not split on commas.
    """
    ids = NETWORK_IN_OPTION.findall(answer)
    return ids or [part.strip() for part in answer.split(",") if part.strip()]
