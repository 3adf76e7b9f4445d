"""Solve one scenario: its plan as ``planner solve`` makes it, reduced to an ``Outcome``.

Every scenario after the first is warm-started from the reference's plan
(``carry_over``: the same teacher keeps the same part where it still exists,
and otherwise the same module activity) and kept close to it (the stability
stage). A scenario whose changes reach some years (or, in an IUT, some
departments) only is solved on those; the reference's plan of the others is
kept (``reuse``). No I/O and no presentation here.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import replace
from fractions import Fraction
from typing import TYPE_CHECKING

from planner.data.inputs import restrict
from planner.demand import Part, build_demand
from planner.options import SolveOptions
from planner.scenarios.job import Job
from planner.scenarios.outcome import Layout, ModuleKey, Outcome, TeacherLine, group_totals
from planner.scenarios.reuse import Slice, kept_context, kept_slices, kept_text, shares_of, with_kept

if TYPE_CHECKING:
    from planner.assign.solve import Result


def module_of(key: str) -> ModuleKey:
    year, semester, _parcours, code, activity = key.split("|")
    return int(year), int(semester[1:]), code, activity


def carry_over(
    reference: dict[tuple[str, str], int | Fraction], parts: list[Part]
) -> dict[tuple[str, str], Fraction]:
    """A reference plan's hours laid onto another demand's parts.

    Each teacher keeps their part where it still exists (up to its hours);
    hours left over go to the parts of the same module activity (same year,
    semester, code and activity), in demand order.
    """
    room: dict[str, int | Fraction] = {p.key: p.total_hours for p in parts}
    by_module: dict[ModuleKey, list[str]] = defaultdict(list)
    for p in parts:
        by_module[(p.year, p.semester, p.code, p.activity)].append(p.key)
    out: dict[tuple[str, str], Fraction] = {}
    left: dict[tuple[str, ModuleKey], int | Fraction] = {}
    for (teacher, key), hours in sorted(reference.items()):
        take: int | Fraction = min(hours, room.get(key, 0))
        if take:
            out[(teacher, key)] = Fraction(take)
            room[key] -= take
        if hours > take:
            mk = (teacher, module_of(key))
            left[mk] = left.get(mk, 0) + hours - take
    for (teacher, module), hours in left.items():
        for key in by_module.get(module, []):
            take = min(hours, room[key])
            if take:
                out[(teacher, key)] = out.get((teacher, key), Fraction(0)) + take
                room[key] -= take
                hours -= take
    return out


def run_job(job: Job) -> Outcome:
    """Solve a scenario as ``planner solve`` does (``pipeline.plan``).

    With a reference (every scenario after the first), its hours are carried
    over to this scenario's demand, warm-start the search and keep the
    stability stage on, on every try of the week retry loop; the years and
    departments the scenario does not touch are kept from the reference
    (``reuse``): only the others are solved, beside them. One solver thread:
    parallelism comes from processes.
    """
    from planner.pipeline import plan
    from planner.weeks.rows import peaks, plan_rows

    start = time.perf_counter()
    years = list(job.years)
    context, inputs, reference = job.context, job.inputs, job.reference
    every = [(y, d) for y in years for d in inputs.departments]
    kept: list[Slice] = []
    if reference is not None and job.touched is not None:
        kept = kept_slices(reference, every, list(job.touched))
    if reference is not None and kept == every:  # nothing of this plan changes: the reference's
        return replace(
            reference,
            name=job.name,
            description=job.description,
            path=job.path,
            metrics=dict(reference.metrics),
            seconds=0.0,
            layout=replace(reference.layout, seconds=0.0) if reference.layout is not None else None,
            kept=kept_text(kept, inputs.departments),
        )
    solved_years = years
    if kept:  # the years and departments the changes reach, beside the reference's others
        solved_years = sorted({y for y, _ in job.touched or ()})
        departments = sorted({d for _, d in job.touched or ()})
        inputs = restrict(inputs, departments) if inputs.scoped else inputs
    if reference is not None:
        context = kept_context(context, reference, kept, job.inputs.departments) if kept else context
        carried = carry_over(reference.part_hours, build_demand(inputs, solved_years).parts)
        context = replace(context, reference=carried, stable=True)
    options = SolveOptions.of(inputs, **{"workers": 1, **job.overrides})
    solved = plan(inputs, solved_years, options, context)
    result, plan_weeks = solved.result, solved.weeks
    outcome = outcome_of(job, result)
    rows = plan_rows(plan_weeks) if plan_weeks is not None and plan_weeks.fits else None
    cohorts = list(plan_weeks.problem.cohorts) if plan_weeks is not None else []
    outcome.shares = shares_of(result, rows, cohorts, job.inputs.departments)
    if plan_weeks is not None:
        none: dict[str, tuple[int | Fraction | None, str]] = {"student": (None, ""), "teacher": (None, "")}
        found = peaks(rows, cohorts) if rows is not None else none
        outcome.layout = Layout(
            plan_weeks.status,
            *found["student"],
            [str(m) for m in plan_weeks.misfits],
            time.perf_counter() - start - result.seconds,
            plan_weeks.rounds,
            *found["teacher"],
        )
        outcome.metrics["peak_student_hours"] = found["student"][0]
    if reference is None or not kept:
        return outcome
    if job.inputs.scoped:  # each department's figures over the slices solved and kept
        from planner.assign.departments import solution_figures

        shares = [reference.shares[k] for k in kept if k in reference.shares]
        kept_given = [g for s in shares for g in s.given]
        kept_uncovered = [u for s in shares for u in s.uncovered]
        outcome.departments = solution_figures(
            job.inputs.departments, result.solution, kept_given, kept_uncovered
        )
    return with_kept(outcome, reference, kept, job.inputs.departments)


def outcome_of(job: Job, result: Result) -> Outcome:
    """The figures of one solved scenario (``pipeline.plan``'s assignment result)."""
    sol = result.solution
    part_hours: dict[tuple[str, str], int | Fraction] = {}
    module_hours: dict[tuple[str, ModuleKey], int | Fraction] = {}
    factors: dict[ModuleKey, Fraction] = {}
    for a in sol.assignments:
        part = a.task.part
        part_hours[(a.teacher, part.key)] = part_hours.get((a.teacher, part.key), 0) + a.hours
        mk = (part.year, part.semester, part.code, part.activity)
        module_hours[(a.teacher, mk)] = module_hours.get((a.teacher, mk), 0) + a.hours
    for p in result.demand.parts:
        factors[(p.year, p.semester, p.code, p.activity)] = p.factor
    td, tp = group_totals(result.demand.parts)
    vac = [s for s in sol.services if s.vacataire]
    staff = [s for s in sol.services if not s.vacataire]
    metrics = {
        "demand_hetd": result.demand.hetd,
        "assigned_hetd": sol.assigned_hetd,
        "hc_hetd": sol.hc_hetd,
        "hc_eur": sum((s.cost for s in staff), Fraction(0)),
        "vacataire_hours": sol.vacataire_hours,
        "vacataire_eur": sum((s.cost for s in vac), Fraction(0)),
        "cost_eur": sol.cost,
        "uncovered_hours": sol.uncovered_hours,
        "td_groups": td,
        "tp_groups": tp,
        "peak_student_hours": None,
        "assignments_changed": None,
        "hetd_moved": None,
    }
    teachers = [
        TeacherLine(
            s.capacity.id,
            s.capacity.teacher.name,
            s.capacity.teacher.status,
            s.capacity.service,
            s.total,
            s.assigned,
            s.hc,
        )
        for s in sol.services
    ]
    shortages = [str(s) for s in sol.shortages]
    outcome = Outcome(
        job.name,
        job.description,
        job.path,
        metrics,
        result.status,
        teachers,
        part_hours,
        module_hours,
        factors,
        shortages,
        result.seconds,
    )
    if job.inputs.scoped:
        from planner.assign.departments import solution_figures

        outcome.departments = solution_figures(job.inputs.departments, sol)
    return outcome
