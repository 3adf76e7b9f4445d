"""Hours in halves: read as ``4.5`` and ``4,5``, kept exact, printed ``4.5`` in CSV and ``4,5`` on fiches."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from conftest import TINY, write_tables

from planner.assign.problem import build_problem
from planner.data.inputs import load_inputs
from planner.demand import build_demand
from planner.errors import PlannerError
from planner.numbers import csv_number, hours_text

HALVES = dict(
    TINY,
    maquette="""
        year,semester,parcours,code,name,kind,CM,TD,TP,SR,SDR,Projet,total
        1,1,commun,R1.01,Anglais,ressource,,4.5,9,,,,13.5
        1,1,commun,R1.03,Maths,ressource,1.5,12,10.5,,,,24
        1,2,commun,SAE 2.01,Projet,SAE,,12,,,,36,48
        """,
    maquette_totals="""
        year,semester,parcours,CM,TD,TP,SR,SDR,Projet,total
        1,1,commun,1.5,16.5,19.5,,,,37.5
        1,2,commun,,12,,,,36,48
        1,annual,commun,1.5,28.5,19.5,,,36,85.5
        """,
    teachers="""
        id,name,status,field,reductions,other_hetd,max_hetd,max_hc,wishes
        alice,Alice A,MCF,anglais,0,0,,,
        vera,Vera V,vacataire,maths,0,0,,,
        """,
    qualifications="""
        teacher,pattern,activities,weight
        alice,*,*,1
        vera,R1.03,TP,3
        """,
)


def test_halves_are_read_with_a_point_or_a_decimal_comma(tmp_path):
    inputs = load_inputs(write_tables(tmp_path / "a", **HALVES))
    english = next(m for m in inputs.modules if m.code == "R1.01")
    assert english.hours == {"TD": Fraction(9, 2), "TP": 9} and english.total == Fraction(27, 2)
    assert isinstance(english.hours["TP"], int)  # whole hours stay whole: the plans do not change
    semicolons = {  # French Excel's CSV: ';' between cells, a decimal comma
        name: re.sub(r"(\d)\.(\d)(?=[;\n])", r"\1,\2", text.replace(",", ";"))
        for name, text in HALVES.items()
        if name.startswith("maquette")
    }
    assert "4,5;9" in semicolons["maquette"] and "R1.01" in semicolons["maquette"]
    again = load_inputs(write_tables(tmp_path / "b", **{**HALVES, **semicolons}))
    assert [m.hours for m in again.modules] == [m.hours for m in inputs.modules]


def test_a_quarter_hour_is_refused_naming_the_cell(tmp_path):
    tables = dict(HALVES, maquette=HALVES["maquette"].replace(",4.5,9,,,,13.5", ",4.25,9,,,,13.25"))
    with pytest.raises(PlannerError) as caught:
        load_inputs(write_tables(tmp_path / "a", **tables))
    problem = caught.value
    assert (problem.row, problem.column) == (2, "TD")
    assert "not a whole number of half hours" in str(problem)


def test_hetd_are_exact_and_printed_to_the_cent(tmp_path):
    inputs = load_inputs(write_tables(tmp_path / "a", **HALVES))
    demand = build_demand(inputs, [1])
    cm = next(p for p in demand.parts if p.code == "R1.03" and p.activity == "CM")
    assert cm.hours == Fraction(3, 2) and cm.hetd == Fraction(9, 4)  # 1.5 h of CM = 2.25 HETD
    problem = build_problem(inputs, demand)
    tp = next(i for i, t in enumerate(problem.tasks) if t.key.endswith("R1.03|TP"))
    vera = next(c for c in problem.candidates if problem.capacities[c.teacher].id == "vera" and c.task == tp)
    # one TP group of 10.5 h at the vacataire's 2/3: 7 HETD; 4.5 h would be 3 HETD
    assert vera.hetd == Fraction(21, 2) * Fraction(2, 3) == 7
    assert Fraction(9, 2) * inputs.statuses["vacataire"].factors["TP"] == 3
    assert problem.hour_scale() == 2  # the models count half hours
    assert [csv_number(Fraction(9, 2)), csv_number(Fraction(9, 4)), csv_number(4)] == ["4.5", "2.25", "4"]
    assert hours_text(Fraction(9, 2), french=True) == "4,5" and hours_text(12) == "12"


def test_co_taught_blocks_in_halves(tmp_path):
    tables = dict(HALVES, cotaught="pattern,activities,step\nR1.01,TD,1.5\n")
    inputs = load_inputs(write_tables(tmp_path / "a", **tables))
    assert inputs.cotaught[0].step == Fraction(3, 2)
    problem = build_problem(inputs, build_demand(inputs, [1]))
    task = next(t for t in problem.tasks if t.key.endswith("R1.01|TD"))
    assert task.unit_hours == Fraction(3, 2) and task.units == 9  # 3 groups of 4.5 h in 1.5 h blocks


def test_a_plan_in_halves_adds_up_in_its_files_and_fiches(tmp_path, cli):
    folder = write_tables(tmp_path / "a", **HALVES)
    out = tmp_path / "plan"
    run = cli("solve", "--year", "1", "--inputs", folder, "--out", out, "--no-weeks", "--time-limit", "5")
    assert run.code == 0, run.err
    rows = (out / "assignments.csv").read_text().splitlines()
    assert any(",4.5," in r or ",13.5," in r for r in rows), rows  # halves in the CSV as 4.5
    assert not any(".50," in r for r in rows)
    from planner.reports.fiche import build_fiches
    from planner.reports.fiche_text import line_texts
    from planner.store.read import read_plan

    inputs = load_inputs(folder)
    fiches = build_fiches(read_plan(out), inputs)
    for fiche in fiches:
        assert sum(line.hetd for line in fiche.lines) == fiche.hetd
        services = {s.teacher: s for s in read_plan(out).services}
        assert fiche.hetd == services[fiche.teacher].assigned_hetd  # the cents add up to services.csv
    texts = [t for f in fiches for line in f.lines for t in line_texts(line)]
    assert "4,5" in texts and "4,50" not in texts
