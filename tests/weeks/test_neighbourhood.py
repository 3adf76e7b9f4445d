"""A teacher's parts laid out again by a small CP-SAT model, the rest kept (weeks.neighbourhood),
on the shipped year 3's even weeks (S6), whose polished layout is 22 % from its bound."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import SHIPPED
from ortools.sat.python import cp_model

from planner.assign.solve import solve
from planner.data.inputs import load_inputs
from planner.options import SolveOptions
from planner.weeks.alone import teachers_over
from planner.weeks.bounds import term_minima
from planner.weeks.measure import WEIGHTS, fits, join, split, teacher_overflow, value, week_loads
from planner.weeks.model import WeekModel
from planner.weeks.neighbourhood import by_teacher, off_caps
from planner.weeks.problem import build_week_problem
from planner.weeks.search import lay_out_parity
from planner.weeks.view import ParityView, parity_view


@pytest.fixture(scope="module")
def view() -> ParityView:
    inputs = load_inputs(SHIPPED)
    return parity_view(build_week_problem(inputs, solve(inputs, [3], SolveOptions.of(inputs))), "even")


@pytest.fixture(scope="module")
def start(view):
    """The layout of the search before any teacher is laid out again (greedy, evened, polished)."""
    answer = lay_out_parity(view.p, "even", gap=1.0)
    hours, shares = split(view, answer.hours)
    assert fits(view, hours, shares) and not answer.misfits
    return hours, shares


def whole_model_value(view: ParityView, hours: dict, shares: dict) -> int | None:
    """The balance the whole CP-SAT model counts for this layout, every cell fixed; None if it
    breaks one of the model's rules (or a cap: the fit stage is held at 0)."""
    m = WeekModel(view)
    layout = join(view, hours, shares)
    for key, var in m.x.items():
        m.model.add(var == layout.get(key, 0))
    m.model.add(m.terms["fit"] == 0)
    m.model.minimize(m.terms["balance"])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    status = solver.solve(m.model)
    if status != cp_model.OPTIMAL:
        assert status == cp_model.INFEASIBLE
        return None
    return int(solver.objective_value)


def test_every_teacher_laid_out_again_lowers_the_balance_within_every_rule(view, start):
    hours, shares = start
    before = value(view, hours, shares)
    after_hours = by_teacher(view, hours, shares, sorted(view.teacher_weeks))
    after = value(view, after_hours, shares)
    assert after < before
    p = view.p
    for pi in view.parts:  # every hour of every part placed, in weeks it may use
        placed = {k: h for (q, k), h in after_hours.items() if q == pi and h}
        assert sum(placed.values()) == p.parts[pi].hours
        assert set(placed) <= set(p.allowed[pi])
    assert fits(view, after_hours, shares)
    # the whole model takes the layout (module hours a week, CM first, caps) and counts the same
    assert whole_model_value(view, after_hours, shares) == after
    assert whole_model_value(view, hours, shares) == before


def test_one_teacher_at_a_time_never_worse_and_the_same_every_time(view, start):
    hours, shares = start
    before = value(view, hours, shares)
    lowered = 0
    for teacher in sorted(view.teacher_weeks):
        once = by_teacher(view, hours, shares, [teacher])
        assert by_teacher(view, hours, shares, [teacher]) == once
        assert value(view, once, shares) <= before
        lowered += value(view, once, shares) < before
        moved = {pi for (pi, k), h in once.items() if hours.get((pi, k), 0) != h}
        moved |= {pi for (pi, k), h in hours.items() if once.get((pi, k), 0) != h}
        assert all(teacher in view.single.get(pi, {}) for pi in moved)  # only their own parts move
    assert lowered > 0


def test_the_search_lays_out_teachers_again_only_further_than_the_gap_from_the_bound(view):
    problem = view.p
    kept = lay_out_parity(problem, "even", gap=1.0)
    searched = lay_out_parity(problem, "even", gap=0.0)
    (balance_kept,), (balance_searched,) = (
        [s for s in answer.stages if s.name.startswith("balance")] for answer in (kept, searched)
    )
    assert balance_kept.engine == "greedy"
    assert balance_searched.engine == "greedy + CP-SAT by teacher"
    assert balance_searched.value < balance_kept.value
    assert balance_searched.bound == balance_kept.bound
    assert not searched.misfits and searched.status in ("optimal", "feasible")


def test_the_weekly_caps_hold_where_they_bind(view, start):
    """Caps at what the layout puts in each week, plus an hour: the search may still even out,
    never past a cap."""
    hours, shares = start
    p = view.p
    _, cohorts, teachers = week_loads(view, join(view, hours, shares))
    weeks = range(len(p.weeks))
    student = [max(loads.get(k, 0) for loads in cohorts.values()) for k in weeks]
    teacher = {
        t: [p.background.get(t, {}).get(k, 0) + teachers.get(t, {}).get(k, 0) + 1 for k in weeks]
        for t in p.teacher_cap
    }
    tight = parity_view(replace(p, student_cap=student, teacher_cap=teacher), "even")
    assert fits(tight, hours, shares)
    after = by_teacher(tight, hours, shares, sorted(tight.teacher_weeks))
    assert value(tight, after, shares) < value(tight, hours, shares)
    assert fits(tight, after, shares)
    assert whole_model_value(tight, after, shares) == value(tight, after, shares)


def test_off_caps_takes_the_layout_off_caps_that_only_single_hour_moves_could_not(view, start):
    """Each teacher above their own least busiest week capped one hour under their busiest week:
    the layout is over those caps, no teacher's groups alone are; laid out again one teacher at
    a time, the caps elastic, the hours over fall (here to none) and every rule holds."""
    hours, shares = start
    p = view.p
    _, _, teachers = week_loads(view, join(view, hours, shares))
    _, least = term_minima(view, WEIGHTS)
    capped = {t: max(loads.values()) - 1 for t, loads in teachers.items() if max(loads.values()) > least[t]}
    assert capped
    teacher_cap = dict(p.teacher_cap)
    for t, most in capped.items():
        teacher_cap[t] = [most + p.background.get(t, {}).get(k, 0) for k in range(len(p.weeks))]
    tight = parity_view(replace(p, teacher_cap=teacher_cap), "even")
    before = teacher_overflow(tight, hours, shares)
    assert before and not teachers_over(tight, sorted(capped))
    after = off_caps(tight, hours, shares)
    for pi in tight.parts:
        assert sum(h for (q, _k), h in after.items() if q == pi) == p.parts[pi].hours
    assert fits(tight, after, shares)
    assert whole_model_value(tight, after, shares) == value(tight, after, shares)
    assert off_caps(tight, hours, shares) == after  # the same every time
