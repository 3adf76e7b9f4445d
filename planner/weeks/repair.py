"""Before the layout: a teacher whose groups alone cannot fit their weekly cap gives a group away.

The assignment keeps each teacher within their weekly rooms and shapes
(``weeks.room``), which any plan whose weeks fit keeps; they do not see that
hours come in chunks: six TP groups of a part add six hours to every week it
is taught, three groups of another three more. A teacher whose groups alone
cannot be laid out under their cap (``weeks.alone``, proven in a fraction of
a second) makes the whole layout fail. Before laying out, one group at a
time of their most crowded part goes to the qualified teacher who takes it
at the least cost to the stages, in their order (every limit of the plan
kept, their own groups still fitting alone), as long as the first stages
(uncovered, cost, sous-service, fairness) are no worse than they were; a
unit nobody can take so is kept, and the teacher's next most crowded part
tried. Where a cap still breaks, the plan is assigned again (``weeks.retry``).
"""

from __future__ import annotations

import math
from dataclasses import replace
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from planner.assign.limits import HourLimit
from planner.assign.objective import STAGES, PlanMath, divisor, scale_of
from planner.assign.problem import Problem
from planner.assign.solution import make_solution
from planner.data.calendar import parity, scaled_cap, unavailable_weeks
from planner.data.inputs import Inputs
from planner.demand import Part
from planner.numbers import hours_text
from planner.weeks.alone import Chunk, least
from planner.weeks.room import part_weeks, session_of
from planner.weeks.sessions import held, sessions, whole

if TYPE_CHECKING:
    from planner.assign.solve import Result

MOVES = 500  # most groups moved in one plan (a deterministic limit)
KEPT = ("uncovered", "cost", "sous_service", "fairness")  # stages a repair must leave as they were


