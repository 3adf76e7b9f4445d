"""The staff tables: statuses, teachers, their qualifications, locks and co-taught modules.

Each table has its schema (``Table``) and a reader that turns its checked
rows into entities and cross-checks them against the tables read before
(a teacher's status, a qualification's module codes, a lock's teacher and
module); errors name the file, row and column.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from planner.data.entities import ACTIVITIES, ANY, Cotaught, Lock, Module, Qualification, Status, Teacher
from planner.data.iut import Scope, home_department, matches_any, scope_pattern, split
from planner.data.tables import Column, Record, Table
from planner.errors import did_you_mean

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


def read_statuses(records: list[Record]) -> dict[str, Status]:
    """The statuses of ``statuses.csv`` rows, by name."""
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


def read_teachers(
    records: list[Record], statuses: dict[str, Status], codes: Sequence[str], scope: Scope
) -> list[Teacher]:
    """The teachers of ``teachers.csv`` rows; statuses and wishes (against ``codes``) checked."""
    teachers = []
    for rec in records:
        if rec["status"] not in statuses:
            raise rec.error(
                f"unknown status {rec['status']!r}",
                "status",
                hint=f"statuses.csv declares: {', '.join(statuses)}.",
            )
        home = home_department(rec, scope)
        wishes = []
        for wish in (w.strip() for w in rec["wishes"].split(";") if w.strip()):
            scoped = _scoped(rec, wish, home, scope, codes, "wishes")
            if not matches_any(scoped, codes):
                raise rec.error(f"wish {wish!r} matches no module code of the maquette", "wishes")
            wishes.append(scoped)
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
                wishes=tuple(wishes),
                department=home,
            )
        )
    return teachers


def _scoped(rec: Record, pattern: str, home: str, scope: Scope, codes: Sequence[str], column: str) -> str:
    """A code pattern as the planner knows it (``data.iut.scope_pattern``); errors located."""
    try:
        return scope_pattern(pattern, home, scope, codes)
    except ValueError as exc:
        raise rec.error(str(exc), column) from None


def _activity_list(rec: Record, column: str = "activities") -> tuple[str, ...]:
    text = rec[column].strip()
    if text in ("", ANY):
        return ()
    acts = tuple(text.replace(",", " ").split())
    for a in acts:
        if a not in ACTIVITIES:
            raise rec.error(f"unknown activity {a!r}", column, hint=f"Use {', '.join(ACTIVITIES)} or *.")
    return acts


def _check_teacher(rec: Record, teachers: list[Teacher]) -> None:
    if not any(t.id == rec["teacher"] for t in teachers):
        ids = [t.id for t in teachers]
        hint = did_you_mean(rec["teacher"], ids, "teachers.csv has no such id.")
        raise rec.error(f"unknown teacher {rec['teacher']!r}", "teacher", hint=hint)


def read_qualifications(
    records: list[Record], teachers: list[Teacher], codes: Sequence[str], scope: Scope
) -> list[Qualification]:
    """The qualifications of ``qualifications.csv`` rows; teachers and patterns checked."""
    quals = []
    home = {t.id: t.department for t in teachers}
    for rec in records:
        _check_teacher(rec, teachers)
        pattern = _scoped(rec, rec["pattern"], home[rec["teacher"]], scope, codes, "pattern")
        if not matches_any(pattern, codes):
            department = f" of department {split(pattern)[0]}" if scope.scoped else ""
            raise rec.error(f"pattern {rec['pattern']!r} matches no module code{department}", "pattern")
        quals.append(Qualification(rec["teacher"], pattern, _activity_list(rec), rec["weight"]))
    return quals


def read_locks(
    records: list[Record], teachers: list[Teacher], modules: list[Module], scope: Scope
) -> list[Lock]:
    """The locks of ``locks.csv`` rows; teacher, module, activity and parcours checked."""
    locks = []
    for rec in records:
        _check_teacher(rec, teachers)
        rows = [m for m in modules if m.code == rec["code"]]
        code = scope.shown(rec["code"])
        if not rows:
            raise rec.error(f"unknown module code {code!r}", "code")
        if not any(m.hours.get(rec["activity"]) for m in rows):
            raise rec.error(f"{code} has no {rec['activity']} hours", "activity")
        if rec["parcours"] != ANY and not any(m.parcours == rec["parcours"] for m in rows):
            raise rec.error(f"{code} is not taught in parcours {scope.shown(rec['parcours'])!r}", "parcours")
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


def read_cotaught(records: list[Record], codes: Sequence[str], scope: Scope) -> list[Cotaught]:
    """The co-taught modules of ``cotaught.csv`` rows; patterns checked."""
    result = []
    for rec in records:
        if not matches_any(rec["pattern"], codes):
            raise rec.error(f"pattern {scope.shown(rec['pattern'])!r} matches no module code", "pattern")
        result.append(Cotaught(rec["pattern"], _activity_list(rec), rec["step"]))
    return result
