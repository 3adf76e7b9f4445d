"""``planner weeks``: the grids per cohort and semester and per teacher, from hand-made rows."""

from __future__ import annotations

import pytest
from calendars import STAGE, department, sample_rows
from conftest import text_of

from planner.cli.terminal.weeks import cohort_tables, teacher_tables
from planner.data.inputs import load_inputs


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    unavailable = "teacher,from_week,to_week,semester,reason\nbob,2025-W38,2025-W38,,colloque\n"
    return load_inputs(
        department(tmp_path_factory.mktemp("grids"), periods=STAGE, unavailability=unavailable)
    )


def grid(table) -> dict[str, list[str]]:
    """Row label -> cells (weeks, then total), from the rendered table."""
    out = {}
    for line in text_of(table, width=250).splitlines():
        if line.startswith("│"):
            cells = [c.strip() for c in line.split("│")[1:-1]]
            out[cells[0]] = cells[1:]
    return out


def test_one_grid_per_semester_with_groups_and_a_student_row(inputs):
    s1, s2 = cohort_tables(sample_rows(), inputs)
    assert s1.title == "Year 1 commun, S1: hours per week" and s2.title == "Year 1 commun, S2: hours per week"
    rows = grid(s1)
    assert list(rows) == ["CM", "TD1", "TD2", "student"]
    assert rows["student"][:3] == ["5", "4", ""] and rows["student"][-1] == "9"
    assert rows["CM"][0] == "2" and rows["CM"][-1] == "2"
    assert rows["student"][7] == "V"  # week 7 is closed
    s2_rows = grid(s2)
    assert s2_rows["student"][0] == "6" and s2_rows["student"][-1] == "6"
    assert s2_rows["student"][10:14] == ["S"] * 4  # the stage, weeks 22-25


def test_without_groups_only_the_student_row(inputs):
    assert [list(grid(t)) for t in cohort_tables(sample_rows(), inputs, groups=False)] == [["student"]] * 2


def test_teachers_per_semester_with_unavailable_weeks(inputs):
    s1, s2 = teacher_tables(sample_rows(), inputs)
    assert s1.title == "Teachers, S1: hours per week"
    rows = grid(s1)
    assert rows["bob"][0] == "8" and rows["bob"][2] == "U" and rows["bob"][-1] == "8"
    assert rows["alice"][1] == "4" and rows["alice"][7] == "V"
    assert list(grid(s2)) == ["alice"]  # bob teaches nothing in S2; the uncovered group has no row
