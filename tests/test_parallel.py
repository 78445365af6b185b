"""Forked workers: every item done exactly once, failures reported, one path for any count."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import parallel


def _writer(folder: Path, items: int) -> parallel.Work:
    def work(share: int, shares: int) -> None:
        for number in range(items)[share::shares]:
            (folder / f"{number}.txt").write_text(f"{number} by {os.getpid()}")

    return work


@pytest.mark.parametrize("workers", ["1", "2", "3"])
def test_every_item_is_done_once_whatever_the_worker_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, workers)
    parallel.start(_writer(tmp_path, 50), 50).wait()
    written = sorted(int(p.stem) for p in tmp_path.iterdir())
    assert written == list(range(50))
    pids = {p.read_text().split(" by ")[1] for p in tmp_path.iterdir()}
    expected = 1 if workers == "1" else int(workers)
    assert len(pids) == expected
    assert (str(os.getpid()) in pids) == (workers == "1")


def test_a_failing_worker_is_reported_with_its_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "2")

    def work(share: int, shares: int) -> None:
        if share == 1:
            raise ValueError("record 7 cannot be drawn")

    running = parallel.start(work, 10)
    with pytest.raises(parallel.WorkerFailed, match="record 7 cannot be drawn"):
        running.wait()


def test_small_jobs_stay_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(parallel.WORKERS_VARIABLE, raising=False)
    assert parallel.worker_count(parallel.MIN_ITEMS_PER_WORKER - 1) == 1
    assert parallel.worker_count(10_000) == min(parallel.cores(), parallel.MAX_WORKERS)
