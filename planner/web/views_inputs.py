"""The data of the input pages: Maquette, Effectifs et groupes, Enseignants.

Tables are shown as the files hold them (each row with its id and version,
for editing) and beside them what the engine makes of them: the demand of
each maquette row, the declared totals and their check, the computed or
fixed group counts, each teacher's load in the current plan.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from planner.data.entities import ACTIVITIES
from planner.data.iut import DEPARTMENT_COLUMN, qualify
from planner.data.maquette import check_totals
from planner.demand import group_count, pooled_label
from planner.errors import PlannerError
from planner.web import tables as store
from planner.web.checked import Checked
from planner.web.edits import seen
from planner.web.models import Workspace
from planner.web.placing import header_of
from planner.web.plans import Stored
from planner.web.views_plan import service_rows

KNOWN = {"department", "year", "semester", "parcours", "code", "name", "kind", "total", *ACTIVITIES}


def table_view(
    session: Session, workspace: Workspace, name: str, department: str | None = None
) -> list[dict]:
    """The tables called ``name`` (a department's alone, if given): header and rows as cells by column."""
    out = []
    for table in store.tables_of(session, workspace.id):
        if table.name != name or (department and table.department and table.department != department):
            continue
        rows = store.rows_of(session, table.id)
        head = header_of(rows)
        header = [c.strip() for c in head.cells] if head is not None else []
        body = []
        for n, row in enumerate(rows, start=1):
            if head is not None and row.position <= head.position or not any(c.strip() for c in row.cells):
                continue
            cells = {h: (row.cells[i].strip() if i < len(row.cells) else "") for i, h in enumerate(header)}
            if department and DEPARTMENT_COLUMN in cells and name != "teachers" and cells[DEPARTMENT_COLUMN]:
                if cells[DEPARTMENT_COLUMN] != department:
                    continue
            body.append({"id": row.id, "version": row.version, "n": n, "cells": cells})
        out.append(
            {"path": table.path, "name": name, "header": header, "rows": body, "seen": seen([table, *rows])}
        )
    return out


def missing(name: str, department: str | None) -> dict:
    """A table the inputs do not have: its schema's header, no row (the page can add the first)."""
    from planner.data.inputs import TABLES

    header = [c.name for c in next(t for t in TABLES if t.name == name).columns]
    return {"path": "", "name": name, "department": department or "", "header": header, "rows": []}


def _qualified(checked: Checked, department: str | None, name: str) -> str:
    return qualify(department, name) if checked.valid.scoped and department else name


def maquette(session: Session, workspace: Workspace, checked: Checked, department: str | None, year: int):
    """One year of the maquette: blocks by semester and parcours, each row's demand, the totals' check."""
    tables = table_view(session, workspace, "maquette", department)
    totals = table_view(session, workspace, "maquette_totals", department)
    demand = checked.demand(checked.valid.years) if checked.ok else None
    checks = {}
    if checked.ok:
        try:
            checks = {(c.year, c.semester, c.parcours): c for c in check_totals(checked.valid)}
        except PlannerError:
            checks = {}
    blocks: dict[tuple, dict] = {}
    for table in tables:
        for row in table["rows"]:
            c = row["cells"]
            if c.get("year") != str(year):
                continue
            key = (c.get("semester", ""), c.get("parcours", ""))
            block = blocks.setdefault(
                key, {"semester": key[0], "parcours": key[1], "path": table["path"], "rows": []}
            )
            row = dict(row, demand=_row_demand(demand, checked, department, year, c))
            block["rows"].append(row)
    declared = {
        (r["cells"].get("semester"), r["cells"].get("parcours")): r
        for t in totals
        for r in t["rows"]
        if r["cells"].get("year") == str(year)
    }
    for block in blocks.values():
        block["totals_row"] = declared.get((block["semester"], block["parcours"]))
        parcours = _qualified(checked, department, block["parcours"]) if checked.ok else block["parcours"]
        semester = int(block["semester"]) if block["semester"].isdigit() else None
        check = checks.get((year, semester, parcours))
        block["check"] = (
            {"ok": check.ok, "declared": check.declared, "computed": check.computed}
            if check is not None
            else None
        )
    annual = []
    for table in totals:
        for row in table["rows"]:
            if row["cells"].get("year") == str(year) and row["cells"].get("semester") == "annual":
                parcours = (
                    _qualified(checked, department, row["cells"].get("parcours", "")) if checked.ok else ""
                )
                check = checks.get((year, None, parcours))
                annual.append(dict(row, path=table["path"], ok=check.ok if check is not None else None))
    years = sorted(
        {int(r["cells"]["year"]) for t in tables for r in t["rows"] if r["cells"].get("year", "").isdigit()}
    )
    pooled = _pooled(demand, year, department) if demand is not None else []
    return {
        "year": year,
        "years": years,
        "activities": list(ACTIVITIES),
        "blocks": list(blocks.values()),
        "annual": annual,
        "header": tables[0]["header"] if tables else [],
        "extra": [c for c in (tables[0]["header"] if tables else []) if c not in KNOWN],
        "paths": [t["path"] for t in tables],
        "tables": [{"path": t["path"], "seen": t["seen"]} for t in [*tables, *totals]],
        "pooled": pooled,
        "demand_hours": sum(p.total_hours for p in demand.parts if p.year == year and _mine(p, department))
        if demand
        else None,
        "demand_hetd": float(sum(p.hetd for p in demand.parts if p.year == year and _mine(p, department)))
        if demand
        else None,
    }


def _mine(part, department: str | None) -> bool:
    return not department or part.department == department


def _row_demand(demand, checked: Checked, department: str | None, year: int, cells: dict) -> dict[str, Any]:
    """What one maquette row asks of the teachers: each activity's groups × hours."""
    out: dict[str, Any] = {"hours": 0, "hetd": 0.0, "parts": [], "pooled": ""}
    if demand is None or not cells.get("semester", "").isdigit():
        return out
    code = _qualified(checked, department, cells.get("code", ""))
    parcours = _qualified(checked, department, cells.get("parcours", ""))
    semester = int(cells["semester"])
    for p in demand.parts:
        if p.year == year and p.semester == semester and p.code == code and parcours in p.parcours:
            out["hours"] += p.total_hours
            out["hetd"] += float(p.hetd)
            out["parts"].append(f"{p.activity} {p.groups} gr. × {p.hours} h")
            if p.pooled:
                out["pooled"] = "+".join(checked.valid.shown(x) for x in p.parcours)
    return out


def _pooled(demand, year: int, department: str | None) -> list[str]:
    return sorted(
        {
            f"{p.code.split('/')[-1]}"
            for p in demand.parts
            if p.year == year and p.pooled and _mine(p, department)
        }
    )


def effectifs(
    session: Session, workspace: Workspace, checked: Checked, department: str | None
) -> dict[str, Any]:
    """Cohorts and fixed groups as tables, and the groups each cohort and pool gets."""
    groups = []
    if checked.ok:
        inputs = checked.valid
        for (year, parcours), cohort in inputs.cohorts.items():
            if department and inputs.scoped and not parcours.startswith(department + "/"):
                continue
            groups.append(_groups(inputs, year, (parcours,), parcours, cohort.students, cohort.opened))
        demand = checked.demand(inputs.years)
        pools = sorted({(p.year, p.parcours) for p in demand.parts if p.pooled and _mine(p, department)})
        for year, pool in pools:
            students = sum(inputs.cohorts[(year, p)].students for p in pool)
            groups.append(
                _groups(
                    inputs, year, pool, pooled_label(pool[0]) if inputs.scoped else "pooled", students, True
                )
            )
    return {
        "cohorts": table_view(session, workspace, "cohorts", department),
        "fixed": table_view(session, workspace, "groups", department) or [missing("groups", department)],
        "groups": groups,
    }


def _groups(inputs, year: int, parcours: tuple[str, ...], label: str, students: int, opened: bool) -> dict:
    out = {
        "year": year,
        "parcours": "+".join(inputs.shown(p) for p in parcours),
        "students": students,
        "opened": opened,
        "pool": len(parcours) > 1,
    }
    for grouping in ("td", "tp"):
        out[grouping] = group_count(inputs, year, parcours, grouping)
        out[f"{grouping}_fixed"] = (year, label, grouping) in inputs.group_counts
    return out


def enseignants(
    session: Session,
    workspace: Workspace,
    checked: Checked,
    stored: Stored | None,
    department: str | None,
    teacher: str | None,
) -> dict[str, Any]:
    """Statuses, teachers with their load against the service dû, qualifications (of one teacher)."""
    teachers = table_view(session, workspace, "teachers")
    if department:
        for t in teachers:
            t["rows"] = [r for r in t["rows"] if r["cells"].get(DEPARTMENT_COLUMN) in (department, "")]
    ids = {r["cells"].get("id") for t in teachers for r in t["rows"]}
    qualifications = table_view(session, workspace, "qualifications")
    for q in qualifications:
        q["rows"] = [
            r
            for r in q["rows"]
            if r["cells"].get("teacher") == teacher or (not teacher and r["cells"].get("teacher") in ids)
        ]
    services = service_rows(stored)
    return {
        "statuses": table_view(session, workspace, "statuses"),
        "teachers": teachers,
        "qualifications": qualifications,
        "teacher": teacher,
        "loads": {t: services[t] for t in ids if t in services},
        "unavailability": table_view(session, workspace, "unavailability"),
    }
