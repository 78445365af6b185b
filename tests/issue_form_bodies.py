"""Issue bodies written the way GitHub renders a submitted issue form.

GitHub writes every field of the form, in order: `### <label>`, a blank
line, then the answer, or `_No response_` for an empty one; a multiple
dropdown joins its options with ", "; checkboxes are `- [X] <option>`
or `- [ ] <option>` (the answer for a checkboxes field: its ticked labels,
one a line). Used to write the fixtures' bodies and the hostile
tests' bodies from the committed forms themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def github_body(form_file: Path, answers: dict[str, str], confirmed: bool = True) -> str:
    """The body GitHub writes for `answers` (field id: answer) to the form at `form_file`."""
    form: dict[str, Any] = yaml.safe_load(form_file.read_text(encoding="utf-8"))
    parts = []
    for item in form["body"]:
        if item["type"] == "markdown":
            continue
        label = item["attributes"]["label"]
        if item["type"] == "checkboxes":
            # The confirmation by `confirmed`; other boxes ticked by their labels, one a line.
            ticked = set(answers.get(item["id"], "").splitlines())
            marks = [
                confirmed if item["id"] == "confirm" else o["label"] in ticked
                for o in item["attributes"]["options"]
            ]
            value = "\n".join(
                f"- [{'X' if mark else ' '}] {o['label']}"
                for o, mark in zip(item["attributes"]["options"], marks, strict=True)
            )
        else:
            value = answers.get(item["id"], "") or "_No response_"
        parts.append(f"### {label}\n\n{value}")
    return "\n\n".join(parts)
