"""The Semaines and Fiches pages' data, and the documents they download.

Everything comes from the report functions ``planner solve`` uses, fed with
the current plan version read back (``plans.Stored``): the heatmap
(``reports.weeks.heatmap_png``), the week grids (``weeks.rows`` loads and
``data.calendar`` marks), the fiches (``reports.fiche.build_fiches``, their
PDF and workbook) and the department summary (``reports.summary``).
"""

from __future__ import annotations

import io
import zipfile
from fractions import Fraction
from typing import Any

from planner import labels
from planner.data.calendar import cohort_status, semester_label, unavailable_weeks
from planner.data.inputs import Inputs
from planner.data.iut import local
from planner.reports.fiche import DepartmentTotal, Fiche, FicheLine, Subtotal, build_fiches
from planner.reports.fiche_text import COLUMNS, balance, cost_label, fr, line_texts, subtotal_label
from planner.reports.weeks import cohorts_of, group_loads, heatmap_png, week_cells
from planner.web.plans import Stored
from planner.weeks.rows import WeekRow, cohort_loads, teacher_loads


def _rows(stored: Stored, department: str | None) -> list[WeekRow]:
    rows = stored.week_rows
    return [r for r in rows if not department or r.department == department]


def heatmap(stored: Stored, inputs: Inputs, department: str | None) -> bytes:
    """weeks.png of the plan (of one department of an IUT)."""
    misfits = stored.weeks.misfits() if stored.weeks is not None else []
    return heatmap_png(_rows(stored, department), inputs, misfits)


def _cells(
    load: dict[str, int | Fraction], weeks, status: dict[str, str] | None, blocked=frozenset()
) -> list[str]:
    return [text for text, _ in week_cells(load, weeks, status, blocked, french=True)]


def semaines(stored: Stored | None, inputs: Inputs, department: str | None) -> dict[str, Any]:
    """Grids of hours per week: each cohort's groups and student, each teacher; per semester parity."""
    if stored is None or stored.weeks is None or inputs.calendar is None:
        return {"laid_out": False, "fits": False, "misfits": [], "grids": [], "teachers": []}
    if not stored.weeks.fits:
        return {
            "laid_out": True,
            "fits": False,
            "misfits": stored.weeks.misfits(),
            "grids": [],
            "teachers": [],
        }
    rows = _rows(stored, department)
    calendar = inputs.calendar
    grids, teachers = [], []
    years = sorted({r.year for r in rows})
    for parity in ("odd", "even"):
        weeks = calendar.semester_weeks(parity)
        header = [labels.week(w.iso) for w in weeks]
        for (year, parcours), load in cohort_loads(rows, cohorts_of(rows, inputs)).items():
            if not any(load.get(w.iso) for w in weeks):
                continue
            status = cohort_status(calendar, inputs.periods, year, parcours)
            lines = [
                {
                    "label": label,
                    "cells": _cells(g, weeks, status),
                    "total": sum(g.get(w.iso, 0) for w in weeks),
                }
                for label, g in group_loads(rows, year, parcours).items()
                if any(g.get(w.iso) for w in weeks)
            ]
            lines.append(
                {
                    "label": "étudiant",
                    "cells": _cells(load, weeks, status),
                    "total": sum(load.get(w.iso, 0) for w in weeks),
                    "student": True,
                }
            )
            title = labels.COHORT.format(year=year, parcours=local(parcours))
            grids.append(
                {"title": f"{title}, {semester_label(parity, [year])}", "weeks": header, "lines": lines}
            )
        blocked = unavailable_weeks(inputs.unavailability)
        active = {t: load for t, load in teacher_loads(rows).items() if any(load.get(w.iso) for w in weeks)}
        if active:
            names = {t.id: t.name for t in inputs.teachers}
            lines = [
                {
                    "label": names.get(t, t),
                    "teacher": t,
                    "cells": _cells(load, weeks, None, blocked.get(t, frozenset())),
                    "total": sum(load.get(w.iso, 0) for w in weeks),
                    "peak": max(load.get(w.iso, 0) for w in weeks),
                }
                for t, load in active.items()
            ]
            teachers.append(
                {"title": f"Enseignants, {semester_label(parity, years)}", "weeks": header, "lines": lines}
            )
    return {
        "laid_out": True,
        "fits": True,
        "misfits": [],
        "grids": grids,
        "teachers": teachers,
        "legend": labels.WEEKS_MARKS,
    }


