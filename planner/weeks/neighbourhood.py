"""Lower a week layout's balance one teacher at a time: a small CP-SAT model around their parts.

Single-hour moves (``weeks.balance``, ``weeks.polish``) stall where a
teacher's busiest week falls only if several of their parts move at once,
each move traded against their students' weeks. Here the parts a teacher
teaches alone are freed, every other part is kept where it is, and CP-SAT
finds the best layout of the freed parts: the same rules as the whole model
(``weeks.model``: each part's hours, a module's hours in a week, its CM first,
the students' and teachers' weekly caps) and the terms they touch of the
balance objective (their cohorts' spreads, their teachers' busiest weeks,
their modules' runs); what the kept parts put in a week is a constant. The
model holds a few hundred variables, against thousands in the whole.

The same models, the caps elastic (an hour over one outweighing any balance
term), take a layout off the weekly caps one teacher over them at a time
(``off_caps``), where single-hour moves leave it over. For the balance, only
teachers whose busiest week is above their own least (``weeks.bounds``)
are worth trying; each model is solved within a deterministic limit, on one
worker: the same inputs give the same layout.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from ortools.sat.python import cp_model

from planner.interrupt import Stop
from planner.weeks.balance import Balancer
from planner.weeks.bounds import one_worker
from planner.weeks.measure import WEIGHTS, teacher_overflow
from planner.weeks.model import cm_started
from planner.weeks.view import ParityView

LIMIT = 0.2  # most deterministic seconds of one teacher's model
OVER = 1000  # an hour over a weekly cap outweighs any balance term (elastic models)
PASSES = 3  # most passes over the teachers over a cap while the hours over fall


def neighbourhood_model(
    view: ParityView, loads: Balancer, free: list[int], elastic: bool = False
) -> tuple[cp_model.CpModel, dict[tuple[int, int], cp_model.IntVar], cp_model.LinearExprT]:
    """The model of the ``free`` parts' hours, every other part kept as ``loads`` has it.

    Returns the model, its (part, week) variables and the objective: the
    balance terms the free parts touch (the others do not change). ``elastic``:
    the weekly caps those parts touch may be passed, each hour over them
    weighing ``OVER`` in the objective (a layout over a cap, to take off it).
    """
    p, m = view.p, cp_model.CpModel()
    over: list[cp_model.IntVar] = []

    def cap(load, most: int, now: int) -> None:
        """``load`` within ``most``, or (elastic) an hour over it counted in ``over``."""
        if not elastic:
            m.add(load <= most)
            return
        extra = _hinted(m, 0, 5 * p.student_week_hours + p.week_max * len(view.lines), max(0, now - most))
        m.add(load <= most + extra)
        over.append(extra)

    mine = set(free)
    h = {}
    for pi in free:
        top = min(p.parts[pi].hours, p.week_max)
        for k in p.allowed[pi]:
            h[(pi, k)] = _hinted(m, 0, top, loads.h.get((pi, k), 0))
        m.add(sum(h[(pi, k)] for k in p.allowed[pi]) == p.parts[pi].hours)

    def kept(entity: dict[int, int], parts: Iterable[int], k: int, weight=lambda pi: 1) -> int:
        """What the kept parts put in week k: the entity's load less the free parts' hours."""
        return entity.get(k, 0) - sum(weight(pi) * loads.h.get((pi, k), 0) for pi in parts)

    starts = []
    for bi in sorted({view.block_of[pi] for pi in free}):
        block, weeks = view.blocks[bi], view.block_weeks[bi]
        here = [pi for pi in block.parts if pi in mine]
        low = max(1, min(p.week_min, block.hours))
        taught = {}
        for k in weeks:
            y = _hinted(m, 0, 1, int(loads.block[bi].get(k, 0) > 0))
            mine_k = [h[(pi, k)] for pi in here if (pi, k) in h]
            for pi in here:
                if (pi, k) in h:
                    m.add(h[(pi, k)] <= min(p.parts[pi].hours, p.week_max) * y)
            total = kept(loads.block[bi], here, k) + sum(mine_k)
            m.add(total >= low * y)
            m.add(total <= p.week_max * y)
            taught[k] = y
        previous = None
        for k in weeks:  # runs: 1 when taught in consecutive weeks of the module
            if previous is None:
                starts.append(taught[k])
            else:
                was = loads.block[bi].get(previous[1], 0) > 0
                s = _hinted(m, 0, 1, int(loads.block[bi].get(k, 0) > 0 and not was))
                m.add(s >= taught[k] - previous[0])
                starts.append(s)
            previous = (taught[k], k)
        _cm_first(view, m, h, loads, bi, mine)
    spreads = []
    for c in sorted({c for pi in free for c in view.cohorts_of[pi]}):
        here = [pi for pi in view.cohorts[c] if pi in mine]
        now_fullest, now_emptiest = loads.spread(c)
        fullest = _hinted(m, 0, 5 * p.student_week_hours, now_fullest)
        emptiest = _hinted(m, 0, 5 * p.student_week_hours, now_emptiest)
        for k in view.cohort_weeks[c]:
            load = kept(loads.cohort[c], here, k) + sum(h[(pi, k)] for pi in here if (pi, k) in h)
            cap(load, p.student_cap[k], loads.cohort[c].get(k, 0))
            m.add(loads.days[k] * fullest >= 5 * load)
            m.add(loads.days[k] * emptiest <= 5 * load)
        spreads.append(fullest - emptiest)
    peaks = []
    for t in sorted({t for pi in free for t in view.single.get(pi, {})}):
        here = [pi for pi in free if t in view.single.get(pi, {})]
        groups = {pi: view.single[pi][t] for pi in here}
        peak = _hinted(m, 0, p.week_max * len(view.lines), loads.peak(t))
        room = view.room.get(t)
        for k in view.teacher_weeks.get(t, []):
            load = kept(loads.teacher.get(t, {}), here, k, groups.__getitem__) + sum(
                groups[pi] * h[(pi, k)] for pi in here if (pi, k) in h
            )
            if room is not None:
                cap(load, room[k], loads.teacher.get(t, {}).get(k, 0))
            m.add(peak >= load)
        peaks.append(peak)
    objective = (
        OVER * sum(over)
        + WEIGHTS["students"] * sum(spreads)
        + WEIGHTS["teachers"] * sum(peaks)
        + WEIGHTS["runs"] * sum(starts)
    )
    return m, h, objective


def _cm_first(view: ParityView, m: cp_model.CpModel, h: dict, loads: Balancer, bi: int, mine: set) -> None:
    """No TD, TP, SR or SDR of the module before its first CM week (as ``WeekModel._cm_first``)."""
    p, block, weeks = view.p, view.blocks[bi], view.block_weeks[bi]
    cms = [pi for pi in block.parts if p.parts[pi].activity == "CM"]
    others = [pi for pi in block.parts if p.parts[pi].activity not in ("CM", "Projet")]
    if not cms or not others:
        return
    cm = cms[0]
    if cm not in mine:  # the CM kept: the free parts wait for its first week
        first = min((k for k in p.allowed[cm] if loads.h.get((cm, k))), default=None)
        for q in others:
            for k in p.allowed[q] if q in mine else ():
                if first is None or k < first:
                    m.add(h[(q, k)] == 0)
        return
    hours = {k: h[(cm, k)] for k in weeks if (cm, k) in h}
    hint = {k: loads.h.get((cm, k), 0) for k in weeks}

    def wait(k: int, s) -> None:  # the free parts wait for the CM; a kept part taught: it has started
        for q in others:
            if q in mine and (q, k) in h:
                m.add(h[(q, k)] <= min(p.parts[q].hours, p.week_max) * s)
            elif q not in mine and loads.h.get((q, k)):
                m.add(s == 1)

    cm_started(m, hours, weeks, min(p.parts[cm].hours, p.week_max), bi, wait, hint)


def _hinted(m: cp_model.CpModel, low: int, high: int, value: int) -> cp_model.IntVar:
    """A new variable hinted at its value in the layout now (a whole hint: the search starts there)."""
    var = m.new_int_var(low, high, "")
    m.add_hint(var, value)
    return var


def by_teacher(
    view: ParityView,
    hours: dict[tuple[int, int], int],
    shares: dict[tuple[int, int], int],
    teachers: list[str],
    limit: float = LIMIT,
    seed: int = 0,
    stop: Stop | None = None,
    elastic: bool = False,
) -> dict[tuple[int, int], int]:
    """``hours`` with each of ``teachers``' own parts laid out again at their best, the rest kept.

    A teacher's parts taught alone (a co-taught group's part stays) are freed
    one teacher at a time, in the order given, each model within ``limit``
    deterministic seconds; a better layout of them is kept. ``elastic``: the
    layout may be over weekly caps, and hours off them come first.
    """
    stop = stop if stop is not None else Stop()
    loads = Balancer(view, hours, shares)
    for t in teachers:
        own = [pi for pi in loads.movable if t in view.single.get(pi, {})]
        if not own or stop.requested:
            continue
        m, h, objective = neighbourhood_model(view, loads, own, elastic)
        m.minimize(objective)
        solver = one_worker(limit, seed)
        status = stop.run(partial(solver.solve, m), solver.stop_search)
        if (
            status not in (cp_model.OPTIMAL, cp_model.FEASIBLE)
            or solver.objective_value > _value(view, loads, own, elastic) - 0.5
        ):
            continue
        for pi in own:  # the freed parts' hours, through the loads they make
            for k in view.p.allowed[pi]:
                delta = solver.value(h[(pi, k)]) - loads.h.get((pi, k), 0)
                if delta:
                    loads.shift(pi, k, delta)
    return dict(loads.h)


def off_caps(
    view: ParityView,
    hours: dict[tuple[int, int], int],
    shares: dict[tuple[int, int], int],
    seed: int = 0,
    stop: Stop | None = None,
    passes: int = PASSES,
) -> dict[tuple[int, int], int]:
    """``hours`` with fewer hours over the teachers' weekly caps: the parts of each teacher over
    theirs laid out again (``by_teacher``, the caps elastic), pass after pass while the hours
    over fall, at most ``passes`` times."""
    stop = stop if stop is not None else Stop()
    over = teacher_overflow(view, hours, shares)
    for _ in range(passes):
        if not over or stop.requested:
            break
        hot = sorted({t for t, _ in over})
        hours = by_teacher(view, hours, shares, hot, LIMIT, seed, stop, elastic=True)
        now = teacher_overflow(view, hours, shares)
        if sum(now.values()) >= sum(over.values()):
            break
        over = now
    return hours


def _value(view: ParityView, loads: Balancer, free: list[int], elastic: bool = False) -> int:
    """The terms ``free`` touches, as ``neighbourhood_model`` counts them, for the loads now."""
    p = view.p
    total = 0
    for c in {c for pi in free for c in view.cohorts_of[pi]}:
        if elastic:
            ls = loads.cohort[c]
            total += OVER * sum(max(0, ls.get(k, 0) - p.student_cap[k]) for k in view.cohort_weeks[c])
        top, low = loads.spread(c)
        total += WEIGHTS["students"] * (top - low)
    for t in {t for pi in free for t in view.single.get(pi, {})}:
        room = view.room.get(t)
        if elastic and room is not None:
            ls = loads.teacher.get(t, {})
            total += OVER * sum(max(0, ls.get(k, 0) - room[k]) for k in view.teacher_weeks.get(t, []))
        total += WEIGHTS["teachers"] * loads.peak(t)
    for bi in {view.block_of[pi] for pi in free}:
        total += WEIGHTS["runs"] * loads.runs(bi)
    return total
