"""Teachers' weekly caps, seen by the assignment: room per semester.

A teacher capped at 15 h a week cannot teach 254 h in the 14 teaching weeks
of S2, whatever the yearly service says. When the inputs have a calendar,
``planner solve`` gives the assignment one more hard limit per teacher with a
weekly cap: the hours of the planned years' parts of one semester parity
(odd: S1/S3/S5, even: S2/S4/S6) stay within ``teacher_room_share`` of the
teacher's room in the weeks those years are at the IUT. The room is the weekly
cap (scaled for public holidays) summed over those weeks, less unavailability
and the hours other years' saved week plans already put there. The share
leaves slack for the week layout, whose rules (module weeks, pooled parcours,
CM first) the yearly totals cannot see.

In an IUT each department has its own rhythm, so the room is counted per set
of (department, year) the teacher may teach in: their hours in those
departments' years stay within the room of the weeks at least one of them is
at the IUT, for every such set (Hall's condition: the hours can then be
spread over the weeks under the weekly cap).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from planner.assign.problem import HourCap, Problem
from planner.assign.solution import Shortage, Solution
from planner.data.calendar import (
    IUT,
    cohort_status,
    parity,
    scaled_cap,
    semester_label,
    unavailable_weeks,
)
from planner.data.entities import SEMESTERS
from planner.data.inputs import Inputs
from planner.data.iut import split
from planner.weeks.problem import WeekPlan

if TYPE_CHECKING:
    from planner.assign.solve import Result


@dataclass(frozen=True)
class Room:
    """The most hours one teacher may get in some departments' years' weeks of one semester parity."""

    teacher: str
    parity: str  # odd or even
    units: tuple[tuple[str, int], ...]  # (department, year)
    weeks: int  # weeks they can teach in
    hours: int  # room left in those weeks, after the share
    departments_shown: bool = False  # an IUT: name the departments in the label

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({y for _, y in self.units}))

    def label(self) -> str:
        """The semesters of the room: ``S3``, ``S3/S5``; an IUT's with their departments (``GEA S3``)."""
        if not self.departments_shown:
            return semester_label(self.parity, self.years)
        return "/".join(f"{d} {semester_label(self.parity, [y])}" for d, y in self.units)


def iut_weeks(inputs: Inputs, years: list[int]) -> dict[tuple[str, int], set[str]]:
    """The weeks each (department, year) has a cohort at the IUT."""
    weeks: dict[tuple[str, int], set[str]] = {}
    for (year, parcours), cohort in inputs.cohorts.items():
        if year in years and cohort.opened:
            assert inputs.calendar is not None, "weekly rooms need calendar.csv"
            department = split(parcours)[0] if inputs.scoped else inputs.departments[0]
            status = cohort_status(inputs.calendar, inputs.periods, year, parcours)
            weeks.setdefault((department, year), set()).update(w for w, s in status.items() if s == IUT)
    return dict(sorted(weeks.items()))


def teacher_departments(inputs: Inputs) -> dict[str, set[str]]:
    """The departments each teacher may teach in: named by their qualifications or locks."""
    out: dict[str, set[str]] = {t.id: set() for t in inputs.teachers}
    everywhere = set(inputs.departments)
    for q in inputs.qualifications:
        department = split(q.pattern)[0]
        out[q.teacher] |= everywhere if department == "*" else {department}
    for lock in inputs.locks:
        out[lock.teacher].add(split(lock.code)[0])
    return out


def unit_subsets(units: list[tuple[str, int]], weeks: dict[tuple[str, int], set[str]]) -> list[tuple]:
    """The sets of units whose hours must fit the room of their weeks together (Hall's condition).

    Up to 3 units (one department): every combination. Beyond, only *closed*
    sets (no other unit's weeks fall inside theirs: adding such a unit adds hours
    but no room, so the larger set's limit implies the smaller's); and beyond 12
    units with distinct weeks, the single units, the pairs and the whole set.
    """
    if len(units) <= 3:
        return [c for n in range(1, len(units) + 1) for c in itertools.combinations(units, n)]
    if len(units) > 12:
        return [(u,) for u in units] + list(itertools.combinations(units, 2)) + [tuple(units)]
    out = []
    for n in range(1, len(units) + 1):
        for subset in itertools.combinations(units, n):
            covered = set().union(*(weeks[u] for u in subset))
            if not any(weeks[u] <= covered for u in units if u not in subset):
                out.append(subset)
    return out


