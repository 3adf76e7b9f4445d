"""A cell fixed by hand becomes the engine's own rule: a row of locks.csv.

Fixing a teacher on a module activity for some hours writes a lock (the
teacher keeps at least ``hours / hours per group`` groups, ``Lock.groups`` a
fraction); hours that are not whole groups need the part taught in blocks, so
a co-taught rule for that module activity is written first in cotaught.csv,
its step dividing the hours fixed. Unfixing removes the lock (and that rule,
once no lock of the module activity is left). Which lock covers which part,
and whether a fix holds, is the engine's reading: ``assign.problem.build_problem``
on the parts concerned, with its own messages. Re-planning then keeps every
lock, as ``planner solve`` does.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from planner.assign.problem import Problem, build_problem
from planner.data.entities import ANY
from planner.data.inputs import COTAUGHT, LOCKS, Inputs
from planner.data.iut import DEPARTMENT_COLUMN, local, split
from planner.data.tables import parse_number
from planner.demand import Demand, Part
from planner.errors import PlannerError
from planner.numbers import csv_number
from planner.web import tables as store
from planner.web.checked import Cache, Checked, problem_of, with_locks
from planner.web.db import must_get, transaction
from planner.web.edits import Refused, Stale, refuse, seen, writing
from planner.web.journal import Actor, changed, record
from planner.web.models import InputRow, InputTable, Workspace
from planner.web.placing import append, header_of, insert_after_header, table_for


@dataclass(frozen=True)
class Fixed:
    """A lock on one part as the engine reads it: at least ``hours`` of the part for ``teacher``."""

    teacher: str
    key: str  # the part's key
    hours: Fraction  # the lock's groups × the part's hours per group
    shared: int  # parts the lock is spread over (a lock on any parcours of a module taught apart)
    origin: tuple[str, int]  # locks.csv and its row


def years_of(workspace: Workspace) -> list[int]:
    return [int(y) for y in workspace.years.split(",") if y]


def engine_problem(inputs: Inputs, demand: Demand, parts: list[Part]) -> Problem:
    """The engine's problem of some parts alone: their units and the locks on them, checked.

    Only the teachers locked on these module activities take part: a lock concerns its
    teacher alone (their capacity, their candidates), so the others change nothing of what
    ``build_problem`` says of the locks, and leaving them out keeps a fix fast in an IUT.
    """
    keys = {(p.code, p.activity) for p in parts}
    locks = [lk for lk in inputs.locks if (lk.code, lk.activity) in keys]
    concerned = {lk.teacher for lk in locks}
    small = dataclasses.replace(
        inputs,
        teachers=[t for t in inputs.teachers if t.id in concerned],
        qualifications=[q for q in inputs.qualifications if q.teacher in concerned],
        locks=locks,
    )
    return build_problem(small, Demand(parts, demand.pooling, []))


def fixed_cells(inputs: Inputs, demand: Demand, parts: list[Part]) -> dict[tuple[str, str], Fixed]:
    """The locks on these parts, by (teacher, part key)."""
    locked = {(lock.code, lock.activity) for lock in inputs.locks}
    mine = [p for p in parts if (p.code, p.activity) in locked]
    if not mine:
        return {}
    problem = engine_problem(inputs, demand, mine)
    out = {}
    for bound in problem.locks:
        teacher = problem.capacities[bound.teacher].id
        for i in bound.tasks:
            task = problem.tasks[i]
            hours = Fraction(bound.units * task.unit_hours)
            out[(teacher, task.key)] = Fixed(teacher, task.key, hours, len(bound.tasks), bound.origin)
    return out


def text_of(value: Fraction, decimal_comma: bool) -> str:
    """A number of groups as a cell: ``2``, ``1.5`` (``1,5`` in a ``;`` file) or ``2/3``."""
    if value.denominator == 1:
        return str(value.numerator)
    den = value.denominator
    while den % 2 == 0:
        den //= 2
    while den % 5 == 0:
        den //= 5
    if den != 1:
        return f"{value.numerator}/{value.denominator}"
    text = f"{float(value):.10f}".rstrip("0")
    return text.replace(".", ",") if decimal_comma else text


def glob_escape(code: str) -> str:
    """A module code as a co-taught pattern matching itself alone."""
    return "".join(f"[{ch}]" if ch in "*?[" else ch for ch in code)


def _cells(header: list[str], values: dict[str, str]) -> list[str]:
    return [values.get(name, "") for name in header]


def _find_part(checked: Checked, years: list[int], key: str) -> tuple[Demand, Part]:
    demand = checked.demand(years)
    part = next((p for p in demand.parts if p.key == key), None)
    if part is None:
        raise refuse(f"no module activity {key} in the demand of these inputs; reload the page")
    return demand, part


def _lock_rows(
    session: Session, checked: Checked, workspace: Workspace, problem: Problem, teacher: str, key: str
) -> list[InputRow]:
    """The locks.csv rows of ``teacher``'s locks on the part ``key`` (from the engine's reading)."""
    out = []
    for bound in problem.locks:
        if problem.capacities[bound.teacher].id != teacher:
            continue
        if not any(problem.tasks[i].key == key for i in bound.tasks):
            continue
        where, number = bound.origin
        path = problem_of(PlannerError("", where=where), checked, workspace).path
        table = session.scalar(
            select(InputTable).where(InputTable.workspace_id == workspace.id, InputTable.path == path)
        )
        if table is None:
            continue
        rows = store.rows_of(session, table.id)
        if 0 < number <= len(rows):
            out.append(rows[number - 1])
    return out


def _module_problem(inputs: Inputs, demand: Demand, part: Part) -> Problem:
    return engine_problem(
        inputs, demand, [p for p in demand.parts if (p.code, p.activity) == (part.code, part.activity)]
    )


def fix_seen(session: Session, checked: Checked, workspace: Workspace, key: str, teacher: str) -> str:
    """The cell as a page shows it: a digest of the lock rows of ``teacher`` on ``key`` (their versions)."""
    if not checked.ok:
        return ""
    try:
        demand, part = _find_part(checked, years_of(workspace), key)
        problem = _module_problem(checked.valid, demand, part)
    except (Refused, PlannerError):
        return ""
    return seen(_lock_rows(session, checked, workspace, problem, teacher, key))


@dataclass(frozen=True)
class FixDone:
    """A fix done: the checked inputs after it, and whether it wrote anything."""

    checked: Checked
    changed: bool


def set_fix(
    sessions: sessionmaker[Session],
    cache: Cache,
    workspace_id: int,
    key: str,
    teacher: str,
    hours_text: str,
    version: str | None = None,
    *,
    by: Actor | None = None,
) -> FixDone:
    """Fix ``teacher`` on the part ``key`` for ``hours_text`` hours (0 or blank: unfix).

    ``version``: the cell as the page saw it (``fix_seen``); fixed or unfixed by someone else
    since, the fix is refused (``Stale``) and nothing is written. A cell already as asked
    writes nothing (``changed`` false), whatever else changed meanwhile.
    """
    with writing(workspace_id), transaction(sessions) as session:
        workspace = must_get(session, Workspace, workspace_id)
        base = cache.checked(session, workspace)
        if not base.ok:
            raise Refused(base.fault)
        inputs, years = base.valid, years_of(workspace)
        demand, part = _find_part(base, years, key)
        text = hours_text.strip()
        hours = parse_number(text) if text else Fraction(0)
        if hours is None or hours < 0 or hours.denominator != 1:
            raise refuse(f"{text!r} is not a whole number of hours", column="hours")
        if hours > part.total_hours:
            raise refuse(
                f"{inputs.shown(part.code)} {part.activity} has {part.total_hours} h in all "
                f"({part.groups} groups of {part.hours} h): {hours} h cannot be fixed",
                column="hours",
            )
        problem = _module_problem(inputs, demand, part)
        existing = _lock_rows(session, base, workspace, problem, teacher, key)
        if version is not None and version != seen(existing):
            raise Stale(now=_fixed_text(problem, teacher, key))
        if hours == 0 and not existing:
            return FixDone(base, False)
        if hours == 0:
            action, before, after = "unfix", [list(r.cells) for r in existing], None
            for row in existing:
                session.delete(row)
                must_get(session, InputTable, row.table_id).edited = True
            if _blocks_unneeded(inputs, demand, part, teacher, problem):
                _drop_cotaught(session, workspace, inputs, part)
        else:
            action = "fix"
            before, after = (
                [list(r.cells) for r in existing],
                _write_lock(session, workspace, inputs, demand, part, teacher, hours, existing),
            )
            unit = problem.tasks[0].unit_hours
            if hours % unit:
                _write_cotaught(session, workspace, inputs, part, int(hours), problem)
        if not changed(session):  # fixed at the hours it holds already: nothing to write
            return FixDone(base, False)
        where = f"{inputs.shown(part.parcours_label)}, S{part.semester}"
        label = f"{inputs.shown(part.code)} {part.activity} ({where})"
        name = next((t.name for t in inputs.teachers if t.id == teacher), teacher)
        record(
            session,
            workspace,
            action,
            f"{teacher} {key}",
            by=by,
            summary=f"{name}, {label} : " + (f"fixé à au moins {hours} h" if hours else "défixé"),
            department=part.department if inputs.scoped else None,
            before=before,
            after=after,
        )
        checked = with_locks(session, workspace, base, part.department if inputs.scoped else "")
        if not checked.ok:
            raise Refused(checked.fault)
        _engine_check(checked, workspace, demand, part, teacher)
    cache.put(workspace_id, checked)
    return FixDone(checked, True)


def _fixed_text(problem: Problem, teacher: str, key: str) -> str:
    """The cell as it is now, in words: fixed at how many hours, or not fixed."""
    hours = sum(
        (
            Fraction(b.units * problem.tasks[i].unit_hours)
            for b in problem.locks
            if problem.capacities[b.teacher].id == teacher
            for i in b.tasks
            if problem.tasks[i].key == key
        ),
        Fraction(0),
    )
    return f"fixée à au moins {hours} h" if hours else "non fixée"


def _write_lock(session, workspace, inputs, demand, part, teacher, hours, existing) -> list[str]:
    table, rows, header = table_for(session, workspace, inputs.scoped, LOCKS.name, part.department)
    groups = text_of(Fraction(hours, part.hours), table.delimiter == ";")
    if existing:
        row = existing[0]
        cells = list(row.cells) + [""] * (len(header) - len(row.cells))
        cells[header.index("groups")] = groups
        row.cells, row.raw = cells, None
        must_get(session, InputTable, row.table_id).edited = True
        return cells
    alone = sum(1 for p in demand.parts if (p.code, p.activity) == (part.code, part.activity)) == 1
    cells = _cells(
        header,
        {
            DEPARTMENT_COLUMN: part.department,
            "teacher": teacher,
            "code": local(part.code) if inputs.scoped else part.code,
            "activity": part.activity,
            "parcours": ANY if alone else inputs.shown(part.parcours[0]),
            "groups": groups,
        },
    )
    append(session, table, rows, cells, "fix")
    return cells


def _cotaught_row(rows: list[InputRow], header: list[str], pattern: str, activity: str) -> InputRow | None:
    for row in rows:
        cells = dict(zip(header, (c.strip() for c in row.cells)))
        if row.origin == "fix" and cells.get("pattern") == pattern and cells.get("activities") == activity:
            return row
    return None


def _write_cotaught(session, workspace, inputs, part, hours: int | Fraction, problem: Problem) -> None:
    table, rows, header = table_for(session, workspace, inputs.scoped, COTAUGHT.name, part.department)
    pattern = glob_escape(local(part.code) if inputs.scoped else part.code)
    step = _gcd(part.hours, hours)
    for bound in problem.locks:  # every hour fixed on this module activity stays whole blocks
        step = _gcd(step, bound.units * problem.tasks[bound.tasks[0]].unit_hours)
    row = _cotaught_row(rows, header, pattern, part.activity)
    if row is not None:
        cells = dict(zip(header, row.cells))
        step = _gcd(step, parse_number(cells.get("step") or "") or step)
        cells["step"] = csv_number(step)
        row.cells, row.raw = [cells.get(name, "") for name in header], None
        table.edited = True
        return
    values = {
        DEPARTMENT_COLUMN: part.department,
        "pattern": pattern,
        "activities": part.activity,
        "step": csv_number(step),
    }
    insert_after_header(session, table, rows, _cells(header, values), "fix")


def _blocks_unneeded(inputs: Inputs, demand: Demand, part: Part, teacher: str, problem: Problem) -> bool:
    """Whether the locks left on this module activity are whole units without the fix's co-taught rule."""
    pattern = glob_escape(local(part.code) if inputs.scoped else part.code)
    own = split(part.code)[0] + "/" + pattern if inputs.scoped else pattern
    others = [c for c in inputs.cotaught if (c.pattern, c.activities) != (own, (part.activity,))]
    bare = dataclasses.replace(inputs, cotaught=others, locks=[])
    unit = engine_problem(bare, demand, [part]).tasks[0].unit_hours
    left = [
        b.units * problem.tasks[b.tasks[0]].unit_hours
        for b in problem.locks
        if problem.capacities[b.teacher].id != teacher
    ]
    return all(hours % unit == 0 for hours in left)


