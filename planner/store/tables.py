"""A solved plan as the rows of its files: assignments, services, uncovered, solver stages, weeks.

HETD are printed in cents, each teacher's rows apportioned so that they add
up to their total (``numbers.apportion``). An IUT's tables get a department
column and names as their department writes them (``store.scoped``).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from planner.labels import french_table
from planner.numbers import apportion, hours_text
from planner.stages import INTERRUPTED
from planner.store.rows import (
    ASSIGNMENT_COLUMNS,
    DOES_NOT_FIT,
    SERVICE_COLUMNS,
    UNCOVERED_COLUMNS,
    WEEK_COLUMNS,
)
from planner.store.scoped import DEPARTMENT, scoped
from planner.store.scoped import scoped as scoped_table
from planner.weeks.problem import WeekPlan
from planner.weeks.rows import WeekRow, plan_peaks

if TYPE_CHECKING:
    from planner.assign.solve import Result
    from planner.data.inputs import Inputs
    from planner.store.kept import Kept

STAGE_COLUMNS = ["stage", "value", "bound", "gap", "status", "proven", "engine"]


def assignment_rows(result: Result) -> list[list]:
    """assignments.csv: one row per teacher and part, teachers and parts in input order."""
    order = {c.id: i for i, c in enumerate(result.problem.capacities)}
    task_order = {t.key: i for i, t in enumerate(result.problem.tasks)}
    rows = sorted(result.solution.assignments, key=lambda a: (order[a.teacher], task_order[a.task.key]))
    hetd = printed_hetd([(a.teacher, a.hetd) for a in rows])
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
            e,
        ]
        for a, e in zip(rows, hetd)
    ]


def printed_hetd(rows: list[tuple[str, Fraction]]) -> list[Fraction]:
    """Each row's HETD in cents, so that a teacher's rows add up to their total in services.csv.

    ``rows`` are (teacher, exact HETD) in file order; each teacher's rows are
    apportioned by largest remainder (``numbers.apportion``).
    """
    by_teacher: dict[str, list[int]] = {}
    for i, (teacher, _) in enumerate(rows):
        by_teacher.setdefault(teacher, []).append(i)
    out: list[Fraction] = [Fraction(0)] * len(rows)
    for indices in by_teacher.values():
        for i, value in zip(indices, apportion(rows[i][1] for i in indices)):
            out[i] = value
    return out


def service_rows(result: Result, inputs: Inputs) -> list[list]:
    """services.csv: one row per teacher of the inputs."""
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
    """uncovered.csv: one row per part not fully covered, with the reason."""
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


def french_sheets(sheets: dict[str, tuple[list[str], list[list]]]) -> dict[str, tuple[list[str], list[list]]]:
    """plan.xlsx's sheets under their French names and headers (the CSV files keep theirs)."""
    out = {}
    for key, (header, rows) in sheets.items():
        name, french_header, french_rows = french_table(key, header, rows)
        out[name] = (french_header, french_rows)
    return out


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


def report_text(plan: WeekPlan) -> str:
    """The layout's headline figures, or why there is none, as plain text."""
    status = plan.status + (
        " (stopped by Ctrl-C: the best layout found, not proven)" if plan.status == INTERRUPTED else ""
    )
    lines = [f"week layout: {status}", f"time: {plan.seconds:.1f} s"]
    if plan.fits:
        top = plan_peaks(plan)
        peak, where = top["student"]
        lines.append(f"peak weekly load of a student: {hours_text(peak)} h ({where})")
        peak, where = top["teacher"]
        lines.append(f"peak weekly load of a teacher: {hours_text(peak)} h ({where})")
        if plan.measures:
            m = plan.measures
            lines.append(
                f"student spread (fullest minus emptiest week, summed over cohorts and semesters): "
                f"{hours_text(m.get('student spread', 0))} h; module runs: {m.get('module runs', 0)} for "
                f"{m.get('modules', 0)} modules (1 run = taught in consecutive teaching weeks)"
            )
    for s in plan.stages:
        proven = "proven" if s.proven else f"gap {s.gap:.1%}, not proven"
        lines.append(
            f"solver stage {s.name}: {s.value:g} (bound {s.bound:g}, {proven}, {s.status}, {s.engine}, "
            f"{s.seconds:.1f} s)"
        )
    if plan.stages:
        names = [s.name for s in plan.stages if s.proven]
        lines.append(f"proven stages: {', '.join(names) if names else 'none'}")
    lines += [f"sessions: {note}" for note in plan.notes]
    if not plan.fits:
        lines.append(f"{DOES_NOT_FIT}:")
        lines += [f"- {m.message}" for m in plan.misfits]
    return "\n".join(lines) + "\n"


def week_table(rows: list[WeekRow], scoped: bool = False) -> tuple[list[str], list[list]]:
    """The rows of weeks.csv; an IUT's with a department column."""
    table = [r.values() for r in rows]
    return scoped_table(WEEK_COLUMNS, table) if scoped else (WEEK_COLUMNS, table)
