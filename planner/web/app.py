"""The web application of ``planner serve``: its state, its templates, its pages.

``create_app(config)`` returns the FastAPI application. On start-up it
brings the database to the last migration, imports the inputs on first use
(a new workspace) and marks solves a stopped server left running as
abandoned. Pages are Jinja2 templates (autoescaped: every text is shown as
text) made interactive with htmx, shipped as a static file: the application
needs no internet. The routes live in ``routes_inputs``, ``routes_plan``,
``routes_documents``, ``routes_scenarios``, ``routes_accounts``, ``routes_wishes``
and ``routes_shared`` (journal, versions, years); who may call each is the
rule (``web.auth``) its signature names, and every request that changes
anything passes the CSRF guard first.
"""

from __future__ import annotations

import contextlib
import threading
from fractions import Fraction
from pathlib import Path
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.encoders import ENCODERS_BY_TYPE
from fastapi.exceptions import HTTPException
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import MutableHeaders

from planner.web import (
    routes_accounts,
    routes_documents,
    routes_inputs,
    routes_plan,
    routes_scenarios,
    routes_shared,
    routes_wishes,
)
from planner.web import tables as store
from planner.web.auth import NotSignedIn, SignedIn, csrf_guard
from planner.web.checked import Cache
from planner.web.db import connect, must_get, transaction
from planner.web.edits import Refused, Stale
from planner.web.models import Workspace
from planner.web.page import Config, State
from planner.web.plans import Plans, abandon_running
from planner.web.solves import Solves

# hours in halves are exact Fractions in the engine: the API gives them as numbers (4.5)
ENCODERS_BY_TYPE.setdefault(Fraction, float)

HERE = Path(__file__).parent


def open_workspace(config: Config, sessions: sessionmaker[Session]) -> int:
    """The workspace of ``config.inputs`` (imported on first use; its last academic year); runs left
    running are abandoned."""
    with transaction(sessions) as session:
        abandon_running(session)
        source = str(config.inputs.resolve())
        workspace = session.scalar(
            select(Workspace).where(Workspace.source == source).order_by(Workspace.id.desc()).limit(1)
        )
        if workspace is None:
            workspace = store.import_inputs(session, config.inputs)
        if config.years is not None:
            workspace.years = ",".join(map(str, config.years))
        session.flush()
        return workspace.id


def warm(state: State) -> None:
    """Check the inputs and read the current plan once at start-up, so the first page does not wait."""
    with state.sessions() as session:
        workspace = must_get(session, Workspace, state.workspace_id)
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

    app = FastAPI(
        title="planner",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(csrf_guard)],
    )
    app.state.templates = Jinja2Templates(env=environment())
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in ROUTERS:
        app.include_router(module.router)
    app.exception_handler(NotSignedIn)(_not_signed_in)  # FastAPI's own registration, typed by handler
    app.exception_handler(HTTPException)(_refused)
    app.add_exception_handler(
        Refused, lambda request, exc: _refused(request, HTTPException(422, exc.problem.text))
    )
    app.add_exception_handler(Stale, lambda request, exc: _refused(request, HTTPException(409, exc.now)))
    app.add_middleware(SecurityHeaders)

    @app.get("/", include_in_schema=False)
    def home(who: SignedIn) -> RedirectResponse:
        return RedirectResponse("/fiches" if who.role == "teacher" else "/repartition", status_code=303)

    return app


ROUTERS = (
    routes_accounts,
    routes_inputs,
    routes_plan,
    routes_documents,
    routes_scenarios,
    routes_wishes,
    routes_shared,
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
}


class SecurityHeaders:
    """Every answer says: no framing, no type sniffing, scripts from this site alone; pages not cached."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if not static:
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_page(request: Request) -> bool:
    return request.method == "GET" and "text/html" in request.headers.get("accept", "")


def _not_signed_in(request: Request, _exc: NotSignedIn):
    """Not signed in: a page goes to the sign-in form (and back after), the rest answer 401."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.headers.get("hx-request"):
        return HTMLResponse("", status_code=401, headers={"HX-Redirect": f"/login?next={quote(target)}"})
    if _wants_page(request):
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    return JSONResponse({"detail": "connexion requise"}, status_code=401)


def _refused(request: Request, exc: HTTPException):
    """A refusal (403, 409…) in words: in the page's message box, on a page of its own, or as JSON."""
    templates = request.app.state.templates
    text = str(exc.detail)
    if request.headers.get("hx-request"):
        response = templates.TemplateResponse(
            request, "message.html", {"error": f"Refusé : {text}"}, status_code=exc.status_code
        )
        response.headers.update({"HX-Retarget": "#message", "HX-Reswap": "outerHTML"})
        return response
    if _wants_page(request) or request.method == "POST" and "text/html" in request.headers.get("accept", ""):
        return templates.TemplateResponse(
            request, "refused.html", {"text": text, "status": exc.status_code}, status_code=exc.status_code
        )
    return JSONResponse({"detail": text}, status_code=exc.status_code, headers=exc.headers)
