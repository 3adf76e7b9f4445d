"""The week grids of ``planner weeks``: per cohort and semester, and per teacher.

Weeks where a cohort is away are marked S (stage), E (entreprise:
alternance), V (vacances: closed) and · (no semester); a teacher's
unavailable weeks are marked U.
"""

from __future__ import annotations

from fractions import Fraction

from rich.table import Table

from planner.data.calendar import Week, cohort_status, semester_label, unavailable_weeks
from planner.numbers import hours_text
from planner.reports.weeks import cohorts_of, group_loads, week_cells
from planner.weeks.rows import WeekRow, cohort_loads, teacher_loads

LEGEND = "S stage, E entreprise (alternance), V vacances (closed), · no semester, U unavailable"


def _grid(title: str, weeks: list[Week]) -> Table:
    table = Table(
        title=title,
        title_justify="left",
        padding=(0, 0),
        pad_edge=False,
        caption=LEGEND,
        caption_justify="left",
    )
    table.add_column("", no_wrap=True)
    for w in weeks:
        table.add_column(w.short, justify="right", min_width=3)
    table.add_column("total", justify="right", min_width=6)
    return table


def _cells(
    load: dict[str, int | Fraction], weeks: list[Week], status: dict[str, str] | None, blocked=frozenset()
) -> list[str]:
    cells = [
        f"[dim]{text}[/dim]" if mark else text for text, mark in week_cells(load, weeks, status, blocked)
    ]
    return cells + [hours_text(sum(load.get(w.iso, 0) for w in weeks))]


def cohort_tables(rows: list[WeekRow], inputs, groups: bool = True) -> list[Table]:
    """Per cohort and semester: each group's and a student's hours, week by week."""
    calendar, tables = inputs.calendar, []
    loads = cohort_loads(rows, cohorts_of(rows, inputs))
    for (year, parcours), load in loads.items():
        status = cohort_status(calendar, inputs.periods, year, parcours)
        for parity in ("odd", "even"):
            weeks = calendar.semester_weeks(parity)
            if not any(load.get(w.iso) for w in weeks):
                continue
            table = _grid(f"Year {year} {parcours}, {semester_label(parity, [year])}: hours per week", weeks)
            if groups:
                for label, g in group_loads(rows, year, parcours).items():
                    if any(g.get(w.iso) for w in weeks):
                        table.add_row(label, *_cells(g, weeks, status))
            table.add_row(
                "[bold]student[/bold]",
                *[f"[bold]{c}[/bold]" for c in _cells(load, weeks, status)],
                end_section=True,
            )
            tables.append(table)
    return tables


def teacher_tables(rows: list[WeekRow], inputs) -> list[Table]:
    """Per semester parity: each teacher's hours, week by week."""
    calendar, tables = inputs.calendar, []
    loads = teacher_loads(rows)
    blocked = unavailable_weeks(inputs.unavailability)
    years = sorted({r.year for r in rows})
    for parity in ("odd", "even"):
        weeks = calendar.semester_weeks(parity)
        active = {t: load for t, load in loads.items() if any(load.get(w.iso) for w in weeks)}
        if not active:
            continue
        sems = semester_label(parity, years)
        table = _grid(f"Teachers, {sems}: hours per week", weeks)
        for teacher, load in active.items():
            table.add_row(teacher, *_cells(load, weeks, None, blocked.get(teacher, frozenset())))
        tables.append(table)
    return tables
