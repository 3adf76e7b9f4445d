"""Cuts for the assignment: a teacher whose groups alone cannot fit their weekly cap holds fewer.

The assignment's weekly rooms and shapes are linear: they do not see that
hours come in chunks (six TP groups of a part add six hours to every week it
is taught). ``AloneCuts`` reads a plan the assignment found and, for each
teacher whose groups alone cannot be laid out under their cap (``weeks.alone``,
proven in a fraction of a second), holds them to fewer units of their most
crowded part, as many fewer as their groups alone need to fit, each unit
given to the teacher it costs the stages least (``weeks.repair.Repair.give``).
The assignment adds these limits and solves its stages again from that
mended plan (``assign.lexicographic``): a stage it keeps at its former bound
is done, the MIP decides the rest, so the first stages stay at their best.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from planner.assign.lexicographic import Cut
from planner.assign.limits import HourLimit
from planner.assign.problem import Problem
from planner.data.inputs import Inputs
from planner.demand import Part
from planner.weeks.repair import MOVES, Repair, alone_limit


@dataclass(frozen=True)
class AloneCuts:
    """Called with a problem and a plan (units per candidate): the limits it breaks, as new limits,
    and the plan with the units over them given to the teachers they cost the stages least
    (``weeks.repair.Repair.give``). No limit when every teacher's groups alone fit their weekly cap.
    """

    inputs: Inputs
    parts: list[Part]
    background: dict[str, dict[str, int | Fraction]] | None = None
    seed: int = 0

    def __call__(self, problem: Problem, x: list[int]) -> Cut:
        r = Repair(self.inputs, problem, self.parts, x, self.background)
        out: list[HourLimit] = []
        for semester_parity in ("odd", "even"):
            for t in sorted(r.room, key=lambda i: problem.capacities[i].id):
                r.relieve(t, semester_parity, MOVES, self.seed)  # each unit to whom it costs least
        for (t, task), units in sorted(r.cut.items()):
            out.append(alone_limit(r, t, task, units))
        return Cut(out, [int(n) for n in r.x])
