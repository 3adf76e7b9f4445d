"""Plan versions: stored as their files' text, read back as the reports read a plan folder.

A solve's outcome (``worker.plan_job``) is kept as a ``PlanVersion``: the text
of assignments.csv, services.csv, uncovered.csv (and an IUT's tables),
weeks.csv and weeks_report.txt, its figures and stages. Reading a version
back goes through ``store.read.parse_plan`` and ``parse_weeks``, so every
page and document shows what ``planner solve`` would have written. ``moves``
says what a new plan changed: each teacher's hours per module activity,
before and after.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.store.read import parse_plan, parse_weeks
from planner.store.rows import REPORT, SavedPlan, SavedWeeks
from planner.web.journal import Actor, record
from planner.web.models import PlanFile, PlanVersion, SolveRun, Workspace, now

WEEKS = "weeks"


@dataclass(frozen=True)
class Stored:
    """A plan version read back: its rows, its week layout (None without one), its record."""

    version: PlanVersion
    saved: SavedPlan
    weeks: SavedWeeks | None

    @property
    def week_rows(self):
        """The layout's rows when the hours fit the weeks (else none, as the reports take them)."""
        return self.weeks.rows if self.weeks is not None and self.weeks.fits else []


@dataclass(frozen=True)
class Move:
    """A teacher's hours on one module activity, before and after a solve."""

    teacher: str
    year: int
    semester: int
    parcours: str
    code: str
    activity: str
    before: Fraction
    after: Fraction
    department: str = ""


class Plans:
    """Plan versions read back, kept in memory (a version never changes)."""

    def __init__(self) -> None:
        self._kept: dict[int, Stored] = {}
        self._lock = threading.Lock()

    def stored(self, session: Session, plan_id: int) -> Stored | None:
        with self._lock:
            found = self._kept.get(plan_id)
        if found is not None:
            return found
        version = session.get(PlanVersion, plan_id)
        if version is None:
            return None
        files = {f.name: f.text for f in session.scalars(select(PlanFile).where(PlanFile.plan_id == plan_id))}
        folder = Path(f"plan-{plan_id}")
        saved = parse_plan({name.removesuffix(".csv"): text for name, text in files.items()}, folder)
        weeks = (
            parse_weeks(files["weeks.csv"], files.get(REPORT, ""), folder) if "weeks.csv" in files else None
        )
        found = Stored(version, saved, weeks)
        with self._lock:
            self._kept[plan_id] = found
            while len(self._kept) > 6:
                self._kept.pop(next(iter(self._kept)))
        return found

    def current(self, session: Session, workspace_id: int) -> Stored | None:
        plan_id = current_id(session, workspace_id)
        return self.stored(session, plan_id) if plan_id is not None else None


def current_id(session: Session, workspace_id: int) -> int | None:
    return session.scalar(
        select(PlanVersion.id).where(PlanVersion.workspace_id == workspace_id, PlanVersion.current.is_(True))
    )


def versions(session: Session, workspace_id: int, limit: int = 20) -> list[PlanVersion]:
    return list(
        session.scalars(
            select(PlanVersion)
            .where(PlanVersion.workspace_id == workspace_id)
            .order_by(PlanVersion.id.desc())
            .limit(limit)
        )
    )


def save_version(
    session: Session, run: SolveRun, outcome: dict[str, Any], previous_id: int | None
) -> PlanVersion:
    """Store a solve's plan; it becomes the current plan unless it was interrupted."""
    version = PlanVersion(
        workspace_id=run.workspace_id,
        years=run.years,
        inputs_version=run.inputs_version,
        interrupted=outcome["interrupted"],
        fits=outcome["fits"],
        status=outcome["status"],
        figures=outcome["figures"],
        stages=outcome["stages"],
        previous_id=previous_id,
        seconds=outcome["seconds"],
    )
    session.add(version)
    session.flush()
    files = {
        f"{name}.csv" if not name.endswith(".csv") else name: text for name, text in outcome["texts"].items()
    }
    if outcome["weeks"] is not None:
        files["weeks.csv"], files[REPORT] = outcome["weeks"]
    session.add_all(PlanFile(plan_id=version.id, name=name, text=text) for name, text in files.items())
    if not version.interrupted:
        make_current(session, run.workspace_id, version)
    return version


def make_current(session: Session, workspace_id: int, version: PlanVersion) -> None:
    """``version`` becomes the workspace's plan (one transaction: never two, never none in between)."""
    for other in session.scalars(
        select(PlanVersion).where(PlanVersion.workspace_id == workspace_id, PlanVersion.current.is_(True))
    ):
        if other.id != version.id:
            other.current = False
    version.current = True


def adopt(
    session: Session, workspace: Workspace, plan_id: int, by: Actor | None = None
) -> PlanVersion | None:
    """Make a kept version (an interrupted solve's best plan, or an older plan) the current plan."""
    version = session.get(PlanVersion, plan_id)
    if version is None or version.workspace_id != workspace.id:
        return None
    make_current(session, workspace.id, version)
    record(
        session,
        workspace,
        "adopt",
        f"plan {plan_id}",
        by=by,
        summary=f"Version {plan_id} du plan adoptée comme plan en place",
        bump=False,
    )
    return version


def abandon_running(session: Session) -> int:
    """Solves left running by a server that stopped: marked abandoned (their process is gone)."""
    runs = list(session.scalars(select(SolveRun).where(SolveRun.state == "running")))
    for run in runs:
        run.state = "abandoned"
        run.finished_at = now()
        run.message = "le serveur s'est arrêté pendant le calcul ; le plan en place est inchangé"
    return len(runs)


def reference(saved: SavedPlan) -> dict[tuple[str, str], Fraction]:
    """A plan's hours per (teacher, part key): the plan a solve starts from and stays close to."""
    out: dict[tuple[str, str], Fraction] = {}
    for a in saved.assignments:
        key = (a.teacher, f"{a.year}|S{a.semester}|{a.parcours}|{a.code}|{a.activity}")
        out[key] = out.get(key, Fraction(0)) + a.hours
    return out


def _hours(saved: SavedPlan) -> dict[tuple, Fraction]:
    out: dict[tuple, Fraction] = {}
    for a in saved.assignments:
        key = (a.teacher, a.year, a.semester, a.parcours, a.code, a.activity, a.department)
        out[key] = out.get(key, Fraction(0)) + a.hours
    return out


def moves(before: SavedPlan | None, after: SavedPlan) -> list[Move]:
    """Each teacher's hours per module activity that differ between two plans, largest first."""
    old = _hours(before) if before is not None else {}
    new = _hours(after)
    out = []
    for key in sorted(old.keys() | new.keys(), key=str):
        b, a = old.get(key, Fraction(0)), new.get(key, Fraction(0))
        if a != b:
            teacher, year, semester, parcours, code, activity, department = key
            out.append(Move(teacher, year, semester, parcours, code, activity, b, a, department))
    return sorted(out, key=lambda m: -abs(m.after - m.before))
