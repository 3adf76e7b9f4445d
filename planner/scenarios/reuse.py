"""Solve only the years a scenario changes; keep the reference's plan of the others.

A scenario that changes year 1's groups leaves years 2 and 3 of the
reference plan as they are: they are counted as a saved plan of other years
is (each teacher's HETD, their hours per week), only year 1 is solved, and
the figures of the kept years are added back to the scenario's. This is the
plan ``planner solve --year 1`` makes beside saved year 2 and 3 plans.

``touched_years`` decides from the inputs alone: a year is touched when its
maquette, totals, cohorts, group counts or periods differ; any change to the
staff, the settings, the calendar or anything else shared touches every year.
No solver, no I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from fractions import Fraction
from typing import TYPE_CHECKING

from planner.context import Context
from planner.data.inputs import Inputs

if TYPE_CHECKING:
    from planner.assign.solve import Result
    from planner.scenarios.outcome import Outcome
    from planner.weeks.rows import WeekRow

# metrics that add up over years
ADDITIVE = ("demand_hetd", "assigned_hetd", "vacataire_hours", "uncovered_hours", "td_groups", "tp_groups")
# Inputs fields a year owns (the rest is shared by every year)
BY_YEAR = ("modules", "totals", "cohorts", "group_counts", "periods")
NOT_COMPARED = ("source", "records", *BY_YEAR)

Hours = int | Fraction


@dataclass
class YearShare:
    """One year of a solved plan: its additive figures and what it gives each teacher."""

    figures: dict[str, Hours]  # the ADDITIVE metrics
    load: dict[str, Fraction]  # teacher -> HETD
    shortages: list[str]
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


def touched_years(base: Inputs, applied: Inputs, years: list[int]) -> list[int]:
    """The years among ``years`` a scenario's changes reach (every one when shared data changed)."""
    shared = [f.name for f in fields(base) if f.name not in NOT_COMPARED]
    if any(getattr(base, f) != getattr(applied, f) for f in shared):
        return list(years)
    return [y for y in years if any(_year_items(base, f, y) != _year_items(applied, f, y) for f in BY_YEAR)]


def year_shares(
    result: Result, rows: list[WeekRow] | None, cohorts: list[tuple[int, str]]
) -> dict[int, YearShare]:
    """Each year's share of a plan: figures, HETD and weekly hours per teacher, student peak.

    ``rows``: the plan's week layout (None when it has none or it does not fit).
    """
    from planner.assign.departments import given_rows, uncovered_rows
    from planner.scenarios.outcome import group_totals
    from planner.weeks.rows import peaks

    sol = result.solution
    years = sorted({p.year for p in result.demand.parts})
    vacataires = {s.capacity.id for s in sol.services if s.vacataire}
    given, uncovered = given_rows(sol), uncovered_rows(sol)
    shares = {}
    for year in years:
        parts = [p for p in result.demand.parts if p.year == year]
        mine = [a for a in sol.assignments if a.task.part.year == year]
        short = [s for s in sol.shortages if s.task.part.year == year]
        td, tp = group_totals(parts)
        figures: dict[str, Hours] = {
            "demand_hetd": sum((p.hetd for p in parts), Fraction(0)),
            "assigned_hetd": sum((a.task.unit_hetd * a.units for a in mine), Fraction(0)),
            "vacataire_hours": sum(a.hours for a in mine if a.teacher in vacataires),
            "uncovered_hours": sum(s.hours for s in short),
            "td_groups": td,
            "tp_groups": tp,
        }
        share = YearShare(figures, {}, [str(s) for s in short])
        share.given = [g for g, a in zip(given, sol.assignments) if a.task.part.year == year]
        share.uncovered = [u for u, s in zip(uncovered, sol.shortages) if s.task.part.year == year]
        for a in mine:
            part = a.task.part
            share.load[a.teacher] = share.load.get(a.teacher, Fraction(0)) + a.hetd
            mk = (part.year, part.semester, part.code, part.activity)
            share.module_hours[(a.teacher, mk)] = share.module_hours.get((a.teacher, mk), 0) + a.hours
            share.part_hours[(a.teacher, part.key)] = share.part_hours.get((a.teacher, part.key), 0) + a.hours
        if rows is not None:
            own = [r for r in rows if r.year == year]
            share.weeks = {}
            for r in own:
                if r.teacher is not None:
                    per_week = share.weeks.setdefault(r.teacher, {})
                    per_week[r.iso_week] = per_week.get(r.iso_week, 0) + r.hours
            share.peak = peaks(own, [c for c in cohorts if c[0] == year])["student"]
        shares[year] = share
    return shares


def can_keep(reference: Outcome, kept: list[int]) -> bool:
    """Whether the reference holds what keeping these years needs (their share, laid out if it was)."""
    if not reference.done or not kept or any(y not in reference.by_year for y in kept):
        return False
    laid_out = reference.layout is not None
    return not laid_out or all(reference.by_year[y].weeks is not None for y in kept)


def kept_context(context: Context, reference: Outcome, kept: list[int]) -> Context:
    """``context`` with the reference's kept years counted as other years' saved plans are."""
    other = dict(context.other_load)
    laid_out = any(reference.by_year[y].weeks is not None for y in kept)
    background = {t: dict(w) for t, w in (context.background or {}).items()}
    for year in kept:
        share = reference.by_year[year]
        for teacher, hetd in share.load.items():
            other[teacher] = other.get(teacher, Fraction(0)) + hetd
        if share.weeks is not None:
            for teacher, per_week in share.weeks.items():
                mine = background.setdefault(teacher, {})
                for iso, hours in per_week.items():
                    mine[iso] = mine.get(iso, 0) + hours
    kept_from = [f"{reference.name} (year {y})" for y in kept]
    return replace(
        context,
        other_load=other,
        background=background if laid_out or context.background is not None else None,
        plan_sources=context.plan_sources + kept_from,
        week_sources=context.week_sources + (kept_from if laid_out else []),
    )


def with_kept_years(outcome: Outcome, reference: Outcome, kept: list[int]) -> Outcome:
    """A scenario solved on its touched years, completed with the reference's kept years.

    Costs and heures complémentaires are already whole (the kept years'
    HETD counted in each teacher's service); additive figures, the hours per
    module, the shortages and the student peak get the kept years' back.
    """
    shares = [reference.by_year[y] for y in kept]
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
        if layout.teacher_peak is not None:  # the touched years' rows with the kept years' weeks
            layout = replace(layout, **_teacher_peak(outcome.by_year, shares))
    return replace(
        outcome,
        metrics=metrics,
        teachers=teachers,
        part_hours=part_hours,
        module_hours=module_hours,
        factors={**reference.factors, **outcome.factors},
        shortages=outcome.shortages + [line for s in shares for line in s.shortages],
        layout=layout,
        by_year={**outcome.by_year, **{y: reference.by_year[y] for y in kept}},
        kept_years=tuple(kept),
    )


def _teacher_peak(solved: dict[int, YearShare], kept: list[YearShare]) -> dict:
    """A teacher's busiest week over the years solved and kept."""
    load: dict[str, dict[str, Hours]] = {}
    for share in [*solved.values(), *kept]:
        for teacher, per_week in (share.weeks or {}).items():
            mine = load.setdefault(teacher, {})
            for iso, hours in per_week.items():
                mine[iso] = mine.get(iso, 0) + hours
    value: Hours = 0
    where = ""
    for teacher, per_week in sorted(load.items()):
        for iso, hours in per_week.items():
            if hours > value:
                value, where = hours, f"{teacher}, {iso}"
    return {"teacher_peak": value, "teacher_peak_where": where}
