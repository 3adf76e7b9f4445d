"""The assignment engine: HiGHS stages held without a second proof, exact stage values, Ctrl-C."""

from __future__ import annotations

import dataclasses
import os
import random
import re
import signal
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from checker import check_plan
from conftest import ALICE_ONLY, ROOT, write_tables
from openpyxl import load_workbook

from planner.assign.objective import PlanMath, evaluate, scale_of
from planner.assign.problem import build_problem
from planner.assign.solve import solve
from planner.data.inputs import load_inputs
from planner.demand import build_demand


def _with_vacataire(tmp_path):
    tables = dict(ALICE_ONLY)
    tables["teachers"] += "        carol,Carol C,vacataire,anglais,0,0,,,\n"
    tables["qualifications"] += "        carol,R1.01,TP,0\n"
    return load_inputs(write_tables(tmp_path / "d", **tables))


def test_a_stage_proven_by_the_mip_is_not_solved_again(tmp_path, monkeypatch):
    """Every stage proven by HiGHS: CP-SAT is never called, and the stage log says HiGHS."""
    from ortools.sat.python import cp_model

    calls = []
    real = cp_model.CpSolver.solve

    def counted(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(cp_model.CpSolver, "solve", counted)
    result = solve(_with_vacataire(tmp_path), [1])
    assert result.status == "optimal"
    assert [s.engine for s in result.stages] == ["HiGHS"] * len(result.stages)
    assert all(s.proven and s.value == s.bound for s in result.stages)
    assert calls == []  # no CP-SAT search at all


def test_mip_and_cp_sat_reach_the_same_proven_optimum(tmp_path):
    inputs = _with_vacataire(tmp_path)
    mip = solve(inputs, [1])
    inputs.settings = dataclasses.replace(inputs.settings, mip=False)
    cp = solve(inputs, [1])
    assert cp.status == mip.status == "optimal"
    assert [s.engine for s in cp.stages] == ["CP-SAT"] * len(cp.stages)
    # the known optimum: 5 TP groups (40 h at 2/3) to the vacataire, and both engines agree stage by stage
    assert mip.solution.cost == cp.solution.cost
    assert [(s.name, s.value) for s in mip.stages] == [(s.name, s.value) for s in cp.stages]
    carol = [a for a in mip.solution.assignments if a.teacher == "carol"]
    assert sum(a.hours for a in carol) == 40


def test_exact_plan_arithmetic_matches_the_fraction_evaluation():
    """PlanMath (scaled integers) gives the same stage values as the exact Fraction evaluation."""
    shipped = load_inputs(ROOT / "inputs")
    problem = build_problem(shipped, build_demand(shipped, [1, 2, 3]))
    scale = scale_of(problem)
    math = PlanMath(problem, scale)
    rng = random.Random(0)
    for _ in range(10):
        x = [rng.randint(0, problem.tasks[c.task].units) * (rng.random() < 0.3) for c in problem.candidates]
        covered = [0] * len(problem.tasks)
        for c, n in zip(problem.candidates, x):
            covered[c.task] += n
        u = [t.units - n for t, n in zip(problem.tasks, covered)]
        assert math.values(np.array(x)) == evaluate(problem, x, u, scale)


def test_solver_sheet_says_which_stages_are_proven(tiny, tmp_path, cli):
    out = tmp_path / "plan"
    assert cli("solve", "--year", "1", "--inputs", tiny, "--out", out, "--quiet").code == 0
    sheet = load_workbook(out / "plan.xlsx")["Solveur"]  # plan.xlsx is in French (planner.labels)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Étape", "Valeur", "Borne", "Écart", "État", "Prouvé", "Moteur")
    for _name, value, bound, gap, status, proven, engine in rows[1:]:
        assert proven == ("oui" if status == "optimal" else "non")
        assert value == bound and gap == 0 and engine == "HiGHS"


def _rounding_only(error: str) -> bool:
    """A checker message about 2-decimal rounding alone: assignments.csv rounds each line's HETD
    (a vacataire's TP hours count 2/3), the checker sums the rounded lines."""
    said = re.match(r".*services\.csv says ([\d.]+), assignments sum to ([\d/.]+)$", error)
    if said is not None:
        return abs(Fraction(said[1]) - Fraction(said[2])) <= Fraction(5, 100)
    over = re.match(r".*: ([\d/.]+) HETD exceeds service ([\d/.]+) \+ HC cap ([\d/.]+)$", error)
    return over is not None and Fraction(over[1]) - Fraction(over[2]) - Fraction(over[3]) <= Fraction(5, 100)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to see the solve running")
def test_ctrl_c_writes_the_best_plan_found_marked_not_proven(shipped_copy, tmp_path, cli):
    """SIGINT to a long `planner solve`: it stops, writes a valid plan, and says it is not proven."""
    settings = shipped_copy / "settings.csv"
    lines = [
        line
        for line in settings.read_text(encoding="utf-8").splitlines()
        if not line.startswith("time_limit,")
    ]
    lines += ["mip,no,CP-SAT alone: a long search", "time_limit,3000,to be interrupted"]
    settings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "yearall"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = subprocess.Popen(
        [sys.executable, "-m", "planner", "solve", "--year", "all", "--inputs", shipped_copy, "--out", out],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while _cpu_seconds(run.pid) < 6 and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)  # the inputs are read, the search has started (it would run for minutes)
        assert run.poll() is None, run.communicate()
        run.send_signal(signal.SIGINT)
        stdout, stderr = run.communicate(timeout=300)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 0, stderr
    assert "interrupted" in stdout and "not proven" in stdout
    demand = cli("demand", "--year", "all", "--inputs", shipped_copy, "--format", "csv").out
    assert [e for e in check_plan(out, shipped_copy, demand) if not _rounding_only(e)] == []
    sheet = list(load_workbook(out / "plan.xlsx")["Solveur"].iter_rows(values_only=True))[1:]
    assert any(row[4] in ("interrompu", "non résolu à temps") and row[5] == "non" for row in sheet)
    report = (out / "weeks_report.txt").read_text(encoding="utf-8")
    assert report.startswith("week layout: interrupted") or "stopped (Ctrl-C)" in report


def test_shipped_year_2_plans_are_byte_identical_on_a_second_run(shipped_copy, tmp_path, cli):
    for name in ("a", "b"):
        run = cli("solve", "--year", "2", "--inputs", shipped_copy, "--out", tmp_path / name, "--quiet")
        assert run.code == 0, run.err
    for file in ("assignments.csv", "services.csv", "uncovered.csv", "weeks.csv"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes(), file

    def untimed(path: Path) -> list[str]:  # the report's seconds are the only figures allowed to move
        lines = path.read_text(encoding="utf-8").splitlines()
        return [re.sub(r"\d+\.\d s\b", "s", line) for line in lines if not line.startswith("time:")]

    assert untimed(tmp_path / "a" / "weeks_report.txt") == untimed(tmp_path / "b" / "weeks_report.txt")


def test_fix_and_optimise_skips_a_part_whose_setting_found_nothing_before(monkeypatch):
    """A part whose setting (the units of its tasks, the rest's share of the stages held) is what
    it was when it last found nothing is not solved again: the plan is the one solving every part
    gives, with fewer sub-problems."""
    from planner.assign import lexicographic, lns

    monkeypatch.setattr(lexicographic, "WHOLE", 0)  # by parts even on one year
    inputs = load_inputs(ROOT / "inputs")
    real, calls = lns.solve_part, []
    monkeypatch.setattr(lns, "solve_part", lambda *args: calls.append(args[1]) or real(*args))
    skipping = solve(inputs, [2])
    solved = list(calls)
    calls.clear()
    fresh = iter(range(10**6))  # every setting new: every part solved
    monkeypatch.setattr(lns, "setting", lambda *args: next(fresh).to_bytes(8, "little"))
    every = solve(inputs, [2])
    assert skipping.solution.assignments == every.solution.assignments
    assert [(s.name, s.value) for s in skipping.stages] == [(s.name, s.value) for s in every.stages]
    assert {"fragmentation", "wishes"} <= set(solved)
    assert len(solved) < len(calls)
