"""Showing a week layout: weekly loads, grids for the terminal and the workbook, a heatmap.

Everything works from ``WeekRow``s, so a layout just computed and one read
back from ``weeks.csv`` look the same. Weeks where a cohort is away are marked
S (stage), E (entreprise: alternance), V (vacances: closed) and · (no
semester); a teacher's unavailable weeks are marked U.
"""

from __future__ import annotations

import io

from rich.table import Table

from planner.data.calendar import IUT, MARKS, Week, cohort_status, unavailable_weeks
from planner.data.iut import split
from planner.store.weeks import week_table
from planner.weeks.problem import WeekPlan
from planner.weeks.rows import WeekRow, cohort_loads, plan_peaks, plan_rows, teacher_loads

LEGEND = "S stage, E entreprise (alternance), V vacances (closed), · no semester, U unavailable"


def group_loads(rows: list[WeekRow], year: int, parcours: str) -> dict[str, dict[str, int]]:
    """Hours per week of each group a cohort's students may be in, labelled with its pool."""
    out: dict[str, dict[str, int]] = {}
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
    """The opened cohorts of the rows' years (an IUT's: of the rows' departments)."""
    years = sorted({r.year for r in rows})
    departments = {r.department for r in rows}
    return [
        c
        for c, cohort in inputs.cohorts.items()
        if c[0] in years and cohort.opened and (not inputs.scoped or split(c[1])[0] in departments)
    ]


def semester_weeks(calendar, parity: str) -> list[Week]:
    return [w for w in calendar.weeks if w.parity == parity]


def semester_name(parity: str, year: int) -> str:
    return f"S{(1 if parity == 'odd' else 2) + 2 * (year - 1)}"


# --- terminal ----------------------------------------------------------------------------


def _grid(title: str, weeks: list[Week]) -> Table:
    table = Table(
        title=title,
        title_justify="left",
        padding=(0, 0),
        pad_edge=False,
        caption=LEGEND,
        caption_justify="left",
    )
    table.add_column("", no_wrap=True)
    for w in weeks:
        table.add_column(w.short, justify="right", min_width=3)
    table.add_column("total", justify="right", min_width=6)
    return table


def _cells(
    load: dict[str, int], weeks: list[Week], status: dict[str, str] | None, blocked=frozenset()
) -> list[str]:
    cells = []
    for w in weeks:
        h = load.get(w.iso, 0)
        if h:
            cells.append(str(h))
        elif status is not None and status[w.iso] != IUT:
            cells.append(f"[dim]{MARKS[status[w.iso]]}[/dim]")
        elif status is None and not w.teaching:
            cells.append("[dim]V[/dim]")
        elif w.iso in blocked:
            cells.append("[dim]U[/dim]")
        else:
            cells.append("")
    return cells + [str(sum(load.get(w.iso, 0) for w in weeks))]


def cohort_tables(rows: list[WeekRow], inputs, groups: bool = True) -> list[Table]:
    """Per cohort and semester: each group's and a student's hours, week by week."""
    calendar, tables = inputs.calendar, []
    loads = cohort_loads(rows, cohorts_of(rows, inputs))
    for (year, parcours), load in loads.items():
        status = cohort_status(calendar, inputs.periods, year, parcours)
        for parity in ("odd", "even"):
            weeks = semester_weeks(calendar, parity)
            if not any(load.get(w.iso) for w in weeks):
                continue
            table = _grid(f"Year {year} {parcours}, {semester_name(parity, year)}: hours per week", weeks)
            if groups:
                for label, g in group_loads(rows, year, parcours).items():
                    if any(g.get(w.iso) for w in weeks):
                        table.add_row(label, *_cells(g, weeks, status))
            table.add_row(
                "[bold]student[/bold]",
                *[f"[bold]{c}[/bold]" for c in _cells(load, weeks, status)],
                end_section=True,
            )
            tables.append(table)
    return tables


