"""The front door: inputs and years in, a solved plan out."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from planner.assign.lexicographic import solve_stages
from planner.assign.problem import HourCap, Problem, build_problem
from planner.assign.solution import Solution, make_solution
from planner.data.inputs import Inputs
from planner.demand import Demand, build_demand
from planner.interrupt import STOP
from planner.stages import INTERRUPTED, NOT_SOLVED, Stage


@dataclass
class Result:
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
            "demand": f"{float(self.demand.hetd):.1f} HETD ({self.demand.hours} h, {len(self.demand.parts)} module activities)",
            "assigned": f"{float(sol.assigned_hetd):.1f} HETD",
            "uncovered": f"{sol.uncovered_hours} h ({float(sol.uncovered_hetd):.1f} HETD)",
            "heures complémentaires": f"{float(sol.hc_hetd):.1f} HETD (permanent and contract staff)",
            "vacataires": f"{sol.vacataire_hours} h ({float(sol.vacataire_hetd):.1f} HETD)",
            "cost": f"{float(sol.cost):,.2f} €".replace(",", " "),
            "status": self.status + _open_stage(first_open),
            "time": f"{self.seconds:.2f} s",
        }


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
    *,
    other_load: dict[str, Fraction] | None = None,
    reference: dict[tuple[str, str], Fraction] | None = None,
    stable: bool = False,
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
    wall_limit: float | None = None,
    demand: Demand | None = None,
    hour_caps: list[HourCap] | None = None,
) -> Result:
    """Assign the teaching of ``years`` to teachers.

    ``reference`` is a previous plan ((teacher, part key) -> hours): it warm-starts
    the search, and with ``stable`` the plan also stays as close to it as the
    higher priorities allow. ``hour_caps`` are extra limits on a teacher's hours
    in some semesters (what weekly caps leave room for).
    """
    settings = inputs.settings
    demand = demand or build_demand(inputs, years)
    problem = build_problem(inputs, demand, other_load, reference, stable, hour_caps)
    answer = solve_stages(
        problem,
        time_limit=float(settings.time_limit if time_limit is None else time_limit),
        seed=settings.seed if seed is None else seed,
        workers=settings.workers if workers is None else workers,
        wall_limit=float(settings.wall_limit if wall_limit is None else wall_limit),
        mip=settings.mip,
        nodes=settings.mip_nodes,
        neighbourhoods=settings.mip_neighbourhoods,
    )
    solution = make_solution(problem, answer.x, answer.u)
    return Result(years, demand, problem, solution, answer.stages, answer.seconds, STOP.requested)
