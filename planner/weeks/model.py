"""The week layout in OR-Tools CP-SAT. No I/O.

Variables: ``h[p, w]`` whole hours of part ``p`` in week ``w`` (every group of
the part follows this pattern), only for the weeks the part may use;
``y[b, w]`` module ``b`` is taught that week; ``x[l, w]`` hours of a co-taught group's share ``l`` (only for
groups split between teachers).

Hard: each part's hours placed exactly; in a week a module is taught, it gets
between ``module_week_min`` (or all its hours if fewer) and
``module_week_max`` hours; a module's CM starts no later than its TD and TP;
the student and teacher weekly caps (with an elastic overflow, so a layout
that cannot meet them is measured and named rather than just refused).

Two stages (a single search worker: the same inputs give the same layout,
whatever the machine):

1. fit      hours over a weekly cap (0 when the plan fits; otherwise the
            overflow is reported in words and no layout is returned)
2. balance  10 × (each cohort's fullest minus emptiest week, per open day)
            + 3 × (each teacher's busiest week)
            + 2 × (runs of each module: 1 when taught in consecutive teaching
            weeks, closures and company weeks not counting as gaps)

The model is built on a solver-free view of the parity (``weeks.view``); the
search that runs the stages (``weeks.search``) starts from a greedy layout
evened out by local search and calls this model only where that layout
breaks a cap (``fit``, then held); the balance objective is stated here (the
model counts a layout's terms exactly) and searched one teacher at a time
(``weeks.neighbourhood``), on the same rules.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from planner.data.entities import PROJET
from planner.interrupt import Stop
from planner.stages import STATUS, Stage, hold
from planner.weeks.measure import WEIGHTS, join, teacher_overflow, week_loads
from planner.weeks.misfits import no_layout, not_found, overflow_misfits, solved_overflow
from planner.weeks.problem import Misfit
from planner.weeks.view import ParityView

STAGES = ("fit", "balance")
LOCAL_FIT = 2.0  # deterministic seconds of the fit stage around the overflow alone


def cm_started(
    m: cp_model.CpModel,
    hours: dict[int, Any],
    weeks: list[int],
    top: int,
    name: Any,
    each: Callable[[int, Any], None],
    hint: dict | None = None,
) -> None:
    """Per week of ``weeks`` (in order), a boolean: a module's CM (``hours`` per week, at most
    ``top``) has started by then, handed to ``each(week, boolean)`` as soon as it is made.
    ``hint``: the CM's hours per week in a layout to start from."""
    started, begun = None, False
    for k in weeks:
        now = m.new_bool_var(f"cm_{name}_{k}")  # the CM is taught this week
        if k in hours:
            m.add(hours[k] >= now)
            m.add(hours[k] <= top * now)
        else:
            m.add(now == 0)
        s = m.new_bool_var(f"started_{name}_{k}")  # the CM has started by this week
        m.add(s >= now)
        if started is None:
            m.add(s <= now)
        else:
            m.add(s >= started)
            m.add(s <= started + now)
        if hint is not None:
            begun = begun or bool(hint.get(k))
            m.add_hint(now, int(bool(hint.get(k))))
            m.add_hint(s, int(begun))
        each(k, s)
        started = s


@dataclass
class Fitted:
    """What the fit stage gave: a layout with nothing over a cap, or the misfits and the hours over."""

    stages: list[Stage]
    layout: dict[tuple[int, int], int] | None  # (line, week) -> hours
    misfits: list[Misfit] = field(default_factory=list)
    overflow: dict[tuple[str, str], int] = field(default_factory=dict)  # (teacher, parity) -> hours over


