"""The staff tables: statuses, teachers, qualifications, locks, co-taught modules and REH items.

Each table has its schema (``Table``) and a reader that turns its checked
rows into entities and cross-checks them against the tables read before
(a teacher's status, a qualification's module codes, a lock's teacher and
module); errors name the file, row and column. Each reader records a bad
row's problem in its ``problems`` and goes on with the next row (without
one, it raises them together at its end).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from planner.data.entities import ACTIVITIES, ANY, Cotaught, Lock, Module, Qualification, Reh, Status, Teacher
from planner.data.iut import Scope, home_department, matches_any, scope_pattern, split
from planner.data.tables import Column, Record, Table
from planner.errors import PlannerError, Problems, did_you_mean

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
REH = Table(
    "reh",
    (
        Column("teacher"),
        Column("item"),
        Column("hetd", "number"),
    ),
    key=("teacher", "item"),
    optional=True,
    allow_empty=True,
)
COTAUGHT = Table(
    "cotaught",
    (
        Column("pattern"),
        Column("activities", blank=ANY),
        Column("step", "hours", minimum=Fraction(1, 2)),
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
    records: list[Record],
    statuses: dict[str, Status],
    codes: Sequence[str],
    scope: Scope,
    problems: Problems | None = None,
) -> list[Teacher]:
    """The teachers of ``teachers.csv`` rows; statuses and wishes (against ``codes``) checked."""
    found = Problems.of(problems)
    teachers = []
    for rec in records:
        with found.each():
            teachers.append(_teacher(rec, statuses, codes, scope))
    found.close(problems)
    return teachers


def _teacher(rec: Record, statuses: dict[str, Status], codes: Sequence[str], scope: Scope) -> Teacher:
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
    return Teacher(
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


def _check_teacher(rec: Record, ids: dict[str, None]) -> None:
    """The row names a teacher of teachers.csv (``ids``: every row's, a row with a problem too, in order)."""
    if rec["teacher"] not in ids:
        hint = did_you_mean(rec["teacher"], list(ids), "teachers.csv has no such id.")
        raise rec.error(f"unknown teacher {rec['teacher']!r}", "teacher", hint=hint)


def read_qualifications(
    records: list[Record],
    teachers: list[Teacher],
    codes: Sequence[str],
    scope: Scope,
    problems: Problems | None = None,
    ids: Sequence[str] | None = None,
    later: list[PlannerError] | None = None,
) -> list[Qualification]:
    """The qualifications of ``qualifications.csv`` rows; teachers and patterns checked.

    Two rows that mean the same once their pattern names its department
    (``R3.01`` and ``GEA/R3.01`` for a GEA teacher) are a problem of the second.
    ``ids``: the teachers of teachers.csv (default: those of ``teachers``).
    ``later``: where such a problem goes instead, the second row left out, so
    that the checks across tables still run (``planner validate`` says it with theirs).
    """
    found = Problems.of(problems)
    known = dict.fromkeys([t.id for t in teachers] if ids is None else ids)
    quals = []
    home = {t.id: t.department for t in teachers}
    seen: dict[tuple, int] = {}
    for rec in records:
        with found.each():
            _check_teacher(rec, known)
            if rec["teacher"] not in home:
                continue  # the teacher's own row has a problem, reported there
            pattern = _scoped(rec, rec["pattern"], home[rec["teacher"]], scope, codes, "pattern")
            if not matches_any(pattern, codes):
                department = f" of department {split(pattern)[0]}" if scope.scoped else ""
                raise rec.error(f"pattern {rec['pattern']!r} matches no module code{department}", "pattern")
            qual = Qualification(rec["teacher"], pattern, _activity_list(rec), rec["weight"])
            key = (qual.teacher, qual.pattern, tuple(sorted(qual.activities)))
            if key in seen:
                same = rec.error(
                    f"{rec['teacher']} {rec['pattern']!r} means the same as row {seen[key]} "
                    f"({scope.shown(pattern) if not scope.scoped else pattern})",
                    "pattern",
                    hint="Keep one of the two rows (with the weight you mean).",
                )
                if later is None:
                    raise same
                later.append(same)
                continue
            seen[key] = rec.row
            quals.append(qual)
    found.close(problems)
    return quals


def read_locks(
    records: list[Record],
    teachers: list[Teacher],
    modules: list[Module],
    scope: Scope,
    problems: Problems | None = None,
    ids: Sequence[str] | None = None,
) -> list[Lock]:
    """The locks of ``locks.csv`` rows; teacher, module, activity and parcours checked."""
    found = Problems.of(problems)
    known = dict.fromkeys([t.id for t in teachers] if ids is None else ids)
    locks = []
    for rec in records:
        with found.each():
            _check_teacher(rec, known)
            locks.append(_lock(rec, modules, scope))
    found.close(problems)
    return locks


def _lock(rec: Record, modules: list[Module], scope: Scope) -> Lock:
    rows = [m for m in modules if m.code == rec["code"]]
    code = scope.shown(rec["code"])
    if not rows:
        raise rec.error(f"unknown module code {code!r}", "code")
    if not any(m.hours.get(rec["activity"]) for m in rows):
        raise rec.error(f"{code} has no {rec['activity']} hours", "activity")
    if rec["parcours"] != ANY and not any(m.parcours == rec["parcours"] for m in rows):
        raise rec.error(f"{code} is not taught in parcours {scope.shown(rec['parcours'])!r}", "parcours")
    return Lock(
        rec["teacher"], rec["code"], rec["activity"], rec["parcours"], rec["groups"], (rec.where, rec.row)
    )


def read_cotaught(
    records: list[Record], codes: Sequence[str], scope: Scope, problems: Problems | None = None
) -> list[Cotaught]:
    """The co-taught modules of ``cotaught.csv`` rows; patterns checked."""
    found = Problems.of(problems)
    result = []
    for rec in records:
        with found.each():
            if not matches_any(rec["pattern"], codes):
                raise rec.error(f"pattern {scope.shown(rec['pattern'])!r} matches no module code", "pattern")
            result.append(Cotaught(rec["pattern"], _activity_list(rec), rec["step"]))
    found.close(problems)
    return result


def read_reh(records: list[Record], ids: Sequence[str], problems: Problems | None = None) -> list[Reh]:
    """The REH items of ``reh.csv`` rows (service that is not teaching, in HETD); teachers checked."""
    found = Problems.of(problems)
    known = dict.fromkeys(ids)
    items = []
    for rec in records:
        with found.each():
            _check_teacher(rec, known)
            items.append(Reh(rec["teacher"], rec["item"], rec["hetd"]))
    found.close(problems)
    return items
