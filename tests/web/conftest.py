"""Fixtures of the web tests: the shipped inputs served from a fresh database, a generated IUT."""

from __future__ import annotations

import shutil
import subprocess
import sys
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