class Repair:
    """The plan as units per candidate, and what each teacher's groups alone need of their weeks."""

    def __init__(
        self,
        inputs: Inputs,
        problem: Problem,
        parts: list[Part],
        x: list[int] | np.ndarray,
        background: dict[str, dict[str, int | Fraction]] | None,
    ):
        p = self.p = problem
        assert inputs.calendar is not None
        weeks = list(inputs.calendar.weeks)
        index = {w.iso: k for k, w in enumerate(weeks)}
        of_part = part_weeks(inputs, parts)
        self.weeks = {t.key: tuple(index[w.iso] for w in of_part[t.key]) for t in p.tasks}
        self.top = inputs.settings.module_week_max
        self.session = {t.key: session_of(inputs, t.part.department) for t in p.tasks}
        away, background = unavailable_weeks(inputs.unavailability), background or {}
        self.room: dict[int, list] = {}  # capped teacher -> room per week, in hours
        for i, cap in enumerate(p.capacities):
            weekly = inputs.statuses[cap.teacher.status].max_weekly_hours
            if weekly is not None:
                bg, off = background.get(cap.id, {}), away.get(cap.id, frozenset())
                self.room[i] = [
                    0 if w.iso in off else max(0, scaled_cap(weekly, w) - bg.get(w.iso, 0)) for w in weeks
                ]
        self.index = {(c.teacher, c.task): k for k, c in enumerate(p.candidates)}
        self.of_teacher: dict[int, list] = {}
        self.of_task: dict[int, list] = {}
        for c in p.candidates:
            self.of_teacher.setdefault(c.teacher, []).append(c)
            self.of_task.setdefault(c.task, []).append(c)
        self.x = np.array(x, dtype=np.int64)
        self.math = PlanMath(p, scale_of(p))
        self.sound = self.math.valid(self.x)  # then a move is checked on the rows it touches only
        self.locked = {(lk.teacher, t) for lk in p.locks for t in lk.tasks}
        self.cut: dict[tuple[int, int], int] = {}  # (teacher, task) -> units left after a repair

    def chunks(
        self, teacher: int, semester_parity: str, extra: int | None = None
    ) -> list[tuple[Chunk, Fraction]]:
        """The teacher's groups of one parity as chunks (``extra``: one more unit of that task),
        each with its department's session length."""
        p, out = self.p, []
        for c in self.of_teacher.get(teacher, []):
            task = p.tasks[c.task]
            units = int(self.x[self.index[(teacher, c.task)]]) + (1 if c.task == extra else 0)
            if not units or parity(task.part.semester) != semester_parity:
                continue
            weeks, hours, s = self.weeks[task.key], task.part.hours, Fraction(self.session[task.key])
            groups, share = divmod(units * task.unit_hours, hours)  # whole groups follow the part
            if groups:
                out.append(((weeks, hours, groups, min(hours, self.top)), s))
            if share:  # a co-taught group's share: its hours anywhere in the group's weeks
                out.append(((weeks, share, 1, min(share, self.top)), s))
        return out

    def fits(self, teacher: int, semester_parity: str, extra: int | None = None, seed: int = 0) -> bool:
        """Whether the teacher's groups alone fit their weekly cap (an even spread, else proven)."""
        if teacher not in self.room:
            return True
        room, chunks = self.counted(teacher, semester_parity, extra)
        load = [0] * len(room)
        for weeks, hours, groups, _ in chunks:
            for k in weeks:
                load[k] += groups * -(-hours // max(1, len(weeks)))
        if all(v <= r for v, r in zip(load, room)):  # every part spread evenly fits: no search
            return True
        return least(room, chunks, seed) == 0

    def counted(
        self, teacher: int, semester_parity: str, extra: int | None = None
    ) -> tuple[list[int], list[Chunk]]:
        """The teacher's weekly room and chunks as the week models count them (``counted_in_sessions``)."""
        return counted_in_sessions(self.room[teacher], self.chunks(teacher, semester_parity, extra), self.top)

    def crowded(self, teacher: int, semester_parity: str) -> list[int]:
        """The tasks a teacher over their cap gives a unit of, in turn: the parts they have most units
        of first (then the longest), neither co-taught nor locked."""
        p = self.p
        mine = [
            (int(self.x[self.index[(teacher, c.task)]]), p.tasks[c.task].part.hours, -c.task, c.task)
            for c in self.of_teacher.get(teacher, [])
            if self.x[self.index[(teacher, c.task)]]
            and parity(p.tasks[c.task].part.semester) == semester_parity
            and not p.tasks[c.task].cotaught
            and (teacher, c.task) not in self.locked
        ]
        return [m[3] for m in sorted(mine, reverse=True)]

    def relieve(
        self, teacher: int, semester_parity: str, moves: int, seed: int = 0, kept: tuple | None = None
    ) -> int:
        """Give units of the teacher's most crowded part away (``give``) until their groups alone
        fit their weekly cap, at most ``moves`` units; returns the units given.

        ``kept``: the first stages' values a move may not worsen; a unit nobody takes within them
        stays, and the next most crowded part is tried (None: a unit nobody takes is left uncovered).
        """
        done = 0
        while done < moves and not self.fits(teacher, semester_parity, seed=seed):
            tasks = self.crowded(teacher, semester_parity)  # without ``kept`` the first always gives
            if not any(self.give(teacher, task, semester_parity, seed, kept) for task in tasks):
                break
            done += 1
        return done

    def stages(self, x: np.ndarray) -> tuple[int, ...]:
        """The plan's stage values, in priority order (to compare two plans)."""
        values = self.math.values(x)
        return tuple(values[name] for name in STAGES if name != "stability")

    def give(self, giver: int, task: int, semester_parity: str, seed: int, kept: tuple | None = None) -> bool:
        """One unit of ``task`` from ``giver`` to the qualified teacher it costs the stages least.

        ``kept``: the first stages' values the plan must keep; when no teacher takes the unit
        within them, the plan is left as it was and False returned (without ``kept`` the unit
        is left uncovered).
        """
        k0 = self.index[(giver, task)]
        self.x[k0] -= 1
        best = None
        for c in self.of_task[task]:
            if c.teacher == giver or not c.qualified:
                continue
            k = self.index[(c.teacher, task)]
            self.x[k] += 1
            if self.math.valid_after(self.x, k) if self.sound else self.math.valid(self.x):
                score = self.stages(self.x)
                if (
                    (best is None or score < best[0])
                    and (kept is None or score[: len(kept)] <= kept)
                    and self.fits(c.teacher, semester_parity, seed=seed)
                ):
                    best = (score, k)
            self.x[k] -= 1
        if best is None and kept is not None:
            self.x[k0] += 1
            return False
        self.cut[(giver, task)] = int(self.x[k0])
        if best is not None:
            self.x[best[1]] += 1
        return True


def repair(
    inputs: Inputs,
    result: Result,
    background: dict[str, dict[str, int | Fraction]] | None = None,
    seed: int = 0,
    last: bool = False,
) -> Result:
    """The plan with each teacher's groups alone within their weekly cap, where that costs nothing.

    On the last try (``last``), a teacher still over gives their units away whatever the cost,
    a unit no qualified teacher can take left uncovered with the reason: a plan whose weeks
    cannot fit is worth less than its cost.

    Parameters
    ----------
    inputs
        The checked inputs (calendar, periods, caps).
    result
        A solved assignment.
    background
        Hours per teacher and ISO week of other saved layouts.
    seed
        CP-SAT's seed for the proofs.
    last
        The last try: no later assignment will mend what is left over.

    Returns
    -------
    Result
        The repaired plan, its first stages (``KEPT``) no worse than they were but on the last try (each
        teacher who gave groups held at what they keep, in ``Problem.limits`` and
        the reasons; the stage values counted again), or ``result`` when nothing moved.
    """
    if inputs.calendar is None or not result.solution.assignments:
        return result
    r = Repair(inputs, result.problem, result.demand.parts, units_of(result), background)
    p, moves, kept = r.p, 0, r.stages(r.x.copy())[: len(KEPT)]
    for within in (kept, None) if last else (kept,):  # on the last try, then whatever it costs
        for semester_parity in ("odd", "even"):
            for t in sorted(r.room, key=lambda i: p.capacities[i].id):
                moves += r.relieve(t, semester_parity, MOVES - moves, seed, within)
    if not r.cut:
        return result
    return _repaired(r, result)


def units_of(result: Result) -> list[int]:
    """A result's plan as units per candidate (``Problem.candidates`` order)."""
    p = result.problem
    teacher = {cap.id: i for i, cap in enumerate(p.capacities)}
    task = {t.key: i for i, t in enumerate(p.tasks)}
    index = {(c.teacher, c.task): k for k, c in enumerate(p.candidates)}
    x = [0] * len(p.candidates)
    for a in result.solution.assignments:
        x[index[(teacher[a.teacher], task[a.task.key])]] += a.units
    return x


ALONE = "their groups alone cannot be laid out under the weekly cap"  # what marks an ``alone_limit``


def alone_limit(r: Repair, teacher: int, task: int, units: int) -> HourLimit:
    """The limit that holds a teacher to ``units`` units of a task their groups alone cannot exceed."""
    hours = units * r.p.tasks[task].unit_hours
    return HourLimit(teacher, (task,), hours, f"at most {hours_text(hours)} h of it: {ALONE}")


def _repaired(r: Repair, result: Result) -> Result:
    """The repaired plan as a result: the limits that hold each giver, the stages counted again."""
    p = r.p
    limits = list(p.limits)
    for (t, task), units in sorted(r.cut.items()):
        limits.append(alone_limit(r, t, task, units))
    problem = replace(p, limits=limits)
    math = PlanMath(problem, scale_of(problem))
    values, u = math.values(r.x), [int(n) for n in math.uncovered(r.x)]
    scale, stages = scale_of(problem), []
    for s in result.stages:
        if s.name in values and values[s.name] / divisor(s.name, scale) != s.value:
            value = values[s.name] / divisor(s.name, scale)
            proven = value <= s.bound if s.name != "wishes" else value >= s.bound
            s = replace(
                s, value=value, status="optimal" if proven else "feasible", engine=f"{s.engine} + repair"
            )
        stages.append(s)
    solution = make_solution(problem, [int(n) for n in r.x], u)
    return replace(result, problem=problem, solution=solution, stages=stages)


def counted_in_sessions(
    room: list[int], pieces: list[tuple[Chunk, Fraction]], top: int | Fraction
) -> tuple[list[int], list[Chunk]]:
    """A weekly room (hours per week) and chunks (each with its department's session length) as
    the week models count them: in whole sessions.

    In whole hours of 1-hour sessions, the hours themselves; else each chunk's hours its
    department's sessions (at most ``top`` hours a week), and a week's load and room in the
    largest length that divides every session's (a teacher in departments of 1 h 30 and of
    2 h: half hours, a session of 1 h 30 three of them), so that a week holds exactly the
    sessions it can.
    """
    lengths = {s for _, s in pieces}
    if lengths <= {1} and whole(1, [*room, *(c[1] for c, _ in pieces)]):
        return room, [c for c, _ in pieces]
    unit = _gcd(lengths) if lengths else Fraction(1)
    counted = []
    for (weeks, h, groups, _), s in pieces:
        n = sessions(h, s)
        counted.append((weeks, n, groups * int(s / unit), min(n, max(1, held(top, s)))))
    return [held(r, unit) for r in room], counted


def _gcd(lengths: set[Fraction]) -> Fraction:
    """The largest length that divides each of ``lengths`` a whole number of times."""
    den = math.lcm(*(x.denominator for x in lengths))
    return Fraction(math.gcd(*(int(x * den) for x in lengths)), den)
