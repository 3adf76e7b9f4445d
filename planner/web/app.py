"""The web application of ``planner serve``: its state, its templates, its pages.

``create_app(config)`` returns the FastAPI application. On start-up it
brings the database to the last migration, imports the inputs on first use
(a new workspace) and marks solves a stopped server left running as
abandoned. Pages are Jinja2 templates (autoescaped: every text is shown as
text) made interactive with htmx, shipped as a static file: the application
needs no internet. The routes live in ``routes_inputs``, ``routes_plan``,
``routes_documents`` and ``routes_scenarios``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from planner.web import tables as store
from planner.web.checked import Cache, Checked, shown
from planner.web.db import connect, transaction
from planner.web.fixes import years_of
from planner.web.models import SolveRun, Workspace
from planner.web.plans import Plans, Stored, abandon_running
from planner.web.solves import Solves

HERE = Path(__file__).parent
PAGES = (  # path, title
    ("/maquette", "Maquette"),
    ("/effectifs", "Effectifs et groupes"),
    ("/enseignants", "Enseignants"),
    ("/repartition", "Répartition"),
    ("/semaines", "Semaines"),
    ("/fiches", "Fiches"),
    ("/scenarios", "Scénarios"),
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


def open_workspace(config: Config, sessions: sessionmaker[Session]) -> int:
    """The workspace of ``config.inputs`` (imported on first use); runs left running are abandoned."""
    with transaction(sessions) as session:
        abandon_running(session)
        source = str(config.inputs.resolve())
        workspace = session.scalar(select(Workspace).where(Workspace.source == source))
        if workspace is None:
            workspace = store.import_inputs(session, config.inputs)
        if config.years is not None:
            workspace.years = ",".join(map(str, config.years))
        session.flush()
        return workspace.id


def environment() -> Environment:
    """The templates, autoescaped, with the French number filters."""
    from planner.web.format import FILTERS

    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))
    env.filters.update(FILTERS)
    return env


def create_app(config: Config) -> FastAPI:
    """The application serving ``config.inputs`` from the database at ``config.db_url``."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        sessions = connect(config.db_url)
        workspace_id = open_workspace(config, sessions)
        app.state.planner = State(config, sessions, workspace_id, Cache(), Plans(), Solves(sessions))
        try:
            yield
        finally:
            app.state.planner.solves.shutdown()
            sessions.kw["bind"].dispose()

    app = FastAPI(title="planner", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.templates = Jinja2Templates(env=environment())
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    from planner.web import routes_documents, routes_inputs, routes_plan, routes_scenarios

    for module in (routes_inputs, routes_plan, routes_documents, routes_scenarios):
        app.include_router(module.router)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/repartition", status_code=303)

    return app


def state_of(request: Request) -> State:
    return request.app.state.planner


@contextlib.contextmanager
def view(request: Request) -> Iterator[View]:
    """The workspace as this request sees it (one read transaction)."""
    state = state_of(request)
    with state.sessions() as session:
        workspace = session.get(Workspace, state.workspace_id)
        checked = state.cache.checked(session, workspace)
        stored = state.plans.current(session, workspace.id)
        yield View(workspace, checked, stored, session)


def departments(v: View) -> list[str]:
    """The departments to filter by (none for one department)."""
    inputs = v.checked.inputs
    return list(inputs.departments) if inputs is not None and inputs.scoped else []


def chosen_department(v: View, asked: str | None) -> str | None:
    names = departments(v)
    if not names:
        return None
    return asked if asked in names else names[0]


def render(request: Request, template: str, v: View, active: str, **data: Any) -> HTMLResponse:
    """A page: the common header (inputs, problems, plan, solve) and the page's own data."""
    state = state_of(request)
    workspace = v.workspace
    plan = v.stored.version if v.stored is not None else None
    last = v.session.scalar(
        select(SolveRun)
        .where(SolveRun.workspace_id == workspace.id, SolveRun.kind == "plan")
        .order_by(SolveRun.id.desc())
        .limit(1)
    )
    context = {
        "pages": PAGES,
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
        "departments": departments(v),
        **data,
    }
    return request.app.state.templates.TemplateResponse(request, template, context)
