"""A sweep as one table (sweep.csv, sweep.xlsx) and a picture (sweep.png); terminal: cli.terminal.sweep.

One row per variant: its lever values, its state (done, failed, not run, or
running while the sweep goes on), the headline figures of ``compare``, the
peak weekly loads, the assignments changed against the first variant, and
whether it is on a Pareto front (no other variant is at most as costly with
at most as many uncovered hours — or as high a peak student load — and
better on one of the two). Timing columns are named as such (``seconds``,
``weeks_seconds``) and come last: everything before them is the same
wherever the sweep ran.

sweep.csv keeps English column names (data for programs); sweep.xlsx and
sweep.png are for people and take their words from ``planner.labels``.
"""

from __future__ import annotations

import io
from fractions import Fraction
from typing import cast

from planner import labels
from planner.numbers import number
from planner.scenarios.compare_report import CHANGE_HEADER, change_rows, french_sheet
from planner.scenarios.outcome import Comparison, Outcome
from planner.scenarios.sweep import Grid, Variant
from planner.store.atomic import csv_text

FIGURES = (
    "demand_hetd",
    "assigned_hetd",
    "hc_hetd",
    "hc_eur",
    "vacataire_hours",
    "vacataire_eur",
    "cost_eur",
    "uncovered_hours",
    "td_groups",
    "tp_groups",
    "peak_student_hours",
)
TIMING_COLUMNS = ("seconds", "weeks_seconds")
FRONTS = {"pareto_uncovered": "uncovered_hours", "pareto_peak": "peak_student_hours"}


def sweep_header(grid: Grid) -> list[str]:
    return (
        ["variant"]
        + [lv.name for lv in grid.levers]
        + ["state", "feasible"]
        + list(FIGURES)
        + ["peak_teacher_hours", "assignments_changed", "hetd_moved"]
        + list(FRONTS)
        + ["assignment_status", "weeks_status", "peak_student_where", "peak_teacher_where", "reason", "kept"]
        + list(TIMING_COLUMNS)
    )


def value_of(o: Outcome, key: str):
    if key == "peak_teacher_hours":
        return o.layout.teacher_peak if o.done and o.layout else None
    return o.metrics.get(key)


def pareto_front(outcomes: list[Outcome], key: str) -> set[str]:
    """Names of the done variants not dominated on (total cost, ``key``), both to minimise."""
    points = [
        (o.name, o.metrics["cost_eur"], value_of(o, key))
        for o in outcomes
        if o.done and o.metrics["cost_eur"] is not None and value_of(o, key) is not None
    ]
    front = set()
    for name, cost, other in points:
        if not any(c <= cost and x <= other and (c < cost or x < other) for _, c, x in points):
            front.add(name)
    return front


def sweep_rows(grid: Grid, variants: list[Variant], comparison: Comparison) -> list[list]:
    fronts = {column: pareto_front(comparison.outcomes, key) for column, key in FRONTS.items()}
    rows = []
    for v, o in zip(variants, comparison.outcomes):
        layout = o.layout if o.done else None
        row = [o.name] + [lv.cell(x) for lv, x in zip(grid.levers, v.values)] + [o.state, o.feasible]
        row += [_blank(o.metrics.get(k)) for k in FIGURES]
        row += [_blank(value_of(o, "peak_teacher_hours"))]
        row += [_blank(o.metrics.get("assignments_changed")), _blank(o.metrics.get("hetd_moved"))]
        row += ["yes" if o.name in fronts[c] else "" for c in FRONTS]
        row += [
            o.status,
            o.weeks_status,
            layout.peak_where if layout else "",
            layout.teacher_peak_where if layout else "",
            "; ".join(o.reasons()),
            o.kept,
            round(o.seconds, 2) if o.done else "",
            round(layout.seconds, 2) if layout else "",
        ]
        rows.append(row)
    return rows


def _blank(value):
    return "" if value is None else value


def sweep_csv(grid: Grid, variants: list[Variant], comparison: Comparison) -> str:
    return csv_text(sweep_header(grid), sweep_rows(grid, variants, comparison))


def _lever_value(value):
    """A lever value in a French sheet: oui/non for a switch, numbers stay numbers."""
    if isinstance(value, bool):
        return labels.YES if value else labels.NO
    return value


def lever_rows(grid: Grid) -> tuple[list[str], list[list]]:
    """The levers: name, description and values (French headers; the sheet is only in sweep.xlsx)."""
    values = [", ".join(number(_lever_value(v), french=True) for v in lv.values) for lv in grid.levers]
    rows = [[lv.name, lv.description, text] for lv, text in zip(grid.levers, values)]
    return [labels.header(c) for c in ("lever", "description", "values")], rows


