"""The data of the shared pages: the journal in words, the versions, the years with their réalisé."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.web import tables as store
from planner.web.journal import changes, undone
from planner.web.models import Account, Change, Workspace
from planner.web.placing import header_of
from planner.web.taught import fiche_taught

ACTIONS = {
    "edit": "modification",
    "add": "ligne ajoutée",
    "delete": "ligne supprimée",
    "upload": "table remplacée",
    "fix": "cellule fixée",
    "unfix": "cellule défixée",
    "import": "import",
    "export": "export",
    "adopt": "plan adopté",
    "solve": "calcul",
    "undo": "annulation",
    "wishes": "vœux",
    "campaign": "campagne de vœux",
    "taught": "réalisé",
    "account": "compte",
    "year": "année",
}
KINDS = {"wish": "vœux", "taught": "réalisé", "plan_version": "plan en place", "input_table": "table"}


def _tables(session: Session, workspace_id: int) -> dict[int, tuple[str, list[str]]]:
    out = {}
    for table in store.tables_of(session, workspace_id):
        head = header_of(store.rows_of(session, table.id))
        out[table.id] = (table.path, [c.strip() for c in head.cells] if head is not None else [])
    return out


def op_words(op: dict, tables: dict[int, tuple[str, list[str]]]) -> dict[str, str]:
    """One record a change touched, in words: where, before, after."""
    before, after = op["before"], op["after"]
    if op["kind"] != "input_row":
        where = KINDS.get(op["kind"], op["kind"])
        if op["kind"] == "plan_version":
            was, now = (before or {}).get("current"), (after or {}).get("current")
            return {"where": f"version {op['id']} du plan", "before": _current(was), "after": _current(now)}
        return {"where": where, "before": _fields(before), "after": _fields(after)}
    fields = after or before
    path, header = tables.get(fields["table_id"], (f"table {fields['table_id']}", []))
    old = (before or {}).get("cells") or []
    new = (after or {}).get("cells") or []
    if before is not None and after is not None:
        pairs = [
            (name, old[i] if i < len(old) else "", new[i] if i < len(new) else "")
            for i, name in enumerate(header or range(max(len(old), len(new))))
        ]
        changed = [(str(n), a, b) for n, a, b in pairs if a.strip() != b.strip()]
        return {
            "where": f"{path}, ligne {fields['position']}",
            "before": "; ".join(f"{n} = {a}" for n, a, _ in changed),
            "after": "; ".join(f"{n} = {b}" for n, _, b in changed),
        }
    return {
        "where": f"{path}, ligne {fields['position']}",
        "before": ", ".join(old) if before is not None else "(absente)",
        "after": ", ".join(new) if after is not None else "(supprimée)",
    }


def _current(value) -> str:
    return "en place" if value else "—"


def _fields(values: dict | None) -> str:
    if values is None:
        return "(absent)"
    shown = {k: v for k, v in values.items() if k not in ("campaign_id", "workspace_id", "at", "answered_at")}
    return "; ".join(f"{k} = {v}" for k, v in shown.items())


def _author(login: str | None, names: dict[str, str]) -> str:
    if login is None:
        return "(serveur)"
    return f"{names[login]} ({login})" if names.get(login) else login


def journal(
    session: Session, workspace: Workspace, department: str | None, limit: int, before: int, may_undo
) -> dict[str, Any]:
    """The last changes with their records in words; which can be undone by this person."""
    found = changes(session, workspace.id, department=department, limit=limit, before=before)
    by = undone(session, [c.id for c in found])
    tables = _tables(session, workspace.id)
    open_ = workspace.closed_at is None
    names = {login: name for login, name in session.execute(select(Account.login, Account.name))}
    rows = []
    for c in found:
        rows.append(
            {
                "id": c.id,
                "at": c.at,
                "author": _author(c.author, names),
                "action": ACTIONS.get(c.action, c.action),
                "kind": c.action,
                "summary": c.summary or c.target,
                "department": c.department or "",
                "undone_by": by.get(c.id),
                "undoes": c.undoes_id,
                "ops": [op_words(op, tables) for op in (c.ops or [])][:12],
                "more": max(0, len(c.ops or []) - 12),
                "can_undo": bool(c.ops) and open_ and c.id not in by and may_undo(c),
            }
        )
    return {"rows": rows, "next": found[-1].id if len(found) == limit else None}


def change_json(c: Change) -> dict[str, Any]:
    return {
        "id": c.id,
        "at": c.at.isoformat(),
        "author": c.author,
        "action": c.action,
        "target": c.target,
        "row_id": c.row_id,
        "summary": c.summary,
        "department": c.department,
        "before": c.before,
        "after": c.after,
        "ops": c.ops,
        "undoes": c.undoes_id,
        "inputs_version": c.inputs_version,
    }


def year_rows(session: Session, workspace: Workspace, stored, teachers: list) -> list[dict[str, Any]]:
    """Per teacher of a year's plan: service done as planned and as taught, and the difference."""
    if stored is None:
        return []
    names = {t.id: t.name for t in teachers}
    out = []
    for s in stored.saved.services:
        fiche = fiche_taught(session, workspace.id, stored, s.teacher)
        out.append(
            {
                "teacher": s.teacher,
                "name": names.get(s.teacher, s.name),
                "department": s.department,
                "planned": float(fiche["planned_total"]),
                "taught": float(fiche["taught_total"]),
                "diff": float(fiche["diff_hetd"]),
                "entered": fiche["entered"],
                "lines": len(fiche["rows"]),
                "service_net": float(fiche["service_net"]),
            }
        )
    return out


def floats(fiche: dict[str, Any]) -> dict[str, Any]:
    """A réalisé fiche with its numbers as floats (for the page's number filters and JSON)."""

    def plain(v):
        return float(v) if isinstance(v, Fraction) else v

    return {
        **{k: plain(v) for k, v in fiche.items() if k != "rows"},
        "rows": [{k: plain(v) for k, v in r.items()} for r in fiche["rows"]],
    }
