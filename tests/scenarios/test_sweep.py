"""Sweeps: a grid expanded into variants, the table and picture, failures, Ctrl-C."""

import os
import signal
import subprocess
import sys
import time
from fractions import Fraction
from textwrap import dedent

import pytest
from conftest import ROOT, TINY, write_tables
from openpyxl import load_workbook
from sweeps import GRID, department, table, write_grid

from planner.data.inputs import load_inputs
from planner.errors import PlannerError
from planner.scenarios.apply import apply_scenario
from planner.scenarios.compare import scenario_jobs
from planner.scenarios.sweep import grid_variants, load_grid


def run_sweep(cli, inputs, grid, out, *extra):
    run = cli(
        "sweep",
        grid,
        "--year",
        "1",
        "--inputs",
        inputs,
        "--out",
        out,
        "--time-limit",
        "2",
        "--weeks-time-limit",
        "2",
        *extra,
    )
    return run


def test_a_grid_expands_into_every_combination_named_after_its_values(tmp_path):
    inputs = load_inputs(department(tmp_path / "d"))
    grid = load_grid(write_grid(tmp_path))
    variants = grid_variants(grid, inputs)
    assert grid.size == len(variants) == 8
    assert [v.name for v in variants[:3]] == [
        "td-3_service-192_leave-no",
        "td-3_service-192_leave-yes",
        "td-3_service-96_leave-no",
    ]
    assert len({v.name for v in variants}) == 8
    last = variants[-1]
    assert last.values == (4, 96, True)
    assert last.scenario.description == "TD groups: 4; service: 96; leave: yes"
    applied = apply_scenario(inputs, last.scenario)
    assert applied.group_counts[(1, "commun", "td")] == 4
    assert applied.statuses["MCF"].service_du == 96
    assert [t.id for t in applied.teachers] == ["alice"]
    first = apply_scenario(inputs, variants[0].scenario)  # the first values: the inputs as they are
    assert [t.id for t in first.teachers] == ["alice", "bob"] and first.statuses == inputs.statuses
    assert (1, "commun", "td") not in inputs.group_counts  # the base inputs are left alone


@pytest.mark.parametrize(
    "change, message",
    [
        (("values = [3, 4]", "values = []"), "levers[1].values"),
        (('groups = "{value}"', "groups = 3"), "its changes do not use {value}"),
        (('name = "service"', 'name = "td"'), "lever 'td' is named twice"),
        (("[[levers.statuses.change]]", "[[levers.statuses.chnage]]"), "statuses.chnage"),
        (("values = [false, true]", "values = [false, true]\nsteps = 2"), "unknown key 'levers[3].steps'"),
    ],
)
def test_a_bad_grid_is_an_error_naming_the_key(tmp_path, change, message):
    path = write_grid(tmp_path, GRID.replace(*change))
    inputs = load_inputs(department(tmp_path / "d"))
    with pytest.raises(PlannerError) as err:
        grid_variants(load_grid(path), inputs)
    assert message in str(err.value) and "small.toml" in str(err.value)


def test_a_lever_value_the_inputs_do_not_have_names_the_lever_and_value(cli, tmp_path):
    text = GRID.replace('status = "MCF"', 'status = "{value}"').replace(
        'service_du = "{value}"', "service_du = 96"
    )
    path = write_grid(tmp_path, text.replace("[192, 96]", '["MCF", "PU"]'))
    out = tmp_path / "out"
    run = run_sweep(cli, department(tmp_path / "d"), path, out)
    assert run.code == 2
    assert "levers[2] (service = PU)" in run.err and "unknown status 'PU'" in run.err
    assert not out.exists()


def test_two_levers_setting_the_same_setting_is_an_error(tmp_path):
    lever = '[[levers]]\nname = "p"\nvalues = [false, true]\n[levers.settings]\npooling = false\n'
    text = dedent(GRID) + lever
    text = text.replace('[[levers]]\nname = "td"', '[settings]\npooling = true\n\n[[levers]]\nname = "td"')
    inputs = load_inputs(department(tmp_path / "d"))
    with pytest.raises(
        PlannerError, match="'settings.pooling' is set by both the grid's own changes and levers"
    ):
        grid_variants(load_grid(write_grid(tmp_path, text)), inputs)


