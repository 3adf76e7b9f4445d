"""Lay out a plan week by week: pre-check, then the CP-SAT week model per semester parity."""

from __future__ import annotations

from planner.data.calendar import parity
from planner.data.inputs import Inputs
from planner.interrupt import STOP
from planner.stages import INTERRUPTED
from planner.weeks.model import WeekModel
from planner.weeks.precheck import precheck
from planner.weeks.problem import Placement, WeekPlan, build_week_problem


def lay_out(
    inputs: Inputs,
    result,
    *,
    background: dict[str, dict[str, int]] | None = None,
    time_limit: float | None = None,
    seed: int | None = None,
) -> WeekPlan:
    """Lay out every group's hours week by week, or say plainly why they do not fit."""
    settings = inputs.settings
    problem = build_week_problem(inputs, result, background)
    misfits = precheck(problem)
    if misfits:
        overflow = {(m.teacher, m.parity): m.hours - m.available for m in misfits if m.teacher and m.parity}
        return WeekPlan(problem, [], misfits, status="does not fit", overflow=overflow)
    total = float(settings.weeks_time_limit if time_limit is None else time_limit)
    size = {
        x: sum(len(problem.allowed[pi]) for pi, pt in enumerate(problem.parts) if parity(pt.semester) == x)
        for x in ("odd", "even")
    }
    hours: dict[tuple[int, int], int] = {}
    stages, seconds, statuses = [], 0.0, []
    measures: dict[str, int] = {}
    overflow: dict[tuple[str, str], int] = {}
    for x in ("odd", "even"):  # odd and even weeks share nothing: two smaller models
        if not size[x]:
            continue
        answer = WeekModel(problem, x).solve(
            time_limit=total * size[x] / sum(size.values()),
            seed=settings.seed if seed is None else seed,
            gap=float(settings.weeks_gap),
        )
        hours.update(answer.hours)
        overflow.update(answer.overflow)
        for key, value in answer.measures.items():
            measures[key] = measures.get(key, 0) + value
        misfits += answer.misfits
        stages += answer.stages
        seconds += answer.seconds
        statuses.append(answer.status)
    if misfits:
        return WeekPlan(problem, [], misfits, stages, seconds, "does not fit", overflow=overflow)
    placements = [
        Placement(problem.lines[li], problem.weeks[k], h) for (li, k), h in sorted(hours.items()) if h
    ]
    status = "optimal" if all(s == "optimal" for s in statuses) else "feasible"
    if STOP.requested:
        status = INTERRUPTED
    return WeekPlan(problem, placements, [], stages, seconds, status, measures)
