"""A week layout shown: the weekly load grid of plan.xlsx and the heatmap weeks.png.

Everything works from ``WeekRow``s, so a layout just computed and one read
back from ``weeks.csv`` look the same. Weeks where a cohort is away are marked
S (stage), E (entreprise: alternance), V (vacances: closed) and · (no
semester); a teacher's unavailable weeks are marked U. The terminal grids of
``planner weeks`` are in ``cli.terminal.weeks``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from fractions import Fraction

from planner import labels
from planner.data.calendar import CLOSED, IUT, MARKS, Week, cohort_status, unavailable_weeks
from planner.data.iut import split
from planner.helper import Helper, Pending
from planner.numbers import hours_text
from planner.store.tables import week_table
from planner.weeks.problem import WeekPlan
from planner.weeks.rows import WeekRow, cohort_loads, plan_rows, teacher_loads


def week_cells(
    load: dict[str, int | Fraction],
    weeks: Sequence[Week],
    status: dict[str, str] | None,
    blocked: frozenset[str] = frozenset(),
    *,
    french: bool = False,
) -> list[tuple[str, bool]]:
    """Each week's cell of a grid: its hours, else the mark of why it has none (``True``: a mark).

    ``status``: a cohort's week statuses (stage, entreprise…); ``None`` for a teacher, whose
    closed weeks are marked, and ``blocked`` their unavailable weeks.
    """
    cells = []
    for w in weeks:
        h = load.get(w.iso, 0)
        if h:
            cells.append((hours_text(h, french=french), False))
        elif status is not None and status[w.iso] != IUT:
            cells.append((MARKS[status[w.iso]], True))
        elif status is None and not w.teaching:
            cells.append((MARKS[CLOSED], True))
        elif w.iso in blocked:
            cells.append((labels.UNAVAILABLE, True))
        else:
            cells.append(("", False))
    return cells


def group_loads(rows: list[WeekRow], year: int, parcours: str) -> dict[str, dict[str, int | Fraction]]:
    """Hours per week of each group a cohort's students may be in, labelled with its pool."""
    out: dict[str, dict[str, int | Fraction]] = {}
    for r in rows:
        if r.year != year or parcours not in r.parcours.split("+"):
            continue
        label = r.group if r.parcours == parcours else f"{r.group} ({r.parcours})"
        weeks = out.setdefault(label, {})
        weeks[r.iso_week] = weeks.get(r.iso_week, 0) + r.hours
    return dict(sorted(out.items(), key=lambda kv: (kv[0].count("("), _group_order(kv[0]))))


def _group_order(label: str) -> tuple:
    head = label.split(" ")[0]
    kind = "".join(ch for ch in head if not ch.isdigit())
    digits = "".join(ch for ch in head if ch.isdigit())
    return ({"CM": 0, "TD": 1, "TP": 2}.get(kind, 3), kind, int(digits or 0), label)


def cohorts_of(rows: list[WeekRow], inputs) -> list[tuple[int, str]]:
    """The opened cohorts (year, parcours) of the years in ``rows`` (an IUT's: of the rows' departments)."""
    years = sorted({r.year for r in rows})
    departments = {r.department for r in rows}
    return [
        c
        for c, cohort in inputs.cohorts.items()
        if c[0] in years and cohort.opened and (not inputs.scoped or split(c[1])[0] in departments)
    ]


# --- workbook ---------------------------------------------------------------------------


def load_grid(rows: list[WeekRow], inputs) -> tuple[list[str], list[list]]:
    """The ``week_grid`` sheet of plan.xlsx: a student's hours per cohort and each teacher's, per week.

    Parameters
    ----------
    rows
        The layout's rows.
    inputs
        The inputs: calendar and periods for the marks of weeks away.

    Returns
    -------
    tuple of (list of str, list of list)
        Header (Qui, the weeks with a semester as ``S36``, Total) and rows, in French.
    """
    calendar = inputs.calendar
    weeks = [w for w in calendar.weeks if w.parity != "none"]
    header = [labels.WHO, *(labels.week(w.iso) for w in weeks), labels.TOTAL]
    out = []
    for (year, parcours), load in cohort_loads(rows, cohorts_of(rows, inputs)).items():
        status = cohort_status(calendar, inputs.periods, year, parcours)
        cells = [load.get(w.iso) or (MARKS[status[w.iso]] if status[w.iso] != IUT else "") for w in weeks]
        out.append([labels.STUDENT.format(year=year, parcours=parcours), *cells, sum(load.values())])
    for teacher, load in teacher_loads(rows).items():
        cells = [load.get(w.iso) or (MARKS[CLOSED] if not w.teaching else "") for w in weeks]
        out.append([teacher, *cells, sum(load.values())])
    return header, out


