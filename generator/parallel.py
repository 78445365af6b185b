"""Work spread over the machine's cores by forking, for writing thousands of pages.

A build holds its whole model in memory; forked workers inherit it as it
is, so nothing has to be pickled and sent to them, and each worker writes
its share of the files itself. Work comes in two phases, because a page's
content can be rendered long before the page's frame is known: `prepare`
runs as soon as the workers start, `finish` once the build sends them the
message they wait for (the theme's page shells). Only a worker's failure
comes back, as its traceback text. Where fork is missing (Windows) or only
one core is free, both phases run in this process, so results never depend
on the number of cores.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

MAX_WORKERS = 8
MIN_ITEMS_PER_WORKER = 200
"""Below this many items per worker, forking costs more than it saves."""
WORKERS_VARIABLE = "SCHOOLNET_WORKERS"
"""Set to a number to fix the count of workers (1: all in one process), e.g. to compare."""

S = TypeVar("S")
M = TypeVar("M")
R = TypeVar("R")
T = TypeVar("T")


class WorkerFailed(RuntimeError):
    """A worker raised; the message is its traceback."""


def cores() -> int:
    """The cores this process may run on (a CI runner's quota, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # Not on every platform.
        return os.cpu_count() or 1


def _fixed() -> int | None:
    """The count of workers SCHOOLNET_WORKERS sets, if it does."""
    fixed = os.environ.get(WORKERS_VARIABLE, "").strip()
    return int(fixed) if fixed.isdigit() and int(fixed) > 0 else None


def can_fork() -> bool:
    """Whether work may go to a forked worker at all (fork exists, more than one core)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    return (_fixed() or cores()) > 1


def worker_count(items: int) -> int:
    """How many workers `items` pieces of work are worth on this machine."""
    if not can_fork():
        return 1
    fixed = _fixed()
    if fixed is not None:
        return min(fixed, max(items, 1))
    return max(1, min(cores(), MAX_WORKERS, items // MIN_ITEMS_PER_WORKER))


@dataclass
class _Worker:
    process: BaseProcess
    inbox: Connection  # we send the message here
    outbox: Connection  # it reports here: None, or its traceback


@dataclass
class Running(Generic[M, R]):
    """Work under way: `send` the message the workers wait for, then `wait` for their results."""

    finish_here: Callable[[M], R] | None = None
    """With no workers: the finishing phase, run by `send` in this process."""
    workers: list[_Worker] = field(default_factory=list)
    sending: list[threading.Thread] = field(default_factory=list)
    results: list[R] = field(default_factory=list)

    def send(self, message: M) -> None:
        """Let every worker finish with `message`; returns at once.

        A worker reads the message only when its first phase is done, and a
        pipe holds 64 kB, so a larger message is written by a thread: this
        process must not wait for the worker meanwhile.
        """
        if self.finish_here is not None:
            finish, self.finish_here = self.finish_here, None
            self.results.append(finish(message))
        for worker in self.workers:
            thread = threading.Thread(target=_deliver, args=(worker.inbox, message), daemon=True)
            thread.start()
            self.sending.append(thread)

    def wait(self) -> list[R]:
        """Block until every worker has finished; their results, in share order.

        Raises WorkerFailed if any failed.
        """
        failures = []
        for worker in self.workers:
            try:
                ok, payload = worker.outbox.recv()
            except EOFError:  # The worker died before it could report.
                ok, payload = False, "the worker stopped without a report"
            worker.process.join()
            if ok and worker.process.exitcode == 0:
                self.results.append(payload)
            else:
                failures.append(
                    f"{payload if not ok else ''} (exit code {worker.process.exitcode})"
                )
            worker.inbox.close()
            worker.outbox.close()
        self.workers = []
        for thread in self.sending:
            thread.join()
        self.sending = []
        if failures:
            raise WorkerFailed("\n".join(failures))
        results, self.results = self.results, []
        return results

    def cancel(self) -> None:
        """Stop the workers without waiting for their work (the build failed)."""
        self.finish_here = None
        for worker in self.workers:
            worker.process.terminate()
            worker.process.join()
        self.workers = []


def _deliver(inbox: Connection, message: Any) -> None:
    with contextlib.suppress(OSError):  # The worker already failed; `wait` reports why.
        inbox.send(message)


def _run_share(
    prepare: Callable[[int, int], S],
    finish: Callable[[S, Any], Any],
    share: int,
    shares: int,
    inbox: Connection,
    outbox: Connection,
) -> None:
    gc.disable()  # A short-lived worker: reference counting frees what it drops.
    try:
        state = prepare(share, shares)
        result = finish(state, inbox.recv())
    except BaseException:
        outbox.send((False, traceback.format_exc()))
    else:
        outbox.send((True, result))
    finally:
        outbox.close()


def start(
    prepare: Callable[[int, int], S],
    finish: Callable[[S, M], R],
    items: int,
    *,
    alone: bool = False,
) -> Running[M, R]:
    """Start `items` pieces of work over the worth-while number of workers.

    Each worker runs `state = prepare(share, shares)` for the items whose
    index % shares == share, then waits for the message `send` delivers and
    runs `finish(state, message)`, whose result `wait` returns. `alone`: one piece of work for one
    worker, beside this process. Without a worker, `prepare` runs here
    before this returns and `finish` runs inside `send`.
    """
    if alone:
        count = 1 if can_fork() else 0
    else:
        count = worker_count(items)
        count = count if count > 1 else 0  # One worker: better done here.
    if count == 0:
        state = prepare(0, 1)
        return Running(finish_here=lambda message: finish(state, message))
    context = multiprocessing.get_context("fork")
    running: Running[M, R] = Running()
    for share in range(count):
        inbox_out, inbox_in = context.Pipe(duplex=False)
        outbox_out, outbox_in = context.Pipe(duplex=False)
        process = context.Process(
            target=_run_share, args=(prepare, finish, share, count, inbox_out, outbox_in)
        )
        process.start()
        inbox_out.close()
        outbox_in.close()
        running.workers.append(_Worker(process, inbox_in, outbox_out))
    return running


def fork_call(compute: Callable[[], T]) -> Running[None, T]:
    """Compute a value in a forked worker while this process goes on; `wait()[0]` is it.

    The value comes back pickled through a pipe, so it should be plain
    data. Without fork, or with SCHOOLNET_WORKERS=1, it is computed here
    before this returns.
    """
    running: Running[None, T] = start(
        lambda share, shares: compute(), lambda value, _message: value, 1, alone=True
    )
    running.send(None)
    return running