def test_sweep_writes_one_row_per_variant_with_its_figures(cli, tmp_path):
    inputs_dir = department(tmp_path / "d")
    out = tmp_path / "out"
    run = run_sweep(cli, inputs_dir, write_grid(tmp_path), out, "--jobs", "1")
    assert run.code == 0, run.err
    rows = table((out / "sweep.csv").read_text())
    assert [r["variant"] for r in rows][0] == "td-3_service-192_leave-no" and len(rows) == 8
    assert all(r["state"] == "done" for r in rows)
    by = {(r["td"], r["service"], r["leave"]): r for r in rows}
    ref = by[("3", "192", "no")]
    # one more TD group: its TD hours in the demand (40 HETD in tiny)
    assert Fraction(by[("4", "192", "no")]["demand_hetd"]) - Fraction(ref["demand_hetd"]) == 40
    # bob on leave: R1.03 has no other qualified teacher, so its 98 h (3 TD groups) are uncovered
    assert Fraction(by[("3", "192", "yes")]["uncovered_hours"]) == 98
    assert (
        by[("3", "192", "yes")]["feasible"] == "no: uncovered"
        and "R1.03" in by[("3", "192", "yes")]["reason"]
    )
    # a smaller service dû: the same hours cost heures complémentaires
    hc = by[("3", "96", "no")]
    assert Fraction(hc["hc_hetd"]) > 0 and Fraction(hc["cost_eur"]) == Fraction(hc["hc_eur"]) > 0
    for r in rows:
        assert Fraction(r["assigned_hetd"]) <= Fraction(r["demand_hetd"])
        assert Fraction(r["cost_eur"]) == Fraction(r["hc_eur"]) + Fraction(r["vacataire_eur"])
        assert 4 <= int(r["peak_student_hours"]) <= 32 and int(r["peak_teacher_hours"]) <= 11  # MCF cap
    assert ref["assignments_changed"] == "0" and int(by[("3", "192", "yes")]["assignments_changed"]) > 0
    # the Pareto marks are exactly the variants no other beats on cost and uncovered hours
    points = {r["variant"]: (Fraction(r["cost_eur"]), Fraction(r["uncovered_hours"])) for r in rows}
    for r in rows:
        c, u = points[r["variant"]]
        beaten = any(c2 <= c and u2 <= u and (c2, u2) != (c, u) for c2, u2 in points.values())
        assert (r["pareto_uncovered"] == "yes") == (not beaten)
    assert sum(r["pareto_uncovered"] == "yes" for r in rows) >= 1
    book = load_workbook(out / "sweep.xlsx")
    assert book.sheetnames == ["Balayage", "Leviers", "Changements"]  # in French (tests/reports)
    assert book["Balayage"].max_row == 9 and [c.value for c in book["Leviers"]["A"]][1:] == [
        "td",
        "service",
        "leave",
    ]
    changes = list(book["Changements"].iter_rows(min_row=2, values_only=True))
    assert {c[0] for c in changes} <= {r["variant"] for r in rows[1:]}
    assert len(changes) == sum(int(r["assignments_changed"]) for r in rows)
    assert (out / "sweep.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "td-4_service-96_leave-yes" not in run.out  # the table shows lever values, not names
    assert "8 of 8 variants solved" in run.err


def test_a_failing_variant_is_reported_in_its_row_and_the_others_are_kept(cli, tmp_path):
    locks = "teacher,code,activity,parcours,groups\nalice,R1.01,TD,*,3\n"
    inputs_dir = write_tables(tmp_path / "d", **dict(TINY, locks=locks))
    grid = """
        name = "cap"
        [[levers]]
        name = "alice-max"
        values = [400, 20, 300]
        [[levers.teachers.change]]
        id = "alice"
        max_hetd = "{value}"
    """
    out = tmp_path / "out"
    run = run_sweep(cli, inputs_dir, write_grid(tmp_path, grid, "cap.toml"), out, "--jobs", "1", "--no-weeks")
    assert run.code == 0, run.err
    rows = table((out / "sweep.csv").read_text())
    assert [r["state"] for r in rows] == ["done", "failed", "done"]
    failed = rows[1]
    assert "locks of alice need 48 HETD" in failed["reason"] and failed["cost_eur"] == ""
    assert rows[2]["assignments_changed"] == "0"  # 300 or 400: nothing moves
    assert "1 failed" in run.err and "alice-max-20" in run.out


def test_compare_and_sweep_do_not_import_dask_without_scheduler(tmp_path):
    inputs_dir = department(tmp_path / "d")
    script = (
        "import sys\n"
        "from planner.cli import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed'))\n"
        "print('DASK', loaded)\n"
    )
    args = ["sweep", str(write_grid(tmp_path)), "--year", "1", "--inputs", str(inputs_dir)]
    args += ["--out", str(tmp_path / "o"), "--time-limit", "1", "--no-weeks", "--jobs", "1"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    assert "DASK []" in run.stdout


def test_ctrl_c_writes_the_finished_variants_and_marks_the_rest_not_run(tmp_path):
    inputs_dir = department(tmp_path / "d")
    out = tmp_path / "out"
    # every solve made slower (tests/sweeps.py), so Ctrl-C comes while variants remain
    script = (
        "import sweeps, planner.scenarios.compare as c\n"
        "c.run_job = sweeps.slow_run_job\n"
        "from planner.cli import main\n"
        "main()\n"
    )
    args = ["sweep", str(write_grid(tmp_path)), "--year", "1", "--inputs", str(inputs_dir), "--out", str(out)]
    args += ["--time-limit", "1", "--no-weeks", "--jobs", "1"]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "tests")]))
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        # as in a terminal, even when the tests run as a background job (SIGINT ignored, inherited)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        partial = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if (out / "sweep.csv").exists():
                partial = table((out / "sweep.csv").read_text())
                if sum(r["state"] == "done" for r in partial) >= 2:
                    break
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    # while it ran, sweep.csv held the finished variants and the others as running
    assert partial is not None and len(partial) == 8
    assert {r["state"] for r in partial} == {"done", "running"}
    assert proc.returncode == 130, err
    rows = table((out / "sweep.csv").read_text())
    states = [r["state"] for r in rows]
    assert states[0] == "done" and "not run" in states and set(states) == {"done", "not run"}
    assert all(r["cost_eur"] != "" for r in rows if r["state"] == "done")
    assert all(r["cost_eur"] == "" for r in rows if r["state"] == "not run")
    assert (out / "sweep.xlsx").exists() and (out / "sweep.png").exists()
    assert "interrupted" in err and "marked not run" in err


def test_variants_are_the_jobs_compare_solves(tmp_path):
    inputs = load_inputs(department(tmp_path / "d"))
    variants = grid_variants(load_grid(write_grid(tmp_path)), inputs)
    jobs, notes, skipped = scenario_jobs(
        inputs, [v.scenario for v in variants], [1], overrides={"time_limit": 1}
    )
    assert [j.name for j in jobs] == [v.name for v in variants] and not skipped
    # a variant removing bob: the scenario notes say nothing is dropped (bob has no lock)
    assert all(n == [] for n in notes.values())
