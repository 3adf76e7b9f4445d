"""``planner validate``: everything a solve would refuse or silently drop, every problem at once.

Reading the inputs already reports every bad cell and row (``load_inputs``).
On inputs that read, ``validate`` gathers what the later steps would say one
at a time: declared totals that do not add up, implausible values, a demand
far beyond the staff, locks that ask for more groups than exist, exceed the
teacher's yearly cap or fall on a parcours that does not open (a solve drops
those silently), and semesters whose IUT weeks cannot hold their hours. It
adds the programme national's checks when the maquette gives its volumes.
Each finding names the file, row and column; errors are what a solve refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from planner.assign.capacity import check_capacity
from planner.assign.problem import Capacity, capacities
from planner.data.entities import ANY
from planner.data.inputs import Inputs
from planner.data.iut import any_parcours
from planner.data.maquette import TotalCheck, check_totals, mismatch_error
from planner.data.national import BelowNational, NationalBlock, national_report
from planner.data.plausibility import ERROR, WARNING, Finding, findings
from planner.data.room import cohort_rooms, room_message
from planner.demand import Demand, Part, build_demand
from planner.errors import PlannerError
from planner.numbers import hours_text, number


@dataclass
class Validation:
    """What ``planner validate`` found: the tables it prints and every finding, errors first."""

    totals: list[TotalCheck]
    national: list[NationalBlock]
    below: list[BelowNational]
    findings: list[Finding]
    demand: Demand
    capacities: list[Capacity]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == WARNING]


def validate(inputs: Inputs, later: list[PlannerError] | None = None) -> Validation:
    """Every check of ``planner validate`` on inputs that read.

    Parameters
    ----------
    inputs
        The inputs, as ``load_inputs`` read them.
    later
        The problems ``load_inputs`` set aside (``later``), said as errors with the others.

    Returns
    -------
    Validation
        The declared totals, the programme national's report and every
        finding (errors: what a solve would refuse; warnings: what it would
        drop or what looks wrong), each naming its file, row and column.
    """
    found: list[Finding] = [_finding(error, ERROR) for error in later or []]
    totals = check_totals(inputs)
    found += [_finding(mismatch_error(c), ERROR) for c in totals if not c.ok]
    found += findings(inputs)
    caps = capacities(inputs)
    demand = build_demand(inputs, inputs.years)
    try:
        check_capacity(demand, caps, inputs.settings.demand_capacity_factor)
    except PlannerError as exc:
        found.append(_finding(exc, ERROR))
    found += lock_findings(inputs, demand, caps)
    for room in cohort_rooms(inputs):
        if not room.fits:
            where = _periods_place(inputs, room.year, room.parcours)
            found.append(Finding(ERROR, room_message(room, inputs), *where, hint=_ROOM_HINT))
    blocks, below = national_report(inputs)
    for b in below:
        found.append(
            Finding(
                WARNING,
                b.message(),
                b.where,
                b.rows[0],
                "total" if b.below_volume else "TP",
            )
        )
    errors = [f for f in found if f.level == ERROR]
    return Validation(totals, blocks, below, errors + [f for f in found if f.level == WARNING], demand, caps)


_ROOM_HINT = "Check the stage and alternance rows of periods.csv, or the semester's hours."


def _finding(error: PlannerError, level: str) -> Finding:
    return Finding(level, error.message, error.where or "", error.row, error.column, error.hint)


def _periods_place(inputs: Inputs, year: int, parcours: str) -> tuple[str, int | None, str | None]:
    """The periods.csv row that sets the cohort's weeks, or the calendar when none does."""
    rows = [p for p in inputs.periods if p.year == year and p.parcours == parcours]
    rows = rows or [p for p in inputs.periods if p.year == year and p.parcours == any_parcours(parcours)]
    if rows:
        where, row = rows[0].origin
        return where, row, "pattern" if rows[0].kind == "alternance" else "length"
    where = inputs.calendar.where if inputs.calendar else inputs.source
    return where, None, None


# --- locks -------------------------------------------------------------------------------


