"""Proven bounds of the assignment's stages beyond the MIP's own, and rows that tighten them.

- ``lp_bound``: a stage's LP relaxation, the stages before held.
- ``floor_bound``: for the min–max fairness stage, whose LP spreads HC over
  every teacher, the largest of the least HC the LP leaves each teacher at
  the top.
- ``strengthen``: rows every plan within the stages held keeps, added before
  the combinatorial stages (fragmentation, wishes), whose LP otherwise uses a
  fraction of a module by each of many teachers.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import highspy
import numpy as np

from planner.assign.highs import INF, Rows

if TYPE_CHECKING:
    from planner.assign.mip import AssignmentMip


@contextmanager
def relaxed(model: AssignmentMip) -> Iterator[highspy.Highs]:
    """``model``'s HiGHS with its integer columns continuous, restored on leaving."""
    h, integer = model.h, model.integer
    h.changeColsIntegrality(len(integer), integer, np.full(len(integer), highspy.HighsVarType.kContinuous))
    h.clearSolver()
    h.setOptionValue("time_limit", INF)
    try:
        yield h
    finally:
        h.changeColsIntegrality(len(integer), integer, np.full(len(integer), highspy.HighsVarType.kInteger))
        h.clearSolver()


def lp_bound(model: AssignmentMip, name: str, solver: str = "choose") -> int:
    """A proven lower bound of stage ``name``: its LP relaxation (the stages before held).

    ``solver``: HiGHS's LP method (``ipm``, interior point, for the large LPs simplex is slow on).
    """
    model.set_costs(name)
    with relaxed(model) as h:
        h.setOptionValue("solver", solver)
        try:
            model.stop.run(model.search, h.cancelSolve)
        finally:
            h.setOptionValue("solver", "choose")
        ok = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        step = model.step[name]
        value = h.getInfo().objective_function_value if ok else model.trivial_bound(name) / step
    return step * math.ceil(value - 1e-6 - 1e-9 * abs(value))


def lp_units(model: AssignmentMip, name: str) -> np.ndarray:
    """The units per candidate of stage ``name``'s LP relaxation (the stages before held)."""
    model.set_costs(name)
    with relaxed(model) as h:
        model.stop.run(model.search, h.cancelSolve)
        ok = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        return np.array(h.getSolution().col_value)[model.ix] if ok else np.zeros(len(model.ix))


def floor_bound(model: AssignmentMip, name: str, value: int, teachers: int = 8) -> int:
    """A proven bound of the fairness stage: the largest of the least HC the LP leaves each of
    the ``teachers`` permanent teachers with most HC in the last plan (the stages before held)."""
    p, h = model.problem, model.h
    assert model.values is not None, "the top teachers are those of a plan"
    hc = model.values[model.ihc]
    top = sorted((i for i, cap in enumerate(p.capacities) if cap.permanent), key=lambda i: (-hc[i], i))
    best = 0.0
    with relaxed(model):
        for i in top[:teachers]:
            cost = np.zeros(model.n)
            cost[model.ihc[i]] = 1.0
            h.changeColsCost(model.n, np.arange(model.n, dtype=np.int32), cost)
            h.clearSolver()
            model.stop.run(model.search, h.cancelSolve)
            if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
                best = max(best, h.getInfo().objective_function_value)
    step = model.step[name]
    return min(value, step * math.ceil(best / step - 1e-6 - 1e-9 * abs(best)))


def strengthen(model: AssignmentMip, fairness: int | None) -> None:
    """Rows every plan within the stages held so far keeps, for the combinatorial stages' LP.

    With fairness held at ``fairness`` (scaled), a permanent teacher teaches at most their
    service, less what they teach elsewhere, plus that many HC. A teacher's load in one module
    is then at most what they may still teach, and nothing unless they use the module; and
    their units of one part at most what that load, or a weekly shape, allows. Without these,
    the LP uses a fraction of a module by each of many teachers.
    """
    p, s, rows = model.problem, model.scale, Rows()
    most: dict[int, float] = {}
    for i, cap in enumerate(p.capacities):
        top = float(cap.limit)
        if fairness is not None and cap.permanent:
            top = min(top, max(0.0, float(cap.service - cap.other)) + fairness / s)
        most[i] = top * s
    for g, ks in enumerate(model.groups):
        teacher = p.candidates[ks[0]].teacher
        loads = [(k, float(p.candidates[k].hetd * s)) for k in ks]
        if sum(h * model.units[k] for k, h in loads) > most[teacher]:
            rows.add(loads + [(model.iy[g], -float(most[teacher]))], -INF, 0.0)
        for k, h in loads:
            fit = math.floor(most[teacher] / h) if h else model.units[k]
            if fit < model.units[k]:
                rows.add([(k, 1.0), (model.iy[g], -float(fit))], -INF, 0.0)
            elif model.units[k] < p.tasks[p.candidates[k].task].units:  # a weekly shape
                rows.add([(k, 1.0), (model.iy[g], -float(model.units[k]))], -INF, 0.0)
    rows.flush(model.h)
