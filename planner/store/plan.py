"""A plan on disk: assignments.csv, services.csv, uncovered.csv and plan.xlsx."""

from __future__ import annotations

from pathlib import Path

from planner.assign.solve import Result
from planner.data.inputs import Inputs
from planner.store.atomic import csv_text

ASSIGNMENT_COLUMNS = [
    "teacher",
    "year",
    "semester",
    "parcours",
    "code",
    "activity",
    "groups",
    "hours",
    "hetd",
]
SERVICE_COLUMNS = [
    "teacher",
    "name",
    "status",
    "service_du",
    "reductions",
    "other_hetd",
    "assigned_hetd",
    "hc_hetd",
    "sous_service_hetd",
    "cost_eur",
]
UNCOVERED_COLUMNS = ["year", "semester", "code", "activity", "parcours", "hours", "hetd", "reason"]
STAGE_COLUMNS = ["stage", "value", "bound", "gap", "status", "proven", "engine"]


def assignment_rows(result: Result) -> list[list]:
    order = {c.id: i for i, c in enumerate(result.problem.capacities)}
    task_order = {t.key: i for i, t in enumerate(result.problem.tasks)}
    rows = sorted(result.solution.assignments, key=lambda a: (order[a.teacher], task_order[a.task.key]))
    return [
        [
            a.teacher,
            a.task.part.year,
            a.task.part.semester,
            a.task.part.parcours_label,
            a.task.part.code,
            a.task.part.activity,
            a.groups,
            a.hours,
            a.hetd,
        ]
        for a in rows
    ]


def service_rows(result: Result, inputs: Inputs) -> list[list]:
    rows = []
    for s in result.solution.services:
        t = s.capacity.teacher
        rows.append(
            [
                t.id,
                t.name,
                t.status,
                inputs.statuses[t.status].service_du,
                t.reductions,
                s.capacity.other,
                s.assigned,
                s.hc,
                s.sous_service,
                s.cost,
            ]
        )
    return rows


def uncovered_rows(result: Result) -> list[list]:
    return [
        [
            s.task.part.year,
            s.task.part.semester,
            s.task.part.code,
            s.task.part.activity,
            s.task.part.parcours_label,
            s.hours,
            s.hetd,
            s.reason,
        ]
        for s in result.solution.shortages
    ]


def stage_rows(result: Result) -> list[list]:
    """Each solver stage: value, proven bound, relative gap, status, proven or not, and engine."""
    return [
        [
            s.name,
            _number(s.value),
            _number(s.bound),
            _number(s.gap, 6),
            s.status,
            "yes" if s.proven else "no",
            s.engine,
        ]
        for s in result.stages
    ]


def _number(value: float, digits: int = 4):
    return "" if value != value else round(value, digits)  # NaN: a stage not solved


TABLES = {
    "assignments": (ASSIGNMENT_COLUMNS, lambda r, i: assignment_rows(r)),
    "services": (SERVICE_COLUMNS, service_rows),
    "uncovered": (UNCOVERED_COLUMNS, lambda r, i: uncovered_rows(r)),
}


def write_plan(
    stage_dir: Path, result: Result, inputs: Inputs, extra_sheets: dict | None = None
) -> list[str]:
    """Write the plan's tables into a (staging) folder; return the file names.

    ``extra_sheets`` (name -> (header, rows)) are added to plan.xlsx, e.g. the week layout.
    """
    from planner.store.xlsx import write_tables_xlsx

    sheets = {}
    names = []
    for name, (header, rows_of) in TABLES.items():
        rows = rows_of(result, inputs)
        (stage_dir / f"{name}.csv").write_text(csv_text(header, rows), encoding="utf-8")
        sheets[name] = (header, rows)
        names.append(f"{name}.csv")
    sheets["solver"] = (STAGE_COLUMNS, stage_rows(result))
    sheets.update(extra_sheets or {})
    write_tables_xlsx(stage_dir / "plan.xlsx", sheets)
    names.append("plan.xlsx")
    return names
