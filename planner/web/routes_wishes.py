"""Vœux: a teacher's own wishes form; the head's view of the campaign (who answered), open and close.

A teacher sees their own form (and sends it while their department's
campaign is open); the head of the department opens and closes the
campaign, sees who answered and may fill a teacher's form for them. The
form is a plain HTML form (it works without JavaScript): sent, it comes back
to the page (POST, redirect, GET); refused, the page says why with what was
sent; stale, with the wishes as they are now.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from planner.web.accounts import Who
from planner.web.auth import (
    Shown,
    SignedIn,
    Staff,
    Subject,
    actor,
    department_editor,
    wishes_editor,
    wishes_of,
)
from planner.web.edits import Refused, Stale
from planner.web.page import render, state_of, view
from planner.web.rights import may_edit
from planner.web.scope import is_iut
from planner.web.wishes import (
    WEIGHTS,
    Answer,
    answers,
    campaign_of,
    close_campaign,
    form_data,
    open_campaign,
    save_wishes,
)

router = APIRouter()


def _page(request: Request, who: Who, dept: str | None, teacher: str | None, status: int = 200, **extra):
    with view(request) as v:
        iut = is_iut(v.session, v.workspace, v.checked)
        known = v.checked.ok and any(t.id == teacher for t in v.checked.valid.teachers)
        if teacher is not None and not known:
            raise HTTPException(404, f"aucun enseignant {teacher!r} dans teachers.csv")
        form = form_data(v.session, v.workspace, v.checked, teacher) if teacher else None
        department = form["department"] if form else dept
        overview = answers(v.session, v.workspace, v.checked, department) if v.checked.ok else None
        campaign = form["campaign"] if form else (overview["campaign"] if overview else None)
        open_ = campaign is not None and campaign.closed_at is None and v.workspace.closed_at is None
        editor = may_edit(who, department, iut) and v.workspace.closed_at is None
        if form is not None and extra.get("sent") is not None:  # refused: show what was sent
            sent = extra["sent"]
            form["modules"] = [{**m, "weight": sent.weights.get(m["code"], 0)} for m in form["modules"]]
            for block in form["weeks"]:
                block["weeks"] = [{**w, "mine": w["iso"] in sent.weeks} for w in block["weeks"]]
            form["comment"] = sent.comment
        page = render(
            request,
            "voeux.html",
            v,
            "/voeux",
            form=form,
            overview=overview if who.role != "teacher" else None,
            campaign=campaign,
            open=open_,
            editor=editor,
            can_send=open_ or (editor and v.workspace.closed_at is None and campaign is not None),
            department=department,
            weights=WEIGHTS,
            **{k: x for k, x in extra.items() if k != "sent"},
        )
        page.status_code = status
        return page


@router.get("/voeux", response_class=HTMLResponse)
def wishes_page(
    request: Request,
    who: SignedIn,
    subject: Annotated[Subject, Depends(wishes_of)],
    dept: Shown,
    saved: str = "",
):
    """A teacher's form (their own), or the campaign of the department and its answers."""
    message = "Vœux enregistrés : ils comptent au prochain calcul (Replanifier)." if saved else ""
    return _page(request, who, dept, subject.teacher, message=message)


def _answer(form) -> Answer:
    weights = {}
    for key, value in form.items():
        if key.startswith("w:") and str(value).strip():
            try:
                weights[key[2:]] = int(str(value))
            except ValueError:
                weights[key[2:]] = -1  # refused with the others by the checks
    return Answer(weights, [str(w) for w in form.getlist("week")], str(form.get("comment", "")))


@router.post("/voeux")
async def wishes_send(
    request: Request, who: SignedIn, subject: Annotated[Subject, Depends(wishes_editor)], dept: Shown
):
    state = state_of(request)
    form = await request.form()
    teacher = subject.teacher
    if teacher is None:
        raise HTTPException(422, "le formulaire ne dit pas de quel enseignant sont ces vœux")
    answer = _answer(form)
    with view(request) as v:
        found = next((t for t in v.checked.valid.teachers if t.id == teacher), None) if v.checked.ok else None
        department = found.department if found is not None and v.checked.valid.scoped else None
        campaign = campaign_of(v.session, v.workspace.id, department)
    if subject.alone and (campaign is None or campaign.closed_at is not None):
        raise HTTPException(409, "la campagne de vœux est close : demander au chef de département")
    try:
        save_wishes(
            state.sessions,
            state.cache,
            state.workspace_id,
            teacher,
            answer,
            str(form.get("seen", "")),
            by=actor(who),
        )
    except Refused as exc:
        error = f"Vœux refusés, rien n'est enregistré : {exc.problem.text}"
        return _page(request, who, dept, teacher, 422, error=error, sent=answer)
    except Stale as exc:
        error = f"Vœux refusés, rien n'est enregistré : {exc.now}."
        return _page(request, who, dept, teacher, 409, error=error)
    query = {"saved": "1"} | ({"teacher": teacher} if not subject.alone else {})
    return RedirectResponse(f"/voeux?{urlencode(query)}", status_code=303)


def _back(department: str | None, **query) -> RedirectResponse:
    query = {k: v for k, v in {"department": department or "", **query}.items() if v}
    return RedirectResponse("/voeux" + (f"?{urlencode(query)}" if query else ""), status_code=303)


@router.post("/voeux/ouvrir")
async def campaign_open(request: Request, who: Annotated[Who, Depends(department_editor)]):
    form = await request.form()
    department = str(form.get("department", "")) or None
    state = state_of(request)
    open_campaign(state.sessions, state.workspace_id, department, str(form.get("note", "")), actor(who))
    return _back(department)


@router.post("/voeux/clore")
async def campaign_close(request: Request, who: Annotated[Who, Depends(department_editor)]):
    form = await request.form()
    state = state_of(request)
    department = str(form.get("department", "")) or None
    try:
        campaign_id, version = int(str(form.get("campaign", ""))), int(str(form.get("version", "")))
    except ValueError:
        raise HTTPException(422, "la campagne et sa version sont à donner") from None
    with view(request) as v:
        campaign = campaign_of(v.session, v.workspace.id, department)
    if campaign is None or campaign.id != campaign_id:
        raise HTTPException(409, "ce n'est pas la campagne en cours de ce département")
    try:
        close_campaign(state.sessions, state.workspace_id, campaign_id, version, actor(who))
    except Stale as exc:
        raise HTTPException(409, exc.now) from None
    return _back(department)


@router.get("/api/voeux")
def wishes_api(request: Request, _: Staff, dept: Shown):
    with view(request) as v:
        if not v.checked.ok:
            return {"campaign": None, "rows": []}
        found = answers(v.session, v.workspace, v.checked, dept)
        campaign = found["campaign"]
        return {
            "campaign": None
            if campaign is None
            else {"id": campaign.id, "open": campaign.closed_at is None, "version": campaign.version},
            "answered": found["answered"],
            "rows": [
                {**r, "answered": r["answered"].isoformat() if r["answered"] else None} for r in found["rows"]
            ],
        }
