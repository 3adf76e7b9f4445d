"""When a week layout breaks a weekly cap: what the next assignment try may give each teacher.

``Tries`` is the one place of the retry policy of ``pipeline.plan``, the same
for one department and for an IUT. The first try assigns within the weekly
shape the plan will be laid out into (``weeks.room.weekly_shape``: each
teacher's room per block of weeks, the groups of a part their weekly room
holds), so its layout fits but for the layout's own rules. A retry is the
safety net: when the layout still puts a teacher over a weekly cap by h hours
in a semester parity, the next try gives that teacher h + 2 hours fewer there
than this one did, and at most half their groups of the part they have most
groups of (``crowded_parts``); every other teacher is free to take what they
give back, the plan kept as close as it can to the last one. A try before the
last reports the teachers over a cap without the whole-model week fit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING

from planner.assign.limits import HourCap, Weekly
from planner.context import Context
from planner.data.calendar import parity, semester_label
from planner.data.inputs import Inputs
from planner.demand import Demand
from planner.numbers import hours_text
from planner.options import SolveOptions
from planner.weeks.problem import WeekPlan
from planner.weeks.repair import ALONE
from planner.weeks.room import weekly_shape

if TYPE_CHECKING:
    from planner.assign.solve import Result


def crowded_parts(plan: WeekPlan, caps: dict[tuple[str, str], int | Fraction]) -> None:
    """Where a layout put a teacher over the weekly cap, fewer groups of their most crowded part.

    All groups of a part follow the same weeks, so a teacher with eleven TP
    groups of one module teaches at least eleven hours in every week it is
    taught. For each (teacher, semester parity) over the cap, the part of which
    they have the most groups (two or more) is capped at half of them (rounded
    up) in ``caps`` ((teacher, part key) -> hours).
    """
    p = plan.problem
    for teacher, semester_parity in plan.overflow:
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
        hours = math.ceil(len(groups[pi]) / 2) * part.exact  # hours (the part counts sessions)
        caps[(teacher, part.key)] = min(caps.get((teacher, part.key), hours), hours)


def part_caps(caps: dict[tuple[str, str], int | Fraction]) -> list[HourCap]:
    """``crowded_parts``'s caps as the assignment's hour caps."""
    return [
        HourCap(
            teacher,
            frozenset(),
            hours,
            f"at most {hours_text(hours)} h of it (all its groups share their weeks: more would break the "
            "weekly cap)",
            frozenset({key}),
        )
        for (teacher, key), hours in sorted(caps.items())
    ]


@dataclass
class Tries:
    """The assignment tries of one plan: the limits of the next one, and whether there is one.

    Attributes
    ----------
    n
        The try about to be solved (1 first).
    capped
        (teacher, semester parity) -> most hours there: a layout put them over a weekly cap.
    crowded
        (teacher, part key) -> most hours of that part (its groups share their weeks).
    """

    inputs: Inputs
    years: list[int]
    options: SolveOptions
    context: Context
    demand: Demand
    n: int = 1
    capped: dict[tuple[str, str], int | Fraction] = field(default_factory=dict)
    crowded: dict[tuple[str, str], int | Fraction] = field(default_factory=dict)
    warm: dict[tuple[str, str], Fraction] | None = None

    def __post_init__(self):
        self.warm = self.context.reference
        self.weekly = weekly_shape(self.inputs, self.years, self.demand.parts, self.context.background)

    def attempt(self) -> tuple[Context, list[HourCap], Weekly]:
        """The context (a plan to start from or stay close to) and the limits of try ``n``."""
        context = self.context
        attempt = replace(
            context,
            reference=context.reference if context.stable else self.warm,
            stable=context.stable or self.n > 1,  # a new try moves as little as it can
        )
        return attempt, part_caps(self.crowded) + self._capped_caps(), self.weekly

    def _capped_caps(self) -> list[HourCap]:
        semesters: dict[str, set[tuple[str, int, int]]] = {"odd": set(), "even": set()}
        for part in self.demand.parts:
            semesters[parity(part.semester)].add((part.department, part.year, part.semester))
        out = []
        for (teacher, semester_parity), hours in sorted(self.capped.items()):
            weeks = semester_label(semester_parity, sorted({y for _, y, _ in semesters[semester_parity]}))
            label = (
                f"at most {hours_text(hours)} h in the {weeks} weeks (over the weekly cap at the try before)"
            )
            out.append(HourCap(teacher, frozenset(semesters[semester_parity]), hours, label))
        return out

    @property
    def quick(self) -> bool:
        """A try before the last: teachers over a cap are named without the whole-model week fit."""
        return self.n < self.options.rounds

    def again(self, plan: WeekPlan, result: Result, stopped: bool) -> bool:
        """Whether to assign again after this try's layout; if so, the limits of the next try."""
        if plan.fits or not plan.overflow or stopped or self.n >= self.options.rounds:
            return False
        if any(m.students for m in plan.misfits):  # the students' weeks break: no assignment mends it
            return False
        crowded_parts(plan, self.crowded)
        p = result.problem
        for limit in p.limits:  # a cut of this try (``weeks.cuts``): the next one starts with it
            if ALONE in limit.label and len(limit.tasks) == 1:
                key = (p.capacities[limit.teacher].id, p.tasks[limit.tasks[0]].key)
                self.crowded[key] = min(self.crowded.get(key, limit.hours), limit.hours)
        taught: dict[tuple[str, str], int | Fraction] = {}
        self.warm = {}
        for a in result.solution.assignments:
            key = (a.teacher, parity(a.task.part.semester))
            taught[key] = taught.get(key, 0) + a.hours
            self.warm[(a.teacher, a.task.key)] = self.warm.get((a.teacher, a.task.key), Fraction(0)) + a.hours
        for key, over in sorted(plan.overflow.items()):
            fewer = max(0, taught.get(key, 0) - over - 2)
            self.capped[key] = min(self.capped.get(key, fewer), fewer)
        self.n += 1
        return True
