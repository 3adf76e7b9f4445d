"""Shared by the sweep tests: a small department on a calendar, a grid over it, Dask processes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from textwrap import dedent

from conftest import ROOT, TINY, write_tables

from planner.scenarios.compare import run_job as _run_job  # the real one, even once replaced

# 8 variants: one more TD group, a smaller service dû (heures complémentaires), bob on leave
GRID = """
    name = "small"
    description = "TD groups × MCF service × bob on leave"

    [[levers]]
    name = "td"
    description = "TD groups"
    values = [3, 4]
    [[levers.groups]]
    year = 1
    parcours = "commun"
    grouping = "td"
    groups = "{value}"

    [[levers]]
    name = "service"
    values = [192, 96]
    [[levers.statuses.change]]
    status = "MCF"
    service_du = "{value}"

    [[levers]]
    name = "leave"
    values = [false, true]
    [[levers.teachers.remove]]
    id = "bob"
"""
TIMING = ("seconds", "weeks_seconds")


def calendar() -> str:
    """12 odd weeks, a break, 12 even weeks from 2025-W36."""
    monday, rows = dt.date(2025, 9, 1), []
    for k in range(30):
        year, week, _ = (monday + dt.timedelta(weeks=k)).isocalendar()
        parity = "odd" if k < 12 else ("none" if k < 18 else "even")
        rows.append(f"{year}-W{week:02d},,{parity},no,5,")
    return "iso_week,monday,semester,closed,open_days,label\n" + "\n".join(rows) + "\n"


def department(folder: Path, **tables) -> Path:
    return write_tables(folder, **dict(TINY, calendar=calendar(), **tables))


def write_grid(folder: Path, text: str = GRID, name: str = "small.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(dedent(text).lstrip(), encoding="utf-8")
    return path


def table(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def without_timing(text: str) -> str:
    """A CSV table with its timing columns dropped, as text (what must be identical)."""
    rows = list(csv.reader(io.StringIO(text)))
    keep = [i for i, c in enumerate(rows[0]) if c not in TIMING]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[r[i] for i in keep] for r in rows])
    return out.getvalue()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict:
    env = dict(os.environ)
    paths = [str(ROOT), str(ROOT / "tests")] + [p for p in [env.get("PYTHONPATH")] if p]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


@contextmanager
def dask_cluster(workers: int = 2):
    """A real ``dask scheduler`` and ``dask worker`` processes on 127.0.0.1, always killed at the end.

    Yields the scheduler address and {worker name: process}. Workers have one
    thread and no nanny, so killing one loses it (no restart).
    """
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = [sys.executable, "-m", "dask"]
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(), cwd=ROOT)
    procs: list[subprocess.Popen] = []
    named: dict[str, subprocess.Popen] = {}
    try:
        procs.append(
            subprocess.Popen(
                dask + ["scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], **quiet
            )
        )
        for k in range(1, workers + 1):
            name = f"w{k}"
            cmd = [address, "--name", name, "--nthreads", "1", "--no-nanny", "--host", "127.0.0.1"]
            named[name] = subprocess.Popen(dask + ["worker", *cmd, "--no-dashboard"], **quiet)
            procs.append(named[name])
        _wait_for_workers(address, workers)
        yield address, named
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
        for p in procs:
            p.wait(timeout=30)


def _wait_for_workers(address: str, n: int) -> None:
    from distributed import Client

    deadline = time.monotonic() + 60
    while True:
        try:
            with Client(address, timeout=5, set_as_default=False) as client:
                client.wait_for_workers(n, timeout=max(1, deadline - time.monotonic()))
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


SLOW = 1.5  # seconds added to every solve by slow_run_job


def slow_run_job(job):
    """``run_job`` that takes ``SLOW`` seconds longer: room to kill a worker or press Ctrl-C mid-task.

    Tests put it in place of ``planner.scenarios.compare.run_job``; Dask
    workers import it from this module (tests/ is on their PYTHONPATH).
    """
    time.sleep(SLOW)
    return _run_job(job)
