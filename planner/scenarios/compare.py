"""Compare scenarios: solve each, put the headline figures side by side.

The first scenario is the *reference*: it is solved first, alone; every other
scenario is then solved warm-started from its plan and with the stability
stage on, so a change of one group does not reshuffle everyone, and on the
years its changes reach only (``solving.run_job``). The model is ``planner
solve``'s (with the teachers' weekly room when there is a calendar).

An *assignment* here is the hours one teacher gives to one module activity
(year, semester, code, activity, whatever the parcours grouping); a changed
assignment is one whose hours differ from the reference plan's.

Scenarios after the first are solved at once by a runner (``runners.py``:
serial, local processes or a Dask cluster); each solve uses one solver thread
and a deterministic time limit, so the figures do not depend on where or how
many at once. No I/O and no presentation here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction
from typing import Any

from planner.context import Context
from planner.data.inputs import Inputs
from planner.demand import build_demand
from planner.errors import PlannerError
from planner.scenarios.job import Job
from planner.scenarios.outcome import METRICS, Change, Comparison, Outcome
from planner.scenarios.reuse import touched
from planner.scenarios.runners import Finished, Runner, error_text, make_runner
from planner.scenarios.solving import run_job


def scenario_jobs(
    inputs: Inputs,
    scenarios: list,
    years: list[int],
    *,
    overrides: dict[str, Any] | None = None,
    context: Context | None = None,
) -> tuple[list[Job], dict[str, list[str]], list[str]]:
    """The jobs of the scenarios about ``years``, every change checked before any solve.

    Parameters
    ----------
    inputs
        The base inputs.
    scenarios
        The scenarios, the reference first.
    years
        The years to plan.
    overrides
        Solve options given on the command line (``SolveOptions.of``); each
        scenario's own settings give the rest, and one solver thread.
    context
        What the other years' saved plans give each teacher (``pipeline.saved_context``).

    Returns
    -------
    tuple of (list of Job, dict, list of str)
        The jobs; the notes of each scenario (dropped locks…); one line per
        scenario skipped because it is about other years. A name given twice
        (a scenario compared with itself) gets a suffix: ``baseline#2``.

    Raises
    ------
    PlannerError
        When no scenario is about ``years``, or a scenario refers to what the
        inputs do not have.
    """
    from planner.scenarios.apply import apply_scenario, scenario_notes

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
                dict(overrides or {}),
                context or Context(),
            )
        )
    if not jobs:
        raise PlannerError(
            f"no scenario is about year {'+'.join(map(str, years))}",
            hint="Their `years` key names other years; compare another --year.",
        )
    first = jobs[0].inputs  # the others' changes are measured against the reference's inputs
    jobs[1:] = [replace(j, touched=tuple(touched(first, j.inputs, years))) for j in jobs[1:]]
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


def unsolved(job: Job, state: str, error: str = "") -> Outcome:
    """The row of a scenario without figures: failed (with why), not run, or still running."""
    metrics: dict[str, Fraction | int | None] = {key: None for key, _, _ in METRICS}
    return Outcome(
        job.name, job.description, job.path, metrics, "", [], {}, {}, {}, [], 0.0, None, state, error
    )


def comparison_of(jobs_in: list[Job], outcomes: list[Outcome | None], *, jobs: int = 1) -> Comparison:
    """The comparison of the outcomes so far (None: still running), against the first."""
    shown = [o if o is not None else unsolved(j, "running") for j, o in zip(jobs_in, outcomes)]
    base = shown[0]
    changes: list[list[Change]] = [[]]
    changes += [changes_against(base, o) if base.done and o.done else [] for o in shown[1:]]
    for o, changed in zip(shown, changes):
        if o.done and base.done:
            o.metrics["assignments_changed"] = len(changed)
            o.metrics["hetd_moved"] = sum((c.hetd for c in changed if c.hetd > 0), Fraction(0))
    return Comparison(list(jobs_in[0].years), shown, changes, jobs=jobs)


def heaviest_first(jobs_in: list[Job]) -> list[int]:
    """The indexes of the scenarios after the first, the likely longest solves first.

    A scenario solving more years and departments comes first, then one whose demand differs
    from the reference's in more parts (new groups, a pooling split…); ties
    keep their order. The figures do not depend on it, only the wall time.
    """
    reference = {p.key: p.total_hours for p in build_demand(jobs_in[0].inputs, list(jobs_in[0].years)).parts}

    def weight(i: int) -> tuple[int, int, int]:
        job = jobs_in[i]
        every = [(y, d) for y in job.years for d in job.inputs.departments]
        slices = set(every if job.touched is None else job.touched)
        try:
            parts = build_demand(job.inputs, sorted({y for y, _ in slices})).parts if slices else []
        except PlannerError:  # reported when the scenario is solved
            parts = []
        mine = [p for p in parts if (p.year, p.department) in slices]
        changed = sum(1 for p in mine if reference.get(p.key) != p.total_hours)
        return (-len(slices), -changed, i)

    return sorted(range(1, len(jobs_in)), key=weight)


def compare(
    jobs_in: list[Job],
    *,
    jobs: int | None = None,
    runner: Runner | None = None,
    progress: Callable[[str, Outcome | None], None] | None = None,
    keep_going: bool = False,
) -> Comparison:
    """Solve every scenario, the first as reference; figures side by side.

    Parameters
    ----------
    jobs_in
        The scenarios to solve (``scenario_jobs``), the reference first.
    jobs
        Without ``runner``: scenarios solved at once in local processes
        (None: one per core; 1: serial in this process).
    runner
        Where to solve (``runners.make_runner``: serial, processes or a Dask
        cluster), ``runner.workers`` at once.
    progress
        Called as ``progress(name, None)`` when a scenario is sent to be solved
        and ``progress(name, outcome)`` when it is done.
    keep_going
        A scenario that raises is reported as failed (with the error) instead
        of stopping the comparison, and Ctrl-C ends it with the scenarios not
        solved yet marked not run (``Comparison.interrupted``).

    Returns
    -------
    Comparison
        One outcome per scenario, and the assignments each changed against the
        reference.
    """
    if not jobs_in:
        raise PlannerError("no scenario to compare", hint="Give one or more scenario files.")
    start = time.perf_counter()
    if runner is None:
        with make_runner(jobs=jobs, tasks=len(jobs_in)) as own:
            return compare(jobs_in, runner=own, progress=progress, keep_going=keep_going)
    report = progress or (lambda name, outcome: None)
    outcomes: list[Outcome | None] = [None] * len(jobs_in)
    interrupted = False

    def settle(job: Job, finished: Finished) -> Outcome:
        if finished.error is None:
            return finished.value
        if isinstance(finished.error, KeyboardInterrupt):  # a worker process got the Ctrl-C first
            raise KeyboardInterrupt
        if not keep_going:
            raise finished.error
        return unsolved(job, "failed", error_text(finished.error))

    try:
        first = jobs_in[0]
        report(first.name, None)
        outcomes[0] = base = settle(first, next(runner.run(run_job, [first], [first.name])))
        report(first.name, base)
        rest = [replace(j, reference=base) if base.done else j for j in jobs_in[1:]]
        for job in rest:
            report(job.name, None)
        order = heaviest_first(jobs_in)  # the longest solves start first: the workers end together
        sent = [rest[i - 1] for i in order]
        for finished in runner.run(run_job, sent, [j.name for j in sent]):
            i = order[finished.index]
            outcomes[i] = settle(jobs_in[i], finished)
            report(jobs_in[i].name, outcomes[i])
    except KeyboardInterrupt:
        if not keep_going:
            raise
        interrupted = True
    if interrupted:
        outcomes = [o if o is not None else unsolved(j, "not run") for j, o in zip(jobs_in, outcomes)]
    comparison = comparison_of(jobs_in, outcomes, jobs=runner.workers)
    comparison.interrupted = interrupted
    comparison.seconds = time.perf_counter() - start
    return comparison
