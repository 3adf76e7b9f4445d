"""The one front door: inputs and years in, an assigned plan laid out in weeks out.

``plan`` is what ``planner solve``, ``planner compare`` and the benchmarks run:
count the other years' saved plans (yearly load and weekly hours), assign
within each teacher's weekly room, lay out the weeks, and, when a weekly cap
still breaks, cut that teacher's room and assign again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from planner.assign.capacity import check_capacity
from planner.assign.problem import capacities
from planner.assign.solve import Result, solve
from planner.data.inputs import Inputs
from planner.demand import build_demand
from planner.interrupt import STOP
from planner.progress import Progress
from planner.store.plan import other_years_load
from planner.store.weeks import background_load
from planner.weeks.layout import lay_out
from planner.weeks.problem import WeekPlan
from planner.weeks.room import (
    crowded_parts,
    explain_rooms,
    held_caps,
    part_caps,
    room_caps,
    teacher_rooms,
)

if TYPE_CHECKING:
    from planner.store.kept import Kept


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


RESORTS = 3  # last-resort tries, each holding every teacher at the hours of the one before


def saved_context(inputs: Inputs, root: Path, years: list[int], kept: Kept | None = None) -> Context:
    """What the other years' saved plans under ``root/year<N>/`` already give each teacher.

    Parameters
    ----------
    inputs
        The checked inputs; the weekly hours of saved layouts count only when they
        have a calendar.
    root
        The folder holding ``year1/``, ``year2/``, ``year3/`` (``reports/``).
    years
        The years being planned: their own saved plans are not counted.
    kept
        The saved plan of an IUT's departments not planned this time
        (``--department``), counted the same way.

    Returns
    -------
    Context
        HETD per teacher (``other_load``), hours per teacher and ISO week
        (``background``, None without a calendar) and the folders counted.
    """
    other, used = other_years_load(root, years)
    if kept is not None and kept.assignments:
        for teacher, hetd in kept.hetd.items():
            other[teacher] = other.get(teacher, Fraction(0)) + hetd
        used.append(
            f"{kept.folder} (departments {', '.join(sorted({a.department for a in kept.assignments}))})"
        )
    if inputs.calendar is None:
        return Context(other, None, used)
    background, week_sources = background_load(root, years)
    if kept is not None and kept.weeks:
        for teacher, per_week in kept.week_load.items():
            mine = background.setdefault(teacher, {})
            for iso, hours in per_week.items():
                mine[iso] = mine.get(iso, 0) + hours
        week_sources.append(kept.folder)
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
    rounds: int | None = None,
    progress: Progress | None = None,
) -> tuple[Result, WeekPlan | None]:
    """Assign within the weekly rooms, lay out the weeks; if a weekly cap breaks, assign again.

    The yearly room of a teacher cannot see that, say, six TP groups of one
    module must share its weeks. When the layout puts a teacher over the weekly
    cap, that teacher's room in those semester weeks is cut by the hours over
    (times the try number, plus 2), and their groups of the part they have most
    groups of are halved (``weeks.room.crowded_parts``): in an IUT at once, in
    one department only once a cut room was not enough.
    The assignment is solved again, warm-started from the last one (in an IUT
    also kept close to it, so departments that fit keep their plan; with
    ``stable``, close to ``reference``); at most ``rounds`` tries (default 4;
    3 for an IUT, whose tries before the last skip the whole-model week fit).
    If the last one still breaks a weekly cap, a last resort
    (``weeks.room.held_caps``) holds every teacher at their hours and takes the
    hours over the cap off those who broke it (again, at most ``RESORTS``
    times, while a layout still breaks a cap). Hours no teacher has room for
    are uncovered, with the weekly caps as the reason. Without a calendar, or
    with ``weeks`` off, one assignment and no layout.

    Parameters
    ----------
    inputs
        The checked inputs (a scenario's applied inputs work the same).
    years
        BUT years to plan together.
    other_load
        HETD per teacher already taught outside this plan (``saved_context``).
    reference
        A previous plan, (teacher, part key) -> hours: a warm start, or with
        ``stable`` a plan to stay close to.
    stable
        Also minimise the units moved away from ``reference``.
    time_limit, workers
        Assignment solver settings (None: from the inputs' settings).
    weeks
        Lay out the weeks (needs a calendar).
    weeks_time_limit
        Week layout time limit (None: the ``weeks_time_limit`` setting).
    background
        Hours per teacher and ISO week of other years' saved layouts.
    rounds
        Most assignment tries before the last resort (None: 4; 3 for an IUT).
    progress
        Called after each solver stage and each semester laid out (``planner.progress``).

    Returns
    -------
    tuple of (Result, WeekPlan or None)
        The assignment of the last try, and its week layout (None without one).
    """
    check_capacity(
        build_demand(inputs, years), capacities(inputs, other_load), inputs.settings.demand_capacity_factor
    )
    cuts: dict[tuple[str, str], int] = {}
    crowded: dict[tuple[str, str], int] = {}  # (teacher, part key) -> hours
    warm = reference
    if rounds is None:
        rounds = 3 if inputs.scoped else 4  # an IUT's try costs far more
    week_plan, last = None, None
    for n in range(1, rounds + RESORTS + 1):
        rooms = teacher_rooms(inputs, years, background, cuts) if inputs.calendar is not None else []
        result = solve(
            inputs,
            years,
            other_load=other_load,
            reference=reference if stable else warm,
            stable=stable or (n > 1 and inputs.scoped),  # an IUT's new try moves as little as it can
            time_limit=time_limit,
            workers=workers,
            hour_caps=room_caps(rooms) + part_caps(crowded) + (last.caps if last else []),
            progress=_attempt(progress, n),
        )
        result.solution = explain_rooms(result.solution, result.problem, rooms, crowded, last)
        if not (weeks and inputs.calendar is not None):
            break
        week_plan = lay_out(
            inputs,
            result,
            background=background,
            time_limit=weeks_time_limit,
            progress=_attempt(progress, n),
            quick=inputs.scoped and n <= rounds,  # an IUT's try before the last: no whole-model fit
        )
        week_plan.rounds = n
        if week_plan.fits or not week_plan.overflow or STOP.requested or n == rounds + RESORTS:
            break
        # fewer groups of a teacher's most crowded part: in one department once a cut room was
        # not enough; in an IUT, where a try costs far more, at once
        crowded_parts(week_plan, crowded, None if inputs.scoped else set(cuts))
        for key, hours in week_plan.overflow.items():
            cuts[key] = cuts.get(key, 0) + n * hours + 2  # harder each try
        if n >= rounds:  # every try broke a weekly cap: hold everyone, give back what broke it
            last = held_caps(result, week_plan.overflow, last)
        warm = {}
        for a in result.solution.assignments:
            key = (a.teacher, a.task.key)
            warm[key] = warm.get(key, Fraction(0)) + a.hours
    return result, week_plan


def _attempt(progress: Progress | None, n: int) -> Progress | None:
    """The callback, told which assignment try the steps belong to."""
    if progress is None or n == 1:
        return progress
    return lambda step: progress(replace(step, attempt=n))
