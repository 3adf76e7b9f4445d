"""Solve only what a scenario changes; keep the reference's plan of the rest.

A plan is made of *slices*: one year of one department. A scenario that
changes year 1's groups leaves years 2 and 3 of the reference plan as they
are; in an IUT, one that changes GEA's year-2 cohorts leaves every other
department and year as they are. The kept slices are counted as a saved plan
of other years, or of departments not planned (``planner solve
--department``), is: each teacher's HETD, their hours per week. Only the
years and departments touched are solved, and the kept slices' figures are
added back to the scenario's.

``touched`` decides from the inputs alone: a slice is touched when its
maquette, totals, cohorts, group counts or periods differ (a department's
locks and co-taught modules: every year of it); any change to the staff, the
settings, the calendar or anything else shared touches every slice. No
solver, no I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from fractions import Fraction
from typing import TYPE_CHECKING

from planner.context import Context, add_weekly
from planner.data.inputs import Inputs, restrict
from planner.data.iut import split

if TYPE_CHECKING:
    from planner.assign.solve import Result
    from planner.scenarios.outcome import Outcome
    from planner.weeks.rows import WeekRow

# metrics that add up over slices
ADDITIVE = ("demand_hetd", "assigned_hetd", "vacataire_hours", "uncovered_hours", "td_groups", "tp_groups")
BY_YEAR = ("modules", "totals", "cohorts", "group_counts", "periods")  # a department's, year by year
WHOLE_DEPARTMENT = ("locks", "cotaught")  # a department's, every year
NOT_COMPARED = ("source", "records", "departments", *BY_YEAR, *WHOLE_DEPARTMENT)

Hours = int | Fraction
Slice = tuple[int, str]  # (year, department)


@dataclass
class Share:
    """One slice of a solved plan: its additive figures and what it gives each teacher."""

    figures: dict[str, Hours]  # the ADDITIVE metrics
    load: dict[str, Fraction] = field(default_factory=dict)  # teacher -> HETD
    shortages: list[str] = field(default_factory=list)
    weeks: dict[str, dict[str, Hours]] | None = None  # teacher -> ISO week -> hours; None: not laid out
    peak: tuple[Hours, str] = (0, "")  # a student's busiest week
    module_hours: dict = field(default_factory=dict)  # (teacher, module activity) -> hours
    part_hours: dict = field(default_factory=dict)  # (teacher, part key) -> hours
    given: list = field(default_factory=list)  # assign.departments.Given rows (an IUT's figures)
    uncovered: list = field(default_factory=list)  # (department, hours, HETD)


def _year_items(inputs: Inputs, name: str, year: int) -> list:
    value = getattr(inputs, name)
    if isinstance(value, dict):
        return sorted((k, v) for k, v in value.items() if k[0] == year)
    if name == "periods":
        return [(p.parcours, p.kind, p.span, p.away) for p in value if p.year == year]
    return [item for item in value if item.year == year]


def touched(base: Inputs, applied: Inputs, years: list[int]) -> list[Slice]:
    """The slices (year, department) of ``years`` a scenario's changes reach, in order."""
    every = [(y, d) for y in years for d in base.departments]
    shared = [f.name for f in fields(base) if f.name not in NOT_COMPARED]
    if base.departments != applied.departments or any(
        getattr(base, f) != getattr(applied, f) for f in shared
    ):
        return every
    out = []
    for department in base.departments:
        mine, theirs = (
            (restrict(base, [department]), restrict(applied, [department]))
            if base.scoped
            else (base, applied)
        )
        whole = any(getattr(mine, f) != getattr(theirs, f) for f in WHOLE_DEPARTMENT)
        for y in years:
            if whole or any(_year_items(mine, f, y) != _year_items(theirs, f, y) for f in BY_YEAR):
                out.append((y, department))
    return sorted(out)


def shares_of(
    result: Result, rows: list[WeekRow] | None, cohorts: list[tuple[int, str]], departments: tuple[str, ...]
) -> dict[Slice, Share]:
    """Each slice of a plan: figures, HETD and weekly hours per teacher, student peak.

    ``rows``: the plan's week layout (None when it has none or it does not fit).
    """
    from planner.assign.departments import given_rows, uncovered_rows
    from planner.scenarios.outcome import group_totals
    from planner.weeks.rows import peaks

    def department(name: str) -> str:  # of a qualified name (an IUT's), else the only one
        return split(name)[0] if len(departments) > 1 else departments[0]

    sol = result.solution
    vacataires = {s.capacity.id for s in sol.services if s.vacataire}
    given, uncovered = given_rows(sol), uncovered_rows(sol)
    shares: dict[Slice, Share] = {}
    for key in sorted({(p.year, p.department) for p in result.demand.parts}):
        parts = [p for p in result.demand.parts if (p.year, p.department) == key]
        mine = [k for k, a in enumerate(sol.assignments) if (a.task.part.year, a.task.part.department) == key]
        short = [k for k, s in enumerate(sol.shortages) if (s.task.part.year, s.task.part.department) == key]
        td, tp = group_totals(parts)
        assignments = [sol.assignments[k] for k in mine]
        share = Share(
            {
                "demand_hetd": sum((p.hetd for p in parts), Fraction(0)),
                "assigned_hetd": sum((a.task.unit_hetd * a.units for a in assignments), Fraction(0)),
                "vacataire_hours": sum(a.hours for a in assignments if a.teacher in vacataires),
                "uncovered_hours": sum(sol.shortages[k].hours for k in short),
                "td_groups": td,
                "tp_groups": tp,
            },
            shortages=[str(sol.shortages[k]) for k in short],
            given=[given[k] for k in mine],
            uncovered=[uncovered[k] for k in short],
        )
        for a in assignments:
            part = a.task.part
            share.load[a.teacher] = share.load.get(a.teacher, Fraction(0)) + a.hetd
            mk = (part.year, part.semester, part.code, part.activity)
            share.module_hours[(a.teacher, mk)] = share.module_hours.get((a.teacher, mk), 0) + a.hours
            share.part_hours[(a.teacher, part.key)] = share.part_hours.get((a.teacher, part.key), 0) + a.hours
        if rows is not None:
            own = [r for r in rows if (r.year, r.department or departments[0]) == key]
            share.weeks = {}
            for r in own:
                if r.teacher is not None:
                    per_week = share.weeks.setdefault(r.teacher, {})
                    per_week[r.iso_week] = per_week.get(r.iso_week, 0) + r.hours
            share.peak = peaks(own, [c for c in cohorts if (c[0], department(c[1])) == key])["student"]
        shares[key] = share
    return shares


