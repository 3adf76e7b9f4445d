"""The department's input tables read into one checked ``Inputs``.

``TABLES`` lists every table in reading order; ``load_inputs`` reads them
from a folder of CSV files or one xlsx workbook, hands each table's rows to
its reader with what the tables read before give (the cohorts for the
maquette, the statuses for the teachers…) and builds ``Inputs`` once from what
the readers return. Each schema sits beside its reader: ``teaching``
(maquette, totals, activities, cohorts, groups), ``staff``, ``calendar`` and
``periods``, ``settings``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from planner.data.calendar import CALENDAR_TABLE, Calendar, Period, Unavailability, read_calendar
from planner.data.entities import (
    Activity,
    Cohort,
    Cotaught,
    DeclaredTotal,
    Lock,
    Module,
    Qualification,
    Reh,
    Status,
    Teacher,
)
from planner.data.iut import Scope, department_records, local, split
from planner.data.periods import PERIODS_TABLE, UNAVAILABILITY_TABLE, read_periods, read_unavailability
from planner.data.settings import SETTINGS_TABLE, Settings, department_settings, parse_settings
from planner.data.staff import (
    COTAUGHT,
    LOCKS,
    QUALIFICATIONS,
    REH,
    STATUSES,
    TEACHERS,
    read_cotaught,
    read_locks,
    read_qualifications,
    read_reh,
    read_statuses,
    read_teachers,
)
from planner.data.tables import Record, Source, table_rows
from planner.data.teaching import (
    ACTIVITIES_TABLE,
    COHORTS,
    GROUPS,
    MAQUETTE,
    MAQUETTE_TOTALS,
    parcours_of,
    read_activities,
    read_cohorts,
    read_group_counts,
    read_modules,
    read_totals,
)
from planner.errors import PlannerError, Problems

TABLES = (
    MAQUETTE,
    MAQUETTE_TOTALS,
    ACTIVITIES_TABLE,
    COHORTS,
    GROUPS,
    SETTINGS_TABLE,
    STATUSES,
    TEACHERS,
    QUALIFICATIONS,
    LOCKS,
    COTAUGHT,
    REH,
    CALENDAR_TABLE,
    PERIODS_TABLE,
    UNAVAILABILITY_TABLE,
)
# tables of one department (the others are IUT-wide): see planner.data.iut
DEPARTMENT_TABLES = ("maquette", "maquette_totals", "cohorts", "groups", "locks", "cotaught", "periods")


@dataclass
class Inputs:
    """Everything the planner knows about the department, checked.

    Built by ``load_inputs``; a scenario (``scenarios.apply``) makes a changed
    copy with ``dataclasses.replace``, never touching the base one. Keys:
    ``cohorts`` by (year, parcours), ``group_counts`` by (year, parcours or
    POOLED, td/tp), ``statuses`` by status name.
    """

    source: str
    modules: list[Module]
    totals: list[DeclaredTotal]
    activities: dict[str, Activity]
    cohorts: dict[tuple[int, str], Cohort]
    group_counts: dict[tuple[int, str, str], int]
    settings: Settings
    statuses: dict[str, Status]
    teachers: list[Teacher]
    qualifications: list[Qualification]
    locks: list[Lock]
    cotaught: list[Cotaught]
    records: dict[str, list[Record]] = field(default_factory=dict, repr=False)
    calendar: Calendar | None = None  # None: no calendar.csv, no week layout
    periods: list[Period] = field(default_factory=list)  # stage and alternance
    unavailability: list[Unavailability] = field(default_factory=list)
    reh: list[Reh] = field(default_factory=list)  # service beyond teaching (reh.csv), in HETD
    departments: tuple[str, ...] = ("QLIO",)  # in name order
    scoped: bool = False  # an IUT: names of department tables are qualified (planner.data.iut)
    department_settings: dict[str, dict] = field(default_factory=dict)  # GEA/session_hours, by department

    def session_hours(self, department: str):
        """The length of one session in a department: its own setting, else ``session_hours``."""
        return self.department_settings.get(department, {}).get("session_hours", self.settings.session_hours)

    def parcours_of(self, year: int) -> list[str]:
        """The parcours of a year, in the order of cohorts.csv."""
        return parcours_of(self.cohorts, year)

    @property
    def years(self) -> list[int]:
        return sorted({m.year for m in self.modules})

    @property
    def scope(self) -> Scope:
        """The departments and whether names are qualified, as the readers take them."""
        return Scope(self.departments, self.scoped)

    @property
    def wall_limit(self) -> float:
        """Wall seconds for one solve: the ``wall_limit`` setting, per department in an IUT."""
        return float(self.settings.wall_limit) * (len(self.departments) if self.scoped else 1)

    def reh_hetd(self, teacher_id: str) -> Fraction:
        """HETD of a teacher's REH items: service done beyond teaching (reh.csv)."""
        return sum((r.hetd for r in self.reh if r.teacher == teacher_id), Fraction(0))

    def teacher(self, teacher_id: str) -> Teacher:
        return next(t for t in self.teachers if t.id == teacher_id)

    def shown(self, name: str) -> str:
        """A name as its table writes it (without the department of an IUT's qualified names)."""
        return local(name) if self.scoped else name


