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
from planner.errors import PlannerError, Problems
from planner.numbers import hours_text

HOURS = tuple(Column(a, "hours", blank=None) for a in ACTIVITIES)

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
        Column("total", "hours"),
        # the programme national's volume of the module and its TP part (optional: validate compares)
        Column("pn_hours", "hours", blank=None, required=False),
        Column("pn_tp", "hours", blank=None, required=False),
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
        Column("total", "hours"),
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


def read_activities(records: list[Record], problems: Problems | None = None) -> dict[str, Activity]:
    """The activities of ``activities.csv`` rows by name; every maquette column needs one.

    Every reader here records each bad row's problem in ``problems`` and goes
    on (without it, it raises them together at the end).
    """
    found = Problems.of(problems)
    acts = {}
    for rec in records:
        with found.each():
            acts[rec["activity"]] = _entity(
                rec, "hetd_factor", Activity, rec["activity"], rec["grouping"], rec["hetd_factor"]
            )
    missing = [a for a in ACTIVITIES if a not in acts and not any(r["activity"] == a for r in records)]
    if missing and records:
        found.add(
            PlannerError(
                f"no row for activity {', '.join(missing)}",
                where=records[0].where,
                hint="Every maquette column needs a grouping and an HETD factor.",
            )
        )
    found.close(problems)
    return acts


def read_cohorts(
    records: list[Record], scoped: bool, problems: Problems | None = None
) -> dict[tuple[int, str], Cohort]:
    """The cohorts of ``cohorts.csv`` rows by (year, parcours), in year order."""
    found = Problems.of(problems)
    cohorts = {}
    for rec in records:
        with found.each():
            cohorts[(rec["year"], rec["parcours"])] = _cohort(rec, scoped)
    found.close(problems)
    return dict(sorted(cohorts.items(), key=lambda kv: kv[0][0]))


def _cohort(rec: Record, scoped: bool) -> Cohort:
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
    return _entity(
        rec, None, Cohort, year, parcours, rec["students"], rec["td_size"], rec["tp_size"], rec["opening"]
    )


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


def read_modules(
    records: list[Record],
    cohorts: dict[tuple[int, str], Cohort],
    scope: Scope,
    problems: Problems | None = None,
) -> list[Module]:
    """The modules of ``maquette.csv`` rows, in order; years, semesters and parcours checked."""
    found = Problems.of(problems)
    modules = []
    for rec in records:
        with found.each():
            modules.append(_module(rec, cohorts, scope))
    found.close(problems)
    return modules


def _module(rec: Record, cohorts: dict[tuple[int, str], Cohort], scope: Scope) -> Module:
    year = rec["year"]
    if year not in SEMESTERS:
        raise rec.error(f"year {year} is not 1, 2 or 3", "year")
    if rec["semester"] not in SEMESTERS[year]:
        raise rec.error(
            f"semester {rec['semester']} is not in year {year} "
            f"(S{SEMESTERS[year][0]}, S{SEMESTERS[year][1]})",
            "semester",
        )
    _check_parcours(rec, year, rec["parcours"], cohorts, scope)
    hours = {a: rec[a] for a in ACTIVITIES if rec[a] is not None}
    pn_hours, pn_tp = rec.values.get("pn_hours"), rec.values.get("pn_tp")
    if pn_tp is not None and pn_hours is not None and pn_tp > pn_hours:
        raise rec.error(
            f"the programme national's TP ({hours_text(pn_tp)} h) exceed its volume "
            f"({hours_text(pn_hours)} h)",
            "pn_tp",
        )
    return _entity(
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
        pn_hours,
        pn_tp,
    )


def read_totals(
    records: list[Record],
    cohorts: dict[tuple[int, str], Cohort],
    scope: Scope,
    problems: Problems | None = None,
) -> list[DeclaredTotal]:
    """The declared totals of ``maquette_totals.csv`` rows, each adding up to its total."""
    found = Problems.of(problems)
    totals = []
    for rec in records:
        with found.each():
            totals.append(_total(rec, cohorts, scope))
    found.close(problems)
    return totals


def _total(rec: Record, cohorts: dict[tuple[int, str], Cohort], scope: Scope) -> DeclaredTotal:
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
    added = sum(h or 0 for h in hours.values())
    if added != rec["total"]:
        raise rec.error(
            f"the declared hours add up to {hours_text(added)}, not to the total {hours_text(rec['total'])}",
            "total",
        )
    return DeclaredTotal(year, semester, rec["parcours"], hours, rec["total"])


def read_group_counts(
    records: list[Record],
    cohorts: dict[tuple[int, str], Cohort],
    scope: Scope,
    problems: Problems | None = None,
) -> dict[tuple[int, str, str], int]:
    """The fixed group counts of ``groups.csv`` rows by (year, parcours or POOLED, td/tp)."""
    found = Problems.of(problems)
    counts = {}
    for rec in records:
        year, parcours = rec["year"], rec["parcours"]
        with found.each():
            if scope.shown(parcours) != POOLED:
                _check_parcours(rec, year, parcours, cohorts, scope)
            counts[(year, parcours, rec["grouping"])] = rec["groups"]
    found.close(problems)
    return counts