# --- picture ------------------------------------------------------------------------------


def heatmap_png(rows: list[WeekRow], inputs, misfits=()) -> bytes:
    """weeks.png: ``heatmap_figure`` as a PNG."""
    return _png(heatmap_figure(rows, inputs, misfits))


def heatmap_figure(rows: list[WeekRow], inputs, misfits=()):
    """Weekly load per cohort (a student) and per teacher, as a heatmap; French labels (``planner.labels``).

    Parameters
    ----------
    rows
        The layout's rows (empty: the hours do not fit).
    inputs
        The inputs: calendar, periods and unavailability for the marks.
    misfits
        The reasons the hours do not fit, printed instead of a heatmap.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import numpy as np
    from matplotlib import colormaps
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import TightLayoutEngine

    calendar = inputs.calendar
    weeks = [w for w in calendar.weeks if w.parity != "none"]
    cohorts = cohort_loads(rows, cohorts_of(rows, inputs)) if rows else {}
    teachers = teacher_loads(rows)
    blocked = unavailable_weeks(inputs.unavailability)
    n_rows = max(1, len(cohorts)) + max(1, len(teachers))
    fig = Figure(figsize=(14, 2.5 + 0.28 * n_rows), dpi=100)
    FigureCanvasAgg(fig)
    if not rows:
        text = labels.WEEKS_NO_FIT + "\n\n" + "\n".join(_wrap(str(m), 150) for m in list(misfits)[:12])
        fig.text(0.02, 0.95, text, va="top", ha="left", fontsize=9, family="monospace")
        return fig
    grid = fig.add_gridspec(2, 1, height_ratios=[max(1, len(cohorts)) + 1.5, max(1, len(teachers)) + 1.5])
    panels: list[tuple[str, dict, Callable, Callable | None]] = [
        (
            labels.WEEKS_STUDENT,
            cohorts,
            lambda key: labels.COHORT.format(year=key[0], parcours=key[1]),
            lambda key: cohort_status(calendar, inputs.periods, *key),
        ),
        (labels.WEEKS_TEACHER, teachers, str, None),
    ]
    ticks = []  # per panel: its axes, row labels and week labels
    for i, (title, loads, label, status_of) in enumerate(panels):
        ax = fig.add_subplot(grid[i])
        keys = list(loads)
        data = np.full((max(1, len(keys)), len(weeks)), np.nan)
        hours, marks = [], []  # (column, row, text) written on the cells
        for r, key in enumerate(keys):
            status = status_of(key) if status_of else None
            for c, w in enumerate(weeks):
                h = loads[key].get(w.iso, 0)
                away = (status is not None and status[w.iso] != IUT) or (status is None and not w.teaching)
                if h or not away:
                    data[r, c] = h
                    if status is not None and h:  # few cohort rows: write the hours
                        hours.append((c, r, hours_text(h, french=True)))
                else:
                    marks.append((c, r, MARKS[status[w.iso]] if status else MARKS[CLOSED]))
                if status is None and not h and w.iso in blocked.get(key, ()):
                    marks.append((c, r, labels.UNAVAILABLE))
        ax.set_facecolor("0.9")  # weeks away: grey, with their mark
        cmap = colormaps["YlOrRd"].with_extremes(under="white")  # weeks at the IUT without hours
        top = max(1.0, float(np.nanmax(data)) if not np.isnan(data).all() else 1.0)
        image = ax.imshow(data, aspect="auto", cmap=cmap, vmin=0.5, vmax=top, interpolation="nearest")
        _write_on_cells(ax, hours, "black")
        _write_on_cells(ax, marks, "0.45")
        fig.colorbar(image, ax=ax, label=labels.WEEKS_COLORBAR, fraction=0.02, pad=0.01)
        ticks.append((ax, [label(k) for k in keys], [w.short for w in weeks]))
        ax.set_title(title, fontsize=10, loc="left")
        boundary = next((c for c, w in enumerate(weeks) if w.parity == "even"), None)
        if boundary:
            ax.axvline(boundary - 0.5, color="0.3", linewidth=0.8)
    fig.text(0.01, 0.005, f"{week_range(weeks)} ; {labels.WEEKS_MARKS}", fontsize=7, color="0.3")
    # laid out once, without leaving a layout engine that would lay the figure out again on saving, and
    # with the labels that reach furthest alone: the layout measures every tick label it is given
    for ax, rows_, columns in ticks:
        _set_ticks(ax, rows_, columns, _outermost(fig, rows_, 7), _outermost(fig, columns, 6))
    TightLayoutEngine(rect=(0, 0.02, 1, 1)).execute(fig)
    for ax, rows_, columns in ticks:
        _set_ticks(ax, rows_, columns, range(len(rows_)), range(len(columns)))
    return fig


def _set_ticks(ax, rows: list[str], columns: list[str], shown_rows, shown_columns) -> None:
    ax.set_yticks(list(shown_rows), [rows[i] for i in shown_rows], fontsize=7)
    ax.set_xticks(list(shown_columns), [columns[i] for i in shown_columns], fontsize=6)


def _outermost(fig, texts: list[str], size: float) -> list[int]:
    """The labels that bound a row of tick labels: the first, the last and the widest (indexes)."""
    from matplotlib.font_manager import FontProperties

    if not texts:
        return []
    renderer, prop = fig.canvas.get_renderer(), FontProperties(size=size)
    widths = [renderer.get_text_width_height_descent(t, prop, ismath=False)[0] for t in texts]
    return sorted({0, len(texts) - 1, widths.index(max(widths))})


MARK_SIZE = 6  # points, as the tick labels of the weeks


def _write_on_cells(ax, cells: list[tuple[int, int, str]], color) -> None:
    """Short texts centred on grid cells, drawn as one collection of glyph outlines.

    One artist for every mark instead of a text per cell: the outline of each
    distinct text is made once, then placed at each of its cells.
    """
    from matplotlib.collections import PathCollection
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath
    from matplotlib.transforms import Affine2D

    if not cells:
        return
    prop = FontProperties(size=MARK_SIZE)
    outlines = {}
    for _, _, text in cells:
        if text not in outlines:
            path = TextPath((0, 0), text, prop=prop)
            (x0, y0), (x1, y1) = path.get_extents().get_points()
            outlines[text] = path.transformed(Affine2D().translate(-(x0 + x1) / 2, -(y0 + y1) / 2))
    collection = PathCollection(
        [outlines[text] for _, _, text in cells],
        offsets=[(c, r) for c, r, _ in cells],
        offset_transform=ax.transData,
        transform=Affine2D().scale(1 / 72) + ax.figure.dpi_scale_trans,  # points to pixels
        facecolors=color,
        edgecolors="none",
        linewidths=0,
        snap=False,  # snapped to whole pixels, the thin strokes of a glyph vanish
    )
    ax.add_collection(collection, autolim=False)


def week_range(weeks) -> str:
    """The weeks a picture spans, in French: ``Semaines S36 (lundi 1 septembre 2025) à S26 (…)``."""
    first, last = weeks[0], weeks[-1]
    return labels.WEEKS_RANGE.format(
        first=labels.week(first.iso),
        first_monday=labels.date_text(first.monday),
        last=labels.week(last.iso),
        last_monday=labels.date_text(last.monday),
    )


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def _wrap(text: str, width: int) -> str:
    import textwrap

    return textwrap.fill(text, width, subsequent_indent="  ")


# --- plan.xlsx sheets ---------------------------------------------------------------


def week_sheets(rows: list[WeekRow], grid: tuple[list[str], list[list]] | None, scoped: bool = False) -> dict:
    """Sheets for plan.xlsx: the rows of weeks.csv, and the weekly load grid."""
    sheets = {"weeks": week_table(rows, scoped)}
    if grid is not None:
        sheets["week_grid"] = grid
    return sheets


def week_outputs(plan: WeekPlan | None, inputs, kept: Sequence[WeekRow] = ()) -> dict:
    """The plan.xlsx sheets of a week layout (none without one); ``kept``: an IUT's saved weeks kept."""
    if plan is None:
        return {}
    rows = (plan_rows(plan) if plan.fits else []) + list(kept)
    return week_sheets(rows, load_grid(rows, inputs) if rows else None, inputs.scoped)


HEATMAP = "weeks.png"


def heatmap(helper: Helper, plan: WeekPlan, inputs, kept: Sequence[WeekRow] = ()) -> Pending[bytes]:
    """weeks.png, the layout's heatmap (or why there is none), handed to ``helper``."""
    rows = (plan_rows(plan) if plan.fits else []) + list(kept)
    return helper.submit(heatmap_png, rows, inputs, list(plan.misfits))
