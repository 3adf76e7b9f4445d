"""A scenario comparison as CSV text and xlsx sheets (the terminal table: ``terminal.compare``).

compare.csv keeps its English column names (data for programs); compare.xlsx
shows the same table under French headers (``planner.labels``).
"""

from __future__ import annotations

from fractions import Fraction

from planner import labels
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
        "kept",
    ]


def compare_rows(comparison: Comparison) -> list[list]:
    rows = []
    for i, o in enumerate(comparison.outcomes):
        row: list = [o.name, o.description]
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
            o.kept,
        ]
        rows.append(row)
    return rows


def compare_csv(comparison: Comparison) -> str:
    """compare.csv: one row per scenario, each figure with its delta against the first."""
    return csv_text(compare_header(), compare_rows(comparison))


def teacher_rows(comparison: Comparison) -> tuple[list[str], list[list]]:
    """Per teacher: service done (HETD, this plan + counted outside it) and HC per scenario, with deltas.

    The headers are French (the sheet is only in compare.xlsx).
    """
    outcomes = comparison.outcomes
    by = [{t.id: t for t in o.teachers} for o in outcomes]
    header = [labels.header("teacher"), labels.header("name"), labels.header("status")]
    for i, o in enumerate(outcomes):
        header += [labels.SCENARIO_DONE.format(scenario=o.name), labels.SCENARIO_HC.format(scenario=o.name)]
        if i:
            header += [
                labels.SCENARIO_DELTA_DONE.format(scenario=o.name),
                labels.SCENARIO_DELTA_HC.format(scenario=o.name),
            ]
    header.append(labels.header("changed in"))
    rows = []
    for tid in comparison.teacher_ids():
        first = next(b[tid] for b in by if tid in b)
        row: list = [tid, first.name, first.status]
        changed = []
        ref = by[0].get(tid)
        for i, o in enumerate(outcomes):
            line = by[i].get(tid)
            row += ["" if line is None else line.total, "" if line is None else line.hc]
            if i and not (o.done and outcomes[0].done):  # failed or not run: no figures to compare
                row += ["", ""]
            elif i:
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


def french_sheet(key: str, header: list[str], rows: list[list]) -> tuple[str, tuple[list[str], list[list]]]:
    """A sheet in French: headers (``x_delta`` as ``Δ x``), status words, places and reasons.

    Parameters
    ----------
    key
        The sheet's key in ``labels.SHEETS`` (``compare``, ``changes``…).
    header
        The English column names (as in the CSV file).
    rows
        The rows, English words as in the CSV file.

    Returns
    -------
    tuple of (str, (list of str, list of list))
        The French sheet name, and its header and rows.
    """
    deltas = [h.endswith("_delta") for h in header]
    name, french, rows = labels.french_table(key, header, rows)
    french = [
        labels.DELTA.format(header=labels.header(h[: -len("_delta")])) if d else f
        for h, f, d in zip(header, french, deltas)
    ]
    for row in rows:
        for i, column in enumerate(header):
            if column.endswith("where") and isinstance(row[i], str):
                row[i] = labels.where(row[i])
            elif column in ("why not feasible", "reason") and isinstance(row[i], str):
                row[i] = labels.reason(row[i])
            elif column == "semester" and isinstance(row[i], int):
                row[i] = labels.SEMESTER.format(semester=row[i])
    return name, (french, rows)


def _unsolved(comparison: Comparison, header: list[str], rows: list[list]) -> list[list]:
    """A failed or not run scenario says so in its feasible column, and why."""
    feasible = header.index("feasible")
    why = header.index("why not feasible") if "why not feasible" in header else None
    for o, row in zip(comparison.outcomes, rows):
        if not o.done:
            row[feasible] = o.state
            if why is not None and o.state == "not run":
                row[why] = labels.NOT_RUN
    return rows


def compare_sheets(comparison: Comparison, notes: dict[str, list[str]]) -> dict:
    """compare.xlsx in French: Comparaison, (an IUT's Départements,) Enseignants, Changements, Scénarios."""
    table = _unsolved(comparison, compare_header(), compare_rows(comparison))
    scenarios = _unsolved(comparison, SCENARIO_HEADER, scenario_rows(comparison, notes))
    sheets = dict(
        [
            french_sheet("compare", compare_header(), table),
            (labels.SHEETS["teachers"], teacher_rows(comparison)),
            french_sheet("changes", CHANGE_HEADER, change_rows(comparison)),
            french_sheet("scenarios", SCENARIO_HEADER, scenarios),
        ]
    )
    if comparison.reference.departments:
        name, by_department = french_sheet("departments", *department_rows(comparison))
        sheets = {
            labels.SHEETS["compare"]: sheets.pop(labels.SHEETS["compare"]),
            name: by_department,
            **sheets,
        }
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
