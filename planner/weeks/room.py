"""Teachers' weekly caps, seen by the assignment: the weekly shape a plan will be laid out into.

A teacher capped at 15 h a week cannot teach 254 h in the 14 teaching weeks
of S2, whatever the yearly service says; nor six TP groups of a 21-hour
module in 15 weeks, whatever their room in those weeks: all groups of a part
follow the same weeks, so six groups put six hours in every week it is
taught. ``weekly_shape`` states both for the assignment (``assign.limits``):

- **rooms**: per teacher with a weekly cap, semester parity and block of
  weeks (the weeks at least one of some (department, year)s they may teach in
  is at the IUT: every such set, as Hall's condition asks, or in an IUT the
  sets no other one's weeks fall inside), what each group of a part must
  place there stays within the teacher's room there: the weekly cap (scaled
  for public holidays) summed over those weeks, less unavailability and the
  hours other years' saved layouts (or departments laid out before) put
  there. The assignment keeps ``teacher_room_share`` of it, slack for the
  layout's other rules, as long as the share costs no hour
  (``assign.lexicographic``).
- **chunks**: per teacher and block, the sessions each group of a part
  places there and the room of each week, for the rows that see a week
  holds few sessions of many groups (``assign.limits.chunk_limits``).
- **shapes**: per teacher and part of several groups, the most groups whose
  common weekly hours the teacher's weekly room holds: with g groups, a week
  holds at most room // g hours of the part, and its weeks together must
  hold its hours.

In a department of longer sessions (``session_hours``) the layout places
whole sessions: a week's room holds the whole sessions it fits, a group
places at most ``module_week_max`` in whole sessions a week, and a shape
counts sessions, so that every row stays a bound a fitting layout keeps.
"""

from __future__ import annotations

import functools
import itertools
import math
from fractions import Fraction

from planner.assign.limits import WeekChunks, Weekly, WeekRoom, WeekShape
from planner.data.calendar import (
    IUT,
    Week,
    cohort_status,
    parity,
    scaled_cap,
    semester_label,
    unavailable_weeks,
)
from planner.data.inputs import Inputs
from planner.data.iut import split
from planner.demand import Part
from planner.weeks.sessions import sessions as whole_sessions


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


def part_weeks(inputs: Inputs, parts: list[Part]) -> dict[str, list[Week]]:
    """The weeks each part may use: its semester's, where every parcours it is taught to is at the IUT."""
    calendar = inputs.calendar
    assert calendar is not None, "the weeks of parts are read from a calendar"
    status = {c: cohort_status(calendar, inputs.periods, *c) for c in inputs.cohorts}
    return {
        p.key: [
            w
            for w in calendar.weeks
            if w.parity == parity(p.semester) and all(status[(p.year, pc)][w.iso] == IUT for pc in p.parcours)
        ]
        for p in parts
    }


