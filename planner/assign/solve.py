"""The front door: inputs and years in, a solved plan out."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from planner.assign.lexicographic import Cuts, solve_stages
from planner.assign.limits import HourCap, Weekly
from planner.assign.problem import Problem, build_problem
from planner.assign.solution import Solution, make_solution
from planner.context import Context
from planner.data.inputs import Inputs
from planner.demand import Demand, build_demand
from planner.interrupt import Stop
from planner.numbers import hours_text, number
from planner.options import SolveOptions
from planner.progress import Progress
from planner.stages import INTERRUPTED, NOT_SOLVED, Stage


@dataclass
class Result:
    """A solved assignment: the demand, the problem, the plan and how each solver stage ended."""

    years: list[int]
    demand: Demand
    problem: Problem
    solution: Solution
    stages: list[Stage]
    seconds: float
    interrupted: bool = False  # stopped by Ctrl-C: the best plan found, not proven

    @property
    def status(self) -> str:
        if self.interrupted:
            return INTERRUPTED
        return "optimal" if all(s.status == "optimal" for s in self.stages) else "feasible"

    @property
    def demand_hetd(self) -> Fraction:
        return self.demand.hetd

    def summary(self) -> dict[str, str]:
        """The headline figures, as text, in display order."""
        sol = self.solution
        first_open = next((s for s in self.stages if s.status != "optimal"), None)
        return {
            "demand": f"{_hetd(self.demand.hetd)} HETD "
            f"({hours_text(self.demand.hours)} h, {len(self.demand.parts)} module activities)",
            "assigned": f"{_hetd(sol.assigned_hetd)} HETD",
            "uncovered": f"{hours_text(sol.uncovered_hours)} h ({_hetd(sol.uncovered_hetd)} HETD)",
            "heures complémentaires": f"{_hetd(sol.hc_hetd)} HETD (permanent and contract staff)",
            "vacataires": f"{hours_text(sol.vacataire_hours)} h ({_hetd(sol.vacataire_hetd)} HETD)",
            "cost": f"{number(sol.cost, fixed=True, thousands=' ')} €",
            "status": self.status + _open_stage(first_open),
            "time": f"{self.seconds:.2f} s",
        }


def _hetd(value: Fraction) -> str:
    """HETD in the headline figures: one decimal."""
    return number(value, 1, fixed=True)


def _open_stage(stage: Stage | None) -> str:
    if stage is None:
        return ""
    if stage.status == NOT_SOLVED:
        return f" (stage {stage.name}: not solved in time, previous stage's plan kept)"
    if stage.status == INTERRUPTED:
        return f" (stopped in stage {stage.name}, gap {stage.gap:.1%}: best plan found, not proven)"
    return f" (stage {stage.name}: gap {stage.gap:.1%})"


def solve(
    inputs: Inputs,
    years: list[int],
    options: SolveOptions | None = None,
    context: Context | None = None,
    *,
    demand: Demand | None = None,
    hour_caps: list[HourCap] | None = None,
    weekly: Weekly | None = None,
    progress: Progress | None = None,
    stop: Stop | None = None,
    cuts: Cuts | None = None,
) -> Result:
    """Assign the teaching of ``years`` to teachers (the lexicographic stages, no week layout).

    ``planner solve`` goes through ``pipeline.plan``, which calls this once per
    try with the teachers' weekly room as ``hour_caps``.

    Parameters
    ----------
    inputs
        The checked inputs.
    years
        BUT years to plan.
    options
        Limits, seed, threads and engine (None: ``SolveOptions.of(inputs)``).
    context
        HETD per teacher taught outside this plan, and a reference plan: it
        warm-starts the search, and with ``context.stable`` the plan stays as
        close to it as the higher priorities allow.
    demand
        The demand, if already built.
    hour_caps
        Extra limits on a teacher's hours in some semesters or parts.
    weekly
        The weekly shape the plan will be laid out into (``weeks.shape.weekly_shape``):
        each teacher's room per block of weeks and the groups of a part it holds.
    progress
        Called once per finished solver stage (``planner.progress``).
    stop
        Asked to stop (Ctrl-C, a server's cancel), the search returns its best plan.
    cuts
        Limits a plan breaks that the model does not state (``weeks.cuts.AloneCuts``),
        added after the first stages (``assign.lexicographic.solve_stages``).

    Returns
    -------
    Result
        The plan, its shortages with their reasons, and each stage's status.

    Raises
    ------
    PlannerError
        When a lock cannot be kept, or no plan is found in time.
    """
    options = options if options is not None else SolveOptions.of(inputs)
    context = context if context is not None else Context()
    stop = stop if stop is not None else Stop()
    demand = demand or build_demand(inputs, years)
    problem = build_problem(
        inputs, demand, context.other_load, context.reference, context.stable, hour_caps, weekly
    )
    answer = solve_stages(problem, options, progress=progress, stop=stop, cuts=cuts)
    solution = make_solution(problem, answer.x, answer.u)
    return Result(years, demand, problem, solution, answer.stages, answer.seconds, stop.requested)
