"""The first stages of the assignment model as a MIP, solved by HiGHS (``highspy``).

Same variables and constraints as ``planner.assign.cpsat`` (the rules of
``Problem.violations``: cover, yearly limits, locks, hour limits such as the
weekly room): ``x`` units per candidate
and ``u`` uncovered units per task (integers), ``hc`` heures complémentaires
and ``ss`` sous-service per teacher (continuous: at the optimum they equal
their lower bounds, as the integer ones of CP-SAT do). Stages, solved in turn,
each kept at its value (plus a tolerance) while the next is optimised:
uncovered HETD, cost of HC and vacataires, sous-service.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np

from planner.assign.highs import Rows, quiet
from planner.assign.problem import Problem

STAGES = ("uncovered", "cost", "sous_service")


@dataclass(frozen=True)
class MipStage:
    name: str
    value: float
    bound: float
    status: str  # optimal, time limit, ...
    gap: float
    seconds: float


@dataclass(frozen=True)
class MipAnswer:
    x: list[int]
    u: list[int]
    stages: list[MipStage]
    seconds: float
    variables: int
    constraints: int


def solve_mip(problem: Problem, time_limit: float, seed: int = 0) -> MipAnswer:
    """Optimise the stages in order, ``time_limit`` seconds (wall) split evenly."""
    start = time.perf_counter()
    p = problem
    nc, nt, nk = len(p.candidates), len(p.tasks), len(p.capacities)
    ix = np.arange(nc)
    iu = nc + np.arange(nt)
    ihc = nc + nt + np.arange(nk)
    iss = nc + nt + nk + np.arange(nk)
    n = nc + nt + 2 * nk
    inf = highspy.kHighsInf

    upper = np.full(n, inf)
    upper[ix] = [p.tasks[c.task].units for c in p.candidates]
    upper[iu] = [t.units for t in p.tasks]
    with quiet():  # HiGHS prints its banner on creation
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", seed)
    h.setOptionValue("mip_rel_gap", 0.0)  # prove optimality, as CP-SAT does
    h.addCols(
        n,
        np.zeros(n),
        np.zeros(n),
        upper,
        0,
        np.array([], dtype=np.int32),
        np.array([], dtype=np.int32),
        np.array([], dtype=np.double),
    )
    integer = np.concatenate([ix, iu]).astype(np.int32)
    h.changeColsIntegrality(len(integer), integer, np.full(len(integer), highspy.HighsVarType.kInteger))

    rows = Rows()
    by_task: list[list[int]] = [[] for _ in p.tasks]
    load: list[list[tuple[int, float]]] = [[] for _ in p.capacities]
    for k, c in enumerate(p.candidates):
        by_task[c.task].append(k)
        load[c.teacher].append((k, float(c.hetd)))
    for i, task in enumerate(p.tasks):  # covered once or uncovered
        rows.add([(k, 1.0) for k in by_task[i]] + [(iu[i], 1.0)], task.units, task.units)
    for i, cap in enumerate(p.capacities):
        other, service = float(cap.other), float(cap.service)
        rows.add(load[i], -inf, float(cap.limit))
        rows.add(load[i] + [(ihc[i], -1.0)], -inf, service - other)  # hc >= load + other - service
        if cap.service > 0:
            rows.add(load[i] + [(iss[i], 1.0)], service - other, inf)  # ss >= service - other - load
        else:
            h.changeColBounds(int(iss[i]), 0.0, 0.0)
    index = {(c.teacher, c.task): k for k, c in enumerate(p.candidates)}
    for lock in p.locks:
        rows.add([(index[(lock.teacher, t)], 1.0) for t in lock.tasks], lock.units, inf)
    for limit in p.limits:  # hours a teacher may get in some semesters
        tasks = set(limit.tasks)
        terms = [
            (k, float(p.tasks[c.task].unit_hours))
            for k, c in enumerate(p.candidates)
            if c.teacher == limit.teacher and c.task in tasks
        ]
        if terms:
            rows.add(terms, -inf, float(limit.hours))
    by_teacher: dict[int, dict[int, int]] = {}
    for k, c in enumerate(p.candidates):
        by_teacher.setdefault(c.teacher, {})[c.task] = k
    for room in p.rooms:  # what a teacher's units must place in a block of weeks, within their room
        mine = by_teacher.get(room.teacher, {})
        terms = [(mine[t], float(hours)) for t, hours in room.terms if t in mine]
        if terms:
            rows.add(terms, -inf, float(room.bound(p.whole_rooms)))
    for shape in p.shapes:  # at most the groups of a part the teacher's weekly room holds
        k = index.get((shape.teacher, shape.task))
        if k is not None:
            h.changeColBounds(int(k), 0.0, float(min(upper[k], shape.units)))
    rows.flush(h)

    objectives = {
        "uncovered": (iu, [float(t.unit_hetd) for t in p.tasks]),
        "cost": (ihc, [float(cap.hc_rate) for cap in p.capacities]),
        "sous_service": (iss, [1.0] * nk),
    }
    per_stage = time_limit / len(STAGES)
    stages, values = [], None
    for name in STAGES:
        cols, costs = objectives[name]
        h.changeColsCost(n, np.arange(n, dtype=np.int32), np.zeros(n))
        h.changeColsCost(len(cols), cols.astype(np.int32), np.array(costs))
        h.setOptionValue("time_limit", per_stage)
        t0 = time.perf_counter()
        h.run()
        status = h.getModelStatus()
        info = h.getInfo()
        said = h.modelStatusToString(status).lower()
        if info.primal_solution_status == 2:  # kSolutionStatusFeasible
            values = np.array(h.getSolution().col_value)
        elif values is None:
            raise RuntimeError(f"HiGHS stage {name}: no solution ({said})")
        else:  # none in time: the stage before's plan still holds every row
            said += ", plan of the stage before"
        value = float(np.dot(values[cols], costs))
        optimal = status == highspy.HighsModelStatus.kOptimal
        bound = value if optimal else min(value, info.mip_dual_bound)
        gap = 0.0 if optimal else (value - bound) / max(abs(value), 1e-9)
        stages.append(
            MipStage(name, value, bound, "optimal" if optimal else said, gap, time.perf_counter() - t0)
        )
        # no start from the stage before: HiGHS 1.x may then call a worse plan optimal
        # (year 2: cost 1 636.4 "optimal" where 0 is feasible)
        keep = Rows()  # hold this stage at its value
        keep.add(list(zip(cols.tolist(), costs)), -inf, value + 1e-6 * max(1.0, abs(value)))
        keep.flush(h)
    x = [int(round(v)) for v in values[ix]]
    u = [task.units - sum(x[k] for k in by_task[i]) for i, task in enumerate(p.tasks)]
    return MipAnswer(x, u, stages, time.perf_counter() - start, n, h.getNumRow())
