"""Demand against capacity, before any model is built.

When the teaching asked for is several times what the whole staff may give,
no assignment is worth building: the inputs hold a typo (a cohort, a group
count, a maquette row) or the wrong staff table. ``check_capacity`` says so in
words with the largest contributors. A small shortage is left to the solver,
which reports it as uncovered hours with the reasons.
"""

from __future__ import annotations

from fractions import Fraction

from planner.assign.problem import Capacity
from planner.demand import Demand
from planner.errors import PlannerError


def _hetd(value: Fraction) -> str:
    return f"{round(float(value)):,}".replace(",", " ")


def top_contributors(demand: Demand, n: int = 3) -> list[str]:
    """The cohorts (or pools) that ask for the most HETD, with their groups, largest first."""
    per_cohort: dict[tuple[int, str], Fraction] = {}
    groups: dict[tuple[int, str], dict[str, int]] = {}
    for p in demand.parts:
        key = (p.year, p.parcours_label)
        per_cohort[key] = per_cohort.get(key, Fraction(0)) + p.hetd
        most = groups.setdefault(key, {})
        most[p.activity] = max(most.get(p.activity, 0), p.groups)
    ranked = sorted(per_cohort.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    lines = []
    for (year, label), hetd in ranked:
        shown = ", ".join(
            f"{g} {a} groups" for a, g in groups[(year, label)].items() if a in ("TD", "TP") and g
        )
        lines.append(f"year {year} {label}: {_hetd(hetd)} HETD" + (f" ({shown})" if shown else ""))
    return lines


def check_capacity(demand: Demand, capacities: list[Capacity], factor: Fraction) -> None:
    """Refuse a demand beyond ``factor`` times the most the staff may teach (their HETD limits)."""
    most = sum((c.limit for c in capacities), Fraction(0))
    if demand.hetd <= factor * most:
        return
    ratio = float(demand.hetd / most) if most else float("inf")
    times = f"{ratio:.0f} times" if most else "with no staff able to teach at all"
    raise PlannerError(
        f"the demand ({_hetd(demand.hetd)} HETD) is {times} what the {len(capacities)} teachers may teach "
        f"({_hetd(most)} HETD at most, service dû plus heures complémentaires); the largest demands are "
        + "; ".join(top_contributors(demand)),
        where="cohorts.csv, maquette.csv, teachers.csv",
        hint=(
            "This looks like a typo (students, group sizes or counts, maquette hours) or a missing staff "
            "table rather than a shortage; if it is real, raise demand_capacity_factor (now "
            f"{float(factor):g}) "
            "in settings.csv."
        ),
    )
