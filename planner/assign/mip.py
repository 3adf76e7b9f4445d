"""The assignment model as a MIP (HiGHS through ``highspy``), solved stage by stage.

Same variables, constraints and integer stage objectives as the CP-SAT model
(``planner.assign.objective``): ``x`` units per candidate and ``u`` uncovered
units per task (integers), heures complémentaires ``hc`` and sous-service
``ss`` per teacher, the largest HC load ``top``, the moves ``d`` away from a
reference plan (continuous: at an optimum they sit on their lower bounds),
and ``y`` per (teacher, module) pair used (binary). Each stage is minimised
and then held (``objective <= value``) while the next one is.

Uncovered, cost, sous-service and the min–max fairness stage have strong LP
relaxations: HiGHS proves them in a fraction of a second for a department. A
stage ends when it is proven (its value and bound differ by less than one unit
of the integer objective), when the relative gap falls under the ``gap``
asked for, or on a node limit: all three are deterministic, so the plan does
not depend on the machine's load. A wall-clock limit is a safety net only.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import highspy
import numpy as np

from planner.assign.highs import INF, Rows, empty, highs, solution
from planner.assign.limits import HourLimit
from planner.assign.objective import PlanMath, module_groups, rate, scale_of
from planner.assign.problem import Problem
from planner.interrupt import Stop


@dataclass(frozen=True)
class MipStage:
    """What HiGHS reached on one stage, in the scaled integer unit of ``objective``."""

    name: str
    value: int  # exact value of the plan found
    bound: int  # proven lower bound
    proven: bool
    seconds: float
    nodes: int


class AssignmentMip:
    """The MIP of one assignment problem; ``solve_stage`` optimises one stage and holds it."""

    def __init__(self, problem: Problem, threads: int = 1, seed: int = 0, stop: Stop | None = None):
        self.problem = p = problem
        self.stop = stop if stop is not None else Stop()
        self.scale = scale_of(problem)
        self.math = PlanMath(problem, self.scale)
        self.h = highs(seed, threads)
        self.by_task: list[list[int]] = [[] for _ in p.tasks]
        self.by_teacher: dict[int, list[int]] = {}
        for k, c in enumerate(p.candidates):
            self.by_task[c.task].append(k)
            self.by_teacher.setdefault(c.teacher, []).append(k)
        self.rows = Rows()
        self._variables()
        self._cover()
        self._capacity()
        self._locks()
        self._hour_limits()
        self._week_rooms()
        self._week_shapes()
        self._week_chunks()
        self._modules()
        self._stability()
        self.rows.flush(self.h)
        self.objectives = self._objectives()
        self.values: np.ndarray | None = None
        self.held: list[int] = []  # the rows that hold the stages solved

    # --- variables and hard constraints (one rule per method, as ``cpsat.AssignmentModel``) ---

    def _variables(self) -> None:
        """x and u (integers), hc, ss and top, y per (teacher, module) pair (binary), d for stability,
        z per (candidate, threshold) of the weekly chunks (binary)."""
        p = self.problem
        nc, nt, nk = len(p.candidates), len(p.tasks), len(p.capacities)
        self.groups = list(module_groups(p).values())
        ng = len(self.groups)
        self.ix = np.arange(nc)
        self.iu = nc + np.arange(nt)
        self.ihc = nc + nt + np.arange(nk)
        self.iss = nc + nt + nk + np.arange(nk)
        self.itop = nc + nt + 2 * nk
        self.iy = self.itop + 1 + np.arange(ng)
        self.id = self.itop + 1 + ng + np.arange(nc if p.stable else 0)
        self.iz = self.itop + 1 + ng + len(self.id) + np.arange(len(self.math.pass_k))
        self.n = n = self.itop + 1 + ng + len(self.id) + len(self.iz)
        lower, upper = np.zeros(n), np.full(n, INF)
        upper[self.ix] = [p.tasks[c.task].units for c in p.candidates]
        upper[self.iu] = [t.units for t in p.tasks]
        upper[self.iy] = 1.0
        upper[self.iz] = 1.0
        for i, cap in enumerate(p.capacities):
            if cap.service == 0:
                upper[self.iss[i]] = 0.0
        self.h.addCols(n, np.zeros(n), lower, upper, *empty())
        integer = self.integer = np.concatenate([self.ix, self.iu, self.iy, self.iz]).astype(np.int32)
        self.h.changeColsIntegrality(
            len(integer), integer, np.full(len(integer), highspy.HighsVarType.kInteger)
        )
        self.units = upper[self.ix].copy()

    def _cover(self) -> None:
        """Every unit of a task covered once or left uncovered."""
        for i, task in enumerate(self.problem.tasks):
            terms = [(k, 1.0) for k in self.by_task[i]] + [(self.iu[i], 1.0)]
            self.rows.add(terms, task.units, task.units)

    def _capacity(self) -> None:
        """Each teacher within their limit; their heures complémentaires, sous-service, the top HC."""
        p, s, rows = self.problem, self.scale, self.rows
        load: list[list[tuple[int, float]]] = [[] for _ in p.capacities]
        for k, c in enumerate(p.candidates):
            load[c.teacher].append((k, float(c.hetd * s)))
        for i, cap in enumerate(p.capacities):
            other, service, limit = (float(v * s) for v in (cap.other, cap.service, cap.limit))
            if load[i]:
                rows.add(load[i], -INF, limit)
            rows.add(load[i] + [(self.ihc[i], -1.0)], -INF, service - other)  # hc >= load + other - service
            if cap.service > 0:
                rows.add(load[i] + [(self.iss[i], 1.0)], service - other, INF)  # ss >= service - other - load
            if cap.permanent:
                rows.add([(self.itop, 1.0), (self.ihc[i], -1.0)], 0.0, INF)  # top >= hc

    def _locks(self) -> None:
        """At least the locked units of a teacher's locked tasks."""
        index = {(c.teacher, c.task): k for k, c in enumerate(self.problem.candidates)}
        for lock in self.problem.locks:
            self.rows.add([(index[(lock.teacher, t)], 1.0) for t in lock.tasks], lock.units, INF)

    def _hour_limits(self, limits: list[HourLimit] | None = None) -> None:
        """Hours a teacher may get in some semesters or parts (e.g. what weekly caps allow)."""
        p = self.problem
        for limit in p.limits if limits is None else limits:
            tasks = set(limit.tasks)
            terms = [
                (k, float(p.tasks[p.candidates[k].task].unit_hours))
                for k in self.by_teacher.get(limit.teacher, [])
                if p.candidates[k].task in tasks
            ]
            if terms:
                self.rows.add(terms, -INF, float(limit.hours))

    def _week_rooms(self) -> None:
        """What a teacher's units must place in a block of weeks within their room there."""
        p = self.problem
        self.room_rows: list[int] = []  # row of each weekly room, to widen it to the whole room
        for room in p.rooms:
            mine = {p.candidates[k].task: k for k in self.by_teacher.get(room.teacher, [])}
            terms = [(mine[t], float(h)) for t, h in room.terms if t in mine]
            self.room_rows.append(len(self.rows.lower))
            self.rows.add(terms, -INF, room.bound(p.whole_rooms))

    def _week_shapes(self) -> None:
        """At most the groups of a part a teacher's weekly room holds (they share the part's weeks)."""
        p = self.problem
        index = {(c.teacher, c.task): k for k, c in enumerate(p.candidates)}
        for shape in p.shapes:
            k = index.get((shape.teacher, shape.task))
            if k is not None and shape.units < self.units[k]:
                self.units[k] = shape.units
                self.h.changeColBounds(int(k), 0.0, float(shape.units))

    def _week_chunks(self) -> None:
        """Few sessions of many groups share a week: z = 1 when x passes its threshold, weighted
        z's within what the block's weeks hold."""
        pm = self.math
        for z, k, above in zip(self.iz.tolist(), pm.pass_k.tolist(), pm.pass_above.tolist()):
            self.rows.add([(k, 1.0), (z, -float(max(0, self.units[k] - above)))], -INF, float(above))
        for zs, weights, most in pm.chunks:
            self.rows.add([(int(self.iz[z]), float(w)) for z, w in zip(zs, weights)], -INF, float(most))

    def add_limits(self, limits: list[HourLimit]) -> None:
        """New hour limits (a cut the week side found): in the problem and the model, every stage
        released and the plan found so far dropped (it breaks them)."""
        self.problem.limits = self.problem.limits + limits
        self.math = PlanMath(self.problem, self.scale)
        self.rows = Rows()
        self._hour_limits(limits)
        self.rows.flush(self.h)
        for row in self.held:
            self.h.changeRowBounds(row, -INF, INF)
        self.held = []
        self.values = None

    def whole_rooms(self, whole: bool = True) -> None:
        """Every weekly room at its whole room (or back at the share a plan may use)."""
        p = self.problem
        p.whole_rooms = self.math.whole_rooms = whole
        for row, room in zip(self.room_rows, p.rooms):
            self.h.changeRowBounds(row, -INF, float(room.bound(whole)))

    def _modules(self) -> None:
        """A teacher's units of a module only if they use it: x <= units * y."""
        p = self.problem
        for g, ks in enumerate(self.groups):
            for k in ks:
                units = p.tasks[p.candidates[k].task].units
                self.rows.add([(k, 1.0), (self.iy[g], -float(units))], -INF, 0.0)

    def _stability(self) -> None:
        """The units moved away from the reference plan: d >= |x - ref| (only when stable)."""
        p = self.problem
        if not p.stable:
            return
        for k, c in enumerate(p.candidates):
            ref = float(min(p.reference.get((c.teacher, c.task), 0), p.tasks[c.task].units))
            self.rows.add([(self.id[k], 1.0), (k, -1.0)], -ref, INF)  # d >= x - ref
            self.rows.add([(self.id[k], 1.0), (k, 1.0)], ref, INF)  # d >= ref - x

    # --- stages ---------------------------------------------------------------------

    def _objectives(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Each stage's columns and costs, divided by their greatest common divisor (``step``):
        every HC rate the same, for instance, makes the cost stage a plain sum of HC, far
        better conditioned than euros in scaled cents."""
        p, s = self.problem, self.scale
        hours = p.hour_scale()  # wishes count hours in these units, as PlanMath does
        whole = {
            "uncovered": (self.iu, [int(t.unit_hetd * s) for t in p.tasks]),
            "cost": (self.ihc, [rate(cap.hc_rate) for cap in p.capacities]),
            "sous_service": (self.iss, [1] * len(p.capacities)),
            "fairness": (np.array([self.itop]), [1]),
            "stability": (self.id, [1] * len(self.id)),
            "fragmentation": (self.iy, [1] * len(self.iy)),
            "wishes": (
                self.ix,
                [-c.preference * int(p.tasks[c.task].unit_hours * hours) for c in p.candidates],
            ),
        }
        out = {}
        self.step: dict[str, int] = {}
        for name, (cols, costs) in whole.items():
            step = math.gcd(*costs) if any(costs) else 1
            self.step[name] = step
            out[name] = (cols, np.array([c // step for c in costs], dtype=float))
        return out

    def start(self, x: list[int]) -> bool:
        """A plan (units per candidate) to start from and fall back on, if it keeps every hard constraint."""
        if self._checked(np.array(x, dtype=float)) is None:
            return False
        self.values = self.complete(np.array(x, dtype=float))
        return True

    def hold(self, name: str, value: int) -> None:
        """Keep a stage at ``value`` (scaled integer unit) from now on."""
        self._hold(*self.objectives[name], value // self.step[name])

    def complete(self, xv: np.ndarray) -> np.ndarray:
        """Every column's value for a plan given by its ``x``."""
        pm = self.math
        x = np.rint(xv).astype(np.int64)
        v = np.zeros(self.n)
        v[self.ix] = x
        v[self.iu] = pm.uncovered(x)
        done = pm.loads(x) + pm.other
        hc = np.maximum(0, done - pm.service)
        v[self.ihc] = hc
        v[self.iss] = np.where(pm.owes, np.maximum(0, pm.service - done), 0)
        v[self.itop] = hc[pm.permanent].max(initial=0)
        used = np.zeros(len(self.groups), dtype=np.int64)
        np.add.at(used, pm.group, (x > 0).astype(np.int64))
        v[self.iy] = (used > 0).astype(float)
        if self.problem.stable:
            v[self.id] = np.abs(x - pm.reference)
        v[self.iz] = pm.passes(x)
        return v

    def plan(self) -> tuple[list[int], list[int]] | None:
        """The last plan found, as (x, u)."""
        if self.values is None:
            return None
        x = np.rint(self.values[self.ix]).astype(np.int64)
        return x.tolist(), self.math.uncovered(x).tolist()

    def value(self, name: str) -> int:
        """Stage ``name``'s exact value for the last plan found."""
        assert self.values is not None, "a stage's value is read after a plan is found"
        return self.math.values(np.rint(self.values[self.ix]).astype(np.int64))[name]

    def solve_stage(
        self,
        name: str,
        *,
        gap: float = 0.0,
        nodes: int | None = None,
        wall: float | None = None,
        warm: bool = True,
        hold: bool = True,
    ) -> MipStage | None:
        """Minimise one stage from the last plan, then hold it; None if no valid plan was found.

        ``gap`` is the relative gap at which the stage may stop unproven;
        ``nodes`` a deterministic limit on the branch-and-bound nodes; ``wall``
        a wall-clock safety net in seconds.
        """
        h = self.h
        cols, costs = self.objectives[name]
        self.set_costs(name)
        h.setOptionValue("mip_rel_gap", float(gap))
        h.setOptionValue("mip_max_nodes", int(nodes) if nodes is not None else 2**31 - 1)
        t0 = time.perf_counter()
        start = self.plan()
        if start is not None and self.value(name) <= self.trivial_bound(name):  # nothing can be better
            value = self.value(name)
            if hold:
                self._hold(cols, costs, value // self.step[name])
            return MipStage(name, value, value, True, time.perf_counter() - t0, 0)
        found = self.run(name, start if warm else None, wall)
        step = self.step[name]
        if found is not None and warm and start is not None and found[2] > found[3] + step / 2:
            # HiGHS claims a better objective than the plan it returns (a presolve slip
            # when it starts from a plan): solve again without the start
            retry = self.run(name, None, None if wall is None else wall - (time.perf_counter() - t0))
            found = retry if retry is not None and retry[2] < found[2] else found
        seconds = time.perf_counter() - t0
        if found is None and start is None:
            return None
        nodes_done = int(self.h.getInfo().mip_node_count)
        dual, proven_status = (-INF, False) if found is None else (found[4], found[5])
        if start is not None:
            start_value = self.math.values(np.array(start[0], dtype=np.int64))[name]
            if found is None or start_value <= found[2]:  # keep the start when it is as good
                found = (start[0], start[1], start_value, start_value, dual, proven_status)
        x, value = found[0], found[2]
        self.values = self.complete(np.array(x, dtype=float))
        if not math.isfinite(dual):  # no bound from HiGHS: the trivial one
            dual = self.trivial_bound(name)
        # an integer objective (in steps): a bound less than one step under the value proves it
        proven = proven_status and dual > value - step + 1e-9
        reduced = dual / step
        bound = value if proven else min(value, step * math.ceil(reduced - 1e-6 - 1e-9 * abs(reduced)))
        if hold:
            self._hold(cols, costs, value // step)
        return MipStage(name, value, bound, proven or bound >= value, seconds, nodes_done)

    def set_costs(self, name: str) -> None:
        """Stage ``name``'s costs on its columns, every other column's at 0."""
        h, n = self.h, self.n
        cols, costs = self.objectives[name]
        h.changeColsCost(n, np.arange(n, dtype=np.int32), np.zeros(n))
        if len(cols):
            h.changeColsCost(len(cols), cols.astype(np.int32), costs)

    def trivial_bound(self, name: str) -> float:
        """Every stage is a sum of non-negative terms, but wishes, the most every unit could score."""
        return float(self.math.best_wishes()) if name == "wishes" else 0.0

    def run(self, name: str, start, wall: float | None):
        """One HiGHS run: (x, u, exact value, HiGHS's objective, dual bound, optimal?) or None."""
        h = self.h
        if start is None:
            h.clearSolver()
        else:  # after the costs are set: HiGHS values a start with the costs in force
            h.setSolution(solution(self.complete(np.array(start[0], dtype=float))))
        h.setOptionValue("time_limit", max(0.01, float(wall)) if wall is not None else INF)
        self.stop.run(self.search, h.cancelSolve)
        info = h.getInfo()
        if info.primal_solution_status != 2:  # no feasible solution
            return None
        values = np.array(h.getSolution().col_value)
        plan = self._checked(np.round(values[self.ix]))
        if plan is None:
            return None
        value = self.math.values(np.array(plan[0], dtype=np.int64))[name]
        optimal = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        step = self.step[name]
        return (
            plan[0],
            plan[1],
            value,
            step * info.objective_function_value,
            step * info.mip_dual_bound,
            optimal,
        )

    def search(self) -> None:
        """One HiGHS run, stoppable."""
        self.h.run()

    def _hold(self, cols: np.ndarray, costs: np.ndarray, value: int) -> None:
        self.held.append(self.h.getNumRow())
        rows = Rows()
        rows.add(list(zip(cols.tolist(), costs.tolist())), -INF, value + 0.5)
        rows.flush(self.h)

    def _checked(self, xv: np.ndarray) -> tuple[list[int], list[int]] | None:
        """The rounded plan, if it keeps every hard constraint exactly."""
        x = np.rint(xv).astype(np.int64)
        if not self.math.valid(x):
            return None
        return x.tolist(), self.math.uncovered(x).tolist()
