"""What ``planner solve`` prints: the plan's figures, services, solver stages, summary and weeks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table

from planner.assign.departments import IUT, DepartmentFigures
from planner.numbers import hours_text, number
from planner.reports.summary import Summary
from planner.weeks.rows import plan_peaks

if TYPE_CHECKING:
    from planner.assign.solve import Result
    from planner.data.inputs import Inputs
    from planner.options import SolveOptions
    from planner.weeks.problem import WeekPlan

LABELS = {  # the column names of an IUT's figures per department (reports.iut)
    "department": "department",
    "demand_hours": "demand h",
    "demand_hetd": "demand HETD",
    "assigned_hetd": "assigned HETD",
    "staff_hours": "staff h",
    "vacataire_hours": "vacataires h",
    "hc_hetd": "heures compl. HETD",
    "hc_eur": "heures compl. €",
    "vacataire_eur": "vacataires €",
    "cost_eur": "total cost €",
    "uncovered_hours": "uncovered h",
    "uncovered_hetd": "uncovered HETD",
}


def solve_summary_table(result: Result, department: Summary | None = None) -> Table:
    """The plan's headline figures (``Result.summary``).

    With the department summary, the cost is the one the documents print (from
    the HETD as printed on the fiches), not the solver's exact figure.
    """
    table = Table(
        title=f"Plan for year {'+'.join(map(str, result.years))}", title_justify="left", show_header=False
    )
    table.add_column("what", style="bold")
    table.add_column("value")
    figures = result.summary()
    if department is not None:
        figures["cost"] = f"{number(department.values()['total_cost'], fixed=True, thousands=' ')} €"
    for k, v in figures.items():
        table.add_row(k, v)
    return table


def solving_heading(inputs: Inputs, years: list[int], options: SolveOptions) -> str:
    """The first line of a solve's progress: what is solved, within which time limits."""
    laid_out = inputs.calendar is not None and options.weeks
    weeks = f", week layout {options.weeks_time_limit:g} s" if laid_out else ""
    return (
        f"Solving year {'+'.join(map(str, years))}: assignment time limit {options.time_limit:g} s{weeks} "
        "(deterministic seconds: the wall time can be longer)"
    )


def left_out_lines(summary: Summary) -> list[str]:
    """The warning of a plan that does not count the other years' service (rich markup)."""
    left = summary.left_out
    if left is None:
        return []
    years = ", ".join(map(str, left.years))
    missing = " and ".join(map(str, left.missing))
    return [
        f"[yellow]warning[/yellow]: only year {years} is planned and no saved plan of year {missing} was "
        f"found in {left.root}/: the same teachers' service in year {missing} is not counted. Sous-service "
        "is not meaningful for a single year; heures complémentaires and their cost are a minimum.",
        f"To count the whole service: {left.plan_all}, or the years in turn: {'; '.join(left.plan_each)}.",
    ]


def stages_table(result: Result) -> Table:
    """Each solver stage's value, bound, status and time, in priority order."""
    table = Table(title="Solver stages (in priority order)", title_justify="left")
    for c in ("stage", "value", "bound", "status", "time"):
        table.add_column(c, justify="left" if c in ("stage", "status") else "right")
    for s in result.stages:
        table.add_row(s.name, f"{s.value:g}", f"{s.bound:g}", s.status, f"{s.seconds:.2f} s")
    return table


def services_table(result: Result) -> Table:
    """Each teacher's service with this plan, in HETD."""
    table = Table(title="Services (HETD)", title_justify="left")
    for c in ("teacher", "status", "service dû net", "other", "this plan", "HC", "sous-service", "cost €"):
        table.add_column(c, justify="left" if c in ("teacher", "status") else "right")
    for s in result.solution.services:
        cap = s.capacity
        table.add_row(
            cap.id,
            cap.teacher.status,
            number(cap.service),
            number(cap.other),
            number(s.assigned),
            number(s.hc) if s.hc else "",
            number(s.sous_service) if s.sous_service else "",
            number(s.cost, fixed=True) if s.cost else "",
        )
    return table


def _n(x) -> str:
    return hours_text(x) if x else ""


