"""What the departments laid out later need of a shared teacher's weeks, held back from the one laid out now.

An IUT is laid out department after department (``weeks.layout``); a teacher
who teaches in several of them meets each later one with the weeks the earlier
ones left. Without a look ahead, the first department may fill the very weeks
the teacher's groups of a later one can only use (another rhythm of
alternance, fewer weeks, a part of many groups), and the later one breaks the
cap although the teacher's groups of all departments fit together.

``Reserve.ahead`` lays out, for each teacher shared with a later department,
their groups alone (``weeks.alone``'s model: each part's hours in its weeks,
every group of a part in the same weeks, at most ``module_week_max`` a week)
in this department and every later one, within the room the earlier
departments left, and returns the hours the later departments' groups take in
each week: the department laid out now sees them as taken. Counted in half
hours, so that sessions of 1, 1.5 and 2 h share one model.
"""

from __future__ import annotations

import math
from fractions import Fraction

from ortools.sat.python import cp_model

from planner.data.calendar import scaled_cap
from planner.data.inputs import Inputs
from planner.weeks.alone import Chunk, alone_model, chunks_of
from planner.weeks.bounds import one_worker
from planner.weeks.problem import WeekProblem
from planner.weeks.view import ParityView, parity_view

LIMIT = 1.0  # deterministic seconds for one teacher and parity
HALF = 2  # units per hour: half hours
PEAK = 10**4  # a half hour over the room outweighs any busiest week


def teacher_chunks(view: ParityView) -> dict[str, list[Chunk]]:
    """Each teacher's groups of one department's parity as ``weeks.alone`` chunks, a unit (an hour
    or a session) weighing its half hours in each group."""
    size = int(Fraction(view.p.session) * HALF)  # 1, 1.5 and 2 h: whole half hours
    return {
        t: [(w, units, groups * size, top) for w, units, groups, top in cs]
        for t, cs in chunks_of(view).items()
    }


def later_load(room: dict[int, int], now: list[Chunk], later: list[Chunk], seed: int = 0) -> dict[int, int]:
    """Half hours per week of the ``later`` chunks in a layout of ``now`` and ``later`` alone, with
    as few half hours over ``room`` as found within ``LIMIT``, then the fullest week (load less
    room) as empty as can be (empty if no layout is found)."""
    model, placed, over, peak = alone_model(room, now + later, peak=True)
    assert peak is not None
    model.minimize(sum(over) * PEAK + peak)  # then the fullest week as light as can be
    solver = one_worker(LIMIT, seed)
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}
    out: dict[int, int] = {}
    for (weeks, _, weight, _), hours in zip(later, placed[len(now) :]):
        for k, h in zip(weeks, hours):
            value = weight * solver.value(h)
            if value:
                out[k] = out.get(k, 0) + value
    return out


class Reserve:
    """An IUT's departments, in the order they are laid out: each teacher's groups of each, as chunks.

    Parameters
    ----------
    inputs
        The checked inputs (statuses' weekly caps).
    problems
        The week problems of the departments in the order they are laid out (their parts,
        lines and weeks; their background is not read).
    seed
        CP-SAT's seed.
    """

    def __init__(self, inputs: Inputs, problems: list[WeekProblem], seed: int = 0):
        self.caps = {t.id: inputs.statuses[t.status].max_weekly_hours for t in inputs.teachers}
        self.weeks = problems[0].weeks
        self.seed = seed
        self.chunks = {x: [teacher_chunks(parity_view(p, x)) for p in problems] for x in ("odd", "even")}

    def ahead(self, i: int, taken: dict[str, dict[str, int | Fraction]]) -> dict[str, dict[str, int]]:
        """Hours per shared teacher and ISO week that the departments after the ``i``-th need.

        Parameters
        ----------
        i
            The department laid out now (its index in ``problems``).
        taken
            Hours per teacher and ISO week already placed (other years, departments before).

        Returns
        -------
        dict
            teacher -> ISO week -> whole hours the later departments' groups of that teacher take
            there (rounded down), for each teacher with a weekly cap who has groups now and later
            in the same weeks' parity.
        """
        weeks = self.weeks
        out: dict[str, dict[str, int]] = {}
        for semester_parity, chunks in self.chunks.items():
            for teacher in sorted(chunks[i]):
                later = [c for per in chunks[i + 1 :] for c in per.get(teacher, [])]
                weekly = self.caps.get(teacher)
                if not later or weekly is None:
                    continue
                before = taken.get(teacher, {})
                room = {
                    k: math.floor((scaled_cap(weekly, w) - Fraction(before.get(w.iso, 0))) * HALF)
                    for k, w in enumerate(weeks)
                    if w.parity == semester_parity
                }
                for k, half_hours in later_load(room, chunks[i][teacher], later, self.seed).items():
                    if half_hours >= HALF:  # whole hours: the department now keeps the room its groups had
                        out.setdefault(teacher, {})[weeks[k].iso] = half_hours // HALF
        return out