class WeekModel:
    """The CP-SAT week layout of one semester parity: one method per rule; ``fit`` and ``balance`` solve."""

    def __init__(self, view: ParityView, stop: Stop | None = None):
        """The model of one semester parity (odd or even weeks): the two share nothing."""
        self.view = view
        self.p = view.p
        self.stop = stop if stop is not None else Stop()
        self.parity = view.parity
        self.parts, self.blocks, self.lines = view.parts, view.blocks, view.lines
        self.cohorts = view.cohorts
        self.label = view.label
        self.model = cp_model.CpModel()
        self._variables()
        self._demand()
        self._modules()
        self._cm_first()
        self._shares()
        self._student_caps()
        self._teacher_caps()
        self.terms = self._objectives()

    # --- variables and hard constraints -----------------------------------------

    def _variables(self) -> None:
        p, m = self.p, self.model
        self.h: dict[tuple[int, int], cp_model.IntVar] = {}
        for pi in self.parts:
            top = min(p.parts[pi].hours, p.week_max)
            for k in p.allowed[pi]:
                self.h[(pi, k)] = m.new_int_var(0, top, f"h_{pi}_{k}")

    def _demand(self) -> None:
        for pi in self.parts:
            self.model.add(sum(self.h[(pi, k)] for k in self.p.allowed[pi]) == self.p.parts[pi].hours)

    def _modules(self) -> None:
        """A module taught in a week gets between module_week_min and module_week_max hours."""
        p, m = self.p, self.model
        self.y: list[dict[int, cp_model.IntVar]] = []
        self.block_weeks: list[list[int]] = []
        for bi, b in enumerate(self.blocks):
            weeks = sorted({k for pi in b.parts for k in p.allowed[pi]})
            low = max(1, min(p.week_min, b.hours))
            ys = {}
            for k in weeks:
                y = m.new_bool_var(f"y_{bi}_{k}")
                here = [pi for pi in b.parts if (pi, k) in self.h]
                for pi in here:
                    m.add(self.h[(pi, k)] <= min(p.parts[pi].hours, p.week_max) * y)
                total = sum(self.h[(pi, k)] for pi in here)
                m.add(total >= low * y)
                m.add(total <= p.week_max * y)
                ys[k] = y
            self.y.append(ys)
            self.block_weeks.append(weeks)

    def _cm_first(self) -> None:
        """No TD, TP, SR or SDR of a module before its first CM week."""
        p, m = self.p, self.model
        for bi, b in enumerate(self.blocks):
            cms = [pi for pi in b.parts if p.parts[pi].activity == "CM"]
            others = [pi for pi in b.parts if p.parts[pi].activity not in ("CM", PROJET)]
            if not cms or not others:
                continue
            cm = cms[0]
            hours = {k: self.h[(cm, k)] for k in self.block_weeks[bi] if (cm, k) in self.h}

            def wait(k: int, s, others=others) -> None:  # no TD, TP... before the CM has started
                for q in others:
                    if (q, k) in self.h:
                        m.add(self.h[(q, k)] <= min(p.parts[q].hours, p.week_max) * s)

            cm_started(m, hours, self.block_weeks[bi], min(p.parts[cm].hours, p.week_max), bi, wait)

    def _shares(self) -> None:
        """Groups split between teachers: each share gets its own weeks, summing to the group's."""
        p, m = self.p, self.model
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        mine = self.view.mine
        for (pi, _group), lis in p.groups.items():
            if pi not in mine:
                continue
            if len(lis) == 1:
                for k in p.allowed[pi]:
                    self.x[(lis[0], k)] = self.h[(pi, k)]
                continue
            for li in lis:
                top = min(p.lines[li].hours, p.week_max)
                for k in p.line_weeks[li]:
                    self.x[(li, k)] = m.new_int_var(0, top, f"x_{li}_{k}")
                m.add(sum(self.x[(li, k)] for k in p.line_weeks[li]) == p.lines[li].hours)
            for k in p.allowed[pi]:
                m.add(sum(self.x[(li, k)] for li in lis if (li, k) in self.x) == self.h[(pi, k)])

    def _student_caps(self) -> None:
        p, m = self.p, self.model
        self.student_load: dict[tuple, dict[int, Any]] = {}
        self.over: list[tuple[str, Any, int, cp_model.IntVar]] = []  # who: a cohort or a teacher
        for cohort, parts in self.cohorts.items():
            loads: dict[int, list] = {}
            for pi in parts:
                for k in p.allowed[pi]:
                    loads.setdefault(k, []).append(self.h[(pi, k)])
            self.student_load[cohort] = {}
            for k, terms in sorted(loads.items()):
                load = sum(terms)
                top = sum(min(p.parts[pi].hours, p.week_max) for pi in parts if (pi, k) in self.h)
                self.student_load[cohort][k] = load
                if top > p.student_cap[k]:
                    o = m.new_int_var(0, top, f"os_{cohort}_{k}")
                    m.add(load <= p.student_cap[k] + o)
                    self.over.append(("cohort", cohort, k, o))

    def _teacher_caps(self) -> None:
        p, m = self.p, self.model
        self.teacher_load: dict[str, dict[int, Any]] = {}
        terms: dict[str, dict[int, list]] = {}
        tops: dict[str, dict[int, int]] = {}
        for li in self.lines:
            line = p.lines[li]
            if line.teacher is None:
                continue
            top = min(line.hours, p.week_max)
            for k in p.line_weeks[li]:
                if (li, k) in self.x:
                    terms.setdefault(line.teacher, {}).setdefault(k, []).append(self.x[(li, k)])
                    tops.setdefault(line.teacher, {})[k] = tops.get(line.teacher, {}).get(k, 0) + top
        for teacher, by_week in sorted(terms.items()):
            bg = p.background.get(teacher, {})
            self.teacher_load[teacher] = {}
            for k, ts in sorted(by_week.items()):
                load = sum(ts)
                self.teacher_load[teacher][k] = load
                cap = p.teacher_cap.get(teacher)
                if cap is None:
                    continue
                room = cap[k] - bg.get(k, 0)
                if tops[teacher][k] > room:
                    o = m.new_int_var(0, tops[teacher][k], f"ot_{teacher}_{k}")
                    m.add(load <= room + o)
                    self.over.append(("teacher", teacher, k, o))

    # --- objectives ---------------------------------------------------------------

    def _objectives(self) -> dict[str, Any]:
        p, m = self.p, self.model
        terms: dict[str, Any] = {"fit": sum(o for *_, o in self.over)}
        # students: per cohort, the spread between its fullest and emptiest week
        # (loads per open day, so a 4-day week may hold 4/5 of a full one)
        spreads = []
        for cohort, loads in self.student_load.items():
            if not loads:
                continue
            top = m.new_int_var(0, 5 * p.student_week_hours, f"top_{cohort}")
            low = m.new_int_var(0, 5 * p.student_week_hours, f"low_{cohort}")
            for k, load in loads.items():
                days = p.weeks[k].open_days
                m.add(days * top >= 5 * load)
                m.add(days * low <= 5 * load)
            spreads.append(top - low)
        self.spreads = spreads
        # teachers: the busiest week of each teacher
        peaks = []
        for teacher, loads in self.teacher_load.items():
            top = m.new_int_var(0, p.week_max * len(self.lines), f"peak_{teacher}")
            for load in loads.values():
                m.add(top >= load)
            peaks.append(top)
        self.peaks = peaks
        # contiguity: runs of each module over its possible weeks (1 = consecutive teaching weeks)
        starts = []
        for bi, weeks in enumerate(self.block_weeks):
            previous = None
            for k in weeks:
                y = self.y[bi][k]
                if previous is None:
                    starts.append(y)
                else:
                    s = m.new_bool_var(f"run_{bi}_{k}")
                    m.add(s >= y - previous)
                    starts.append(s)
                previous = y
        self.starts = starts
        terms["balance"] = (
            WEIGHTS["students"] * sum(spreads)
            + WEIGHTS["teachers"] * sum(peaks)
            + WEIGHTS["runs"] * sum(starts)
        )
        return terms

    # --- solving -----------------------------------------------------------------

    def fit(self, hours, shares, time_limit: float, seed: int, quick: bool = False) -> Fitted:
        """The CP-SAT fit stage from the greedy layout: a layout, or why the caps cannot all hold.

        First only around what is over a cap (the parts of those teachers and
        cohorts, and of the cohorts those parts are taught to; every other
        part kept as it is), which is quick; then, if hours are still over,
        the whole model.
        """
        stages: list[Stage] = []
        if self.stop.requested:  # Ctrl-C or the wall limit before the caps could be met: no layout
            reason = self.stop.reason or "Ctrl-C"
            text = f"the solve was stopped ({reason}) before the weekly caps could all be met"
            return Fitted(stages, None, [Misfit(f"week layout {self.label}", self.label, 0, 0, text)])
        self._hint((hours, shares))
        expr = self.terms["fit"]
        self.model.minimize(expr)
        t0 = time.perf_counter()
        local = self._local_fit(hours, shares, min(time_limit, LOCAL_FIT), seed)
        if local is not None:
            stages.append(Stage(f"fit {self.label}", 0, 0, "optimal", time.perf_counter() - t0))
            hold(self.model, expr, 0, [])
            return Fitted(stages, local)
        over = teacher_overflow(self.view, hours, shares) if quick else {}
        if over:  # another try follows: these teachers' rooms are cut, no whole-model search
            total = sum(over.values())
            stages.append(
                Stage(f"fit {self.label}", total, 0, "feasible", time.perf_counter() - t0, "greedy")
            )
            return Fitted(stages, None, [not_found(self.view, total, min(time_limit, LOCAL_FIT))], over)
        solver = self._solver(time_limit, seed)
        status = self.stop.run(lambda: solver.solve(self.model), solver.stop_search)
        if status not in STATUS:
            return Fitted(stages, None, [no_layout(solver.status_name(status), time_limit)])
        value = int(round(solver.objective_value))
        bound = int(round(solver.best_objective_bound))
        stages.append(Stage(f"fit {self.label}", value, bound, STATUS[status], time.perf_counter() - t0))
        if value > 0:
            over_values = [(kind, who, k, solver.value(o)) for kind, who, k, o in self.over]
            misfits = (
                overflow_misfits(self.view, over_values)
                if status == cp_model.OPTIMAL  # proved: the caps cannot all hold
                else [not_found(self.view, value, time_limit)]
            )
            return Fitted(stages, None, misfits, solved_overflow(self.view, over_values))
        layout = self._read(solver)
        hold(self.model, expr, 0, [])
        return Fitted(stages, layout)

    def _local_fit(self, hours, shares, time_limit: float, seed: int) -> dict | None:
        """A layout with nothing over a cap found around the overflow alone, or None."""
        p = self.p
        _, cohorts, teachers = week_loads(self.view, join(self.view, hours, shares))
        hot_cohorts = {
            c for c, loads in cohorts.items() if any(v > p.student_cap[k] for k, v in loads.items())
        }
        hot_teachers = set()
        for t, loads in teachers.items():
            cap, bg = p.teacher_cap.get(t), p.background.get(t, {})
            if cap is not None and any(v + bg.get(k, 0) > cap[k] for k, v in loads.items()):
                hot_teachers.add(t)
        free = {p.lines[li].part for li in self.lines if p.lines[li].teacher in hot_teachers}
        free |= {pi for c in hot_cohorts for pi in self.cohorts.get(c, [])}
        around = {c for c, parts in self.cohorts.items() if free & set(parts)}
        free |= {pi for c in around for pi in self.cohorts[c]}
        model = self.model.clone()
        for (pi, k), var in self.h.items():
            if pi not in free:
                model.add(model.get_int_var_from_proto_index(var.index) == hours.get((pi, k), 0))
        solver = self._solver(time_limit, seed)
        status = self.stop.run(lambda: solver.solve(model), solver.stop_search)
        if status not in STATUS or solver.objective_value > 0.5:
            return None
        return self._read(solver)

    def _solver(self, time_limit: float, seed: int) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        params = solver.parameters
        params.max_deterministic_time = max(time_limit, 0.1)
        params.random_seed = seed
        params.catch_sigint_signal = False  # Ctrl-C is planner.interrupt's: it stops the search
        params.num_workers = 1  # one thread that interleaves the subsolvers (LNS included):
        params.interleave_search = True  # reproducible on any machine
        params.linearization_level = 0
        return solver

    def _hint(self, start: tuple[dict, dict]) -> None:
        hours, shares = start
        for key, var in self.h.items():
            self.model.add_hint(var, hours.get(key, 0))
        seen = {id(v) for v in self.h.values()}
        for key, var in self.x.items():
            if id(var) not in seen:
                self.model.add_hint(var, shares.get(key, 0))
        for bi, ys in enumerate(self.y):
            for k, y in ys.items():
                self.model.add_hint(y, 1 if any(hours.get((pi, k)) for pi in self.blocks[bi].parts) else 0)

    def _read(self, solver: cp_model.CpSolver) -> dict[tuple[int, int], int]:
        return {key: solver.value(var) for key, var in self.x.items()}
