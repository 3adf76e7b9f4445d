"""The CP-SAT week model alone, on TINY's year 1 over a 28-week calendar (see tests/calendars.py).

S1 has weeks 0-11 (week 3 has 4 open days, week 7 is closed), S2 weeks
12-25 with a 4-week stage at the end (22-25). S1 holds 48 h of classes per
student (R1.01 and R1.03), S2 12 h (SAE 2.01 TD).
"""

from __future__ import annotations

import pytest
from calendars import SETTINGS, STAGE, department
from conftest import TINY

from planner.assign.solve import solve
from planner.data.inputs import load_inputs
from planner.options import SolveOptions
from planner.weeks.problem import WeekProblem, build_week_problem
from planner.weeks.search import lay_out_parity

COHORT = (1, "commun")


def problem(tmp_path, student_week_hours: int = 32, **tables) -> WeekProblem:
    settings = SETTINGS + f"student_week_hours,{student_week_hours}\n"
    inputs = load_inputs(department(tmp_path, periods=STAGE, settings=settings, **tables))
    return build_week_problem(inputs, solve(inputs, [1], SolveOptions.of(inputs, time_limit=2)))


def part_weeks(p: WeekProblem, hours: dict[tuple[int, int], int]) -> dict[int, dict[int, int]]:
    """Hours per week of each part, read from its first group's lines."""
    out: dict[int, dict[int, int]] = {}
    for (pi, group), lines in p.groups.items():
        if group != p.parts[pi].group_labels()[0]:
            continue
        for (li, k), h in hours.items():
            if li in lines and h:
                out.setdefault(pi, {})[k] = out.setdefault(pi, {}).get(k, 0) + h
    return out


@pytest.fixture(scope="module")
def capped(tmp_path_factory):
    """The layout of both semesters with a binding 5 h student cap."""
    p = problem(tmp_path_factory.mktemp("capped"), student_week_hours=5)
    return p, {parity: lay_out_parity(p, parity, time_limit=1) for parity in ("odd", "even")}


def test_every_group_gets_its_hours_in_the_same_weeks(capped):
    p, answers = capped
    for answer in answers.values():
        assert answer.status in ("optimal", "feasible") and answer.misfits == []
        for li, line in enumerate(p.lines):
            if line.part in part_weeks(p, answer.hours):  # a part of this semester
                assert sum(h for (lj, _), h in answer.hours.items() if lj == li) == line.hours
        by_group: dict[int, set[tuple]] = {}
        for (pi, _group), lines in p.groups.items():
            pattern = tuple(sorted((k, h) for (li, k), h in answer.hours.items() if li in lines and h))
            if pattern:
                by_group.setdefault(pi, set()).add(pattern)
        assert by_group and all(len(patterns) == 1 for patterns in by_group.values())  # TD1 = TD2 = TD3


def test_closed_stage_and_other_semester_weeks_stay_empty(capped):
    p, answers = capped
    used = {parity: {k for (_, k), h in a.hours.items() if h} for parity, a in answers.items()}
    assert used["odd"] and used["odd"] <= set(range(12)) - {7}  # week 7 is closed
    assert used["even"] and used["even"] <= set(range(12, 22))  # 22-25: stage
    assert all(p.weeks[k].parity == "odd" for k in used["odd"])


def test_student_and_teacher_weekly_caps_hold(capped):
    p, answers = capped
    for answer in answers.values():
        weeks = part_weeks(p, answer.hours)
        student: dict[int, int] = {}
        for pi in p.cohorts[COHORT]:
            for k, h in weeks.get(pi, {}).items():
                student[k] = student.get(k, 0) + h
        assert all(h <= p.student_cap[k] for k, h in student.items())
        if answer is answers["odd"]:
            assert max(student.values()) == 5 and student.get(3, 0) <= 4  # binding; 4-day week
            assert sum(student.values()) == 48
        teacher: dict[tuple[str, int], int] = {}
        for (li, k), h in answer.hours.items():
            who = p.lines[li].teacher
            teacher[(who, k)] = teacher.get((who, k), 0) + h
        assert all(h <= p.teacher_cap[who][k] for (who, k), h in teacher.items() if who in p.teacher_cap)


def test_module_weeks_and_cm_before_td(capped):
    p, answers = capped
    weeks = part_weeks(p, answers["odd"].hours)
    for b in p.blocks:
        per_week: dict[int, int] = {}
        for pi in b.parts:
            for k, h in weeks.get(pi, {}).items():
                per_week[k] = per_week.get(k, 0) + h
        assert all(min(p.week_min, b.hours) <= h <= p.week_max for h in per_week.values())
    r103 = {p.parts[pi].activity: min(weeks[pi]) for pi in range(len(p.parts)) if p.parts[pi].code == "R1.03"}
    assert r103["CM"] <= r103["TD"] and r103["CM"] <= r103["TP"]


def test_caps_that_cannot_hold_are_measured_and_named(tmp_path):
    # a 3 h cap: 10 full weeks and the 4-day week hold 10 x 3 + 2 = 32 h of S1's 48 h
    p = problem(tmp_path, student_week_hours=3)
    answer = lay_out_parity(p, "odd", time_limit=1)
    assert answer.status == "does not fit"
    # the layout tried stays (an IUT's later departments count its hours): every line placed in it
    odd = {li for li, line in enumerate(p.lines) if line.hours and p.parts[line.part].semester % 2}
    assert {li for li, _k in answer.hours} == odd
    assert answer.stages[0].name == "fit S1" and answer.stages[0].value == 16
    assert answer.stages[0].status == "optimal"  # proved: no layout does better
    assert [(m.subject, m.semester) for m in answer.misfits] == [("year 1 commun", "S1")]
    assert "16 h over the student cap of 3 h a week" in answer.misfits[0].message


def test_unavailable_teacher_weeks_stay_free(tmp_path):
    unavailable = "teacher,from_week,to_week,semester,reason\nalice,2025-W36,2025-W39,,colloque\n"
    statuses = TINY["statuses"].replace("yes,11,test", "yes,18,test")  # room for 96 h in 7 weeks
    p = problem(tmp_path, unavailability=unavailable, statuses=statuses)
    answer = lay_out_parity(p, "odd", time_limit=1)
    alice = {k for (li, k), h in answer.hours.items() if h and p.lines[li].teacher == "alice"}
    assert alice and not alice & {0, 1, 2, 3}