def teacher_rooms(
    inputs: Inputs,
    years: list[int],
    background: dict[str, dict[str, int]] | None = None,
    cuts: dict[tuple[str, str], int] | None = None,
) -> list[Room]:
    """Each capped teacher's room per semester parity and set of (department, year) they teach in.

    Parameters
    ----------
    inputs
        The checked inputs (calendar, periods, statuses' weekly caps).
    years
        The planned years.
    background
        Hours per teacher and ISO week of other years' saved layouts.
    cuts
        (teacher, parity) -> hours: lower a room further, by what a week layout
        of an earlier try could not fit under that teacher's cap.

    Returns
    -------
    list of Room
        Empty without a calendar.
    """
    cuts = cuts or {}
    calendar = inputs.calendar
    if calendar is None:
        return []
    background = background or {}
    share = Fraction(inputs.settings.teacher_room_share)
    unavailable = unavailable_weeks(inputs.unavailability)
    iut = iut_weeks(inputs, years)
    where = teacher_departments(inputs) if inputs.scoped else {}
    rooms = []
    for t in inputs.teachers:
        weekly = inputs.statuses[t.status].max_weekly_hours
        if weekly is None:
            continue
        bg = background.get(t.id, {})
        units = [u for u in iut if not inputs.scoped or u[0] in where[t.id]]
        for par in ("odd", "even"):
            teaching = {
                u: {w.iso for w in calendar.weeks if w.parity == par and w.iso in iut[u]} for u in units
            }
            for subset in unit_subsets(units, teaching):
                weeks = [
                    w
                    for w in calendar.weeks
                    if w.parity == par
                    and any(w.iso in iut[u] for u in subset)
                    and w.iso not in unavailable.get(t.id, ())
                ]
                room = sum(max(0, scaled_cap(weekly, w) - bg.get(w.iso, 0)) for w in weeks)
                hours = max(0, math.floor(room * share) - cuts.get((t.id, par), 0))
                rooms.append(Room(t.id, par, subset, len(weeks), hours, inputs.scoped))
    return rooms


def room_caps(rooms: list[Room]) -> list[HourCap]:
    """Rooms as the assignment's hour caps: a teacher's hours in those semesters."""
    caps = []
    for room in rooms:
        semesters = frozenset(
            (d, y, sem) for d, y in room.units for sem in SEMESTERS[y] if parity(sem) == room.parity
        )
        caps.append(HourCap(room.teacher, semesters, room.hours, f"weekly room {room.label()}"))
    return caps


def crowded_parts(plan: WeekPlan, caps: dict[tuple[str, str], int], cut: set | None = None) -> None:
    """Where a layout put a teacher over the weekly cap, fewer groups of their most crowded part.

    All groups of a part follow the same weeks, so a teacher with eleven TP
    groups of one module teaches at least eleven hours in every week it is
    taught, whatever their yearly room. For each (teacher, semester parity) over
    the cap, the part of which they have the most groups (two or more) is capped
    at half of them (rounded up) in ``caps`` ((teacher, part key) -> hours).
    With ``cut`` ((teacher, parity) pairs whose room an earlier try already
    cut), only those: a cut room comes first, the groups are halved only when
    it was not enough.
    """
    p = plan.problem
    for teacher, semester_parity in plan.overflow:
        if cut is not None and (teacher, semester_parity) not in cut:
            continue
        groups: dict[int, set[str]] = {}
        for line in p.lines:
            if line.teacher == teacher and parity(p.parts[line.part].semester) == semester_parity:
                groups.setdefault(line.part, set()).add(line.group)
        if not groups:
            continue
        pi = max(groups, key=lambda i: (len(groups[i]), p.parts[i].hours, -i))
        if len(groups[pi]) < 2:
            continue
        part = p.parts[pi]
        hours = math.ceil(len(groups[pi]) / 2) * part.hours
        caps[(teacher, part.key)] = min(caps.get((teacher, part.key), hours), hours)


def part_caps(caps: dict[tuple[str, str], int]) -> list[HourCap]:
    """``crowded_parts``'s caps as the assignment's hour caps."""
    return [
        HourCap(teacher, frozenset(), hours, "groups sharing their weeks", frozenset({key}))
        for (teacher, key), hours in sorted(caps.items())
    ]


@dataclass(frozen=True)
class LastResort:
    """Every teacher held at a try's hours, those over a weekly cap below them (``held_caps``)."""

    caps: list[HourCap]
    held: dict[tuple[str, str], int]  # (teacher, part key) -> hours at most
    capped: dict[tuple[str, str], int]  # (teacher, semester parity) -> hours at most


