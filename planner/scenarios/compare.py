"""Compare scenarios: solve each, put the headline figures side by side.

The first scenario is the *reference*: it is solved first, alone; every other
scenario is then solved warm-started from its plan and with the stability
stage on, so a change of one group does not reshuffle everyone. The model is
``planner solve``'s (with the teachers' weekly room when there is a calendar). Its hours are carried over to each scenario's
demand: the same teacher keeps the same part where it still exists, and
otherwise the same module activity (a pooled part split per parcours when
pooling is off, for instance).

An *assignment* here is the hours one teacher gives to one module activity
(year, semester, code, activity, whatever the parcours grouping); a changed
assignment is one whose hours differ from the reference plan's.

Scenarios after the first are solved in parallel processes (``jobs``); each
solve uses one solver thread and a deterministic time limit, so the figures
do not depend on ``jobs``. No I/O and no presentation here.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from fractions import Fraction

from planner.data.inputs import Inputs
from planner.demand import Demand, Part, build_demand
from planner.errors import PlannerError

# key, label, unit
METRICS = (
    ("demand_hetd", "demand HETD", "HETD"),
    ("assigned_hetd", "assigned HETD", "HETD"),
    ("hc_hetd", "heures compl. HETD", "HETD"),
    ("hc_eur", "heures compl. €", "€"),
    ("vacataire_hours", "vacataires h", "h"),
    ("vacataire_eur", "vacataires €", "€"),
    ("cost_eur", "total cost €", "€"),
    ("uncovered_hours", "uncovered h", "h"),
    ("td_groups", "TD groups", ""),
    ("tp_groups", "TP groups", ""),
    ("peak_student_hours", "peak student h/week", "h"),
    ("assignments_changed", "assignments changed", ""),
    ("hetd_moved", "HETD moved", "HETD"),
)
NO_DELTA = ("assignments_changed", "hetd_moved")  # already measured against the reference

ModuleKey = tuple[int, int, str, str]  # year, semester, code, activity


@dataclass(frozen=True)
class TeacherLine:
    id: str
    name: str
    status: str
    service: Fraction  # service dû net of reductions
    total: Fraction  # HETD done: this plan + counted outside it
    assigned: Fraction  # HETD of this plan
    hc: Fraction


@dataclass
class Layout:
    """Figures of a scenario's week layout."""

    status: str  # optimal, feasible, does not fit
    peak: int | None
    peak_where: str
    misfits: list[str]
    seconds: float  # laying out, and solving again when a weekly cap broke
    rounds: int = 1  # tries of the assignment


@dataclass
class Outcome:
    """One solved scenario, reduced to what a comparison needs (picklable, solver-free)."""

    name: str
    description: str
    path: str  # the scenario file
    metrics: dict[str, Fraction | int | None]
    status: str  # optimal or feasible (the assignment solve)
    teachers: list[TeacherLine]
    part_hours: dict[tuple[str, str], int]  # (teacher, part key) -> hours: a reference for others
    module_hours: dict[tuple[str, ModuleKey], int]  # (teacher, module activity) -> hours
    factors: dict[ModuleKey, Fraction]  # HETD per hour of each module activity
    shortages: list[str]
    seconds: float
    layout: Layout | None = None
    departments: list = field(default_factory=list)  # an IUT's: departments.DepartmentFigures, then the IUT's

    @property
    def feasible(self) -> str:
        """yes, or no and why in two words (the details are in ``reasons``)."""
        if self.metrics["uncovered_hours"]:
            return "no: uncovered"
        if self.layout is not None and self.layout.misfits:
            return "no: weeks"
        return "yes"

    def reasons(self) -> list[str]:
        """Why a scenario is not feasible, in the department head's words."""
        out = [f"uncovered {s}" for s in self.shortages]
        if self.layout is not None:
            out += [f"weeks: {m}" for m in self.layout.misfits]
        return out

    @property
    def weeks_status(self) -> str:
        if self.layout is None:
            return "not laid out"
        tries = f" ({self.layout.rounds} tries)" if self.layout.rounds > 1 else ""
        return self.layout.status + tries

    @property
    def total_seconds(self) -> float:
        return self.seconds + (self.layout.seconds if self.layout else 0.0)


@dataclass(frozen=True)
class Job:
    """One scenario to solve (sent to a worker process)."""

    name: str
    description: str
    path: str
    inputs: Inputs
    years: tuple[int, ...]
    other_load: dict[str, Fraction]
    reference: dict[tuple[str, str], int] | None  # the first scenario's part hours
    time_limit: float | None
    weeks: bool
    weeks_time_limit: float | None
    background: dict[str, dict[str, int]] | None = None  # other years' saved week layouts


@dataclass(frozen=True)
class Change:
    teacher: str
    module: ModuleKey
    reference: int  # hours in the reference plan
    hours: int  # hours in this scenario
    factor: Fraction

    @property
    def hetd(self) -> Fraction:
        return (self.hours - self.reference) * self.factor


