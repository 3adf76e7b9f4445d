"""A proven lower bound of the balance stage, one small model per cohort and per teacher.

The balance objective is a sum over cohorts (10 × spread), teachers (3 ×
busiest week) and modules (2 × runs). Each term alone has a minimum that is
easy to prove: a cohort's hours alone, over the weeks its parts may use, or a
teacher's groups alone (all groups of a part share its weekly hours, so a
teacher with four TP groups of a 10-hour part carries at least 4 h in any week
the part is taught), and at least one run per module. The sum of these minima
is a lower bound of the whole: no layout does better than each term's own
best. On the shipped department it is often the optimum itself.

Each small model is solved alone by CP-SAT on one thread within its share
of a deterministic limit; its proven bound counts even when it is not solved
to the end.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ortools.sat.python import cp_model

from planner.weeks.view import ParityView

LIMIT = 2.0  # deterministic seconds for all the small models together


def _hours(model: cp_model.CpModel, p, pi: int, weeks, terms: dict, factor: int = 1) -> None:
    """A part's weekly hours (its own copy in this small model), summing to its hours."""
    hs = []
    for k in weeks:
        v = model.new_int_var(0, min(p.parts[pi].hours, p.week_max), "")
        terms.setdefault(k, []).append(factor * v)
        hs.append(v)
    model.add(sum(hs) == p.parts[pi].hours)


def cohort_spread(model: cp_model.CpModel, m: ParityView, cohort):
    """The spread (per open day) of one cohort's weeks, its hours taken alone; None if it has none."""
    p = m.p
    parts = [pi for pi in m.cohorts[cohort] if p.parts[pi].hours]
    loads = m.cohort_weeks.get(cohort, [])
    if not parts or not loads:
        return None
    terms: dict[int, list] = {}
    for pi in parts:
        _hours(model, p, pi, p.allowed[pi], terms)
    top = model.new_int_var(0, 5 * p.student_week_hours, "top")
    low = model.new_int_var(0, 5 * p.student_week_hours, "low")
    for k in loads:  # the weeks the model measures, empty ones included
        days = p.weeks[k].open_days
        load = sum(terms.get(k, []))
        model.add(days * top >= 5 * load)
        model.add(days * low <= 5 * load)
    return top - low


def teacher_peak(model: cp_model.CpModel, m: ParityView, teacher: str):
    """The busiest week of one teacher, their groups taken alone; None if they teach nothing here."""
    p = m.p
    mine = set(m.parts)
    terms: dict[int, list] = {}
    alone: dict[int, int] = {}  # part -> groups this teacher teaches alone
    for (pi, _group), lis in p.groups.items():
        if pi not in mine:
            continue
        for li in lis:
            line = p.lines[li]
            if line.teacher != teacher:
                continue
            if len(lis) == 1:
                alone[pi] = alone.get(pi, 0) + 1
                continue
            hs = []  # a co-taught share: its own hours
            for k in p.line_weeks[li]:
                v = model.new_int_var(0, min(line.hours, p.week_max), "")
                terms.setdefault(k, []).append(v)
                hs.append(v)
            model.add(sum(hs) == line.hours)
    for pi, groups in sorted(alone.items()):
        _hours(model, p, pi, p.allowed[pi], terms, groups)
    if not terms:
        return None
    top = model.new_int_var(0, p.week_max * len(m.lines), "peak")
    for ts in terms.values():
        model.add(top >= sum(ts))
    return top


def term_minima(m: ParityView, weights: dict[str, int], seed: int = 0) -> tuple[int, dict[str, int]]:
    """The balance stage's proven bound (the sum of each term's own minimum), and each teacher's
    least busiest week alone.

    The small models share nothing: each is solved alone, within its share of
    ``LIMIT`` (a hard one then costs its own term, not every other's proof).
    """
    runs = sum(
        1 for bi, b in enumerate(m.blocks) if m.block_weeks[bi] and any(m.p.parts[pi].hours for pi in b.parts)
    )
    terms: list[tuple[Callable, Any, int]] = [
        (cohort_spread, c, weights["students"]) for c, weeks in m.cohort_weeks.items() if weeks
    ]
    terms += [(teacher_peak, t, weights["teachers"]) for t in m.teacher_weeks]
    total = weights["runs"] * runs
    peaks: dict[str, int] = {}
    for term, of, weight in terms:
        model = cp_model.CpModel()
        e = term(model, m, of)
        if e is not None:
            model.minimize(e)
            least = proven_least(model, LIMIT / len(terms), seed)
            total += weight * least
            if term is teacher_peak:
                peaks[of] = least
    return total, peaks


def one_worker(limit: float, seed: int) -> cp_model.CpSolver:
    """CP-SAT of one worker within ``limit`` deterministic seconds: the same answer on any machine."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_deterministic_time = limit
    params.random_seed = seed
    params.num_workers = 1
    params.catch_sigint_signal = False  # Ctrl-C is planner.interrupt's: it stops the search
    return solver


def proven_least(model: cp_model.CpModel, limit: float, seed: int) -> int:
    """The proven part of ``model``'s minimum within ``limit`` deterministic seconds (0 if none):
    its best bound, whether a solution was found or not."""
    solver = one_worker(limit, seed)
    status = solver.solve(model)
    if status == cp_model.OPTIMAL:
        return int(round(solver.objective_value))
    if status in (cp_model.FEASIBLE, cp_model.UNKNOWN) and math.isfinite(solver.best_objective_bound):
        return max(0, math.ceil(solver.best_objective_bound - 1e-6))
    return 0
