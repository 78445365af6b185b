"""Work spread over the machine's cores by forking, for writing thousands of pages.

A build holds its whole model in memory; forked workers inherit it as it
is, so nothing has to be pickled and sent to them, and each worker writes
its share of the files itself. Work comes in two phases, because a page's
content can be rendered long before the page's frame is known: `prepare`
runs as soon as the workers start, `finish` once the build sends them the
message they wait for (the theme's page shells). What comes back is each
worker's result (small: pages are written by the workers), what it filled
of a live preview's kept state (`Kept`: a copy in a worker would end with
it), and on failure its traceback text and, when it pickles, the exception
itself. Where fork is missing (Windows), only one core is free, or another
thread is alive (`mkdocs serve` runs a server thread; a fork copies
whatever lock such a thread holds, which Python 3.12 and newer warn
about), both phases run in this process, so results never depend on the
number of cores. This module starts no thread of its own:
the message goes to the workers through a file, so that a later fork is
never made beside one.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Generic, Protocol, TypeVar

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
    """A worker raised; the message is its traceback.

    `errors` holds the exceptions themselves, those that could be sent back,
    so that a caller can report one it knows in its own words.
    """

    def __init__(self, message: str, errors: Sequence[BaseException] = ()) -> None:
        super().__init__(message)
        self.errors = tuple(errors)


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


def _threads() -> int:
    """Threads of this process, those started outside Python (by a C library) included."""
    try:
        with open(f"/proc/{os.getpid()}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
    except OSError:  # No /proc (not Linux): Python's own count.
        pass
    return threading.active_count()


SETTLE_SECONDS = 0.25
"""How long `fork_is_safe` waits for a thread Python has finished with to leave the OS's count."""
_foreign_threads = False
"""This process has a thread Python knows nothing of (a C library's), so never waits again."""


def fork_is_safe() -> bool:
    """Whether fork exists and this process has no other thread a fork could leave half-done.

    A thread that Python has joined (a process pool's, just shut down) is
    still counted by the OS until it has unwound, about a millisecond, more
    on a busy machine: in 16 of 30 pools in a row it was still counted right
    after the pool closed. Then the next work would run in this process, or
    the PDFs' workers start as fresh interpreters. So while Python knows of
    no other thread, the OS's count gets a moment to settle.
    """
    global _foreign_threads
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    deadline = time.monotonic() + SETTLE_SECONDS
    while _threads() != 1:
        if _foreign_threads or threading.active_count() > 1 or time.monotonic() > deadline:
            _foreign_threads = _foreign_threads or threading.active_count() == 1
            return False
        time.sleep(0.001)
    return True


def can_fork() -> bool:
    """Whether work may go to a forked worker at all (safe to fork, more than one core)."""
    return fork_is_safe() and (_fixed() or cores()) > 1


