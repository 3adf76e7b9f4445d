"""The assignment problem, solver-free: tasks, teachers' capacities, candidates, locks.

A *task* is a demand part cut into equal *units*: whole groups, or blocks of
hours for co-taught modules. A *candidate* is a (teacher, task) pair the
teacher may take (qualified or locked). All HETD here are exact fractions.
"""

from __future__ import annotations

import fnmatch
import math
from dataclasses import dataclass, field
from fractions import Fraction

from planner.assign.limits import (
    ChunkLimit,
    HourCap,
    HourLimit,
    RoomLimit,
    ShapeLimit,
    Weekly,
    chunk_limits,
    hour_limits,
    room_limits,
    shape_limits,
)
from planner.data.entities import ANY, Teacher
from planner.data.inputs import Inputs
from planner.demand import Demand, Part
from planner.errors import PlannerError


@dataclass(frozen=True)
class Task:
    """A demand part cut into equal units: whole groups, or blocks of hours of a co-taught module."""

    part: Part
    unit_hours: int | Fraction  # hours in one unit (a Fraction for a half)
    units: int  # units to cover

    @property
    def key(self) -> str:
        return self.part.key

    @property
    def cotaught(self) -> bool:
        return self.unit_hours != self.part.hours

    @property
    def unit_hetd(self) -> Fraction:
        """Demand HETD of one unit (activity factor)."""
        return self.unit_hours * self.part.factor


@dataclass(frozen=True)
class Capacity:
    """What one teacher can take in this plan, in HETD."""

    teacher: Teacher
    service: Fraction  # service dû net of reductions
    other: Fraction  # already taught outside this plan (other_hetd + other years' plans)
    max_hc: Fraction
    limit: Fraction  # most HETD this plan may give (service + HC cap − other, personal max)
    hc_rate: Fraction
    permanent: bool

    @property
    def id(self) -> str:
        return self.teacher.id


@dataclass(frozen=True)
class Candidate:
    """A (teacher, task) pair the teacher may take: qualified, or allowed by a lock."""

    teacher: int  # index into Problem.capacities
    task: int  # index into Problem.tasks
    hetd: Fraction  # HETD of one unit as counted in this teacher's service
    preference: int  # qualification weight + 1 if the teacher wished it
    qualified: bool  # False: allowed only through a lock


@dataclass(frozen=True)
class LockBound:
    """A lock as a bound: at least ``units`` units of ``tasks`` for one teacher."""

    teacher: int
    tasks: tuple[int, ...]
    units: int  # at least this many units over these tasks
    label: str  # the lock as the user wrote it, for messages
    origin: tuple[str, int]  # file and row of the lock


