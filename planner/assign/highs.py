"""HiGHS as the assignment's MIP uses it: a quiet solver, rows added in one call, a start.

Shared by the planner's MIP (``assign.mip``) and the benchmark's HiGHS peer.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager

import highspy
import numpy as np

INF = highspy.kHighsInf


def highs(seed: int = 0, threads: int = 1) -> highspy.Highs:
    """A silent HiGHS instance for integer objectives: a gap under 1 proves a stage."""
    with quiet():  # HiGHS prints its banner on creation
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", int(seed))
    h.setOptionValue("threads", max(1, int(threads)))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999)  # integer objectives: a gap under 1 is a proof
    h.HandleUserInterrupt = True  # Ctrl-C: cancelSolve() stops the search, the best plan is kept
    return h


@contextmanager
def quiet():
    """Silence the C++ library's writes to standard output."""
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def empty():
    """No matrix entries: the arguments of ``addCols`` for columns without rows yet."""
    return 0, np.array([], dtype=np.int32), np.array([], dtype=np.int32), np.array([], dtype=np.double)


def solution(values: np.ndarray) -> highspy.HighsSolution:
    """Column values as a HiGHS start."""
    sol = highspy.HighsSolution()
    sol.col_value = list(values)
    sol.value_valid = True
    return sol


class Rows:
    """Rows collected as CSR, then added to HiGHS in one call."""

    def __init__(self):
        self.lower, self.upper, self.starts, self.indices, self.values = [], [], [], [], []

    def add(self, terms: list[tuple[int, float]], lower: float, upper: float) -> None:
        self.starts.append(len(self.indices))
        self.indices.extend(int(i) for i, _ in terms)
        self.values.extend(float(v) for _, v in terms)
        self.lower.append(float(lower))
        self.upper.append(float(upper))

    def flush(self, h: highspy.Highs) -> None:
        h.addRows(
            len(self.lower),
            np.array(self.lower, dtype=np.double),
            np.array(self.upper, dtype=np.double),
            len(self.indices),
            np.array(self.starts, dtype=np.int32),
            np.array(self.indices, dtype=np.int32),
            np.array(self.values, dtype=np.double),
        )
