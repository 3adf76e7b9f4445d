"""An IUT's assignment by its departments: sub-problems that add up to the whole, a plan of the whole."""

import numpy as np
from iut_fixtures import write_iut

from planner.assign.lexicographic import solve_stages
from planner.assign.objective import PlanMath, scale_of
from planner.assign.problem import build_problem
from planner.assign.split import pressure, sub_problems
from planner.data.inputs import load_inputs
from planner.demand import build_demand
from planner.options import SolveOptions


def test_each_department_gets_its_tasks_and_a_part_of_a_shared_teacher(tmp_path):
    inputs = load_inputs(write_iut(tmp_path / "iut"))
    problem = build_problem(inputs, build_demand(inputs, [1, 2]))
    subs = sub_problems(problem)
    assert [s.department for s in subs] == ["GEA", "QLIO"]
    assert sorted(i for s in subs for i in s.tasks) == list(range(len(problem.tasks)))
    assert sorted(k for s in subs for k in s.candidates) == list(range(len(problem.candidates)))
    for sub in subs:  # a sub-problem's tasks are its department's, its candidates theirs
        assert {problem.tasks[i].part.department for i in sub.tasks} == {sub.department}
        assert all(
            sub.problem.tasks[c.task] is problem.tasks[sub.tasks[c.task]] for c in sub.problem.candidates
        )
    alice = next(i for i, cap in enumerate(problem.capacities) if cap.id == "alice")
    assert sum(pressure(problem)[alice].values()) == 1  # she teaches English in both
    lent = [cap for s in subs for cap in s.problem.capacities if cap.id == "alice"]
    whole = problem.capacities[alice]
    assert len(lent) == 2 and sum(c.limit for c in lent) <= whole.limit
    assert sum(c.service for c in lent) == whole.service and sum(c.other for c in lent) == whole.other


def test_the_departments_plans_make_a_plan_of_the_whole(tmp_path):
    inputs = load_inputs(write_iut(tmp_path / "iut"))
    problem = build_problem(inputs, build_demand(inputs, [1, 2]))
    x = [0] * len(problem.candidates)
    for sub in sub_problems(problem):
        answer = solve_stages(sub.problem, SolveOptions.of(inputs, workers=1))
        assert sub.problem.violations(answer.x) == []
        for k, units in zip(sub.candidates, answer.x):
            x[k] = units
    assert problem.violations(x) == []  # every split adds up to the teacher's own limits
    assert PlanMath(problem, scale_of(problem)).valid(np.array(x))


def test_an_iut_solved_by_its_departments_is_a_valid_plan_held_against_the_whole(tmp_path, monkeypatch):
    import planner.assign.lexicographic as lexicographic

    inputs = load_inputs(write_iut(tmp_path / "iut"))
    problem = build_problem(inputs, build_demand(inputs, [1, 2]))
    whole = solve_stages(problem, SolveOptions.of(inputs, workers=1))
    monkeypatch.setattr(lexicographic, "SPLIT", 0)  # this small IUT solved as a large one would be
    steps = []
    split = solve_stages(problem, SolveOptions.of(inputs, workers=2), progress=steps.append)
    assert problem.violations(split.x) == []
    # each department told as it ends (the largest handed out first), the same plan as one by one
    assert sorted(s.stage.name for s in steps[:2]) == ["department GEA", "department QLIO"]
    assert split.x == solve_stages(problem, SolveOptions.of(inputs, workers=1)).x
    by_name = {s.name: s for s in split.stages}
    assert all(s.engine.endswith("(by departments)") for s in split.stages)
    assert all(s.bound <= s.value for s in split.stages if s.name != "wishes")  # wishes: maximised
    # the departments share alice alone: each stage as good as the whole model's, or proven near it
    assert by_name["uncovered"].value == whole.stages[0].value


def test_an_idle_worker_takes_the_next_department_while_a_long_one_runs(monkeypatch):
    import time
    from multiprocessing.pool import ThreadPool
    from types import SimpleNamespace

    import planner.assign.lexicographic as lexicographic
    from planner.interrupt import Stop

    def solve_sub(job):
        problem, seconds = job
        time.sleep(seconds)
        return problem.name

    monkeypatch.setattr(lexicographic, "_solve_sub", solve_sub)
    sizes = {"big": 30, "a": 20, "b": 10, "c": 5, "d": 1}
    jobs = [
        (SimpleNamespace(name=n, candidates=[0] * size), 1.0 if n == "big" else 0.01)
        for n, size in sizes.items()
    ]
    with ThreadPool(2) as pool:
        ended = list(lexicographic._pooled(pool, jobs, 2, Stop()))
    assert sorted(k for k, _ in ended) == [0, 1, 2, 3, 4]  # every job once, with its own answer
    assert all(jobs[k][0].name == answer for k, answer in ended)
    assert ended[-1] == (0, "big")  # the others ran on the second worker meanwhile