def sweep_sheets(grid: Grid, variants: list[Variant], comparison: Comparison) -> dict:
    """The sheets of sweep.xlsx, in French: the table, the levers, every assignment changed against the first.

    The lever columns keep the grid's names; the other headers, the state and
    status words, the places and the reasons are French (``planner.labels``).
    """
    header, rows = sweep_header(grid), sweep_rows(grid, variants, comparison)
    n = len(grid.levers)
    name, (french, body) = french_sheet(
        "sweep", header[:1] + header[n + 1 :], [r[:1] + r[n + 1 :] for r in rows]
    )
    french[1:1] = header[1 : n + 1]
    for cells, v in zip(body, variants):
        cells[1:1] = [_lever_value(x) for x in v.values]
    for cells, o in zip(body, comparison.outcomes):  # a failed or not run variant: its state, not a blank
        if not o.done:
            cells[french.index(labels.header("feasible"))] = labels.value(o.state)
            if o.state == "not run":
                cells[french.index(labels.header("reason"))] = labels.NOT_RUN
    changes = french_sheet("changes", ["variant"] + CHANGE_HEADER[1:], change_rows(comparison))
    return dict([(name, (french, body)), (labels.SHEETS["levers"], lever_rows(grid)), changes])


# --- picture ----------------------------------------------------------------------

AXES = tuple(labels.SWEEP_AXES.items())  # the figure on the x axis, its French label


def sweep_png(grid: Grid, comparison: Comparison) -> bytes:
    """sweep.png: ``sweep_figure`` as PNG bytes."""
    buf = io.BytesIO()
    sweep_figure(grid, comparison).savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def sweep_figure(grid: Grid, comparison: Comparison):
    """Total cost against uncovered hours, and against the peak student load; fronts in red (French words)."""
    from matplotlib.figure import Figure  # no pyplot: no global state, Agg canvas
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    done = [o for o in comparison.outcomes if o.done]
    axes = [(k, label) for k, label in AXES if any(value_of(o, k) is not None for o in done)] or list(
        AXES[:1]
    )
    fig = Figure(figsize=(6.0 * len(axes), 5.2), dpi=100, layout="constrained")
    subplots = fig.subplots(1, len(axes), squeeze=False)[0]
    for ax, (key, label) in zip(subplots, axes):
        pts = [
            (float(cast(Fraction, value_of(o, key))), float(cast(Fraction, o.metrics["cost_eur"])), o)
            for o in done
            if value_of(o, key) is not None
        ]
        front = pareto_front(done, key)
        ax.scatter(
            [x for x, _, _ in pts],
            [y for _, y, _ in pts],
            s=28,
            color="#8FA8C8",
            label=labels.SWEEP_VARIANT,
            zorder=2,
        )
        line = sorted((x, y, o.name) for x, y, o in pts if o.name in front)
        if line:
            ax.plot([x for x, _, _ in line], [y for _, y, _ in line], color="#C44E52", linewidth=1, zorder=3)
            ax.scatter(
                [x for x, _, _ in line],
                [y for _, y, _ in line],
                s=46,
                color="#C44E52",
                label=labels.SWEEP_FRONT,
                zorder=4,
            )
            at: dict[tuple[float, float], list[str]] = {}
            for x, y, name in line:
                at.setdefault((x, y), []).append(name)
            for (x, y), names in list(at.items())[:12]:
                text = (
                    labels.SWEEP_SAME.format(name=names[0], n=len(names) - 1) if len(names) > 1 else names[0]
                )
                ax.annotate(text, (x, y), xytext=(5, 5), textcoords="offset points", fontsize=7)
        ref = comparison.reference
        if ref.done and value_of(ref, key) is not None:
            ax.scatter(
                [float(cast(Fraction, value_of(ref, key)))],
                [float(cast(Fraction, ref.metrics["cost_eur"]))],
                s=110,
                facecolors="none",
                edgecolors="black",
                label=labels.SWEEP_FIRST.format(name=ref.name),
                zorder=5,
            )
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # hours are whole
        ax.set_xlabel(label)
        ax.set_ylabel(labels.SWEEP_COST)
        french = FuncFormatter(lambda value, _: number(round(value, 1), 1, french=True))  # 12 000, 2,5
        ax.xaxis.set_major_formatter(french)
        ax.yaxis.set_major_formatter(french)
        ax.grid(color="#E0E0E0", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.margins(x=0.15, y=0.1)
        xs = [x for x, _, _ in pts]
        if xs and max(xs) - min(xs) < 4:  # a few whole hours: integer ticks need some room
            ax.set_xlim(min(xs) - 2, max(xs) + 2)
        ax.legend(fontsize=8, loc="upper right")
    missing = len(comparison.outcomes) - len(done)
    fig.suptitle(
        labels.SWEEP_TITLE.format(
            name=grid.name,
            done=len(done),
            missing=labels.SWEEP_MISSING.format(n=missing) if missing else "",
        ),
        fontsize=11,
        x=0.01,
        ha="left",
    )
    return fig
