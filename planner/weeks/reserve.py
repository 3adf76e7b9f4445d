"""What the departments laid out later need of a shared teacher's weeks, held back from the one laid out now.

An IUT is laid out department after department (``weeks.layout``); a teacher
who teaches in several of them meets each later one with the weeks the earlier
ones left. Without a look ahead, the first department may fill the very weeks
the teacher's groups of a later one can only use (another rhythm of
alternance, fewer weeks, a part of many groups), and the later one breaks the
cap although the teacher's groups of all departments fit together.

``held_back`` lays out, for each teacher shared with a later department, their
groups alone (``weeks.alone``: each part's hours in its weeks, every group of
a part in the same weeks, at most ``module_week_max`` a week) in this
department and every later one, within the room the earlier departments left,
and returns the hours the later departments' groups take in each week: the
department laid out now sees them as taken. Counted in half hours, so that
sessions of 1, 1.5 and 2 h share one model.
"""

from __future__ import annotations

import math
from fractions import Fraction

from ortools.sat.python import cp_model

from planner.data.calendar import scaled_cap
from planner.data.inputs import Inputs
from planner.weeks.problem import WeekProblem
from planner.weeks.view import ParityView, parity_view

LIMIT = 1.0  # deterministic seconds for one teacher and parity
HALF = 2  # units per hour: half hours
PEAK = 10**4  # a half hour over the room outweighs any busiest week

# (weeks it may use, units a group places, groups, most units a week, half hours of one unit)
Chunk = tuple[tuple[int, ...], int, int, int, int]


def teacher_chunks(view: ParityView) -> dict[str, list[Chunk]]:
    """Each teacher's groups of one department's parity, as chunks of its units (hours or sessions)."""
    p = view.p
    size = int(Fraction(p.session) * HALF)  # 1, 1.5 and 2 h: whole half hours
    out: dict[str, list[Chunk]] = {}
    for pi, by_teacher in sorted(view.single.items()):
        units = p.parts[pi].hours
        for teacher, groups in sorted(by_teacher.items()):
            chunk = (tuple(p.allowed[pi]), units, groups, min(units, p.week_max), size)
            out.setdefault(teacher, []).append(chunk)
    for lis in view.cotaught:  # a co-taught group: each teacher's share, in its own weeks
        for li in lis:
            line = p.lines[li]
            if line.teacher is not None:
                chunk = (tuple(p.line_weeks[li]), line.hours, 1, min(line.hours, p.week_max), size)
                out.setdefault(line.teacher, []).append(chunk)
    return out


def later_load(room: dict[int, int], now: list[Chunk], later: list[Chunk], seed: int = 0) -> dict[int, int]:
    """Half hours per week of the ``later`` chunks in a layout of ``now`` and ``later`` alone, with
    as few half hours over ``room`` as found within ``LIMIT``, then the fullest week (load less
    room) as empty as can be (empty if no layout is found)."""
    model = cp_model.CpModel()
    load: dict[int, list] = {}
    placed_later: list[tuple[int, list, tuple[int, ...]]] = []
    for i, (weeks, units, groups, top, size) in enumerate(now + later):
        placed = [model.new_int_var(0, top, "") for _ in weeks]
        model.add(sum(placed) == units)
        for k, h in zip(weeks, placed):
            load.setdefault(k, []).append(groups * size * h)
        if i >= len(now):
            placed_later.append((groups * size, placed, weeks))
    over = []
    peak = model.new_int_var(-(10**6), 10**6, "")  # then the fullest week as light as can be
    for k, terms in sorted(load.items()):
        o = model.new_int_var(0, 10**6, "")
        model.add(sum(terms) <= max(0, room.get(k, 0)) + o)
        model.add(sum(terms) - max(0, room.get(k, 0)) <= peak)
        over.append(o)
    model.minimize(sum(over) * PEAK + peak)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = LIMIT
    solver.parameters.random_seed = seed
    solver.parameters.catch_sigint_signal = False
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}
    out: dict[int, int] = {}
    for weight, placed, weeks in placed_later:
        for k, h in zip(weeks, placed):
            value = weight * solver.value(h)
            if value:
                out[k] = out.get(k, 0) + value
    return out


def held_back(
    inputs: Inputs,
    problems: list[WeekProblem],
    taken: dict[str, dict[str, int | Fraction]],
    seed: int = 0,
) -> dict[str, dict[str, int]]:
    """Hours per shared teacher and ISO week that the departments after the first of ``problems`` need.

    Parameters
    ----------
    inputs
        The checked inputs (statuses' weekly caps).
    problems
        The week problems of the department laid out now, then of those laid out after it
        (their parts, lines and weeks; their background is not read).
    taken
        Hours per teacher and ISO week already placed (other years, departments before).
    seed
        CP-SAT's seed.

    Returns
    -------
    dict
        teacher -> ISO week -> whole hours the later departments' groups of that teacher take
        there (rounded down), for each teacher with a weekly cap who has groups now and later
        in the same weeks' parity.
    """
    caps = {t.id: inputs.statuses[t.status].max_weekly_hours for t in inputs.teachers}
    weeks = problems[0].weeks
    out: dict[str, dict[str, int]] = {}
    for semester_parity in ("odd", "even"):
        chunks = [teacher_chunks(parity_view(p, semester_parity)) for p in problems]
        for teacher in sorted(chunks[0]):
            later = [c for per in chunks[1:] for c in per.get(teacher, [])]
            weekly = caps.get(teacher)
            if not later or weekly is None:
                continue
            before = taken.get(teacher, {})
            room = {
                k: math.floor((scaled_cap(weekly, w) - Fraction(before.get(w.iso, 0))) * HALF)
                for k, w in enumerate(weeks)
                if w.parity == semester_parity
            }
            for k, half_hours in later_load(room, chunks[0][teacher], later, seed).items():
                if half_hours >= HALF:  # whole hours: the department now keeps the room its groups had
                    out.setdefault(teacher, {})[weeks[k].iso] = half_hours // HALF
    return out
