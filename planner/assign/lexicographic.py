"""The assignment's stages in priority order, each solved by the engine that suits it.

HiGHS (``planner.assign.mip``) solves every stage as a MIP, in turn, each
held at its value while the next is optimised: uncovered, cost, sous-service
and fairness have strong LP relaxations and are proven in well under a second
for a department. A stage proven by the MIP is final: CP-SAT does not solve it
again. Where the MIP stops with a gap (its node limit reached), CP-SAT
continues that stage from the MIP's plan, with the stages before it held, for
a share of the deterministic ``time_limit``; the better plan is kept and the
better of both proven bounds reported. Without HiGHS (``highspy`` missing, or
the ``mip`` setting off) CP-SAT solves every stage, as before.

Every limit is deterministic (HiGHS: nodes, gap; CP-SAT: deterministic
time), so the same inputs and settings give the same plan whatever the
machine's load; ``wall_limit`` is a wall-clock safety net only.
"""

from __future__ import annotations

import time

from planner.assign.cpsat import SHARE, Answer, AssignmentModel
from planner.assign.objective import divisor, evaluate, stage_names
from planner.assign.problem import Problem
from planner.errors import PlannerError
from planner.interrupt import STOP
from planner.stages import INTERRUPTED, NOT_SOLVED, Stage

HIGHS, CPSAT = "HiGHS", "CP-SAT"
# stages a MIP run starts from the last plan: the later, combinatorial ones, where
# HiGHS's own heuristics find no plan quickly; the first ones solve best from scratch
WARM = ("stability", "fragmentation", "wishes")


def highs_available() -> bool:
    try:
        import highspy  # noqa: F401
    except ImportError:
        return False
    return True


def solve_stages(
    problem: Problem,
    *,
    time_limit: float,
    seed: int,
    workers: int,
    wall_limit: float,
    mip: bool = True,
    nodes: int = 500,
    initial: list[int] | None = None,
) -> Answer:
    """Every stage of ``problem`` in priority order; the plan and what each stage reached."""
    if not (mip and highs_available()):
        return AssignmentModel(problem).solve(
            time_limit=time_limit, seed=seed, workers=workers, wall_limit=wall_limit, initial=initial
        )
    from planner.assign.mip import AssignmentMip

    start = time.perf_counter()
    names = stage_names(problem)
    model = AssignmentMip(problem, seed=seed)
    scale = model.scale
    if initial is None and problem.reference:
        initial = [
            min(problem.reference.get((c.teacher, c.task), 0), problem.tasks[c.task].units)
            for c in problem.candidates
        ]
    if initial is not None:
        model.start(initial)  # kept only if it keeps every hard constraint
    cp: AssignmentModel | None = None
    cp_left = float(time_limit)
    held: dict[str, int] = {}
    stages: list[Stage] = []
    for k, name in enumerate(names):
        if STOP.requested:
            stages += [Stage(n, float("nan"), float("nan"), NOT_SOLVED, 0.0, HIGHS) for n in names[k:]]
            break
        wall_left = max(0.1, wall_limit - (time.perf_counter() - start))
        t0 = time.perf_counter()
        reached = model.solve_stage(name, nodes=nodes, wall=wall_left / (len(names) - k), warm=name in WARM)
        if reached is None:  # HiGHS found no valid plan: CP-SAT takes over from here
            return _cp_from(
                problem, names[k:], held, model.plan(), stages, start, time_limit, seed, workers, wall_limit
            )
        value, bound, engine = reached.value, reached.bound, HIGHS
        if not reached.proven and not STOP.requested and cp_left > 0.05:
            if cp is None:
                cp = AssignmentModel(problem)
                for done, v in held.items():
                    cp.hold_value(done, v)
            budget = cp_left * SHARE[name] / sum(SHARE[n] for n in names[k:])
            x = model.plan()[0]
            better = cp.improve(name, x, budget, seed, workers, wall_left / (len(names) - k))
            cp_left -= budget
            if better is not None:
                stage, bx, bu = better
                engine = f"{HIGHS} + {CPSAT}"
                bound = max(bound, stage.bound)
                if stage.value < value and evaluate(problem, bx, bu, scale)[name] <= stage.value:
                    value = stage.value
                    model.start(bx)
                    model.hold(name, value)
        if cp is not None:
            cp.hold_value(name, value)
        held[name] = value
        status = "optimal" if bound >= value else ("feasible" if not STOP.requested else INTERRUPTED)
        unit = divisor(name, scale)
        stages.append(Stage(name, value / unit, bound / unit, status, time.perf_counter() - t0, engine))
    x, u = model.plan()
    return Answer(x, u, stages, time.perf_counter() - start)


def _cp_from(problem, names, held, plan, stages, start, time_limit, seed, workers, wall_limit) -> Answer:
    """CP-SAT for the stages HiGHS could not solve, the ones before held."""
    cp = AssignmentModel(problem)
    answer = cp.solve(
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        wall_limit=max(0.1, wall_limit - (time.perf_counter() - start)),
        initial=plan[0] if plan is not None else None,
        held=held,
        names=names,
    )
    if plan is None and held:
        raise PlannerError("the solver found no plan")
    return Answer(answer.x, answer.u, stages + answer.stages, time.perf_counter() - start)
