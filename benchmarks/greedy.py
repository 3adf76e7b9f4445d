"""A greedy baseline for the assignment: what a department head does by hand.

Locks are given first. Then, task by task in demand order, each unit goes to
the qualified teacher who still has room for it, preferring in this order:

1. teachers whose service dû still has room for the unit (no extra cost);
2. permanent and contract staff in heures complémentaires;
3. vacataires;

and, within a tier, the highest preference (qualification weight + wish),
then the teacher's order in teachers.csv. A teacher has room for a unit when
it fits their yearly limit, every hour limit, weekly room and weekly shape
of the problem (``Problem.limits``, ``rooms``, ``shapes``). A unit nobody can take is left uncovered. No
look-ahead, no backtracking. The plan keeps every hard rule
(``Problem.violations`` is empty), like the solvers'.
"""

from __future__ import annotations

from fractions import Fraction

from planner.assign.problem import Problem


def greedy(problem: Problem) -> tuple[list[int], list[int]]:
    """Units per candidate and uncovered units per task, as ``AssignmentModel`` returns them."""
    caps = problem.capacities
    x = [0] * len(problem.candidates)
    u = [task.units for task in problem.tasks]
    room = [cap.limit for cap in caps]  # HETD this plan may still give
    owed = [max(Fraction(0), cap.service - cap.other) for cap in caps]  # service dû not yet taught
    index = {(c.teacher, c.task): k for k, c in enumerate(problem.candidates)}
    hours = [limit.hours for limit in problem.limits]  # hours each limit still allows
    limits_of: dict[tuple[int, int], list[int]] = {}  # (teacher, task) -> limits counting it
    for i, limit in enumerate(problem.limits):
        for t in limit.tasks:
            limits_of.setdefault((limit.teacher, t), []).append(i)
    whole = problem.whole_rooms
    room_hours = [r.bound(whole) for r in problem.rooms]  # hours each weekly room still holds
    rooms_of: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (teacher, task) -> (room, hours a unit)
    for i, r in enumerate(problem.rooms):
        for t, h in r.terms:
            rooms_of.setdefault((r.teacher, t), []).append((i, h))
    most = {(s.teacher, s.task): s.units for s in problem.shapes}  # units a weekly shape allows

    def fits(k: int) -> int:
        """How many more units of its task candidate k has room for."""
        c = problem.candidates[k]
        n = u[c.task]
        if c.hetd:
            n = min(n, int(room[c.teacher] // c.hetd))
        unit = problem.tasks[c.task].unit_hours
        for i in limits_of.get((c.teacher, c.task), ()):
            n = min(n, hours[i] // unit)
        for i, h in rooms_of.get((c.teacher, c.task), ()):
            n = min(n, room_hours[i] // h)
        if (c.teacher, c.task) in most:
            n = min(n, most[(c.teacher, c.task)] - x[k])
        return n

    def give(k: int, n: int) -> int:
        """Give up to n units of candidate k's task; return how many were given."""
        c = problem.candidates[k]
        n = min(n, fits(k))
        if n > 0:
            x[k] += n
            u[c.task] -= n
            room[c.teacher] -= n * c.hetd
            owed[c.teacher] = max(Fraction(0), owed[c.teacher] - n * c.hetd)
            for i in limits_of.get((c.teacher, c.task), ()):
                hours[i] -= n * problem.tasks[c.task].unit_hours
            for i, h in rooms_of.get((c.teacher, c.task), ()):
                room_hours[i] -= n * h
        return n

    for lock in problem.locks:
        need = lock.units
        for task in lock.tasks:
            need -= give(index[(lock.teacher, task)], need)

    def tier(c) -> int:
        cap = caps[c.teacher]
        if owed[c.teacher] >= c.hetd:
            return 0
        if cap.permanent or cap.service > 0:
            return 1
        return 2

    by_task = problem.candidates_of_task()
    for ti in range(len(problem.tasks)):
        qualified = [(index[(c.teacher, c.task)], c) for c in by_task[ti] if c.qualified]
        while u[ti] > 0:
            free = [(k, c) for k, c in qualified if fits(k) > 0]
            if not free:
                break
            k, _ = min(free, key=lambda kc: (tier(kc[1]), -kc[1].preference, kc[1].teacher))
            give(k, 1)
    return x, u
