"""Why hours are uncovered, in a department head's words: what holds back each qualified teacher.

A qualified teacher is named *full* only when one more unit of the task would
break one of their limits in this plan: their yearly cap, a weekly room at
its whole room (the share the assignment keeps for slack is not a limit a
teacher is full at), a weekly shape (the groups of a part their weekly room
holds), or an hour cap a retry set. A teacher none of these holds back had
room: the reason says so.
"""

from __future__ import annotations

from fractions import Fraction

from planner.assign.problem import Problem, Task
from planner.numbers import hours_text


def _locked(problem: Problem) -> dict[int, Fraction]:
    """HETD each teacher's locks need."""
    by_pair = {(c.teacher, c.task): c for c in problem.candidates}
    out: dict[int, Fraction] = {}
    for lock in problem.locks:
        hetd = by_pair[(lock.teacher, lock.tasks[0])].hetd
        out[lock.teacher] = out.get(lock.teacher, Fraction(0)) + lock.units * hetd
    return out


class Reasons:
    """What holds back each qualified teacher of a task in one plan (``x``: units per candidate)."""

    def __init__(self, problem: Problem, x: list[int]):
        p = self.problem = problem
        self.units = {(c.teacher, c.task): n for c, n in zip(p.candidates, x)}
        self.hetd = [Fraction(0)] * len(p.capacities)
        for c, n in zip(p.candidates, x):
            self.hetd[c.teacher] += n * c.hetd
        self.locked = _locked(p)
        self.by_task = p.candidates_of_task()
        self.shapes = {(s.teacher, s.task): s for s in p.shapes}
        self.rooms: dict[int, list] = {}
        for room in p.rooms:
            self.rooms.setdefault(room.teacher, []).append((room, dict(room.terms)))
        self.chunks: dict[int, list] = {}
        for chunk in p.chunks:
            self.chunks.setdefault(chunk.teacher, []).append(chunk)
        self.limits: dict[int, list] = {}
        for limit in p.limits:
            self.limits.setdefault(limit.teacher, []).append((limit, set(limit.tasks)))

    def _taken(self, teacher: int, terms) -> int:
        return sum(self.units.get((teacher, t), 0) * h for t, h in terms)

    def held_back(self, teacher: int, task: int, hetd: Fraction) -> tuple[str, str] | None:
        """(kind, words) of the first limit one more unit of ``task`` would break, or None."""
        p = self.problem
        who = p.capacities[teacher].id
        shape = self.shapes.get((teacher, task))
        if shape is not None and self.units.get((teacher, task), 0) >= shape.units:
            return "weeks", f"{who} {shape.label}"
        for room, terms in self.rooms.get(teacher, []):
            taken = self._taken(teacher, room.terms)
            if task in terms and taken + terms[task] > room.room:
                used, whole = Fraction(taken, room.scale), Fraction(room.room, room.scale)
                return (
                    "weeks",
                    f"{who} {hours_text(used)}/{hours_text(whole)} h in the {room.label} weeks",
                )
        for chunk in self.chunks.get(teacher, []):
            if chunk.weight(self.units, more=task) > chunk.most:
                return "weeks", f"{who} {chunk.label}: their weeks hold no more"
        unit = p.tasks[task].unit_hours
        for limit, tasks in self.limits.get(teacher, []):
            if task in tasks:
                taken = self._taken(teacher, [(t, p.tasks[t].unit_hours) for t in limit.tasks])
                if taken + unit > limit.hours:
                    return "weeks", f"{who} {limit.label}"
        if p.capacities[teacher].limit - self.hetd[teacher] < hetd:
            return "year", self.yearly(teacher)
        return None

    def yearly(self, teacher: int) -> str:
        """A teacher's HETD in this plan against their yearly cap (``alice 190/192 HETD``)."""
        cap = self.problem.capacities[teacher]
        text = f"{cap.id} {float(self.hetd[teacher] + cap.other):g}/{float(cap.limit + cap.other):g} HETD"
        if teacher in self.locked:
            text += f" (of which {float(self.locked[teacher]):g} locked)"
        return text

    def why(self, task: Task, index: int) -> str:
        """Why units of ``task`` (``problem.tasks[index]``) are uncovered."""
        part = task.part
        qualified = self.by_task.get(index, [])
        if not qualified:
            return f"no teacher is qualified for {part.code} {part.activity} (add one in qualifications.csv)"
        year: list[str] = []
        weeks: list[str] = []
        free: list[str] = []
        for c in qualified:
            found = self.held_back(c.teacher, index, c.hetd)
            if found is None:
                free.append(self.yearly(c.teacher))
            else:
                (year if found[0] == "year" else weeks).append(found[1])
        n = len(qualified)
        if free:
            text = "qualified teachers with room left were not used (time limit reached?): " + ", ".join(free)
            text += "; full: " + ", ".join(year) if year else ""
        elif not weeks:
            return f"all {n} qualified teachers are full (taught/yearly cap): " + ", ".join(year)
        elif not year:
            return (
                f"all {n} qualified teachers are full for the weeks (teaching hours / room under their "
                "weekly cap): " + ", ".join(weeks)
            )
        else:
            text = f"all {n} qualified teachers are full (taught/yearly cap): " + ", ".join(year)
        return text + ("; weekly caps leave no room: " + ", ".join(weeks) if weeks else "")
