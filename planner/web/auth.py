"""Who may do what: one FastAPI dependency per rule, and the CSRF guard of every change.

``signed_in`` finds the request's session (``accounts.find_session``); each
rule below depends on it and either returns or raises 403 with a sentence in
French. Routes name their rule in their signature, never test a role
themselves:

- ``staff``: the administrator, heads and readers (not teachers: Enseignants,
  Scénarios, the journal, the versions, the documents of a whole department);
- ``planner``: the administrator and heads (Replanifier, a comparison, a version adopted);
- ``administrator``: accounts and academic years;
- ``whole``: the administrator, or the head of a single department (export, re-read the files);
- ``shown_department``: the department a page shows must be one the person may read
  (a teacher: the departments they teach in);
- ``row_editor``, ``cells_editor``, ``table_editor``, ``part_editor``, ``cell_opener``:
  an edit of the inputs or a cell fixed in the plan, in a department the person edits
  (the administrator: all; a head: theirs);
- ``wishes_of``: a teacher's own wishes, or those of a department the person edits;
- ``fiche_of``: a teacher's own fiche, or the fiches of a department the person reads;
- ``undoer``: a change of a department the person edits;
- ``writable``: the academic year is not closed (every edit depends on it).

``csrf_guard`` runs before every route: a request that changes anything
(any method but GET, HEAD and OPTIONS) must carry its session's CSRF token,
in the ``X-CSRF-Token`` header (htmx sends it from the page) or a ``csrf``
form field, and come from this site when the browser says where it comes
from (``Origin``). Signing in is guarded by a token of its own (a cookie and
the form's field must match).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Form, HTTPException, Request

from planner.web import scope
from planner.web import tables as store
from planner.web.accounts import Who, find_session
from planner.web.db import must_get, transaction
from planner.web.journal import Actor
from planner.web.models import Change, InputRow, InputTable, Workspace
from planner.web.page import state_of, view
from planner.web.rights import may_edit, may_read

SESSION_COOKIE = "planner_session"
LOGIN_COOKIE = "planner_login"
SAFE = ("GET", "HEAD", "OPTIONS")
STAFF = ("admin", "head", "viewer")


class NotSignedIn(Exception):
    """No valid session: pages send the browser to the sign-in page, the rest answer 401."""


def refuse(text: str) -> HTTPException:
    return HTTPException(403, text)


def signed_in(request: Request) -> Who:
    """The signed-in person (their session checked for expiry), else ``NotSignedIn``."""
    found = getattr(request.state, "who", None)
    if found is not None:
        return found
    state = state_of(request)
    with transaction(state.sessions) as session:
        who = find_session(session, request.cookies.get(SESSION_COOKIE))
    if who is None:
        raise NotSignedIn()
    request.state.who = who
    return who


SignedIn = Annotated[Who, Depends(signed_in)]


async def csrf_guard(request: Request) -> None:
    """Every request that changes something carries its session's CSRF token and comes from this site."""
    if request.method in SAFE:
        return
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host", ""):
        raise refuse("requête venue d'un autre site : refusée")
    form = None
    if request.headers.get("content-type", "").startswith(("application/x-www-form", "multipart/form-data")):
        form = await request.form()
    if request.url.path == "/login":
        sent, expected = (form.get("csrf") if form else None), request.cookies.get(LOGIN_COOKIE)
    else:
        who = signed_in(request)
        sent = request.headers.get("x-csrf-token") or (form.get("csrf") if form else None)
        expected = who.csrf
    if not sent or not expected or not hmac.compare_digest(str(sent), expected):
        raise refuse("jeton de sécurité (CSRF) absent ou périmé : recharger la page")


def staff(who: SignedIn) -> Who:
    if who.role not in STAFF:
        raise refuse("cette page est réservée au département (chef, administrateur, lecteur)")
    return who


def planner(who: SignedIn) -> Who:
    if who.role not in ("admin", "head"):
        raise refuse("seuls un chef de département et l'administrateur peuvent lancer un calcul")
    return who


