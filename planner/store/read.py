"""A plan folder read back, checked: by fiches, summaries, warm starts and the other years' load.

A missing file, a missing column or a cell that is not a number is a
``PlannerError`` naming the file, row and column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import fields
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

from planner.data.tables import as_hours, parse_number
from planner.errors import PlannerError
from planner.store.kept import Kept
from planner.store.rows import (
    REPORT,
    WEEK_COLUMNS,
    AssignmentRow,
    SavedPlan,
    SavedWeeks,
    ServiceRow,
    UncoveredRow,
    columns_of,
)
from planner.store.scoped import DEPARTMENT, requalify
from planner.weeks.rows import WeekRow

R = TypeVar("R")


def _read(path: Path, row: type[R]) -> list[R]:
    """Rows of one plan file, typed as the fields of ``row``; errors name the file, row and column."""
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
    return parse_rows(text, row, str(path))


def parse_rows(text: str, row: type[R], where: str) -> list[R]:
    """A plan file's text as rows typed as the fields of ``row``; errors name ``where``, row, column."""
    kinds = {f.name: f.type for f in fields(row)}  # type: ignore[arg-type]  # "str", "int" or "Fraction"
    columns = columns_of(row)
    path = where
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
        values: dict[str, Any] = {}
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
    return checked_plan(
        folder,
        _read(folder / "assignments.csv", AssignmentRow),
        _read(folder / "services.csv", ServiceRow),
        _read(folder / "uncovered.csv", UncoveredRow),
    )


def parse_plan(texts: dict[str, str], folder: Path) -> SavedPlan:
    """A plan from the texts of its files (``assignments``, ``services``, ``uncovered``), as read back.

    A plan just solved goes through its files' text without a disk, so that
    its documents are exactly those of the same plan read back from ``folder``.
    """
    return checked_plan(
        folder,
        parse_rows(texts["assignments"], AssignmentRow, str(folder / "assignments.csv")),
        parse_rows(texts["services"], ServiceRow, str(folder / "services.csv")),
        parse_rows(texts["uncovered"], UncoveredRow, str(folder / "uncovered.csv")),
    )


def checked_plan(
    folder: Path,
    assignments: list[AssignmentRow],
    services: list[ServiceRow],
    uncovered: list[UncoveredRow],
) -> SavedPlan:
    """The plan's rows, checked to belong together."""
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


def read_weeks(folder: str | Path) -> SavedWeeks:
    """A saved week layout (weeks.csv and weeks_report.txt), checked.

    Parameters
    ----------
    folder
        The plan folder.

    Returns
    -------
    SavedWeeks
        The rows and the report text.

    Raises
    ------
    PlannerError
        For a missing weeks.csv, a missing column or a cell that is not a whole number.
    """
    folder = Path(folder)
    path = folder / "weeks.csv"
    if not path.exists():
        raise PlannerError(
            "no week layout here (weeks.csv is missing)",
            where=str(folder),
            hint="Run `planner solve` with a calendar.csv in the inputs, or give --plan the folder it wrote.",
        )
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PlannerError(f"cannot read the week layout ({exc.strerror})", where=str(path)) from None
    report_path = folder / REPORT
    report = report_path.read_text(encoding="utf-8") if report_path.exists() else ""
    return parse_weeks(text, report, folder)


def parse_weeks(text: str, report: str, folder: Path) -> SavedWeeks:
    """A week layout from the texts of weeks.csv and weeks_report.txt (``folder``: where they belong)."""
    path = folder / "weeks.csv"
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in WEEK_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise PlannerError(f"missing column {missing[0]!r}", where=str(path), row=1)
    rows = []
    for n, r in enumerate(reader, start=2):
        if r.get(DEPARTMENT):
            requalify(r)
        number = parse_number(r["hours"])
        hours = as_hours(number) if number is not None else None  # whole or half hours
        if hours is None or not (r["year"].strip().isdigit() and r["semester"].strip().isdigit()):
            raise PlannerError(
                "year and semester must be whole numbers, hours whole or half", where=str(path), row=n
            )
        rows.append(
            WeekRow(
                int(r["year"]),
                int(r["semester"]),
                r["parcours"],
                r["group"],
                r["module"],
                r["activity"],
                r["teacher"] or None,
                r["iso_week"],
                hours,
                r.get(DEPARTMENT) or "",
            )
        )
    return SavedWeeks(rows, report, folder)


def background_load(root: Path, years: list[int]) -> tuple[dict[str, dict[str, int | Fraction]], list[str]]:
    """Teachers' weekly hours in the saved week layouts of the other years under ``root``."""
    load: dict[str, dict[str, int | Fraction]] = {}
    used = []
    for year, folder in other_years(root, years, "weeks.csv"):
        saved = read_weeks(folder)
        for r in saved.rows:
            if r.teacher is not None and r.year == year:
                per_week = load.setdefault(r.teacher, {})
                per_week[r.iso_week] = per_week.get(r.iso_week, 0) + r.hours
        used.append(str(folder))
    return load, used


def kept_plan(folder: Path, departments: tuple[str, ...], planned: list[str]) -> Kept:
    """The rows of the other departments in the IUT plan saved in ``folder`` (none if there is none)."""
    kept = Kept(str(folder), departments, tuple(planned))
    if not (Path(folder) / "assignments.csv").exists():
        return kept
    saved = read_plan(folder)

    def other(department: str) -> bool:
        return bool(department) and department not in planned

    kept.assignments = [a for a in saved.assignments if other(a.department)]
    kept.uncovered = [u for u in saved.uncovered if other(u.department)]
    if (Path(folder) / "weeks.csv").exists():
        kept.weeks = [r for r in read_weeks(folder).rows if other(r.department)]
    return kept
