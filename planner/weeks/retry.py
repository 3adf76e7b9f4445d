"""When a week layout breaks a weekly cap: what the next assignment try may give each teacher.

``Tries`` is the one place of the retry policy of ``pipeline.plan``. Each try
assigns within the teachers' weekly room (``weeks.room``); when its layout
puts a teacher over a weekly cap, the next try cuts that teacher's room in
those weeks by the hours over (times the try number, plus 2) and halves their
groups of the part they have most groups of (``room.crowded_parts``): in an IUT
at once, in one department only once a cut room was not enough. It starts
from the last plan (in an IUT also kept close to it, so departments that fit
keep their plan). After ``options.rounds`` tries, a last resort
(``room.held_caps``) holds every teacher at their hours and takes the hours
over the cap off those who broke it, at most ``RESORTS`` times.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING

from planner.assign.problem import HourCap
from planner.assign.solution import Solution
from planner.context import Context
from planner.data.inputs import Inputs
from planner.options import SolveOptions
from planner.weeks.problem import WeekPlan
from planner.weeks.room import (
    LastResort,
    Room,
    crowded_parts,
    explain_rooms,
    held_caps,
    part_caps,
    room_caps,
    teacher_rooms,
)

if TYPE_CHECKING:
    from planner.assign.solve import Result

RESORTS = 3  # last-resort tries, each holding every teacher at the hours of the one before


@dataclass
class Tries:
    """The assignment tries of one plan: the limits of the next one, and whether there is one.

    Attributes
    ----------
    n
        The try about to be solved (1 first).
    cuts
        (teacher, semester parity) -> hours taken off that teacher's room.
    crowded
        (teacher, part key) -> most hours of that part (its groups share their weeks).
    last
        The last resort in force, if the tries ran out.
    """

    inputs: Inputs
    years: list[int]
    options: SolveOptions
    context: Context
    n: int = 1
    cuts: dict[tuple[str, str], int] = field(default_factory=dict)
    crowded: dict[tuple[str, str], int] = field(default_factory=dict)
    last: LastResort | None = None
    warm: dict[tuple[str, str], Fraction] | None = None
    rooms: list[Room] = field(default_factory=list)

    def __post_init__(self):
        self.warm = self.context.reference

    def attempt(self) -> tuple[Context, list[HourCap]]:
        """The context (plan to start from or stay close to) and the hour caps of try ``n``."""
        inputs, context = self.inputs, self.context
        self.rooms = (
            teacher_rooms(inputs, self.years, context.background, self.cuts)
            if inputs.calendar is not None
            else []
        )
        attempt = replace(
            context,
            reference=context.reference if context.stable else self.warm,
            stable=context.stable or (self.n > 1 and inputs.scoped),  # an IUT's new try moves little
        )
        caps = room_caps(self.rooms) + part_caps(self.crowded) + (self.last.caps if self.last else [])
        return attempt, caps

    def explain(self, result: Result) -> Solution:
        """The solution of a try, the weekly caps added to the reasons of its uncovered hours."""
        return explain_rooms(result.solution, result.problem, self.rooms, self.crowded, self.last)

    @property
    def quick(self) -> bool:
        """An IUT's try before the last: no whole-model week fit (another try follows)."""
        return self.inputs.scoped and self.n <= self.options.rounds

    def again(self, plan: WeekPlan, result: Result, stopped: bool) -> bool:
        """Whether to assign again after this try's layout; if so, the limits of the next try."""
        n, rounds = self.n, self.options.rounds
        if plan.fits or not plan.overflow or stopped or n == rounds + RESORTS:
            return False
        # fewer groups of a teacher's most crowded part: in one department once a cut room was
        # not enough; in an IUT, where a try costs far more, at once
        crowded_parts(plan, self.crowded, None if self.inputs.scoped else set(self.cuts))
        for key, hours in plan.overflow.items():
            self.cuts[key] = self.cuts.get(key, 0) + n * hours + 2  # harder each try
        if n >= rounds:  # every try broke a weekly cap: hold everyone, give back what broke it
            self.last = held_caps(result, plan.overflow, self.last)
        self.warm = {}
        for a in result.solution.assignments:
            key = (a.teacher, a.task.key)
            self.warm[key] = self.warm.get(key, Fraction(0)) + a.hours
        self.n += 1
        return True
