"""A short load on ``planner serve`` (10 users, 10 s, on SQLite and PostgreSQL): no error, no lost edit.

The very script of ``benchmarks/load.py`` (50 users, 60 s, latencies in a table), shorter: users
read pages and edit the same few rows and cells at once; every read answers, every edit is
accepted or refused as stale, and every accepted edit is in the journal and in the final state.
Latencies are not asserted here (the machine is shared); the benchmark prints them.
"""

from __future__ import annotations

import importlib.util
import sys

from conftest import ROOT


def load_module():
    spec = importlib.util.spec_from_file_location("load_benchmark", ROOT / "benchmarks" / "load.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["load_benchmark"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_ten_users_reading_and_editing_at_once_lose_nothing(db_url):
    load = load_module()
    run, problems = load.run_load(db_url, users=10, seconds=10, solve=False, think=(0.2, 1.0))
    assert problems == []
    reads = [s for s in run.samples if s.kind == "read"]
    edits = [s for s in run.samples if s.kind == "edit"]
    assert len(reads) > 30 and all(s.status == 200 for s in reads)
    assert len(edits) > 5 and {s.outcome for s in edits} <= {"accepted", "stale", "refused", "unchanged"}
    assert sum(s.outcome == "accepted" for s in edits) >= 3
    assert len(run.accepted) == sum(s.outcome == "accepted" for s in edits)
