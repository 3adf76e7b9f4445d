"""The assignment core on tiny hand-made departments with known answers."""

from fractions import Fraction

import pytest
from checker import check_plan
from conftest import ALICE_ONLY, TINY, write_tables

from planner.assign.solve import solve
from planner.data.inputs import load_inputs
from planner.errors import PlannerError


def test_everything_covered_by_two_teachers(tiny):
    result = solve(load_inputs(tiny), [1])
    sol = result.solution
    assert sol.uncovered_hours == 0
    assert sol.assigned_hetd == result.demand.hetd == 231
    assert sol.cost == 0  # 231 HETD fit in two services of 192
    assert result.status == "optimal"


def test_known_optimum_with_a_vacataire(tmp_path):
    tables = dict(ALICE_ONLY)
    tables["teachers"] += "        carol,Carol C,vacataire,anglais,0,0,,,\n"
    tables["qualifications"] += "        carol,R1.01,TP,0\n"
    result = solve(load_inputs(write_tables(tmp_path / "d", **tables)), [1])
    sol = result.solution
    # alice can give 192 of the 231 HETD: carol must take 39 HETD of R1.01 TP,
    # i.e. 5 groups of 8 h (40 h, counted 2/3 for a vacataire), and no more.
    assert sol.uncovered_hours == 0
    carol = [a for a in sol.assignments if a.teacher == "carol"]
    assert [(a.task.part.code, a.task.part.activity, a.groups) for a in carol] == [("R1.01", "TP", 5)]
    assert sol.vacataire_hours == 40
    assert sol.cost == Fraction(40) * Fraction(2, 3) * Fraction("40.91")
    assert result.status == "optimal"


def test_impossible_plan_names_the_shortage(tmp_path):
    result = solve(load_inputs(write_tables(tmp_path / "d", **ALICE_ONLY)), [1])
    sol = result.solution
    # 231 HETD for one teacher capped at 192: the least that can stay uncovered
    # is 39 HETD (the 2 h CM = 3 HETD plus three 12 h TD groups).
    assert sol.uncovered_hetd == 39
    assert sol.assigned_hetd == 192
    assert sol.shortages
    for s in sol.shortages:
        assert "alice" in s.reason and "full" in s.reason


def test_unqualified_module_is_reported(tmp_path):
    tables = dict(TINY, qualifications=TINY["qualifications"].replace("bob,R1.03,*,3\n", ""))
    sol = solve(load_inputs(write_tables(tmp_path / "d", **tables)), [1]).solution
    missing = {(s.task.part.code, s.task.part.activity) for s in sol.shortages}
    assert missing == {("R1.03", "CM"), ("R1.03", "TD"), ("R1.03", "TP")}
    assert all("no teacher is qualified" in s.reason for s in sol.shortages)


def test_locks_are_kept(tmp_path):
    tables = dict(TINY, locks="teacher,code,activity,parcours,groups\nbob,R1.01,TD,*,2\n")
    sol = solve(load_inputs(write_tables(tmp_path / "d", **tables)), [1]).solution
    bob = {(a.task.part.code, a.task.part.activity): a.groups for a in sol.assignments if a.teacher == "bob"}
    assert bob[("R1.01", "TD")] >= 2  # bob is not even qualified: the lock allows it


def test_lock_beyond_capacity_is_an_input_error(tmp_path):
    tables = dict(
        ALICE_ONLY,
        teachers=ALICE_ONLY["teachers"] + "        dan,Dan D,vacataire,maths,0,0,20,,\n",
        locks="teacher,code,activity,parcours,groups\ndan,R1.03,TP,*,4\n",
    )
    # 4 groups x 10 h of TP, counted 2/3 for a vacataire: 26.67 HETD > 20
    with pytest.raises(PlannerError, match="locks of dan need") as info:
        solve(load_inputs(write_tables(tmp_path / "d", **tables)), [1])
    assert info.value.where.endswith("locks.csv") and info.value.row == 2


def test_written_plan_passes_the_independent_checker(tiny, tmp_path, cli):
    out = tmp_path / "plan"
    run = cli("solve", "--year", "1", "--inputs", tiny, "--out", out, "--quiet")
    assert run.code == 0, run.err
    demand = cli("demand", "--year", "1", "--inputs", tiny, "--format", "csv").out
    assert check_plan(out, tiny, demand) == []


def test_checker_catches_a_broken_plan(tiny, tmp_path, cli):
    out = tmp_path / "plan"
    cli("solve", "--year", "1", "--inputs", tiny, "--out", out, "--quiet")
    demand = cli("demand", "--year", "1", "--inputs", tiny, "--format", "csv").out
    path = out / "assignments.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n")  # drop one assignment
    assert any(e.startswith("coverage") for e in check_plan(out, tiny, demand))


