"""A plan folder written and read back: typed rows, and damaged files named by file, row and column."""

from __future__ import annotations

import csv
from fractions import Fraction

import pytest
from conftest import TINY, write_tables

from planner.assign.solve import solve
from planner.data.inputs import load_inputs
from planner.errors import PlannerError
from planner.store.plan import (
    ASSIGNMENT_COLUMNS,
    SERVICE_COLUMNS,
    UNCOVERED_COLUMNS,
    read_plan,
    reference_hours,
    write_plan,
)


@pytest.fixture
def folder(tmp_path):
    inputs = load_inputs(write_tables(tmp_path / "inputs", **TINY))
    out = tmp_path / "plan"
    out.mkdir()
    write_plan(out, solve(inputs, [1], time_limit=2), inputs)
    return out


def test_the_files_have_the_documented_columns(folder):
    for name, columns in (
        ("assignments", ASSIGNMENT_COLUMNS),
        ("services", SERVICE_COLUMNS),
        ("uncovered", UNCOVERED_COLUMNS),
    ):
        with open(folder / f"{name}.csv", encoding="utf-8", newline="") as f:
            assert next(csv.reader(f)) == columns
    assert ASSIGNMENT_COLUMNS[:3] == ["teacher", "year", "semester"] and UNCOVERED_COLUMNS[-1] == "reason"


def test_a_plan_reads_back_typed(folder):
    plan = read_plan(folder)
    assert plan.years == (1,)
    assert [s.teacher for s in plan.services] == ["alice", "bob"]
    assert sum(a.hetd for a in plan.assignments) == 231  # TINY, fully covered
    assert all(isinstance(a.year, int) and isinstance(a.hours, Fraction) for a in plan.assignments)
    assert plan.service("bob").service_du == 192 and plan.uncovered == []
    hours = reference_hours(folder)
    assert sum(hours.values()) == sum(a.hours for a in plan.assignments)
    assert ("alice", "1|S1|commun|R1.01|TD") in hours


@pytest.mark.parametrize(
    "file, old, new, column, words",
    [
        ("services.csv", ",192,", ",abc,", "service_du", "'abc' is not a number"),
        ("assignments.csv", "alice,1,1,", "alice,1.5,1,", "year", "'1.5' is not a whole number"),
        ("uncovered.csv", "hetd", "HETD", None, "missing column 'hetd'"),
    ],
)
def test_a_damaged_file_is_named_with_row_and_column(folder, file, old, new, column, words):
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PlannerError) as err:
        read_plan(folder)
    assert err.value.where == str(path) and words in err.value.message
    assert err.value.column == column and err.value.row == (1 if column is None else 2)
