"""Répartition: the grid, a cell fixed by hand, Replanifier with its live stages, plan versions.

A fix answers with its cell (and the message), fast: it is checked against
the inputs kept for this version (``fixes.set_fix``). Replanifier starts the
worker (``solves.Solves``); ``/solve/events`` streams its stages to the page
as server-sent events, and the page reloads when the plan is stored.
"""

from __future__ import annotations

import asyncio
import html
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, StreamingResponse

from planner.web.accounts import Who
from planner.web.auth import Planner, Shown, SignedIn, Staff, actor, cell_opener, may_edit, part_editor
from planner.web.db import must_get, transaction
from planner.web.edits import Refused, Stale
from planner.web.fixes import fix_seen, set_fix, years_of
from planner.web.models import Workspace
from planner.web.page import render, state_of, view
from planner.web.plans import adopt, moves, reference, versions
from planner.web.scope import is_iut
from planner.web.solves import Busy
from planner.web.views_plan import cell, move_rows, plan_figures, repartition, semesters_of
from planner.web.worker import Job

router = APIRouter()


def _semester(asked: str | None, choices: list[int]) -> int | None:
    if asked == "all":
        return None
    if asked and asked.isdigit() and int(asked) in choices:
        return int(asked)
    return choices[0] if choices else None


def grid_data(request: Request, v, dept: str | None, semester: str | None, teacher: str | None) -> dict:
    choices = semesters_of(v.checked, v.years, dept)
    chosen = _semester(semester, choices)
    extra = (teacher,) if teacher else ()
    data = repartition(v.checked, v.stored, v.years, dept, chosen, extra)
    data["semesters"] = choices
    return data


def _moves(request: Request, v) -> list[dict]:
    """What the current plan moved against the plan before it."""
    if v.stored is None or v.stored.version.previous_id is None or not v.checked.ok:
        return []
    before = state_of(request).plans.stored(v.session, v.stored.version.previous_id)
    names = {t.id: t.name for t in v.checked.valid.teachers}
    return move_rows(moves(before.saved if before else None, v.stored.saved), names)


@router.get("/repartition", response_class=HTMLResponse)
def repartition_page(
    request: Request, who: SignedIn, dept: Shown, semester: str | None = None, teacher: str | None = None
):
    with view(request) as v:
        editor = may_edit(who, dept, is_iut(v.session, v.workspace, v.checked)) and not v.workspace.closed_at
        if not v.checked.ok:
            return render(
                request, "repartition.html", v, "/repartition", grid=None, moved=[], kept=[], editor=editor
            )
        data = grid_data(request, v, dept, semester, teacher)
        kept = [p for p in versions(v.session, v.workspace.id, 5) if p.interrupted and not p.current]
        figures = plan_figures(v.stored.version.figures) if v.stored is not None else []
        return render(
            request,
            "repartition.html",
            v,
            "/repartition",
            grid=data,
            moved=_moves(request, v),
            kept=kept,
            figures=figures,
            editor=editor,
        )


@router.get("/api/repartition")
def repartition_api(
    request: Request, _: SignedIn, dept: Shown, semester: str | None = None, teacher: str | None = None
):
    with view(request) as v:
        if not v.checked.ok:
            return JSONResponse({"problem": v.checked.fault.text}, status_code=409)
        data = grid_data(request, v, dept, semester, teacher)
        data["plan"] = v.stored.version.id if v.stored else None
        data["moved"] = _moves(request, v)
        return data


@router.get("/repartition/cell", response_class=HTMLResponse)
def cell_form(
    request: Request, _: Annotated[Who, Depends(cell_opener)], key: str, teacher: str, edit: int = 1
):
    with view(request) as v:
        if not v.checked.ok or not any(p.key == key for p in v.checked.demand(v.years).parts):
            return HTMLResponse("", status_code=404)
        data = cell(v.checked, v.stored, v.years, key, teacher)
        data["seen"] = fix_seen(v.session, v.checked, v.workspace, key, teacher) if edit else ""
        template = "cell_form.html" if edit else "cell.html"
        return request.app.state.templates.TemplateResponse(request, template, {"c": data})


