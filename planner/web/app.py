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
import threading
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from planner.web import routes_documents, routes_inputs, routes_plan, routes_scenarios
from planner.web import tables as store
from planner.web.checked import Cache
from planner.web.db import connect, transaction
from planner.web.models import Workspace
from planner.web.page import Config, State
from planner.web.plans import Plans, abandon_running
from planner.web.solves import Solves

HERE = Path(__file__).parent


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


def warm(state: State) -> None:
    """Check the inputs and read the current plan once at start-up, so the first page does not wait."""
    with state.sessions() as session:
        workspace = session.get(Workspace, state.workspace_id)
        state.cache.checked(session, workspace)
        state.plans.current(session, workspace.id)


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
        state = State(config, sessions, workspace_id, Cache(), Plans(), Solves(sessions))
        app.state.planner = state
        threading.Thread(target=warm, args=(state,), daemon=True, name="planner-warm").start()
        try:
            yield
        finally:
            app.state.planner.solves.shutdown()
            sessions.kw["bind"].dispose()

    app = FastAPI(title="planner", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.templates = Jinja2Templates(env=environment())
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (routes_inputs, routes_plan, routes_documents, routes_scenarios):
        app.include_router(module.router)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/repartition", status_code=303)

    return app
