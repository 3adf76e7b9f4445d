"""The Répartition page's data: module activities and groups × teachers, totals, uncovered hours.

Rows are the demand's parts (a module activity for a parcours or a pool, its
groups), filtered by department and semester so that an IUT's page stays
small; columns are the teachers who teach or are fixed there (and any one the
user adds). A cell holds the plan's hours and, when fixed, the lock's hours.
Each teacher's total is the whole plan's, against their service dû net.
Uncovered hours come with their reason in French (``labels.reason``).
Everything is plain data: the page renders it, ``/api/repartition`` returns it.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from planner import labels
from planner.data.iut import local, local_label
from planner.errors import PlannerError
from planner.web.checked import Checked
from planner.web.fixes import fixed_cells
from planner.web.plans import Move, Stored


def part_key(year: int, semester: int, parcours: str, code: str, activity: str) -> str:
    """A plan row's part, as ``demand.Part.key`` names it."""
    return f"{year}|S{semester}|{parcours}|{code}|{activity}"


def semesters_of(checked: Checked, years: list[int], department: str | None) -> list[int]:
    parts = checked.demand(years).parts
    return sorted({p.semester for p in parts if not department or p.department == department})


def service_rows(stored: Stored | None) -> dict[str, dict[str, Any]]:
    """Each teacher's service in the plan: total against the service dû net, HC, sous-service."""
    out: dict[str, dict[str, Any]] = {}
    if stored is None:
        return out
    for s in stored.saved.services:
        net = max(Fraction(0), s.service_du - s.reductions)
        total = s.other_hetd + s.assigned_hetd
        out[s.teacher] = {
            "teacher": s.teacher,
            "name": s.name,
            "status": s.status,
            "department": s.department,
            "service_net": float(net),
            "other": float(s.other_hetd),
            "assigned": float(s.assigned_hetd),
            "total": float(total),
            "hc": float(s.hc_hetd),
            "sous_service": float(s.sous_service_hetd),
            "share": float(total / net) if net else None,
        }
    return out


def _fixed(checked: Checked, demand, parts) -> tuple[dict, str]:
    """The locks on these parts, or none and the engine's refusal (a lock it cannot keep)."""
    try:
        return fixed_cells(checked.valid, demand, parts), ""
    except PlannerError as exc:
        return {}, checked.relocate(str(exc))


def repartition(
    checked: Checked,
    stored: Stored | None,
    years: list[int],
    department: str | None = None,
    semester: int | None = None,
    extra: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The grid of one department and semester (None: all)."""
    inputs = checked.valid
    demand = checked.demand(years)
    parts = [
        p
        for p in demand.parts
        if (not department or p.department == department) and (not semester or p.semester == semester)
    ]
    fixed, lock_problem = _fixed(checked, demand, parts)
    hours: dict[tuple[str, str], Fraction] = {}
    uncovered: dict[str, list[dict]] = {}
    if stored is not None:
        for a in stored.saved.assignments:
            key = part_key(a.year, a.semester, a.parcours, a.code, a.activity)
            hours[(a.teacher, key)] = hours.get((a.teacher, key), Fraction(0)) + a.hours
        for u in stored.saved.uncovered:
            key = part_key(u.year, u.semester, u.parcours, u.code, u.activity)
            uncovered.setdefault(key, []).append({"hours": float(u.hours), "reason": labels.reason(u.reason)})
    keys = {p.key for p in parts}
    present = {t for (t, k) in hours if k in keys} | {t for (t, k) in fixed} | set(extra)
    names = {t.id: t.name for t in inputs.teachers}
    columns = [t.id for t in inputs.teachers if t.id in present]
    services = service_rows(stored)
    rows = []
    for p in parts:
        cells = {}
        for t in columns:
            h = hours.get((t, p.key))
            f = fixed.get((t, p.key))
            if h is None and f is None:
                continue
            cells[t] = {
                "hours": float(h) if h is not None else 0.0,
                "groups": float(h / p.hours) if h is not None else 0.0,
                "fixed": float(f.hours) if f is not None else None,
                "shared": f.shared if f is not None else 1,
            }
        rows.append(
            {
                "key": p.key,
                "department": p.department,
                "year": p.year,
                "semester": p.semester,
                "parcours": local_label(p.parcours_label),
                "pooled": p.pooled,
                "code": local(p.code),
                "name": p.name,
                "activity": p.activity,
                "groups": p.groups,
                "hours_per_group": p.hours,
                "total_hours": p.total_hours,
                "cells": cells,
                "uncovered": uncovered.get(p.key, []),
                "uncovered_hours": sum(u["hours"] for u in uncovered.get(p.key, [])),
            }
        )
    view_hours = {t: sum(r["cells"][t]["hours"] for r in rows if t in r["cells"]) for t in columns}
    teachers = [
        {
            "id": t,
            "name": names.get(t, t),
            "view_hours": view_hours[t],
            **{k: v for k, v in services.get(t, {}).items() if k not in ("teacher", "name")},
        }
        for t in columns
    ]
    return {
        "department": department,
        "semester": semester,
        "rows": rows,
        "teachers": teachers,
        "uncovered_hours": sum(r["uncovered_hours"] for r in rows),
        "lock_problem": lock_problem,
        "all_teachers": [{"id": t.id, "name": t.name} for t in inputs.teachers if t.id not in present],
    }


def cell(checked: Checked, stored: Stored | None, years: list[int], key: str, teacher: str) -> dict[str, Any]:
    """One cell of the grid (after a fix), with its row's and its teacher's figures."""
    demand = checked.demand(years)
    part = next(p for p in demand.parts if p.key == key)
    fixed = _fixed(checked, demand, [part])[0].get((teacher, key))
    h = Fraction(0)
    if stored is not None:
        for a in stored.saved.assignments:
            if a.teacher == teacher and part_key(a.year, a.semester, a.parcours, a.code, a.activity) == key:
                h += a.hours
    names = {t.id: t.name for t in checked.valid.teachers}
    return {
        "key": key,
        "teacher": teacher,
        "name": names.get(teacher, teacher),
        "hours": float(h),
        "groups": float(h / part.hours),
        "fixed": float(fixed.hours) if fixed is not None else None,
        "shared": fixed.shared if fixed is not None else 1,
        "part_hours": part.total_hours,
        "hours_per_group": part.hours,
        "label": f"{local(part.code)} {part.activity} ({local_label(part.parcours_label)}, S{part.semester})",
    }


HEADLINE = (
    "demand_h",
    "demand_hetd",
    "assigned",
    "hc",
    "hc_cost",
    "vac_h",
    "vac_cost",
    "uncovered_h",
    "total_cost",
)


def plan_figures(figures: dict[str, str]) -> list[dict[str, Any]]:
    """A plan version's headline figures, labelled as summary.xlsx labels them."""
    from planner.reports.summary import FIGURES

    units = {key: unit for key, _, unit in FIGURES}
    return [
        {"key": key, "label": labels.FIGURES[key], "value": float(Fraction(figures[key])), "unit": units[key]}
        for key in HEADLINE
        if key in figures
    ]


def move_rows(moved: list[Move], names: dict[str, str], limit: int = 40) -> list[dict[str, Any]]:
    """What a solve moved, in words: teacher, module activity, hours before → after."""
    return [
        {
            "teacher": m.teacher,
            "name": names.get(m.teacher, m.teacher),
            "module": f"{local(m.code)} {m.activity} ({local_label(m.parcours)}, S{m.semester})",
            "department": m.department,
            "before": float(m.before),
            "after": float(m.after),
        }
        for m in moved[:limit]
    ]
