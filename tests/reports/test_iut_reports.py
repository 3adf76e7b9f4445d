"""An IUT's plan: one assignment over every department, files with a department column,
the IUT summary, one folder per department, fiches across departments."""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

import pytest
from iut_fixtures import write_iut
from weekchecker import rows

from planner.data.inputs import load_inputs
from planner.store.read import read_plan


@pytest.fixture
def solved(cli, tmp_path):
    inputs = write_iut(tmp_path / "iut")
    out = tmp_path / "r" / "yearall"
    run = cli("solve", "--year", "all", "--inputs", inputs, "--out", out, "--quiet")
    assert run.code == 0, run.err
    return inputs, out


def number(text: str) -> Fraction:
    return Fraction(text)


def test_plan_files_have_a_department_column_and_names_as_written(solved):
    inputs, out = solved
    assignments = rows(out / "assignments.csv")
    assert list(assignments[0])[0] == "department"
    assert {r["department"] for r in assignments} == {"GEA", "QLIO"}
    assert {r["code"] for r in assignments} >= {"R3.01", "R1.01"}  # no GEA/ prefix in the files
    assert {r["parcours"] for r in assignments if r["code"] == "R3.01"} == {"GC+GP", "OSC+QMI"}
    # read back, the names are scoped again: the plan is the one solved
    saved = read_plan(out)
    assert {a.code for a in saved.assignments if a.department == "GEA"} >= {"GEA/R3.01"}
    for department in ("GEA", "QLIO"):
        mine = rows(out / "departments" / department / "assignments.csv")
        assert "department" not in mine[0]
        theirs = [{k: v for k, v in r.items() if k != "department"} for r in assignments]
        assert mine == [r for r, a in zip(theirs, assignments) if a["department"] == department]
        assert (out / "departments" / department / "summary.xlsx").exists()


def test_departments_add_up_to_the_iut(solved):
    inputs, out = solved
    figures = {r["department"]: r for r in rows(out / "departments.csv")}
    assert set(figures) == {"GEA", "QLIO", "IUT"}
    for column in figures["IUT"]:
        if column != "department":
            parts = number(figures["GEA"][column]) + number(figures["QLIO"][column])
            assert abs(parts - number(figures["IUT"][column])) <= Fraction(2, 100), column
    services = rows(out / "services.csv")
    cost = sum(number(s["cost_eur"]) for s in services)
    assert abs(number(figures["IUT"]["cost_eur"]) - cost) <= Fraction(2, 100)
    assignments = rows(out / "assignments.csv")
    for department in ("GEA", "QLIO"):
        hours = sum(number(r["hours"]) for r in assignments if r["department"] == department)
        assert (
            number(figures[department]["demand_hours"]) - number(figures[department]["uncovered_hours"])
            == hours
        )


def test_fiche_of_a_shared_teacher_has_a_part_per_department(solved, cli):
    inputs, out = solved
    run = cli("sheet", "alice", "--plan", out, "--inputs", inputs)
    assert run.code == 0, run.err
    said = run.out
    assert "Département GEA" in said and "Département QLIO" in said
    assert (
        said.index("Département GEA")
        < said.index("Sous-total département GEA")
        < said.index("Département QLIO")
    )
    from planner.reports.fiche import DepartmentTotal, build_fiche

    saved = read_plan(out)
    fiche = build_fiche(saved, saved.service("alice"), load_inputs(inputs))
    assert [d.department for d in fiche.departments] == ["GEA", "QLIO"]
    assert sum(d.hetd for d in fiche.departments) == fiche.hetd
    table = fiche.table()
    assert table[0] == "GEA" and isinstance(table[-1], DepartmentTotal)
    assert all(line.code == "R1.01" or line.code == "R3.01" for line in fiche.lines)


def test_shared_teacher_stays_within_the_yearly_cap_summed_over_departments(cli, tmp_path):
    # alice alone teaches English in both departments: 230 h, far beyond her 150 HETD
    teachers = """
        id,name,status,field,reductions,other_hetd,max_hetd,max_hc,wishes,department
        alice,Alice A,MCF,anglais,0,0,150,,,GEA
        bob,Bob B,MCF,maths,0,0,,,,QLIO
        carl,Carl C,vacataire,gestion,0,0,,,,GEA
        dora,Dora D,vacataire,qualité,0,0,,,,QLIO
        """
    inputs = write_iut(tmp_path / "iut", teachers=teachers)
    out = tmp_path / "r" / "yearall"
    assert cli("solve", "--year", "all", "--inputs", inputs, "--out", out, "--quiet").code == 0
    per = defaultdict(Fraction)
    for r in rows(out / "assignments.csv"):
        if r["teacher"] == "alice":
            per[r["department"]] += number(r["hetd"])
    assert set(per) == {"GEA", "QLIO"}  # she teaches in both ...
    assert sum(per.values()) <= 150  # ... within one cap for the two
    (alice,) = [s for s in rows(out / "services.csv") if s["teacher"] == "alice"]
    assert number(alice["assigned_hetd"]) == sum(per.values())
    english = sum(number(r["hours"]) for r in rows(out / "uncovered.csv") if r["code"] in ("R1.01", "R3.01"))
    # English: year 1 (56 GEA, 84 QLIO students) 2 + 3 TD groups × 16 h and 4 + 6 TP × 8 h;
    # year 2 3 + 2 TD groups × 14 h; what alice does not teach is uncovered (nobody else may)
    assert english == 5 * 16 + 10 * 8 + 5 * 14 - sum(per.values())


def test_iut_documents_are_french_and_fiches_add_up(solved):
    import openpyxl

    from planner.reports.fiche import build_fiche

    inputs, out = solved
    book = openpyxl.load_workbook(out / "summary.xlsx")
    assert book.sheetnames[:3] == ["Synthèse", "Départements", "Enseignants par département"]
    header = [c.value for c in book["Départements"][1]]
    assert header[0] == "Département" and "Demande (HETD)" in header
    departments = [row[0].value for row in book["Départements"].iter_rows(min_row=2)]
    assert departments == ["GEA", "QLIO", "IUT"]
    for department in ("GEA", "QLIO"):
        sub = openpyxl.load_workbook(out / "departments" / department / "summary.xlsx")
        assert sub.sheetnames == ["Synthèse", "Enseignants", "Non couvert"]
    # printed line HETD (assignments.csv cents) -> department subtotals -> total, exactly
    saved = read_plan(out)
    printed = defaultdict(list)
    for r in rows(out / "assignments.csv"):
        printed[r["teacher"]].append(number(r["hetd"]))
    for s in rows(out / "services.csv"):
        fiche = build_fiche(saved, saved.service(s["teacher"]), load_inputs(inputs))
        assert sorted(line.hetd for line in fiche.lines) == sorted(printed[s["teacher"]])
        for d in fiche.departments:
            assert d.hetd == sum(line.hetd for line in fiche.lines if line.department == d.department)
        assert fiche.hetd == number(s["assigned_hetd"])


def test_single_year_warning_for_an_iut(cli, tmp_path):
    inputs = write_iut(tmp_path / "iut")
    root = tmp_path / "r"
    run = cli("solve", "--year", "2", "--inputs", inputs, "--out", root / "year2", "--quiet")
    assert run.code == 0, run.err
    assert "no saved plan of year 1" in " ".join(run.out.split())
    assert cli("solve", "--year", "1", "--inputs", inputs, "--out", root / "year1", "--quiet").code == 0
    run = cli("solve", "--year", "2", "--inputs", inputs, "--out", root / "year2", "--quiet")
    assert run.code == 0, run.err
    assert "is not counted" not in " ".join(run.out.split())