@dataclass
class Comparison:
    years: list[int]
    outcomes: list[Outcome]
    changes: list[list[Change]]  # per outcome, against the first (empty for the first)
    seconds: float = 0.0
    jobs: int = 1

    @property
    def reference(self) -> Outcome:
        return self.outcomes[0]

    def delta(self, index: int, key: str):
        value, base = self.outcomes[index].metrics.get(key), self.reference.metrics.get(key)
        if index == 0 or key in NO_DELTA or value is None or base is None:
            return None
        return value - base

    def department_delta(self, index: int, department: str, key: str):
        """A department's figure against the reference's (None for the reference)."""
        if index == 0:
            return None
        mine = {f.department: f for f in self.outcomes[index].departments}
        base = {f.department: f for f in self.reference.departments}
        if department not in mine or department not in base:
            return None
        return getattr(mine[department], key) - getattr(base[department], key)

    def teacher_ids(self) -> list[str]:
        """Every teacher of any scenario: the reference's order, then the others' new ones."""
        seen: dict[str, None] = {}
        for o in self.outcomes:
            for t in o.teachers:
                seen.setdefault(t.id, None)
        return list(seen)


# --- solving one scenario ---------------------------------------------------------


def module_of(key: str) -> ModuleKey:
    year, semester, _parcours, code, activity = key.split("|")
    return int(year), int(semester[1:]), code, activity


def carry_over(reference: dict[tuple[str, str], int], parts: list[Part]) -> dict[tuple[str, str], Fraction]:
    """A reference plan's hours laid onto another demand's parts.

    Each teacher keeps their part where it still exists (up to its hours);
    hours left over go to the parts of the same module activity (same year,
    semester, code and activity), in demand order.
    """
    room = {p.key: p.total_hours for p in parts}
    by_module: dict[ModuleKey, list[str]] = defaultdict(list)
    for p in parts:
        by_module[(p.year, p.semester, p.code, p.activity)].append(p.key)
    out: dict[tuple[str, str], Fraction] = {}
    left: dict[tuple[str, ModuleKey], int] = {}
    for (teacher, key), hours in sorted(reference.items()):
        take = min(hours, room.get(key, 0))
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


def group_totals(demand: Demand) -> tuple[int, int]:
    """TD and TP groups formed: each distinct (year, parcours or pool) grouping counted once."""
    seen: dict[tuple, int] = {}
    for p in demand.parts:
        if p.activity in ("TD", "TP"):
            seen[(p.year, p.parcours, p.activity)] = max(
                seen.get((p.year, p.parcours, p.activity), 0), p.groups
            )
    td = sum(n for (_, _, a), n in seen.items() if a == "TD")
    tp = sum(n for (_, _, a), n in seen.items() if a == "TP")
    return td, tp


def outcome_of(job: Job, result) -> Outcome:
    sol = result.solution
    part_hours: dict[tuple[str, str], int] = {}
    module_hours: dict[tuple[str, ModuleKey], int] = {}
    factors: dict[ModuleKey, Fraction] = {}
    for a in sol.assignments:
        part = a.task.part
        part_hours[(a.teacher, part.key)] = part_hours.get((a.teacher, part.key), 0) + a.hours
        mk = (part.year, part.semester, part.code, part.activity)
        module_hours[(a.teacher, mk)] = module_hours.get((a.teacher, mk), 0) + a.hours
    for p in result.demand.parts:
        factors[(p.year, p.semester, p.code, p.activity)] = p.factor
    td, tp = group_totals(result.demand)
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
    shortages = [
        f"{s.task.part.code} {s.task.part.activity} ({s.task.part.parcours_label}, S{s.task.part.semester}): "
        f"{s.hours} h: {s.reason}"
        for s in sol.shortages
    ]
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
        from planner.departments import solution_figures

        outcome.departments = solution_figures(job.inputs.departments, sol)
    return outcome


def run_job(job: Job) -> Outcome:
    """Solve a scenario as ``planner solve`` does (``pipeline.plan``).

    With a reference (every scenario after the first), its hours are carried
    over to this scenario's demand, warm-start the search and keep the
    stability stage on, on every try of the week retry loop. One solver
    thread: parallelism comes from processes.
    """
    from planner.pipeline import plan as plan_in_weeks
    from planner.weeks.rows import plan_peaks

    start = time.perf_counter()
    years = list(job.years)
    reference = job.reference
    if reference is not None:
        reference = carry_over(reference, build_demand(job.inputs, years).parts)
    result, plan = plan_in_weeks(
        job.inputs,
        years,
        other_load=job.other_load,
        reference=reference,
        stable=reference is not None,
        time_limit=job.time_limit,
        workers=1,
        weeks=job.weeks,
        weeks_time_limit=job.weeks_time_limit,
        background=job.background,
    )
    outcome = outcome_of(job, result)
    if plan is not None:
        peak, where = plan_peaks(plan)["student"] if plan.fits else (None, "")
        outcome.layout = Layout(
            plan.status,
            peak,
            where,
            [str(m) for m in plan.misfits],
            time.perf_counter() - start - result.seconds,
            plan.rounds,
        )
        outcome.metrics["peak_student_hours"] = peak
    return outcome