@dataclass
class Problem:
    """The assignment problem, solver-free: what the CP-SAT model, the MIP start and the benchmarks solve.

    Tasks (demand parts cut into units), each teacher's capacity, the candidate
    (teacher, task) pairs, the locks, the hour limits, the weekly rooms and
    shapes (``assign.limits``) and an optional reference plan. A plan is ``x``
    (units per candidate) and ``u`` (uncovered units per task); ``violations``
    says which hard rule a plan breaks. ``whole_rooms``: the weekly rooms are
    bound at their whole room, not at the share a plan may use.
    """

    tasks: list[Task]
    capacities: list[Capacity]
    candidates: list[Candidate]
    locks: list[LockBound]
    reference: dict[tuple[int, int], int] = field(default_factory=dict)  # (teacher, task) -> units
    stable: bool = False  # also minimise the units moved away from the reference
    limits: list[HourLimit] = field(default_factory=list)
    rooms: list[RoomLimit] = field(default_factory=list)
    shapes: list[ShapeLimit] = field(default_factory=list)
    whole_rooms: bool = False
    chunks: list[ChunkLimit] = field(default_factory=list)

    def hour_scale(self) -> int:
        """The models count hours times this: 1 in whole hours (the model as always), 2 with halves."""
        halves = any(Fraction(t.unit_hours).denominator != 1 for t in self.tasks) or any(
            Fraction(limit.hours).denominator != 1 for limit in self.limits
        )
        return 2 if halves else 1

    def candidates_of_task(self) -> dict[int, list[Candidate]]:
        """The candidates of each task (task index -> candidates, in candidate order)."""
        out: dict[int, list[Candidate]] = {i: [] for i in range(len(self.tasks))}
        for c in self.candidates:
            out[c.task].append(c)
        return out

    def uncovered(self, x: list[int]) -> list[int]:
        """Units of each task a plan leaves uncovered (negative: covered more than once)."""
        left = [t.units for t in self.tasks]
        for c, n in zip(self.candidates, x):
            left[c.task] -= n
        return left

    def violations(self, x: list[int], u: list[int] | None = None) -> list[str]:
        """Every hard rule a plan breaks, in words; empty when the plan keeps them all.

        This is the one statement of the hard constraints outside a solver:
        the CP-SAT model (``cpsat``), the MIP start (``mipstart``) and the
        benchmark peers state the same rules in their own modelling language.

        Parameters
        ----------
        x
            Units given to each candidate, in the order of ``candidates``.
        u
            Units of each task left uncovered; by default whatever ``x`` leaves.

        Returns
        -------
        list of str
            One line per broken rule: units out of range, a task not covered
            exactly once, a teacher over their yearly limit, a lock not kept,
            a teacher over an hour limit (``limits``: weekly room).
        """
        if len(x) != len(self.candidates):
            return [f"{len(x)} values for {len(self.candidates)} candidates"]
        left = self.uncovered(x)
        u = left if u is None else u
        errors = []
        load = [Fraction(0)] * len(self.capacities)
        units: dict[tuple[int, int], int] = {}
        for c, n in zip(self.candidates, x):
            task = self.tasks[c.task]
            if not 0 <= n <= task.units:
                errors.append(f"{self.capacities[c.teacher].id} {task.key}: {n} units, not 0 to {task.units}")
            load[c.teacher] += n * c.hetd
            units[(c.teacher, c.task)] = n
        for task, free, short in zip(self.tasks, left, u):
            given = task.units - free
            if short < 0 or given + short != task.units:
                errors.append(f"{task.key}: {given} units given + {short} uncovered for {task.units}")
        for cap, hetd in zip(self.capacities, load):
            if hetd > cap.limit:
                errors.append(f"{cap.id}: {float(hetd):g} HETD over the limit {float(cap.limit):g}")
        for lock in self.locks:
            if sum(units.get((lock.teacher, t), 0) for t in lock.tasks) < lock.units:
                errors.append(f"lock {lock.label} not kept")
        for limit in self.limits:
            hours = sum(units.get((limit.teacher, t), 0) * self.tasks[t].unit_hours for t in limit.tasks)
            if hours > limit.hours:
                who = self.capacities[limit.teacher].id
                errors.append(f"{who}: {hours} h over the {limit.hours} h of {limit.label}")
        for room in self.rooms:
            hours = sum(units.get((room.teacher, t), 0) * h for t, h in room.terms)
            if hours > room.bound(self.whole_rooms):
                who, scale = self.capacities[room.teacher].id, room.scale
                over, most = Fraction(hours, scale), Fraction(room.bound(self.whole_rooms), scale)
                errors.append(f"{who}: {over} h over the {most} h of {room.label}")
        for shape in self.shapes:
            if units.get((shape.teacher, shape.task), 0) > shape.units:
                who, key = self.capacities[shape.teacher].id, self.tasks[shape.task].key
                errors.append(f"{who} {key}: {shape.label}")
        for chunk in self.chunks:
            if (weight := chunk.weight(units)) > chunk.most:
                errors.append(
                    f"{self.capacities[chunk.teacher].id}: {weight} over {chunk.most} in the {chunk.label}"
                )
        return errors


