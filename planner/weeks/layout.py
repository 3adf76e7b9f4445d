"""Lay out a plan week by week: pre-check, then the week model per semester parity.

Each semester parity starts from a greedy layout evened out by local search
(``weeks.balance``), with CP-SAT only where a gap remains (``weeks.search``).

An IUT is laid out department after department (``lay_out_departments``).
One week model of every department of an IUT grows with their number, and its
search stalls long before a single department's would. Departments share only
teachers, so they are laid out one after the other, in name order, each with
the whole ``weeks_time_limit`` (in an IUT the setting is per department): a
department's model sees the weekly hours the departments before it give the
shared teachers as background, as a year sees other years' saved layouts, and
the hours their groups of the departments after it take in a layout of those
groups alone (``weeks.reserve``): the first department does not fill the weeks
a later one's rhythm leaves a teacher. On the last try, a department that does
not fit with those hours held back is laid out again without them, so that its
reasons speak of the hours really taken (a try before the last only names the
teachers over a cap, whichever department it is in). The assignment already
keeps each teacher's hours within the room of the weeks of the departments
they teach in (``weeks.room``); when a department still breaks a cap, the
teacher is named over it and ``pipeline.plan`` assigns again with less room
for them.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from fractions import Fraction
from functools import partial
from typing import TYPE_CHECKING

from planner.context import add_weekly
from planner.data.calendar import parity
from planner.data.inputs import Inputs
from planner.helper import Helper
from planner.interrupt import Stop
from planner.options import SolveOptions
from planner.progress import WEEKS, Progress, Step
from planner.stages import INTERRUPTED
from planner.weeks.precheck import precheck
from planner.weeks.problem import Placement, WeekPlan, WeekProblem, build_week_problem
from planner.weeks.reserve import Reserve
from planner.weeks.search import lay_out_parity
from planner.weeks.sessions import in_hours, notes

if TYPE_CHECKING:
    from planner.assign.solve import Result


def lay_out(
    inputs: Inputs,
    result: Result,
    options: SolveOptions | None = None,
    *,
    background: dict[str, dict[str, int | Fraction]] | None = None,
    progress: Progress | None = None,
    quick: bool = False,
    stop: Stop | None = None,
    helper: Helper | None = None,
) -> WeekPlan:
    """Lay out every group's hours week by week, or say plainly why they do not fit.

    An IUT's departments are laid out one after the other (``lay_out_departments``).
    The pre-check compares hours with the room the weeks leave; then one CP-SAT
    week model per semester parity (odd and even weeks share nothing).

    Parameters
    ----------
    inputs
        The checked inputs, with a calendar.
    result
        The solved assignment (``assign.solve.Result``).
    options
        ``weeks_time_limit`` (deterministic seconds for both parities), ``seed``
        and ``weeks_gap`` (None: ``SolveOptions.of(inputs)``).
    background
        Hours per teacher and ISO week of other years' saved layouts.
    progress
        Called once per semester parity laid out, with its last stage (``planner.progress``).
    quick
        A try that another will follow: where the local search leaves teachers
        over their cap, report them without a whole-model CP-SAT fit
        (``weeks.search.lay_out_parity``).
    stop
        Asked to stop, the layout keeps what it has, marked interrupted.
    helper
        A second process for the even weeks (``planner.helper``; None: one after the other).

    Returns
    -------
    WeekPlan
        The placements, or no placement and the misfits (with the hours over
        each teacher's cap in ``overflow``, for ``pipeline.plan`` to retry).
    """
    options = options if options is not None else SolveOptions.of(inputs)
    stop = stop if stop is not None else Stop()
    departments = [d for d in inputs.departments if any(p.department == d for p in result.demand.parts)]
    if inputs.scoped and len(departments) > 1:
        return lay_out_departments(
            inputs, result, departments, options, background, progress, quick, stop, helper
        )
    problem = build_week_problem(inputs, result, background)
    return solve_layout(problem, options, progress, quick=quick, stop=stop, helper=helper)


def solve_layout(
    problem: WeekProblem,
    options: SolveOptions,
    progress: Progress | None = None,
    department: str = "",
    quick: bool = False,
    stop: Stop | None = None,
    helper: Helper | None = None,
) -> WeekPlan:
    """The pre-check, then the week model of each semester parity, for one week problem.

    ``progress`` is called after each parity, its stage named after ``department`` when given;
    ``helper`` lays out the even weeks in a second process meanwhile (``planner.helper``).
    """
    start = time.perf_counter()
    misfits = precheck(problem)
    checked = {  # hours over a teacher's cap, as the tries cut rooms: whole hours
        (m.teacher, m.parity): math.ceil(m.hours - m.available) for m in misfits if m.teacher and m.parity
    }
    if misfits and (not quick or any(m.students for m in misfits)):
        return WeekPlan(problem, [], misfits, status="does not fit", overflow=checked)
    # a quick try goes on past a pre-check that only teachers fail: the local search names every
    # teacher over a cap (the students' weeks failing, no other assignment would mend them)
    stop = stop if stop is not None else Stop()
    session = problem.session  # the hours of one unit the model counts (weeks.sessions)
    total = options.weeks_time_limit
    size = {
        x: sum(len(problem.allowed[pi]) for pi, pt in enumerate(problem.parts) if parity(pt.semester) == x)
        for x in ("odd", "even")
    }
    hours: dict[tuple[int, int], int] = {}
    stages, seconds, statuses = [], 0.0, []
    measures: dict[str, int | Fraction] = {}
    overflow: dict[tuple[str, str], int] = {}
    parities = [x for x in ("odd", "even") if size[x]]  # they share nothing: two smaller models

    def limits(x: str) -> dict:
        return {
            "time_limit": total * size[x] / sum(size.values()),
            "seed": options.seed,
            "gap": options.weeks_gap,
            "quick": quick,
        }

    # the even weeks in the helper's process while this one lays out the odd ones (the same
    # answer: each is deterministic); a stop reaches this process's parity only
    apart = (
        helper.submit(partial(lay_out_parity, **limits("even")), problem, "even", None)
        if helper is not None and helper.parallel and len(parities) == 2
        else None
    )
    for x in parities:
        if x == "even" and apart is not None:
            answer = apart.result()
        else:
            answer = lay_out_parity(problem, x, stop, **limits(x))
        hours.update(answer.hours)
        overflow.update({key: math.ceil(v * session) for key, v in answer.overflow.items()})  # in hours
        for key, units in answer.measures.items():  # loads in sessions: in hours
            value = units * session if key in ("student spread", "teacher peaks") else units
            measures[key] = measures.get(key, 0) + value
        misfits += answer.misfits
        stages += answer.stages
        seconds += answer.seconds
        statuses.append(answer.status)
        if progress is not None and answer.stages:
            last = answer.stages[-1]
            last = replace(last, name=f"{last.name} {department}") if department else last
            progress(Step(WEEKS, last, time.perf_counter() - start))
    placed = in_hours(hours, [line.exact for line in problem.lines], session)
    placements = [
        Placement(problem.lines[li], problem.weeks[k], h) for (li, k), h in sorted(placed.items()) if h
    ]
    if misfits:
        for who, hours_over in checked.items():
            overflow[who] = max(overflow.get(who, 0), hours_over)
        return WeekPlan(
            problem, [], misfits, stages, seconds, "does not fit", overflow=overflow, tried=placements
        )
    status = "optimal" if all(s == "optimal" for s in statuses) else "feasible"
    if stop.requested:
        status = INTERRUPTED
    plan = WeekPlan(problem, placements, [], stages, seconds, status, measures)
    if not problem.in_hours:
        parts = [(p.code, p.activity, p.year, p.parcours_label, p.semester, p.exact) for p in problem.parts]
        plan.notes = notes(parts, session, department)
    return plan


def lay_out_departments(
    inputs: Inputs,
    result: Result,
    departments: list[str],
    options: SolveOptions,
    background: dict[str, dict[str, int | Fraction]] | None = None,
    progress: Progress | None = None,
    quick: bool = False,
    stop: Stop | None = None,
    helper: Helper | None = None,
) -> WeekPlan:
    """One layout per department, in order, each counting the hours of those before; one plan of all."""
    full = build_week_problem(inputs, result, background)
    index = {(full.parts[line.part].key, line.group, line.teacher): li for li, line in enumerate(full.lines)}
    week_index = {w.iso: k for k, w in enumerate(full.weeks)}
    taken: dict[str, dict[str, int | Fraction]] = {t: dict(w) for t, w in (background or {}).items()}
    hours: dict[tuple[int, int], int | Fraction] = {}
    misfits, stages, statuses, week_notes = [], [], [], []
    measures: dict[str, int | Fraction] = {}
    overflow: dict[tuple[str, str], int] = {}
    seconds = 0.0
    reserve = Reserve(
        inputs, [build_week_problem(inputs, result, None, d) for d in departments], options.seed
    )
    for i, department in enumerate(departments):
        ahead = reserve.ahead(i, taken)
        held = {t: dict(w) for t, w in taken.items()}
        add_weekly(held, ahead)
        problem = build_week_problem(inputs, result, held, department)
        plan = solve_layout(problem, options, progress, department, quick, stop, helper)
        if ahead and not plan.fits and not quick:  # a wish, not a rule: the reasons in real hours
            seconds += plan.seconds
            problem = build_week_problem(inputs, result, taken, department)
            plan = solve_layout(problem, options, progress, department, quick, stop, helper)
        stages += [replace(s, name=f"{s.name} {department}") for s in plan.stages]
        misfits += [replace(m, message=f"{department}: {m.message}") for m in plan.misfits]
        for key, value in plan.overflow.items():
            overflow[key] = overflow.get(key, 0) + value
        for name, measure in plan.measures.items():
            measures[name] = measures.get(name, 0) + measure
        seconds += plan.seconds
        week_notes += plan.notes
        statuses.append(plan.status)
        for pl in plan.placements or plan.tried:  # a layout that failed: its hours still count after
            line = pl.line
            if plan.placements:
                li = index[(problem.parts[line.part].key, line.group, line.teacher)]
                hours[(li, week_index[pl.week.iso])] = hours.get((li, week_index[pl.week.iso]), 0) + pl.hours
            if line.teacher is not None:
                per_week = taken.setdefault(line.teacher, {})
                per_week[pl.week.iso] = per_week.get(pl.week.iso, 0) + pl.hours
    if misfits:
        return WeekPlan(full, [], misfits, stages, seconds, "does not fit", overflow=overflow)
    placements = [Placement(full.lines[li], full.weeks[k], h) for (li, k), h in sorted(hours.items()) if h]
    status = "optimal" if all(s == "optimal" for s in statuses) else "feasible"
    if stop is not None and stop.requested:
        status = INTERRUPTED
    return WeekPlan(full, placements, [], stages, seconds, status, measures, notes=week_notes)