def lock_findings(inputs: Inputs, demand: Demand, caps: list[Capacity]) -> list[Finding]:
    """Locks a solve refuses (more groups than exist, beyond the teacher's cap) or drops (no groups).

    The same rules as the assignment's (``assign.problem``), on the demand of
    every year: a lock that asks for more groups than its parts have is an
    error; locks that alone exceed a teacher's yearly cap are an error on the
    teacher's first lock; a lock whose module has no groups (its parcours
    does not open) is a warning: a solve ignores it.
    """
    out: list[Finding] = []
    cap_of = {c.id: c for c in caps}
    need: dict[str, Fraction] = {}
    first: dict[str, tuple[str, int]] = {}
    taken: dict[tuple[str, ...], Fraction] = {}
    for lock in inputs.locks:
        where, row = lock.origin
        label = f"lock {lock.teacher} {inputs.shown(lock.code)} {lock.activity}"
        parts = [
            p
            for p in demand.parts
            if p.code == lock.code
            and p.activity == lock.activity
            and (lock.parcours == ANY or lock.parcours in p.parcours)
        ]
        if not parts:
            out.append(Finding(WARNING, _no_groups(inputs, lock), where, row, "parcours", _DROPPED))
            continue
        groups = sum(p.groups for p in parts)
        if lock.groups > groups:
            out.append(
                Finding(
                    ERROR,
                    f"{label}: {number(lock.groups)} groups locked but {_groups_of(parts, inputs)}",
                    where,
                    row,
                    "groups",
                    "Lock at most the groups that exist (cohorts.csv and groups.csv give them).",
                )
            )
            continue
        key = tuple(p.key for p in parts)
        taken[key] = taken.get(key, Fraction(0)) + lock.groups
        if taken[key] > groups:
            out.append(
                Finding(
                    ERROR,
                    f"{label}: with the other locks on {inputs.shown(lock.code)} {lock.activity}, "
                    f"{number(taken[key])} groups locked but {_groups_of(parts, inputs)}",
                    where,
                    row,
                    "groups",
                    "Lock at most the groups that exist.",
                )
            )
        teacher = inputs.teacher(lock.teacher)
        status = inputs.statuses[teacher.status]
        hetd = min(lock.groups * p.hours * status.factor(p.activity, p.factor) for p in parts)
        need[lock.teacher] = need.get(lock.teacher, Fraction(0)) + hetd
        first.setdefault(lock.teacher, (where, row))
    for tid, hetd in need.items():
        cap = cap_of[tid]
        if hetd > cap.limit:
            where, row = first[tid]
            out.append(
                Finding(
                    ERROR,
                    f"the locks of {tid} need {number(hetd)} HETD but {tid} can take at most "
                    f"{number(cap.limit)} HETD a year (service {number(cap.service)} + HC cap "
                    f"{number(cap.max_hc)} − already taught {number(cap.other)})",
                    where,
                    row,
                    "groups",
                    "Lower the locked groups or raise the teacher's caps (teachers.csv, statuses.csv).",
                )
            )
    return out


_DROPPED = "A solve ignores this lock; remove it, or check cohorts.csv (students, opening)."


def _groups_of(parts: list[Part], inputs: Inputs) -> str:
    shown = ", ".join(f"{p.groups} for {inputs.shown(p.parcours_label)}" for p in parts)
    return f"{parts[0].activity} has {sum(p.groups for p in parts)} groups ({shown})"


def _no_groups(inputs: Inputs, lock) -> str:
    rows = [m for m in inputs.modules if m.code == lock.code]
    closed = sorted(
        {
            f"{inputs.shown(m.parcours)} ({inputs.cohorts[(m.year, m.parcours)].students} students for an "
            f"opening at {inputs.cohorts[(m.year, m.parcours)].opening})"
            for m in rows
            if not inputs.cohorts[(m.year, m.parcours)].opened
            and (lock.parcours == ANY or m.parcours == lock.parcours)
        }
    )
    why = f": {', '.join(closed)} does not open" if closed else ": it has no groups to teach"
    hours = next((m.hours.get(lock.activity) for m in rows if m.hours.get(lock.activity)), 0)
    return (
        f"lock {lock.teacher} {inputs.shown(lock.code)} {lock.activity} ({hours_text(hours)} h a group)"
        f"{why}; a solve drops it"
    )
