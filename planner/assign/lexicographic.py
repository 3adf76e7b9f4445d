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

import contextlib
import multiprocessing
import queue
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from planner.assign.bounds import floor_bound, lp_bound, lp_units, strengthen
from planner.assign.cpsat import Answer, AssignmentModel
from planner.assign.limits import HourLimit
from planner.assign.objective import divisor, stage_names
from planner.assign.problem import Problem
from planner.assign.split import SPLIT, departments_of, sub_problems
from planner.errors import PlannerError
from planner.interrupt import Stop, worker_pool
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
# the stages a cut is checked after (``Cuts``): the later ones move little, and a repair follows
FIRST = ("uncovered", "cost", "sous_service", "fairness")
CUT_ROUNDS = 4  # most times the stages are solved again with new cuts


@dataclass(frozen=True)
class Cut:
    """Hour limits a plan breaks that the model does not state, and that plan mended to keep them."""

    limits: list[HourLimit]
    start: list[int]  # units per candidate: the units over a limit given to other teachers


# a plan (units per candidate) -> its cut
Cuts = Callable[[Problem, list[int]], Cut]


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
    cuts: Cuts | None = None,
) -> Answer:
    """Every stage of ``problem`` in priority order; the plan and what each stage reached.

    ``options`` gives the limits, seed, threads and engine; ``stop`` ends the
    search early, keeping the best plan found. ``cuts`` reads the plan after
    the first stages (``FIRST``): the limits it returns are added and every
    stage is solved again from the plan it mended (a stage whose former
    bound that plan reaches is not solved again), at most ``CUT_ROUNDS`` times (HiGHS on the whole
    problem; not for an IUT solved by departments, nor by CP-SAT alone).
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
    by_departments = len(problem.candidates) > SPLIT and len(departments_of(problem)) > 1
    model = AssignmentMip(problem, seed=options.seed, stop=stop)
    if by_departments:  # the sub-plans of the departments: a plan of the whole, held stage by stage
        if _slack(problem) and _share_costs(model):  # decided for the whole IUT, before the split
            model.whole_rooms(True)
        initial = _departments_plan(problem, lp_units(model, "uncovered"), options, stop, progress)
        model.whole_rooms(problem.whole_rooms)  # a department whose share cost hours widened its own
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
    checked = _checked_after(names) if cuts is not None and not by_departments else -1
    k, rounds = 0, 0
    bounds: dict[str, int] = {}  # each stage's proven bound in this round
    carried: dict[str, int] = {}  # the bounds of the round before a cut, while they still hold
    while k < len(names):
        name = names[k]
        if stop.requested:
            stages += [Stage(n, float("nan"), float("nan"), NOT_SOLVED, 0.0, HIGHS) for n in names[k:]]
            break
        t0 = time.perf_counter()
        wall = max(0.1, options.wall_limit - (t0 - start)) / (len(names) - k)
        if name == "fragmentation":
            strengthen(model, held.get("fairness"))
        if name in carried and model.plan() is not None and model.value(name) <= carried[name]:
            # after a cut, the start reaches the bound proven before it (a cut only takes plans away)
            value = bound = model.value(name)
            engine = HIGHS
            model.hold(name, value)
        elif by_departments and model.plan() is not None:  # the departments' plan, against the whole's bound
            value = model.value(name)
            # a whole IUT's fragmentation LP (its strengthened rows): 2–4 × sooner by interior point
            bound = lp_bound(model, name, "ipm" if name == "fragmentation" else "choose")
            if name == "fairness" and value > bound:  # the LP spreads HC: each top teacher's own least
                bound = max(bound, floor_bound(model, name, value))
            bound, engine = min(value, bound), f"{HIGHS} (by departments)"
            model.hold(name, value)
        elif name in PARTWISE and len(problem.candidates) > WHOLE:
            improve(model, name, options.mip_neighbourhoods, nodes=min(options.mip_nodes, 200))
            value = model.value(name)
            bound, engine = min(value, lp_bound(model, name)), f"{HIGHS} (by parts)"
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
        held[name], bounds[name] = value, bound
        if name not in carried or value > carried[name]:
            carried = {}  # a stage above its former bound: the later bounds no longer hold
        status = "optimal" if bound >= value else ("feasible" if not stop.requested else INTERRUPTED)
        unit = divisor(name, scale)
        stages.append(Stage(name, value / unit, bound / unit, status, time.perf_counter() - t0, engine))
        if progress is not None:
            progress(Step(ASSIGNMENT, stages[-1], time.perf_counter() - start))
        k += 1
        if k - 1 == checked and rounds < CUT_ROUNDS and not stop.requested:
            assert cuts is not None
            plan = model.plan()
            found = cuts(problem, plan[0]) if plan is not None else None
            if found is not None and found.limits:  # a rule the linear rows do not see: every stage again
                model.add_limits(found.limits)
                model.start(found.start)  # the plan with the units given away, if it keeps every rule
                carried = dict(bounds)
                k, rounds, held, stages, bounds = 0, rounds + 1, {}, [], {}
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
    return Answer(x, u, stages, time.perf_counter() - start, problem.whole_rooms)


def _checked_after(names: list[str]) -> int:
    """The stage after which a plan is checked against the cuts: the last of the first stages."""
    first = [k for k, name in enumerate(names) if name in FIRST]
    return first[-1] if first else -1


def _departments_plan(
    problem: Problem, units, options: SolveOptions, stop: Stop, progress: Progress | None = None
) -> list[int]:
    """A plan of the whole from each department's sub-plan (``assign.split``), ``units`` the whole's
    LP relaxation that splits the shared teachers.

    With several workers the sub-problems are solved in as many processes at
    once (each on one thread, within deterministic limits: the same plan
    whatever the order they end in); in a daemonic process (a pool's worker, which may not
    start processes) one after the other. ``progress`` is told of each department done.
    """
    start = time.perf_counter()
    subs = sub_problems(problem, units)
    one = options.given(workers=1)
    x = [0] * len(problem.candidates)
    with contextlib.ExitStack() as stack:
        if options.workers > 1 and len(subs) > 1 and not multiprocessing.current_process().daemon:
            workers = min(options.workers, len(subs))
            pool = stack.enter_context(worker_pool(workers))
            jobs = [(sub.problem, one) for sub in subs]
            answers: Iterator[tuple[int, Answer]] = _pooled(pool, jobs, workers, stop)
        else:
            answers = ((k, solve_stages(sub.problem, one, stop=stop)) for k, sub in enumerate(subs))
        for k, answer in answers:  # as each department ends: the plan is the same in any order
            sub = subs[k]
            for c, n in zip(sub.candidates, answer.x):
                x[c] = n
            problem.whole_rooms = problem.whole_rooms or answer.whole_rooms
            if progress is not None and answer.stages:  # the department's uncovered hours, and all its time
                first, proven = answer.stages[0], all(s.status == "optimal" for s in answer.stages)
                done = replace(first, name=f"department {sub.department}", seconds=answer.seconds)
                done = replace(done, status="optimal" if proven else "feasible")
                progress(Step(ASSIGNMENT, done, time.perf_counter() - start))
            if stop.requested:
                break
    return x


def _pooled(pool, jobs: list, workers: int, stop: Stop) -> Iterator[tuple[int, Answer]]:
    """Each job's index and answer as it ends, until the last or until ``stop`` is requested.

    At most ``workers`` jobs are handed out at once, each to an idle worker as soon as one is
    (the largest problems first: a long one met last would leave the other workers idle
    while it ends): a pool terminated while its feeder thread still writes queued jobs (large
    problems, more than a pipe holds) waits for that write forever.
    """
    waiting = sorted(range(len(jobs)), key=lambda k: (-len(jobs[k][0].candidates), k))
    ended: queue.SimpleQueue[int] = queue.SimpleQueue()
    running: dict[int, multiprocessing.pool.AsyncResult] = {}
    while waiting or running:
        while waiting and len(running) < workers:
            k = waiting.pop(0)
            running[k] = pool.apply_async(
                _solve_sub,
                (jobs[k],),
                callback=lambda _, k=k: ended.put(k),
                error_callback=lambda _, k=k: ended.put(k),
            )
        try:
            k = ended.get(timeout=0.2)
        except queue.Empty:
            if stop.requested:  # leaving the pool's block terminates it
                return
            continue
        yield k, running.pop(k).get()


def _solve_sub(job: tuple[Problem, SolveOptions]) -> Answer:
    """One department's stages, in a worker process (Ctrl-C is the parent's to handle)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return solve_stages(*job)


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
    which then hold for the stages after it. When the bounds are the same,
    whole units may still fit the whole rooms and not the share: the stage is
    solved within the whole rooms too, and they are kept if they cover more.
    """
    if _share_costs(model):
        model.whole_rooms(True)
        return model.solve_stage("uncovered", nodes=nodes, wall=wall, warm=False)
    kept = model.values
    model.whole_rooms(True)
    whole = model.solve_stage("uncovered", nodes=nodes, wall=wall, warm=False, hold=False)
    if whole is not None and whole.value < reached.value:
        model.hold("uncovered", whole.value)
        return whole
    model.whole_rooms(False)  # the share costs no hour: keep its slack, and the plan found within it
    model.values = kept
    return reached


def _share_costs(model: AssignmentMip) -> bool:
    """Whether the LP bound of the uncovered hours is lower within the whole weekly rooms than
    within the share of them a plan may use (the rooms are left as they were)."""
    share = lp_bound(model, "uncovered")
    model.whole_rooms(True)
    whole = lp_bound(model, "uncovered")
    model.whole_rooms(False)
    return whole < share


def solve_minmax(
    model: AssignmentMip, name: str, *, nodes: int, probes: int = 8, wall: float | None = None
) -> MipStage | None:
    """A min–max stage (fairness): the MIP, then, if a gap is left, probes between bound and value.

    The LP bound of a min–max is weak (it spreads HC over every teacher); each
    of the teachers at the top has an LP bound of their own, the least HC the
    stages before leave them, and the largest of these is a bound too. A probe
    caps the stage's top (every permanent teacher's HC) and asks HiGHS for any
    plan under it, found or shown not to exist far sooner than by minimising:
    first at the bound, then halfway between what is proven and what is found.
    A plan found lowers the value; a cap proven impossible raises the bound.
    At most ``probes`` probes, each within ``nodes`` nodes: deterministic.
    """
    import highspy
    import numpy as np

    from planner.assign.highs import INF
    from planner.assign.mip import MipStage

    t0 = time.perf_counter()
    # from the plan so far when kept close to a reference (a scenario, a new try): it is near the top
    warm = model.problem.stable
    first = model.solve_stage(name, nodes=max(1, nodes // 5), wall=wall, warm=warm, hold=False)
    if first is None:
        return None
    value, done = first.value, first.nodes
    step = model.step[name]
    bound = max(first.bound, floor_bound(model, name, value)) if value > first.bound else first.bound
    column = int(model.objectives[name][0][0])
    low = bound  # where the next probe starts: above a cap neither found nor ruled out
    for i in range(probes):
        cap = bound if i == 0 else step * ((low + value) // (2 * step))
        if bound >= value or cap >= value:
            break
        model.h.changeColBounds(column, 0.0, float(cap // step))
        found = model.run(name, None, wall)
        status = model.h.getModelStatus()
        done += int(model.h.getInfo().mip_node_count)
        if found is not None and found[2] <= cap:
            value = found[2]
            model.values = model.complete(np.array(found[0], dtype=float))
        elif status == highspy.HighsModelStatus.kInfeasible:
            bound = low = cap + step
        else:
            low = cap + step  # neither found nor ruled out within the limit: look higher
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
    return Answer(
        answer.x, answer.u, stages + answer.stages, time.perf_counter() - start, problem.whole_rooms
    )
