"""A sweep in the terminal: the first variants, their levers and headline figures."""

from __future__ import annotations

from fractions import Fraction

from rich.table import Table

from planner.scenarios.outcome import Comparison
from planner.scenarios.sweep import Grid, Variant
from planner.scenarios.sweep_report import pareto_front, value_of


def sweep_table(grid: Grid, variants: list[Variant], comparison: Comparison, limit: int = 40) -> Table:
    """The first ``limit`` variants in the terminal: levers, cost, uncovered, peaks, changes."""
    front = pareto_front(comparison.outcomes, "uncovered_hours")
    ref = comparison.reference.name
    done = sum(o.done for o in comparison.outcomes)
    table = Table(
        title=f"Sweep {grid.name}: {done} of {len(variants)} variants solved; "
        f"* = Pareto front of cost and uncovered h; changes against {ref}",
        title_justify="left",
    )
    for lv in grid.levers:
        table.add_column(lv.name)
    for label in ("state", "cost €", "uncovered h", "HC HETD", "vac. h", "peak student", "peak teacher"):
        table.add_column(label, justify="right" if label != "state" else "left")
    table.add_column("changed", justify="right")
    table.add_column("", no_wrap=True)
    for v, o in list(zip(variants, comparison.outcomes))[:limit]:
        cells = [lv.text(x) for lv, x in zip(grid.levers, v.values)]
        state = o.feasible if o.done else o.state
        colour = "green" if state == "yes" else "red"
        cells.append(f"[{colour}]{state}[/{colour}]")
        cells += [
            _euros(o.metrics["cost_eur"]),
            _num(o.metrics["uncovered_hours"]),
            _num(o.metrics["hc_hetd"]),
            _num(o.metrics["vacataire_hours"]),
            _num(o.metrics["peak_student_hours"]),
            _num(value_of(o, "peak_teacher_hours")),
            _num(o.metrics["assignments_changed"]),
            "*" if o.name in front else "",
        ]
        table.add_row(*cells)
    if len(variants) > limit:
        table.caption = f"… {len(variants) - limit} more variants in sweep.csv"
    return table


def _num(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, Fraction) and value.denominator != 1:
        return f"{float(value):.1f}"
    return str(int(value))


def _euros(value) -> str:
    return "—" if value is None else f"{float(value):,.0f}".replace(",", " ")
