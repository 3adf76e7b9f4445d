"""Helpers of the web tests: a workspace in a fresh database, an app client, a solve waited for."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import select

from planner.web import tables as store
from planner.web.checked import Cache
from planner.web.db import connect, transaction
from planner.web.models import InputRow, InputTable, Workspace

FAST = {"time_limit": 5.0, "weeks_time_limit": 2.0}  # deterministic limits: tests stay short


def workspace(inputs: Path, db: Path, years: str = "1,2,3"):
    """A database holding ``inputs``: (session factory, workspace id, cache)."""
    sessions = connect(f"sqlite:///{db}")
    with transaction(sessions) as session:
        workspace_id = store.import_inputs(session, inputs, years).id
    return sessions, workspace_id, Cache()


def snapshot(sessions, workspace_id: int) -> dict:
    """Every table's rows (cells, raw text, versions) and the workspace's inputs version."""
    with sessions() as session:
        ws = session.get(Workspace, workspace_id)
        rows = {
            t.path: [(r.position, list(r.cells), r.raw, r.version) for r in store.rows_of(session, t.id)]
            for t in store.tables_of(session, workspace_id)
        }
        return {"version": ws.inputs_version, "rows": rows}


def row_of(sessions, workspace_id: int, path: str, column: str, value: str) -> InputRow:
    """The row of table ``path`` whose ``column`` holds ``value``."""
    with sessions() as session:
        table = session.scalar(
            select(InputTable).where(InputTable.workspace_id == workspace_id, InputTable.path == path)
        )
        rows = store.rows_of(session, table.id)
        header = [c.strip() for c in rows[0].cells]
        index = header.index(column)
        return next(r for r in rows[1:] if len(r.cells) > index and r.cells[index].strip() == value)


def wait(client, timeout: float = 300.0) -> dict:
    """Wait for the running solve to end; its last state (``/api/solve``)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        state = client.get("/api/solve").json()
        if not state["running"]:
            return state
        time.sleep(0.3)
    raise AssertionError("the solve did not end in time")


def make_client(inputs: Path, db: Path, years: list[int] | None = None, overrides: dict | None = None):
    """A test client of the application serving ``inputs`` (the shipped scenario files on its page)."""
    from fastapi.testclient import TestClient

    from planner.web.app import create_app
    from planner.web.page import Config

    scenarios = Path(__file__).resolve().parents[2] / "scenarios"
    config = Config(
        inputs, f"sqlite:///{db}", years, dict(FAST if overrides is None else overrides), scenarios
    )
    return TestClient(create_app(config))
