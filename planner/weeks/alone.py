"""Each teacher's groups alone against their weekly cap: the least hours over it, proven.

All groups of a part follow the same weeks in whole hours, so a teacher's
load in a week comes in chunks: six TP groups of a part add six hours each
week it is taught. A teacher whose groups cannot be laid out under the cap
even with nobody else to fit around (no student cap, no module rule, no other
teacher of the same part) cannot be laid out at all. A small CP-SAT model per
teacher finds the least hours over their cap; a positive least is a proof
that no layout of this plan fits, found in a fraction of a second, where the
whole week model might search for minutes.
"""

from __future__ import annotations

import math

from ortools.sat.python import cp_model

from planner.weeks.view import ParityView

LIMIT = 1.0  # deterministic seconds for one teacher


def least_over(view: ParityView, teacher: str, seed: int = 0) -> int:
    """The least hours over ``teacher``'s weekly cap of their groups of this parity alone (0: they fit).

    Unproven within the limit counts as 0: only a proof names a teacher.
    """
    p = view.p
    room = view.room.get(teacher)
    if room is None:
        return 0
    model = cp_model.CpModel()
    load: dict[int, list] = {}
    groups: dict[int, int] = {}  # part -> groups this teacher teaches alone
    for pi, by_teacher in view.single.items():
        if teacher in by_teacher:
            groups[pi] = by_teacher[teacher]
    for pi, g in sorted(groups.items()):
        top = min(p.parts[pi].hours, p.week_max)
        hours = [model.new_int_var(0, top, "") for _ in p.allowed[pi]]
        model.add(sum(hours) == p.parts[pi].hours)
        for k, h in zip(p.allowed[pi], hours):
            load.setdefault(k, []).append(g * h)
    for lis in view.cotaught:  # a co-taught group: this teacher's share, in its own weeks
        for li in lis:
            line = p.lines[li]
            if line.teacher == teacher:
                hours = [model.new_int_var(0, min(line.hours, p.week_max), "") for _ in p.line_weeks[li]]
                model.add(sum(hours) == line.hours)
                for k, h in zip(p.line_weeks[li], hours):
                    load.setdefault(k, []).append(h)
    if not load:
        return 0
    over = []
    for k, terms in sorted(load.items()):
        o = model.new_int_var(0, 10**6, "")
        model.add(sum(terms) <= max(0, room[k]) + o)
        over.append(o)
    model.minimize(sum(over))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = LIMIT
    solver.parameters.random_seed = seed
    solver.parameters.catch_sigint_signal = False
    status = solver.solve(model)
    if status == cp_model.OPTIMAL:
        return int(round(solver.objective_value))
    if status == cp_model.FEASIBLE:
        return max(0, math.ceil(solver.best_objective_bound - 1e-6))  # the proven part only
    return 0


def teachers_over(view: ParityView, teachers: list[str], seed: int = 0) -> dict[tuple[str, str], int]:
    """(teacher, parity) -> least hours over the cap, for those of ``teachers`` proven over it."""
    out = {}
    for t in sorted(teachers):
        least = least_over(view, t, seed)
        if least > 0:
            out[(t, view.parity)] = least
    return out
