"""A plan on disk: written by ``planner solve``, read back (checked) by fiches, summaries and warm starts.

A plan folder holds assignments.csv, services.csv, uncovered.csv and
plan.xlsx (the same tables, the solver stages and, with a calendar, the week
sheets). Read back, a missing file, a missing column or a cell that is not a
number is a ``PlannerError`` naming the file, row and column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, fields
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from planner.data.tables import parse_number
from planner.errors import PlannerError
from planner.labels import french_table
from planner.numbers import apportion
from planner.store.atomic import csv_text
from planner.store.scoped import DEPARTMENT, requalify, scoped
from planner.store.xlsx import write_tables_xlsx

if TYPE_CHECKING:
    from planner.assign.solve import Result
    from planner.data.inputs import Inputs
    from planner.store.kept import Kept

R = TypeVar("R")

# --- the files: one row dataclass per CSV file, its fields the file's columns --------


@dataclass(frozen=True)
class AssignmentRow:
    """One row of assignments.csv."""

    teacher: str
    year: int
    semester: int
    parcours: str  # "OSC" or, for a module taught to several parcours together, "OSC+QMI"
    code: str
    activity: str
    groups: Fraction
    hours: Fraction
    hetd: Fraction  # as counted in the teacher's service; on disk in cents, adding up to services.csv
    department: str = ""  # an IUT's plan: the department (code and parcours are qualified)


@dataclass(frozen=True)
class ServiceRow:
    """One row of services.csv."""

    teacher: str
    name: str
    status: str
    service_du: Fraction
    reductions: Fraction
    other_hetd: Fraction
    assigned_hetd: Fraction
    hc_hetd: Fraction
    sous_service_hetd: Fraction
    cost_eur: Fraction
    department: str = ""  # an IUT's plan: the teacher's home department


@dataclass(frozen=True)
class UncoveredRow:
    """One row of uncovered.csv."""

    year: int
    semester: int
    code: str
    activity: str
    parcours: str
    hours: Fraction
    hetd: Fraction
    reason: str
    department: str = ""  # an IUT's plan: the department of the module


def columns_of(row: type) -> list[str]:
    """A plan file's columns: the row's fields (an IUT's files add ``department`` first)."""
    return [f.name for f in fields(row) if f.name != DEPARTMENT]


ASSIGNMENT_COLUMNS = columns_of(AssignmentRow)
SERVICE_COLUMNS = columns_of(ServiceRow)
UNCOVERED_COLUMNS = columns_of(UncoveredRow)
STAGE_COLUMNS = ["stage", "value", "bound", "gap", "status", "proven", "engine"]


# --- writing --------------------------------------------------------------------------


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


def write_plan(
    stage_dir: Path,
    result: Result,
    inputs: Inputs,
    extra_sheets: dict | None = None,
    kept: Kept | None = None,
) -> list[str]:
    """Write the plan's tables into a (staging) folder.

    Parameters
    ----------
    stage_dir
        The folder being written (``store.atomic.staged_dir``).
    result
        The solved assignment.
    inputs
        The inputs (service dû per status).
    extra_sheets
        More sheets of plan.xlsx, name -> (header, rows): the week layout.

    Returns
    -------
    list of str
        The file names written. plan.xlsx holds the same tables under French
        sheet names and headers (``labels.french_table``).
    """
    sheets = {}
    names = []
    for name, (header, rows) in plan_tables(result, inputs, kept).items():
        (stage_dir / f"{name}.csv").write_text(csv_text(header, rows), encoding="utf-8")
        sheets[name] = (header, rows)
        names.append(f"{name}.csv")
    sheets["solver"] = (STAGE_COLUMNS, stage_rows(result))
    sheets.update(extra_sheets or {})
    write_tables_xlsx(stage_dir / "plan.xlsx", french_sheets(sheets))
    names.append("plan.xlsx")
    return names


# --- reading back --------------------------------------------------------------------


@dataclass(frozen=True)
class SavedPlan:
    """A plan folder read back: its rows, typed and checked."""

    folder: Path
    assignments: list[AssignmentRow]
    services: list[ServiceRow]
    uncovered: list[UncoveredRow]

    @property
    def years(self) -> tuple[int, ...]:
        """The BUT years of the plan, from its rows (empty if it has none)."""
        return tuple(sorted({r.year for r in self.assignments} | {r.year for r in self.uncovered}))

    def service(self, teacher: str) -> ServiceRow:
        return next(s for s in self.services if s.teacher == teacher)


def _read(path: Path, row: type[R]) -> list[R]:
    """Rows of one plan file, typed as the fields of ``row``; errors name the file, row and column."""
    kinds = {f.name: f.type for f in fields(row)}  # "str", "int" or "Fraction"
    columns = columns_of(row)
    if not path.exists():
        raise PlannerError(
            f"the saved plan has no {path.name}",
            where=str(path.parent),
            hint="Run `planner solve` again to write a complete plan, or give --plan the folder it wrote.",
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise PlannerError(f"cannot read the saved plan ({reason})", where=str(path)) from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise PlannerError("the file is empty (no header)", where=str(path), row=1)
    missing = [c for c in columns if c not in header]
    if missing:
        raise PlannerError(f"missing column {missing[0]!r}", where=str(path), row=1)
    if DEPARTMENT in header:  # an IUT's plan: names as the planner knows them (GEA/R3.01)
        columns = [*columns, DEPARTMENT]
    index = {c: header.index(c) for c in columns}
    rows = []
    for n, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) < len(header):
            cells = cells + [""] * (len(header) - len(cells))
        values = {}
        for col in columns:
            text = cells[index[col]].strip()
            if kinds[col] == "str":
                values[col] = text
                continue
            value = parse_number(text)
            whole = kinds[col] == "int"
            if value is None or (whole and value.denominator != 1):
                kind = "a whole number" if whole else "a number"
                raise PlannerError(f"{text!r} is not {kind}", where=str(path), row=n, column=col)
            values[col] = int(value) if whole else value
        if values.get(DEPARTMENT):
            requalify(values)
        rows.append(row(**values))
    return rows


def read_plan(folder: str | Path) -> SavedPlan:
    """Read a plan folder written by ``planner solve``.

    Parameters
    ----------
    folder
        The plan folder (``reports/year2``).

    Returns
    -------
    SavedPlan
        Assignments, services and uncovered rows.

    Raises
    ------
    PlannerError
        For a missing folder or file, a missing column, a cell that is not a
        number, or files that do not belong together.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise PlannerError(
            "no such plan folder",
            where=str(folder),
            hint="Run `planner solve` first, or give --plan the folder it wrote (e.g. reports/year2).",
        )
    if not (folder / "assignments.csv").exists():
        raise PlannerError(
            "no saved plan here (assignments.csv is missing)",
            where=str(folder),
            hint="Run `planner solve` first, or give --plan the folder it wrote (e.g. reports/year2).",
        )
    assignments = _read(folder / "assignments.csv", AssignmentRow)
    services = _read(folder / "services.csv", ServiceRow)
    uncovered = _read(folder / "uncovered.csv", UncoveredRow)
    known = {s.teacher for s in services}
    seen: set[str] = set()
    for n, s in enumerate(services, start=2):
        if s.teacher in seen:
            raise PlannerError(
                f"teacher {s.teacher!r} appears twice",
                where=str(folder / "services.csv"),
                row=n,
                column="teacher",
            )
        seen.add(s.teacher)
    for n, a in enumerate(assignments, start=2):
        if a.teacher not in known:
            raise PlannerError(
                f"teacher {a.teacher!r} has assignments but no row in services.csv",
                where=str(folder / "assignments.csv"),
                row=n,
                column="teacher",
                hint="The plan files do not belong together: run `planner solve` again.",
            )
        if a.hours <= 0 or a.groups <= 0:
            raise PlannerError(
                "hours and groups must be positive", where=str(folder / "assignments.csv"), row=n
            )
    return SavedPlan(folder, assignments, services, uncovered)


def read_assignments(folder: str | Path) -> list[AssignmentRow]:
    """Only the assignments of a saved plan (enough for loads and warm starts)."""
    folder = Path(folder)
    if not (folder / "assignments.csv").exists():
        raise PlannerError(
            "no saved plan here (assignments.csv is missing)",
            where=str(folder),
            hint="Run `planner solve` first, or give the folder it wrote (e.g. reports/year2).",
        )
    return _read(folder / "assignments.csv", AssignmentRow)


def plan_load(folder: str | Path) -> dict[str, Fraction]:
    """HETD per teacher in a saved plan."""
    load: dict[str, Fraction] = {}
    for row in read_assignments(folder):
        load[row.teacher] = load.get(row.teacher, Fraction(0)) + row.hetd
    return load


def other_years(root: str | Path, years: list[int], file: str) -> list[tuple[int, Path]]:
    """The saved folders ``root/year<N>/`` holding ``file``, of the years not being planned."""
    folders = [(year, Path(root) / f"year{year}") for year in (1, 2, 3) if year not in years]
    return [(year, folder) for year, folder in folders if (folder / file).exists()]


def other_years_load(root: Path, years: list[int]) -> tuple[dict[str, Fraction], list[str]]:
    """Load of the saved plans of the years not being planned, under ``root/year<N>/``."""
    total: dict[str, Fraction] = {}
    used = []
    for _, folder in other_years(root, years, "assignments.csv"):
        for teacher, hetd in plan_load(folder).items():
            total[teacher] = total.get(teacher, Fraction(0)) + hetd
        used.append(str(folder))
    return total, used


def reference_hours(folder: str | Path) -> dict[tuple[str, str], Fraction]:
    """A saved plan as (teacher, part key) -> hours, to warm-start or stabilise a solve."""
    ref: dict[tuple[str, str], Fraction] = {}
    for row in read_assignments(folder):
        key = f"{row.year}|S{row.semester}|{row.parcours}|{row.code}|{row.activity}"
        ref[(row.teacher, key)] = ref.get((row.teacher, key), Fraction(0)) + row.hours
    return ref
