"""A scenario comparison in the terminal: figures as rows, scenarios as columns."""

from __future__ import annotations

from rich.table import Table

from planner.numbers import number
from planner.scenarios.compare_report import DEPARTMENT_METRICS
from planner.scenarios.outcome import METRICS, NO_DELTA, Comparison


def _fmt(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "€":
        return number(value, 0, fixed=True, thousands=" ")
    return number(value, 1, fixed=unit == "HETD")


def _fmt_delta(delta, unit: str) -> str:
    if delta is None:
        return ""
    if delta == 0:
        return "="
    text = _fmt(abs(delta), unit)
    return ("+" if delta > 0 else "−") + text


def compare_table(comparison: Comparison) -> Table:
    """Metrics as rows, scenarios as columns; under each value, its delta against the first."""
    ref = comparison.reference.name
    years = "+".join(map(str, comparison.years))
    table = Table(
        title=f"Scenarios for year {years}: Δ against {ref} (= no change)",
        title_justify="left",
    )
    table.add_column("", style="bold", no_wrap=True)
    for i, o in enumerate(comparison.outcomes):
        table.add_column(o.name + (" (ref)" if i == 0 else ""), justify="right", overflow="fold")
    for key, label, unit in METRICS:
        cells = []
        for i, o in enumerate(comparison.outcomes):
            value = "—" if i == 0 and key in NO_DELTA else _fmt(o.metrics.get(key), unit)
            delta = comparison.delta(i, key)
            if delta is not None:
                colour = "dim" if delta == 0 else ("red" if _worse(key, delta) else "green")
                value += f"\n[{colour}]{_fmt_delta(delta, unit)}[/{colour}]"
            cells.append(value)
        table.add_row(label, *cells)
    table.add_row("feasible", *(_mark(o.feasible) for o in comparison.outcomes))
    table.add_row("assignment solve", *(o.status for o in comparison.outcomes))
    table.add_row("week layout", *(o.weeks_status for o in comparison.outcomes))
    if any(o.kept for o in comparison.outcomes):
        table.add_row("kept from the reference", *(o.kept or "—" for o in comparison.outcomes))
    table.add_row("time s", *(f"{o.total_seconds:.1f}" for o in comparison.outcomes))
    return table


def _mark(text: str) -> str:
    return f"[green]{text}[/green]" if text == "yes" else f"[red]{text}[/red]"


def _worse(key: str, delta) -> bool:
    """Red for a delta that costs the department (more cost, hours, groups, load)."""
    return delta > 0 if key not in ("assigned_hetd",) else delta < 0


def department_table(comparison: Comparison) -> Table:
    """Per department and for the IUT: a few figures per scenario, deltas against the first."""
    ref = comparison.reference.name
    table = Table(
        title=f"Per department: Δ against {ref} (HC and vacations shared out by HETD)", title_justify="left"
    )
    table.add_column("", style="bold", no_wrap=True)
    table.add_column("", no_wrap=True)
    for i, o in enumerate(comparison.outcomes):
        table.add_column(o.name + (" (ref)" if i == 0 else ""), justify="right", overflow="fold")
    for n, f in enumerate(comparison.reference.departments):
        last = n == len(comparison.reference.departments) - 1
        for k, (key, label, unit) in enumerate(DEPARTMENT_METRICS):
            cells = []
            for i, o in enumerate(comparison.outcomes):
                mine = next((g for g in o.departments if g.department == f.department), None)
                value = _fmt(getattr(mine, key) if mine else None, unit)
                delta = comparison.department_delta(i, f.department, key)
                if delta is not None:
                    colour = "dim" if delta == 0 else ("red" if delta > 0 else "green")
                    value += f" [{colour}]{_fmt_delta(delta, unit)}[/{colour}]"
                cells.append(value)
            end = k == len(DEPARTMENT_METRICS) - 1 and not last
            table.add_row(f.department if k == 0 else "", label, *cells, end_section=end)
    return table
