"""A week layout on disk: weeks.csv, weeks_report.txt, weeks.png and plan.xlsx sheets.

``weeks.csv`` has one row per group, teacher and week with hours:
year, semester, parcours, group, module, activity, teacher (empty: uncovered
hours, or Projet), iso_week, hours. When the hours do not fit, it has only its
header and ``weeks_report.txt`` says why, so a folder never shows an old
layout next to a new assignment.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from planner.errors import PlannerError
from planner.stages import INTERRUPTED
from planner.store.atomic import csv_text
from planner.store.plan import other_years
from planner.store.scoped import DEPARTMENT, requalify
from planner.store.scoped import scoped as scoped_table
from planner.weeks.problem import WeekPlan
from planner.weeks.rows import WeekRow, plan_peaks, plan_rows

WEEK_COLUMNS = ["year", "semester", "parcours", "group", "module", "activity", "teacher", "iso_week", "hours"]
REPORT = "weeks_report.txt"
DOES_NOT_FIT = "does not fit"


def report_text(plan: WeekPlan) -> str:
    """The layout's headline figures, or why there is none, as plain text."""
    status = plan.status + (
        " (stopped by Ctrl-C: the best layout found, not proven)" if plan.status == INTERRUPTED else ""
    )
    lines = [f"week layout: {status}", f"time: {plan.seconds:.1f} s"]
    if plan.fits:
        top = plan_peaks(plan)
        peak, where = top["student"]
        lines.append(f"peak weekly load of a student: {peak} h ({where})")
        peak, where = top["teacher"]
        lines.append(f"peak weekly load of a teacher: {peak} h ({where})")
        if plan.measures:
            m = plan.measures
            lines.append(
                f"student spread (fullest minus emptiest week, summed over cohorts and semesters): "
                f"{m.get('student spread', 0)} h; module runs: {m.get('module runs', 0)} for "
                f"{m.get('modules', 0)} modules (1 run = taught in consecutive teaching weeks)"
            )
    for s in plan.stages:
        proven = "proven" if s.proven else f"gap {s.gap:.1%}, not proven"
        lines.append(
            f"solver stage {s.name}: {s.value:g} (bound {s.bound:g}, {proven}, {s.status}, {s.engine}, "
            f"{s.seconds:.1f} s)"
        )
    if plan.stages:
        proven = [s.name for s in plan.stages if s.proven]
        lines.append(f"proven stages: {', '.join(proven) if proven else 'none'}")
    if not plan.fits:
        lines.append(f"{DOES_NOT_FIT}:")
        lines += [f"- {m.message}" for m in plan.misfits]
    return "\n".join(lines) + "\n"


def week_table(rows: list[WeekRow], scoped: bool = False) -> tuple[list[str], list[list]]:
    """The rows of weeks.csv; an IUT's with a department column."""
    table = [r.values() for r in rows]
    return scoped_table(WEEK_COLUMNS, table) if scoped else (WEEK_COLUMNS, table)


def write_weeks(folder: Path, plan: WeekPlan, scoped: bool = False, kept: list[WeekRow] = ()) -> list[str]:
    """Write weeks.csv and weeks_report.txt into a (staging) folder.

    Parameters
    ----------
    folder
        The folder being written.
    plan
        The week layout; when it does not fit, weeks.csv has its header only and
        the report says why.
    scoped
        An IUT's plan: weeks.csv gets a department column.
    kept
        The saved weeks of departments not planned this time (an IUT), kept as they are.

    Returns
    -------
    list of str
        The file names written.
    """
    rows = (plan_rows(plan) if plan.fits else []) + list(kept)
    (folder / "weeks.csv").write_text(csv_text(*week_table(rows, scoped)), encoding="utf-8")
    text = report_text(plan)
    if kept:
        departments = ", ".join(sorted({r.department for r in kept}))
        text += f"weeks of {departments} kept from the saved plan\n"
    (folder / REPORT).write_text(text, encoding="utf-8")
    return ["weeks.csv", REPORT]


@dataclass
class SavedWeeks:
    """A week layout read back: the rows of weeks.csv and the text of weeks_report.txt."""

    rows: list[WeekRow]
    report: str
    folder: Path

    @property
    def fits(self) -> bool:
        return not any(line.startswith(DOES_NOT_FIT) for line in self.report.splitlines())

    def misfits(self) -> list[str]:
        lines = self.report.splitlines()
        if self.fits:
            return []
        start = next(i for i, line in enumerate(lines) if line.startswith(DOES_NOT_FIT))
        return [line[2:] for line in lines[start + 1 :] if line.startswith("- ")]


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
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in WEEK_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise PlannerError(f"missing column {missing[0]!r}", where=str(path), row=1)
    rows = []
    for n, r in enumerate(reader, start=2):
        if r.get(DEPARTMENT):
            requalify(r)
        try:
            year, semester, hours = int(r["year"]), int(r["semester"]), int(r["hours"])
        except ValueError:
            raise PlannerError(
                "year, semester and hours must be whole numbers", where=str(path), row=n
            ) from None
        rows.append(
            WeekRow(
                year,
                semester,
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
    report_path = folder / REPORT
    report = report_path.read_text(encoding="utf-8") if report_path.exists() else ""
    return SavedWeeks(rows, report, folder)


def background_load(root: Path, years: list[int]) -> tuple[dict[str, dict[str, int]], list[str]]:
    """Teachers' weekly hours in the saved week layouts of the other years under ``root``."""
    load: dict[str, dict[str, int]] = {}
    used = []
    for year, folder in other_years(root, years, "weeks.csv"):
        saved = read_weeks(folder)
        for r in saved.rows:
            if r.teacher is not None and r.year == year:
                per_week = load.setdefault(r.teacher, {})
                per_week[r.iso_week] = per_week.get(r.iso_week, 0) + r.hours
        used.append(str(folder))
    return load, used
