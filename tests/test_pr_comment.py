"""The change summary's pull-request comment: its body, its limits, and what it trusts."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import ROOT

from generator.pr_comment import (
    BOT,
    LIMIT,
    MARKER,
    NUMBER,
    SUMMARY,
    comment_body,
    find_comment,
    post,
    read_number,
    save,
)

RUN = "https://github.com/school-network/site/actions/runs/123456"
SUMMARY_TEXT = "## Changes to the records\n\n- school `Hawes Side` (`hawes-side`): name changed\n"


def test_a_short_summary_is_posted_whole_after_the_marker() -> None:
    body = comment_body(SUMMARY_TEXT, RUN)
    assert body.startswith(MARKER + "\n## Changes to the records\n")
    assert SUMMARY_TEXT.strip() in body
    assert f"[the checks' run page]({RUN})" in body
    assert "longer than a comment" not in body


def test_a_long_summary_is_cut_at_a_line_with_a_note_to_the_run_page() -> None:
    lines = [f"- school `s{i:05}` (`s{i:05}`): name changed from `x` to `y`" for i in range(3000)]
    summary = "\n".join(lines)
    assert len(summary) > LIMIT
    body = comment_body(summary, RUN)
    assert len(body) <= LIMIT
    assert body.startswith(MARKER)
    kept = body.removeprefix(MARKER + "\n").split("\n\n**The summary is longer")[0]
    # Whole lines only: every code span closes, and the last line kept is a full one.
    assert kept.split("\n") == lines[: len(kept.split("\n"))]
    assert len(kept.split("\n")) > 1000
    assert f"the rest of it is on [the checks' run page]({RUN}).**" in body
    # Exactly at the limit is allowed; one character more is cut.
    head, foot = len(MARKER) + 1, len(comment_body("", RUN)) - len(MARKER) - 1
    assert comment_body("a" * (LIMIT - head - foot), RUN).count("longer than a comment") == 0
    assert comment_body("a" * (LIMIT - head - foot + 1), RUN).count("longer than a comment") == 1


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "https://evil.example.com/actions/runs/1", RUN + ")[x](y"]
)
def test_a_run_address_that_is_not_githubs_is_not_linked(url: str) -> None:
    body = comment_body(SUMMARY_TEXT, url)
    assert url not in body
    assert "the run page" in body


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12", 12),
        (" 7\n", 7),
        ("012", None),
        ("1; rm -rf /", None),
        ("-1", None),
        ("1e3", None),
        ("", None),
        ("12345678901", None),
        ("１２", None),
    ],
)
def test_only_a_plain_integer_is_a_pull_request_number(text: str, number: int | None) -> None:
    assert read_number(text) == number


def test_only_the_workflows_own_comment_is_edited() -> None:
    comments = [
        {"id": 1, "user": "someone", "start": MARKER + " ha"},
        {"id": 2, "user": BOT, "start": "another bot comment"},
        {"id": 3, "user": BOT, "start": MARKER + "\n## Changes"},
    ]
    assert find_comment(comments) == 3
    assert find_comment(comments[:2]) is None


def test_save_keeps_the_summary_and_a_checked_number(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text(SUMMARY_TEXT, encoding="utf-8")
    assert save(summary, "42", tmp_path / "out") == 0
    assert (tmp_path / "out" / NUMBER).read_text() == "42\n"
    assert (tmp_path / "out" / SUMMARY).read_text() == SUMMARY_TEXT
    assert save(summary, "42 && echo", tmp_path / "bad") == 2
    assert not (tmp_path / "bad").exists()


def test_dev_comment_runs_with_the_standard_library_alone(tmp_path: Path) -> None:
    """The comment's workflow installs nothing: ./dev comment needs no virtual environment."""
    summary = tmp_path / "summary.md"
    summary.write_text(SUMMARY_TEXT, encoding="utf-8")
    result = subprocess.run(
        [
            str(ROOT / "dev"),
            "comment",
            "save",
            str(summary),
            "--pull-request",
            "7",
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / NUMBER).read_text() == "7\n"


@pytest.mark.parametrize(
    ("number", "repository", "sha"),
    [
        ("7; rm -rf /", "school-network/site", "a" * 40),
        ("7", "school-network/site; rm", "a" * 40),
        ("7", "school-network/site", "HEAD"),
    ],
)
def test_post_refuses_an_untrusted_artifact_before_calling_github(
    tmp_path: Path, number: str, repository: str, sha: str
) -> None:
    """Nothing reaches the GitHub CLI (absent here: calling it would raise) unless all is well."""
    (tmp_path / SUMMARY).write_text(SUMMARY_TEXT)
    (tmp_path / NUMBER).write_text(number)
    assert post(tmp_path, repository, sha, RUN) == 2


def test_post_refuses_a_linked_file(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").write_text("7")
    (tmp_path / SUMMARY).write_text(SUMMARY_TEXT)
    (tmp_path / NUMBER).symlink_to(tmp_path / "elsewhere")
    assert post(tmp_path, "school-network/site", "a" * 40, RUN) == 2
