"""An IUT's assignment by its structure: one sub-problem per department, its shared teachers split.

Departments share only teachers, and only some of them (about one in six on
the generated IUTs). Each department's tasks make a sub-problem of the size
of one department's plan, which HiGHS solves in seconds where the whole IUT
takes minutes per stage. A teacher who may teach in several departments lends
each of them a part of their yearly capacity, service, weekly rooms and hour
caps: what the whole IUT's LP relaxation gives them there, or, when it gives
them nothing, in proportion to the *pressure* of that department on them (the
HETD of the tasks they are qualified for there, each divided among its
qualified teachers). The sub-plans together are a plan of the whole IUT (every split
adds up to the teacher's own limits), which ``assign.lexicographic`` then
holds stage by stage against the whole model's proven bounds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from fractions import Fraction

from planner.assign.limits import ChunkLimit, HourLimit, RoomLimit, ShapeLimit
from planner.assign.problem import Candidate, Capacity, LockBound, Problem

SPLIT = 3000  # candidates beyond which an IUT of several departments is solved by its departments


@dataclass(frozen=True)
class SubProblem:
    """One department's sub-problem and where its tasks and candidates sit in the whole."""

    department: str
    problem: Problem
    tasks: list[int]  # whole task index of each task
    candidates: list[int]  # whole candidate index of each candidate


def departments_of(problem: Problem) -> list[str]:
    """The departments of a problem's tasks, in name order."""
    return sorted({t.part.department for t in problem.tasks})


def pressure(problem: Problem, units=None) -> dict[int, dict[str, Fraction]]:
    """Each teacher's share of their capacity for each department they may teach in (summing to 1).

    With ``units`` (units per candidate of the whole's LP relaxation), a teacher the LP gives
    load to lends each department what the LP gives them there; every other teacher (and
    without ``units``) in proportion to the HETD of the tasks they are qualified for there,
    each divided among its qualified teachers.
    """
    p = problem
    if units is not None:
        out = pressure(problem)
        load: dict[int, dict[str, Fraction]] = {}
        for k, c in enumerate(p.candidates):
            if units[k] > 1e-6:
                per = load.setdefault(c.teacher, {})
                d = p.tasks[c.task].part.department
                per[d] = per.get(d, Fraction(0)) + Fraction(round(units[k] * 1000), 1000) * c.hetd
        for t, per in load.items():
            total = sum(per.values(), Fraction(0))
            if total and len(out[t]) > 1:
                out[t] = {d: per.get(d, Fraction(0)) / total for d in out[t]}
        return out
    qualified = [0] * len(p.tasks)
    for c in p.candidates:
        qualified[c.task] += 1
    weight: dict[int, dict[str, Fraction]] = {}
    for c in p.candidates:
        task = p.tasks[c.task]
        per = weight.setdefault(c.teacher, {})
        d = task.part.department
        per[d] = per.get(d, Fraction(0)) + Fraction(task.unit_hetd * task.units, qualified[c.task])
    out = {}
    for t, per in weight.items():
        total = sum(per.values(), Fraction(0))
        out[t] = {d: (w / total if total else Fraction(1, len(per))) for d, w in sorted(per.items())}
    return out


def _parts(value: Fraction, shares: dict[str, Fraction]) -> dict[str, Fraction]:
    """``value`` split by ``shares`` in whole HETD (largest remainders), any fraction to the largest share."""
    whole = math.floor(value)
    raw = {d: whole * s for d, s in shares.items()}
    out = {d: Fraction(math.floor(v)) for d, v in raw.items()}
    left = whole - sum(out.values())
    for d in sorted(raw, key=lambda d: (-(raw[d] - math.floor(raw[d])), d))[: int(left)]:
        out[d] += 1
    out[max(shares, key=lambda d: (shares[d], d))] += value - whole
    return out


def _split_capacity(cap: Capacity, shares: dict[str, Fraction]) -> dict[str, Capacity]:
    """A teacher's capacity lent to each department: limit, service and what they teach elsewhere."""
    limit, service, other = (_parts(v, shares) for v in (cap.limit, cap.service, cap.other))
    return {
        d: replace(cap, service=service[d], other=other[d], limit=min(limit[d], cap.limit)) for d in shares
    }


def _bound(
    bound: int | Fraction, shares: dict[str, Fraction], department: str, spans: set[str]
) -> int | Fraction:
    """A teacher's hour bound lent to one department, of the departments the bound spans."""
    if len(spans) < 2:
        return bound
    total = sum((shares.get(d, Fraction(0)) for d in spans), Fraction(0))
    return math.floor(bound * shares.get(department, Fraction(0)) / total) if total else 0