# --- fiches -------------------------------------------------------------------------------


def fiches(stored: Stored, inputs: Inputs, department: str | None = None) -> list[Fiche]:
    """Every teacher's fiche de service (of one home department of an IUT)."""
    out = build_fiches(stored.saved, inputs)
    return [f for f in out if not department or f.department in (department, "")]


def fiche_view(fiche: Fiche) -> dict[str, Any]:
    """A fiche on screen: the same table, subtotals, balance and cost as its PDF and workbook."""
    table = []
    for item in fiche.table():
        if isinstance(item, FicheLine):
            table.append({"kind": "line", "cells": line_texts(item)})
        elif isinstance(item, Subtotal | DepartmentTotal):
            table.append(
                {
                    "kind": "subtotal",
                    "label": subtotal_label(item),
                    "hours": fr(item.hours),
                    "hetd": fr(item.hetd),
                }
            )
        else:
            table.append({"kind": "department", "label": str(item)})
    label, amount = balance(fiche)
    return {
        "teacher": fiche.teacher,
        "name": fiche.name,
        "status": fiche.status_label,
        "department": fiche.department,
        "columns": [c for c, _ in COLUMNS],
        "table": table,
        "hours": fr(fiche.hours),
        "hetd": fr(fiche.hetd),
        "other": fr(fiche.other_hetd),
        "total": fr(fiche.total),
        "total_value": float(fiche.total),
        "service_du": fr(fiche.service_du),
        "reductions": fr(fiche.reductions),
        "service_net": fr(fiche.service_net),
        "service_net_value": float(fiche.service_net),
        "balance": label,
        "balance_value": fr(amount),
        "cost_label": cost_label(fiche),
        "cost": number_eur(fiche.printed_cost),
        "notes": list(fiche.notes),
        "shared": labels.SHARED if fiche.has_shared else "",
        "labels": {
            "service_du": labels.SERVICE_DU,
            "reductions": labels.REDUCTIONS,
            "service_net": labels.SERVICE_NET,
            "other": labels.OTHER,
            "done": labels.DONE,
        },
    }


def number_eur(value) -> str:
    from planner.numbers import number

    return number(value, fixed=True, french=True)


def fiche_pdf(fiche_list: list[Fiche]) -> bytes:
    from planner.reports.fiche_pdf import fiches_pdf

    return fiches_pdf(fiche_list)


def fiche_xlsx(fiche_list: list[Fiche]) -> bytes:
    from planner.reports.fiche_xlsx import fiches_workbook

    return fiches_workbook(fiche_list)


def file_stem(fiche: Fiche) -> str:
    from planner.reports.fiche_xlsx import file_stem as stem

    return stem(fiche.teacher)


def summary_xlsx(stored: Stored, inputs: Inputs) -> bytes:
    """summary.xlsx of the plan, with its load chart (and an IUT's sheets)."""
    from planner.reports.summary import build_summary, load_chart_png
    from planner.reports.summary_xlsx import summary_workbook

    summary = build_summary(stored.saved, inputs, week_rows=stored.week_rows)
    extra = None
    if inputs.scoped:
        from planner.reports.iut import iut_sheets

        extra = iut_sheets(stored.saved, inputs)
    return summary_workbook(summary, load_chart_png(summary), extra)


def plan_zip(files: dict[str, str]) -> bytes:
    """The plan's files (assignments.csv, services.csv, weeks.csv…) in one zip."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in sorted(files.items()):
            z.writestr(name, text)
    return buf.getvalue()
