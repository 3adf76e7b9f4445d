"""A second process that takes work off the critical path: one semester parity, the pictures.

A plan is solved and written on one core; the machine has two. ``Helper``
gives work that needs nothing from what this process does meanwhile to one
worker process, spawned (no state shared with the solver's threads) and
warmed up as soon as it starts (matplotlib and the week search imported
while the assignment is solved): the even weeks are laid out while this
process lays out the odd ones (``weeks.layout``), weeks.png and load.png are
drawn while the workbooks are written (``pipeline.Plan.write``). Without a
second core, or inside a process that may not start one (a pool's worker),
``Helper(parallel=False)`` does the work here when its result is asked for.
The results are the same either way.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, TypeVar

from planner.interrupt import exit_with_parent

T = TypeVar("T")


class Pending(Generic[T]):
    """Work handed to the helper: ``result()`` waits for it."""

    def __init__(self, future: Future | None, work: Callable[..., T], args: tuple):
        self.future, self.work, self.args = future, work, args

    def result(self) -> T:
        """The work's result (done here if there is no worker, or it was lost)."""
        if self.future is not None:
            try:
                return self.future.result()
            except BrokenProcessPool:
                pass
        return self.work(*self.args)


class Helper:
    """At most one worker process, doing the work in the order it is handed over.

    Use it as a context manager; ``parallel`` None: a worker when the machine has
    two cores or more and this process may start one. ``warm``: modules the
    worker imports as it starts (besides matplotlib's and CP-SAT's), the work
    the caller will hand it.
    """

    def __init__(self, parallel: bool | None = None, warm: tuple[str, ...] = ()):
        if parallel is None:
            parallel = (os.cpu_count() or 1) > 1 and not multiprocessing.current_process().daemon
        self.pool = (
            ProcessPoolExecutor(
                1, mp_context=multiprocessing.get_context("spawn"), initializer=_warm, initargs=(warm,)
            )
            if parallel
            else None
        )
        if self.pool is not None:
            self.pool.submit(int)  # start the worker now: it warms up while the plan is solved

    @property
    def parallel(self) -> bool:
        """Whether work handed over runs in a worker process."""
        return self.pool is not None

    def submit(self, work: Callable[..., T], *args: Any) -> Pending[T]:
        """``work(*args)`` in the worker (now; here, later, without one)."""
        if self.pool is None:
            return Pending(None, work, args)
        try:
            return Pending(self.pool.submit(work, *args), work, args)
        except BrokenProcessPool:
            return Pending(None, work, args)

    def close(self) -> None:
        """Stop the worker: every result asked for is in, or no longer wanted."""
        if self.pool is not None:
            workers = list(self.pool._processes.values())  # no public handle on them
            self.pool.shutdown(wait=False, cancel_futures=True)
            for worker in workers:  # its own exit would unload matplotlib for a third of a second
                worker.terminate()
            self.pool.shutdown(wait=True)
            self.pool = None

    def __enter__(self) -> Helper:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _warm(modules: tuple[str, ...]) -> None:
    """The worker's start: Ctrl-C is the parent's to handle, the parent's end is its own; the heavy
    imports done once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent()
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.figure  # noqa: F401
    import ortools.sat.python.cp_model  # noqa: F401  (the week search's)

    for name in modules:
        importlib.import_module(name)
