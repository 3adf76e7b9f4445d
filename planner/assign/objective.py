"""The assignment's stages as exact integer objectives, shared by the MIP and CP-SAT models.

Every stage is an integer-valued expression in a common scale (``scale``:
the least common multiple of the HETD denominators), so both engines hold a
stage at exactly the same value and a plan's stage values can be computed
exactly from the plan alone (``evaluate``). ``UNITS`` turns a scaled value
back into the stage's own unit.
"""

from __future__ import annotations

import math
from fractions import Fraction

from planner.assign.problem import Problem

STAGES = ("uncovered", "cost", "sous_service", "fairness", "stability", "fragmentation", "wishes")


def scale_of(problem: Problem) -> int:
    """The least common multiple of every HETD denominator: HETD × scale is an integer."""
    values = [c.hetd for c in problem.candidates] + [t.unit_hetd for t in problem.tasks]
    for cap in problem.capacities:
        values += [cap.service, cap.other, cap.limit]
    scale = 1
    for v in values:
        scale = math.lcm(scale, Fraction(v).denominator)
    return scale


def stage_names(problem: Problem) -> list[str]:
    """The stages this problem has, in priority order."""
    names = list(STAGES)
    if not any(cap.permanent for cap in problem.capacities):
        names.remove("fairness")
    if not problem.stable:
        names.remove("stability")
    return names


def divisor(name: str, scale: int) -> int:
    """What a scaled stage value is divided by to read in the stage's unit (-1: maximised)."""
    return {
        "uncovered": scale,
        "cost": 100 * scale,
        "sous_service": scale,
        "fairness": scale,
        "stability": 1,
        "fragmentation": 1,
        "wishes": -1,
    }[name]


def rate(hc_rate: Fraction) -> int:
    """Cents of € per HETD, as both models count them."""
    return round(hc_rate * 100)


def evaluate(problem: Problem, x: list[int], u: list[int], scale: int) -> dict[str, int]:
    """Each stage's exact value for a plan, in the scaled integer unit the models minimise."""
    p = problem
    load = [Fraction(0)] * len(p.capacities)
    for c, n in zip(p.candidates, x):
        load[c.teacher] += n * c.hetd
    hc = [max(Fraction(0), load[i] + cap.other - cap.service) for i, cap in enumerate(p.capacities)]
    out = {
        "uncovered": int(sum(t.unit_hetd * n for t, n in zip(p.tasks, u)) * scale),
        "cost": sum(rate(cap.hc_rate) * int(h * scale) for cap, h in zip(p.capacities, hc)),
        "sous_service": int(
            sum(
                (max(Fraction(0), cap.service - cap.other - load[i]) for i, cap in enumerate(p.capacities)),
                Fraction(0),
            )
            * scale
        ),
        "fairness": int(max((h for h, cap in zip(hc, p.capacities) if cap.permanent), default=0) * scale),
        "stability": sum(
            abs(n - min(p.reference.get((c.teacher, c.task), 0), p.tasks[c.task].units))
            for c, n in zip(p.candidates, x)
        ),
        "fragmentation": len(
            {
                (c.teacher, p.tasks[c.task].part.year, p.tasks[c.task].part.code)
                for c, n in zip(p.candidates, x)
                if n
            }
        ),
        "wishes": -sum(c.preference * p.tasks[c.task].unit_hours * n for c, n in zip(p.candidates, x)),
    }
    return out


def module_groups(problem: Problem) -> dict[tuple[int, int, str], list[int]]:
    """Candidates per (teacher, year, module code): the pairs the fragmentation stage counts."""
    out: dict[tuple[int, int, str], list[int]] = {}
    for k, c in enumerate(problem.candidates):
        part = problem.tasks[c.task].part
        out.setdefault((c.teacher, part.year, part.code), []).append(k)
    return out
