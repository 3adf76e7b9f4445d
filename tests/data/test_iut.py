"""An IUT's inputs: departments as folders or a column, names scoped by department, bad references."""

from __future__ import annotations

import pytest
from iut_fixtures import write_iut

from planner.data.inputs import load_inputs
from planner.demand import build_demand


@pytest.fixture
def iut(tmp_path):
    return write_iut(tmp_path / "iut")


def test_departments_are_folders_and_names_are_scoped(iut):
    inputs = load_inputs(iut)
    assert inputs.scoped and inputs.departments == ("GEA", "QLIO")
    assert {m.department for m in inputs.modules} == {"GEA", "QLIO"}
    assert all(m.code.startswith(m.department + "/") for m in inputs.modules)
    assert (1, "GEA/commun") in inputs.cohorts and (1, "QLIO/commun") in inputs.cohorts
    assert {t.id: t.department for t in inputs.teachers} == {
        "alice": "GEA",
        "bob": "QLIO",
        "carl": "GEA",
        "dora": "QLIO",
    }
    patterns = {(q.teacher, q.pattern) for q in inputs.qualifications}
    # a pattern without a department is the teacher's home department; */ is every department
    assert ("alice", "*/R?.01") in patterns
    assert ("bob", "QLIO/R1.03") in patterns and ("carl", "GEA/R1.03") in patterns
    assert ("dora", "QLIO/R3.*.05") in patterns


def test_same_code_in_two_departments_does_not_pool(iut):
    demand = build_demand(load_inputs(iut), [2])
    english = [p for p in demand.parts if p.code.endswith("/R3.01")]
    by_department = {p.department: p for p in english}
    assert len(english) == 2 and set(by_department) == {"GEA", "QLIO"}
    # pooled within each department, never across: 70 GEA students in 3 groups, 42 QLIO in 2
    assert by_department["GEA"].parcours == ("GEA/GC", "GEA/GP")
    assert by_department["QLIO"].parcours == ("QLIO/OSC", "QLIO/QMI")
    assert (by_department["GEA"].groups, by_department["QLIO"].groups) == (3, 2)
    # English 5 groups × 14 h; each parcours module 10 h TD and 10 h TP per group:
    # GC 40 and GP 30 students in 2 TD and 3 TP groups each, OSC 24 and QMI 18 in 1 TD and 2 TP
    assert demand.hours == 5 * 14 + 2 * (2 + 3) * 10 + 2 * (1 + 2) * 10


def test_workbook_with_a_department_column_reads_the_same(iut, tmp_path, cli):
    book = tmp_path / "iut.xlsx"
    assert cli("template", "--inputs", iut, "--out", book).code == 0
    a, b = load_inputs(iut), load_inputs(book)
    assert a.departments == b.departments and b.scoped
    assert a.modules == b.modules and a.cohorts == b.cohorts and a.teachers == b.teachers
    assert a.qualifications == b.qualifications and a.totals == b.totals
    import openpyxl

    ws = openpyxl.load_workbook(book)["maquette"]
    assert next(ws.iter_rows(values_only=True))[0] == "department"


def test_shipped_inputs_are_one_department_named_by_the_setting(shipped_copy):
    inputs = load_inputs(shipped_copy)
    assert not inputs.scoped and inputs.departments == ("QLIO",)
    assert "R3.01" in {m.code for m in inputs.modules}
    with open(shipped_copy / "settings.csv", "a", encoding="utf-8") as f:
        f.write("department,GEA,\n")
    assert load_inputs(shipped_copy).departments == ("GEA",)


HEAD = "id,name,status,field,reductions,other_hetd,max_hetd,max_hc,wishes,department"


def _error(cli, folder):
    run = cli("validate", "--inputs", folder)
    assert run.code == 2, run.out + run.err
    assert "Traceback" not in run.err
    return run.err


def test_unknown_home_department_names_file_row_and_column(tmp_path, cli):
    teachers = f"{HEAD}\nalice,Alice A,MCF,,0,0,,,,GEA\nbob,Bob B,MCF,,0,0,,,,INFO\n"
    err = _error(cli, write_iut(tmp_path / "iut", teachers=teachers))
    assert "teachers.csv, row 3, column 'department'" in err and "unknown department 'INFO'" in err


def test_missing_home_department_in_an_iut(tmp_path, cli):
    teachers = f"{HEAD}\nalice,Alice A,MCF,,0,0,,,,GEA\nbob,Bob B,MCF,,0,0,,,,\n"
    err = _error(cli, write_iut(tmp_path / "iut", teachers=teachers))
    assert "teachers.csv, row 3, column 'department'" in err and "no home department" in err


def test_qualification_naming_a_department_that_does_not_exist(tmp_path, cli):
    quals = "teacher,pattern,activities,weight\nalice,R1.01,*,1\nalice,INFO/R1.01,*,1\n"
    err = _error(cli, write_iut(tmp_path / "iut", qualifications=quals))
    assert "qualifications.csv, row 3, column 'pattern'" in err and "'INFO'" in err


def test_wish_naming_a_department_that_does_not_exist(tmp_path, cli):
    teachers = f"{HEAD}\nalice,Alice A,MCF,,0,0,,,QLIO/R1.01;TC/R3.01,GEA\n"
    quals = "teacher,pattern,activities,weight\nalice,R1.01,*,1\n"
    err = _error(cli, write_iut(tmp_path / "iut", teachers=teachers, qualifications=quals))
    assert "teachers.csv, row 2, column 'wishes'" in err and "'TC'" in err


def test_pattern_of_a_department_that_has_no_such_module(tmp_path, cli):
    quals = "teacher,pattern,activities,weight\nbob,GEA/R3.OSC.05,*,1\n"
    err = _error(cli, write_iut(tmp_path / "iut", qualifications=quals))
    assert "qualifications.csv, row 2, column 'pattern'" in err and "department GEA" in err


def test_department_table_at_the_root_of_an_iut(tmp_path, cli):
    root = write_iut(tmp_path / "iut")
    (root / "cohorts.csv").write_text("year,parcours,students,td_size,tp_size\n", encoding="utf-8")
    err = _error(cli, root)
    assert "cohorts.csv" in err and "departments/<CODE>/cohorts.csv" in err


def test_parcours_of_another_department_is_unknown(tmp_path, cli):
    locks = "teacher,code,activity,parcours,groups\nalice,R3.01,TD,OSC,1\n"
    err = _error(cli, write_iut(tmp_path / "iut", GEA__locks=locks))
    assert "departments/GEA/locks.csv, row 2, column 'parcours'" in err and "'OSC'" in err


def test_department_setting_is_refused_in_an_iut(tmp_path, cli):
    err = _error(cli, write_iut(tmp_path / "iut", settings="key,value\ndepartment,GEA\n"))
    assert "settings.csv, row 2, column 'key'" in err
