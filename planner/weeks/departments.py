"""An IUT's week layout, department after department.

One week model of every department of an IUT grows with their number, and its
search stalls long before a single department's would. Departments share only
teachers, so they are laid out one after the other, in name order, each with
the whole ``weeks_time_limit`` (in an IUT the setting is per department): a
department's model sees the weekly hours the departments before it give the
shared teachers as background, as a year sees other years' saved layouts. The
assignment already keeps each teacher's hours within the room of the weeks of
the departments they teach in (``weeks.room``), so what one department takes
the next one still has room around; when it has not, the teacher is named
over the cap and ``pipeline.plan`` assigns again with less room for them.
"""

from __future__ import annotations

from dataclasses import replace

from planner.data.inputs import Inputs
from planner.weeks.layout import solve_layout
from planner.weeks.problem import Placement, WeekPlan, build_week_problem


def lay_out_departments(
    inputs: Inputs,
    result,
    departments: list[str],
    background: dict[str, dict[str, int]] | None = None,
    time_limit: float | None = None,
    seed: int | None = None,
) -> WeekPlan:
    """One layout per department, in order, each counting the hours of those before; one plan of all."""
    full = build_week_problem(inputs, result, background)
    index = {(full.parts[line.part].key, line.group, line.teacher): li for li, line in enumerate(full.lines)}
    week_index = {w.iso: k for k, w in enumerate(full.weeks)}
    taken = {t: dict(per_week) for t, per_week in (background or {}).items()}
    hours: dict[tuple[int, int], int] = {}
    misfits, stages, statuses = [], [], []
    measures: dict[str, int] = {}
    overflow: dict[tuple[str, str], int] = {}
    seconds = 0.0
    for department in departments:
        problem = build_week_problem(inputs, result, taken, department)
        plan = solve_layout(problem, inputs.settings, time_limit, seed)
        stages += [replace(s, name=f"{s.name} {department}") for s in plan.stages]
        misfits += [replace(m, message=f"{department}: {m.message}") for m in plan.misfits]
        for key, value in plan.overflow.items():
            overflow[key] = overflow.get(key, 0) + value
        for key, value in plan.measures.items():
            measures[key] = measures.get(key, 0) + value
        seconds += plan.seconds
        statuses.append(plan.status)
        for pl in plan.placements:
            line = pl.line
            li = index[(problem.parts[line.part].key, line.group, line.teacher)]
            hours[(li, week_index[pl.week.iso])] = hours.get((li, week_index[pl.week.iso]), 0) + pl.hours
            if line.teacher is not None:
                per_week = taken.setdefault(line.teacher, {})
                per_week[pl.week.iso] = per_week.get(pl.week.iso, 0) + pl.hours
    if misfits:
        return WeekPlan(full, [], misfits, stages, seconds, "does not fit", overflow=overflow)
    placements = [Placement(full.lines[li], full.weeks[k], h) for (li, k), h in sorted(hours.items()) if h]
    status = "optimal" if all(s == "optimal" for s in statuses) else "feasible"
    return WeekPlan(full, placements, [], stages, seconds, status, measures)
