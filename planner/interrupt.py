"""Ctrl-C during a long solve: stop the search, keep the best plan found so far.

A solve is given a ``Stop`` (``pipeline.plan(..., stop=...)``): asking it to
stop (``Stop.request``) stops the running search (CP-SAT ``stop_search``,
HiGHS's interrupt); the solvers then return their best plan, every later
stage is skipped, and the plan is written marked *interrupted, not proven*.
``stoppable(stop)`` makes the first Ctrl-C such a request for the duration of
a solve (main thread only); a second Ctrl-C interrupts as usual. A server
stops a solve the same way, from another thread.

A search runs in a worker thread (``run``; one long-lived thread for every
solver call) so that the main thread stays free to receive the signal while
the solver's C++ code runs. A worker process (an IUT's departments, the
week helper, the scenarios of ``compare``) exits when the process that started
it is gone (``exit_with_parent``): a ``planner`` killed, not stopped, leaves
no search running for nobody.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


class Stop:
    """Whether a stop was asked for, and how to stop the search running now."""

    def __init__(self) -> None:
        self.requested = False
        self.reason = ""  # "Ctrl-C" or "the wall limit of N s"
        self._stopper: Callable[[], None] | None = None
        self._lock = threading.Lock()

    def request(self, reason: str = "Ctrl-C") -> None:
        """Ask the running search (and every later one) to stop; the first reason given is kept."""
        with self._lock:
            if not self.requested:
                self.reason = reason
            self.requested = True
            stopper = self._stopper
        if stopper is not None:
            stopper()

    def reset(self) -> None:
        """Forget a request: the next search runs in full."""
        with self._lock:
            self.requested = False
            self.reason = ""
            self._stopper = None

    def run(self, search: Callable[[], T], stopper: Callable[[], None]) -> T:
        """Run ``search`` (a solver call) so that a stop request reaches it through ``stopper``."""
        with self._lock:
            self._stopper = stopper
            already = self.requested
        if already:
            stopper()
        try:
            if threading.current_thread() is not threading.main_thread():
                return search()
            return _WORKER.call(search)
        finally:
            with self._lock:
                self._stopper = None


class _Worker:
    """One long-lived thread that runs the solver calls (HiGHS keeps its thread pool with it)."""

    def __init__(self) -> None:
        self._jobs: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None

    def call(self, search: Callable[[], T]) -> T:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, daemon=True, name="planner-solver")
            self._thread.start()
        done = threading.Event()
        box: dict[str, object] = {}
        self._jobs.put((search, box, done))
        while not done.wait(0.05):  # short waits: the signal handler runs in between
            pass
        if "error" in box:
            raise box["error"]  # type: ignore[misc]
        return box["value"]  # type: ignore[return-value]

    def _loop(self) -> None:
        while True:
            search, box, done = self._jobs.get()
            try:
                box["value"] = search()
            except BaseException as exc:  # handed over to the caller's thread
                box["error"] = exc
            finally:
                done.set()


_WORKER = _Worker()


@contextmanager
def stoppable(stop: Stop | None = None, wall_limit: float | None = None) -> Iterator[Stop]:
    """Within this block, the first Ctrl-C asks ``stop`` to stop the search instead of aborting.

    With ``wall_limit`` (seconds), the search is also stopped that long after
    the block starts, whatever step runs: the whole command stays bounded, and
    the best plan found so far is kept, marked not proven. Yields ``stop``
    (a new one if None).
    """
    stop = stop if stop is not None else Stop()
    timer = None
    if wall_limit is not None:
        timer = threading.Timer(
            wall_limit, stop.request, kwargs={"reason": f"the wall limit of {wall_limit:g} s"}
        )
        timer.daemon = True
    main = threading.current_thread() is threading.main_thread()  # signals reach it alone
    if main:

        def handler(signum, frame) -> None:
            signal.signal(signal.SIGINT, previous)  # a second Ctrl-C aborts
            stop.request()

        previous = signal.signal(signal.SIGINT, handler)
    if timer:
        timer.start()
    try:
        yield stop
    finally:
        if timer:
            timer.cancel()
        if main:
            signal.signal(signal.SIGINT, previous)


def exit_with_parent(interval: float = 0.5) -> None:
    """In a worker process: end it as soon as the process that started it is gone.

    A parent stopped with Ctrl-C ends its workers itself; one killed
    (``kill``, a closed terminal, a job scheduler's time limit) cannot, and a
    worker deep in a solver call reads no message until the call returns, minutes
    later. A thread checks every ``interval`` seconds whether the worker was
    handed over to another parent, and ends the process at once.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="planner-parent-watch").start()


def worker_pool(workers: int) -> multiprocessing.pool.Pool:
    """A pool of ``workers`` spawned processes (never a fork of a process whose solver threads
    ran), each ended with this one (``exit_with_parent``)."""
    return multiprocessing.get_context("spawn").Pool(workers, initializer=exit_with_parent)