def teacher_tables(rows: list[WeekRow], inputs) -> list[Table]:
    """Per semester parity: each teacher's hours, week by week."""
    calendar, tables = inputs.calendar, []
    loads = teacher_loads(rows)
    blocked = unavailable_weeks(inputs.unavailability)
    years = sorted({r.year for r in rows})
    for parity in ("odd", "even"):
        weeks = semester_weeks(calendar, parity)
        active = {t: load for t, load in loads.items() if any(load.get(w.iso) for w in weeks)}
        if not active:
            continue
        sems = "/".join(semester_name(parity, y) for y in years)
        table = _grid(f"Teachers, {sems}: hours per week", weeks)
        for teacher, load in active.items():
            table.add_row(teacher, *_cells(load, weeks, None, blocked.get(teacher, frozenset())))
        tables.append(table)
    return tables


# --- workbook ---------------------------------------------------------------------------


def load_grid(rows: list[WeekRow], inputs) -> tuple[list[str], list[list]]:
    """One row per cohort (a student's hours) and per teacher, one column per semester week."""
    calendar = inputs.calendar
    weeks = [w for w in calendar.weeks if w.parity != "none"]
    header = ["who", *(w.iso for w in weeks), "total"]
    out = []
    for (year, parcours), load in cohort_loads(rows, cohorts_of(rows, inputs)).items():
        status = cohort_status(calendar, inputs.periods, year, parcours)
        cells = [load.get(w.iso) or (MARKS[status[w.iso]] if status[w.iso] != IUT else "") for w in weeks]
        out.append([f"year {year} {parcours} (student)", *cells, sum(load.values())])
    for teacher, load in teacher_loads(rows).items():
        cells = [load.get(w.iso) or ("V" if not w.teaching else "") for w in weeks]
        out.append([teacher, *cells, sum(load.values())])
    return header, out


# --- picture ------------------------------------------------------------------------------


def heatmap_png(rows: list[WeekRow], inputs, misfits=()) -> bytes:
    """Weekly load per cohort (a student) and per teacher, as a PNG heatmap."""
    import numpy as np
    from matplotlib import colormaps
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    calendar = inputs.calendar
    weeks = [w for w in calendar.weeks if w.parity != "none"]
    cohorts = cohort_loads(rows, cohorts_of(rows, inputs)) if rows else {}
    teachers = teacher_loads(rows)
    blocked = unavailable_weeks(inputs.unavailability)
    n_rows = max(1, len(cohorts)) + max(1, len(teachers))
    fig = Figure(figsize=(14, 2.5 + 0.28 * n_rows), dpi=100)
    FigureCanvasAgg(fig)
    if not rows:
        text = "No week layout: the hours do not fit.\n\n" + "\n".join(
            _wrap(str(m), 150) for m in list(misfits)[:12]
        )
        fig.text(0.02, 0.95, text, va="top", ha="left", fontsize=9, family="monospace")
        return _png(fig)
    grid = fig.add_gridspec(2, 1, height_ratios=[max(1, len(cohorts)) + 1.5, max(1, len(teachers)) + 1.5])
    panels = [
        (
            "Weekly class hours of a student",
            cohorts,
            lambda key: f"year {key[0]} {key[1]}",
            lambda key: cohort_status(calendar, inputs.periods, *key),
        ),
        ("Weekly teaching hours of each teacher", teachers, str, None),
    ]
    for i, (title, loads, label, status_of) in enumerate(panels):
        ax = fig.add_subplot(grid[i])
        keys = list(loads)
        data = np.full((max(1, len(keys)), len(weeks)), np.nan)
        for r, key in enumerate(keys):
            status = status_of(key) if status_of else None
            for c, w in enumerate(weeks):
                h = loads[key].get(w.iso, 0)
                away = (status is not None and status[w.iso] != IUT) or (status is None and not w.teaching)
                if h or not away:
                    data[r, c] = h
                    if status is not None and h:  # few cohort rows: write the hours
                        ax.text(c, r, str(h), ha="center", va="center", fontsize=6, color="black")
                else:
                    mark = MARKS[status[w.iso]] if status else "V"
                    ax.text(c, r, mark, ha="center", va="center", fontsize=6, color="0.45")
                if status is None and not h and w.iso in blocked.get(key, ()):
                    ax.text(c, r, "U", ha="center", va="center", fontsize=6, color="0.45")
        ax.set_facecolor("0.9")  # weeks away: grey, with their mark
        cmap = colormaps["YlOrRd"].with_extremes(under="white")  # weeks at the IUT without hours
        top = max(1.0, float(np.nanmax(data)) if not np.isnan(data).all() else 1.0)
        image = ax.imshow(data, aspect="auto", cmap=cmap, vmin=0.5, vmax=top, interpolation="nearest")
        fig.colorbar(image, ax=ax, label="hours", fraction=0.02, pad=0.01)
        ax.set_yticks(range(len(keys)), [label(k) for k in keys], fontsize=7)
        ax.set_xticks(range(len(weeks)), [w.short for w in weeks], fontsize=6)
        ax.set_title(title, fontsize=10, loc="left")
        boundary = next((c for c, w in enumerate(weeks) if w.parity == "even"), None)
        if boundary:
            ax.axvline(boundary - 0.5, color="0.3", linewidth=0.8)
    fig.text(0.01, 0.005, f"ISO weeks {weeks[0].iso} to {weeks[-1].iso}; {LEGEND}", fontsize=7, color="0.3")
    fig.tight_layout(rect=(0, 0.02, 1, 1))
    return _png(fig)


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def _wrap(text: str, width: int) -> str:
    import textwrap

    return textwrap.fill(text, width, subsequent_indent="  ")


