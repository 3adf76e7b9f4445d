"""Valid but absurd inputs: each plausibility check refuses (or warns about) a typo, passes the real value."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from planner.data.inputs import load_inputs
from planner.data.plausibility import ERROR, WARNING, findings


def edit(folder: Path, table: str, pattern: str, new: str) -> None:
    """Replace the first match of ``pattern`` in a table of the copy."""
    path = folder / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    changed, n = re.subn(pattern, new, text, count=1, flags=re.M)
    assert n == 1, f"{pattern!r} not in {table}.csv"
    path.write_text(changed, encoding="utf-8")


def add(folder: Path, table: str, line: str) -> None:
    path = folder / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n" + line + "\n", encoding="utf-8")


def test_shipped_inputs_are_plausible(shipped_copy):
    assert findings(load_inputs(shipped_copy)) == []


def test_a_million_students_is_refused_in_under_two_seconds(cli, shipped_copy, tmp_path):
    edit(shipped_copy, "cohorts", r"^2,OSC,24,", "2,OSC,1000000,")
    for command in (
        ["validate"],
        ["demand", "--year", "2"],
        ["solve", "--year", "2", "--out", tmp_path / "o"],
    ):
        start = time.perf_counter()
        run = cli(*command, "--inputs", shipped_copy)
        assert time.perf_counter() - start < 2
        assert run.code == 2, command
        assert "cohorts.csv, row 3, column 'students'" in run.err
        assert "1 000 000 students" in run.err and "0 to 400" in run.err
        assert "Traceback" not in run.err
    assert not (tmp_path / "o").exists()


# (table, pattern, implausible replacement, plausible replacement, level, cell named, words)
CASES = [
    (
        "cohorts",
        r"^2,QMI,18,",
        "2,QMI,450,",
        "2,QMI,90,",
        ERROR,
        "cohorts.csv, row 4, column 'students'",
        "450 students",
    ),
    ("cohorts", r"^3,OSC,22,28,", "3,OSC,22,280,", "3,OSC,22,36,", ERROR, "row 6, column 'td_size'", "280"),
    (
        "cohorts",
        r"^3,QMI,16,28,14,",
        "3,QMI,16,28,140,",
        "3,QMI,16,28,16,",
        ERROR,
        "row 7, column 'tp_size'",
        "140",
    ),
    (
        "cohorts",
        r"^3,MTD,12,28,14,",
        "3,MTD,12,12,14,",
        "3,MTD,12,14,14,",
        WARNING,
        "row 8, column 'tp_size'",
        "larger",
    ),
    (
        "cohorts",
        r"^1,commun,84,28,14,",
        "1,commun,84,2,14,",
        "1,commun,84,20,14,",
        ERROR,
        "row 2, column 'students'",
        "42 TD groups",
    ),
    (
        "teachers",
        r"^(plambert,Pierre Lambert,PRAG,production,)48,",
        r"\g<1>480,",
        r"\g<1>384,",
        ERROR,
        "teachers.csv, row 6, column 'reductions'",
        "480 HETD of reductions",
    ),
    (
        "teachers",
        r"^(plambert,Pierre Lambert,PRAG,production,48,0,),",
        r"\g<1>,500",
        r"\g<1>,100",
        ERROR,
        "row 6, column 'max_hc'",
        "above the maximum of the status",
    ),
    (
        "teachers",
        r"^(plambert,Pierre Lambert,PRAG,production,48,0,),",
        r"\g<1>900,",
        r"\g<1>500,",
        ERROR,
        "row 6, column 'max_hetd'",
        "above the most the status allows",
    ),
    (
        "statuses",
        r"^(PRAG,Professeur agrégé \(second degré\),384,384,1.5,1,1,40.91,yes,)15,",
        r"\g<1>150,",
        r"\g<1>20,",
        ERROR,
        "statuses.csv, row 4, column 'max_weekly_hours'",
        "150 h",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{c[6][:20]}" for c in CASES])
def test_each_check_refuses_the_typo_and_passes_the_real_value(shipped_copy, case):
    table, pattern, bad, good, level, cell, words = case
    original = (shipped_copy / f"{table}.csv").read_text(encoding="utf-8")
    edit(shipped_copy, table, pattern, bad)
    found = [f for f in findings(load_inputs(shipped_copy)) if f.level == level]
    assert any(cell in str(f) and words in str(f) for f in found), [str(f) for f in found]
    (shipped_copy / f"{table}.csv").write_text(original, encoding="utf-8")
    edit(shipped_copy, table, pattern, good)
    assert not [f for f in findings(load_inputs(shipped_copy)) if cell in str(f)]


def test_fixed_group_count(shipped_copy):
    (shipped_copy / "groups.csv").write_text("year,parcours,grouping,groups\n2,OSC,tp,70\n", encoding="utf-8")
    [f] = findings(load_inputs(shipped_copy))
    assert f.level == ERROR and "groups.csv, row 2, column 'groups'" in str(f) and "70 TP groups" in str(f)
    (shipped_copy / "groups.csv").write_text("year,parcours,grouping,groups\n2,OSC,tp,3\n", encoding="utf-8")
    assert findings(load_inputs(shipped_copy)) == []


def test_weekly_caps_in_settings(shipped_copy):
    add(shipped_copy, "settings", "student_week_hours,80")
    [f] = findings(load_inputs(shipped_copy))
    assert f.level == ERROR and "settings.csv, row" in str(f) and "student_week_hours is 80 h" in str(f)
    edit(shipped_copy, "settings", r"^student_week_hours,80", "student_week_hours,35")
    assert findings(load_inputs(shipped_copy)) == []


def test_a_maquette_row_far_beyond_its_semester_is_a_warning(shipped_copy):
    add(shipped_copy, "settings", "max_module_share,0.1")
    warned = findings(load_inputs(shipped_copy))
    assert warned and all(f.level == WARNING for f in warned)
    assert any("maquette.csv, row" in str(f) and "SAE 3.01" in str(f) and "16%" in str(f) for f in warned)
    edit(shipped_copy, "settings", r"^max_module_share,0.1", "max_module_share,0.2")
    assert findings(load_inputs(shipped_copy)) == []


def test_a_threshold_raised_in_settings_lets_a_real_value_through(cli, shipped_copy):
    edit(shipped_copy, "cohorts", r"^2,QMI,18,", "2,QMI,450,")
    assert cli("validate", "--inputs", shipped_copy).code == 2
    add(shipped_copy, "settings", "max_cohort_students,500")
    add(shipped_copy, "settings", "max_td_groups,40")
    add(shipped_copy, "settings", "max_tp_groups,80")
    run = cli("validate", "--inputs", shipped_copy)
    assert run.code == 0, run.err


def test_warnings_are_repeated_before_a_solve(cli, shipped_copy, tmp_path):
    edit(shipped_copy, "cohorts", r"^3,MTD,12,28,14,", "3,MTD,12,12,14,")
    run = cli("demand", "--year", "3", "--inputs", shipped_copy)
    assert run.code == 0 and "warning" in run.err and "cohorts.csv, row 8, column 'tp_size'" in run.err


def test_demand_far_beyond_capacity_stops_with_the_largest_contributors(cli, shipped_copy, tmp_path):
    # keep three teachers: a real shortage, but far beyond what a solve could cover
    lines = (shipped_copy / "teachers.csv").read_text(encoding="utf-8").splitlines()
    kept = {line.split(",")[0] for line in lines[1:4]}
    (shipped_copy / "teachers.csv").write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    for table in ("qualifications", "locks", "unavailability"):
        path = shipped_copy / f"{table}.csv"
        if path.exists():
            rows = path.read_text(encoding="utf-8").splitlines()
            path.write_text(
                "\n".join([rows[0]] + [r for r in rows[1:] if r.split(",")[0] in kept]) + "\n",
                encoding="utf-8",
            )
    run = cli("solve", "--year", "all", "--inputs", shipped_copy, "--out", tmp_path / "o")
    assert run.code == 2, run.err
    assert "times what the 3 teachers may teach" in run.err
    assert "year 1 commun" in run.err and "TD groups" in run.err
    assert not (tmp_path / "o").exists()
    add(shipped_copy, "settings", "demand_capacity_factor,20")
    run = cli("validate", "--inputs", shipped_copy)
    assert run.code == 0 and "times what" not in run.err, run.err
