"""What ``planner solve`` prints, on TINY with one capped MCF and a vacataire (a known optimum).

alice (MCF, no heures complémentaires) gives 191 HETD; carol (vacataire,
TP counted 2/3) must take 5 TP groups of R1.01: 40 h, 26.67 HETD, 1 090.93 €.
"""

from __future__ import annotations

import pytest
from calendars import STAGE, department
from conftest import ALICE_ONLY, text_of, write_tables

from planner.assign.solve import solve
from planner.cli.terminal.plan import (
    services_table,
    solve_summary_table,
    stages_table,
    summary_renderable,
    week_lines,
)
from planner.data.inputs import load_inputs
from planner.options import SolveOptions
from planner.reports.summary import build_summary
from planner.store.read import read_plan
from planner.store.write import write_plan
from planner.weeks.layout import lay_out
from planner.weeks.problem import Misfit, WeekPlan
from planner.weeks.rows import plan_peaks


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    tables = dict(ALICE_ONLY)
    tables["teachers"] += "        carol,Carol C,vacataire,anglais,0,0,,,\n"
    tables["qualifications"] += "        carol,R1.01,TP,0\n"
    folder = tmp_path_factory.mktemp("plan")
    inputs = load_inputs(write_tables(folder / "inputs", **tables))
    result = solve(inputs, [1], SolveOptions.of(inputs, time_limit=2))
    write_plan(folder, result, inputs)
    return inputs, result, read_plan(folder)


def rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.split("│")[1:-1]] for line in text.splitlines() if line.startswith("│")]


def test_services_and_stages(solved):
    _, result, _ = solved
    services = rows(text_of(services_table(result)))
    assert services == [
        ["alice", "MCF", "192", "0", "191", "", "1", ""],  # 231 - 40 HETD of demand left for her
        ["carol", "vacataire", "0", "0", "26.67", "26.67", "", "1090.93"],
    ]
    stages = rows(text_of(stages_table(result)))
    assert [s[0] for s in stages] == [
        "uncovered",
        "cost",
        "sous_service",
        "fairness",
        "fragmentation",
        "wishes",
    ]
    assert stages[0][1:4] == ["0", "0", "optimal"]


def test_headline_figures(solved):
    _, result, _ = solved
    text = text_of(solve_summary_table(result))
    assert "Plan for year 1" in text
    figures = {r[0]: r[1] for r in rows(text)}
    assert figures["demand"] == "231.0 HETD (230 h, 6 module activities)"
    assert figures["uncovered"] == "0 h (0.0 HETD)"
    assert figures["vacataires"] == "40 h (26.7 HETD)"
    assert figures["cost"] == "1 090.93 €"  # the solver's, from the exact 80/3 HETD
    inputs, _, plan = solved
    printed = {r[0]: r[1] for r in rows(text_of(solve_summary_table(result, build_summary(plan, inputs))))}
    assert printed["cost"] == "1 091.07 €"  # the documents', from the printed 26.67 HETD


def test_department_summary_tables(solved):
    inputs, _, plan = solved
    text = text_of(summary_renderable(build_summary(plan, inputs)))
    table = rows(text)
    assert ["S1", "TP", "108", "108", "68", "40", ""] in table  # carol's 40 h of TP
    assert ["S1", "all", "194", "195", "154", "40", ""] in table  # the CM counts 1.5 HETD an hour
    # the documents' cost follows from the HETD as printed: 26.67 × 40.91 = 1 091.07 (the solver: 1 090.93)
    assert ["total cost", "1 091.07", "€"] in table
    assert ["carol", "vacataire", "0", "26.67", "26.67", "40", "1 091.07"] in table
    assert not any(r[0] == "alice" for r in table)  # no HC: not in the paid teachers' table


def test_week_lines_say_the_peaks_or_why_the_hours_do_not_fit(tmp_path):
    inputs = load_inputs(department(tmp_path, periods=STAGE))
    options = SolveOptions.of(inputs, time_limit=2, weeks_time_limit=1)
    plan = lay_out(inputs, solve(inputs, [1], options), options)
    (line,) = week_lines(plan)
    student, where = plan_peaks(plan)["student"]
    assert line.startswith("weeks: laid out in") and f"student {student} h ({where})" in line
    misfit = Misfit("year 1 commun", "S1", 48, 38, "year 1 commun, S1: 48 h of classes")
    lines = week_lines(WeekPlan(plan.problem, [], [misfit], status="does not fit"))
    assert lines[0] == "[red]weeks do not fit[/red]: year 1 commun, S1: 48 h of classes"
    assert "weeks.csv is empty" in lines[1]
