"""The documents made from a saved plan: fiches, department summary, load chart.

Call these with a folder being written (``store.atomic.staged_dir``): the files
appear all together or not at all.
"""

from __future__ import annotations

from pathlib import Path

from planner.data.inputs import Inputs
from planner.reports.fiche import Fiche, build_fiches
from planner.reports.summary import LeftOut, Summary, build_summary, load_chart_png
from planner.store.plan import read_plan

FICHES = "fiches.xlsx"
FICHES_PDF = "fiches.pdf"
SUMMARY = "summary.xlsx"
CHART = "load.png"


def write_fiches(
    folder: Path, fiches: list[Fiche], *, per_teacher: bool = False, pdf: bool = False
) -> list[str]:
    """fiches.xlsx (one sheet per teacher), and on request one file per teacher and PDF."""
    from planner.reports.fiche_xlsx import fiches_workbook, file_stem

    written = [FICHES]
    (folder / FICHES).write_bytes(fiches_workbook(fiches))
    if pdf:
        from planner.reports.fiche_pdf import fiches_pdf

        (folder / FICHES_PDF).write_bytes(fiches_pdf(fiches))
        written.append(FICHES_PDF)
    if per_teacher:
        for fiche in fiches:
            stem = file_stem(fiche.teacher)
            (folder / f"{stem}.xlsx").write_bytes(fiches_workbook([fiche]))
            written.append(f"{stem}.xlsx")
            if pdf:
                (folder / f"{stem}.pdf").write_bytes(fiches_pdf([fiche]))
                written.append(f"{stem}.pdf")
    return written


def write_summary(folder: Path, summary: Summary, extra: dict | None = None) -> list[str]:
    """Write load.png and summary.xlsx (plus ``extra`` sheets) into a staging folder; return the names."""
    from planner.reports.summary_xlsx import summary_workbook

    chart = load_chart_png(summary)
    (folder / CHART).write_bytes(chart)
    (folder / SUMMARY).write_bytes(summary_workbook(summary, chart, extra))
    return [SUMMARY, CHART]


def write_reports(folder: Path, inputs: Inputs, left_out: LeftOut | None = None) -> tuple[Summary, list[str]]:
    """Add the fiches, the department summary and its chart beside a plan just written.

    Parameters
    ----------
    folder
        The plan folder being written (``store.atomic.staged_dir``).
    inputs
        The inputs the plan was solved with.
    left_out
        The other years a single-year plan does not count (``reports.scope.left_out``).

    Returns
    -------
    tuple of (Summary, list of str)
        The summary (printed by ``planner solve``) and the file names written.
        An IUT's plan also gets its figures by department and one folder per
        department (``reports.iut``); the summary then carries the departments' figures.
    """
    plan = read_plan(folder)
    written = write_fiches(folder, build_fiches(plan, inputs))
    summary = build_summary(plan, inputs, week_rows=_week_rows(folder), left_out=left_out)
    if not inputs.scoped:
        return summary, written + write_summary(folder, summary)
    from dataclasses import replace

    from planner.reports.iut import iut_sheets, write_departments
    from planner.store.weeks import read_weeks

    written += write_summary(folder, summary, iut_sheets(plan, inputs))
    weeks = read_weeks(folder).rows if (folder / "weeks.csv").exists() else None
    figures, files = write_departments(folder, plan, weeks, inputs)
    return replace(summary, departments=figures), written + files


def _week_rows(folder: Path) -> list:
    """The plan's week layout, if it has one that fits (for the peak weekly loads)."""
    from planner.store.weeks import read_weeks

    if not (folder / "weeks.csv").exists():
        return []
    saved = read_weeks(folder)
    return saved.rows if saved.fits else []
