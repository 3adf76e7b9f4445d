"""Academic years: a year closed (read-only, planned and taught), the next one started as its copy.

A workspace is one academic year of its inputs (``label``: ``2025-2026``).
Closing it freezes it: every edit is refused (``auth.writable``), its plan
in place and its réalisé stay readable. The next year starts as a copy:
the same tables, row for row (their text and dialect, so that exporting
still gives the same bytes), and the plan in place as its first version,
the reference the next Replanifier stays close to; the server then serves
the new year.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from planner.web import tables as store
from planner.web.checked import Checked
from planner.web.db import must_get, transaction
from planner.web.edits import refuse, writing
from planner.web.journal import NOTES, Actor, record
from planner.web.models import Change, InputRow, InputTable, PlanFile, PlanVersion, Workspace, now
from planner.web.plans import current_id


def label_of(checked: Checked | None, workspace: Workspace) -> str:
    """A year's label: its own, else the calendar's (first week's year and the next), else today's."""
    if workspace.label:
        return workspace.label
    calendar = checked.valid.calendar if checked is not None and checked.ok else None
    start = calendar.weeks[0].monday.year if calendar is not None and calendar.weeks else None
    if start is None:
        today = dt.date.today()
        start = today.year if today.month >= 8 else today.year - 1
    return f"{start}-{start + 1}"


def next_label(label: str) -> str:
    first, _, second = label.partition("-")
    if first.isdigit() and second.isdigit():
        return f"{int(first) + 1}-{int(second) + 1}"
    return f"{label} suite"


def years(session: Session, source: str) -> list[Workspace]:
    """Every academic year of these inputs, oldest first."""
    return list(session.scalars(select(Workspace).where(Workspace.source == source).order_by(Workspace.id)))


def close_year(sessions: sessionmaker[Session], workspace_id: int, label: str, by: Actor) -> None:
    """Close the year: nothing of it changes any more."""
    with writing(workspace_id), transaction(sessions) as session:
        workspace = must_get(session, Workspace, workspace_id)
        if workspace.closed_at is not None:
            raise refuse(f"l'année {workspace.label} est déjà close")
        taken = session.scalar(
            select(Workspace.id).where(
                Workspace.source == workspace.source, Workspace.label == label, Workspace.id != workspace.id
            )
        )
        if taken is not None or not label.strip():
            raise refuse(f"une autre année s'appelle déjà {label!r}")
        workspace.label, workspace.closed_at = label.strip(), now()
        record(
            session,
            workspace,
            "year",
            label,
            by=by,
            summary=f"Année {label} close",
            undoable=False,
            bump=False,
        )


def start_next(sessions: sessionmaker[Session], workspace_id: int, label: str, by: Actor) -> int:
    """The next year as a copy of the closed one (tables and plan in place); its id."""
    with writing(workspace_id), transaction(sessions) as session:
        old = must_get(session, Workspace, workspace_id)
        if old.closed_at is None:
            raise refuse("clore l'année en cours d'abord")
        if session.scalar(select(Workspace.id).where(Workspace.previous_id == old.id)) is not None:
            raise refuse(f"l'année qui suit {old.label} est déjà commencée")
        if session.scalar(
            select(Workspace.id).where(Workspace.source == old.source, Workspace.label == label)
        ):
            raise refuse(f"une année s'appelle déjà {label!r}")
        new = Workspace(
            source=old.source, form=old.form, years=old.years, label=label.strip(), previous_id=old.id
        )
        session.add(new)
        session.flush()
        for table in store.tables_of(session, old.id):
            copy = InputTable(
                workspace_id=new.id,
                **{
                    name: getattr(table, name)
                    for name in ("path", "name", "department", "encoding", "bom", "delimiter", "newline")
                },
                position=table.position,
                edited=table.edited,
                disk_sha=table.disk_sha,
            )
            session.add(copy)
            session.flush()
            session.add_all(
                InputRow(
                    table_id=copy.id, position=r.position, cells=list(r.cells), raw=r.raw, origin=r.origin
                )
                for r in store.rows_of(session, table.id)
            )
        plan_id = current_id(session, old.id)
        if plan_id is not None:
            _copy_plan(session, must_get(session, PlanVersion, plan_id), new)
        session.flush()
        session.info.pop(NOTES, None)  # a copy is not undone record by record
        session.add(
            Change(
                workspace_id=new.id,
                action="import",
                target=old.source,
                inputs_version=1,
                author=by.login,
                account_id=by.account_id,
                summary=f"Année {label} commencée comme copie de {old.label}",
            )
        )
        return new.id


def _copy_plan(session: Session, plan: PlanVersion, workspace: Workspace) -> None:
    copy = PlanVersion(
        workspace_id=workspace.id,
        years=plan.years,
        inputs_version=1,
        interrupted=False,
        current=True,
        fits=plan.fits,
        status=plan.status,
        figures=dict(plan.figures),
        stages=list(plan.stages),
        seconds=plan.seconds,
    )
    session.add(copy)
    session.flush()
    for f in session.scalars(select(PlanFile).where(PlanFile.plan_id == plan.id)):
        session.add(PlanFile(plan_id=copy.id, name=f.name, text=f.text))
