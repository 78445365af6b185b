"""A pull request that writes markup, mentions or invisible characters cannot change what the
summary shows reviewers: every quoted value, id, name and path stays plain text."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import SCHOOLS, replace_once
from git_repos import NO_PAGES, NO_RECORDS, PAGES, change, commit_all, data_repo, diff

from generator.changes import Private, summarise
from generator.content_changes import summarise_files
from generator.models import School
from generator.revisions import FileChange

HOSTILE_FIELDS = (
    "  address: |-\n"
    "    Nice school <!-- the rest is hidden\n"
    "    </details> <script>alert(1)</script> <img src=x onerror=alert(1)>\n"
    "  summary: |-\n"
    "    | a | b | [x](javascript:alert(1)) ![x](https://evil.example/p.png)\n"
    "    # @school-network/maintainers see #123 `tick` *bold* _it_\n"
)
"""Values the check accepts (it refuses invisible characters such as U+202E, which
tests/test_inert.py quotes directly)."""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return data_repo(tmp_path / "data")


def with_summary(summary: str) -> str:
    return replace_once(
        SCHOOLS, "  networks: [nesa]\n- id", "  networks: [nesa]\n" + summary + "- id"
    )


def test_hostile_values_are_quoted_inertly(repo: Path) -> None:
    (repo / "schools.yaml").write_text(with_summary(HOSTILE_FIELDS), encoding="utf-8")
    commit_all(repo, "hostile values")
    assert diff(repo, "HEAD~1", "HEAD").stdout == (
        "## Changes to the records\n\n1 school changed.\n\n"
        "- school `Hawes Side Academy` (`hawes-side`): address (none) → "
        "`Nice school <!-- the rest is hidden⏎"
        "</details> <script>alert(1)</script> <img src=x onerror=alert(1)>`; summary (none) → "
        "``| a | b | [x](javascript:alert(1)) ![x](https://evil.example/p.png)⏎"
        "# @school-network/maintainers see #123 `tick` *bold* _it_``\n" + NO_PAGES
    )


def test_a_very_long_value_is_cut_and_counted(repo: Path) -> None:
    long = "Word " * 179 + "end"
    (repo / "schools.yaml").write_text(with_summary(f"  summary: {long}\n"), encoding="utf-8")
    commit_all(repo, "a long summary")
    assert diff(repo, "HEAD~1", "HEAD").stdout.splitlines()[4] == (
        "- school `Hawes Side Academy` (`hawes-side`): summary (none) → "
        "`" + ("Word " * 40)[:-1] + "␠`… (698 more characters)"
    )


def test_hostile_file_names_are_quoted_inertly_in_the_table(repo: Path) -> None:
    folder = repo / "content" / "guidance"
    folder.mkdir(parents=True)
    (folder / "a|b <!-- `x` @all #1.md").write_text("text\n", encoding="utf-8")
    commit_all(repo, "a page with a hostile name")
    assert diff(repo, "HEAD~1", "HEAD").stdout == NO_RECORDS + PAGES + (
        "| page added | ``content/guidance/a\\|b <!-- `x` @all #1.md`` | 1 added, 0 removed |\n"
    )


def test_hostile_ids_and_names_are_quoted_even_if_validation_let_them_through() -> None:
    # The base branch's code judges data its own validation may never have seen.
    school = School(
        id="x`](javascript:alert(1))",
        name="@all #1 <!--",
        phase="primary",
        type="academy",
    )
    assert summarise({"school": []}, {"school": [school]}) == (
        "## Changes to the records\n\n1 school added.\n\n"
        "- 1 school added: `@all #1 <!--` (``x`](javascript:alert(1))``)\n"
    )


def test_refused_markup_is_called_out_per_file_without_quoting_private_bodies() -> None:
    def refuses_scripts(path: str, text: str) -> Sequence[str]:
        return ["<script> element", "a | b"] if "<script>" in text else []

    changes = [
        FileChange("content/guidance/a.md", "added", 1, 0, "<script>x</script>\n"),
        FileChange("content/guidance/b.md", "changed", 1, 1, "fine\n"),
        FileChange("content/schools/secret.md", "changed", 1, 1, "<script>y</script>\n"),
        FileChange("content/guidance/c.md", "removed", 0, 3, None),
    ]
    private = Private({"school": frozenset({"secret"})})
    assert summarise_files(changes, private, refuses_scripts) == PAGES.lstrip("\n") + (
        "| page added | `content/guidance/a.md` | 1 added, 0 removed |\n"
        "| page changed | `content/guidance/b.md` | 1 added, 1 removed |\n"
        "| body of a private school changed | (private) | 1 added, 1 removed |\n"
        "| page removed | `content/guidance/c.md` | 0 added, 3 removed |\n"
        "\nMarkup the site refuses to show:\n\n"
        "- `content/guidance/a.md`: `<script> element`, `a | b`\n"
        "- body of a private school: 2 refused (private, so not quoted)\n"
    )


def test_by_default_no_markup_is_called_out() -> None:
    changes = [FileChange("content/guidance/a.md", "added", 1, 0, "<script>x</script>\n")]
    assert "refuses" not in summarise_files(changes, Private({}))


def test_the_summary_calls_out_what_the_sanitiser_refuses(tmp_path: Path) -> None:
    repo = data_repo(tmp_path)
    (repo / "content" / "guidance").mkdir(parents=True, exist_ok=True)
    change(
        repo,
        "content/guidance/visit.md",
        "# Visit\n\nSee [us](network:kaizen).\n\n<img src=x onerror=alert(1)>\n",
    )
    result = diff(repo, "HEAD~1", "HEAD")
    assert result.returncode == 0, result.stderr
    assert (
        "- `content/guidance/visit.md`: `line 5: the attribute onerror= is not allowed on <img>; "
        "remove it (CONTRIBUTING.md lists the HTML a page may use)`\n"
    ) in result.stdout