def load_inputs(path: str | Path, later: list[PlannerError] | None = None) -> Inputs:
    """Read and check every table of a folder of CSV files or one xlsx workbook.

    Parameters
    ----------
    path
        A folder of ``<table>.csv`` files, or an ``.xlsx`` workbook with one sheet
        per table (as ``planner template`` writes it).
    later
        Where the problems that leave the tables readable go instead of being
        raised (two qualification rows that mean the same: the second left
        out), so that ``planner validate`` says them beside its own checks.

    Returns
    -------
    Inputs
        The checked tables: maquette, cohorts, staff, settings and, when the
        inputs have a ``calendar.csv``, the calendar, periods and unavailability.

    Raises
    ------
    PlannerError
        Naming the file, row and column of every problem found: every bad cell
        and row of every table, then (when the tables read) every row that does
        not agree with the others (a ``PlannerErrors`` when there are several).
    """
    source = Source(path)
    problems = Problems()
    records = {t.name: table_rows(source, t, problems) for t in TABLES if t.name not in DEPARTMENT_TABLES}
    settings = parse_settings(records["settings"], problems)
    departments, scoped, department_tables = department_records(
        source, tuple(t for t in TABLES if t.name in DEPARTMENT_TABLES), settings.department, problems
    )
    records.update(department_tables)
    problems.raise_any()  # the rows below refer to each other: only well-formed tables go on
    if scoped:
        _no_department_setting(records["settings"])
    per_department = department_settings(records["settings"], departments, problems)
    scope = Scope(departments, scoped)
    activities = read_activities(records["activities"], problems)
    cohorts = read_cohorts(records["cohorts"], scoped, problems)
    statuses = read_statuses(records["statuses"])
    modules = read_modules(records["maquette"], cohorts, scope, problems)
    totals = read_totals(records["maquette_totals"], cohorts, scope, problems)
    group_counts = read_group_counts(records["groups"], cohorts, scope, problems)
    codes = sorted({r["code"] for r in records["maquette"]})  # every row's: one with a problem too
    ids = [r["id"] for r in records["teachers"]]
    teachers = read_teachers(records["teachers"], statuses, codes, scope, problems)
    qualifications = read_qualifications(
        records["qualifications"], teachers, codes, scope, problems, ids, later
    )
    locks = read_locks(records["locks"], teachers, modules, scope, problems, ids)
    cotaught = read_cotaught(records["cotaught"], codes, scope, problems)
    reh = read_reh(records["reh"], ids, problems)
    calendar, periods, unavailability = None, [], []
    with problems.each():
        calendar = read_calendar(records["calendar"])
        known = set(ids)
        periods = read_periods(records["periods"], calendar, lambda y: parcours_of(cohorts, y), problems)
        unavailability = read_unavailability(records["unavailability"], calendar, known, problems)
    problems.raise_any()
    return Inputs(
        source=str(path),
        modules=modules,
        totals=totals,
        activities=activities,
        cohorts=cohorts,
        group_counts=group_counts,
        settings=settings,
        statuses=statuses,
        teachers=teachers,
        qualifications=qualifications,
        locks=locks,
        cotaught=cotaught,
        records=records,
        calendar=calendar,
        periods=periods,
        unavailability=unavailability,
        reh=reh,
        departments=departments,
        scoped=scoped,
        department_settings=per_department,
    )


def _no_department_setting(records: list[Record]) -> None:
    for rec in records:
        if rec["key"] == "department":
            raise rec.error(
                "an IUT names its departments by their folders (departments/<CODE>/), not by this setting",
                "key",
                hint="Remove this row.",
            )


def restrict(inputs: Inputs, departments: list[str]) -> Inputs:
    """The inputs with only these departments' tables (teachers and IUT tables unchanged)."""
    if set(departments) == set(inputs.departments):
        return inputs
    unknown = [d for d in departments if d not in inputs.departments]
    if unknown:
        raise PlannerError(
            f"unknown department {unknown[0]!r}",
            where=inputs.source,
            hint=f"Departments of these inputs: {', '.join(inputs.departments)}.",
        )
    keep = set(departments)

    def mine(name: str) -> bool:
        return split(name)[0] in keep

    return dataclasses.replace(
        inputs,
        modules=[m for m in inputs.modules if m.department in keep],
        totals=[t for t in inputs.totals if mine(t.parcours)],
        cohorts={k: c for k, c in inputs.cohorts.items() if mine(k[1])},
        group_counts={k: n for k, n in inputs.group_counts.items() if mine(k[1])},
        locks=[lk for lk in inputs.locks if mine(lk.code)],
        cotaught=[c for c in inputs.cotaught if mine(c.pattern)],
        periods=[p for p in inputs.periods if mine(p.parcours)],
        departments=tuple(d for d in inputs.departments if d in keep),
    )