def _unit_hours(part: Part, inputs: Inputs) -> int | Fraction:
    for rule in inputs.cotaught:
        if rule.matches(part.code, part.activity):
            unit = Fraction(math.gcd(int(2 * rule.step), int(2 * part.hours)), 2)  # in half hours
            return int(unit) if unit.denominator == 1 else unit
    return part.hours


def capacities(inputs: Inputs, other_load: dict[str, Fraction] | None = None) -> list[Capacity]:
    """What each teacher can take in this plan (HETD), after reductions, other load and caps."""
    other_load = other_load or {}
    caps = []
    for t in inputs.teachers:
        status = inputs.statuses[t.status]
        service = max(Fraction(0), status.service_du - t.reductions)
        max_hc = status.max_hc if t.max_hc is None else t.max_hc
        other = t.other_hetd + inputs.reh_hetd(t.id) + other_load.get(t.id, Fraction(0))  # REH: done
        limit = service + max_hc - other
        if t.max_hetd is not None:
            limit = min(limit, t.max_hetd - other)
        caps.append(
            Capacity(t, service, other, max_hc, max(Fraction(0), limit), status.hc_rate, status.permanent)
        )
    return caps


def build_problem(
    inputs: Inputs,
    demand: Demand,
    other_load: dict[str, Fraction] | None = None,
    reference: dict[tuple[str, str], Fraction] | None = None,
    stable: bool = False,
    hour_caps: list[HourCap] | None = None,
    weekly: Weekly | None = None,
) -> Problem:
    """The assignment problem of a demand.

    Parameters
    ----------
    inputs
        The checked inputs (teachers, statuses, qualifications, locks, cotaught).
    demand
        The parts to teach.
    other_load
        HETD per teacher taught outside this plan.
    reference
        A previous plan, (teacher, part key) -> hours.
    stable
        Minimise the units moved away from ``reference``.
    hour_caps
        Hours a teacher may get in some semesters or parts.
    weekly
        The weekly shape the plan will be laid out into: each teacher's room
        per block of weeks, and the groups of a part their weekly room holds.

    Returns
    -------
    Problem
        Tasks in demand order; candidates per teacher, in teachers.csv order.

    Raises
    ------
    PlannerError
        When the locks alone do not fit a teacher's capacity or the groups.
    """
    tasks = []
    for part in demand.parts:
        unit = _unit_hours(part, inputs)
        tasks.append(Task(part, unit, part.groups * part.hours // unit))
    caps = capacities(inputs, other_load)
    by_teacher: dict[str, list] = {}
    for q in inputs.qualifications:
        by_teacher.setdefault(q.teacher, []).append(q)
    locks, locked_pairs = _locks(inputs, tasks, caps)
    by_code: dict[str, list[int]] = {}
    for pi, task in enumerate(tasks):
        by_code.setdefault(task.part.code, []).append(pi)
    candidates = []
    for ti, cap in enumerate(caps):
        t = cap.teacher
        status = inputs.statuses[t.status]
        weights: dict[int, int] = {}  # task -> best qualification weight
        for q in by_teacher.get(t.id, []):
            for code in fnmatch.filter(by_code, q.pattern):
                for pi in by_code[code]:
                    if q.matches(code, tasks[pi].part.activity):
                        weights[pi] = max(weights.get(pi, q.weight), q.weight)
        wished = {code for w in t.wishes for code in fnmatch.filter(by_code, w)}
        for pi in sorted(weights.keys() | {p for (lt, p) in locked_pairs if lt == ti}):
            p = tasks[pi].part
            hetd = tasks[pi].unit_hours * status.factor(p.activity, p.factor)
            preference = weights.get(pi, 0) + int(p.code in wished)
            candidates.append(Candidate(ti, pi, hetd, preference, pi in weights))
    index = {c.id: i for i, c in enumerate(caps)}
    weekly = weekly or Weekly([], [])
    problem = Problem(
        tasks,
        caps,
        candidates,
        locks,
        _reference(reference or {}, tasks, caps),
        stable,
        hour_limits(hour_caps or [], tasks, index),
        room_limits(weekly.rooms, tasks, index),
        shape_limits(weekly.shapes, tasks, index),
        chunks=chunk_limits(weekly.chunks, tasks, index),
    )
    _check_locks_fit(problem)
    return problem


def _locks(inputs: Inputs, tasks: list[Task], caps: list[Capacity]):
    index = {c.id: i for i, c in enumerate(caps)}
    bounds: list = []
    pairs: set = set()
    for lock in inputs.locks:
        where, row = lock.origin
        matching = [
            i
            for i, task in enumerate(tasks)
            if task.part.code == lock.code
            and task.part.activity == lock.activity
            and (lock.parcours == ANY or lock.parcours in task.part.parcours)
        ]
        label = f"{lock.teacher} {lock.code} {lock.activity} ({lock.parcours}) × {lock.groups}"
        if not matching:
            continue  # a module of a year not being planned
        hours = lock.groups * tasks[matching[0]].part.hours
        unit = tasks[matching[0]].unit_hours
        units = hours / unit
        available = sum(tasks[i].units for i in matching)
        if units.denominator != 1:
            raise PlannerError(
                f"lock {label}: {hours} h is not a whole number of {unit} h units",
                where=where,
                row=row,
                column="groups",
            )
        if units > available:
            raise PlannerError(
                f"lock {label}: only {available * unit / tasks[matching[0]].part.hours} groups exist",
                where=where,
                row=row,
                column="groups",
            )
        ti = index[lock.teacher]
        bounds.append(LockBound(ti, tuple(matching), int(units), label, lock.origin))
        pairs.update((ti, i) for i in matching)
    return bounds, pairs


def _check_locks_fit(problem: Problem) -> None:
    """Locks alone must fit each teacher's capacity (cheapest reading of each lock)."""
    cand = {(c.teacher, c.task): c for c in problem.candidates}
    need: dict[int, Fraction] = {}
    for lock in problem.locks:
        cheapest = min(cand[(lock.teacher, i)].hetd for i in lock.tasks)
        need[lock.teacher] = need.get(lock.teacher, Fraction(0)) + cheapest * lock.units
    taken: dict[tuple[int, ...], int] = {}
    for lock in problem.locks:
        taken[lock.tasks] = taken.get(lock.tasks, 0) + lock.units
        if taken[lock.tasks] > sum(problem.tasks[i].units for i in lock.tasks):
            raise PlannerError(
                f"lock {lock.label}: together with other locks on the same module and activity "
                "it asks for more groups than exist",
                where=lock.origin[0],
                row=lock.origin[1],
                column="groups",
            )
    for ti, hetd in need.items():
        cap = problem.capacities[ti]
        if hetd > cap.limit:
            where, row = next(lk.origin for lk in problem.locks if lk.teacher == ti)
            raise PlannerError(
                f"the locks of {cap.id} need {float(hetd):g} HETD but {cap.id} can take at most "
                f"{float(cap.limit):g} HETD in this plan (service {float(cap.service):g} + HC cap "
                f"{float(cap.max_hc):g} − already taught {float(cap.other):g})",
                where=where,
                row=row,
                column="groups",
                hint="Lower the locked groups or raise the teacher's caps.",
            )


def _reference(
    hours: dict[tuple[str, str], Fraction], tasks: list[Task], caps: list[Capacity]
) -> dict[tuple[int, int], int]:
    """A previous plan's hours as whole units of this problem's tasks."""
    teacher = {c.id: i for i, c in enumerate(caps)}
    task = {t.key: i for i, t in enumerate(tasks)}
    ref = {}
    for (tid, key), h in hours.items():
        if tid in teacher and key in task:
            ref[(teacher[tid], task[key])] = int(h // tasks[task[key]].unit_hours)
    return ref
