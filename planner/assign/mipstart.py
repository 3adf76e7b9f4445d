"""A starting plan for CP-SAT from the MIP of the first two stages.

Coverage then cost is a MIP with a strong LP relaxation: a MIP solver bundled
with OR-Tools (SCIP, else CBC, through ``pywraplp``) finds a cheap
full plan in a fraction of a second for one department, where CP-SAT's search
alone can stall on large instances. CP-SAT then starts from that plan (a hint)
and still proves every stage itself. Uncovered hours weigh far more than any
cost, so the MIP keeps the stage order.
"""

from __future__ import annotations

from ortools.linear_solver import pywraplp

from planner.assign.problem import Problem

SOLVERS = ("SCIP", "CBC")


def mip_start(problem: Problem, seconds: float) -> list[int] | None:
    """Units per candidate of a good plan, or None if no MIP solver gave one in time.

    ``seconds`` is wall-clock time: a MIP cut short by it may give a start that
    depends on machine load (one department ends in well under a second).
    """
    solver = next((s for s in map(pywraplp.Solver.CreateSolver, SOLVERS) if s), None)
    if solver is None:
        return None
    p = problem
    x = [solver.IntVar(0, p.tasks[c.task].units, "") for c in p.candidates]
    u = [solver.IntVar(0, t.units, "") for t in p.tasks]
    by_task: list[list] = [[] for _ in p.tasks]
    load: list[list] = [[] for _ in p.capacities]
    for c, var in zip(p.candidates, x):
        by_task[c.task].append(var)
        load[c.teacher].append(float(c.hetd) * var)
    for i, task in enumerate(p.tasks):
        solver.Add(solver.Sum(by_task[i]) + u[i] == task.units)
    cost = []
    for i, cap in enumerate(p.capacities):
        solver.Add(solver.Sum(load[i]) <= float(cap.limit) + 1e-6)
        hc = solver.NumVar(0, solver.infinity(), "")
        solver.Add(hc >= solver.Sum(load[i]) + float(cap.other - cap.service))
        cost.append(float(cap.hc_rate) * hc)
    index = {(c.teacher, c.task): k for k, c in enumerate(p.candidates)}
    for lock in p.locks:
        solver.Add(solver.Sum([x[index[(lock.teacher, t)]] for t in lock.tasks]) >= lock.units)
    for limit in p.limits:
        tasks = set(limit.tasks)
        terms = [
            p.tasks[c.task].unit_hours * var
            for c, var in zip(p.candidates, x)
            if c.teacher == limit.teacher and c.task in tasks
        ]
        if terms:
            solver.Add(solver.Sum(terms) <= limit.hours)
    top_rate = max((float(cap.hc_rate) for cap in p.capacities), default=1.0)
    weight = 100 * max(top_rate, 1.0)  # one uncovered HETD outweighs any cost change
    solver.Minimize(
        weight * solver.Sum([float(t.unit_hetd) * v for t, v in zip(p.tasks, u)]) + solver.Sum(cost)
    )
    solver.SuppressOutput()
    solver.SetTimeLimit(max(1, int(seconds * 1000)))
    status = solver.Solve()
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return None
    if status == pywraplp.Solver.FEASIBLE and any(v.solution_value() > 0.5 for v in u):
        return None  # cut short with hours uncovered: a poor start, CP-SAT does better alone
    return [int(round(v.solution_value())) for v in x]
