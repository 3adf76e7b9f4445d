"""Undo: a change applied backwards, as a new change of the journal, checked like any edit.

Each record the change made, changed or removed (its ``ops``) must still be as
the change left it: otherwise someone changed it since, and the undo is
refused (``Stale``) with the record as it is now; nothing is written. A
record made is removed, a record changed gets its fields back, a record
removed is made again (a row in its place). The undo is journalled with its
own ops (so an undo can be undone in turn) and, when it touched the inputs,
checked by the command line's loader: an undo the checks refuse writes nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from planner.web.checked import Cache, Checked
from planner.web.db import must_get, transaction
from planner.web.edits import Refused, Stale, accept_checked, refuse, writing
from planner.web.journal import KINDS, Actor, record, restored, values
from planner.web.models import Change, InputRow, InputTable, Workspace

INPUTS = ("input_row", "input_table")
WORDS = {"input_row": "une ligne", "input_table": "une table", "wish": "des vœux", "taught": "le réalisé"}


def _shown(kind: str, fields: dict[str, Any] | None) -> str:
    if not fields:
        return "supprimé"
    if kind == "input_row":
        return ", ".join(fields.get("cells") or [])
    return ", ".join(f"{k} = {v}" for k, v in fields.items() if k in KINDS[kind].compared)


def _same(kind: str, now: dict[str, Any], expected: dict[str, Any]) -> bool:
    return all(now.get(name) == expected.get(name) for name in KINDS[kind].compared)


def _make(session: Session, kind: str, fields: dict[str, Any], remap: dict[tuple[str, int], int]) -> Any:
    model = KINDS[kind].model
    data = {name: restored(model, name, value) for name, value in fields.items()}
    if kind == "input_row":
        data["table_id"] = remap.get(("input_table", data["table_id"]), data["table_id"])
        taken = session.scalar(
            select(InputRow.id).where(
                InputRow.table_id == data["table_id"], InputRow.position == data["position"]
            )
        )
        if taken is not None:  # its place is taken: the rows from there move down one
            session.execute(
                update(InputRow)
                .where(InputRow.table_id == data["table_id"], InputRow.position >= data["position"])
                .values(position=InputRow.position + 1, version=InputRow.version + 1)
                .execution_options(synchronize_session="fetch")
            )
    made = model(**data)
    session.add(made)
    session.flush()
    return made


def _backwards(session: Session, op: dict, remap: dict[tuple[str, int], int]) -> Any:
    """Apply one op backwards; the record it made, changed or removed."""
    kind, before, after = op["kind"], op["before"], op["after"]
    spec = KINDS[kind]
    found = session.get(spec.model, remap.get((kind, op["id"]), op["id"]))
    if after is None:  # removed: made again
        made = _make(session, kind, before, remap)
        remap[(kind, op["id"])] = made.id
        return made
    if found is None or not _same(kind, values(found, spec), after):
        now = _shown(kind, values(found, spec) if found is not None else None)
        raise Stale(now=f"{WORDS.get(kind, kind)} a changé depuis ; maintenant : {now}")
    if before is None:  # made: removed
        session.delete(found)
        session.flush()
        return found
    for name in spec.fields:
        if name in before and before[name] != after.get(name):
            setattr(found, name, restored(spec.model, name, before[name]))
    session.flush()
    return found


def undo(
    sessions: sessionmaker[Session],
    cache: Cache,
    workspace_id: int,
    change_id: int,
    *,
    by: Actor | None = None,
) -> tuple[Change, Checked | None]:
    """Undo change ``change_id`` as a new change: (that change, the inputs checked if they changed)."""
    with writing(workspace_id), transaction(sessions) as session:
        workspace = must_get(session, Workspace, workspace_id)
        change = session.get(Change, change_id)
        if change is None or change.workspace_id != workspace_id:
            raise refuse(f"aucune modification n° {change_id} dans cette année")
        if not change.ops:
            raise refuse(f"la modification n° {change_id} ({change.action}) ne s'annule pas")
        remap: dict[tuple[str, int], int] = {}
        tables: set[int] = set()
        inputs = False
        for op in reversed(change.ops):
            try:
                touched = _backwards(session, op, remap)
            except Stale as exc:
                later = session.scalar(
                    select(Change.id).where(Change.undoes_id == change.id).order_by(Change.id.desc()).limit(1)
                )
                if later is not None:
                    exc.now = f"déjà annulée (modification n° {later}) ; {exc.now}"
                raise
            if op["kind"] in INPUTS:
                inputs = True
                tables.add(touched.table_id if op["kind"] == "input_row" else touched.id)
        for table_id in tables:
            table = session.get(InputTable, table_id)
            if table is not None:
                table.edited = True
        undone = record(
            session,
            workspace,
            "undo",
            change.target,
            by=by,
            summary=f"Annulation de la modification n° {change.id} : {change.summary or change.action}",
            department=change.department,
            before=change.after,
            after=change.before,
            bump=inputs,
            undoes=change.id,
        )
        checked = accept_checked(session, workspace) if inputs else None
    if checked is not None:
        cache.put(workspace_id, checked)
    return undone, checked


__all__ = ["Refused", "Stale", "undo"]
