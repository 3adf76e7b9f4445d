"""Measure ``planner serve``: the Répartition page and a cell fix, on the shipped department and an IUT.

Not a test (timings depend on the machine): run it by hand,

    python tests/web/measure_speed.py [--departments 10] [--runs 15]

It generates the IUT (``planner generate --departments K --seed 0``), plans year 2 in the
server's own worker (without the week layout: the page does not need it), then starts
``planner serve`` on each inputs and times, over HTTP on 127.0.0.1, the Répartition page of one
department and semester, its JSON data, and a fix then unfix of one cell. Prints a table of
medians (and the slowest run), with the load average.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from webtools import ADMIN, add_account, seen_of, sign_in

ROOT = Path(__file__).resolve().parents[2]


def solve(inputs: Path, db: Path) -> float:
    """Plan year 2 in the server's worker; seconds taken."""
    from planner.web import tables as store
    from planner.web.checked import check
    from planner.web.db import connect, transaction
    from planner.web.models import Workspace
    from planner.web.solves import Solves
    from planner.web.worker import Job

    sessions = connect(f"sqlite:///{db}")
    with transaction(sessions) as session:
        workspace_id = store.import_inputs(session, inputs, "2").id
    with sessions() as session:
        checked = check(session, session.get(Workspace, workspace_id))
    assert checked.ok, checked.problem
    start = time.perf_counter()
    active = Solves(sessions).start(workspace_id, checked.version, Job(checked.inputs, [2], {"weeks": False}))
    active.finished.wait()
    print(f"  {inputs.name}: {active.events[-1]['text']}", flush=True)
    return time.perf_counter() - start


def serve(inputs: Path, db: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-m", "planner", "serve", "--inputs", str(inputs), "--db", f"sqlite:///{db}"]
    process = subprocess.Popen([*command, "--port", str(port)], start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(f"{base}/static/app.js", timeout=5).raise_for_status()  # up, nothing loaded yet
            return process, base
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("planner serve did not start")


def timed(call, runs: int) -> list[float]:
    """Seconds of each of ``runs`` requests; ``call`` prepares one (untimed) and returns it to send."""
    out = []
    for _ in range(runs):
        send = call()
        start = time.perf_counter()
        answer = send()
        out.append(time.perf_counter() - start)
        assert answer.status_code == 200, answer.text[:500]
    return out


def measure(name: str, inputs: Path, runs: int) -> list[tuple[str, str, list[float]]]:
    db = Path(tempfile.mkdtemp()) / "web.sqlite"
    seconds = solve(inputs, db)
    add_account(db, *ADMIN, "admin")
    process, base = serve(inputs, db)
    rows = []
    try:
        with httpx.Client(base_url=base, timeout=120) as http:
            sign_in(http, *ADMIN)
            first = time.perf_counter()
            http.get("/api/inputs")
            http.get("/repartition")
            rows.append(
                (name, "first page after start (inputs checked, demand built)", [time.perf_counter() - first])
            )
            grid = http.get("/api/repartition").json()
            department, semester = grid["department"], grid["semester"]
            params = {"semester": semester, **({"department": department} if department else {})}
            rows.append(
                (
                    name,
                    f"Répartition page ({department or 'QLIO'}, S{semester}, {len(grid['rows'])} rows "
                    f"× {len(grid['teachers'])} teachers)",
                    timed(lambda: lambda: http.get("/repartition", params=params), runs),
                )
            )
            rows.append(
                (
                    name,
                    "its data (/api/repartition)",
                    timed(lambda: lambda: http.get("/api/repartition", params=params), runs),
                )
            )
            row = next(r for r in grid["rows"] if r["groups"] >= 2 and r["cells"])
            teacher = next(t["id"] for t in grid["teachers"] if t["id"] not in row["cells"])
            values = iter([str(row["hours_per_group"]), "0"] * runs)

            def fix():
                form = http.get("/repartition/cell", params={"key": row["key"], "teacher": teacher})
                data = {
                    "key": row["key"],
                    "teacher": teacher,
                    "hours": next(values),
                    "seen": seen_of(form.text),
                }
                return lambda: http.post("/repartition/fix", data=data)  # the page's form, then its edit

            rows.append(
                (name, f"cell fix / unfix ({row['code']} {row['activity']}, {teacher})", timed(fix, 2 * runs))
            )
            reductions = iter(["0", "1"] * 3)

            def edit():
                person = http.get("/api/enseignants").json()["teachers"][0]["rows"][0]
                data = {"row": person["id"], "column": "reductions", "value": next(reductions)}
                return lambda: http.post("/cell", data={**data, "version": person["version"]})

            rows.append((name, "a teachers.csv cell (the whole inputs checked again)", timed(edit, 4)))
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    rows.append((name, "year 2 solved in the worker (no week layout)", [seconds]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--departments", type=int, default=10)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="serve-speed-"))
    shutil.copytree(ROOT / "inputs", work / "inputs")
    generate = [
        sys.executable,
        "-m",
        "planner",
        "generate",
        "--departments",
        str(args.departments),
        "--seed",
        "0",
    ]
    subprocess.run([*generate, "--out", str(work / "iut")], check=True, cwd=ROOT)
    rows = measure("shipped", work / "inputs", args.runs)
    rows += measure(f"IUT of {args.departments}", work / "iut", args.runs)
    print(
        f"\nload average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}, "
        f"{os.cpu_count()} cores"
    )
    print("| inputs | what | runs | median | slowest |\n|---|---|---|---|---|")
    for name, what, times in rows:
        median, slowest = statistics.median(times) * 1000, max(times) * 1000
        print(f"| {name} | {what} | {len(times)} | {median:.0f} ms | {slowest:.0f} ms |")


if __name__ == "__main__":
    main()
