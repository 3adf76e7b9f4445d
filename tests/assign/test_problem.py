"""The assignment problem without a solver: Problem.violations states every hard rule once."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from conftest import ROOT, TINY, write_tables

from planner.assign.lexicographic import solve_stages
from planner.assign.problem import HourCap, Problem, build_problem
from planner.assign.solve import solve
from planner.data.inputs import load_inputs
from planner.demand import build_demand
from planner.options import SolveOptions


def problem_of(folder: Path, hour_caps: list[HourCap] | None = None) -> Problem:
    inputs = load_inputs(folder)
    return build_problem(inputs, build_demand(inputs, [1]), hour_caps=hour_caps)


def solved_units(folder: Path, problem: Problem) -> list[int]:
    """The units per candidate of the plan ``solve`` finds, in the problem's candidate order."""
    inputs = load_inputs(folder)
    sol = solve(inputs, [1], SolveOptions.of(inputs, time_limit=2)).solution
    given = {(a.teacher, a.task.key): a.units for a in sol.assignments}
    return [
        given.get((problem.capacities[c.teacher].id, problem.tasks[c.task].key), 0)
        for c in problem.candidates
    ]


def candidate(problem: Problem, teacher: str, code: str, activity: str) -> int:
    return next(
        k
        for k, c in enumerate(problem.candidates)
        if problem.capacities[c.teacher].id == teacher
        and problem.tasks[c.task].part.code == code
        and problem.tasks[c.task].part.activity == activity
    )


def greedy_module():
    spec = importlib.util.spec_from_file_location("greedy", ROOT / "benchmarks" / "greedy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_solver_plan_breaks_no_rule(tiny):
    problem = problem_of(tiny)
    x = solved_units(tiny, problem)
    assert problem.violations(x) == []
    assert problem.uncovered(x) == [0] * len(problem.tasks)  # TINY is fully covered


def test_each_broken_rule_is_named(tiny):
    problem = problem_of(tiny)
    x = solved_units(tiny, problem)
    k = candidate(problem, "alice", "R1.01", "TD")  # 3 groups of 16 h, all alice's

    over = list(x)
    over[k] += 1  # one group more than exist
    errors = problem.violations(over)
    assert any("R1.01|TD: 4 units given + -1 uncovered for 3" in e for e in errors)
    assert any("4 units, not 0 to 3" in e for e in errors)

    short = list(x)
    short[k] -= 1
    assert problem.violations(short) == []  # a unit left over is uncovered, not an error
    u = problem.uncovered(short)
    u[problem.candidates[k].task] = 0  # ...unless the plan claims it is covered
    assert problem.violations(short, u) == ["1|S1|commun|R1.01|TD: 2 units given + 0 uncovered for 3"]


def test_yearly_limit_lock_and_hour_limit_are_checked(tmp_path):
    tables = dict(TINY, locks="teacher,code,activity,parcours,groups\nbob,R1.01,TD,*,1\n")
    folder = write_tables(tmp_path / "d", **tables)
    cap = HourCap("alice", frozenset({("QLIO", 1, 1)}), 60, "weekly room S1")
    problem = problem_of(folder, [cap])
    x = [0] * len(problem.candidates)
    x[candidate(problem, "alice", "R1.01", "TD")] = 3  # 48 h of S1
    x[candidate(problem, "alice", "R1.01", "TP")] = 6  # 48 h more
    errors = problem.violations(x)
    assert "alice: 96 h over the 60 h of weekly room S1" in errors
    assert "lock bob R1.01 TD (*) × 1 not kept" in errors
    # alice's yearly limit is 384 HETD: over it only with her other_hetd raised
    assert not any("HETD over the limit" in e for e in errors)
    heavy = write_tables(
        tmp_path / "heavy",
        **dict(tables, teachers=TINY["teachers"].replace("0,0,,,\n        bob", "0,300,,,\n        bob", 1)),
    )
    assert any(
        e.startswith("alice: 96 HETD over the limit 84") for e in problem_of(heavy, [cap]).violations(x)
    )


def test_mip_plan_keeps_every_rule(tiny):
    cap = HourCap("alice", frozenset({("QLIO", 1, 1)}), 40, "weekly room S1")
    problem = problem_of(tiny, [cap])
    answer = solve_stages(problem, SolveOptions(time_limit=5.0, seed=0, workers=1, wall_limit=30.0))
    assert any(s.engine == "HiGHS" for s in answer.stages)
    assert problem.violations(answer.x) == []


def test_greedy_respects_hour_limits(tiny):
    greedy = greedy_module().greedy
    free = problem_of(tiny)
    x, u = greedy(free)
    alice = [c.teacher for c in free.candidates if free.capacities[c.teacher].id == "alice"][0]

    def alice_s1_hours(problem, x):
        return sum(
            n * problem.tasks[c.task].unit_hours
            for c, n in zip(problem.candidates, x)
            if c.teacher == alice and problem.tasks[c.task].part.semester == 1
        )

    assert free.violations(x, u) == []
    assert alice_s1_hours(free, x) == 96  # all of R1.01 without a limit
    capped = problem_of(tiny, [HourCap("alice", frozenset({("QLIO", 1, 1)}), 60, "weekly room S1")])
    x, u = greedy(capped)
    assert capped.violations(x, u) == []
    assert alice_s1_hours(capped, x) <= 60
    assert sum(u) > 0  # bob is not qualified for R1.01: what alice cannot take stays uncovered


@pytest.mark.parametrize("bad", [[-1], []])
def test_a_plan_of_the_wrong_shape_is_refused(tiny, bad):
    problem = problem_of(tiny)
    x = [0] * len(problem.candidates)
    if bad:
        x[0] = bad[0]
        assert any("-1 units" in e for e in problem.violations(x))
    else:
        assert problem.violations([]) == [f"0 values for {len(problem.candidates)} candidates"]


def test_a_weekly_room_counts_sessions_of_1_h_30_at_their_hours():
    from fractions import Fraction
    from types import SimpleNamespace

    from planner.assign.limits import WeekRoom, room_limits

    # a 3-hour part taught in sessions of 1 h 30: each unit (a session) places 1 h 30 in the weeks
    part = SimpleNamespace(hours=3)
    tasks = [SimpleNamespace(key="P", unit_hours=Fraction(3, 2), part=part)]
    (row,) = room_limits([WeekRoom("ana", (("P", 3),), 10, 12, "S1")], tasks, {"ana": 0})
    (term,) = row.terms
    assert row.scale == 60 and term == (0, 90) and (row.hours, row.room) == (600, 720)
    assert 8 * term[1] <= row.room < 9 * term[1]  # 12 h of room hold 8 sessions, not 12
    # only 2 h of the part must fall in these weeks: a session's share is 1 h, whole hours again
    (row,) = room_limits([WeekRoom("ana", (("P", 2),), 10, 12, "S1")], tasks, {"ana": 0})
    assert (row.scale, row.terms, row.room) == (1, ((0, 1),), 12)
