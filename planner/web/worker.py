"""The solve worker: ``pipeline.plan`` in a process of its own, its stages sent as they finish.

The server starts ``run`` in a new process (multiprocessing *spawn*: a fresh
interpreter, nothing of the server's threads or database connections). The
worker sends ``("step", {...})`` after each finished solver stage, then one
of ``("done", {...})`` (the plan files' text, figures and stages),
``("error", text)`` (a ``PlannerError``: the inputs or locks cannot be
planned) or ``("crash", text)``. A thread listens to the server: ``"stop"``
asks the solve to stop (``Stop.request``): the search keeps the best plan
found, which comes back marked interrupted. A closed pipe (the server is
gone) stops it the same way. A comparison of scenarios runs the same way
(``compare_job``).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from planner import labels
from planner.errors import PlannerError
from planner.interrupt import Stop, stoppable
from planner.progress import Step

CANCELLED = "annulé depuis la page"
SERVER_GONE = "le serveur s'est arrêté"


@dataclass
class Job:
    """What the worker is asked: plan ``inputs`` for ``years``, or compare scenarios."""

    inputs: Any  # planner.data.inputs.Inputs (pickled to the worker)
    years: list[int]
    overrides: dict[str, Any] = field(default_factory=dict)
    scenarios: list | None = None  # scenarios.scenario.Scenario, the reference first: a comparison
    reference: dict | None = None  # (teacher, part key) -> hours of the plan in place
    stable: bool = False  # stay as close to ``reference`` as the higher stages allow


def step_data(step: Step) -> dict[str, Any]:
    """A finished stage as plain data, with its French line."""
    s = step.stage
    phase = "Attribution" if step.phase == "assignment" else "Semaines"
    attempt = f" (essai {step.attempt})" if step.attempt > 1 else ""
    value = f"{s.value:g}" if isinstance(s.value, int | float) else str(s.value)
    text = (
        f"{phase}{attempt} — {labels.value(s.name)} : {value}, {labels.value(s.status)} "
        f"({_fr(s.seconds)} s, {_fr(step.elapsed)} s écoulées)"
    )
    return {
        "phase": step.phase,
        "stage": s.name,
        "value": s.value,
        "bound": s.bound,
        "status": s.status,
        "seconds": s.seconds,
        "attempt": step.attempt,
        "text": text,
    }


def _fr(seconds: float) -> str:
    return f"{seconds:.1f}".replace(".", ",")


def _listen(control, stop: Stop) -> None:
    while True:
        try:
            message = control.recv()
        except (EOFError, OSError):
            stop.request(SERVER_GONE)
            return
        if message == "stop":
            stop.request(CANCELLED)


def plan_job(job: Job, send, stop: Stop) -> dict[str, Any]:
    """Solve as ``planner solve`` does; the plan's files as text and its figures."""
    from planner.context import Context
    from planner.options import SolveOptions
    from planner.pipeline import plan

    options = SolveOptions.of(job.inputs, **job.overrides)
    start = time.perf_counter()
    with stoppable(stop, wall_limit=options.wall_limit):
        solved = plan(
            job.inputs,
            job.years,
            options,
            Context(reference=job.reference, stable=job.stable),
            progress=lambda s: send(("step", step_data(s))),
            stop=stop,
        )
    files = solved.files()
    figures = {key: str(value) for key, value in solved.summary().values().items()}
    stages = [
        {
            "name": s.name,
            "value": s.value,
            "bound": s.bound,
            "status": s.status,
            "seconds": s.seconds,
            "engine": s.engine,
        }
        for s in solved.stages
    ]
    return {
        "texts": files.texts,
        "weeks": list(files.weeks) if files.weeks is not None else None,
        "interrupted": solved.interrupted,
        "reason": stop.reason,
        "fits": solved.fits,
        "status": solved.result.status,
        "figures": figures,
        "stages": stages,
        "seconds": time.perf_counter() - start,
    }


def compare_job(job: Job, send, stop: Stop) -> dict[str, Any]:
    """Compare scenarios as ``planner compare`` does (one at a time): compare.xlsx's sheets as tables."""
    from planner.scenarios.compare import compare, scenario_jobs
    from planner.scenarios.compare_report import compare_sheets

    if job.scenarios is None:
        raise ValueError("a comparison needs its scenarios")
    jobs, notes, skipped = scenario_jobs(job.inputs, job.scenarios, job.years, overrides=job.overrides)

    def progress(name, outcome) -> None:
        state = "en cours" if outcome is None else labels.value(outcome.state)
        send(("step", {"text": f"Scénario {name} : {state}", "phase": "compare", "stage": name}))

    comparison = compare(jobs, jobs=1, progress=progress)
    sheets = compare_sheets(comparison, notes)
    return {
        "sheets": [
            [name, header, [[_plain(c) for c in r] for r in rows]] for name, (header, rows) in sheets.items()
        ],
        "notes": [n for ns in notes.values() for n in ns] + skipped,
    }


def _plain(value: Any) -> Any:
    """A cell as JSON holds it: numbers as numbers, dates and the rest as text."""
    from fractions import Fraction

    if isinstance(value, Fraction):
        return float(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def run(job: Job, out, control) -> None:
    """The worker's entry point (a new process): solve, sending steps and the outcome on ``out``."""
    stop = Stop()
    threading.Thread(target=_listen, args=(control, stop), daemon=True, name="planner-control").start()
    lock = threading.Lock()

    def send(message) -> None:
        with lock:
            try:
                out.send(message)
            except (BrokenPipeError, OSError):
                stop.request(SERVER_GONE)

    try:
        outcome = compare_job(job, send, stop) if job.scenarios is not None else plan_job(job, send, stop)
        send(("done", outcome))
    except PlannerError as exc:
        send(("error", str(exc)))
    except BaseException as exc:  # reported to the page, never a silent death
        send(("crash", f"{type(exc).__name__}: {exc}"))
    finally:
        out.close()
