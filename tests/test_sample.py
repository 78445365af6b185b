"""The shipped sample data builds strictly, and its private records stay private."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import ROOT, all_text, build

from generator.models import KINDS

SAMPLE_PRIVATE = [
    "Larkspur",
    "Quillfeather",
    "CONFIDENTIAL-NOTE",
    "nesa-shared-staff",
    "Killingworth Lake",
    "Shared Specialist Staff",
    "recharging and line management",  # The members-only event's summary.
    "shared music, languages and site staff",  # The members-only policy's summary.
    "Each shared post has one employing school",  # Its body, in examples/members/content/
]


def copy_sample(dest: Path) -> Path:
    project = dest / "sample"
    project.mkdir()
    for name in ["mkdocs.yml", *(kind.filename for kind in KINDS.values())]:
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "examples" / "members", project / "examples" / "members")
    shutil.copytree(ROOT / "site_templates", project / "site_templates")
    return project


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("sample"))


def test_sample_public_site(sample: Path) -> None:
    site = build(sample)
    texts = all_text(site)
    leaks = [(f, m) for f, t in texts.items() for m in SAMPLE_PRIVATE if m in t]
    assert leaks == []
    pages = [f for f in texts if f.endswith("index.html")]
    assert len(pages) > 120
    assert (site / "schools/hawes-side-academy/index.html").is_file()


def test_sample_members_site(sample: Path) -> None:
    site = build(sample, members=True)
    texts = all_text(site)
    for marker in SAMPLE_PRIVATE:
        assert any(marker in t for t in texts.values()), marker


def test_the_public_files_keep_no_private_record() -> None:
    """Every members-only record and note of the sample is in examples/members/ alone."""
    public = [ROOT / kind.filename for kind in KINDS.values()] + sorted(
        (ROOT / "content").rglob("*.md")
    )
    found = [
        (path.name, marker)
        for path in public
        for marker in [*SAMPLE_PRIVATE, "public: false"]
        if marker in path.read_text(encoding="utf-8")
    ]
    assert found == []
    folder = (ROOT / "examples/members").rglob("*")
    members = "".join(p.read_text(encoding="utf-8") for p in folder if p.is_file())
    assert all(marker in members for marker in SAMPLE_PRIVATE)
