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
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

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


@dataclass(frozen=True)
class Room:
    """The most hours one teacher may get in some years' weeks of one semester parity."""

    teacher: str
    parity: str  # odd or even
    years: tuple[int, ...]
    weeks: int  # weeks they can teach in
    hours: int  # room left in those weeks, after the share

    def label(self) -> str:
        """The semesters of the room: ``S3``, ``S3/S5``."""
        return semester_label(self.parity, self.years)


def teacher_rooms(
    inputs: Inputs,
    years: list[int],
    background: dict[str, dict[str, int]] | None = None,
    cuts: dict[tuple[str, str], int] | None = None,
) -> list[Room]:
    """Each capped teacher's room per semester parity and set of planned years.

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
    iut: dict[int, set[str]] = {}
    for (year, parcours), cohort in inputs.cohorts.items():
        if year in years and cohort.opened:
            status = cohort_status(calendar, inputs.periods, year, parcours)
            iut.setdefault(year, set()).update(w for w, s in status.items() if s == IUT)
    planned = sorted(iut)
    rooms = []
    for t in inputs.teachers:
        weekly = inputs.statuses[t.status].max_weekly_hours
        if weekly is None:
            continue
        bg = background.get(t.id, {})
        for par in ("odd", "even"):
            for n in range(1, len(planned) + 1):
                for subset in itertools.combinations(planned, n):
                    weeks = [
                        w
                        for w in calendar.weeks
                        if w.parity == par
                        and any(w.iso in iut[y] for y in subset)
                        and w.iso not in unavailable.get(t.id, ())
                    ]
                    room = sum(max(0, scaled_cap(weekly, w) - bg.get(w.iso, 0)) for w in weeks)
                    hours = max(0, math.floor(room * share) - cuts.get((t.id, par), 0))
                    rooms.append(Room(t.id, par, subset, len(weeks), hours))
    return rooms


def room_caps(rooms: list[Room]) -> list[HourCap]:
    """Rooms as the assignment's hour caps: a teacher's hours in those semesters."""
    caps = []
    for room in rooms:
        semesters = frozenset(
            (y, sem) for y in room.years for sem in SEMESTERS[y] if parity(sem) == room.parity
        )
        caps.append(HourCap(room.teacher, semesters, room.hours, f"weekly room {room.label()}"))
    return caps


def explain_rooms(solution: Solution, problem: Problem, rooms: list[Room]) -> Solution:
    """Add the weekly caps to the reasons of uncovered hours where they are what blocks."""
    if not solution.shortages:
        return solution
    used: dict[tuple[str, str, int], int] = {}
    for a in solution.assignments:
        part = a.task.part
        key = (a.teacher, parity(part.semester), part.year)
        used[key] = used.get(key, 0) + a.hours
    shortages = []
    for s in solution.shortages:
        part = s.task.part
        qualified = {
            problem.capacities[c.teacher].id for c in problem.candidates if problem.tasks[c.task] is s.task
        }
        full: dict[str, str] = {}
        for room in rooms:
            if room.teacher in qualified and part.year in room.years and room.parity == parity(part.semester):
                taken = sum(used.get((room.teacher, room.parity, y), 0) for y in room.years)
                if taken + s.task.unit_hours > room.hours and room.teacher not in full:
                    full[room.teacher] = f"{room.teacher} {taken}/{room.hours} h in the {room.label()} weeks"
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