def administrator(who: SignedIn) -> Who:
    if who.role != "admin":
        raise refuse("réservé à l'administrateur de l'IUT")
    return who


def writable(request: Request) -> None:
    """The academic year shown is open (a closed year is read-only)."""
    state = state_of(request)
    with state.sessions() as session:
        workspace = must_get(session, Workspace, state.workspace_id)
        if workspace.closed_at is not None:
            raise HTTPException(409, f"l'année {workspace.label} est close : elle se lit, ne se modifie plus")


Writable = Annotated[None, Depends(writable)]


def whole(request: Request, who: SignedIn, _: Writable = None) -> Who:
    if who.role == "admin":
        return who
    if who.role == "head":
        with view(request) as v:
            if not scope.is_iut(v.session, v.workspace, v.checked):
                return who
    raise refuse("réservé à l'administrateur de l'IUT (toutes les tables sont concernées)")


# --- departments ----------------------------------------------------------------------------


def _edits(request: Request, who: Who, department: str | None, what: str) -> None:
    with view(request) as v:
        iut = scope.is_iut(v.session, v.workspace, v.checked)
    if not may_edit(who, department, iut):
        where = f"du département {department}" if department else "de tout l'IUT"
        raise refuse(f"{what} {where} : réservé à son chef de département ou à l'administrateur")


def shown_department(request: Request, who: SignedIn, department: str | None = None):
    """The department the page shows: the one asked if the person may read it, else their first."""
    with view(request) as v:
        names = scope.departments(v.checked)
        if not names:
            return None
        readable = [d for d in names if may_read(who, d, v)]
        if department in names:
            if department not in readable:
                raise refuse(f"les données du département {department} ne vous sont pas ouvertes")
            return department
        if not readable:
            raise refuse("aucun département ne vous est ouvert")
        if who.role == "head" and who.department in readable:
            return who.department
        return readable[0]


def _row_department(request: Request, row_id: int) -> tuple[InputRow | None, str | None]:
    with view(request) as v:
        row = v.session.get(InputRow, row_id)
        table = v.session.get(InputTable, row.table_id) if row is not None else None
        if row is None or table is None or table.workspace_id != v.workspace.id:
            return None, None
        return row, scope.row_department(v.session, v.workspace, v.checked, table, list(row.cells))


def row_editor(
    request: Request,
    who: SignedIn,
    row: int = Form(...),
    column: str = Form(""),
    value: str = Form(""),
    _: Writable = None,
) -> Who:
    """A row changed or removed: its department (and a teacher's new home department) is the person's."""
    found, department = _row_department(request, row)
    if found is not None:
        _edits(request, who, department, "modifier les données")
        if column.strip() == "department" and value.strip() != (department or ""):
            _edits(request, who, value.strip() or None, "rattacher un enseignant")
    return who


async def cells_editor(request: Request, who: SignedIn, _: Writable = None) -> Who:
    """Cells saved together (``c-<row>-<column>``): every row's department is the person's."""
    form = await request.form()
    for key in form:
        if key.startswith("c-") and key.count("-") >= 2 and key.split("-")[1].isdigit():
            found, department = _row_department(request, int(key.split("-")[1]))
            if found is not None:
                _edits(request, who, department, "modifier les données")
    return who


async def table_editor(request: Request, who: SignedIn, _: Writable = None) -> Who:
    """A row added or a table replaced: the table's department (or the row's) is the person's."""
    form = await request.form()
    path, name = str(form.get("path", "")), str(form.get("name", ""))
    with view(request) as v:
        table = next((t for t in store.tables_of(v.session, v.workspace.id) if t.path == path), None)
        cells = {k[len("cell-") :]: str(x) for k, x in form.items() if k.startswith("cell-")}
        if table is not None:
            header = scope.header_cells(v.session, table)
            department = scope.row_department(
                v.session, v.workspace, v.checked, table, [cells.get(h, "") for h in header]
            )
        elif name:
            department = str(form.get("department", "")) or None
        else:
            department = None
    _edits(request, who, department, "modifier les données")
    return who


