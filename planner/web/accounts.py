"""Accounts and sign-in sessions: argon2id password hashes, server-side sessions with expiry.

An account has one role: the IUT's administrator (``admin``), the head of a
department (``head``: edits that department), a teacher (``teacher``: their own
wishes, unavailable weeks and fiche; reads the plan of the departments they
teach in) or a reader (``viewer``). Passwords are hashed by argon2-cffi
(argon2id, its salt and parameters in the hash); a hash made with older
parameters is made again at the next sign-in. A sign-in opens a server-side
session: the browser's cookie holds a random token, the database its SHA-256
alone (a copy of the database gives no session), with the session's CSRF
token, an absolute expiry and an idle one. Five wrong passwords in a row lock
the account for a minute.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from planner.web.models import Account, LoginSession, now

ROLES = {
    "admin": "administrateur de l'IUT",
    "head": "chef de département",
    "teacher": "enseignant",
    "viewer": "lecteur",
}
LIFETIME = dt.timedelta(hours=12)  # a session ends 12 h after sign-in…
IDLE = dt.timedelta(hours=2)  # …or after 2 h without a request
TOUCH = dt.timedelta(minutes=1)  # a session's last request is written at most once a minute
TRIES = 5
LOCKOUT = dt.timedelta(minutes=1)
MIN_PASSWORD = 8
HASHER = PasswordHasher()  # argon2id, the library's parameters (RFC 9106)
_DUMMY = HASHER.hash("not a password of anyone")  # an unknown login costs as much as a wrong password


class AccountError(ValueError):
    """An account that cannot be made as asked (a clear sentence in French)."""


@dataclass(frozen=True)
class Who:
    """The signed-in person of a request."""

    account_id: int
    login: str
    name: str
    role: str
    department: str | None
    teacher: str | None
    csrf: str

    @property
    def shown(self) -> str:
        return self.name or self.login


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"le mot de passe doit avoir au moins {MIN_PASSWORD} caractères")
    return HASHER.hash(password)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def create_account(
    session: Session,
    login: str,
    password: str,
    role: str,
    *,
    name: str = "",
    department: str | None = None,
    teacher: str | None = None,
) -> Account:
    """A new account (the login unique, the role known, a head with a department, a teacher with an id)."""
    login = login.strip()
    if not login or len(login) > 100 or any(c.isspace() for c in login):
        raise AccountError("un identifiant est un mot sans espace, de 100 caractères au plus")
    if role not in ROLES:
        raise AccountError(f"rôle inconnu {role!r} (admin, head, teacher ou viewer)")
    if role == "teacher" and not (teacher or "").strip():
        raise AccountError("un compte d'enseignant nomme son identifiant de teachers.csv")
    if session.scalar(select(Account.id).where(func.lower(Account.login) == login.lower())) is not None:
        raise AccountError(f"l'identifiant {login!r} est déjà pris")
    account = Account(
        login=login,
        name=name.strip(),
        password_hash=hash_password(password),
        role=role,
        department=(department or "").strip() or None,
        teacher=((teacher or "").strip() or None) if role == "teacher" else None,
        active=True,
        failed_logins=0,
    )
    session.add(account)
    session.flush()
    return account


def set_password(session: Session, account: Account, password: str) -> None:
    """A new password; every session of the account ends."""
    account.password_hash = hash_password(password)
    account.failed_logins = 0
    account.locked_until = None
    session.execute(delete(LoginSession).where(LoginSession.account_id == account.id))


def authenticate(session: Session, login: str, password: str) -> Account | None:
    """The account if the password is right (and the account active and not locked), else None."""
    account = session.scalar(select(Account).where(func.lower(Account.login) == login.strip().lower()))
    if account is None or not account.active:
        try:
            HASHER.verify(_DUMMY, password)
        except VerificationError:
            pass
        return None
    moment = now()
    if account.locked_until is not None and _aware(account.locked_until) > moment:
        return None
    try:
        HASHER.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        account.failed_logins += 1
        if account.failed_logins >= TRIES:
            account.locked_until, account.failed_logins = moment + LOCKOUT, 0
        return None
    if HASHER.check_needs_rehash(account.password_hash):
        account.password_hash = HASHER.hash(password)
    if account.failed_logins or account.locked_until is not None:
        account.failed_logins, account.locked_until = 0, None
    return account


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, account: Account) -> str:
    """A new session of ``account``: the token for the cookie (the database keeps its hash)."""
    token = secrets.token_urlsafe(32)
    moment = now()
    session.execute(delete(LoginSession).where(LoginSession.expires_at < moment))  # the expired ones go
    session.add(
        LoginSession(
            id=_digest(token),
            account_id=account.id,
            csrf=secrets.token_urlsafe(32),
            created_at=moment,
            expires_at=moment + LIFETIME,
            seen_at=moment,
        )
    )
    return token


def find_session(session: Session, token: str | None) -> Who | None:
    """Who holds this cookie's token (None: no session, expired, idle too long, or account disabled)."""
    if not token or len(token) > 100:
        return None
    found = session.get(LoginSession, _digest(token))
    if found is None:
        return None
    moment = now()
    if _aware(found.expires_at) <= moment or _aware(found.seen_at) + IDLE <= moment:
        session.delete(found)
        return None
    account = session.get(Account, found.account_id)
    if account is None or not account.active:
        return None
    if _aware(found.seen_at) + TOUCH <= moment:
        found.seen_at = moment
    return Who(
        account.id, account.login, account.name, account.role, account.department, account.teacher, found.csrf
    )


def close_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(LoginSession).where(LoginSession.id == _digest(token)))


def accounts(session: Session) -> list[Account]:
    return list(session.scalars(select(Account).order_by(Account.role, Account.login)))


def any_account(session: Session) -> bool:
    return session.scalar(select(Account.id).limit(1)) is not None


def ensure_admin(session: Session, login: str, password: str, name: str = "") -> tuple[Account, bool]:
    """The administrator ``login``: made, or given this password again. (account, made)."""
    account = session.scalar(select(Account).where(func.lower(Account.login) == login.strip().lower()))
    if account is None:
        return create_account(session, login, password, "admin", name=name or login), True
    if account.role != "admin":
        raise AccountError(f"le compte {login!r} existe déjà avec le rôle {ROLES[account.role]}")
    set_password(session, account, password)
    account.active = True
    return account, False
