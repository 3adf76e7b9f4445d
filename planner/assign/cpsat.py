"""The assignment model in OR-Tools CP-SAT, solved lexicographically.

Variables: ``x[c]`` units of a task given to candidate teacher ``c`` (only for
qualified or locked pairs), ``u[p]`` units of task ``p`` left uncovered.
Hard: every unit covered once or uncovered; each teacher within capacity;
locks. Objectives, in priority order (each stage is optimised, then kept at
its value while the next one is optimised):

1. uncovered      HETD left uncovered
2. cost           € of heures complémentaires and vacataires
3. sous_service   HETD owed but not taught, by teachers who owe a service
4. fairness       the largest HC load of one permanent teacher
5. stability      units moved away from a reference plan (only when given)
6. fragmentation  distinct (teacher, module) pairs: fewer, larger blocks
7. wishes         hours × (qualification weight + 1 if wished), maximised
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from fractions import Fraction
from functools import partial
from typing import Any

from ortools.sat.python import cp_model

from planner.assign.objective import scale_of
from planner.assign.problem import Problem
from planner.errors import PlannerError
from planner.interrupt import Stop
from planner.progress import ASSIGNMENT, Progress, Step
from planner.stages import INTERRUPTED, NOT_SOLVED, STATUS, Stage, hold

STAGES = ("uncovered", "cost", "sous_service", "fairness", "stability", "fragmentation", "wishes")
# relative share of the time limit per stage (unused time rolls over to later stages)
SHARE = {
    "uncovered": 2,
    "cost": 4,
    "sous_service": 1,
    "fairness": 1,
    "stability": 2,
    "fragmentation": 1,
    "wishes": 1,
}


@dataclass(frozen=True)
class Answer:
    """Raw solver output: units per candidate and uncovered units per task."""

    x: list[int]
    u: list[int]
    stages: list[Stage]
    seconds: float
    whole_rooms: bool = False  # the weekly rooms were held at their whole room (``Problem.whole_rooms``)


class AssignmentModel:
    def __init__(self, problem: Problem, stop: Stop | None = None):
        self.problem = problem
        self.stop = stop if stop is not None else Stop()
        self.model = cp_model.CpModel()
        self.scale = scale_of(problem)
        self._variables()
        self._cover()
        self._capacity()
        self._locks()
        self._hour_limits()
        self._week_rooms()
        self._week_shapes()
        self._week_chunks()
        self.terms = self._objectives()

    def s(self, value: Fraction) -> int:
        """A HETD value in the model's integer unit."""
        scaled = Fraction(value) * self.scale
        assert scaled.denominator == 1
        return int(scaled)

    def _variables(self) -> None:
        p, m = self.problem, self.model
        self.x = [m.new_int_var(0, p.tasks[c.task].units, f"x_{c.teacher}_{c.task}") for c in p.candidates]
        self.u = [m.new_int_var(0, t.units, f"u_{i}") for i, t in enumerate(p.tasks)]

    def _cover(self) -> None:
        by_task: list[list] = [[] for _ in self.problem.tasks]
        for c, var in zip(self.problem.candidates, self.x):
            by_task[c.task].append(var)
        for i, task in enumerate(self.problem.tasks):
            self.model.add(sum(by_task[i]) + self.u[i] == task.units)

    def _capacity(self) -> None:
        p, m = self.problem, self.model
        loads: list[list] = [[] for _ in p.capacities]
        for c, var in zip(p.candidates, self.x):
            loads[c.teacher].append(self.s(c.hetd) * var)
        self.load = [sum(terms) for terms in loads]
        self.hc, self.ss, self.hc_max = [], [], []
        for i, cap in enumerate(p.capacities):
            m.add(self.load[i] <= self.s(cap.limit))
            done = self.load[i] + self.s(cap.other)
            top = max(0, self.s(cap.limit) + self.s(cap.other) - self.s(cap.service))
            hc = m.new_int_var(0, top, f"hc_{i}")
            self.hc_max.append(top)
            m.add(hc >= done - self.s(cap.service))
            self.hc.append(hc)
            if cap.service > 0:
                ss = m.new_int_var(0, self.s(cap.service), f"ss_{i}")
                m.add(ss >= self.s(cap.service) - done)
                self.ss.append(ss)

    def _locks(self) -> None:
        index = {(c.teacher, c.task): k for k, c in enumerate(self.problem.candidates)}
        for lock in self.problem.locks:
            self.model.add(sum(self.x[index[(lock.teacher, t)]] for t in lock.tasks) >= lock.units)

    def _hour_limits(self) -> None:
        """Hours a teacher may get in some semesters (e.g. what weekly caps allow)."""
        p = self.problem
        by_teacher: dict[int, list[tuple[int, Any]]] = {}
        for c, var in zip(p.candidates, self.x):
            by_teacher.setdefault(c.teacher, []).append((c.task, var))
        scale = p.hour_scale()  # 1 in whole hours
        for limit in p.limits:
            tasks = set(limit.tasks)
            terms = [
                int(p.tasks[t].unit_hours * scale) * var
                for t, var in by_teacher.get(limit.teacher, [])
                if t in tasks
            ]
            if terms:
                self.model.add(sum(terms) <= int(limit.hours * scale))

    def _week_rooms(self) -> None:
        """What a teacher's units must place in a block of weeks within their room there."""
        p = self.problem
        by_teacher: dict[int, dict[int, cp_model.IntVar]] = {}
        for c, var in zip(p.candidates, self.x):
            by_teacher.setdefault(c.teacher, {})[c.task] = var
        for room in p.rooms:
            mine = by_teacher.get(room.teacher, {})
            terms = [h * mine[t] for t, h in room.terms if t in mine]
            if terms:
                self.model.add(sum(terms) <= room.bound(p.whole_rooms))

    def _week_shapes(self) -> None:
        """At most the groups of a part a teacher's weekly room holds (they share the part's weeks)."""
        index = {(c.teacher, c.task): var for c, var in zip(self.problem.candidates, self.x)}
        for shape in self.problem.shapes:
            if (shape.teacher, shape.task) in index:
                self.model.add(index[(shape.teacher, shape.task)] <= shape.units)

    def _week_chunks(self) -> None:
        """Few sessions of many groups share a week: a term counts when its units pass its threshold."""
        index = {(c.teacher, c.task): var for c, var in zip(self.problem.candidates, self.x)}
        passes: dict[tuple[int, int, int], Any] = {}
        for chunk in self.problem.chunks:
            terms = []
            for t, w, above in chunk.terms:
                var = index.get((chunk.teacher, t))
                if var is None:
                    continue
                key = (chunk.teacher, t, above)
                if key not in passes:
                    passes[key] = self.model.new_bool_var("")
                    self.model.add(var <= above).only_enforce_if(~passes[key])
                terms.append(w * passes[key])
            if terms:
                self.model.add(sum(terms) <= chunk.most)

    def _initial_plan(self, x: list[int] | None) -> tuple[int, tuple[list[int], list[int]]] | None:
        """A plan from elsewhere as (uncovered objective, (x, u)), if it keeps every hard constraint."""
        if x is None:
            return None
        p = self.problem
        left = p.uncovered(x)
        if p.violations(x, left):
            return None
        return sum(self.s(t.unit_hetd) * n for t, n in zip(p.tasks, left)), (list(x), left)

    def _objectives(self) -> dict[str, tuple]:
        """Each stage's integer expression and the divisor that gives its unit."""
        p, m = self.problem, self.model
        terms = {}
        terms["uncovered"] = (
            sum(self.s(t.unit_hetd) * u for t, u in zip(p.tasks, self.u)),
            self.scale,
        )
        terms["cost"] = (
            sum(round(cap.hc_rate * 100) * hc for cap, hc in zip(p.capacities, self.hc)),
            100 * self.scale,
        )
        terms["sous_service"] = (sum(self.ss), self.scale)
        permanents = [i for i, cap in enumerate(p.capacities) if cap.permanent]
        if permanents:
            top = m.new_int_var(0, max(self.hc_max[i] for i in permanents), "max_hc")
            m.add_max_equality(top, [self.hc[i] for i in permanents])
            terms["fairness"] = (top, self.scale)
        if p.stable:
            moved = []
            for c, var in zip(p.candidates, self.x):
                ref = min(p.reference.get((c.teacher, c.task), 0), p.tasks[c.task].units)
                d = m.new_int_var(0, p.tasks[c.task].units, "")
                m.add_abs_equality(d, var - ref)
                moved.append(d)
            terms["stability"] = (sum(moved), 1)
        modules: dict[tuple, list] = {}
        for c, var in zip(p.candidates, self.x):
            part = p.tasks[c.task].part
            modules.setdefault((c.teacher, part.year, part.code), []).append((var, c))
        used = []
        for (teacher, year, code), pairs in modules.items():
            y = m.new_bool_var(f"y_{teacher}_{year}_{code}")
            for var, c in pairs:
                m.add(var <= p.tasks[c.task].units * y)
            used.append(y)
        terms["fragmentation"] = (sum(used), 1)
        scale = p.hour_scale()
        terms["wishes"] = (  # minimised as a negative; unit -1 reports it as a positive score
            -sum(
                c.preference * int(p.tasks[c.task].unit_hours * scale) * var
                for c, var in zip(p.candidates, self.x)
            ),
            -1,
        )
        return terms

    def solve(
        self,
        time_limit: float = 20.0,
        seed: int = 0,
        workers: int = 2,
        wall_limit: float | None = None,
        initial: list[int] | None = None,
        progress: Progress | None = None,
        held: dict[str, int] | None = None,
        names: list[str] | None = None,
    ) -> Answer:
        """Optimise the stages in order, warm-started from the reference plan or ``initial``.

        ``held`` are stage values (in the model's integer unit) proven
        elsewhere: they are kept as constraints and not solved again.
        ``names`` are the stages to optimise (default: every stage not held).
        ``time_limit`` is deterministic time (the same plan whatever the machine
        load); ``wall_limit``, if given, is a wall-clock safety net in seconds for
        very large instances: when it cuts a stage short, the plan may depend on timing.
        ``progress`` is called once per finished stage (``planner.progress``).
        """
        start = time.perf_counter()
        held = held or {}
        for name, value in held.items():
            self.model.add(self.terms[name][0] <= value)
        if names is None:
            names = [n for n in STAGES if n in self.terms and n not in held]
        remaining = float(time_limit)
        if self.problem.reference and initial is None:
            for c, var in zip(self.problem.candidates, self.x):
                ref = self.problem.reference.get((c.teacher, c.task), 0)
                self.model.add_hint(var, min(ref, self.problem.tasks[c.task].units))
        elif initial is not None:  # a plan from elsewhere (the MIP's): units per candidate
            for var, v in zip(self.x, initial):
                self.model.add_hint(var, v)
        stages = []
        values = None
        if initial is not None and held:  # the stages held were reached by this plan
            plan = self._initial_plan(initial)
            values = plan[1] if plan is not None else None
        for k, name in enumerate(names):
            if self.stop.requested:
                stages.append(Stage(name, float("nan"), float("nan"), NOT_SOLVED, 0.0))
                continue
            budget = max(remaining * SHARE[name] / sum(SHARE[n] for n in names[k:]), 0.05)
            expr, unit = self.terms[name]
            self.model.minimize(expr)
            solver = cp_model.CpSolver()
            params = solver.parameters
            params.max_deterministic_time = budget
            if wall_limit is not None:
                wall_left = wall_limit - (time.perf_counter() - start)
                params.max_time_in_seconds = max(
                    wall_left * SHARE[name] / sum(SHARE[n] for n in names[k:]), 0.1
                )
            params.random_seed = seed
            params.catch_sigint_signal = False  # Ctrl-C is planner.interrupt's: it stops the search
            params.linearization_level = 2  # the LP relaxation is strong on these stages
            # coverage is a feasibility search, fastest on one thread; later stages
            # interleave their workers so the plan does not depend on thread timing
            params.num_workers = 1 if name == "uncovered" else max(1, workers)
            params.interleave_search = params.num_workers > 1
            t0 = time.perf_counter()
            status = self.stop.run(partial(solver.solve, self.model), solver.stop_search)
            seconds = time.perf_counter() - t0
            remaining -= min(solver.deterministic_time, budget)
            start_plan = self._initial_plan(initial) if name == "uncovered" else None
            if status in STATUS:
                value = int(solver.objective_value)
                bound = math.ceil(solver.best_objective_bound - 1e-6)
                state = INTERRUPTED if self.stop.requested and status != cp_model.OPTIMAL else STATUS[status]
                stages.append(Stage(name, value / unit, bound / unit, state, seconds))
                values = ([solver.value(v) for v in self.x], [solver.value(v) for v in self.u])
                # the search may end on another plan as good: keep the (cheaper) initial one
                if start_plan is not None and start_plan[0] <= value:
                    values = start_plan[1]
            elif start_plan is not None:  # nothing found in time: the initial plan, unproven
                value, values = start_plan
                proven = "optimal" if value == 0 else "feasible"  # nothing uncovered is the best
                stages.append(Stage(name, value / unit, 0.0, proven, seconds))
            elif values is not None:  # keep the previous stage's plan
                stages.append(Stage(name, float("nan"), float("nan"), NOT_SOLVED, seconds))
                if progress is not None:
                    progress(Step(ASSIGNMENT, stages[-1], time.perf_counter() - start))
                continue
            else:
                raise PlannerError(
                    f"the solver found no plan within the time limit ({solver.status_name(status)})",
                    hint="Raise --time-limit (or the time_limit setting).",
                )
            if progress is not None:
                progress(Step(ASSIGNMENT, stages[-1], time.perf_counter() - start))
            hold(self.model, expr, value, [*zip(self.x, values[0]), *zip(self.u, values[1])])
        if values is None:
            raise PlannerError("the search was stopped before any plan was found")
        return Answer(values[0], values[1], stages, time.perf_counter() - start, self.problem.whole_rooms)
