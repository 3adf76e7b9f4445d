"""Helpers of the web tests: a workspace in a fresh database, a signed-in app client, a solve waited for."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import select

from planner.web import tables as store
from planner.web.checked import Cache
from planner.web.db import connect, transaction
from planner.web.models import InputRow, InputTable, Workspace

FAST = {"time_limit": 5.0, "weeks_time_limit": 2.0}  # deterministic limits: tests stay short
ADMIN = ("admin", "le mot de passe de l'admin")


def url_of(db: Path | str) -> str:
    """A database URL: a SQLite file's path, or already a URL."""
    return db if isinstance(db, str) else f"sqlite:///{db}"


def workspace(inputs: Path, db: Path | str, years: str = "1,2,3"):
    """A database holding ``inputs``: (session factory, workspace id, cache)."""
    sessions = connect(url_of(db))
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


def add_account(db: Path | str, login: str, password: str, role: str, **fields) -> None:
    """An account in the database (made with its schema if new)."""
    from planner.web.accounts import create_account

    sessions = connect(url_of(db))
    with transaction(sessions) as session:
        create_account(session, login, password, role, **fields)
    sessions.kw["bind"].dispose()


def sign_in(client, login: str, password: str) -> str:
    """Sign ``client`` in (the sign-in form and its token); its CSRF token, sent with every request after."""
    client.headers.pop("X-CSRF-Token", None)
    client.cookies.clear()
    client.get("/login")
    answer = client.post(
        "/login",
        data={"login": login, "password": password, "csrf": client.cookies.get("planner_login"), "next": "/"},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    csrf = client.get("/api/me").json()["csrf"]
    client.headers["X-CSRF-Token"] = csrf
    return csrf


def seen_of(html: str) -> str:
    """The ``seen`` field of a form (what the page saw of the thing it edits)."""
    import re

    found = re.search(r'name="seen" value="([^"]*)"', html)
    assert found is not None, html
    return found.group(1)


def fix_cell(client, key: str, teacher: str, hours: str, **extra):
    """Fix a cell as the page does: open its form (what it holds now), send the hours."""
    form = client.get("/repartition/cell", params={"key": key, "teacher": teacher})
    assert form.status_code == 200, form.text
    data = {"key": key, "teacher": teacher, "hours": hours, "seen": seen_of(form.text), **extra}
    return client.post("/repartition/fix", data=data)


def http_client(base: str, login: tuple[str, str] = ADMIN):
    """An HTTP client of a running server, signed in as ``login``."""
    import httpx

    client = httpx.Client(base_url=base, timeout=30)
    sign_in(client, *login)
    return client


def make_client(
    inputs: Path,
    db: Path | str,
    years: list[int] | None = None,
    overrides: dict | None = None,
    login: tuple[str, str] | None = ADMIN,
):
    """A test client of the application serving ``inputs`` (the shipped scenario files on its page).

    The database gets an administrator's account (``ADMIN``) and the client signs in as ``login``
    when it starts (None: not signed in).
    """
    from fastapi.testclient import TestClient

    from planner.web.accounts import ensure_admin
    from planner.web.app import create_app
    from planner.web.page import Config

    sessions = connect(url_of(db))
    with transaction(sessions) as session:
        ensure_admin(session, *ADMIN)
    sessions.kw["bind"].dispose()
    scenarios = Path(__file__).resolve().parents[2] / "scenarios"
    config = Config(inputs, url_of(db), years, dict(FAST if overrides is None else overrides), scenarios)

    class Client(TestClient):
        def __enter__(self):
            client = super().__enter__()
            if login is not None:
                sign_in(client, *login)
            return client

    return Client(create_app(config))


def serve(inputs: Path, db: Path, accounts: list[tuple], years: str = "2"):
    """``planner serve`` in a process on a free port (accounts made first): (process, base URL)."""
    import os
    import signal
    import socket
    import subprocess
    import sys

    import httpx

    sessions = connect(url_of(db))
    with transaction(sessions) as session:
        from planner.web.accounts import create_account, ensure_admin

        ensure_admin(session, *ADMIN)
        for login, password, role, fields in accounts:
            create_account(session, login, password, role, **fields)
    sessions.kw["bind"].dispose()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-m", "planner", "serve", "--inputs", str(inputs), "--db", url_of(db)]
    command += ["--port", str(port), "--year", years, "--time-limit", "5", "--weeks-time-limit", "2"]
    process = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        if time.time() > deadline or process.poll() is not None:
            os.killpg(process.pid, signal.SIGKILL)
            raise AssertionError(f"planner serve did not start: {process.stderr.read().decode()}")
        time.sleep(0.3)


def stop(process) -> None:
    """Ctrl-C, then kill if it does not stop."""
    import os
    import signal
    import subprocess

    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def browser_sign_in(page, base: str, login: str, password: str) -> None:
    """Sign in through the sign-in page, as a person does."""
    page.goto(f"{base}/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    page.click("button.primary")
    page.wait_for_load_state()
    assert "/login" not in page.url, page.content()[:2000]