def week_lines(plan) -> list[str]:
    """What `planner solve` prints about the week layout it made (rich markup)."""
    if plan.fits:
        top = plan_peaks(plan)
        student, where_s = top["student"]
        teacher, where_t = top["teacher"]
        m = plan.measures
        tries = (
            f", assignment tried {plan.rounds} times to fit teachers' weekly caps" if plan.rounds > 1 else ""
        )
        return [
            f"weeks: laid out in {plan.seconds:.1f} s ({plan.status}{tries}); peak weekly load: student {student} h "
            f"({where_s}), teacher {teacher} h ({where_t}); modules in {m.get('module runs', 0)} runs for "
            f"{m.get('modules', 0)} modules. See `planner weeks` and weeks.png."
        ]
    lines = [f"[red]weeks do not fit[/red]: {m.message}" for m in plan.misfits]
    lines.append(
        "[red]the teaching assignment is written, but it has no week layout[/red] (weeks.csv is empty; "
        "the reasons are in weeks_report.txt)"
    )
    return lines


# --- plan.xlsx sheets ---------------------------------------------------------------


def week_sheets(rows: list[WeekRow], grid: tuple[list[str], list[list]] | None, scoped: bool = False) -> dict:
    """Sheets for plan.xlsx: the rows of weeks.csv, and the weekly load grid."""
    sheets = {"weeks": week_table(rows, scoped)}
    if grid is not None:
        sheets["week_grid"] = grid
    return sheets


def week_outputs(plan: WeekPlan | None, inputs, kept: list[WeekRow] = ()) -> dict:
    """The plan.xlsx sheets of a week layout (none without one); ``kept``: an IUT's saved weeks kept."""
    if plan is None:
        return {}
    rows = (plan_rows(plan) if plan.fits else []) + list(kept)
    return week_sheets(rows, load_grid(rows, inputs) if rows else None, inputs.scoped)


def write_heatmap(folder, plan: WeekPlan, inputs, kept: list[WeekRow] = ()) -> list[str]:
    """Write weeks.png, the layout's heatmap (or why there is none), into a (staging) folder."""
    rows = (plan_rows(plan) if plan.fits else []) + list(kept)
    (folder / "weeks.png").write_bytes(heatmap_png(rows, inputs, plan.misfits))
    return ["weeks.png"]
