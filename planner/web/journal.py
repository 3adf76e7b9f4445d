"""The journal: every change with who, when, what, and the records it changed, before and after.

A listener of every database session (``after_flush``) notes each record of
the journalled kinds (``KINDS``: input rows and tables, wishes, the réalisé,
which plan is current) that the transaction adds, changes or removes, with its
fields before and after. ``record`` writes the change with those notes (its
``ops``): what ``undo.undo`` applies backwards. A change made outside
``record`` (a solve's own versions) leaves its notes with its session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import DateTime, event, inspect, select
from sqlalchemy.orm import Session

from planner.web.models import Base, Change, InputRow, InputTable, PlanVersion, Taught, Wish, Workspace


@dataclass(frozen=True)
class Kind:
    """A journalled kind of record: its fields, those an undo compares, its 'before' when made."""

    model: type
    fields: tuple[str, ...]
    compared: tuple[str, ...]
    made_from: dict[str, Any] | None = None  # a new record is noted as changed from these values


KINDS = {
    "input_row": Kind(
        InputRow, ("table_id", "position", "cells", "raw", "origin"), ("table_id", "cells", "raw")
    ),
    "input_table": Kind(
        InputTable,
        ("workspace_id", "path", "name", "department", "encoding", "bom", "delimiter", "newline", "position"),
        ("path", "encoding", "bom", "delimiter", "newline"),
    ),
    "wish": Kind(
        Wish,
        ("campaign_id", "teacher", "modules", "weeks", "comment", "answered_at", "author"),
        ("campaign_id", "teacher", "modules", "weeks", "comment"),
    ),
    "taught": Kind(
        Taught, ("workspace_id", "teacher", "key", "hours", "at", "author"), ("teacher", "key", "hours")
    ),
    # a plan version is never undone away: only which one is current
    "plan_version": Kind(PlanVersion, ("current",), ("current",), made_from={"current": False}),
}
BY_MODEL = {kind.model: name for name, kind in KINDS.items()}
NOTES = "planner.journal"


@dataclass(frozen=True)
class Actor:
    """Who makes a change: their account and login (None: the command line, or the server itself)."""

    account_id: int | None
    login: str


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def restored(model: type[Base], name: str, value: Any) -> Any:
    """A noted field as the model holds it (a moment written as text becomes a moment again)."""
    column = model.__table__.columns[name]
    if value is not None and isinstance(column.type, DateTime):
        return dt.datetime.fromisoformat(value)
    return value


def values(record: Any, kind: Kind) -> dict[str, Any]:
    return {name: _plain(getattr(record, name)) for name in kind.fields}


def _before(record: Any, kind: Kind) -> dict[str, Any]:
    state = inspect(record)
    out = {}
    for name in kind.fields:
        history = state.attrs[name].history
        out[name] = _plain(history.deleted[0] if history.deleted else getattr(record, name))
    return out


def _note(session: Session, _context) -> None:
    notes: dict[tuple[str, int], dict] = session.info.setdefault(NOTES, {})
    for record in session.new:
        name = BY_MODEL.get(type(record))
        if name is None:
            continue
        kind = KINDS[name]
        after = values(record, kind)
        if kind.made_from is None:
            notes[(name, record.id)] = {"kind": name, "id": record.id, "before": None, "after": after}
        elif after != {**after, **kind.made_from}:
            before = kind.made_from
            notes[(name, record.id)] = {"kind": name, "id": record.id, "before": before, "after": after}
    for record in session.dirty:
        name = BY_MODEL.get(type(record))
        if name is None or not session.is_modified(record, include_collections=False):
            continue
        kind = KINDS[name]
        before, after = _before(record, kind), values(record, kind)
        if before == after:
            continue
        key = (name, record.id)
        first = notes[key]["before"] if key in notes else before
        notes[key] = {"kind": name, "id": record.id, "before": first, "after": after}
    for record in session.deleted:
        name = BY_MODEL.get(type(record))
        if name is None:
            continue
        key = (name, record.id)
        if key in notes and notes[key]["before"] is None:  # made and removed in one change: nothing
            del notes[key]
            continue
        first = notes[key]["before"] if key in notes else _before(record, KINDS[name])
        notes[key] = {"kind": name, "id": record.id, "before": first, "after": None}


event.listen(Session, "after_flush", _note)


def changed(session: Session) -> bool:
    """Whether this transaction changed a journalled record so far."""
    session.flush()
    return any(op["before"] != op["after"] for op in session.info.get(NOTES, {}).values())


def take_ops(session: Session) -> list[dict]:
    """The records this transaction changed so far, in order (and forget them)."""
    session.flush()
    notes = session.info.pop(NOTES, {})
    return [op for op in notes.values() if op["before"] != op["after"]]


def record(
    session: Session,
    workspace: Workspace,
    action: str,
    target: str,
    *,
    by: Actor | None,
    summary: str = "",
    department: str | None = None,
    before: Any = None,
    after: Any = None,
    row_id: int | None = None,
    undoable: bool = True,
    bump: bool = True,
    undoes: int | None = None,
) -> Change:
    """Journal one change with the records it changed (``bump``: it makes a new inputs version)."""
    ops = take_ops(session)
    if bump:
        workspace.inputs_version += 1
    change = Change(
        workspace_id=workspace.id,
        action=action,
        target=target,
        row_id=row_id,
        before=before,
        after=after,
        inputs_version=workspace.inputs_version,
        author=by.login if by is not None else None,
        account_id=by.account_id if by is not None else None,
        department=department,
        summary=summary,
        ops=ops if undoable and ops else None,
        undoes_id=undoes,
    )
    session.add(change)
    session.flush()
    return change


def changes(
    session: Session, workspace_id: int, *, department: str | None = None, limit: int = 100, before: int = 0
) -> list[Change]:
    """The workspace's last changes, newest first (of one department and the IUT-wide ones)."""
    query = select(Change).where(Change.workspace_id == workspace_id)
    if department:
        query = query.where((Change.department == department) | Change.department.is_(None))
    if before:
        query = query.where(Change.id < before)
    return list(session.scalars(query.order_by(Change.id.desc()).limit(limit)))


def undone(session: Session, ids: list[int]) -> dict[int, int]:
    """Which of these changes an undo undid: change id -> the undo's id (the last)."""
    if not ids:
        return {}
    rows = session.execute(select(Change.undoes_id, Change.id).where(Change.undoes_id.in_(ids)))
    return {undoes: undo for undoes, undo in sorted(rows, key=lambda r: r[1]) if undoes is not None}
