"""A scenario comparison as a terminal table, CSV text and xlsx sheets."""

from __future__ import annotations

from fractions import Fraction

from rich.table import Table

from planner.scenarios.compare import METRICS, NO_DELTA, Comparison
from planner.store.atomic import csv_text


def _fmt(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "€":
        return f"{float(value):,.0f}".replace(",", " ")
    if unit == "HETD":
        return f"{float(value):.1f}"
    if isinstance(value, Fraction) and value.denominator != 1:
        return f"{float(value):.1f}"
    return str(int(value))


def _fmt_delta(delta, unit: str) -> str:
    if delta is None:
        return ""
    if delta == 0:
        return "="
    text = _fmt(abs(delta), unit)
    return ("+" if delta > 0 else "−") + text


def compare_table(comparison: Comparison) -> Table:
    """Metrics as rows, scenarios as columns; under each value, its delta against the first."""
    ref = comparison.reference.name
    years = "+".join(map(str, comparison.years))
    table = Table(
        title=f"Scenarios for year {years}: Δ against {ref} (= no change)",
        title_justify="left",
    )
    table.add_column("", style="bold", no_wrap=True)
    for i, o in enumerate(comparison.outcomes):
        table.add_column(o.name + (" (ref)" if i == 0 else ""), justify="right", overflow="fold")
    for key, label, unit in METRICS:
        cells = []
        for i, o in enumerate(comparison.outcomes):
            value = "—" if i == 0 and key in NO_DELTA else _fmt(o.metrics.get(key), unit)
            delta = comparison.delta(i, key)
            if delta is not None:
                colour = "dim" if delta == 0 else ("red" if _worse(key, delta) else "green")
                value += f"\n[{colour}]{_fmt_delta(delta, unit)}[/{colour}]"
            cells.append(value)
        table.add_row(label, *cells)
    table.add_row("feasible", *(_mark(o.feasible) for o in comparison.outcomes))
    table.add_row("assignment solve", *(o.status for o in comparison.outcomes))
    table.add_row("week layout", *(o.weeks_status for o in comparison.outcomes))
    table.add_row("time s", *(f"{o.total_seconds:.1f}" for o in comparison.outcomes))
    return table


def _mark(text: str) -> str:
    return f"[green]{text}[/green]" if text == "yes" else f"[red]{text}[/red]"


def _worse(key: str, delta) -> bool:
    """Red for a delta that costs the department (more cost, hours, groups, load)."""
    return delta > 0 if key not in ("assigned_hetd",) else delta < 0


# --- flat tables: one row per scenario ---------------------------------------------


def compare_header() -> list[str]:
    header = ["scenario", "description"]
    for key, _, _ in METRICS:
        header.append(key)
        if key not in NO_DELTA:
            header.append(f"{key}_delta")
    return header + [
        "feasible",
        "assignment_status",
        "weeks_status",
        "seconds",
        "weeks_seconds",
        "peak_where",
    ]


def compare_rows(comparison: Comparison) -> list[list]:
    rows = []
    for i, o in enumerate(comparison.outcomes):
        row = [o.name, o.description]
        for key, _, _ in METRICS:
            value = o.metrics.get(key)
            row.append("" if value is None else value)
            if key not in NO_DELTA:
                delta = comparison.delta(i, key)
                row.append("" if delta is None else delta)
        layout = o.layout
        row += [
            o.feasible,
            o.status,
            o.weeks_status,
            round(o.seconds, 2),
            round(layout.seconds, 2) if layout else "",
            layout.peak_where if layout else "",
        ]
        rows.append(row)
    return rows


def compare_csv(comparison: Comparison) -> str:
    return csv_text(compare_header(), compare_rows(comparison))


def teacher_rows(comparison: Comparison) -> tuple[list[str], list[list]]:
    """Per teacher: service done (HETD, this plan + counted outside it) and HC per scenario, with deltas."""
    outcomes = comparison.outcomes
    by = [{t.id: t for t in o.teachers} for o in outcomes]
    header = ["teacher", "name", "status"]
    for i, o in enumerate(outcomes):
        header += [f"{o.name} service", f"{o.name} HC"]
        if i:
            header += [f"{o.name} Δ service", f"{o.name} Δ HC"]
    header.append("changed in")
    rows = []
    for tid in comparison.teacher_ids():
        first = next(b[tid] for b in by if tid in b)
        row = [tid, first.name, first.status]
        changed = []
        ref = by[0].get(tid)
        for i, o in enumerate(outcomes):
            line = by[i].get(tid)
            row += ["" if line is None else line.total, "" if line is None else line.hc]
            if i:
                before = (ref.total, ref.hc) if ref else (Fraction(0), Fraction(0))
                after = (line.total, line.hc) if line else (Fraction(0), Fraction(0))
                row += [after[0] - before[0], after[1] - before[1]]
                if after != before or (line is None) != (ref is None):
                    changed.append(o.name)
        row.append(", ".join(changed))
        rows.append(row)
    return header, rows


CHANGE_HEADER = [
    "scenario",
    "teacher",
    "year",
    "semester",
    "code",
    "activity",
    "reference_hours",
    "hours",
    "delta_hours",
    "delta_hetd",
]


def change_rows(comparison: Comparison) -> list[list]:
    rows = []
    for o, changes in zip(comparison.outcomes, comparison.changes):
        for c in changes:
            year, semester, code, activity = c.module
            rows.append(
                [
                    o.name,
                    c.teacher,
                    year,
                    semester,
                    code,
                    activity,
                    c.reference,
                    c.hours,
                    c.hours - c.reference,
                    c.hetd,
                ]
            )
    return rows


def scenario_rows(comparison: Comparison, notes: dict[str, list[str]]) -> list[list]:
    rows = []
    for o in comparison.outcomes:
        rows.append(
            [
                o.name,
                o.path,
                o.description,
                o.feasible,
                o.status,
                o.weeks_status,
                "; ".join(notes.get(o.name, [])),
                "; ".join(o.reasons()),
            ]
        )
    return rows


SCENARIO_HEADER = [
    "scenario",
    "file",
    "description",
    "feasible",
    "assignment_status",
    "weeks_status",
    "notes",
    "why not feasible",
]


def compare_sheets(comparison: Comparison, notes: dict[str, list[str]]) -> dict:
    sheets = {
        "compare": (compare_header(), compare_rows(comparison)),
        "teachers": teacher_rows(comparison),
        "changes": (CHANGE_HEADER, change_rows(comparison)),
        "scenarios": (SCENARIO_HEADER, scenario_rows(comparison, notes)),
    }
    if comparison.reference.departments:
        sheets = {"compare": sheets.pop("compare"), "departments": department_rows(comparison), **sheets}
    return sheets


# --- an IUT: per department ---------------------------------------------------------------

DEPARTMENT_METRICS = (  # key of departments.DepartmentFigures, label, unit
    ("demand_hetd", "demand HETD", "HETD"),
    ("hc_hetd", "heures compl. HETD", "HETD"),
    ("vacataire_hours", "vacataires h", "h"),
    ("cost_eur", "total cost €", "€"),
    ("uncovered_hours", "uncovered h", "h"),
)


def department_rows(comparison: Comparison) -> tuple[list[str], list[list]]:
    """One row per scenario and department (then the IUT): each figure and its delta."""
    header = ["scenario", "department"]
    for key, _, _ in DEPARTMENT_METRICS:
        header += [key, f"{key}_delta"]
    rows = []
    for i, o in enumerate(comparison.outcomes):
        for f in o.departments:
            row = [o.name, f.department]
            for key, _, _ in DEPARTMENT_METRICS:
                delta = comparison.department_delta(i, f.department, key)
                row += [getattr(f, key), "" if delta is None else delta]
            rows.append(row)
    return header, rows


def departments_csv(comparison: Comparison) -> str:
    return csv_text(*department_rows(comparison))


def department_table(comparison: Comparison) -> Table:
    """Per department and for the IUT: a few figures per scenario, deltas against the first."""
    ref = comparison.reference.name
    table = Table(
        title=f"Per department: Δ against {ref} (HC and vacations shared out by HETD)", title_justify="left"
    )
    table.add_column("", style="bold", no_wrap=True)
    table.add_column("", no_wrap=True)
    for i, o in enumerate(comparison.outcomes):
        table.add_column(o.name + (" (ref)" if i == 0 else ""), justify="right", overflow="fold")
    for n, f in enumerate(comparison.reference.departments):
        last = n == len(comparison.reference.departments) - 1
        for k, (key, label, unit) in enumerate(DEPARTMENT_METRICS):
            cells = []
            for i, o in enumerate(comparison.outcomes):
                mine = next((g for g in o.departments if g.department == f.department), None)
                value = _fmt(getattr(mine, key) if mine else None, unit)
                delta = comparison.department_delta(i, f.department, key)
                if delta is not None:
                    colour = "dim" if delta == 0 else ("red" if delta > 0 else "green")
                    value += f" [{colour}]{_fmt_delta(delta, unit)}[/{colour}]"
                cells.append(value)
            end = k == len(DEPARTMENT_METRICS) - 1 and not last
            table.add_row(f.department if k == 0 else "", label, *cells, end_section=end)
    return table
