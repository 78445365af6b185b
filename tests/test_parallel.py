"""Forked workers: every item done exactly once, failures reported, one path for any count."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest

from generator import parallel


def _start(folder: Path, items: int) -> parallel.Running[str]:
    """Workers that prepare their share's text, then write it with the word they are sent."""

    def prepare(share: int, shares: int) -> list[int]:
        return list(range(items)[share::shares])

    def finish(numbers: list[int], word: str) -> None:
        for number in numbers:
            (folder / f"{number}.txt").write_text(f"{word} {number} by {os.getpid()}")

    return parallel.start(prepare, finish, items)


@pytest.mark.parametrize("workers", ["1", "2", "3"])
def test_every_item_is_done_once_whatever_the_worker_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, workers)
    running = _start(tmp_path, 50)
    assert list(tmp_path.iterdir()) == []  # Nothing is finished before the message.
    running.send("shell")
    running.wait()
    written = sorted(int(p.stem) for p in tmp_path.iterdir())
    assert written == list(range(50))
    texts = [p.read_text() for p in tmp_path.iterdir()]
    assert all(text.startswith("shell ") for text in texts)
    pids = {text.split(" by ")[1] for text in texts}
    assert len(pids) == int(workers)
    assert (str(os.getpid()) in pids) == (workers == "1")


def test_a_failing_worker_is_reported_with_its_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "2")

    def prepare(share: int, shares: int) -> int:
        if share == 1:
            raise ValueError("record 7 cannot be drawn")
        return share

    running = parallel.start(prepare, lambda state, message: None, 10)
    running.send(None)
    with pytest.raises(parallel.WorkerFailed, match="record 7 cannot be drawn"):
        running.wait()


def test_cancelled_workers_write_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "2")
    running = _start(tmp_path, 20)
    running.cancel()
    running.wait()
    assert list(tmp_path.iterdir()) == []


def test_small_jobs_stay_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(parallel.WORKERS_VARIABLE, raising=False)
    assert parallel.worker_count(parallel.MIN_ITEMS_PER_WORKER - 1) == 1
    assert parallel.worker_count(10_000) == min(parallel.cores(), parallel.MAX_WORKERS)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_forked_call_returns_its_value(monkeypatch: pytest.MonkeyPatch, workers: str) -> None:
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, workers)
    pending = parallel.fork_call(
        lambda: {"data/x.csv": b"a,b\r\n", "pid": str(os.getpid()).encode()}
    )
    value = pending.wait()[0]
    assert value["data/x.csv"] == b"a,b\r\n"
    assert (value["pid"] == str(os.getpid()).encode()) == (workers == "1")


def test_a_forked_call_that_raises_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "2")

    def broken() -> int:
        raise KeyError("no such network")

    with pytest.raises(parallel.WorkerFailed, match="no such network"):
        parallel.fork_call(broken).wait()


class _Seen:
    """State the work fills: the items each copy saw (a stand-in for a preview's kept state)."""

    def __init__(self) -> None:
        self.items: set[int] = set()
        self.adopted: list[list[set[int]]] = []

    def shared(self) -> set[int]:
        return self.items

    def adopt(self, shares: list[set[int]]) -> None:
        self.adopted.append(shares)
        for items in shares:
            self.items |= items


@pytest.mark.parametrize("workers", ["1", "2", "3"])
def test_what_workers_fill_comes_back_to_this_process(
    monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, workers)
    seen = _Seen()

    def prepare(share: int, shares: int) -> None:
        seen.items.update(range(300)[share::shares])

    running = parallel.start(prepare, lambda state, message: None, 300, keeps=[seen])
    running.send(None)
    running.wait()
    assert seen.items == set(range(300))
    # Each worker's share once; work done here filled the state itself.
    assert [len(shares) for shares in seen.adopted] == ([] if workers == "1" else [int(workers)])


def test_a_failed_worker_sends_nothing_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "2")
    seen = _Seen()

    def prepare(share: int, shares: int) -> None:
        seen.items.add(share)
        if share == 1:
            raise ValueError("record 7 cannot be drawn")

    running = parallel.start(prepare, lambda state, message: None, 10, keeps=[seen])
    running.send(None)
    with pytest.raises(parallel.WorkerFailed):
        running.wait()
    assert seen.adopted == [] and seen.items == set()


def _double(number: int) -> int:
    return 2 * number


def test_fork_is_safe_right_after_a_process_pool_closes() -> None:
    """A pool's thread, joined by Python, is counted by the OS for a moment longer: right
    after the pool, work must still go to forked workers (the PDFs' pools come in turns)."""
    for _ in range(20):
        with ProcessPoolExecutor(2, mp_context=get_context("fork")) as pool:
            assert list(pool.map(_double, range(6))) == [0, 2, 4, 6, 8, 10]
        assert parallel.fork_is_safe()


def test_fork_is_not_safe_beside_a_live_thread() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        started = time.monotonic()
        assert not parallel.fork_is_safe()
        assert time.monotonic() - started < parallel.SETTLE_SECONDS  # Python knows it: no wait.
    finally:
        stop.set()
        thread.join()