def sub_problems(problem: Problem, units=None) -> list[SubProblem]:
    """One sub-problem per department, each shared teacher's limits split by ``pressure``
    (``units``: the whole's LP relaxation, which says where a shared teacher is needed)."""
    p = problem
    shares = pressure(p, units)
    department = [t.part.department for t in p.tasks]
    lp = (
        {(c.teacher, c.task): float(units[k]) for k, c in enumerate(p.candidates)}
        if units is not None
        else {}
    )

    def row_shares(teacher: int, terms) -> dict[str, Fraction]:
        """A row's bound lent as the LP uses it in each department (else as the teacher's capacity)."""
        used: dict[str, Fraction] = {}
        for t, h in terms:
            if lp.get((teacher, t), 0) > 1e-6:
                used[department[t]] = used.get(department[t], Fraction(0)) + h * Fraction(
                    round(lp[(teacher, t)] * 1000), 1000
                )
        total = sum(used.values(), Fraction(0))
        return {dep: v / total for dep, v in used.items()} if total else shares[teacher]

    out = []
    for d in departments_of(p):
        tasks = [i for i, dep in enumerate(department) if dep == d]
        task_index = {i: k for k, i in enumerate(tasks)}
        cands = [k for k, c in enumerate(p.candidates) if c.task in task_index]
        teachers = sorted({p.candidates[k].teacher for k in cands})
        teacher_index = {t: j for j, t in enumerate(teachers)}
        capacities = []
        for t in teachers:
            cap = p.capacities[t]
            capacities.append(_split_capacity(cap, shares[t])[d] if len(shares[t]) > 1 else cap)
        candidates = [
            Candidate(teacher_index[c.teacher], task_index[c.task], c.hetd, c.preference, c.qualified)
            for c in (p.candidates[k] for k in cands)
        ]
        locks = [
            LockBound(
                teacher_index[lk.teacher],
                tuple(task_index[t] for t in lk.tasks),
                lk.units,
                lk.label,
                lk.origin,
            )
            for lk in p.locks
            if lk.tasks[0] in task_index
        ]
        limits = []
        for lim in p.limits:
            mine = tuple(task_index[t] for t in lim.tasks if t in task_index)
            if mine and lim.teacher in teacher_index:
                spans = {department[t] for t in lim.tasks}
                hour_terms = [(t, p.tasks[t].unit_hours) for t in lim.tasks]
                hours = _bound(lim.hours, row_shares(lim.teacher, hour_terms), d, spans)
                limits.append(HourLimit(teacher_index[lim.teacher], mine, hours, lim.label))
        rooms = []
        for room in p.rooms:
            terms = tuple((task_index[t], h) for t, h in room.terms if t in task_index)
            if terms and room.teacher in teacher_index:
                spans = {department[t] for t, _ in room.terms}
                share = row_shares(room.teacher, room.terms)
                rooms.append(
                    RoomLimit(
                        teacher_index[room.teacher],
                        terms,
                        int(_bound(room.hours, share, d, spans)),
                        int(_bound(room.room, share, d, spans)),
                        room.label,
                        room.scale,
                    )
                )
        shapes = [
            ShapeLimit(teacher_index[s.teacher], task_index[s.task], s.units, s.label)
            for s in p.shapes
            if s.task in task_index and s.teacher in teacher_index
        ]
        chunks = []
        for chunk in p.chunks:  # the block's weeks lent as the LP uses them in each department
            own = tuple((task_index[t], w, a) for t, w, a in chunk.terms if t in task_index)
            if own and chunk.teacher in teacher_index:
                spans = {department[t] for t, _, _ in chunk.terms}
                share = row_shares(chunk.teacher, [(t, w) for t, w, _ in chunk.terms])
                most = int(_bound(chunk.most, share, d, spans))
                if sum(w for _, w, _ in own) > most:
                    chunks.append(ChunkLimit(teacher_index[chunk.teacher], own, most, chunk.label))
        reference = {
            (teacher_index[t], task_index[i]): n
            for (t, i), n in p.reference.items()
            if i in task_index and t in teacher_index
        }
        sub = Problem(
            [p.tasks[i] for i in tasks],
            capacities,
            candidates,
            locks,
            reference,
            p.stable,
            limits,
            rooms,
            shapes,
            p.whole_rooms,
            chunks,
        )
        out.append(SubProblem(d, sub, tasks, cands))
    return out