def most_groups(rooms: tuple[int, ...], hours: int, top: int, groups: int) -> int:
    """The most of ``groups`` groups of a part of ``hours`` hours whose common weekly hours fit
    the weekly ``rooms`` of its weeks, at most ``top`` hours in one week.

    In a department of longer sessions, every figure counts whole sessions (``in_sessions``).
    """
    g = groups
    while g > 0 and sum(min(top, r // g) for r in rooms) < hours:
        g -= 1
    return g


def session_of(inputs: Inputs, department: str) -> int | Fraction:
    """A department's session length (``session_hours``), an int when whole."""
    s = Fraction(inputs.session_hours(department or inputs.departments[0]))
    return int(s) if s.denominator == 1 else s


def in_sessions(hours, session) -> int | Fraction:
    """The hours of the whole sessions a room of ``hours`` holds (whole hours: itself, in 1-hour ones)."""
    return hours // session * session


def week_top(top: int | Fraction, session) -> int | Fraction:
    """The most hours one group places in a week: ``module_week_max`` in whole sessions, one at least."""
    return top if session == 1 else max(1, math.floor(Fraction(top) / Fraction(session))) * session


def weekly_shape(
    inputs: Inputs,
    years: list[int],
    parts: list[Part],
    background: dict[str, dict[str, int | Fraction]] | None = None,
) -> Weekly:
    """Each capped teacher's room per block of weeks, and the groups of a part their weekly room holds.

    Parameters
    ----------
    inputs
        The checked inputs (calendar, periods, statuses' weekly caps, settings).
    years
        The planned years.
    parts
        The demand's parts.
    background
        Hours per teacher and ISO week of other years' saved layouts (or of the
        departments laid out before).

    Returns
    -------
    Weekly
        Empty without a calendar.
    """
    calendar = inputs.calendar
    if calendar is None:
        return Weekly([], [])
    background = background or {}
    share = Fraction(inputs.settings.teacher_room_share)
    top = inputs.settings.module_week_max
    unavailable = unavailable_weeks(inputs.unavailability)
    iut = iut_weeks(inputs, years)
    where = teacher_departments(inputs) if inputs.scoped else {}
    weeks_of = part_weeks(inputs, parts)
    by_unit: dict[tuple[str, int, str], list[Part]] = {}
    for p in parts:
        by_unit.setdefault((p.department, p.year, parity(p.semester)), []).append(p)
    isos = {key: frozenset(w.iso for w in weeks) for key, weeks in weeks_of.items()}
    length = {p.key: session_of(inputs, p.department) for p in parts}
    # each part's key, weeks, most hours a week and hours, read once (the loops below visit it per block)
    facts = {id(p): (p.key, isos[p.key], min(p.hours, week_top(top, length[p.key])), p.hours) for p in parts}
    in_whole = functools.cache(whole_sessions)  # few distinct (hours, session length): each counted once
    outside: dict[tuple[frozenset, frozenset], int] = {}  # (a part's weeks, a block) -> weeks outside
    rooms, shapes, chunks, memo = [], [], [], {}
    for t in inputs.teachers:
        weekly = inputs.statuses[t.status].max_weekly_hours
        if weekly is None:
            continue
        bg, away = background.get(t.id, {}), unavailable.get(t.id, frozenset())
        room = {
            w.iso: 0 if w.iso in away else max(0, scaled_cap(weekly, w) - bg.get(w.iso, 0))
            for w in calendar.weeks
        }
        units = [u for u in iut if not inputs.scoped or u[0] in where[t.id]]
        for par in ("odd", "even"):
            teaching = {
                u: {w.iso for w in calendar.weeks if w.parity == par and w.iso in iut[u]} for u in units
            }
            mine = [p for u in units for p in by_unit.get((*u, par), [])]
            for subset in unit_subsets(units, teaching):
                block = frozenset().union(*(teaching[u] for u in subset))
                lengths = {session_of(inputs, u[0]) for u in subset}
                one = lengths.pop() if len(lengths) == 1 else None  # one length: whole sessions a week
                weeks = tuple(
                    room[iso] if one is None else in_sessions(room[iso], one) for iso in sorted(block)
                )
                whole = sum(weeks)
                must: list[tuple[str, int | Fraction]] = []
                for p in mine:
                    name, its, most, all_hours = facts[id(p)]
                    key = (its, block)
                    if key not in outside:
                        outside[key] = len(its - block)
                    hours = max(0, all_hours - outside[key] * most)
                    if hours:
                        must.append((name, hours))
                label = _label(par, subset, inputs.scoped)
                rooms.append(WeekRoom(t.id, tuple(must), math.floor(whole * share), math.floor(whole), label))
                if must:
                    placed = tuple(
                        (name, in_whole(hours, length[name]), length[name]) for name, hours in must
                    )
                    chunks.append(WeekChunks(t.id, placed, weeks, label))
            for p in mine:
                if p.groups < 2:
                    continue
                profile = tuple(room[w.iso] for w in weeks_of[p.key])
                s = session_of(
                    inputs, p.department
                )  # every figure in whole sessions of the part's department
                sessions = math.ceil(Fraction(p.hours) / s)
                most = min(sessions, max(1, math.floor(Fraction(top) / s)))
                shape = (tuple(r // s for r in profile), sessions, most, p.groups)
                if shape not in memo:
                    memo[shape] = most_groups(*shape)
                if memo[shape] < p.groups:
                    shapes.append(WeekShape(t.id, p.key, memo[shape], max(profile, default=0), len(profile)))
    return Weekly(rooms, shapes, chunks)


def _label(semester_parity: str, units: tuple[tuple[str, int], ...], departments: bool) -> str:
    """The weeks of a room: ``S3``, ``S3/S5``; an IUT's with their departments (``GEA S3``)."""
    if not departments:
        return semester_label(semester_parity, sorted({y for _, y in units}))
    return "/".join(f"{d} {semester_label(semester_parity, [y])}" for d, y in units)
