"""The input pages (Maquette, Effectifs et groupes, Enseignants), their edits, export and re-import.

An edit answers with the message (accepted, or refused with the loader's
file/row/column message) and tells the page to show itself again
(``HX-Trigger: inputs-changed``): a refused edit shows the value the database
still holds.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse

from planner.web import tables as store
from planner.web.accounts import Who
from planner.web.auth import (
    Shown,
    SignedIn,
    Staff,
    actor,
    cells_editor,
    row_editor,
    table_editor,
    whole,
)
from planner.web.db import must_get, transaction
from planner.web.edits import (
    CellEdit,
    Refused,
    Stale,
    add_row,
    delete_row,
    edit_cell,
    edit_cells,
    replace_table,
    writing,
)
from planner.web.models import Workspace
from planner.web.page import render, state_of, view
from planner.web.views_inputs import effectifs, enseignants, maquette

router = APIRouter()


def _year(asked: int | None, v) -> int:
    years = v.checked.valid.years if v.checked.ok else [1, 2, 3]
    return asked if asked is not None and asked in years else years[0]


@router.get("/maquette", response_class=HTMLResponse)
def maquette_page(request: Request, dept: Shown, year: int | None = None):
    with view(request) as v:
        data = maquette(v.session, v.workspace, v.checked, dept, _year(year, v))
        return render(request, "maquette.html", v, "/maquette", data=data, department=dept)


@router.get("/api/maquette")
def maquette_api(request: Request, dept: Shown, year: int | None = None):
    with view(request) as v:
        return maquette(v.session, v.workspace, v.checked, dept, _year(year, v))


@router.get("/effectifs", response_class=HTMLResponse)
def effectifs_page(request: Request, dept: Shown):
    with view(request) as v:
        data = effectifs(v.session, v.workspace, v.checked, dept)
        return render(request, "effectifs.html", v, "/effectifs", data=data, department=dept)


@router.get("/api/effectifs")
def effectifs_api(request: Request, dept: Shown):
    with view(request) as v:
        return effectifs(v.session, v.workspace, v.checked, dept)


@router.get("/enseignants", response_class=HTMLResponse)
def enseignants_page(request: Request, _: Staff, dept: Shown, teacher: str | None = None):
    with view(request) as v:
        data = enseignants(v.session, v.workspace, v.checked, v.stored, dept, teacher)
        return render(request, "enseignants.html", v, "/enseignants", data=data, department=dept)


@router.get("/api/enseignants")
def enseignants_api(request: Request, _: Staff, dept: Shown, teacher: str | None = None):
    with view(request) as v:
        return enseignants(v.session, v.workspace, v.checked, v.stored, dept, teacher)


def _answer(request: Request, message: str = "", error: str = "", status: int = 200) -> HTMLResponse:
    response = request.app.state.templates.TemplateResponse(
        request, "message.html", {"message": message, "error": error}, status_code=status
    )
    response.headers["HX-Trigger"] = "inputs-changed"
    return response


@router.post("/cell", response_class=HTMLResponse)
def cell(
    request: Request,
    who: Annotated[Who, Depends(row_editor)],
    row: int = Form(...),
    column: str = Form(...),
    value: str = Form(""),
    version: int = Form(...),
):
    state = state_of(request)
    try:
        edit_cell(state.sessions, state.cache, state.workspace_id, row, column, value, version, by=actor(who))
    except Refused as exc:
        return _answer(
            request, error=f"Modification refusée, rien n'est enregistré : {exc.problem.text}", status=422
        )
    except Stale as exc:
        return _answer(
            request,
            error="Cette ligne a été modifiée entre-temps ; la voici telle qu'elle est : "
            + ", ".join(exc.cells),
            status=409,
        )
    return _answer(request, message=f"Enregistré : {column} = {value.strip() or '(vide)'}")


@router.post("/cells", response_class=HTMLResponse)
async def cells(request: Request, who: Annotated[Who, Depends(cells_editor)]):
    """Several cells saved together (``c-<row>-<column>``, the rows' versions as ``v-<row>``): one check."""
    state = state_of(request)
    form = await request.form()
    edits = []
    for key, value in form.items():
        if key.startswith("c-") and key.count("-") >= 2:
            _, row, column = key.split("-", 2)
            version = str(form.get(f"v-{row}", ""))
            if not row.isdigit() or not version.isdigit():
                return _answer(request, error="Chaque ligne envoyée donne sa version (v-<ligne>)", status=422)
            edits.append(CellEdit(int(row), column, str(value), int(version)))
    if not edits:
        return _answer(request, message="Aucune modification à enregistrer")
    try:
        edit_cells(state.sessions, state.cache, state.workspace_id, edits, by=actor(who))
    except Refused as exc:
        return _answer(
            request, error=f"Modifications refusées, rien n'est enregistré : {exc.problem.text}", status=422
        )
    except Stale as exc:
        return _answer(
            request,
            error="Une ligne a été modifiée entre-temps ; rien n'est enregistré. La voici : "
            + ", ".join(exc.cells),
            status=409,
        )
    return _answer(request, message=f"Enregistré : {len(edits)} cellule{'s' if len(edits) > 1 else ''}")


@router.post("/rows/add", response_class=HTMLResponse)
async def row_add(request: Request, who: Annotated[Who, Depends(table_editor)]):
    state = state_of(request)
    form = await request.form()
    path = str(form.get("path", ""))
    values = {k[len("cell-") :]: str(v) for k, v in form.items() if k.startswith("cell-")}
    try:
        name, department = str(form.get("name", "")) or None, str(form.get("department", "")) or None
        add_row(
            state.sessions, state.cache, state.workspace_id, path, values, name, department, by=actor(who)
        )
    except Refused as exc:
        return _answer(
            request, error=f"Ligne refusée, rien n'est enregistré : {exc.problem.text}", status=422
        )
    return _answer(request, message=f"Ligne ajoutée à {path}")


@router.post("/rows/delete", response_class=HTMLResponse)
def row_delete(
    request: Request, who: Annotated[Who, Depends(row_editor)], row: int = Form(...), version: int = Form(...)
):
    state = state_of(request)
    try:
        delete_row(state.sessions, state.cache, state.workspace_id, row, version, by=actor(who))
    except Refused as exc:
        return _answer(
            request, error=f"Suppression refusée, rien n'est enregistré : {exc.problem.text}", status=422
        )
    except Stale:
        return _answer(
            request, error="Cette ligne a été modifiée entre-temps ; rien n'est supprimé", status=409
        )
    return _answer(request, message="Ligne supprimée")


@router.post("/upload", response_class=HTMLResponse)
async def upload(
    request: Request,
    who: Annotated[Who, Depends(table_editor)],
    file: Annotated[UploadFile, File()],
    path: str = Form(...),
):
    """A table replaced by a CSV file from the user's computer, checked as any edit.

    The form gives, for each table it offers, the table as the page saw it (``seen:<path>``).
    """
    state = state_of(request)
    seen = (await request.form()).get(f"seen:{path}")
    if not isinstance(seen, str) or not seen:
        text = f"Fichier refusé : la page ne dit pas quelle {path} elle montrait ; la recharger"
        return _answer(request, error=text, status=422)
    data = await file.read()
    try:
        replace_table(state.sessions, state.cache, state.workspace_id, path, data, seen, by=actor(who))
    except Refused as exc:
        return _answer(
            request, error=f"Fichier refusé, rien n'est enregistré : {exc.problem.text}", status=422
        )
    except Stale as exc:
        return _answer(request, error=f"Fichier refusé, rien n'est enregistré : {exc.now}", status=409)
    return _answer(request, message=f"{path} remplacé par {file.filename}")


@router.post("/export", response_class=HTMLResponse)
def export(request: Request, who: Annotated[Who, Depends(whole)]):
    state = state_of(request)
    with writing(state.workspace_id), transaction(state.sessions) as session:
        written = store.export(session, must_get(session, Workspace, state.workspace_id), actor(who))
    text = f"Écrit dans les données : {', '.join(written)}" if written else "Les fichiers sont déjà à jour"
    return _answer(request, message=text)


@router.post("/reimport", response_class=HTMLResponse)
def reimport(request: Request, who: Annotated[Who, Depends(whole)]):
    state = state_of(request)
    with writing(state.workspace_id), transaction(state.sessions) as session:
        store.reimport(session, must_get(session, Workspace, state.workspace_id), actor(who))
    return _answer(request, message="Données relues depuis les fichiers")


@router.get("/api/inputs")
def inputs_api(request: Request, _: SignedIn):
    with view(request) as v:
        tables = store.tables_of(v.session, v.workspace.id)
        return JSONResponse(
            {
                "source": v.workspace.source,
                "version": v.workspace.inputs_version,
                "problem": v.checked.problem.text if v.checked.problem else None,
                "warnings": v.checked.warnings,
                "tables": [{"path": t.path, "name": t.name, "edited": t.edited} for t in tables],
                "changed_on_disk": store.changed_on_disk(v.session, v.workspace),
            }
        )
