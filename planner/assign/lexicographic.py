"""The assignment's stages in priority order, each solved by the engine that suits it.

HiGHS (``planner.assign.mip``) solves the stages as MIPs, in turn, each held
at its value while the next is optimised: uncovered, cost, sous-service,
fairness and stability have strong LP relaxations and are proven in well under
a second for a department. A stage proven by the MIP is final; nothing solves
it again. Fragmentation and wishes are proven the same way on a year's plan;
on larger problems, where their LP relaxation is weak and a whole-MIP root
node alone takes seconds to minutes, they are improved a few teachers at a
time (``planner.assign.lns``) and reported with their LP bound. Without HiGHS
(``highspy`` missing, or the ``mip`` setting off) CP-SAT solves every stage; if
HiGHS ever returns no valid plan, CP-SAT takes over the remaining stages.

Every limit is deterministic (HiGHS: nodes and neighbourhoods; CP-SAT:
deterministic time), so the same inputs and settings give the same plan
whatever the machine's load; ``wall_limit`` is a wall-clock safety net only.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from planner.assign.cpsat import Answer, AssignmentModel
from planner.assign.objective import divisor, stage_names
from planner.assign.problem import Problem
from planner.errors import PlannerError
from planner.interrupt import Stop
from planner.options import SolveOptions
from planner.progress import ASSIGNMENT, Progress, Step
from planner.stages import INTERRUPTED, NOT_SOLVED, Stage

if TYPE_CHECKING:
    from planner.assign.mip import AssignmentMip, MipStage

HIGHS, CPSAT = "HiGHS", "CP-SAT"
# stages a MIP run starts from the last plan: the later, combinatorial ones, where
# HiGHS's own heuristics find no plan quickly; the first ones solve best from scratch
WARM = ("stability", "fragmentation", "wishes")
# stages solved a few teachers at a time (``planner.assign.lns``) beyond WHOLE candidates:
# their LP relaxation is weak and the whole MIP's root node alone takes seconds to minutes
PARTWISE = ("fragmentation", "wishes")
WHOLE = 750


def highs_available() -> bool:
    try:
        import highspy  # noqa: F401
    except ImportError:
        return False
    return True


def solve_stages(
    problem: Problem,
    options: SolveOptions,
    *,
    initial: list[int] | None = None,
    progress: Progress | None = None,
    stop: Stop | None = None,
) -> Answer:
    """Every stage of ``problem`` in priority order; the plan and what each stage reached.

    ``options`` gives the limits, seed, threads and engine; ``stop`` ends the
    search early, keeping the best plan found.
    """
    stop = stop if stop is not None else Stop()
    if not (options.mip and highs_available()):
        return AssignmentModel(problem, stop).solve(
            time_limit=options.time_limit,
            seed=options.seed,
            workers=options.workers,
            wall_limit=options.wall_limit,
            initial=initial,
            progress=progress,
        )
    from planner.assign.lns import improve
    from planner.assign.mip import AssignmentMip

    start = time.perf_counter()
    names = stage_names(problem)
    model = AssignmentMip(problem, seed=options.seed, stop=stop)
    scale = model.scale
    if initial is None and problem.reference:
        initial = [
            min(problem.reference.get((c.teacher, c.task), 0), problem.tasks[c.task].units)
            for c in problem.candidates
        ]
    if initial is not None:
        model.start(initial)  # kept only if it keeps every hard constraint
    held: dict[str, int] = {}
    stages: list[Stage] = []
    for k, name in enumerate(names):
        if stop.requested:
            stages += [Stage(n, float("nan"), float("nan"), NOT_SOLVED, 0.0, HIGHS) for n in names[k:]]
            break
        t0 = time.perf_counter()
        wall = max(0.1, options.wall_limit - (t0 - start)) / (len(names) - k)
        if name in PARTWISE and len(problem.candidates) > WHOLE:
            improve(model, name, options.mip_neighbourhoods, nodes=min(options.mip_nodes, 200))
            value = model.value(name)
            bound, engine = min(value, model.lp_bound(name)), f"{HIGHS} (by parts)"
            model.hold(name, value)
        else:
            if name == "fairness":  # a min–max: probes of its bound close what the MIP leaves
                reached = solve_minmax(model, name, nodes=options.mip_nodes, wall=wall)
            else:
                reached = model.solve_stage(name, nodes=options.mip_nodes, wall=wall, warm=name in WARM)
            if name == "uncovered" and reached is not None and reached.value > 0 and _slack(problem):
                reached = _within_whole_rooms(model, reached, options.mip_nodes, wall)
            if reached is None:  # HiGHS found no valid plan: CP-SAT takes over from here
                plan = model.plan()
                return _cp_from(problem, names[k:], held, plan, stages, start, options, stop, progress)
            value, bound, engine = reached.value, reached.bound, HIGHS
        held[name] = value
        status = "optimal" if bound >= value else ("feasible" if not stop.requested else INTERRUPTED)
        unit = divisor(name, scale)
        stages.append(Stage(name, value / unit, bound / unit, status, time.perf_counter() - t0, engine))
        if progress is not None:
            progress(Step(ASSIGNMENT, stages[-1], time.perf_counter() - start))
    plan = model.plan()
    if plan is None:  # stopped (Ctrl-C or the wall limit) before a first plan
        raise PlannerError(
            f"the search was stopped ({stop.reason or 'no time left'}) before any plan was found: the "
            f"assignment of {len(problem.tasks)} tasks to {len(problem.capacities)} teachers "
            f"({len(problem.candidates)} qualified pairs) was at its first stage, "
            f"{names[0] if names else '-'}",
            hint="Raise wall_limit in settings.csv (seconds for the whole command), or plan fewer years.",
        )
    x, u = plan
    return Answer(x, u, stages, time.perf_counter() - start)


def _slack(problem: Problem) -> bool:
    """Some weekly room is held at a share of its whole room."""
    return not problem.whole_rooms and any(r.hours < r.room for r in problem.rooms)


def _within_whole_rooms(model: AssignmentMip, reached: MipStage, nodes: int, wall: float) -> MipStage | None:
    """Uncovered hours within the share of the weekly rooms, unless the whole rooms cover more.

    The share of a teacher's weekly room a plan may use leaves the week layout
    some slack; it must not cost hours. The LP bound of the uncovered hours is
    taken with the share and with the whole rooms: when the whole rooms'
    bound is lower, the share would give hours back to the weekly caps that a
    plan could hold, so the stage is solved again within the whole rooms,
    which then hold for the stages after it.
    """
    share = model.lp_bound("uncovered")
    model.whole_rooms(True)
    if model.lp_bound("uncovered") >= share:  # the share costs no hour: keep its slack
        model.whole_rooms(False)
        return reached
    return model.solve_stage("uncovered", nodes=nodes, wall=wall, warm=False)


def solve_minmax(
    model: AssignmentMip, name: str, *, nodes: int, probes: int = 8, wall: float | None = None
) -> MipStage | None:
    """A min–max stage (fairness): the MIP, then, if a gap is left, probes of its bound.

    A probe caps the stage's top (every permanent teacher's HC) at the best
    proven bound and asks HiGHS for any plan under it: with such a cap a
    plan is found, or shown not to exist, far sooner than by minimising.
    A plan found at the bound proves the stage; a cap proven impossible
    raises the bound by one step. At most ``probes`` probes, each within
    ``nodes`` nodes: deterministic.
    """
    import highspy
    import numpy as np

    from planner.assign.highs import INF
    from planner.assign.mip import MipStage

    t0 = time.perf_counter()
    first = model.solve_stage(name, nodes=max(1, nodes // 5), wall=wall, warm=False, hold=False)
    if first is None:
        return None
    value, bound, done = first.value, first.bound, first.nodes
    column = int(model.objectives[name][0][0])
    step = model.step[name]
    for _ in range(probes if value > bound else 0):
        model.h.changeColBounds(column, 0.0, float(bound // step))
        found = model.run(name, None, wall)
        status = model.h.getModelStatus()
        done += int(model.h.getInfo().mip_node_count)
        if found is not None and found[2] <= bound:
            value = found[2]
            model.values = model.complete(np.array(found[0], dtype=float))
            break
        if status != highspy.HighsModelStatus.kInfeasible:
            break  # neither found nor ruled out within the limit: the bound stays
        bound += step
        if bound >= value:
            break
    model.h.changeColBounds(column, 0.0, INF)
    model.hold(name, value)
    return MipStage(name, value, min(bound, value), bound >= value, time.perf_counter() - t0, done)


def _cp_from(
    problem: Problem,
    names: list[str],
    held: dict[str, int],
    plan: tuple[list[int], list[int]] | None,
    stages: list[Stage],
    start: float,
    options: SolveOptions,
    stop: Stop,
    progress: Progress | None = None,
) -> Answer:
    """CP-SAT for the stages HiGHS could not solve, the ones before held."""
    cp = AssignmentModel(problem, stop)
    answer = cp.solve(
        time_limit=options.time_limit,
        seed=options.seed,
        workers=options.workers,
        wall_limit=max(0.1, options.wall_limit - (time.perf_counter() - start)),
        initial=plan[0] if plan is not None else None,
        held=held,
        names=names,
        progress=progress,
    )
    if plan is None and held:
        raise PlannerError("the solver found no plan")
    return Answer(answer.x, answer.u, stages + answer.stages, time.perf_counter() - start)
