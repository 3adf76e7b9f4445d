"""Journal (undo), Versions (two plans compared), Années (close, the next as a copy), the réalisé.

Every route names its rule (``web.auth``): the journal and the versions are
the department's (``staff``), an undo needs the right to edit the change's
department (``undoer``), the réalisé the right to edit the teacher's
(``taught_editor``), the years are the administrator's.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from planner.web.accounts import Who
from planner.web.auth import Admin, Staff, Subject, actor, fiche_of, taught_editor, undoer
from planner.web.edits import Refused, Stale
from planner.web.models import Workspace
from planner.web.page import render, state_of, view
from planner.web.plans import versions
from planner.web.rights import may_edit
from planner.web.scope import is_iut, teacher_home
from planner.web.taught import fiche_taught, save_taught
from planner.web.undo import undo
from planner.web.versions import sheets
from planner.web.views_shared import change_json, floats, journal, year_rows
from planner.web.years import close_year, label_of, next_label, start_next, years

router = APIRouter()


# --- journal --------------------------------------------------------------------------------


@router.get("/journal", response_class=HTMLResponse)
def journal_page(request: Request, who: Staff, before: int = 0, message: str = "", error: str = ""):
    with view(request) as v:
        iut = is_iut(v.session, v.workspace, v.checked)
        data = journal(v.session, v.workspace, None, 60, before, lambda c: may_edit(who, c.department, iut))
        return render(request, "journal.html", v, "/journal", data=data, message=message, error=error)


@router.get("/api/journal")
def journal_api(request: Request, _: Staff, before: int = 0, limit: int = 100):
    from planner.web.journal import changes

    with view(request) as v:
        found = changes(v.session, v.workspace.id, limit=min(max(limit, 1), 1000), before=before)
        return [change_json(c) for c in found]


@router.post("/journal/{change_id}/annuler")
def undo_change(request: Request, who: Annotated[Who, Depends(undoer)], change_id: int):
    """Undo a change (a new change); refused, the journal says why and nothing is written."""
    state = state_of(request)
    try:
        done, _ = undo(state.sessions, state.cache, state.workspace_id, change_id, by=actor(who))
    except Refused as exc:
        return _to_journal(error=f"Annulation refusée, rien n'est enregistré : {exc.problem.text}")
    except Stale as exc:
        return _to_journal(error=f"Annulation refusée, rien n'est enregistré : {exc.now}")
    return _to_journal(message=f"Modification n° {change_id} annulée (modification n° {done.id})")


def _to_journal(**query) -> RedirectResponse:
    return RedirectResponse(f"/journal?{urlencode(query)}", status_code=303)


# --- versions -------------------------------------------------------------------------------


@router.get("/versions", response_class=HTMLResponse)
def versions_page(request: Request, _: Staff, a: int | None = None, b: int | None = None):
    state = state_of(request)
    with view(request) as v:
        listing = versions(v.session, v.workspace.id, 50)
        tables, chosen = [], None
        if a is not None and b is not None:
            first, second = state.plans.stored(v.session, a), state.plans.stored(v.session, b)
            if (
                first is None
                or second is None
                or {first.version.workspace_id, second.version.workspace_id} != {v.workspace.id}
            ):
                raise HTTPException(404, "ces versions ne sont pas de cette année")
            tables, chosen = sheets(first, second), (a, b)
        elif len(listing) >= 2:
            chosen = (listing[1].id, listing[0].id)
        return render(request, "versions.html", v, "/versions", listing=listing, tables=tables, chosen=chosen)


@router.get("/api/versions/compare")
def versions_api(request: Request, _: Staff, a: int, b: int):
    state = state_of(request)
    with view(request) as v:
        first, second = state.plans.stored(v.session, a), state.plans.stored(v.session, b)
        if (
            first is None
            or second is None
            or {first.version.workspace_id, second.version.workspace_id} != {v.workspace.id}
        ):
            raise HTTPException(404, "ces versions ne sont pas de cette année")
        return [
            {"sheet": name, "header": header, "rows": rows} for name, header, rows in sheets(first, second)
        ]


# --- the réalisé ----------------------------------------------------------------------------


@router.post("/realise")
async def taught_send(request: Request, who: Annotated[Who, Depends(taught_editor)]):
    state = state_of(request)
    form = await request.form()
    teacher = str(form.get("teacher", ""))
    hours = {k[2:]: str(x) for k, x in form.items() if k.startswith("h:")}
    with view(request) as v:
        if v.stored is None:
            raise HTTPException(404, "aucun plan en place")
        stored = v.stored
        department = teacher_home(v.session, v.workspace, v.checked, teacher)
    query = {"teacher": teacher}
    try:
        save_taught(
            state.sessions,
            state.workspace_id,
            stored,
            teacher,
            hours,
            str(form.get("seen", "")),
            by=actor(who),
            department=department,
        )
        query["saved"] = "1"
    except Refused as exc:
        query["error"] = f"Réalisé refusé, rien n'est enregistré : {exc.problem.text}"
    except Stale as exc:
        query["error"] = f"Réalisé refusé, rien n'est enregistré : {exc.now}"
    return RedirectResponse(f"/fiches?{urlencode(query)}#realise", status_code=303)


# --- academic years -------------------------------------------------------------------------


@router.get("/annees", response_class=HTMLResponse)
def years_page(request: Request, who: Staff, message: str = "", error: str = ""):
    with view(request) as v:
        listing = years(v.session, v.workspace.source)
        label = label_of(v.checked, v.workspace)
        return render(
            request,
            "annees.html",
            v,
            "/annees",
            listing=listing,
            label=label,
            next_label=next_label(label),
            message=message,
            error=error,
        )


def _to_years(**query) -> RedirectResponse:
    return RedirectResponse(f"/annees?{urlencode(query)}", status_code=303)


@router.post("/annees/clore")
def year_close(request: Request, who: Admin, label: str = Form(...)):
    state = state_of(request)
    try:
        close_year(state.sessions, state.workspace_id, label, actor(who))
    except Refused as exc:
        return _to_years(error=exc.problem.text)
    return _to_years(message=f"Année {label} close : elle se consulte, plus rien ne s'y modifie")


@router.post("/annees/suivante")
def year_next(request: Request, who: Admin, label: str = Form(...)):
    state = state_of(request)
    try:
        new_id = start_next(state.sessions, state.workspace_id, label, actor(who))
    except Refused as exc:
        return _to_years(error=exc.problem.text)
    state.workspace_id = new_id  # the server now serves the new year
    return _to_years(message=f"Année {label} commencée : copie des données et du plan de l'année close")


def _year(request: Request, year_id: int, v) -> Workspace:
    year = v.session.get(Workspace, year_id)
    if year is None or year.source != v.workspace.source:
        raise HTTPException(404, "aucune année de ce numéro pour ces données")
    return year


@router.get("/annees/{year_id}", response_class=HTMLResponse)
def year_page(request: Request, _: Staff, year_id: int):
    state = state_of(request)
    with view(request) as v:
        year = _year(request, year_id, v)
        checked = state.cache.checked(v.session, year)
        stored = state.plans.current(v.session, year.id)
        teachers = checked.valid.teachers if checked.ok else []
        rows = year_rows(v.session, year, stored, teachers)
        return render(request, "annee.html", v, "/annees", year=year, rows=rows, stored=stored)


@router.get("/annees/{year_id}/fiches/{teacher}", response_class=HTMLResponse)
def year_fiche(request: Request, subject: Annotated[Subject, Depends(fiche_of)], year_id: int, teacher: str):
    state = state_of(request)
    with view(request) as v:
        year = _year(request, year_id, v)
        stored = state.plans.current(v.session, year.id)
        if stored is None or not any(s.teacher == teacher for s in stored.saved.services):
            raise HTTPException(404, f"aucune fiche de {teacher} pour l'année {year.label}")
        data = floats(fiche_taught(v.session, year.id, stored, teacher))
        name = next(s.name for s in stored.saved.services if s.teacher == teacher)
        return render(request, "annee_fiche.html", v, "/annees", year=year, taught=data, name=name)
