"""What is taught and to whom: the maquette, its declared totals, activities, cohorts and groups.

Each table has its schema (``Table``) and a reader that turns its checked rows
into entities (``planner.data.entities``); a row naming a parcours is checked
against the cohorts. Errors name the file, row and column.
"""

from __future__ import annotations

from planner.data.entities import (
    ACTIVITIES,
    COMMON,
    GROUPINGS,
    KINDS,
    POOLED,
    SEMESTERS,
    Activity,
    Cohort,
    DeclaredTotal,
    Module,
)
from planner.data.iut import Scope, local, split
from planner.data.tables import Column, Record, Table
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


def _entity(rec: Record, column: str | None, build, *args):
    """``build(*args)``, an entity that checks itself; its ValueError becomes a located error."""
    try:
        return build(*args)
    except ValueError as exc:
        raise rec.error(str(exc), column) from None


def read_activities(records: list[Record]) -> dict[str, Activity]:
    """The activities of ``activities.csv`` rows by name; every maquette column needs one."""
    acts = {}
    for rec in records:
        acts[rec["activity"]] = _entity(
            rec, "hetd_factor", Activity, rec["activity"], rec["grouping"], rec["hetd_factor"]
        )
    missing = [a for a in ACTIVITIES if a not in acts]
    if missing:
        raise PlannerError(
            f"no row for activity {', '.join(missing)}",
            where=records[0].where,
            hint="Every maquette column needs a grouping and an HETD factor.",
        )
    return acts


def read_cohorts(records: list[Record], scoped: bool) -> dict[tuple[int, str], Cohort]:
    """The cohorts of ``cohorts.csv`` rows by (year, parcours), in year order."""
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
            rec, None, Cohort, year, parcours, rec["students"], rec["td_size"], rec["tp_size"], rec["opening"]
        )
    return dict(sorted(cohorts.items(), key=lambda kv: kv[0][0]))


def parcours_of(cohorts: dict[tuple[int, str], Cohort], year: int) -> list[str]:
    """The parcours of a year, in the order of cohorts.csv."""
    return [p for (y, p) in cohorts if y == year]


def _check_parcours(
    rec: Record, year: int, parcours: str, cohorts: dict[tuple[int, str], Cohort], scope: Scope
) -> None:
    department = split(parcours)[0] if scope.scoped else ""
    known = [p for p in parcours_of(cohorts, year) if not department or split(p)[0] == department]
    if parcours not in known:
        raise rec.error(
            f"unknown parcours {scope.shown(parcours)!r} for year {year}",
            "parcours",
            hint=f"cohorts.csv declares: {', '.join(map(scope.shown, known)) or 'none'}.",
        )


def read_modules(records: list[Record], cohorts: dict[tuple[int, str], Cohort], scope: Scope) -> list[Module]:
    """The modules of ``maquette.csv`` rows, in order; years, semesters and parcours checked."""
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
        _check_parcours(rec, year, rec["parcours"], cohorts, scope)
        hours = {a: rec[a] for a in ACTIVITIES if rec[a] is not None}
        modules.append(
            _entity(
                rec,
                "total",
                Module,
                year,
                rec["semester"],
                rec["parcours"],
                rec["code"],
                rec["name"],
                rec["kind"],
                hours,
                rec["total"],
                rec.values.get("department", scope.departments[0]),
            )
        )
    return modules


def read_totals(
    records: list[Record], cohorts: dict[tuple[int, str], Cohort], scope: Scope
) -> list[DeclaredTotal]:
    """The declared totals of ``maquette_totals.csv`` rows, each adding up to its total."""
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
        _check_parcours(rec, year, rec["parcours"], cohorts, scope)
        hours = {a: rec[a] for a in ACTIVITIES}
        if sum(h or 0 for h in hours.values()) != rec["total"]:
            raise rec.error(
                f"the declared hours add up to {sum(h or 0 for h in hours.values())}, not to the total "
                f"{rec['total']}",
                "total",
            )
        totals.append(DeclaredTotal(year, semester, rec["parcours"], hours, rec["total"]))
    return totals


def read_group_counts(
    records: list[Record], cohorts: dict[tuple[int, str], Cohort], scope: Scope
) -> dict[tuple[int, str, str], int]:
    """The fixed group counts of ``groups.csv`` rows by (year, parcours or POOLED, td/tp)."""
    counts = {}
    for rec in records:
        year, parcours = rec["year"], rec["parcours"]
        if scope.shown(parcours) != POOLED:
            _check_parcours(rec, year, parcours, cohorts, scope)
        counts[(year, parcours, rec["grouping"])] = rec["groups"]
    return counts
