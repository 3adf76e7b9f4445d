"""A whole `planner solve` stays within its wall limit on a large instance, and says what it did."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from planner.generate.iut import write_iut

ROOT = Path(__file__).resolve().parents[2]


def test_a_tiny_wall_limit_ends_a_large_solve_in_time(tmp_path):
    iut = tmp_path / "iut"
    write_iut(iut, 10, 1, ROOT / "inputs")
    with open(iut / "settings.csv", "a", encoding="utf-8") as f:
        f.write("wall_limit,0.3\n")  # per department: 3 s for the IUT
    out = tmp_path / "r" / "yearall"
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "planner", "solve", "--year", "all", "--inputs", iut, "--out", out, "--quiet"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    wall = time.perf_counter() - start
    said = run.stdout + run.stderr
    assert "Traceback" not in said
    assert wall < 3 + 60, f"{wall:.0f} s"  # the limit, plus loading, writing the reports and a loaded machine
    if run.returncode == 0:  # a plan found in time: written, marked not proven
        assert "the wall limit of 3 s" in said
        assert (out / "assignments.csv").exists()
    else:  # none found in time: the step that was running is named, nothing half-written
        assert run.returncode == 2, said
        assert "stopped" in said
        assert not (out / "assignments.csv").exists()
