"""Shared helpers: a small valid project, and a way to see what is wrong with a changed one.

Each test writes the baseline with one thing changed and asserts the exact
problem lines, `file:line:column: subject: message`, so the line numbers in
the baseline strings below matter: keep them stable.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.positions import ProblemsFound
from generator.project import Sources, load_project
from generator.site import Site

TODAY = date(2026, 9, 1)

NETWORKS = """\
- id: nesa
  name: Northumberland Education Schools Alliance
  kind: local alliance
  scope: Northumberland
"""

SCHOOLS = """\
- id: hawes-side
  name: Hawes Side Academy
  urn: "119346"
  phase: primary
  type: academy
  local_authority: Blackpool
  postcode: FY4 3LN
  networks: [nesa]
- id: bramble-hill
  name: Bramble Hill School
  urn: "012345"
  phase: special
  type: community
  local_authority: Northumberland
  networks: [nesa]
"""

POLICIES = """\
- id: safeguarding
  title: Child Protection and Safeguarding
  category: safeguarding
  owner: nesa
  version: "4.0"
  status: adopted
  adopted: 2025-09-01
  review_due: 2026-09-01
  statutory: true
"""

POLICY_BODY = """\
# Child protection

Every school in [the alliance](network:nesa) follows this policy.
"""

EVENTS = """\
- id: maths-meeting
  title: Maths network meeting
  kind: network meeting
  start: "2027-01-14 16:00"
  end: "2027-01-14 17:30"
  venue: Hawes Side Academy hall
  organiser: nesa
  host: hawes-side
"""

SUPPLIERS = """\
- id: fresh-plates
  name: Fresh Plates Catering
  category: catering
  recommendations:
    - school: hawes-side
      date: 2026-03-01
      rating: 5
      note: Reliable and the children like the food.
"""

BASELINE: dict[str, str] = {
    "networks.yaml": NETWORKS,
    "schools.yaml": SCHOOLS,
    "policies.yaml": POLICIES,
    "content/policies/safeguarding.md": POLICY_BODY,
    "events.yaml": EVENTS,
    "suppliers.yaml": SUPPLIERS,
}


def write_project(root: Path, baseline: bool = True, **files: str | bytes | None) -> Path:
    """Write a project into `root`: the baseline, with `files` added or replaced.

    Keys are paths relative to the project ("schools.yaml",
    "content/schools/x.md"); pass a keyword dict, e.g.
    `write_project(tmp_path, **{"content/guide.md": "..."})`. A value of None
    leaves that baseline file out; bytes are written as they are.
    """
    wanted: dict[str, str | bytes | None] = dict(BASELINE) if baseline else {}
    wanted.update(files)
    for name, text in wanted.items():
        if text is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def problems_of(root: Path, members: bool = True) -> list[str]:
    """Load the project at `root`; the problem lines, or [] when it loads."""
    try:
        load_project(Sources(root), today=TODAY, members=members)
    except ProblemsFound as found:
        return [str(problem) for problem in found.problems]
    return []


def load(root: Path, members: bool = True) -> Site:
    """Load the project at `root`, failing the test with the problems if any."""
    try:
        return load_project(Sources(root), today=TODAY, members=members)
    except ProblemsFound as found:
        pytest.fail(found.report())


def replace_once(text: str, old: str, new: str) -> str:
    """`text` with the single occurrence of `old` replaced, so an edit never silently misses."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)