def kept_slices(reference: Outcome, every: list[Slice], touched_slices: list[Slice]) -> list[Slice]:
    """The slices kept from the reference: all but the years × departments the changes reach.

    None are kept when the reference lacks what keeping needs (it failed, or its
    layout did not fit).
    """
    years = {y for y, _ in touched_slices}
    departments = {d for _, d in touched_slices}
    kept = [s for s in every if not (s[0] in years and s[1] in departments)]
    mine = [reference.shares[s] for s in kept if s in reference.shares]
    if not reference.done or (reference.layout is not None and any(s.weeks is None for s in mine)):
        return []
    return kept


def kept_context(
    context: Context, reference: Outcome, kept: list[Slice], departments: tuple[str, ...]
) -> Context:
    """``context`` with the reference's kept slices counted as saved plans of others are."""
    other = dict(context.other_load)
    background = {t: dict(w) for t, w in (context.background or {}).items()}
    laid_out = False
    for key in kept:
        share = reference.shares.get(key)
        if share is None:  # nothing taught there
            continue
        for teacher, hetd in share.load.items():
            other[teacher] = other.get(teacher, Fraction(0)) + hetd
        if share.weeks is not None:
            laid_out = True
            add_weekly(background, share.weeks)
    kept_from = [f"{reference.name} ({kept_text(kept, departments)})"]
    return replace(
        context,
        other_load=other,
        background=background if laid_out or context.background is not None else None,
        plan_sources=context.plan_sources + kept_from,
        week_sources=context.week_sources + (kept_from if laid_out else []),
    )


def kept_text(kept: list[Slice], departments: tuple[str, ...]) -> str:
    """The kept slices in words: ``2+3``, or in an IUT ``1+3, 2 QLIO``."""
    whole = sorted({y for y, _ in kept if all((y, d) in kept for d in departments)})
    parts = ["+".join(map(str, whole))] if whole else []
    for year in sorted({y for y, _ in kept} - set(whole)):
        parts.append(f"{year} {'+'.join(d for y, d in kept if y == year)}")
    return ", ".join(parts)


def with_kept(
    outcome: Outcome, reference: Outcome, kept: list[Slice], departments: tuple[str, ...]
) -> Outcome:
    """A scenario solved on its touched slices, completed with the reference's kept slices.

    Costs and heures complémentaires are already whole (the kept slices'
    HETD counted in each teacher's service); additive figures, the hours per
    module, the shortages and the student peak get the kept slices' back.
    """
    shares = [reference.shares[k] for k in kept if k in reference.shares]
    metrics = dict(outcome.metrics)
    for key in ADDITIVE:
        metrics[key] = (metrics[key] or 0) + sum((s.figures[key] for s in shares), 0)
    load: dict[str, Fraction] = {}
    for s in shares:
        for teacher, hetd in s.load.items():
            load[teacher] = load.get(teacher, Fraction(0)) + hetd
    teachers = [replace(t, assigned=t.assigned + load.get(t.id, Fraction(0))) for t in outcome.teachers]
    part_hours, module_hours = dict(outcome.part_hours), dict(outcome.module_hours)
    for s in shares:
        part_hours.update(s.part_hours)
        module_hours.update(s.module_hours)
    layout = outcome.layout
    if layout is not None and layout.peak is not None:
        best = max([(layout.peak, layout.peak_where)] + [s.peak for s in shares], key=lambda p: p[0])
        layout = replace(layout, peak=best[0], peak_where=best[1])
        metrics["peak_student_hours"] = best[0]
        if layout.teacher_peak is not None:  # the touched slices' rows with the kept slices' weeks
            layout = replace(layout, **_teacher_peak([*outcome.shares.values(), *shares]))
    return replace(
        outcome,
        metrics=metrics,
        teachers=teachers,
        part_hours=part_hours,
        module_hours=module_hours,
        factors={**reference.factors, **outcome.factors},
        shortages=outcome.shortages + [line for s in shares for line in s.shortages],
        layout=layout,
        shares={**outcome.shares, **{k: reference.shares[k] for k in kept if k in reference.shares}},
        kept=kept_text(kept, departments),
    )


def _teacher_peak(shares: list[Share]) -> dict:
    """A teacher's busiest week over the slices solved and kept."""
    load: dict[str, dict[str, Hours]] = {}
    for share in shares:
        add_weekly(load, share.weeks or {})
    value: Hours = 0
    where = ""
    for teacher, per_week in sorted(load.items()):
        for iso, hours in per_week.items():
            if hours > value:
                value, where = hours, f"{teacher}, {iso}"
    return {"teacher_peak": value, "teacher_peak_where": where}