@router.post("/repartition/fix", response_class=HTMLResponse)
def fix(
    request: Request,
    who: Annotated[Who, Depends(part_editor)],
    key: str = Form(...),
    teacher: str = Form(...),
    hours: str = Form(""),
    unfix: str = Form(""),
    seen: str = Form(...),
):
    """Fix a cell; refused when the cell changed since the form was shown (it is shown as it is now)."""
    state = state_of(request)
    message, error, status = "", "", 200
    if unfix:
        hours = "0"
    try:
        done = set_fix(
            state.sessions, state.cache, state.workspace_id, key, teacher, hours, seen, by=actor(who)
        )
        if not done.changed:  # told by the fix itself: another edit meanwhile changes nothing here
            message = "Rien à changer : la cellule est déjà ainsi"
        else:
            message = "Cellule défixée" if not hours.strip() or hours.strip() == "0" else "Cellule fixée"
    except Refused as exc:
        error, status = exc.problem.text, 422
    except Stale as exc:
        error = f"cette cellule a été modifiée entre-temps ; elle est maintenant {exc.now}"
        status = 409
    with view(request) as v:
        data = cell(v.checked, v.stored, v.years, key, teacher)
        if not error:
            message += f" : {data['name']}, {data['label']} — Replanifier pour en tenir compte"
        return request.app.state.templates.TemplateResponse(
            request,
            "cell.html",
            {"c": data, "message": message, "error": error, "oob": True},
            status_code=status,
        )


@router.post("/solve")
def solve(request: Request, who: Planner, fresh: str = Form("")):
    """Re-plan: kept as close to the plan in place as cost and fairness allow (``fresh``: from scratch)."""
    state = state_of(request)
    with view(request) as v:
        if not v.checked.ok:
            return _back(request, "/repartition")
        stable = v.stored is not None and not fresh
        job = Job(
            v.checked.valid,
            years_of(v.workspace),
            dict(state.config.overrides),
            reference=reference(v.stored.saved) if stable and v.stored is not None else None,
            stable=stable,
        )
        try:
            state.solves.start(
                v.workspace.id, v.workspace.inputs_version, job, relocate=v.checked.relocate, by=actor(who)
            )
        except Busy:
            pass
    return _back(request, "/repartition")


@router.post("/solve/cancel")
def cancel(request: Request, _: Planner):
    state_of(request).solves.cancel(state_of(request).workspace_id)
    return _back(request, "/repartition")


def _back(request: Request, default: str):
    target = request.headers.get("referer") or default
    if request.headers.get("hx-request"):
        return HTMLResponse("", headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


@router.get("/solve/events")
async def events(request: Request, _: SignedIn, after: int = 0):
    """The running solve's stages as server-sent events; ``done`` when its outcome is stored."""
    state = state_of(request)

    async def stream():
        sent = after
        while True:
            active = state.solves.last(state.workspace_id)
            if active is None:
                yield "event: done\ndata: none\n\n"
                return
            for event in active.events[sent:]:
                sent = event["id"]
                item = f'<li class="{event["kind"]}">{html.escape(event["text"])}</li>'
                yield f"id: {sent}\nevent: step\ndata: {item}\n\n"
            if active.finished.is_set() and sent >= len(active.events):
                yield f"event: done\ndata: {active.run_id}\n\n"
                return
            if await request.is_disconnected():
                return
            await asyncio.sleep(0.25)
            yield ": waiting\n\n"

    return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


@router.get("/api/solve")
def solve_state(request: Request, _: SignedIn):
    state = state_of(request)
    active = state.solves.last(state.workspace_id)
    if active is None:
        return {"running": False, "events": []}
    return {"running": not active.finished.is_set(), "run": active.run_id, "events": active.events}


@router.post("/plans/{plan_id}/adopt")
def adopt_plan(request: Request, who: Planner, plan_id: int):
    state = state_of(request)
    with transaction(state.sessions) as session:
        adopt(session, must_get(session, Workspace, state.workspace_id), plan_id, actor(who))
    return _back(request, "/repartition")


@router.get("/api/plans")
def plans_api(request: Request, _: Staff):
    with view(request) as v:
        return [
            {
                "id": p.id,
                "created_at": p.created_at.isoformat(),
                "current": p.current,
                "interrupted": p.interrupted,
                "fits": p.fits,
                "status": p.status,
                "inputs_version": p.inputs_version,
                "figures": p.figures,
            }
            for p in versions(v.session, v.workspace.id)
        ]
