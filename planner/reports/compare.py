"""A scenario comparison as CSV text and xlsx sheets (the terminal table: ``terminal.compare``)."""

from __future__ import annotations

from fractions import Fraction

from planner.scenarios.outcome import METRICS, NO_DELTA, Comparison
from planner.store.atomic import csv_text

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
    """compare.csv: one row per scenario, each figure with its delta against the first."""
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
    """The sheets of compare.xlsx: compare, (an IUT's departments,) teachers, changes, scenarios."""
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
    """``department_rows`` as CSV text (compare_departments.csv)."""
    return csv_text(*department_rows(comparison))
