"""A solve's progress in the terminal: a live table of the solver stages, or plain lines when piped.

On a terminal, a table grows as each stage finishes (value, proven bound, gap,
status, time) with a spinner line under it saying what runs and for how long;
the table stays on screen when the solve ends. When the output is not a
terminal (a pipe, a file, a test), each step is one plain line, without
control codes. The steps come from ``planner.progress``.
"""

from __future__ import annotations

import math
import time

from rich.console import Console, Group
from rich.live import Live
from rich.spinner import Spinner
from rich.table import Table
from rich.text import Text

from planner.assign.cpsat import STAGES
from planner.numbers import number
from planner.progress import ASSIGNMENT, Step


def _figure(x: float) -> str:
    if math.isnan(x):
        return "—"
    return number(round(x, 2), thousands=" ")


def step_cells(step: Step) -> list[str]:
    """A step as table cells: try, phase, stage, value, bound, gap, status, stage time, elapsed."""
    s = step.stage
    gap = "—" if math.isnan(s.value) or math.isnan(s.bound) else f"{s.gap:.1%}"
    return [
        str(step.attempt),
        step.phase,
        s.name,
        _figure(s.value),
        _figure(s.bound),
        gap,
        s.status,
        f"{s.seconds:.1f} s",
        f"{step.elapsed:.1f} s",
    ]


def step_line(step: Step) -> str:
    """A step as one plain line (piped output)."""
    s = step.stage
    tried = f" (try {step.attempt})" if step.attempt > 1 else ""
    _, _, _, value, bound, gap, status, seconds, elapsed = step_cells(step)
    return (
        f"{step.phase}{tried} {s.name}: value {value}, bound {bound}, gap {gap}, {status}, "
        f"{seconds} (at {elapsed})"
    )


def next_step(steps: list[Step]) -> str:
    """What runs now, judged from the last finished step."""
    if not steps:
        return f"assignment: start plan, then stage {STAGES[0]}"
    last = steps[-1]
    if last.phase == ASSIGNMENT:
        names = [n for n in STAGES if n != "stability"]
        if last.stage.name in names[:-1]:
            return f"assignment: stage {names[names.index(last.stage.name) + 1]}"
        return "weeks: laying out the semesters"
    return "weeks: laying out the next semesters, or assigning again"


class SolveProgress:
    """The callback of ``pipeline.plan`` that shows each finished step; a context manager.

    Parameters
    ----------
    console
        Where to print: a live table on a terminal, plain lines otherwise.
    heading
        A first line: what is solved and the time limits.
    """

    def __init__(self, console: Console, heading: str):
        self.console = console
        self.heading = heading
        self.steps: list[Step] = []
        self.start = time.perf_counter()
        self.live: Live | None = None
        self.running = True

    def __enter__(self) -> SolveProgress:
        self.start = time.perf_counter()
        if self.console.is_terminal:
            self.live = Live(self, console=self.console, refresh_per_second=4, transient=False)
            self.live.start()
        else:
            self.console.print(self.heading, markup=False, highlight=False)
        return self

    def __exit__(self, *exc) -> None:
        self.running = False
        if self.live is not None:
            self.live.refresh()
            self.live.stop()

    def __call__(self, step: Step) -> None:
        self.steps.append(step)
        if self.live is None:
            self.console.print(step_line(step), markup=False, highlight=False)

    def __rich__(self) -> Group:
        table = Table(title=self.heading, title_justify="left")
        for c in ("try", "phase", "stage", "value", "bound", "gap", "status", "time", "at"):
            table.add_column(c, justify="left" if c in ("phase", "stage", "status") else "right")
        for step in self.steps:
            table.add_row(*step_cells(step))
        if not self.running:
            return Group(table)
        elapsed = time.perf_counter() - self.start
        now = Text(f"{next_step(self.steps)} … {elapsed:.0f} s so far")
        return Group(table, Spinner("dots", now))
