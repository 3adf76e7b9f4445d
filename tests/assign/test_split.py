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
    assert [s.stage.name for s in steps[:2]] == ["department GEA", "department QLIO"]  # in order
    by_name = {s.name: s for s in split.stages}
    assert all(s.engine.endswith("(by departments)") for s in split.stages)
    assert all(s.bound <= s.value for s in split.stages if s.name != "wishes")  # wishes: maximised
    # the departments share alice alone: each stage as good as the whole model's, or proven near it
    assert by_name["uncovered"].value == whole.stages[0].value
