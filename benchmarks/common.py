"""What the benchmark scripts share: where the project is, and a copy of its sample site."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_FILES = (
    "mkdocs.yml",
    "schools.yaml",
    "networks.yaml",
    "policies.yaml",
    "events.yaml",
    "suppliers.yaml",
)
SAMPLE_DIRS = ("content", "site_templates", "examples")


def copy_sample(dest: Path) -> Path:
    """A copy of the shipped sample project in `dest/sample`, so the repo's site/ is untouched."""
    project = dest / "sample"
    project.mkdir()
    for name in SAMPLE_FILES:
        shutil.copy2(ROOT / name, project / name)
    for name in SAMPLE_DIRS:
        shutil.copytree(ROOT / name, project / name)
    return project