# --- comparing --------------------------------------------------------------------


def scenario_jobs(
    inputs: Inputs,
    scenarios: list,
    years: list[int],
    *,
    other_load: dict[str, Fraction] | None = None,
    time_limit: float | None = None,
    weeks: bool = True,
    weeks_time_limit: float | None = None,
    background: dict[str, dict[str, int]] | None = None,
) -> tuple[list[Job], dict[str, list[str]], list[str]]:
    """The jobs of the scenarios about ``years`` (every change checked before any solve).

    Returns the jobs, the notes of each (dropped locks…), and one line per
    scenario skipped because it is about other years. A name given twice
    (a scenario compared with itself) gets a suffix: ``baseline#2``.
    """
    from planner.scenarios.scenario import apply_scenario, scenario_notes

    jobs, notes, skipped = [], {}, []
    names: set[str] = set()
    for s in scenarios:
        applied = apply_scenario(inputs, s)  # checks references even if skipped
        if not any(s.about(y) for y in years):
            skipped.append(f"{s.name} ({s.path}) is about year {'+'.join(map(str, s.years))} only: skipped")
            continue
        name, k = s.name, 1
        while name in names:
            k += 1
            name = f"{s.name}#{k}"
        names.add(name)
        notes[name] = scenario_notes(inputs, s)
        jobs.append(
            Job(
                name,
                s.description,
                s.path,
                applied,
                tuple(years),
                dict(other_load or {}),
                None,
                time_limit,
                weeks,
                weeks_time_limit,
                background,
            )
        )
    if not jobs:
        raise PlannerError(
            f"no scenario is about year {'+'.join(map(str, years))}",
            hint="Their `years` key names other years; compare another --year.",
        )
    return jobs, notes, skipped


def changes_against(reference: Outcome, other: Outcome) -> list[Change]:
    """Assignments (teacher, module activity) whose hours differ from the reference's."""
    keys = sorted(set(reference.module_hours) | set(other.module_hours))
    factors = {**reference.factors, **other.factors}
    out = []
    for teacher, module in keys:
        before = reference.module_hours.get((teacher, module), 0)
        after = other.module_hours.get((teacher, module), 0)
        if before != after:
            out.append(Change(teacher, module, before, after, factors[module]))
    return out


def compare(
    jobs_in: list[Job],
    *,
    jobs: int | None = None,
    progress: Callable[[str, Outcome | None], None] | None = None,
) -> Comparison:
    """Solve every scenario, the first as reference; figures side by side.

    ``progress(name, None)`` is called when a scenario starts to be solved and
    ``progress(name, outcome)`` when it is done.
    """
    if not jobs_in:
        raise PlannerError("no scenario to compare", hint="Give one or more scenario files.")
    start = time.perf_counter()
    report = progress or (lambda name, outcome: None)
    n = len(jobs_in)
    workers = max(1, min(jobs or os.cpu_count() or 1, n, os.cpu_count() or 1))
    first, rest = jobs_in[0], jobs_in[1:]
    if workers == 1:
        report(first.name, None)
        base = run_job(first)
        report(first.name, base)
        outcomes = [base]
        for job in rest:
            job = _with_reference(job, base)
            report(job.name, None)
            outcomes.append(run_job(job))
            report(job.name, outcomes[-1])
    else:
        outcomes = _parallel(first, rest, workers, report)
    comparison = Comparison(
        list(first.years),
        outcomes,
        [[]] + [changes_against(outcomes[0], o) for o in outcomes[1:]],
        jobs=workers,
    )
    for i, o in enumerate(outcomes):
        changed = comparison.changes[i]
        o.metrics["assignments_changed"] = len(changed)
        o.metrics["hetd_moved"] = sum((c.hetd for c in changed if c.hetd > 0), Fraction(0))
    comparison.seconds = time.perf_counter() - start
    return comparison


def _with_reference(job: Job, base: Outcome) -> Job:
    from dataclasses import replace

    return replace(job, reference=base.part_hours)


def _parallel(first: Job, rest: list[Job], workers: int, report) -> list[Outcome]:
    # spawn: fresh workers, never a fork of a process whose solver threads ran
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        report(first.name, None)
        base = pool.submit(run_job, first).result()
        report(first.name, base)
        outcomes: list[Outcome] = [base] + [None] * len(rest)
        pending = {}
        for i, job in enumerate(rest, start=1):
            job = _with_reference(job, base)
            report(job.name, None)
            pending[pool.submit(run_job, job)] = i
        for future in as_completed(pending):
            i = pending[future]
            outcomes[i] = future.result()
            report(outcomes[i].name, outcomes[i])
    return outcomes
