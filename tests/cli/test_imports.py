"""Commands load only what they use: ``planner --help`` no solver nor rich, ``planner solve`` no PDF."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT, SHIPPED

HEAVY = ("rich", "openpyxl", "matplotlib", "numpy", "pandas", "ortools", "highspy", "fpdf", "dask", "lxml")

RUN = """
import json, sys
from planner.cli import cli
try:
    cli.main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def loaded(*args: str) -> set[str]:
    run = subprocess.run([sys.executable, "-c", RUN, *args], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return set(json.loads(run.stdout.strip().splitlines()[-1]))


def test_help_loads_the_command_line_alone():
    modules = loaded("--help")
    assert {m.split(".")[0] for m in modules} & set(HEAVY) == set()
    assert {m for m in modules if m.startswith("planner")} <= {"planner", "planner.errors"} | {
        m for m in modules if m.startswith("planner.cli")
    }


def test_solve_loads_no_pdf_no_cluster_no_scenarios(tmp_path):
    out = tmp_path / "y2"
    modules = loaded("solve", "--year", "2", "--inputs", str(SHIPPED), "--out", str(out), "--quiet")
    assert (out / "fiches.xlsx").exists()
    assert {m.split(".")[0] for m in modules} & {"fpdf", "dask", "distributed"} == set()
    assert [m for m in modules if m.startswith(("planner.scenarios", "planner.reports.frames"))] == []
