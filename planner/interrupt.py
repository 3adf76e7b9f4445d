"""Ctrl-C during a long solve: stop the search, keep the best plan found so far.

``stoppable()`` installs a SIGINT handler for the duration of a solve (main
thread only). The first Ctrl-C sets ``STOP`` and asks the running search to
stop (CP-SAT ``stop_search``, HiGHS's interrupt); the solvers then return
their best plan, every later stage is skipped, and the plan is written marked
*interrupted, not proven*. A second Ctrl-C interrupts as usual.

A search runs in a worker thread (``run``) so that the main thread stays free
to receive the signal while the solver's C++ code runs.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


class Stop:
    """Whether a stop was asked for, and how to stop the search running now."""

    def __init__(self) -> None:
        self.requested = False
        self._stopper: Callable[[], None] | None = None
        self._lock = threading.Lock()

    def request(self) -> None:
        with self._lock:
            self.requested = True
            stopper = self._stopper
        if stopper is not None:
            stopper()

    def reset(self) -> None:
        with self._lock:
            self.requested = False
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
            box: dict[str, object] = {}

            def target() -> None:
                try:
                    box["value"] = search()
                except BaseException as exc:  # handed over to the caller's thread
                    box["error"] = exc

            worker = threading.Thread(target=target, daemon=True)
            worker.start()
            while worker.is_alive():
                worker.join(0.05)  # short waits: the signal handler runs in between
            if "error" in box:
                raise box["error"]  # type: ignore[misc]
            return box["value"]  # type: ignore[return-value]
        finally:
            with self._lock:
                self._stopper = None


STOP = Stop()


@contextmanager
def stoppable():
    """Within this block, the first Ctrl-C stops the search instead of aborting."""
    if threading.current_thread() is not threading.main_thread():
        yield STOP
        return
    STOP.reset()

    def handler(signum, frame) -> None:
        signal.signal(signal.SIGINT, previous)  # a second Ctrl-C aborts
        STOP.request()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield STOP
    finally:
        signal.signal(signal.SIGINT, previous)
