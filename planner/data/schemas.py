"""The schemas of the input tables: columns, types, keys (read by ``tables.load_table``)."""

from __future__ import annotations

from fractions import Fraction

from planner.data.calendar import CALENDAR_TABLE, PERIODS_TABLE, UNAVAILABILITY_TABLE
from planner.data.entities import ACTIVITIES, GROUPINGS, KINDS
from planner.data.tables import Column, Table

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
        Column("department", blank="", required=False),  # home department (an IUT)
    ),
    key=("id",),
)
QUALIFICATIONS = Table(
    "qualifications",
    (
        Column("teacher"),
        Column("pattern"),
        Column("activities", blank="*"),
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
        Column("parcours", blank="*"),
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
        Column("activities", blank="*"),
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
# tables of one department (the others are IUT-wide): see planner.data.iut
DEPARTMENT_TABLES = ("maquette", "maquette_totals", "cohorts", "groups", "locks", "cotaught", "periods")
