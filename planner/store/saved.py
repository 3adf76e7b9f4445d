"""A saved plan folder, read back and checked: the source of fiches and summaries.

``planner solve`` writes assignments.csv, services.csv and uncovered.csv; this
module reads them as typed rows. A missing file, a missing column or a cell
that is not a number is a ``PlannerError`` naming the file, row and column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from planner.data.tables import parse_number
from planner.errors import PlannerError
from planner.store.plan import ASSIGNMENT_COLUMNS, DEPARTMENT, SERVICE_COLUMNS, UNCOVERED_COLUMNS, requalify


@dataclass(frozen=True)
class AssignmentRow:
    teacher: str
    year: int
    semester: int
    parcours: str  # "OSC" or, for a module taught to several parcours together, "OSC+QMI"
    code: str
    activity: str
    groups: Fraction
    hours: Fraction
    hetd: Fraction  # as counted in the teacher's service (rounded to 2 decimals on disk)
    department: str = ""  # an IUT's plan: the department (code and parcours are qualified)


@dataclass(frozen=True)
class ServiceRow:
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
    year: int
    semester: int
    code: str
    activity: str
    parcours: str
    hours: Fraction
    hetd: Fraction
    reason: str
    department: str = ""


@dataclass(frozen=True)
class SavedPlan:
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


INTS = {"year", "semester"}
NUMBERS = {
    "groups",
    "hours",
    "hetd",
    "service_du",
    "reductions",
    "other_hetd",
    "assigned_hetd",
    "hc_hetd",
    "sous_service_hetd",
    "cost_eur",
}


def _read(path: Path, columns: list[str]) -> list[dict]:
    """Rows of one plan file, typed; errors name the file, row and column."""
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
            if col in INTS or col in NUMBERS:
                value = parse_number(text)
                if value is None or (col in INTS and value.denominator != 1):
                    kind = "a whole number" if col in INTS else "a number"
                    raise PlannerError(f"{text!r} is not {kind}", where=str(path), row=n, column=col)
                values[col] = int(value) if col in INTS else value
            else:
                values[col] = text
        if values.get(DEPARTMENT):
            requalify(values)
        rows.append(values)
    return rows


def read_plan(folder: str | Path) -> SavedPlan:
    """Read a plan folder written by ``planner solve``."""
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
    assignments = [AssignmentRow(**r) for r in _read(folder / "assignments.csv", ASSIGNMENT_COLUMNS)]
    services = [ServiceRow(**r) for r in _read(folder / "services.csv", SERVICE_COLUMNS)]
    uncovered = [UncoveredRow(**r) for r in _read(folder / "uncovered.csv", UNCOVERED_COLUMNS)]
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
    return [AssignmentRow(**r) for r in _read(folder / "assignments.csv", ASSIGNMENT_COLUMNS)]


def plan_load(folder: str | Path) -> dict[str, Fraction]:
    """HETD per teacher in a saved plan."""
    load: dict[str, Fraction] = {}
    for row in read_assignments(folder):
        load[row.teacher] = load.get(row.teacher, Fraction(0)) + row.hetd
    return load


def other_years_load(root: Path, years: list[int]) -> tuple[dict[str, Fraction], list[str]]:
    """Load of the saved plans of the years not being planned, under ``root/year<N>/``."""
    total: dict[str, Fraction] = {}
    used = []
    for year in (1, 2, 3):
        folder = Path(root) / f"year{year}"
        if year in years or not (folder / "assignments.csv").exists():
            continue
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
