"""Accounts and sessions: argon2id hashes, sessions that expire, CSRF on every change, the first admin."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from sqlalchemy import select
from webtools import ADMIN, add_account, make_client, sign_in

from planner.web.accounts import (
    IDLE,
    LIFETIME,
    TRIES,
    authenticate,
    create_account,
    find_session,
    open_session,
)
from planner.web.db import connect, transaction
from planner.web.models import Account, LoginSession


def test_a_password_is_kept_as_an_argon2id_hash_and_checked(db_url):
    sessions = connect(db_url)
    with transaction(sessions) as session:
        create_account(session, "cfaure", "un mot de passe", "teacher", teacher="cfaure")
    with transaction(sessions) as session:
        account = session.scalar(select(Account))
        assert (
            account.password_hash.startswith("$argon2id$") and "un mot de passe" not in account.password_hash
        )
        assert authenticate(session, "CFaure", "un mot de passe").id == account.id  # logins ignore case
        assert authenticate(session, "cfaure", "un autre") is None
        assert authenticate(session, "personne", "un mot de passe") is None


def test_wrong_passwords_lock_the_account_for_a_while(db_url):
    sessions = connect(db_url)
    with transaction(sessions) as session:
        create_account(session, "chef", "le bon mot de passe", "head")
    for _ in range(TRIES):
        with transaction(sessions) as session:
            assert authenticate(session, "chef", "mauvais") is None
    with transaction(sessions) as session:  # locked: even the right password is refused
        assert authenticate(session, "chef", "le bon mot de passe") is None
        session.scalar(select(Account)).locked_until = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    with transaction(sessions) as session:
        assert authenticate(session, "chef", "le bon mot de passe") is not None


def test_a_session_keeps_only_its_tokens_hash_and_expires(db_url):
    sessions = connect(db_url)
    with transaction(sessions) as session:
        account = create_account(session, "lecteur", "un mot de passe", "viewer")
        token = open_session(session, account)
    with transaction(sessions) as session:
        kept = session.scalar(select(LoginSession))
        assert kept.id != token and token not in kept.id and len(kept.id) == 64
        assert find_session(session, token).login == "lecteur"
        assert find_session(session, token + "x") is None
        kept.seen_at = dt.datetime.now(dt.UTC) - IDLE - dt.timedelta(seconds=1)  # idle too long
    with transaction(sessions) as session:
        assert find_session(session, token) is None
        token = open_session(session, session.scalar(select(Account)))
    with transaction(sessions) as session:
        kept = session.get(LoginSession, next(iter(session.scalars(select(LoginSession.id)))))
        kept.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)  # past its lifetime
        assert LIFETIME > IDLE
    with transaction(sessions) as session:
        assert find_session(session, token) is None


def test_a_disabled_account_loses_its_sessions(db_url):
    sessions = connect(db_url)
    with transaction(sessions) as session:
        account = create_account(session, "ancien", "un mot de passe", "viewer")
        token = open_session(session, account)
    with transaction(sessions) as session:
        session.scalar(select(Account)).active = False
    with transaction(sessions) as session:
        assert find_session(session, token) is None
        assert authenticate(session, "ancien", "un mot de passe") is None


def test_a_fresh_database_says_how_to_create_the_first_account(shipped, tmp_path):
    with make_client(shipped, tmp_path / "web.sqlite", [2], login=None) as client:
        with transaction(client.app.state.planner.sessions) as session:
            session.execute(Account.__table__.delete())
        page = client.get("/repartition", headers={"accept": "text/html"}, follow_redirects=True)
        assert page.url.path == "/login"
        assert "Aucun compte n'existe encore" in page.text and "--create-admin" in page.text
        assert client.get("/api/repartition").status_code == 401


def test_create_admin_reads_the_password_from_the_environment_or_stdin(shipped, tmp_path):
    db = tmp_path / "web.sqlite"
    command = [sys.executable, "-m", "planner", "serve", "--inputs", str(shipped), "--db", f"sqlite:///{db}"]
    env = {**os.environ, "PLANNER_ADMIN_LOGIN": "directeur", "PLANNER_ADMIN_PASSWORD": "premier mot de passe"}
    made = subprocess.run([*command, "--create-admin"], env=env, capture_output=True, text=True)
    assert made.returncode == 0 and "created the administrator 'directeur'" in made.stdout
    env.pop("PLANNER_ADMIN_PASSWORD")
    again = subprocess.run(
        [*command, "--create-admin"], env=env, input="second mot de passe\n", capture_output=True, text=True
    )
    assert again.returncode == 0 and "new password for the administrator 'directeur'" in again.stdout
    short = subprocess.run(
        [*command, "--create-admin"], env=env, input="court\n", capture_output=True, text=True
    )
    assert short.returncode == 2 and "too short" in short.stderr and "Traceback" not in short.stderr
    sessions = connect(f"sqlite:///{db}")
    with transaction(sessions) as session:
        assert authenticate(session, "directeur", "premier mot de passe") is None
        assert authenticate(session, "directeur", "second mot de passe").role == "admin"


def test_signing_in_and_out(client):
    me = client.get("/api/me").json()
    assert me["login"] == ADMIN[0] and me["role"] == "admin" and len(me["csrf"]) > 30
    page = client.get("/repartition")
    assert f'name="csrf-token" content="{me["csrf"]}"' in page.text and "Se déconnecter" in page.text
    assert client.post("/logout", follow_redirects=False).status_code == 303
    assert client.get("/api/me").status_code == 401


def test_a_wrong_password_is_refused_in_words(client):
    client.cookies.clear()
    client.get("/login")
    answer = client.post(
        "/login",
        data={"login": ADMIN[0], "password": "faux", "csrf": client.cookies.get("planner_login")},
        follow_redirects=False,
    )
    assert answer.status_code == 401 and "Identifiant ou mot de passe incorrect" in answer.text
    assert "planner_session" not in answer.cookies


def test_the_session_cookie_is_httponly_and_samesite(client):
    client.cookies.clear()
    client.get("/login")
    answer = client.post(
        "/login",
        data={"login": ADMIN[0], "password": ADMIN[1], "csrf": client.cookies.get("planner_login")},
        follow_redirects=False,
    )
    cookie = answer.headers["set-cookie"]
    assert "planner_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert answer.headers["location"] == "/"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil"])
def test_signing_in_never_sends_the_browser_to_another_site(client, target):
    client.cookies.clear()
    client.get("/login")
    answer = client.post(
        "/login",
        data={
            "login": ADMIN[0],
            "password": ADMIN[1],
            "csrf": client.cookies.get("planner_login"),
            "next": target,
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/"


def test_every_change_needs_the_csrf_token(client):
    rows = client.get("/api/enseignants").json()["teachers"][0]["rows"]
    row = next(r for r in rows if r["cells"]["id"] == "cfaure")
    edit = {"row": row["id"], "column": "reductions", "value": "40", "version": row["version"]}
    token = client.headers.pop("X-CSRF-Token")
    assert client.post("/cell", data=edit).status_code == 403  # no token
    assert client.post("/cell", data=edit, headers={"X-CSRF-Token": "x" * 43}).status_code == 403
    assert client.post("/cell", data={**edit, "csrf": token}).status_code == 200  # a form's field
    assert client.get("/api/enseignants").json()["teachers"][0]["rows"][2]["cells"]["reductions"] == "40"
    client.headers["X-CSRF-Token"] = token
    other = client.post("/cell", data={**edit, "value": "41"}, headers={"Origin": "https://evil.example"})
    assert other.status_code == 403  # another site, even with the token
    client.get("/login")
    sign_in_form = {"login": ADMIN[0], "password": ADMIN[1], "csrf": "not the cookie's"}
    assert client.post("/login", data=sign_in_form, follow_redirects=False).status_code == 403


def test_a_teacher_account_names_a_teacher_of_the_inputs(client):
    answer = client.post(
        "/comptes",
        data={"login": "x", "role": "teacher", "teacher": "nobody", "password": "un mot de passe"},
        follow_redirects=True,
    )
    assert "aucun enseignant" in answer.text
    made = client.post(
        "/comptes",
        data={"login": "cfaure", "role": "teacher", "teacher": "cfaure", "password": "un mot de passe"},
        follow_redirects=True,
    )
    assert "Compte cfaure créé" in made.text
    journal = client.get("/api/journal").json()
    assert journal[0]["action"] == "account" and "un mot de passe" not in str(journal[0])


def test_a_changed_password_ends_every_session(client, shipped, tmp_path):
    add_account(client.app.state.planner.config.db_url, "chef", "ancien mot de passe", "head")
    sign_in(client, "chef", "ancien mot de passe")
    form = {
        "current": "ancien mot de passe",
        "password": "nouveau mot de passe",
        "again": "nouveau mot de passe",
    }
    assert client.post("/compte", data=form, follow_redirects=False).headers["location"].startswith("/login")
    assert client.get("/api/me").status_code == 401
    sign_in(client, "chef", "nouveau mot de passe")
