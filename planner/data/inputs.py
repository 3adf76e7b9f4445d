"""The department's input tables read into one checked ``Inputs``.

``TABLES`` lists every table in reading order; ``load_inputs`` reads them
from a folder of CSV files or one xlsx workbook and cross-checks them. The
maquette, activity, cohort, group and settings tables are defined here, the
staff tables in ``staff`` and the week tables in ``calendar``: each schema
sits beside its reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from planner.data.calendar import (
    CALENDAR_TABLE,
    PERIODS_TABLE,
    UNAVAILABILITY_TABLE,
    Calendar,
    Period,
    Unavailability,
    read_calendar,
    read_periods,
    read_unavailability,
)
from planner.data.entities import (
    ACTIVITIES,
    COMMON,
    GROUPINGS,
    KINDS,
    POOLED,
    SEMESTERS,
    Activity,
    Cohort,
    Cotaught,
    DeclaredTotal,
    Lock,
    Module,
    Qualification,
    Status,
    Teacher,
)
from planner.data.iut import department_records, local, split
from planner.data.settings import Settings, parse_settings
from planner.data.staff import (
    COTAUGHT,
    LOCKS,
    QUALIFICATIONS,
    STATUSES,
    TEACHERS,
    read_cotaught,
    read_locks,
    read_qualifications,
    read_statuses,
    read_teachers,
)
from planner.data.tables import Column, Record, Source, Table, load_table
from planner.errors import PlannerError

HOURS = tuple(Column(a, "int", blank=None) for a in ACTIVITIES)

MAQUETTE = Table(
    "maquette",
    (
        Column("year", "int", choices=()),
        Column("semester", "int"),
        Column("parcours"),
        Column("code"),
        Column("name"),
        Column("kind", choices=KINDS),
        *HOURS,
        Column("total", "int"),
    ),
    key=("year", "semester", "parcours", "code"),
)
MAQUETTE_TOTALS = Table(
    "maquette_totals",
    (
        Column("year", "int"),
        Column("semester"),
        Column("parcours"),
        *HOURS,
        Column("total", "int"),
    ),
    key=("year", "semester", "parcours"),
)
ACTIVITIES_TABLE = Table(
    "activities",
    (
        Column("activity", choices=ACTIVITIES),
        Column("grouping", choices=GROUPINGS),
        Column("hetd_factor", "number"),
        Column("description", blank="", required=False),
    ),
    key=("activity",),
)
COHORTS = Table(
    "cohorts",
    (
        Column("year", "int"),
        Column("parcours"),
        Column("students", "int"),
        Column("td_size", "int", minimum=1),
        Column("tp_size", "int", minimum=1),
        Column("opening", "int", blank=0),
    ),
    key=("year", "parcours"),
)
GROUPS = Table(
    "groups",
    (
        Column("year", "int"),
        Column("parcours"),
        Column("grouping", choices=("td", "tp")),
        Column("groups", "int"),
    ),
    key=("year", "parcours", "grouping"),
    optional=True,
    allow_empty=True,
)
SETTINGS_TABLE = Table(
    "settings",
    (Column("key"), Column("value", blank=""), Column("description", blank="", required=False)),
    key=("key",),
    optional=True,
    allow_empty=True,
)
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
    departments: tuple[str, ...] = ("QLIO",)  # in name order
    scoped: bool = False  # an IUT: names of department tables are qualified (planner.data.iut)

    def parcours_of(self, year: int) -> list[str]:
        """The parcours of a year, in the order of cohorts.csv."""
        return [p for (y, p) in self.cohorts if y == year]

    @property
    def years(self) -> list[int]:
        return sorted({m.year for m in self.modules})

    @property
    def wall_limit(self) -> float:
        """Wall seconds for one solve: the ``wall_limit`` setting, per department in an IUT."""
        return float(self.settings.wall_limit) * (len(self.departments) if self.scoped else 1)

    def teacher(self, teacher_id: str) -> Teacher:
        return next(t for t in self.teachers if t.id == teacher_id)

    def shown(self, name: str) -> str:
        """A name as its table writes it (without the department of an IUT's qualified names)."""
        return local(name) if self.scoped else name


def load_inputs(path: str | Path) -> Inputs:
    """Read and check every table of a folder of CSV files or one xlsx workbook.

    Parameters
    ----------
    path
        A folder of ``<table>.csv`` files, or an ``.xlsx`` workbook with one sheet
        per table (as ``planner template`` writes it).

    Returns
    -------
    Inputs
        The checked tables: maquette, cohorts, staff, settings and, when the
        inputs have a ``calendar.csv``, the calendar, periods and unavailability.

    Raises
    ------
    PlannerError
        For the first problem found, naming the file, row and column.
    """
    source = Source(path)
    records = {t.name: load_table(source, t) for t in TABLES if t.name not in DEPARTMENT_TABLES}
    settings = parse_settings(records["settings"])
    departments, scoped, department_tables = department_records(
        source, tuple(t for t in TABLES if t.name in DEPARTMENT_TABLES), settings.department
    )
    records.update(department_tables)
    if scoped:
        _no_department_setting(records["settings"])
    inputs = Inputs(
        source=str(path),
        activities=_activities(records["activities"]),
        cohorts=_cohorts(records["cohorts"], scoped),
        modules=[],
        totals=[],
        group_counts={},
        settings=settings,
        statuses=read_statuses(records["statuses"]),
        teachers=[],
        qualifications=[],
        locks=[],
        cotaught=[],
        records=records,
        departments=departments,
        scoped=scoped,
    )
    inputs.modules = _modules(records["maquette"], inputs)
    inputs.totals = _totals(records["maquette_totals"], inputs)
    inputs.group_counts = _group_counts(records["groups"], inputs)
    inputs.teachers = read_teachers(records["teachers"], inputs)
    inputs.qualifications = read_qualifications(records["qualifications"], inputs)
    inputs.locks = read_locks(records["locks"], inputs)
    inputs.cotaught = read_cotaught(records["cotaught"], inputs)
    inputs.calendar = read_calendar(records["calendar"])
    inputs.periods = read_periods(records["periods"], inputs.calendar, inputs.parcours_of)
    inputs.unavailability = read_unavailability(
        records["unavailability"], inputs.calendar, {t.id for t in inputs.teachers}
    )
    return inputs


def _no_department_setting(records: list[Record]) -> None:
    for rec in records:
        if rec["key"] == "department":
            raise rec.error(
                "an IUT names its departments by their folders (departments/<CODE>/), not by this setting",
                "key",
                hint="Remove this row.",
            )


def _entity(rec: Record, build, column: str | None = None):
    """Build an entity; turn its own ValueError into a located error."""
    try:
        return build()
    except ValueError as exc:
        raise rec.error(str(exc), column) from None


def _activities(records: list[Record]) -> dict[str, Activity]:
    acts = {}
    for rec in records:
        acts[rec["activity"]] = _entity(
            rec,
            lambda: Activity(rec["activity"], rec["grouping"], rec["hetd_factor"]),
            "hetd_factor",
        )
    missing = [a for a in ACTIVITIES if a not in acts]
    if missing:
        raise PlannerError(
            f"no row for activity {', '.join(missing)}",
            where=records[0].where,
            hint="Every maquette column needs a grouping and an HETD factor.",
        )
    return acts


def _cohorts(records: list[Record], scoped: bool) -> dict[tuple[int, str], Cohort]:
    cohorts = {}
    for rec in records:
        year, parcours = rec["year"], rec["parcours"]
        written = local(parcours) if scoped else parcours
        if year not in SEMESTERS:
            raise rec.error(f"year {year} is not 1, 2 or 3", "year")
        if year == 1 and written != COMMON:
            raise rec.error(
                f"year 1 is common to all students: parcours must be {COMMON!r}, not {written!r}",
                "parcours",
            )
        if year > 1 and written == COMMON:
            raise rec.error(f"year {year} is taught per parcours; name the parcours", "parcours")
        cohorts[(year, parcours)] = _entity(
            rec,
            lambda: Cohort(year, parcours, rec["students"], rec["td_size"], rec["tp_size"], rec["opening"]),
        )
    return dict(sorted(cohorts.items(), key=lambda kv: kv[0][0]))


def _check_parcours(rec: Record, year: int, parcours: str, inputs: Inputs) -> None:
    department = split(parcours)[0] if inputs.scoped else ""
    known = [p for p in inputs.parcours_of(year) if not department or split(p)[0] == department]
    if parcours not in known:
        raise rec.error(
            f"unknown parcours {inputs.shown(parcours)!r} for year {year}",
            "parcours",
            hint=f"cohorts.csv declares: {', '.join(map(inputs.shown, known)) or 'none'}.",
        )


def _modules(records: list[Record], inputs: Inputs) -> list[Module]:
    modules = []
    for rec in records:
        year = rec["year"]
        if year not in SEMESTERS:
            raise rec.error(f"year {year} is not 1, 2 or 3", "year")
        if rec["semester"] not in SEMESTERS[year]:
            raise rec.error(
                f"semester {rec['semester']} is not in year {year} (S{SEMESTERS[year][0]}, "
                f"S{SEMESTERS[year][1]})",
                "semester",
            )
        _check_parcours(rec, year, rec["parcours"], inputs)
        hours = {a: rec[a] for a in ACTIVITIES if rec[a] is not None}
        modules.append(
            _entity(
                rec,
                lambda: Module(
                    year,
                    rec["semester"],
                    rec["parcours"],
                    rec["code"],
                    rec["name"],
                    rec["kind"],
                    hours,
                    rec["total"],
                    rec.values.get("department", inputs.departments[0]),
                ),
                "total",
            )
        )
    return modules


def _totals(records: list[Record], inputs: Inputs) -> list[DeclaredTotal]:
    totals = []
    for rec in records:
        year, text = rec["year"], rec["semester"]
        if year not in SEMESTERS:
            raise rec.error(f"year {year} is not 1, 2 or 3", "year")
        if text == "annual":
            semester = None
        elif text.isdigit() and int(text) in SEMESTERS[year]:
            semester = int(text)
        else:
            raise rec.error(f"{text!r} is not a semester of year {year} nor 'annual'", "semester")
        _check_parcours(rec, year, rec["parcours"], inputs)
        hours = {a: rec[a] for a in ACTIVITIES}
        if sum(h or 0 for h in hours.values()) != rec["total"]:
            raise rec.error(
                f"the declared hours add up to {sum(h or 0 for h in hours.values())}, not to the total "
                f"{rec['total']}",
                "total",
            )
        totals.append(DeclaredTotal(year, semester, rec["parcours"], hours, rec["total"]))
    return totals


def _group_counts(records: list[Record], inputs: Inputs) -> dict[tuple[int, str, str], int]:
    counts = {}
    for rec in records:
        year, parcours = rec["year"], rec["parcours"]
        if inputs.shown(parcours) != POOLED:
            _check_parcours(rec, year, parcours, inputs)
        counts[(year, parcours, rec["grouping"])] = rec["groups"]
    return counts