def _part(request: Request, key: str, who: Who) -> None:
    _edits(request, who, scope.part_department(key), "fixer une cellule du plan")


def part_editor(request: Request, who: SignedIn, key: str = Form(...), _: Writable = None) -> Who:
    """A cell of the plan fixed or unfixed: the module activity's department is the person's."""
    _part(request, key, who)
    return who


def cell_opener(request: Request, who: SignedIn, key: str, edit: int = 1) -> Who:
    """A cell of the grid: opened to be fixed by who may fix it, shown to who may read it."""
    department = scope.part_department(key)
    if edit:
        writable(request)
        _part(request, key, who)
    with view(request) as v:
        if not may_read(who, department, v):
            raise refuse(f"les données du département {department} ne vous sont pas ouvertes")
    return who


@dataclass(frozen=True)
class Subject:
    """The teacher a page is about, and whether the person may see that teacher alone."""

    teacher: str | None
    alone: bool


def _teacher_department(request: Request, teacher: str) -> str | None:
    with view(request) as v:
        return scope.teacher_home(v.session, v.workspace, v.checked, teacher)


def fiche_of(request: Request, who: SignedIn, teacher: str | None = None) -> Subject:
    """Whose fiche: a teacher sees their own alone; the department sees the fiches of what it reads."""
    if who.role == "teacher":
        if teacher not in (None, who.teacher):
            raise refuse("une fiche de service n'est ouverte qu'à son enseignant et au département")
        return Subject(who.teacher, True)
    if teacher is not None:
        with view(request) as v:
            department = scope.teacher_home(v.session, v.workspace, v.checked, teacher)
            if not may_read(who, department, v):
                raise refuse(f"les fiches du département {department} ne vous sont pas ouvertes")
    return Subject(teacher, False)


def wishes_of(request: Request, who: SignedIn, teacher: str | None = None) -> Subject:
    """Whose wishes: a teacher's own; any teacher's of a department the person edits (or reads, to see)."""
    if who.role == "teacher":
        if teacher not in (None, who.teacher):
            raise refuse("les vœux d'un enseignant ne sont ouverts qu'à lui et à son chef de département")
        return Subject(who.teacher, True)
    if teacher is not None and request.method not in SAFE:
        _edits(request, who, _teacher_department(request, teacher), "saisir les vœux d'un enseignant")
    elif teacher is not None:
        fiche_of(request, who, teacher)
    return Subject(teacher, False)


def wishes_editor(request: Request, who: SignedIn, teacher: str = Form(...), _: Writable = None) -> Subject:
    """A wishes form sent: the teacher's own, or by who edits their department."""
    return wishes_of(request, who, teacher)


def department_editor(request: Request, who: SignedIn, department: str = Form(""), _: Writable = None) -> Who:
    """A department's campaign opened or closed: the person edits that department."""
    _edits(request, who, department or None, "ouvrir ou clore la campagne de vœux")
    return who


def taught_editor(request: Request, who: SignedIn, teacher: str = Form(...), _: Writable = None) -> Who:
    """The réalisé of a teacher: entered by who edits their department."""
    _edits(request, who, _teacher_department(request, teacher), "saisir le réalisé")
    return who


def undoer(request: Request, who: SignedIn, change_id: int, _: Writable = None) -> Who:
    """A change undone: its department is the person's."""
    state = state_of(request)
    with state.sessions() as session:
        change = session.get(Change, change_id)
        department = change.department if change is not None else None
    _edits(request, who, department, "annuler une modification")
    return who


def actor(who: Who) -> Actor:
    """The journal's author of what ``who`` does."""
    return Actor(who.account_id, who.login)


Staff = Annotated[Who, Depends(staff)]
Planner = Annotated[Who, Depends(planner)]
Admin = Annotated[Who, Depends(administrator)]
Shown = Annotated[str | None, Depends(shown_department)]
