"""An IUT's plan per department: what each department is given and what it costs.

Hours, HETD and uncovered hours belong to the department of their module. A
teacher's heures complémentaires (or vacations) and their cost are a figure of
their whole service, not of one department: they are shared out between the
departments in proportion to the HETD this plan gives the teacher in each (all
to their home department when this plan gives them nothing), so that the
departments' figures add up to the IUT's. Pure functions on plain tuples, fed
from a solved plan (scenarios) or a saved one (reports).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.assign.solution import Solution

IUT = "IUT"  # the label of the row that sums the departments


@dataclass(frozen=True)
class Given:
    """Hours of one module activity given to one teacher, for the figures."""

    teacher: str
    department: str
    hours: Fraction
    demand_hetd: Fraction  # at the activity's factor
    hetd: Fraction  # as counted in the teacher's service


@dataclass(frozen=True)
class Paid:
    """One teacher's whole service, for the figures."""

    teacher: str
    home: str
    hc: Fraction  # heures complémentaires, or vacation HETD for a vacataire
    cost: Fraction
    vacataire: bool


@dataclass(frozen=True)
class DepartmentFigures:
    department: str
    demand_hours: Fraction
    demand_hetd: Fraction
    assigned_hetd: Fraction  # as counted in services
    staff_hours: Fraction  # taught by teachers who owe a service
    vacataire_hours: Fraction
    hc_hetd: Fraction  # share of the staff's heures complémentaires
    hc_eur: Fraction
    vacataire_eur: Fraction
    cost_eur: Fraction
    uncovered_hours: Fraction
    uncovered_hetd: Fraction

    def values(self) -> list:
        return [getattr(self, f.name) for f in fields(self)]


COLUMNS = [f.name for f in fields(DepartmentFigures)]


def shares(hetd: dict[str, Fraction], home: str) -> dict[str, Fraction]:
    """Each department's share of a teacher's HC: its part of their HETD in this plan."""
    total = sum(hetd.values(), Fraction(0))
    if not total:
        return {home: Fraction(1)}
    return {d: h / total for d, h in hetd.items() if h}


def department_figures(
    departments: Iterable[str],
    given: Iterable[Given],
    paid: Iterable[Paid],
    uncovered: Iterable[tuple[str, Fraction, Fraction]],
) -> list[DepartmentFigures]:
    """One row per department, then the IUT's (their sums). ``uncovered``: (department, hours, HETD)."""
    names = list(departments)
    zero = Fraction(0)
    acc = {d: dict.fromkeys(COLUMNS[1:], zero) for d in names}
    vacataires = {p.teacher for p in paid if p.vacataire}
    by_teacher: dict[str, dict[str, Fraction]] = {}
    for g in given:
        a = acc.setdefault(g.department, dict.fromkeys(COLUMNS[1:], zero))
        a["demand_hours"] += g.hours
        a["demand_hetd"] += g.demand_hetd
        a["assigned_hetd"] += g.hetd
        a["vacataire_hours" if g.teacher in vacataires else "staff_hours"] += g.hours
        per = by_teacher.setdefault(g.teacher, {})
        per[g.department] = per.get(g.department, zero) + g.hetd
    for department, hours, hetd in uncovered:
        a = acc.setdefault(department, dict.fromkeys(COLUMNS[1:], zero))
        a["demand_hours"] += hours
        a["demand_hetd"] += hetd
        a["uncovered_hours"] += hours
        a["uncovered_hetd"] += hetd
    for p in paid:
        if not p.hc and not p.cost:
            continue
        for department, share in shares(by_teacher.get(p.teacher, {}), p.home).items():
            a = acc.setdefault(department, dict.fromkeys(COLUMNS[1:], zero))
            if p.vacataire:
                a["vacataire_eur"] += p.cost * share
            else:
                a["hc_hetd"] += p.hc * share
                a["hc_eur"] += p.cost * share
            a["cost_eur"] += p.cost * share
    rows = [DepartmentFigures(d, **acc[d]) for d in [*names, *(d for d in acc if d not in names)]]
    total = {c: sum((getattr(r, c) for r in rows), zero) for c in COLUMNS[1:]}
    return rows + [DepartmentFigures(IUT, **total)]


def solution_figures(
    departments: Iterable[str],
    sol: Solution,
    kept_given: Iterable[Given] = (),
    kept_uncovered: Iterable[tuple[str, Fraction, Fraction]] = (),
) -> list[DepartmentFigures]:
    """The figures of each department of a solved IUT plan, then the IUT's.

    ``kept_given``, ``kept_uncovered``: what years kept from another plan add (their HETD is
    already in each service of ``sol``).
    """
    given = [*given_rows(sol), *kept_given]
    paid = [
        Paid(s.capacity.id, s.capacity.teacher.department, s.hc, s.cost, s.vacataire) for s in sol.services
    ]
    uncovered = [*uncovered_rows(sol), *kept_uncovered]
    return department_figures(departments, given, paid, uncovered)


def given_rows(sol: Solution) -> list[Given]:
    """What each assignment gives its department: hours, demand HETD and service HETD."""
    return [
        Given(a.teacher, a.task.part.department, Fraction(a.hours), a.task.unit_hetd * a.units, a.hetd)
        for a in sol.assignments
    ]


def uncovered_rows(sol: Solution) -> list[tuple[str, Fraction, Fraction]]:
    """(department, hours, HETD) of each shortage."""
    return [(s.task.part.department, Fraction(s.hours), s.hetd) for s in sol.shortages]
