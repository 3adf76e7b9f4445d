"""The one front door: inputs and years in, an assigned plan laid out in weeks out.

``plan`` is what ``planner solve``, ``planner compare`` and the benchmarks run:
count the other years' saved plans (yearly load and weekly hours), assign
within each teacher's weekly room, lay out the weeks, and, when a weekly cap
still breaks, cut that teacher's room and assign again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from planner.assign.solve import Result, solve
from planner.data.inputs import Inputs
from planner.interrupt import STOP
from planner.store.saved import other_years_load
from planner.store.weeks import background_load
from planner.weeks.layout import lay_out
from planner.weeks.problem import WeekPlan
from planner.weeks.room import explain_rooms, room_caps, teacher_rooms


@dataclass
class Context:
    """What the saved plans of the other years leave for the planned ones."""

    other_load: dict[str, Fraction] = field(default_factory=dict)  # teacher -> HETD
    background: dict[str, dict[str, int]] | None = None  # teacher -> ISO week -> hours
    plan_sources: list[str] = field(default_factory=list)  # plan folders whose load counts
    week_sources: list[str] = field(default_factory=list)  # week layouts whose hours count

    @property
    def sources(self) -> list[str]:
        """Every folder counted, once."""
        return list(dict.fromkeys(self.plan_sources + self.week_sources))


def saved_context(inputs: Inputs, root: Path, years: list[int]) -> Context:
    """The load of the other years' plans saved under ``root/year<N>/``.

    Their weekly hours count only when the inputs have a calendar.
    """
    other, used = other_years_load(root, years)
    if inputs.calendar is None:
        return Context(other, None, used)
    background, week_sources = background_load(root, years)
    return Context(other, background, used, week_sources)


def plan(
    inputs: Inputs,
    years: list[int],
    *,
    other_load: dict[str, Fraction] | None = None,
    reference: dict[tuple[str, str], Fraction] | None = None,
    stable: bool = False,
    time_limit: float | None = None,
    workers: int | None = None,
    weeks: bool = True,
    weeks_time_limit: float | None = None,
    background: dict[str, dict[str, int]] | None = None,
    rounds: int = 4,
) -> tuple[Result, WeekPlan | None]:
    """Assign within the weekly rooms, lay out the weeks; if a weekly cap breaks, assign again.

    The yearly room of a teacher cannot see that, say, six TP groups of one
    module must share its weeks. When the layout puts a teacher over the weekly
    cap, that teacher's room in those semester weeks is cut by the hours over
    (times the try number, plus 2), and the assignment is solved again,
    warm-started from the last one (or, with ``stable``, kept close to
    ``reference``); at most ``rounds`` tries. Hours no teacher has room for are
    then uncovered, with the weekly caps as the reason. Without a calendar, or
    with ``weeks`` off, one assignment and no layout.
    Returns the solver result and the week plan (or None).
    """
    cuts: dict[tuple[str, str], int] = {}
    warm = reference
    week_plan = None
    for n in range(1, rounds + 1):
        rooms = teacher_rooms(inputs, years, background, cuts) if inputs.calendar is not None else []
        result = solve(
            inputs,
            years,
            other_load=other_load,
            reference=reference if stable else warm,
            stable=stable,
            time_limit=time_limit,
            workers=workers,
            hour_caps=room_caps(rooms),
        )
        result.solution = explain_rooms(result.solution, result.problem, rooms)
        if not (weeks and inputs.calendar is not None):
            break
        week_plan = lay_out(inputs, result, background=background, time_limit=weeks_time_limit)
        week_plan.rounds = n
        if week_plan.fits or not week_plan.overflow or STOP.requested:  # Ctrl-C: no further try
            break
        for key, hours in week_plan.overflow.items():
            cuts[key] = cuts.get(key, 0) + n * hours + 2  # harder each try
        warm = {}
        for a in result.solution.assignments:
            key = (a.teacher, a.task.key)
            warm[key] = warm.get(key, Fraction(0)) + a.hours
    return result, week_plan
