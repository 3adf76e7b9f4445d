"""The rows of a plan folder's files, typed: what is written and what is read back.

One frozen dataclass per CSV file, its fields the file's columns
(assignments.csv, services.csv, uncovered.csv; weeks.csv's rows are
``weeks.rows.WeekRow``), and the whole of a plan folder read back
(``SavedPlan``, ``SavedWeeks``): the reports take these, whether they come
from disk or from a plan just solved (``pipeline.Plan.saved``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from fractions import Fraction
from pathlib import Path

from planner.store.scoped import DEPARTMENT
from planner.weeks.rows import WeekRow

WEEK_COLUMNS = ["year", "semester", "parcours", "group", "module", "activity", "teacher", "iso_week", "hours"]
REPORT = "weeks_report.txt"
DOES_NOT_FIT = "does not fit"


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