def held_caps(
    result: Result, overflow: dict[tuple[str, str], int], before: LastResort | None = None
) -> LastResort:
    """The last resort after the tries: every teacher held at a try's hours, those over a cap below them.

    Each (teacher, part) a teacher is qualified for keeps at most the hours
    that try gave it, so no one can take up what another gives back; a
    teacher over the weekly cap by h hours in a semester parity gets h + 2
    hours fewer there. What they give back is uncovered, with the weekly caps
    as the reason. ``before``: the last resort of the try before, whose capped
    teachers stay named as such.
    """
    p = result.problem
    held: dict[tuple[str, str], int] = {}
    for c in p.candidates:
        held.setdefault((p.capacities[c.teacher].id, p.tasks[c.task].key), 0)
    taught: dict[tuple[str, str], int] = {}
    for a in result.solution.assignments:
        held[(a.teacher, a.task.key)] = held.get((a.teacher, a.task.key), 0) + math.ceil(a.hours)
        key = (a.teacher, parity(a.task.part.semester))
        taught[key] = taught.get(key, 0) + math.ceil(a.hours)
    caps = [
        HourCap(t, frozenset(), hours, "hours of the try before", frozenset({key}))
        for (t, key), hours in sorted(held.items())
    ]
    capped = dict(before.capped) if before else {}
    for key, over in sorted(overflow.items()):
        capped[key] = max(0, taught.get(key, 0) - over - 2)
    semesters: dict[str, set[tuple[str, int, int]]] = {"odd": set(), "even": set()}
    for part in result.demand.parts:
        semesters[parity(part.semester)].add((part.department, part.year, part.semester))
    for (t, semester_parity), hours in sorted(capped.items()):
        caps.append(
            HourCap(t, frozenset(semesters[semester_parity]), hours, f"weekly cap ({semester_parity} weeks)")
        )
    return LastResort(caps, held, capped)


def explain_rooms(
    solution: Solution,
    problem: Problem,
    rooms: list[Room],
    crowded: dict[tuple[str, str], int] | None = None,
    last: LastResort | None = None,
) -> Solution:
    """Add the weekly caps to the reasons of uncovered hours where they are what blocks."""
    if not solution.shortages:
        return solution
    crowded = crowded or {}
    held, capped = (last.held, last.capped) if last else ({}, {})
    used: dict[tuple[str, str, tuple[str, int]], int] = {}
    for a in solution.assignments:
        part = a.task.part
        key = (a.teacher, parity(part.semester), (part.department, part.year))
        used[key] = used.get(key, 0) + a.hours
    shortages = []
    for s in solution.shortages:
        part = s.task.part
        qualified = {
            problem.capacities[c.teacher].id for c in problem.candidates if problem.tasks[c.task] is s.task
        }
        full: dict[str, str] = {}
        for room in rooms:
            unit = (part.department, part.year)
            if room.teacher in qualified and unit in room.units and room.parity == parity(part.semester):
                taken = sum(used.get((room.teacher, room.parity, u), 0) for u in room.units)
                if taken + s.task.unit_hours > room.hours and room.teacher not in full:
                    full[room.teacher] = f"{room.teacher} {taken}/{room.hours} h in the {room.label()} weeks"
        for teacher in sorted(qualified):
            here = (teacher, parity(part.semester))
            if here in capped and teacher not in full:
                full[teacher] = (
                    f"{teacher} at most {capped[here]} h in the {semester_label(here[1], [part.year])} "
                    "weeks (over the weekly cap at the try before)"
                )
            if (teacher, part.key) in held and teacher not in full:
                full[teacher] = (
                    f"{teacher} held at {held[(teacher, part.key)]} h of it (the last try keeps each "
                    "teacher's hours of the one before)"
                )
            if (teacher, part.key) in crowded and teacher not in full:
                full[teacher] = (
                    f"{teacher} at most {crowded[(teacher, part.key)]} h of it (all its groups share their "
                    "weeks: more would break the weekly cap)"
                )
        if not full:
            shortages.append(s)
            continue
        said = ", ".join(full[t] for t in sorted(full))
        if set(full) == qualified:
            reason = (
                f"all {len(qualified)} qualified teachers are full for the weeks (teaching hours / room "
                f"under their weekly cap): {said}"
            )
        else:
            reason = f"{s.reason}; weekly caps leave no room: {said}"
        shortages.append(Shortage(s.task, s.units, reason))
    return Solution(solution.assignments, solution.services, shortages)
