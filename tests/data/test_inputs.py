"""Loading a department: cross-table checks, workbook input, the shipped data."""

from fractions import Fraction

import pytest
from conftest import SHIPPED

from planner.data.inputs import load_inputs
from planner.data.maquette import check_totals, checked_totals
from planner.errors import PlannerError
from planner.store.template import write_template


def test_tiny_department_loads(tiny):
    inputs = load_inputs(tiny)
    assert [m.code for m in inputs.modules] == ["R1.01", "R1.03", "SAE 2.01"]
    assert inputs.activities["CM"].hetd == Fraction(3, 2)
    assert inputs.statuses["vacataire"].factors["TP"] == Fraction(2, 3)
    assert all(c.ok for c in check_totals(inputs))


def test_shipped_maquette_matches_every_declared_total():
    inputs = load_inputs(SHIPPED)
    checks = checked_totals(inputs)
    blocks = {(m.year, m.semester, m.parcours) for m in inputs.modules}
    semester_checks = {(c.year, c.semester, c.parcours) for c in checks if c.semester}
    assert semester_checks == blocks  # every block has its Totaux line
    assert len(blocks) == 2 + 3 * 2 + 3 * 2
    assert all(c.ok for c in checks)
    assert sum(c.declared["total"] for c in checks if c.year == 1 and c.semester is None) == 928


def test_changed_hour_breaks_the_totals(tiny):
    text = (
        (tiny / "maquette.csv")
        .read_text()
        .replace("R1.01,Anglais,ressource,,16,8,,,,24", "R1.01,Anglais,ressource,,17,8,,,,25")
    )
    (tiny / "maquette.csv").write_text(text)
    with pytest.raises(PlannerError) as info:
        checked_totals(load_inputs(tiny))
    err = info.value
    assert err.where.endswith("maquette_totals.csv") and err.row == 2 and err.column == "TD"
    assert "declared 28, maquette.csv gives 29" in str(err)


def test_row_that_does_not_add_up(tiny):
    text = (tiny / "maquette.csv").read_text().replace(",16,8,,,,24", ",16,8,,,,25")
    (tiny / "maquette.csv").write_text(text)
    with pytest.raises(PlannerError, match="add up to 24, not to the total 25") as info:
        load_inputs(tiny)
    assert info.value.row == 2 and info.value.column == "total"


@pytest.mark.parametrize(
    "table, old, new, column, words",
    [
        ("maquette", "1,1,commun,R1.01", "1,1,XYZ,R1.01", "parcours", "unknown parcours 'XYZ'"),
        ("maquette", "1,2,commun,SAE", "1,3,commun,SAE", "semester", "not in year 1"),
        ("teachers", "bob,Bob B,MCF", "bob,Bob B,PU", "status", "unknown status 'PU'"),
        ("qualifications", "bob,R1.03", "bobby,R1.03", "teacher", "unknown teacher 'bobby'"),
        ("qualifications", "alice,R1.01,", "alice,R9.*,", "pattern", "matches no module"),
        ("cohorts", "1,commun,84", "1,OSC,84", "parcours", "must be 'commun'"),
    ],
)
def test_cross_table_errors(tiny, table, old, new, column, words):
    path = tiny / f"{table}.csv"
    path.write_text(path.read_text().replace(old, new, 1))
    with pytest.raises(PlannerError) as info:
        load_inputs(tiny)
    assert words in str(info.value)
    assert info.value.column == column
    assert info.value.where.endswith(f"{table}.csv")


def test_missing_table_is_named(tiny):
    (tiny / "cohorts.csv").unlink()
    with pytest.raises(PlannerError, match="missing table 'cohorts'"):
        load_inputs(tiny)


def test_workbook_gives_the_same_department(tmp_path):
    book = tmp_path / "department.xlsx"
    write_template(SHIPPED, book)
    a, b = load_inputs(SHIPPED), load_inputs(book)
    assert a.modules == b.modules
    assert a.totals == b.totals
    assert a.cohorts == b.cohorts
    assert a.teachers == b.teachers
    assert a.qualifications == b.qualifications
    assert a.statuses == b.statuses


def test_corrupt_and_protected_workbooks(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(PlannerError, match="cannot be opened") as info:
        load_inputs(bad)
    assert str(bad) in str(info.value)
    ole = tmp_path / "locked.xlsx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(PlannerError, match="password-protected"):
        load_inputs(ole)


def test_missing_sheet_in_workbook(tmp_path):
    import openpyxl

    book = tmp_path / "department.xlsx"
    write_template(SHIPPED, book)
    wb = openpyxl.load_workbook(book)
    del wb["teachers"]
    wb.save(book)
    with pytest.raises(PlannerError, match="missing table 'teachers'") as info:
        load_inputs(book)
    assert "sheet 'teachers'" in str(info.value)