def worker_count(items: int) -> int:
    """How many workers `items` pieces of work are worth on this machine."""
    if not can_fork():
        return 1
    fixed = _fixed()
    if fixed is not None:
        return min(fixed, max(items, 1))
    return max(1, min(cores(), MAX_WORKERS, items // MIN_ITEMS_PER_WORKER))


class Kept(Protocol):
    """State a live preview keeps between rebuilds, which work in a forked worker fills.

    The worker's copy ends with the worker, so when it is done it sends back
    `shared()`, plain data, and the build's process `adopt`s what every
    worker sent. Work done in this process fills the state itself.
    """

    def shared(self) -> Any:
        """What this process's copy holds, as plain data to send back."""
        ...

    def adopt(self, shares: list[Any]) -> None:
        """Take what each worker's copy held (`shared()`), in share order."""
        ...


@dataclass
class _Worker:
    process: BaseProcess
    inbox: Connection  # we send the message here
    outbox: Connection  # it reports here: (True, its result) or (False, what failed)


@dataclass
class Running(Generic[M, R]):
    """Work under way: `send` the message the workers wait for, then `wait` for their results."""

    finish_here: Callable[[M], R] | None = None
    """With no workers: the finishing phase, run by `send` in this process."""
    workers: list[_Worker] = field(default_factory=list)
    folder: tempfile.TemporaryDirectory[str] | None = None
    """Holds the message the workers read, until they are done."""
    results: list[R] = field(default_factory=list)
    keeps: Sequence[Kept] = ()
    """What the workers fill and send back (see `Kept`)."""

    def send(self, message: M) -> None:
        """Let every worker finish with `message`; returns at once.

        A worker reads the message only when its first phase is done, and a
        pipe holds 64 kB, so writing a larger one into the pipe would wait
        for the worker. The message goes into a file instead, and the pipe
        carries only its path.
        """
        if self.finish_here is not None:
            finish, self.finish_here = self.finish_here, None
            self.results.append(finish(message))
        if not self.workers:
            return
        self.folder = tempfile.TemporaryDirectory(prefix="schoolnet-message-")
        path = os.path.join(self.folder.name, "message.pickle")
        with open(path, "wb") as file:
            pickle.dump(message, file, protocol=pickle.HIGHEST_PROTOCOL)
        for worker in self.workers:
            with contextlib.suppress(OSError):  # The worker already failed; `wait` says why.
                worker.inbox.send(path)

    def wait(self) -> list[R]:
        """Block until every worker has finished; their results, in share order.

        Raises WorkerFailed if any failed.
        """
        failures = []
        errors = []
        shares: list[list[Any]] = []
        for worker in self.workers:
            try:
                ok, payload = worker.outbox.recv()
            except EOFError:  # The worker died before it could report.
                ok, payload = False, ("the worker stopped without a report", None)
            worker.process.join()
            if ok and worker.process.exitcode == 0:
                result, kept = payload
                self.results.append(result)
                shares.append(kept)
            else:
                text, error = payload if not ok else ("", None)
                failures.append(f"{text} (exit code {worker.process.exitcode})")
                errors += [found] if (found := _unpickled(error)) is not None else []
            worker.inbox.close()
            worker.outbox.close()
        self.workers = []
        self._forget_message()
        if failures:
            raise WorkerFailed("\n".join(failures), errors)
        for at, kept in enumerate(self.keeps if shares else ()):
            kept.adopt([share[at] for share in shares])
        results, self.results = self.results, []
        return results

    def cancel(self) -> None:
        """Stop the workers without waiting for their work (the build failed)."""
        self.finish_here = None
        for worker in self.workers:
            worker.process.terminate()
            worker.process.join()
        self.workers = []
        self._forget_message()

    def _forget_message(self) -> None:
        if self.folder is not None:
            self.folder.cleanup()
            self.folder = None


def _receive(inbox: Connection) -> Any:
    """The message `Running.send` left in a file for this worker."""
    with open(inbox.recv(), "rb") as file:
        return pickle.load(file)


def _run_share(
    prepare: Callable[[int, int], S],
    finish: Callable[[S, Any], Any],
    share: int,
    shares: int,
    keeps: Sequence[Kept],
    inbox: Connection,
    outbox: Connection,
) -> None:
    gc.disable()  # A short-lived worker: reference counting frees what it drops.
    try:
        state = prepare(share, shares)
        result = finish(state, _receive(inbox))
        kept = [each.shared() for each in keeps]
    except BaseException as error:
        outbox.send((False, (traceback.format_exc(), _pickled(error))))
    else:
        outbox.send((True, (result, kept)))
    finally:
        outbox.close()


def _pickled(error: BaseException) -> bytes | None:
    """A worker's exception as bytes to send back, or None if it cannot be pickled."""
    try:
        return pickle.dumps(error, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return None


def _unpickled(data: bytes | None) -> BaseException | None:
    """The exception a worker sent back, or None if it cannot be rebuilt here."""
    if data is None:
        return None
    try:
        error = pickle.loads(data)
    except Exception:  # E.g. an exception class whose __init__ takes other arguments.
        return None
    return error if isinstance(error, BaseException) else None


def start(
    prepare: Callable[[int, int], S],
    finish: Callable[[S, M], R],
    items: int,
    *,
    alone: bool = False,
    keeps: Sequence[Kept] = (),
) -> Running[M, R]:
    """Start `items` pieces of work over the worth-while number of workers.

    Each worker runs `state = prepare(share, shares)` for the items whose
    index % shares == share, then waits for the message `send` delivers and
    runs `finish(state, message)`, whose result `wait` returns. `alone`: one piece of work for one
    worker, beside this process. Without a worker, `prepare` runs here
    before this returns and `finish` runs inside `send`. `keeps`: state the
    work fills that this process keeps, which `wait` has each worker send
    back (see `Kept`).
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
    running: Running[M, R] = Running(keeps=keeps)
    for share in range(count):
        inbox_out, inbox_in = context.Pipe(duplex=False)
        outbox_out, outbox_in = context.Pipe(duplex=False)
        # Daemonic: a build stopped by a signal takes its workers with it.
        process = context.Process(
            target=_run_share,
            args=(prepare, finish, share, count, keeps, inbox_out, outbox_in),
            daemon=True,
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
