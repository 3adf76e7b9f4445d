"""The department's input tables: their schemas, loading, and cross-checks."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from fractions import Fraction
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
    ANY,
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
from planner.data.settings import Settings, parse_settings
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
STATUSES = Table(
    "statuses",
    (
        Column("status"),
        Column("label", blank="", required=False),
        Column("service_du", "number"),
        Column("max_hc", "number"),
        Column("cm_factor", "number", blank=Fraction(3, 2)),
        Column("td_factor", "number", blank=Fraction(1)),
        Column("tp_factor", "number", blank=Fraction(1)),
        Column("hc_rate", "number"),
        Column("permanent", "bool"),
        Column("max_weekly_hours", "number", blank=None),
        Column("source", blank="", required=False),
    ),
    key=("status",),
)
TEACHERS = Table(
    "teachers",
    (
        Column("id"),
        Column("name"),
        Column("status"),
        Column("field", blank="", required=False),
        Column("reductions", "number", blank=Fraction(0)),
        Column("other_hetd", "number", blank=Fraction(0)),
        Column("max_hetd", "number", blank=None),
        Column("max_hc", "number", blank=None),
        Column("wishes", blank="", required=False),
    ),
    key=("id",),
)
QUALIFICATIONS = Table(
    "qualifications",
    (
        Column("teacher"),
        Column("pattern"),
        Column("activities", blank=ANY),
        Column("weight", "int", blank=0),
    ),
    key=("teacher", "pattern", "activities"),
)
LOCKS = Table(
    "locks",
    (
        Column("teacher"),
        Column("code"),
        Column("activity", choices=ACTIVITIES),
        Column("parcours", blank=ANY),
        Column("groups", "number", minimum=Fraction(0)),
    ),
    key=("teacher", "code", "activity", "parcours"),
    optional=True,
    allow_empty=True,
)
COTAUGHT = Table(
    "cotaught",
    (
        Column("pattern"),
        Column("activities", blank=ANY),
        Column("step", "int", minimum=1),
    ),
    key=("pattern", "activities"),
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


@dataclass
class Inputs:
    """Everything the planner knows about the department, checked."""

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

    def parcours_of(self, year: int) -> list[str]:
        """The parcours of a year, in the order of cohorts.csv."""
        return [p for (y, p) in self.cohorts if y == year]

    @property
    def years(self) -> list[int]:
        return sorted({m.year for m in self.modules})

    def teacher(self, teacher_id: str) -> Teacher:
        return next(t for t in self.teachers if t.id == teacher_id)


def load_inputs(path: str | Path) -> Inputs:
    """Read and check every table of a folder of CSV files or an xlsx workbook."""
    source = Source(path)
    records = {t.name: load_table(source, t) for t in TABLES}
    inputs = Inputs(
        source=str(path),
        activities=_activities(records["activities"]),
        cohorts=_cohorts(records["cohorts"]),
        modules=[],
        totals=[],
        group_counts={},
        settings=parse_settings(records["settings"]),
        statuses=_statuses(records["statuses"]),
        teachers=[],
        qualifications=[],
        locks=[],
        cotaught=[],
        records=records,
    )
    inputs.modules = _modules(records["maquette"], inputs)
    inputs.totals = _totals(records["maquette_totals"], inputs)
    inputs.group_counts = _group_counts(records["groups"], inputs)
    inputs.teachers = _teachers(records["teachers"], inputs)
    inputs.qualifications = _qualifications(records["qualifications"], inputs)
    inputs.locks = _locks(records["locks"], inputs)
    inputs.cotaught = _cotaught(records["cotaught"], inputs)
    inputs.calendar = read_calendar(records["calendar"])
    inputs.periods = read_periods(records["periods"], inputs.calendar, inputs.parcours_of)
    inputs.unavailability = read_unavailability(
        records["unavailability"], inputs.calendar, {t.id for t in inputs.teachers}
    )
    return inputs


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


def _cohorts(records: list[Record]) -> dict[tuple[int, str], Cohort]:
    cohorts = {}
    for rec in records:
        year, parcours = rec["year"], rec["parcours"]
        if year not in SEMESTERS:
            raise rec.error(f"year {year} is not 1, 2 or 3", "year")
        if year == 1 and parcours != COMMON:
            raise rec.error(
                f"year 1 is common to all students: parcours must be {COMMON!r}, not {parcours!r}",
                "parcours",
            )
        if year > 1 and parcours == COMMON:
            raise rec.error(f"year {year} is taught per parcours; name the parcours", "parcours")
        cohorts[(year, parcours)] = _entity(
            rec,
            lambda: Cohort(year, parcours, rec["students"], rec["td_size"], rec["tp_size"], rec["opening"]),
        )
    return dict(sorted(cohorts.items(), key=lambda kv: kv[0][0]))


def _check_parcours(rec: Record, year: int, parcours: str, inputs: Inputs) -> None:
    known = inputs.parcours_of(year)
    if parcours not in known:
        raise rec.error(
            f"unknown parcours {parcours!r} for year {year}",
            "parcours",
            hint=f"cohorts.csv declares: {', '.join(known) or 'none'}.",
        )


def _modules(records: list[Record], inputs: Inputs) -> list[Module]:
    modules = []
    for rec in records:
        year = rec["year"]
        if year not in SEMESTERS:
            raise rec.error(f"year {year} is not 1, 2 or 3", "year")
        if rec["semester"] not in SEMESTERS[year]:
            raise rec.error(
                f"semester {rec['semester']} is not in year {year} (S{SEMESTERS[year][0]}, S{SEMESTERS[year][1]})",
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
                f"the declared hours add up to {sum(h or 0 for h in hours.values())}, not to the total {rec['total']}",
                "total",
            )
        totals.append(DeclaredTotal(year, semester, rec["parcours"], hours, rec["total"]))
    return totals


def _group_counts(records: list[Record], inputs: Inputs) -> dict[tuple[int, str, str], int]:
    counts = {}
    for rec in records:
        year, parcours = rec["year"], rec["parcours"]
        if parcours != POOLED:
            _check_parcours(rec, year, parcours, inputs)
        counts[(year, parcours, rec["grouping"])] = rec["groups"]
    return counts


def _statuses(records: list[Record]) -> dict[str, Status]:
    statuses = {}
    for rec in records:
        statuses[rec["status"]] = Status(
            status=rec["status"],
            label=rec["label"] or rec["status"],
            service_du=rec["service_du"],
            max_hc=rec["max_hc"],
            factors={"CM": rec["cm_factor"], "TD": rec["td_factor"], "TP": rec["tp_factor"]},
            hc_rate=rec["hc_rate"],
            permanent=rec["permanent"],
            max_weekly_hours=rec["max_weekly_hours"],
        )
    return statuses


def _teachers(records: list[Record], inputs: Inputs) -> list[Teacher]:
    teachers = []
    codes = {m.code for m in inputs.modules}
    for rec in records:
        if rec["status"] not in inputs.statuses:
            raise rec.error(
                f"unknown status {rec['status']!r}",
                "status",
                hint=f"statuses.csv declares: {', '.join(inputs.statuses)}.",
            )
        wishes = tuple(w.strip() for w in rec["wishes"].split(";") if w.strip())
        for wish in wishes:
            if not any(fnmatch.fnmatchcase(c, wish) for c in codes):
                raise rec.error(f"wish {wish!r} matches no module code of the maquette", "wishes")
        teachers.append(
            Teacher(
                id=rec["id"],
                name=rec["name"],
                status=rec["status"],
                field=rec["field"],
                reductions=rec["reductions"],
                other_hetd=rec["other_hetd"],
                max_hetd=rec["max_hetd"],
                max_hc=rec["max_hc"],
                wishes=wishes,
            )
        )
    return teachers


def _activity_list(rec: Record, column: str = "activities") -> tuple[str, ...]:
    text = rec[column].strip()
    if text in ("", ANY):
        return ()
    acts = tuple(text.replace(",", " ").split())
    for a in acts:
        if a not in ACTIVITIES:
            raise rec.error(f"unknown activity {a!r}", column, hint=f"Use {', '.join(ACTIVITIES)} or *.")
    return acts


def _check_teacher(rec: Record, inputs: Inputs) -> None:
    if not any(t.id == rec["teacher"] for t in inputs.teachers):
        import difflib

        close = difflib.get_close_matches(rec["teacher"], [t.id for t in inputs.teachers], 3)
        raise rec.error(
            f"unknown teacher {rec['teacher']!r}",
            "teacher",
            hint=f"Did you mean {', '.join(close)}?" if close else "teachers.csv has no such id.",
        )


def _qualifications(records: list[Record], inputs: Inputs) -> list[Qualification]:
    quals = []
    codes = sorted({m.code for m in inputs.modules})
    for rec in records:
        _check_teacher(rec, inputs)
        if not any(fnmatch.fnmatchcase(c, rec["pattern"]) for c in codes):
            raise rec.error(f"pattern {rec['pattern']!r} matches no module code", "pattern")
        quals.append(Qualification(rec["teacher"], rec["pattern"], _activity_list(rec), rec["weight"]))
    return quals


def _locks(records: list[Record], inputs: Inputs) -> list[Lock]:
    locks = []
    for rec in records:
        _check_teacher(rec, inputs)
        rows = [m for m in inputs.modules if m.code == rec["code"]]
        if not rows:
            raise rec.error(f"unknown module code {rec['code']!r}", "code")
        if not any(m.hours.get(rec["activity"]) for m in rows):
            raise rec.error(f"{rec['code']} has no {rec['activity']} hours", "activity")
        if rec["parcours"] != ANY and not any(m.parcours == rec["parcours"] for m in rows):
            raise rec.error(f"{rec['code']} is not taught in parcours {rec['parcours']!r}", "parcours")
        locks.append(
            Lock(
                rec["teacher"],
                rec["code"],
                rec["activity"],
                rec["parcours"],
                rec["groups"],
                (rec.where, rec.row),
            )
        )
    return locks


def _cotaught(records: list[Record], inputs: Inputs) -> list[Cotaught]:
    codes = sorted({m.code for m in inputs.modules})
    result = []
    for rec in records:
        if not any(fnmatch.fnmatchcase(c, rec["pattern"]) for c in codes):
            raise rec.error(f"pattern {rec['pattern']!r} matches no module code", "pattern")
        result.append(Cotaught(rec["pattern"], _activity_list(rec), rec["step"]))
    return result
