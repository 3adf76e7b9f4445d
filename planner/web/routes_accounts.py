"""Signing in and out, one's own account, and the accounts (the administrator's page).

The sign-in form carries a token of its own (a cookie set with the form, the
form's field must match it), so that no other site can sign a browser in.
A successful sign-in opens a server-side session (``accounts.open_session``):
its cookie is HttpOnly, SameSite=Lax, Secure over HTTPS. Every change to an
account is journalled (never its password).
"""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm.exc import StaleDataError

from planner.web.accounts import (
    IDLE,
    LIFETIME,
    ROLES,
    AccountError,
    accounts,
    any_account,
    authenticate,
    close_session,
    create_account,
    open_session,
    set_password,
)
from planner.web.auth import LOGIN_COOKIE, SESSION_COOKIE, Admin, SignedIn, actor
from planner.web.db import must_get, transaction
from planner.web.journal import record
from planner.web.models import Account, Workspace
from planner.web.page import render, state_of, view
from planner.web.scope import departments

router = APIRouter()


def _next(target: str | None) -> str:
    """Where to go after signing in: a path of this site only."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _bare(request: Request, template: str, status: int = 200, **data) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, template, data, status_code=status)


def _login_form(request: Request, target: str, error: str = "", status: int = 200) -> HTMLResponse:
    state = state_of(request)
    with state.sessions() as session:
        empty = not any_account(session)
    token = secrets.token_urlsafe(32)
    response = _bare(
        request,
        "login.html",
        status,
        token=token,
        next=target,
        error=error,
        empty=empty,
        inputs=state.config.inputs,
    )
    secure = request.url.scheme == "https"
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=secure, max_age=3600)
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/"):
    return _login_form(request, _next(next))


@router.post("/login")
def login(request: Request, login: str = Form(""), password: str = Form(""), next: str = Form("/")):
    state = state_of(request)
    with transaction(state.sessions) as session:
        account = authenticate(session, login, password)
        token = open_session(session, account) if account is not None else None
    if token is None:
        return _login_form(request, _next(next), "Identifiant ou mot de passe incorrect.", 401)
    response = RedirectResponse(_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        max_age=int(LIFETIME.total_seconds()),
    )
    response.delete_cookie(LOGIN_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, _: SignedIn):
    with transaction(state_of(request).sessions) as session:
        close_session(session, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/api/me")
def me(who: SignedIn):
    return {
        "login": who.login,
        "name": who.name,
        "role": who.role,
        "department": who.department,
        "teacher": who.teacher,
        "csrf": who.csrf,
    }


# --- one's own account ------------------------------------------------------------------------


@router.get("/compte", response_class=HTMLResponse)
def own_page(request: Request, who: SignedIn, message: str = "", error: str = ""):
    with view(request) as v:
        return render(
            request,
            "compte.html",
            v,
            "/compte",
            message=message,
            error=error,
            idle=int(IDLE.total_seconds() // 3600),
            lifetime=int(LIFETIME.total_seconds() // 3600),
        )


@router.post("/compte")
def own_password(
    request: Request,
    who: SignedIn,
    current: str = Form(""),
    password: str = Form(""),
    again: str = Form(""),
):
    state = state_of(request)
    if password != again:
        return RedirectResponse("/compte?error=Les+deux+mots+de+passe+diffèrent", status_code=303)
    with transaction(state.sessions) as session:
        account = must_get(session, Account, who.account_id)
        if authenticate(session, account.login, current) is None:
            error = "Mot de passe actuel incorrect"
        else:
            try:
                set_password(session, account, password)
                error = ""
            except AccountError as exc:
                error = str(exc)
    if error:
        return RedirectResponse(f"/compte?error={error}", status_code=303)
    response = RedirectResponse("/login?next=/compte", status_code=303)  # every session ended: sign in again
    response.delete_cookie(SESSION_COOKIE)
    return response


# --- the accounts (administrator) -----------------------------------------------------------


def _teachers(v) -> list[dict]:
    if not v.checked.ok:
        return []
    return [{"id": t.id, "name": t.name, "department": t.department} for t in v.checked.valid.teachers]


@router.get("/comptes", response_class=HTMLResponse)
def accounts_page(request: Request, _: Admin, message: str = "", error: str = ""):
    with view(request) as v:
        return render(
            request,
            "comptes.html",
            v,
            "/comptes",
            accounts=accounts(v.session),
            roles=ROLES,
            teachers=_teachers(v),
            all_departments=departments(v.checked),
            message=message,
            error=error,
        )


def _check(v, role: str, department: str, teacher: str) -> None:
    names = departments(v.checked)
    if role == "head" and names and department not in names:
        raise AccountError(f"un chef de département nomme un département de l'IUT ({', '.join(names)})")
    if department and names and department not in names:
        raise AccountError(f"aucun département {department!r} dans ces données")
    if role == "teacher" and v.checked.ok and teacher not in {t.id for t in v.checked.valid.teachers}:
        raise AccountError(f"aucun enseignant {teacher!r} dans teachers.csv")


def _journal(session, request: Request, who, summary: str) -> None:
    workspace = must_get(session, Workspace, state_of(request).workspace_id)
    record(
        session, workspace, "account", "comptes", by=actor(who), summary=summary, undoable=False, bump=False
    )


def _back(message: str = "", error: str = "") -> RedirectResponse:
    from urllib.parse import urlencode

    query = urlencode({k: v for k, v in (("message", message), ("error", error)) if v})
    return RedirectResponse("/comptes" + (f"?{query}" if query else ""), status_code=303)


@router.post("/comptes")
def account_create(
    request: Request,
    who: Admin,
    login: str = Form(...),
    name: str = Form(""),
    role: str = Form(...),
    department: str = Form(""),
    teacher: str = Form(""),
    password: str = Form(...),
):
    try:
        with view(request) as v:
            _check(v, role, department.strip(), teacher.strip())
        with transaction(state_of(request).sessions) as session:
            account = create_account(
                session, login, password, role, name=name, department=department, teacher=teacher
            )
            _journal(session, request, who, f"Compte {account.login} créé ({ROLES[role]})")
    except AccountError as exc:
        return _back(error=str(exc))
    return _back(message=f"Compte {login.strip()} créé")


@router.post("/comptes/{account_id}")
def account_update(
    request: Request,
    who: Admin,
    account_id: int,
    version: int = Form(...),
    name: str = Form(""),
    role: str = Form(...),
    department: str = Form(""),
    teacher: str = Form(""),
    active: str = Form(""),
    password: str = Form(""),
):
    try:
        with view(request) as v:
            _check(v, role, department.strip(), teacher.strip())
        if role not in ROLES:
            raise AccountError(f"rôle inconnu {role!r}")
        with transaction(state_of(request).sessions) as session:
            account = session.get(Account, account_id)
            if account is None:
                raise HTTPException(404, "aucun compte de ce numéro")
            if account.version != version:
                raise AccountError(
                    f"le compte {account.login} a été modifié entre-temps : le revoir ci-dessous"
                )
            if account.id == who.account_id and (role != "admin" or not active):
                raise AccountError("on ne retire pas son propre rôle d'administrateur")
            account.name, account.role = name.strip(), role
            account.department = department.strip() or None
            account.teacher = (teacher.strip() or None) if role == "teacher" else None
            account.active = bool(active)
            if password:
                set_password(session, account, password)
            _journal(session, request, who, f"Compte {account.login} modifié ({ROLES[role]})")
    except AccountError as exc:
        return _back(error=str(exc))
    except StaleDataError:
        return _back(error="ce compte a été modifié entre-temps : le revoir ci-dessous")
    return _back(message="Compte modifié")
