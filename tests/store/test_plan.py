"""A plan folder written and read back: typed rows, and damaged files named by file, row and column."""

from __future__ import annotations

import csv
from fractions import Fraction

import pytest
from conftest import TINY, write_tables

from planner.assign.solve import solve
from planner.data.inputs import load_inputs
from planner.errors import PlannerError
from planner.options import SolveOptions
from planner.store.read import read_plan, reference_hours
from planner.store.rows import ASSIGNMENT_COLUMNS, SERVICE_COLUMNS, UNCOVERED_COLUMNS
from planner.store.write import write_plan


@pytest.fixture
def folder(tmp_path):
    inputs = load_inputs(write_tables(tmp_path / "inputs", **TINY))
    out = tmp_path / "plan"
    out.mkdir()
    write_plan(out, solve(inputs, [1], SolveOptions.of(inputs, time_limit=2)), inputs)
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


def test_plan_xlsx_is_the_same_tables_in_french(folder):
    from openpyxl import load_workbook

    from planner import labels

    book = load_workbook(folder / "plan.xlsx")
    assert book.sheetnames == ["Attributions", "Services", "Non couvert", "Solveur"]
    for ws, columns in zip(book.worksheets, (ASSIGNMENT_COLUMNS, SERVICE_COLUMNS, UNCOVERED_COLUMNS)):
        assert [c.value for c in ws[1]] == [labels.header(c) for c in columns]
    solver = book["Solveur"]
    assert [c.value for c in solver[1]][:5] == ["Étape", "Valeur", "Borne", "Écart", "État"]
    assert solver["A2"].value == "heures non couvertes" and solver["E2"].value == "optimal"
    for ws in book.worksheets:
        headers = [c.value for c in ws[1]]
        assert not set(headers) & set(labels.COLUMNS)  # no English column name left
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, (int, float)):
                    assert cell.number_format in (labels.WHOLE_FORMAT, labels.HETD_FORMAT), cell.coordinate
    # the same numbers as the CSV file, as numbers
    hetd = [r[8] for r in book["Attributions"].iter_rows(min_row=2, values_only=True)]
    with open(folder / "assignments.csv", encoding="utf-8", newline="") as f:
        assert [Fraction(str(x)) for x in hetd] == [Fraction(r["hetd"]) for r in csv.DictReader(f)]


def test_a_teachers_rows_add_up_to_their_service_as_printed():
    from planner.store.tables import printed_hetd

    third = Fraction(56, 3)  # 28 h of TP at 2/3: 18.666…
    rows = [("a", Fraction(8)), ("b", third), ("a", third), ("a", third)]
    printed = printed_hetd(rows)  # rounding each row would give a 8 + 18.67 + 18.67 = 45.34
    assert printed == [8, Fraction("18.67"), Fraction("18.67"), Fraction("18.66")]
    assert sum(p for (t, _), p in zip(rows, printed) if t == "a") == Fraction("45.33")  # 45.333… to the cent
