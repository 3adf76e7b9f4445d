"""A plan on disk: assignments.csv, services.csv, uncovered.csv and plan.xlsx."""

from __future__ import annotations

import csv
import io
from fractions import Fraction
from pathlib import Path

from .errors import PlannerError
from .inputs import Inputs
from .outputs import csv_text, number
from .solve import Result
from .tables import parse_number

ASSIGNMENT_COLUMNS = ["teacher", "year", "semester", "parcours", "code", "activity", "groups", "hours", "hetd"]
SERVICE_COLUMNS = [
    "teacher", "name", "status", "service_du", "reductions", "other_hetd",
    "assigned_hetd", "hc_hetd", "sous_service_hetd", "cost_eur",
]
UNCOVERED_COLUMNS = ["year", "semester", "code", "activity", "parcours", "hours", "hetd", "reason"]
STAGE_COLUMNS = ["stage", "value", "bound", "status", "seconds"]


def assignment_rows(result: Result) -> list[list]:
    order = {c.id: i for i, c in enumerate(result.problem.capacities)}
    task_order = {t.key: i for i, t in enumerate(result.problem.tasks)}
    rows = sorted(result.solution.assignments, key=lambda a: (order[a.teacher], task_order[a.task.key]))
    return [
        [
            a.teacher, a.task.part.year, a.task.part.semester, a.task.part.parcours_label,
            a.task.part.code, a.task.part.activity, a.groups, a.hours, a.hetd,
        ]
        for a in rows
    ]


def service_rows(result: Result, inputs: Inputs) -> list[list]:
    rows = []
    for s in result.solution.services:
        t = s.capacity.teacher
        rows.append(
            [
                t.id, t.name, t.status, inputs.statuses[t.status].service_du, t.reductions,
                s.capacity.other, s.assigned, s.hc, s.sous_service, s.cost,
            ]
        )
    return rows


def uncovered_rows(result: Result) -> list[list]:
    return [
        [
            s.task.part.year, s.task.part.semester, s.task.part.code, s.task.part.activity,
            s.task.part.parcours_label, s.hours, s.hetd, s.reason,
        ]
        for s in result.solution.shortages
    ]


def stage_rows(result: Result) -> list[list]:
    return [[s.name, round(s.value, 4), round(s.bound, 4), s.status, ""] for s in result.stages]


TABLES = {
    "assignments": (ASSIGNMENT_COLUMNS, lambda r, i: assignment_rows(r)),
    "services": (SERVICE_COLUMNS, service_rows),
    "uncovered": (UNCOVERED_COLUMNS, lambda r, i: uncovered_rows(r)),
}


def write_plan(stage_dir: Path, result: Result, inputs: Inputs) -> list[str]:
    """Write the plan's tables into a (staging) folder; return the file names."""
    from .xlsx import write_tables_xlsx

    sheets = {}
    names = []
    for name, (header, rows_of) in TABLES.items():
        rows = rows_of(result, inputs)
        (stage_dir / f"{name}.csv").write_text(csv_text(header, rows), encoding="utf-8")
        sheets[name] = (header, rows)
        names.append(f"{name}.csv")
    sheets["solver"] = (["stage", "value", "bound", "status"], [r[:4] for r in stage_rows(result)])
    write_tables_xlsx(stage_dir / "plan.xlsx", sheets)
    names.append("plan.xlsx")
    return names


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PlannerError(f"cannot read the saved plan ({exc.strerror})", where=str(path)) from None
    return list(csv.DictReader(io.StringIO(text)))


def read_assignments(plan_dir: Path) -> list[dict]:
    """A saved plan's assignments, checked enough to be used as load or hint."""
    path = plan_dir / "assignments.csv"
    if not path.exists():
        raise PlannerError(
            "no saved plan here (assignments.csv is missing)",
            where=str(plan_dir),
            hint="Run `planner solve` first, or give --plan the folder it wrote.",
        )
    rows = read_csv_rows(path)
    out = []
    for n, row in enumerate(rows, start=2):
        missing = [c for c in ASSIGNMENT_COLUMNS if c not in row]
        if missing:
            raise PlannerError(f"missing column {missing[0]!r}", where=str(path), row=1)
        values = dict(row)
        for col in ("groups", "hours", "hetd"):
            v = parse_number(row[col] or "")
            if v is None:
                raise PlannerError(f"{row[col]!r} is not a number", where=str(path), row=n, column=col)
            values[col] = v
        out.append(values)
    return out


def plan_load(plan_dir: Path) -> dict[str, Fraction]:
    """HETD per teacher in a saved plan."""
    load: dict[str, Fraction] = {}
    for row in read_assignments(plan_dir):
        load[row["teacher"]] = load.get(row["teacher"], Fraction(0)) + row["hetd"]
    return load


def other_years_load(root: Path, years: list[int]) -> tuple[dict[str, Fraction], list[str]]:
    """Load of saved plans of the other years under ``root`` (``year<N>/``)."""
    total: dict[str, Fraction] = {}
    used = []
    for year in (1, 2, 3):
        folder = root / f"year{year}"
        if year in years or not (folder / "assignments.csv").exists():
            continue
        for teacher, hetd in plan_load(folder).items():
            total[teacher] = total.get(teacher, Fraction(0)) + hetd
        used.append(str(folder))
    return total, used


def reference_hours(plan_dir: Path) -> dict[tuple[str, str], Fraction]:
    """A saved plan as (teacher, part key) -> hours, to warm-start or stabilise a solve."""
    ref: dict[tuple[str, str], Fraction] = {}
    for row in read_assignments(plan_dir):
        key = f"{row['year']}|S{row['semester']}|{row['parcours']}|{row['code']}|{row['activity']}"
        ref[(row["teacher"], key)] = ref.get((row["teacher"], key), Fraction(0)) + row["hours"]
    return ref


__all__ = ["write_plan", "read_assignments", "plan_load", "other_years_load", "reference_hours", "number"]