def summary_renderable(summary: Summary) -> Group:
    """The department summary: demand and cover, capacity, and the teachers paid beyond their service."""
    demand = Table(title="Demand and cover per semester and activity (hours)", title_justify="left")
    for c in ("semester", "activity", "demand h", "demand HETD", "staff h", "vacataires h", "uncovered h"):
        demand.add_column(c, justify="left" if c in ("semester", "activity") else "right")
    for r in summary.rows:
        bold = r.activity == "all"
        cells = [
            f"S{r.semester}",
            r.activity,
            hours_text(r.demand_hours),
            number(r.demand_hetd),
            _n(r.staff_hours),
            _n(r.vacataire_hours),
            f"[red]{hours_text(r.uncovered_hours)}[/red]" if r.uncovered_hours else "",
        ]
        demand.add_row(*(f"[bold]{c}[/bold]" if bold and c else c for c in cells), end_section=bold)

    capacity = Table(title="Demand against capacity (year)", title_justify="left", show_header=False)
    capacity.add_column("figure", style="bold")
    capacity.add_column("value", justify="right")
    capacity.add_column("unit")
    for label, value, unit in summary.figures()[1:]:
        text = (
            number(value, fixed=True, thousands=" ")
            if unit == "€"
            else hours_text(value)
            if unit == "h"
            else number(value)
        )
        capacity.add_row(label, f"[yellow]{text}[/yellow]" if isinstance(value, str) else text, unit)

    paid = [t for t in summary.teachers if t.hc or t.cost]
    parts = [demand, capacity]
    if paid:
        table = Table(title="Heures complémentaires and vacations per teacher", title_justify="left")
        for c in ("teacher", "status", "service dû net", "total HETD", "HC / vacations", "hours", "cost €"):
            table.add_column(c, justify="left" if c in ("teacher", "status") else "right")
        for t in paid:
            table.add_row(
                t.teacher,
                t.status,
                number(t.service_net),
                number(t.total),
                number(t.hc),
                hours_text(t.hours) if t.vacataire else "",
                number(t.cost, fixed=True, thousands=" "),
            )
        parts.append(table)
    return Group(*parts)


def week_lines(plan: WeekPlan) -> list[str]:
    """What `planner solve` prints about the week layout it made (rich markup)."""
    if plan.fits:
        top = plan_peaks(plan)
        student, where_s = top["student"]
        teacher, where_t = top["teacher"]
        m = plan.measures
        tries = (
            f", assignment tried {plan.rounds} times to fit teachers' weekly caps" if plan.rounds > 1 else ""
        )
        return [
            f"weeks: laid out in {plan.seconds:.1f} s ({plan.status}{tries}); peak weekly load: student "
            f"{hours_text(student)} h ({where_s}), teacher {hours_text(teacher)} h ({where_t}); "
            f"modules in {m.get('module runs', 0)} runs for "
            f"{m.get('modules', 0)} modules. See `planner weeks` and weeks.png."
        ]
    lines = [f"[red]weeks do not fit[/red]: {m.message}" for m in plan.misfits]
    lines.append(
        "[red]the teaching assignment is written, but it has no week layout[/red] (weeks.csv is empty; "
        "the reasons are in weeks_report.txt)"
    )
    return lines


def departments_renderable(figures: list[DepartmentFigures]) -> Table:
    """An IUT's figures per department, then the IUT's, for the terminal (``reports.iut``)."""
    table = Table(title="Per department (HC and vacations shared out by HETD)", title_justify="left")
    shown = ("demand_hours", "demand_hetd", "assigned_hetd", "hc_hetd", "vacataire_hours", "cost_eur")
    table.add_column("department")
    for c in (*shown, "uncovered_hours"):
        table.add_column(LABELS[c], justify="right")
    for f in figures:
        cells = [
            number(getattr(f, c), 0, fixed=True, thousands=" ") if c == "cost_eur" else number(getattr(f, c))
            for c in shown
        ]
        uncovered = hours_text(f.uncovered_hours)
        bold = f.department == IUT
        table.add_row(
            f"[bold]{f.department}[/bold]" if bold else f.department,
            *cells,
            f"[red]{uncovered}[/red]" if f.uncovered_hours else uncovered,
            end_section=bold or f is figures[-2],
        )
    return table
