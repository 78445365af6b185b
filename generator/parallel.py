"""Work spread over the machine's cores by forking, for writing thousands of pages.

A build holds its whole model in memory; forked workers inherit it as it
is, so nothing has to be pickled and sent to them, and each worker writes
its share of the files itself. Only a worker's failure comes back, as its
traceback text. Where fork is missing (Windows, or a single core) the work
runs in this process, so results never depend on the number of cores.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

MAX_WORKERS = 8
MIN_ITEMS_PER_WORKER = 200
"""Below this many items per worker, forking costs more than it saves."""
WORKERS_VARIABLE = "SCHOOLNET_WORKERS"
"""Set to a number to fix the count of workers (1: all in one process), e.g. to compare."""

Work = Callable[[int, int], None]
"""work(share, shares): do the items whose index % shares == share."""


class WorkerFailed(RuntimeError):
    """A worker raised; the message is its traceback."""


def cores() -> int:
    """The cores this process may run on (a CI runner's quota, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # Not on every platform.
        return os.cpu_count() or 1


def worker_count(items: int) -> int:
    """How many workers `items` pieces of work are worth on this machine."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    fixed = os.environ.get(WORKERS_VARIABLE, "").strip()
    if fixed.isdigit() and int(fixed) > 0:
        return min(int(fixed), max(items, 1))
    return max(1, min(cores(), MAX_WORKERS, items // MIN_ITEMS_PER_WORKER))


@dataclass
class Running:
    """Work under way in forked workers; `wait` joins them and raises if one failed."""

    workers: list[tuple[BaseProcess, Connection]] = field(default_factory=list)

    def wait(self) -> None:
        """Block until every worker has finished; raise the first failure."""
        failures = []
        for process, receiver in self.workers:
            try:
                message = receiver.recv()
            except EOFError:  # The worker died before it could report.
                message = "the worker stopped without a report"
            process.join()
            if message is not None or process.exitcode != 0:
                failures.append(f"{message or ''} (exit code {process.exitcode})")
            receiver.close()
        self.workers = []
        if failures:
            raise WorkerFailed("\n".join(failures))


def _run_share(work: Work, share: int, shares: int, sender: Connection) -> None:
    try:
        work(share, shares)
    except BaseException:
        sender.send(traceback.format_exc())
    else:
        sender.send(None)
    finally:
        sender.close()


def start(work: Work, items: int) -> Running:
    """Start `work` split over the worth-while number of workers, and return at once.

    With one worker the work is done here before returning, so callers
    have a single path: start, do other things, wait.
    """
    workers = worker_count(items)
    if workers == 1:
        work(0, 1)
        return Running()
    context = multiprocessing.get_context("fork")
    running = Running()
    for share in range(workers):
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_run_share, args=(work, share, workers, sender))
        process.start()
        sender.close()
        running.workers.append((process, receiver))
    return running
