"""Replanifier: a worker process, plan versions, a cancel keeping the best plan, faults keeping the last."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time

import httpx
import pytest
from sqlalchemy import select
from webtools import ADMIN, add_account, fix_cell, http_client, make_client, wait

from planner.web.models import InputRow, InputTable

R301 = "2|S3|OSC+QMI+MTD|R3.01|TD"


def hours_of(client, key: str) -> dict[str, float]:
    grid = client.get("/api/repartition", params={"semester": "3"}).json()
    row = next(r for r in grid["rows"] if r["key"] == key)
    return {t: c["hours"] for t, c in row["cells"].items() if c["hours"]}


def test_replanifier_keeps_a_fix_and_says_what_moved(client):
    assert client.get("/api/repartition").json()["plan"] is None
    client.post("/solve")
    first = wait(client)
    assert [e["kind"] for e in first["events"]][-1] == "done"
    assert any(e["kind"] == "step" and "Attribution" in e["text"] for e in first["events"])
    before = hours_of(client, R301)
    newcomer = next(t for t in ("cfaure", "sroussel", "ecolin") if t not in before)
    assert fix_cell(client, R301, newcomer, "18").status_code == 200
    client.post("/solve")
    wait(client)
    after = hours_of(client, R301)
    assert after[newcomer] == 18 and sum(after.values()) == sum(before.values()) == 36
    plans = client.get("/api/plans").json()
    assert [p["current"] for p in plans] == [True, False] and plans[0]["inputs_version"] == 2
    moved = client.get("/api/repartition").json()["moved"]
    assert any(m["teacher"] == newcomer and m["before"] == 0 and m["after"] == 18 for m in moved)


def test_a_cancelled_solve_keeps_the_plan_in_place_and_its_best_plan_apart(shipped, tmp_path):
    with make_client(shipped, tmp_path / "web.sqlite", [1, 2, 3], overrides={}) as client:
        client.post("/solve")
        deadline = time.time() + 120
        while not any(e["kind"] == "step" for e in client.get("/api/solve").json()["events"]):
            assert time.time() < deadline
            time.sleep(0.2)
        client.post("/solve/cancel")
        state = wait(client)
        assert state["events"][-1]["kind"] == "done" and "arrêté" in state["events"][-1]["text"]
        plans = client.get("/api/plans").json()
        assert len(plans) == 1 and plans[0]["interrupted"] and not plans[0]["current"]
        assert client.get("/api/repartition").json()["plan"] is None  # no plan adopted
        assert "Adopter ce plan" in client.get("/repartition").text
        client.post(f"/plans/{plans[0]['id']}/adopt")
        assert client.get("/api/repartition").json()["plan"] == plans[0]["id"]


def test_a_failed_solve_leaves_the_last_plan_in_place(client):
    client.post("/solve")
    wait(client)
    plan = client.get("/api/repartition").json()["plan"]
    # a lock on more groups than exist passes the file checks, not the engine's
    state = client.app.state.planner
    with state.sessions() as session:
        table = session.scalar(select(InputTable).where(InputTable.path == "locks.csv"))
        row = session.scalar(select(InputRow).where(InputRow.table_id == table.id, InputRow.position == 2))
    edit = {"row": row.id, "column": "groups", "value": "5", "version": row.version}
    assert client.post("/cell", data=edit).status_code == 200
    client.post("/solve")
    last = wait(client)["events"][-1]
    assert last["kind"] == "error"
    assert (
        "locks.csv, row 2, column 'groups': lock mbrunet R3.01 TD (*) × 5: only 2.0 groups exist"
        in last["text"]
    )
    assert client.get("/api/repartition").json()["plan"] == plan
    page = client.get("/repartition").text
    assert "only 2.0 groups exist" in page and f"<b>version {plan}</b>" in page


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(inputs, db, port):
    """``planner serve`` on a port (an administrator's account in its database first)."""
    from sqlalchemy import create_engine, text

    if not db.exists():
        add_account(db, *ADMIN, "admin")
    with create_engine(f"sqlite:///{db}").connect() as connection:
        assert connection.execute(text("select count(*) from account")).scalar() == 1
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "planner", "serve", "--inputs", str(inputs), "--db", f"sqlite:///{db}"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--year", "all"],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.3)
    process.kill()
    raise AssertionError(process.stderr.read().decode())


def test_a_server_killed_mid_solve_restarts_with_its_database_intact(shipped, tmp_path):
    db, port = tmp_path / "web.sqlite", free_port()
    server = start_server(shipped, db, port)
    http = http_client(f"http://127.0.0.1:{port}")
    try:
        rows = http.get("/api/enseignants").json()["teachers"][0]["rows"]
        row = next(r for r in rows if r["cells"]["id"] == "cfaure")
        edit = {"row": row["id"], "column": "reductions", "value": "40", "version": row["version"]}
        assert http.post("/cell", data=edit).status_code == 200
        http.post("/solve")
        deadline = time.time() + 120
        while not any(e["kind"] == "step" for e in http.get("/api/solve").json()["events"]):
            assert time.time() < deadline
            time.sleep(0.2)
    finally:
        os.killpg(server.pid, signal.SIGKILL)  # the server and its worker, at once
        server.wait()
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    port = free_port()
    server = start_server(shipped, db, port)
    http = http_client(f"http://127.0.0.1:{port}")  # the sessions are in the database: a new one
    try:
        inputs = http.get("/api/inputs").json()
        assert inputs["version"] == 2 and inputs["problem"] is None
        rows = http.get("/api/enseignants").json()["teachers"][0]["rows"]
        assert next(r for r in rows if r["cells"]["id"] == "cfaure")["cells"]["reductions"] == "40"
        assert http.get("/api/plans").json() == []  # the killed solve stored nothing
        page = http.get("/repartition").text
        assert "abandonné" in page and "le plan en place est inchangé" in page
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            pytest.fail("the server did not stop on Ctrl-C")
