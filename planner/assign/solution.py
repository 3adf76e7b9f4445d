"""A solved plan, free of the solver: who teaches what, services, shortages."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from planner.assign.problem import Capacity, Problem, Task
from planner.assign.reasons import Reasons
from planner.data.iut import local_label, split
from planner.numbers import hours_text


@dataclass(frozen=True)
class Assignment:
    """Units of one task given to one teacher, with the HETD they count in that teacher's service."""

    teacher: str
    task: Task
    units: int
    hetd: Fraction  # as counted in the teacher's service

    @property
    def hours(self) -> int | Fraction:
        return self.units * self.task.unit_hours

    @property
    def groups(self) -> Fraction:
        return Fraction(self.hours, self.task.part.hours)


@dataclass(frozen=True)
class Service:
    """One teacher's yearly service with this plan."""

    capacity: Capacity
    assigned: Fraction  # HETD given by this plan

    @property
    def total(self) -> Fraction:
        return self.capacity.other + self.assigned

    @property
    def hc(self) -> Fraction:
        return max(Fraction(0), self.total - self.capacity.service)

    @property
    def sous_service(self) -> Fraction:
        return max(Fraction(0), self.capacity.service - self.total)

    @property
    def cost(self) -> Fraction:
        return self.hc * self.capacity.hc_rate

    @property
    def vacataire(self) -> bool:
        return self.capacity.service == 0 and not self.capacity.permanent


@dataclass(frozen=True)
class Shortage:
    """Units of one task left uncovered, and why."""

    task: Task
    units: int
    reason: str

    @property
    def hours(self) -> int | Fraction:
        return self.units * self.task.unit_hours

    @property
    def hetd(self) -> Fraction:
        return self.units * self.task.unit_hetd

    def __str__(self) -> str:
        """The uncovered hours in one line: ``R3.01 TD (OSC+QMI, S3): 20 h: <reason>``.

        An IUT's names are written as their department does, after it: ``GEA R3.01 TD (OSC, S3)``.
        """
        p = self.task.part
        department, code = split(p.code)
        where = f"{department} " if department else ""
        parcours = local_label(p.parcours_label)
        hours = hours_text(self.hours)
        return f"{where}{code} {p.activity} ({parcours}, S{p.semester}): {hours} h: {self.reason}"


@dataclass
class Solution:
    """A plan, free of the solver: who teaches what, each teacher's service, the shortages and why."""

    assignments: list[Assignment]
    services: list[Service]
    shortages: list[Shortage]

    @property
    def assigned_hetd(self) -> Fraction:
        return sum((a.task.unit_hetd * a.units for a in self.assignments), Fraction(0))

    @property
    def uncovered_hours(self) -> int | Fraction:
        return sum(s.hours for s in self.shortages)

    @property
    def uncovered_hetd(self) -> Fraction:
        return sum((s.hetd for s in self.shortages), Fraction(0))

    @property
    def hc_hetd(self) -> Fraction:
        return sum((s.hc for s in self.services if not s.vacataire), Fraction(0))

    @property
    def vacataire_hetd(self) -> Fraction:
        return sum((s.assigned for s in self.services if s.vacataire), Fraction(0))

    @property
    def vacataire_hours(self) -> int | Fraction:
        vac = {s.capacity.id for s in self.services if s.vacataire}
        return sum(a.hours for a in self.assignments if a.teacher in vac)

    @property
    def cost(self) -> Fraction:
        return sum((s.cost for s in self.services), Fraction(0))


def make_solution(problem: Problem, x: list[int], u: list[int]) -> Solution:
    """The plan of a solver answer, with the reasons of any uncovered hours.

    Parameters
    ----------
    problem
        The problem solved.
    x, u
        Units per candidate and uncovered units per task.

    Returns
    -------
    Solution
        Assignments, one service per teacher (every teacher, in teachers.csv
        order) and one shortage per task not fully covered.
    """
    assignments = [
        Assignment(problem.capacities[c.teacher].id, problem.tasks[c.task], units, units * c.hetd)
        for c, units in zip(problem.candidates, x)
        if units
    ]
    assigned: dict[str, Fraction] = {}
    for a in assignments:
        assigned[a.teacher] = assigned.get(a.teacher, Fraction(0)) + a.hetd
    services = [Service(cap, assigned.get(cap.id, Fraction(0))) for cap in problem.capacities]
    if not any(u):
        return Solution(assignments, services, [])
    reasons = Reasons(problem, x)
    shortages = [
        Shortage(task, units, reasons.why(task, i))
        for i, (task, units) in enumerate(zip(problem.tasks, u))
        if units
    ]
    return Solution(assignments, services, shortages)


@dataclass(frozen=True)
class GroupLine:
    """Hours of one group of one part taught by one teacher (or uncovered: teacher None)."""

    part: object  # demand.Part
    group: str
    teacher: str | None
    hours: int | Fraction


def group_lines(solution: Solution, problem: Problem) -> list[GroupLine]:
    """Who teaches which group: each part's groups filled in teacher order.

    Whole-group tasks give each teacher whole groups; co-taught tasks may split a
    group's hours between teachers. Uncovered hours come last, teacher None.
    """
    by_task: dict[str, list[Assignment]] = {}
    for a in solution.assignments:
        by_task.setdefault(a.task.key, []).append(a)
    short = {s.task.key: s for s in solution.shortages}
    lines = []
    for task in problem.tasks:
        part = task.part
        givers: list[tuple[str | None, int | Fraction]] = [
            (a.teacher, a.hours) for a in by_task.get(task.key, [])
        ]
        if task.key in short:
            givers.append((None, short[task.key].hours))
        labels = part.group_labels()
        g, left = 0, Fraction(part.hours)
        for teacher, hours in givers:
            while hours > 0:
                take = min(hours, left)
                lines.append(GroupLine(part, labels[g], teacher, take))
                hours -= take
                left -= take
                if left == 0 and g + 1 < len(labels):
                    g, left = g + 1, Fraction(part.hours)
    return lines