def test_same_inputs_give_byte_identical_plans(tiny, tmp_path, cli):
    for name in ("a", "b"):
        assert cli("solve", "--year", "1", "--inputs", tiny, "--out", tmp_path / name, "--quiet").code == 0
    for file in ("assignments.csv", "services.csv", "uncovered.csv"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()


TWO_YEARS = dict(
    TINY,
    maquette=TINY["maquette"] + "        2,3,OSC,R3.01,Anglais,ressource,,18,,,,,18\n",
    maquette_totals=TINY["maquette_totals"] + "        2,3,OSC,,18,,,,,18\n",
    cohorts=TINY["cohorts"] + "        2,OSC,20,28,14,8\n",
    qualifications=TINY["qualifications"] + "        alice,R3.01,TD,2\n",
)


def test_saved_plan_of_another_year_counts_in_the_cap(tmp_path, cli):
    folder = write_tables(tmp_path / "d", **TWO_YEARS)
    reports = tmp_path / "reports"
    assert cli("solve", "--year", "1", "--inputs", folder, "--out", reports / "year1", "--quiet").code == 0
    run = cli("solve", "--year", "2", "--inputs", folder, "--out", reports / "year2", "--quiet")
    assert run.code == 0
    assert "year1" in run.out  # it says it counted the saved plan
    import csv

    year1 = {
        r["teacher"]: Fraction(r["assigned_hetd"])
        for r in csv.DictReader(open(reports / "year1" / "services.csv"))
    }
    year2 = {r["teacher"]: r for r in csv.DictReader(open(reports / "year2" / "services.csv"))}
    assert Fraction(year2["alice"]["other_hetd"]) == year1["alice"]
    assert Fraction(year2["alice"]["assigned_hetd"]) == 18


def test_shortage_reason_names_locked_load(tmp_path):
    tables = dict(ALICE_ONLY, locks="teacher,code,activity,parcours,groups\nalice,R1.01,TD,*,3\n")
    sol = solve(load_inputs(write_tables(tmp_path / "d", **tables)), [1]).solution
    assert sol.shortages and all("48 locked" in s.reason for s in sol.shortages)


def test_warm_start_from_own_plan_gives_the_same_plan(tiny, tmp_path, cli):
    assert cli("solve", "--year", "1", "--inputs", tiny, "--out", tmp_path / "a", "--quiet").code == 0
    run = cli(
        "solve",
        "--year",
        "1",
        "--inputs",
        tiny,
        "--out",
        tmp_path / "b",
        "--warm-start",
        tmp_path / "a",
        "--quiet",
    )
    assert run.code == 0
    assert (tmp_path / "a" / "assignments.csv").read_bytes() == (
        tmp_path / "b" / "assignments.csv"
    ).read_bytes()


def test_shipped_year_2_is_fully_covered_and_checks(cli, shipped_copy, tmp_path):
    """The main job, `planner solve --year 2`, checked on its written files."""
    from weekchecker import check_weeks

    with open(shipped_copy / "settings.csv", "a", encoding="utf-8") as f:
        f.write("weeks_time_limit,1,short layout for the test\n")
    out = tmp_path / "year2"
    run = cli("solve", "--year", "2", "--inputs", shipped_copy, "--out", out, "--quiet")
    assert run.code == 0, run.err
    assert "optimal" in run.out or "gap" in run.out  # proven optimal, or its gap printed
    assert (out / "uncovered.csv").read_text().count("\n") == 1  # header only: nothing uncovered
    demand = cli("demand", "--year", "2", "--inputs", shipped_copy, "--format", "csv").out
    assert check_plan(out, shipped_copy, demand) == []
    assert check_weeks(out, shipped_copy, demand) == []


def test_the_headline_figures_print_half_hours_as_a_department_writes_them():
    from fractions import Fraction
    from types import SimpleNamespace

    from planner.assign.solve import Result

    half = Fraction(247, 2)
    demand = SimpleNamespace(hetd=Fraction(3001, 2), hours=Fraction(2999, 2), parts=[None] * 3)
    solution = SimpleNamespace(
        assigned_hetd=Fraction(1400),
        uncovered_hours=half,
        uncovered_hetd=Fraction(497, 4),
        hc_hetd=Fraction(0),
        vacataire_hours=Fraction(9, 2),
        vacataire_hetd=Fraction(3),
        cost=Fraction(0),
    )
    figures = Result([2], demand, None, solution, [], 0.0).summary()
    assert figures["uncovered"] == "123.5 h (124.2 HETD)"  # not 247/2 h
    assert figures["vacataires"].startswith("4.5 h") and "1499.5 h" in figures["demand"]
