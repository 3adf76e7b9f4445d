"""Whole sessions: a week of a 1 h 30 department holds 1.5 h or 3 h of a module, never 1 h or 2 h.

Layouts are checked by tests/weekchecker.py (whole sessions, caps in hours,
every hour placed), which reads only the written CSV files.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from calendars import STAGE, department
from iut_fixtures import write_iut_weeks
from weekchecker import check_weeks, rows

from planner.data.inputs import load_inputs
from planner.errors import PlannerError

MAQUETTE = """
    year,semester,parcours,code,name,kind,CM,TD,TP,SR,SDR,Projet,total
    1,1,commun,R1.01,Anglais,ressource,,15,7.5,,,,22.5
    1,1,commun,R1.03,Maths,ressource,1.5,12,10,,,,23.5
    1,2,commun,SAE 2.01,Projet,SAE,,12,,,,36,48
    """
TOTALS = """
    year,semester,parcours,CM,TD,TP,SR,SDR,Projet,total
    1,1,commun,1.5,27,17.5,,,,46
    1,2,commun,,12,,,,36,48
    1,annual,commun,1.5,39,17.5,,,36,94
    """
SETTINGS = "key,value\nweeks_time_limit,2\ntime_limit,2\nsession_hours,1.5\n"


def demand(cli, inputs, year: str) -> str:
    run = cli("demand", "--year", year, "--format", "csv", "--inputs", inputs)
    assert run.code == 0, run.err
    return run.out


def test_a_department_in_sessions_of_1_5_h(cli, tmp_path):
    inputs = department(tmp_path, maquette=MAQUETTE, maquette_totals=TOTALS, settings=SETTINGS, periods=STAGE)
    # R1.03 TP: 10 h is not a whole number of 1.5 h sessions: a warning naming the cell
    run = cli("validate", "--inputs", inputs)
    assert run.code == 0, run.err
    said = " ".join(run.out.split())  # the terminal wraps long lines
    assert (
        "maquette.csv, row 3, column 'TP': R1.03 TP (commun, S1): 10 h is not a whole number of 1.5 h" in said
    )
    assert "places 6 sessions and one of 1 h" in said
    out = tmp_path / "r" / "year1"
    run = cli("solve", "--year", "1", "--inputs", inputs, "--out", out, "--quiet")
    assert run.code == 0, run.out + run.err
    assert check_weeks(out, inputs, demand(cli, inputs, "1")) == []
    placed = rows(out / "weeks.csv")
    shorter = [r for r in placed if Fraction(r["hours"]) % Fraction(3, 2)]
    assert placed and {(r["module"], r["activity"], r["hours"]) for r in shorter} == {("R1.03", "TP", "1")}
    assert len(shorter) == len(
        {r["group"] for r in placed if (r["module"], r["activity"]) == ("R1.03", "TP")}
    )
    english = [Fraction(r["hours"]) for r in placed if (r["module"], r["activity"]) == ("R1.01", "TD")]
    assert english and all(h in (Fraction(3, 2), 3, Fraction(9, 2), 6, Fraction(15, 2)) for h in english)
    report = (out / "weeks_report.txt").read_text(encoding="utf-8")
    assert "sessions of 1.5 h" in report
    assert "R1.03 TP (year 1, commun, S1): 10 h a group is not a whole number of 1.5 h sessions" in report
    # the weeks add up to the assignment, line by line
    given = defaultdict(Fraction)
    for r in rows(out / "assignments.csv"):
        given[(r["teacher"], r["code"], r["activity"])] += Fraction(r["hours"])
    laid = defaultdict(Fraction)
    for r in placed:
        if r["teacher"]:
            laid[(r["teacher"], r["module"], r["activity"])] += Fraction(r["hours"])
    assert laid == given


def test_whole_hours_in_1_hour_sessions_are_the_problem_as_it_was(tmp_path):
    inputs = load_inputs(department(tmp_path, periods=STAGE))
    assert inputs.session_hours("QLIO") == 1
    from planner.assign.solve import solve
    from planner.options import SolveOptions
    from planner.weeks.problem import build_week_problem

    result = solve(inputs, [1], SolveOptions.of(inputs, time_limit=2))
    problem = build_week_problem(inputs, result)
    assert problem.in_hours and problem.session == 1  # one unit, one hour: the problem as it was
    assert all(p.hours == p.exact and isinstance(p.hours, int) for p in problem.parts)
    assert all(line.hours == line.exact for line in problem.lines)


def test_an_iut_mixing_session_lengths_adds_a_shared_teachers_hours(cli, tmp_path):
    # GEA in 2 h sessions, QLIO in 1 h; alice teaches English in both, under one weekly cap
    iut = write_iut_weeks(tmp_path / "iut")
    settings = iut / "settings.csv"
    settings.write_text(settings.read_text(encoding="utf-8") + "GEA/session_hours,2\n", encoding="utf-8")
    inputs = load_inputs(iut)
    assert (inputs.session_hours("GEA"), inputs.session_hours("QLIO")) == (2, 1)
    out = tmp_path / "r" / "yearall"
    run = cli("solve", "--year", "all", "--inputs", iut, "--out", out, "--quiet")
    assert run.code == 0, run.out + run.err
    assert check_weeks(out, iut, demand(cli, iut, "all")) == []  # caps in hours, whole sessions
    placed = rows(out / "weeks.csv")
    gea = [Fraction(r["hours"]) for r in placed if r["department"] == "GEA"]
    assert gea and all(h % 2 == 0 for h in gea)
    # alice's weeks hold sessions of both lengths: the checker's cap counts them together
    assert {r["department"] for r in placed if r["teacher"] == "alice"} == {"GEA", "QLIO"}
    assert "GEA: sessions of 2 h" in (out / "weeks_report.txt").read_text(encoding="utf-8")


def test_session_settings_are_checked(tmp_path):
    iut = write_iut_weeks(tmp_path / "iut")
    settings = iut / "settings.csv"
    base = settings.read_text(encoding="utf-8")
    settings.write_text(base + "TC/session_hours,2\nGEA/session_hours,0.5\n", encoding="utf-8")
    try:
        load_inputs(iut)
    except PlannerError as exc:
        text = str(exc)
    assert "unknown department 'TC'" in text and "a session of 0.5 h" in text
