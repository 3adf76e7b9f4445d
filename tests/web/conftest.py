"""Fixtures of the web tests: the shipped inputs served from a fresh database, a generated IUT.

``db_url`` gives each store test a fresh database: SQLite always, and PostgreSQL when
``PLANNER_TEST_POSTGRES`` holds a server's URL (``.ci/postgres`` starts one; in CI, ``.ci/run``
always does, and a missing URL fails the tests instead of skipping them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from conftest import SHIPPED

sys.path.insert(0, str(Path(__file__).parent))  # webtools, the helpers of these tests
from webtools import make_client, wait  # noqa: E402


@pytest.fixture
def shipped(tmp_path) -> Path:
    dest = tmp_path / "inputs"
    shutil.copytree(SHIPPED, dest)
    return dest


@pytest.fixture(scope="session")
def iut3(tmp_path_factory) -> Path:
    """A generated IUT of 3 departments (``planner generate --departments 3 --seed 1``)."""
    out = tmp_path_factory.mktemp("iut3") / "iut"
    command = [sys.executable, "-m", "planner", "generate", "--departments", "3", "--seed", "1"]
    subprocess.run([*command, "--out", str(out), "--template", str(SHIPPED)], check=True, capture_output=True)
    return out


@pytest.fixture
def client(shipped, tmp_path):
    """The shipped inputs served, year 2 planned."""
    with make_client(shipped, tmp_path / "web.sqlite", [2]) as c:
        yield c


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    """A client whose shipped inputs (year 2) have a plan: shared by the read-only page tests."""
    root = tmp_path_factory.mktemp("solved")
    shutil.copytree(SHIPPED, root / "inputs")
    with make_client(root / "inputs", root / "web.sqlite", [2]) as c:
        c.post("/solve")
        state = wait(c)
        assert state["events"][-1]["kind"] == "done", state
        yield c


POSTGRES = os.environ.get("PLANNER_TEST_POSTGRES", "")


def postgres_database() -> tuple[str, object]:
    """A new database on the test server: (its URL, a callable that drops it)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    if not POSTGRES:
        if os.environ.get("CI"):
            pytest.fail("CI runs the store tests on PostgreSQL too: PLANNER_TEST_POSTGRES is unset (.ci/run)")
        pytest.skip("no PostgreSQL server: set PLANNER_TEST_POSTGRES (.ci/postgres start DIR prints one)")
    name = f"planner_test_{uuid.uuid4().hex[:12]}"
    server = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()

    return make_url(POSTGRES).set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A fresh empty database: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'db.sqlite'}"
        return
    url, drop = postgres_database()
    try:
        yield url
    finally:
        drop()
