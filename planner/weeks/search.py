"""The search of one semester parity's layout: greedy, local search, CP-SAT only where needed.

1. A greedy layout (``weeks.start``), evened out and taken off the weeks over
   a cap by single-hour moves (``weeks.balance``).
2. Fit: when that layout keeps every cap, 0 hours over is proven. Otherwise
   the teachers it leaves over their cap are checked alone (``weeks.alone``):
   one whose groups alone cannot fit proves that no layout does; on the last
   try, so do teachers who teach groups of the same parts (which share their
   weeks) and cannot fit together (``weeks.alone.sets_over``). Else the
   parts of each teacher over their cap are laid out again by a small CP-SAT
   model (``weeks.neighbourhood.off_caps``), then, if hours are still over,
   CP-SAT's fit stage (``WeekModel.fit``; ``LAST_FIT`` times longer when no
   try follows), or, on a quick try, the teachers over their cap as they are.
3. Balance: the local search again, then a polish of the objective itself
   (``weeks.polish``); when the layout is further than ``gap`` from the
   proven bound (``weeks.bounds``), the parts of each teacher whose busiest
   week is above their own least are laid out again by a small CP-SAT model
   (``weeks.neighbourhood``), the rest kept.

The whole CP-SAT model is built only when the fit needs it. One search worker and
deterministic limits: the same inputs give the same layout on any machine.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from planner.interrupt import Stop
from planner.stages import INTERRUPTED, Stage
from planner.weeks.alone import sets_over, teachers_over
from planner.weeks.balance import Balancer
from planner.weeks.bounds import term_minima
from planner.weeks.measure import WEIGHTS, fits, join, measures, split, teacher_overflow, week_loads
from planner.weeks.measure import value as balance_value
from planner.weeks.misfits import alone_misfits, together_misfits
from planner.weeks.model import WeekModel
from planner.weeks.neighbourhood import LIMIT, by_teacher, off_caps
from planner.weeks.polish import Polish
from planner.weeks.problem import Misfit, WeekProblem
from planner.weeks.start import greedy_start
from planner.weeks.view import ParityView, parity_view

POLISH = 5000  # most single-hour moves that lower the balance objective (a deterministic limit)
# a layout no try follows (the last) searches its fit this many times longer: a fit not found is final
LAST_FIT = 4


@dataclass(frozen=True)
class WeekAnswer:
    """What the layout of one semester parity gives: hours per line and week, or misfits."""

    hours: dict[tuple[int, int], int]  # (line, week) -> hours (with misfits: the greedy layout tried)
    misfits: list[Misfit]
    stages: list[Stage]
    seconds: float
    status: str
    measures: dict[str, int]  # student spread, teacher peaks, module runs
    overflow: dict[tuple[str, str], int] = field(default_factory=dict)  # (teacher, parity) -> hours over cap


def evened(view: ParityView, hours: dict, shares: dict, polish: int = 0) -> tuple[dict, dict]:
    """A layout evened out by single-hour moves, then (if it keeps every cap) ``polish`` moves more."""
    balancer = Balancer(view, hours, shares)
    balancer.run()
    if polish and balancer.fits():
        Polish(balancer).run(polish)
    return dict(balancer.h), balancer.x


def proven(
    view: ParityView,
    hours: dict,
    shares: dict,
    stages: list[Stage],
    start: float,
    value: int,
    bound: int,
    misfits: list[Misfit],
    overflow: dict[tuple[str, str], int],
) -> WeekAnswer:
    """The answer of a layout proven not to fit before any search: the fit stage (the greedy
    layout's hours over against the proof's bound) and the greedy layout, which later layouts count."""
    status = "optimal" if value == bound else "feasible"
    stages.append(Stage(f"fit {view.label}", value, bound, status, time.perf_counter() - start, "greedy"))
    seconds = time.perf_counter() - start
    tried = join(view, hours, shares)  # the greedy layout, over a cap: what later layouts count
    return WeekAnswer(tried, misfits, stages, seconds, "does not fit", {}, overflow)


def lay_out_parity(
    problem: WeekProblem,
    semester_parity: str,
    stop: Stop | None = None,
    *,
    time_limit: float = 4.0,
    seed: int = 0,
    gap: float = 0.05,
    quick: bool = False,
) -> WeekAnswer:
    """Fit the caps, then balance, from a greedy layout evened out by single-hour moves.

    Parameters
    ----------
    problem
        The week problem of a plan.
    semester_parity
        ``odd`` or ``even`` weeks.
    stop
        Asked to stop, the search keeps what it has.
    time_limit
        Deterministic seconds of the CP-SAT fit, and of all the balance's small models together.
    seed
        CP-SAT's seed.
    gap
        Relative gap to the proven bound under which the balance's small models are skipped.
    quick
        Teachers the local search leaves over their cap are reported as they
        are, without the whole-model fit (another try will follow).

    Returns
    -------
    WeekAnswer
        Hours per line and week, or the misfits and the hours over each teacher's cap.
    """
    stop = stop if stop is not None else Stop()
    view = parity_view(problem, semester_parity)
    start = time.perf_counter()
    hours, shares = evened(view, *greedy_start(view))  # and takes hours off weeks over a cap
    stages: list[Stage] = []
    if fits(view, hours, shares):  # nothing over a cap: 0 is the least, proven
        stages.append(Stage(f"fit {view.label}", 0, 0, "optimal", time.perf_counter() - start, "greedy"))
    else:
        greedy_over = teacher_overflow(view, hours, shares)
        over = teachers_over(view, sorted({t for t, _ in greedy_over}), seed)
        if over:  # proven: no layout of this plan fits, whatever the search
            value = max(sum(greedy_over.values()), sum(over.values()))
            misfits = alone_misfits(view, over)
            return proven(view, hours, shares, stages, start, value, sum(over.values()), misfits, over)
        together = {} if quick else sets_over(view, sorted({t for t, _ in greedy_over}), seed)
        if together:  # proven: teachers sharing parts cannot fit together, whatever the search
            named = {t for teachers in together for t in teachers}
            over_them = {key: v for key, v in greedy_over.items() if key[0] in named}
            value, bound = sum(greedy_over.values()), sum(together.values())
            misfits = together_misfits(view, together)
            return proven(view, hours, shares, stages, start, value, bound, misfits, over_them)
        hours = off_caps(view, hours, shares, seed, stop)  # each teacher over a cap, their parts again
        if fits(view, hours, shares):
            seconds = time.perf_counter() - start
            stages.append(Stage(f"fit {view.label}", 0, 0, "optimal", seconds, "greedy + CP-SAT by teacher"))
        else:
            model = WeekModel(view, stop)
            fitted = model.fit(hours, shares, time_limit if quick else LAST_FIT * time_limit, seed, quick)
            stages += fitted.stages
            if fitted.layout is None:
                seconds = time.perf_counter() - start
                tried = join(view, hours, shares)
                return WeekAnswer(tried, fitted.misfits, stages, seconds, "does not fit", {}, fitted.overflow)
            hours, shares = split(view, fitted.layout)
    t0 = time.perf_counter()
    hours, shares = evened(view, hours, shares, polish=POLISH)
    value = balance_value(view, hours, shares)
    least, peaks = term_minima(view, WEIGHTS, seed)
    bound = min(value, least)
    engine = "greedy"
    if value - bound > gap * value and not stop.requested:  # the parts of each teacher above their least
        loads = week_loads(view, join(view, hours, shares))[2]
        above = [t for t, low in sorted(peaks.items()) if max(loads.get(t, {}).values(), default=0) > low]
        limit = min(LIMIT, time_limit / max(1, len(above)))
        hours = by_teacher(view, hours, shares, above, limit, seed, stop)
        evener = balance_value(view, hours, shares)
        if evener < value:
            engine, value = "greedy + CP-SAT by teacher", evener
    status = "optimal" if value <= bound else (INTERRUPTED if stop.requested else "feasible")
    stages.append(Stage(f"balance {view.label}", value, bound, status, time.perf_counter() - t0, engine))
    layout = join(view, hours, shares)
    status = "optimal" if all(s.status == "optimal" for s in stages) else "feasible"
    return WeekAnswer(layout, [], stages, time.perf_counter() - start, status, measures(view, layout))
