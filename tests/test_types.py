"""The package type-checks: mypy over planner/, as configured in pyproject.toml ([tool.mypy])."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_mypy():
    run = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
