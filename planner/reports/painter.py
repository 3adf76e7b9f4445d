"""The plan's pictures, drawn in a second process while this one writes the workbooks.

Drawing with matplotlib is the longest part of writing a plan folder: its
import alone takes about half a second, then each figure's text layout as
long again. The pictures need nothing the workbooks make (summary.xlsx only
shows load.png), so ``Painter`` hands each one to a worker process, spawned
(no state shared with the solver's threads) and warmed up by importing
matplotlib as soon as it starts, and gives its bytes back when they are
asked for. Without a second core, or inside a process that may not start
one (a pool's worker), it draws in this process. The bytes are the same
either way.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any


class Drawing:
    """One picture being drawn: ``png()`` waits for its bytes."""

    def __init__(self, future: Future | None, draw: Callable[..., bytes], args: tuple):
        self.future, self.draw, self.args = future, draw, args

    def png(self) -> bytes:
        """The picture's PNG bytes (drawn here if the worker process was lost)."""
        if self.future is not None:
            try:
                return self.future.result()
            except BrokenProcessPool:
                pass
        return self.draw(*self.args)


class Painter:
    """At most one worker process drawing pictures, in the order they are asked for.

    Use it as a context manager; ``parallel`` None: a worker when the machine has
    two cores or more and this process may start one.
    """

    def __init__(self, parallel: bool | None = None):
        if parallel is None:
            parallel = (os.cpu_count() or 1) > 1 and not multiprocessing.current_process().daemon
        self.pool = (
            ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_warm)
            if parallel
            else None
        )
        if self.pool is not None:
            self.pool.submit(int)  # start the worker now: it imports matplotlib while the plan is solved

    def draw(self, draw: Callable[..., bytes], *args: Any) -> Drawing:
        """``draw(*args)`` in the worker (now, here, without one); its bytes from ``png()``."""
        if self.pool is None:
            return Drawing(None, draw, args)
        try:
            return Drawing(self.pool.submit(draw, *args), draw, args)
        except BrokenProcessPool:
            return Drawing(None, draw, args)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> Painter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _warm() -> None:
    """The worker's start: Ctrl-C is the parent's to handle; matplotlib imported once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.figure  # noqa: F401