def _drop_cotaught(session, workspace, inputs, part) -> None:
    department = split(part.code)[0] if inputs.scoped else ""
    for table in store.tables_of(session, workspace.id):
        if table.name != COTAUGHT.name or (table.department and table.department != department):
            continue
        rows = store.rows_of(session, table.id)
        head = header_of(rows)
        header = [c.strip() for c in head.cells] if head is not None else []
        pattern = glob_escape(local(part.code) if inputs.scoped else part.code)
        row = _cotaught_row(rows, header, pattern, part.activity)
        if row is not None:
            session.delete(row)
            table.edited = True


def _engine_check(checked: Checked, workspace: Workspace, demand: Demand, part: Part, teacher: str) -> None:
    """The engine's checks of the locks on this part and of all of the teacher's (capacity)."""
    mine = {(lk.code, lk.activity) for lk in checked.valid.locks if lk.teacher == teacher}
    mine.add((part.code, part.activity))
    parts = [p for p in demand.parts if (p.code, p.activity) in mine]
    try:
        engine_problem(checked.valid, demand, parts)
    except PlannerError as exc:
        raise Refused(problem_of(exc, checked, workspace)) from None


def _gcd(a: int | Fraction, b: int | Fraction) -> int | Fraction:
    """The largest step both hours are whole multiples of (hours in halves: 4.5 and 3 give 1.5)."""
    a, b = Fraction(a), Fraction(b)
    g = Fraction(
        math.gcd(a.numerator * b.denominator, b.numerator * a.denominator), a.denominator * b.denominator
    )
    return int(g) if g.denominator == 1 else g
