"""A plan on disk: assignments.csv, services.csv, uncovered.csv and plan.xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from planner.assign.solve import Result
from planner.data.inputs import Inputs
from planner.data.iut import local, local_label, qualify, qualify_label, split
from planner.store.atomic import csv_text

if TYPE_CHECKING:
    from planner.store.kept import Kept

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
STAGE_COLUMNS = ["stage", "value", "bound", "status"]
DEPARTMENT = "department"  # first column of an IUT's plan files
NAMED = ("code", "module")  # the columns whose qualified name gives a row's department
LOCAL = {"code": local, "module": local, "parcours": local_label}


def scoped(header: list[str], rows: list[list]) -> tuple[list[str], list[list]]:
    """An IUT's rows: a department first column, names as their department writes them."""
    named = next(header.index(c) for c in NAMED if c in header)
    columns = [(i, LOCAL.get(c)) for i, c in enumerate(header)]
    out = []
    for row in rows:
        cells = [f(v) if f and isinstance(v, str) else v for (_, f), v in zip(columns, row)]
        out.append([split(row[named])[0], *cells])
    return [DEPARTMENT, *header], out


def requalify(values: dict) -> None:
    """The inverse of ``scoped`` on one row read back (a dict of its cells)."""
    department = values[DEPARTMENT]
    for column in ("code", "module"):
        if column in values:
            values[column] = qualify(department, values[column])
    if "parcours" in values:
        values["parcours"] = qualify_label(department, values["parcours"])


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
    return [[s.name, round(s.value, 4), round(s.bound, 4), s.status] for s in result.stages]


TABLES = {
    "assignments": (ASSIGNMENT_COLUMNS, lambda r, i: assignment_rows(r)),
    "services": (SERVICE_COLUMNS, service_rows),
    "uncovered": (UNCOVERED_COLUMNS, lambda r, i: uncovered_rows(r)),
}


def plan_tables(result: Result, inputs: Inputs, kept: Kept | None = None) -> dict[str, tuple[list, list]]:
    """The plan's tables (name -> header, rows); an IUT's with a department column.

    ``kept``: the saved rows of the departments not planned this time, added in
    department order; each teacher's service then counts them in this plan's
    HETD rather than outside it (the totals, HC and cost do not change).
    """
    tables = {name: (header, rows_of(result, inputs)) for name, (header, rows_of) in TABLES.items()}
    if not inputs.scoped:
        return tables
    if kept is not None:
        for name in ("assignments", "uncovered"):
            header, rows = tables[name]
            tables[name] = (header, rows + kept.rows(name, header))
        header, rows = tables["services"]
        other, assigned = header.index("other_hetd"), header.index("assigned_hetd")
        for row in rows:
            moved = kept.hetd.get(row[0], 0)
            row[other], row[assigned] = row[other] - moved, row[assigned] + moved
    order = {d: i for i, d in enumerate(kept.departments if kept else inputs.departments)}
    out = {}
    for name, (header, rows) in tables.items():
        if name == "services":
            home = {t.id: t.department for t in inputs.teachers}
            out[name] = ([DEPARTMENT, *header], [[home[r[0]], *r] for r in rows])
        else:
            header, rows = scoped(header, rows)
            out[name] = (header, sorted(rows, key=lambda r: order.get(r[0], len(order))))
    return out


def write_plan(
    stage_dir: Path,
    result: Result,
    inputs: Inputs,
    extra_sheets: dict | None = None,
    kept: Kept | None = None,
) -> list[str]:
    """Write the plan's tables into a (staging) folder; return the file names.

    ``extra_sheets`` (name -> (header, rows)) are added to plan.xlsx, e.g. the week layout.
    """
    from planner.store.xlsx import write_tables_xlsx

    sheets = {}
    names = []
    for name, (header, rows) in plan_tables(result, inputs, kept).items():
        (stage_dir / f"{name}.csv").write_text(csv_text(header, rows), encoding="utf-8")
        sheets[name] = (header, rows)
        names.append(f"{name}.csv")
    sheets["solver"] = (STAGE_COLUMNS, stage_rows(result))
    sheets.update(extra_sheets or {})
    write_tables_xlsx(stage_dir / "plan.xlsx", sheets)
    names.append("plan.xlsx")
    return names
