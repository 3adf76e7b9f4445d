"""What every page shares: the application's state, a request's view of the workspace, the page frame.

``view(request)`` opens one read transaction and gives the workspace, its
checked inputs (kept per inputs version) and its current plan; ``render``
fills the frame every page shares (the plan in place, the problems of the
inputs, a solve under way) around the page's own data.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from planner.web import tables as store
from planner.web.accounts import ROLES
from planner.web.checked import Cache, Checked, shown
from planner.web.db import must_get
from planner.web.fixes import years_of
from planner.web.models import SolveRun, Workspace
from planner.web.plans import Plans, Stored
from planner.web.rights import may_read
from planner.web.solves import Solves

ALL = ("admin", "head", "viewer", "teacher")
STAFF = ("admin", "head", "viewer")
PAGES = (  # path, title, the roles that see it
    ("/maquette", "Maquette", ALL),
    ("/effectifs", "Effectifs et groupes", ALL),
    ("/enseignants", "Enseignants", STAFF),
    ("/repartition", "Répartition", ALL),
    ("/semaines", "Semaines", ALL),
    ("/fiches", "Fiches", ALL),
    ("/scenarios", "Scénarios", STAFF),
    ("/voeux", "Vœux", ALL),
    ("/journal", "Journal", STAFF),
    ("/versions", "Versions", STAFF),
    ("/annees", "Années", STAFF),
    ("/comptes", "Comptes", ("admin",)),
)


@dataclass
class Config:
    """How ``planner serve`` was started."""

    inputs: Path
    db_url: str
    years: list[int] | None = None  # None: as the workspace last planned (all years at first)
    overrides: dict[str, Any] = field(default_factory=dict)  # solve options (--time-limit…)
    scenarios: Path | None = None  # the folder of scenario files


@dataclass
class State:
    """What the application holds between requests."""

    config: Config
    sessions: sessionmaker[Session]
    workspace_id: int
    cache: Cache
    plans: Plans
    solves: Solves


@dataclass
class View:
    """One request's view of the workspace: its record, checked inputs and current plan."""

    workspace: Workspace
    checked: Checked
    stored: Stored | None
    session: Session

    @property
    def years(self) -> list[int]:
        return years_of(self.workspace)


def state_of(request: Request) -> State:
    return request.app.state.planner


@contextlib.contextmanager
def view(request: Request) -> Iterator[View]:
    """The workspace as this request sees it (one read transaction)."""
    state = state_of(request)
    with state.sessions() as session:
        workspace = must_get(session, Workspace, state.workspace_id)
        checked = state.cache.checked(session, workspace)
        stored = state.plans.current(session, workspace.id)
        yield View(workspace, checked, stored, session)


def departments(v: View) -> list[str]:
    """The departments to filter by (none for one department)."""
    inputs = v.checked.valid
    return list(inputs.departments) if inputs is not None and inputs.scoped else []


def render(request: Request, template: str, v: View, active: str, **data: Any) -> HTMLResponse:
    """A page: the common header (inputs, problems, plan, solve) and the page's own data."""
    state = state_of(request)
    workspace = v.workspace
    who = getattr(request.state, "who", None)
    role = who.role if who is not None else ""
    plan = v.stored.version if v.stored is not None else None
    last = v.session.scalar(
        select(SolveRun)
        .where(SolveRun.workspace_id == workspace.id, SolveRun.kind == "plan")
        .order_by(SolveRun.id.desc())
        .limit(1)
    )
    context = {
        "pages": [(path, title) for path, title, roles in PAGES if role in roles],
        "who": who,
        "role_label": ROLES.get(role, ""),
        "csrf": who.csrf if who is not None else "",
        "closed": workspace.closed_at is not None,
        "active": active,
        "inputs": shown(workspace.source),
        "workspace": workspace,
        "problem": v.checked.problem,
        "warnings": v.checked.warnings,
        "disk": store.changed_on_disk(v.session, workspace),
        "edited": any(t.edited for t in store.tables_of(v.session, workspace.id)),
        "plan": plan,
        "stale": plan is not None and plan.inputs_version != workspace.inputs_version,
        "running": state.solves.active(workspace.id),
        "last_run": last,
        "years": v.years,
        "departments": [d for d in departments(v) if who is not None and may_read(who, d, v)],
        **data,
    }
    return request.app.state.templates.TemplateResponse(request, template, context)
