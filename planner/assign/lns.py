"""Fix and optimise: the combinatorial stages improved a few teachers at a time.

Fragmentation and wishes are slow for a MIP solver as a whole (a weak LP
relaxation, a costly root node) but easy on a small part: free the units of a
handful of teachers who share modules, keep every other unit where it is,
and let HiGHS find the best plan of that part, with the stages before held.
A plan is kept only if the stage's exact value falls. The neighbourhoods
come in a fixed order and their number is bounded, so the result does not
depend on the machine. The stage's proven bound is the LP relaxation's. A
plan kept close to a reference (a scenario, a new try) searches only the
neighbourhoods of the teachers whose units moved from it. A part that found
nothing is not solved again while its setting (``setting``) stays the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from planner.assign.objective import STAGES

if TYPE_CHECKING:
    from planner.assign.mip import AssignmentMip

# teachers freed together, small and fast sub-problems first (a module taught by two
# teachers rarely merges without a third one to take the load the move shifts)
GROUPS = {"fragmentation": (3, 4), "wishes": (2, 3, 4)}


def neighbourhoods(model: AssignmentMip, name: str, group: int) -> list[list[int]]:
    """Sets of candidates to free (of at most ``group`` teachers), in a fixed order, for stage ``name``."""
    p = model.problem
    found = model.plan()
    assert found is not None, "a neighbourhood is made around a plan"
    x, _ = found
    of_teacher: dict[int, list[int]] = {}
    for k, c in enumerate(p.candidates):
        of_teacher.setdefault(c.teacher, []).append(k)
    teaching: dict[tuple[int, str], set[int]] = {}  # module -> teachers with units of it
    for k, c in enumerate(p.candidates):
        if x[k]:
            part = p.tasks[c.task].part
            teaching.setdefault((part.year, part.code), set()).add(c.teacher)
    shared: dict[int, dict[int, int]] = {}  # teacher -> teacher -> tasks both may take
    by_task: dict[int, list[int]] = {}
    for c in p.candidates:
        by_task.setdefault(c.task, []).append(c.teacher)
    for teachers in by_task.values():
        for a in teachers:
            for b in teachers:
                if a != b:
                    shared.setdefault(a, {})[b] = shared.get(a, {}).get(b, 0) + 1
    groups: list[tuple[int, ...]] = []
    if name == "fragmentation":  # the teachers of each module taught by several
        for module in sorted(teaching):
            teachers = sorted(teaching[module])
            if len(teachers) > 1:
                groups.append(tuple(teachers[:group]))
    for t in sorted(shared):  # each teacher with those sharing most of their tasks
        close = sorted(shared[t], key=lambda o: (-shared[t][o], o))[: group - 1]
        groups.append(tuple(sorted([t, *close])))
    touched = _touched(model, x)
    seen, out = set(), []
    for g in groups:
        if touched is not None and not touched & set(g):
            continue  # a plan kept close to a reference: only what moved from it is searched again
        if g not in seen:
            seen.add(g)
            out.append(sorted(k for t in g for k in of_teacher.get(t, [])))
    return out


def _touched(model: AssignmentMip, x: list[int]) -> set[int] | None:
    """With a plan kept close to a reference (``Problem.stable``), the teachers whose units differ
    from it: a scenario, or a new try, searches again what it changed; None otherwise."""
    p = model.problem
    if not p.stable:
        return None
    return {
        c.teacher
        for k, c in enumerate(p.candidates)
        if x[k] != min(p.reference.get((c.teacher, c.task), 0), p.tasks[c.task].units)
    }


def improve(model: AssignmentMip, name: str, budget: int, nodes: int = 200) -> int:
    """Free neighbourhood after neighbourhood (at most ``budget``), keeping each better plan.

    Few teachers at a time first, then more (``GROUPS``); passes of one size
    repeat while one of them improves the stage. Returns the number of
    sub-problems solved.
    """
    solved = 0
    fruitless: dict[tuple[int, ...], bytes] = {}  # a part -> its setting when it last found nothing
    for group in GROUPS.get(name, (2, 3, 4)):
        improved = True
        while improved and solved < budget and not model.stop.requested:
            improved = False
            for free in neighbourhoods(model, name, group):
                if solved >= budget or model.stop.requested:
                    break
                solved += 1  # a part found fruitless again counts: the plan is the same with or without it
                key, now = tuple(free), setting(model, name, free)
                if fruitless.get(key) == now:
                    continue  # the same sub-problem, from the same plan: nothing to find again
                if solve_part(model, name, free, nodes):
                    improved = True
                else:
                    fruitless[key] = now
    free_all(model)
    return solved


def setting(model: AssignmentMip, name: str, free: list[int]) -> bytes:
    """All stage ``name``'s sub-problem of a part takes from the plan: the units of every
    candidate of its tasks (its own, the start), and the rest's share of the sum of every
    stage before and of the top HC (the rows that hold those stages). Every other row of a
    candidate is its teacher's own, and a part frees its teachers whole. The same setting, the
    same sub-problem and start."""
    assert model.values is not None, "a part's setting is read from a plan"
    pm, v = model.math, model.values
    index = np.array(free, dtype=np.int64)
    mine = np.zeros(model.n, dtype=bool)
    teachers = np.zeros(len(model.ihc), dtype=bool)
    teachers[pm.teacher[index]] = True
    tasks = np.zeros(len(model.iu), dtype=bool)
    tasks[pm.task[index]] = True
    groups = np.zeros(len(model.iy), dtype=bool)
    groups[pm.group[index]] = True
    mine[index] = True
    for cols, of in ((model.ihc, teachers), (model.iss, teachers), (model.iu, tasks), (model.iy, groups)):
        mine[cols[of]] = True
    if len(model.id):
        mine[model.id[index]] = True
    if len(model.iz):
        mine[model.iz[np.isin(pm.pass_k, index)]] = True
    before = (model.objectives[b] for b in STAGES[: STAGES.index(name)])  # held, in the order solved
    sums = [float(c[~mine[k]] @ v[k[~mine[k]]]) for k, c in before]
    top = v[model.ihc[~teachers & pm.permanent]].max(initial=0.0)
    units = np.rint(v[model.ix[tasks[pm.task]]]).astype(np.int64)
    return units.tobytes() + np.array([*sums, top]).tobytes()


def solve_part(model: AssignmentMip, name: str, free: list[int], nodes: int) -> bool:
    """Optimise stage ``name`` over the candidates ``free`` alone, every other unit kept;
    keep the plan if the stage's exact value falls (True)."""
    assert model.values is not None, "a part is optimised around a plan"
    h, xv = model.h, model.values[model.ix]
    lower, upper = xv.copy(), xv.copy()
    index = np.array(free, dtype=np.int32)
    lower[index] = 0.0
    upper[index] = model.units[index]
    if len(model.iz):  # a teacher's full weekly chunk rows stay as they are (their z's: LNS's cost)
        held = model.math.held(np.rint(xv).astype(np.int64))
        np.minimum.at(upper, model.math.pass_k[held], model.math.pass_above[held].astype(float))
    h.changeColsBounds(len(model.ix), model.ix.astype(np.int32), lower, upper)
    model.set_costs(name)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_max_nodes", int(nodes))
    current = model.value(name)
    found = model.run(name, model.plan(), None)
    if found is None or found[2] >= current:
        return False
    model.values = model.complete(np.array(found[0], dtype=float))
    return True


def free_all(model: AssignmentMip) -> None:
    """Every candidate free again after ``solve_part``."""
    model.h.changeColsBounds(len(model.ix), model.ix.astype(np.int32), np.zeros(len(model.ix)), model.units)
