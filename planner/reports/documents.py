"""The documents made from a plan's rows: fiches, department summary, load chart.

Call these with a folder being written (``store.atomic.staged_dir``): the files
appear all together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from planner.data.inputs import Inputs
from planner.helper import Helper, Pending
from planner.reports.fiche import Fiche, build_fiches
from planner.reports.summary import LeftOut, Summary, build_summary, load_chart_png
from planner.store.rows import SavedPlan, SavedWeeks

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


def write_summary(
    folder: Path, summary: Summary, chart: Pending[bytes], extra: dict | None = None
) -> list[str]:
    """Write load.png and summary.xlsx (plus ``extra`` sheets) into a staging folder; return the names.

    ``chart``: load.png being drawn (``start_summary``).
    """
    from planner.reports.summary_xlsx import summary_workbook

    png = chart.result()
    (folder / CHART).write_bytes(png)
    (folder / SUMMARY).write_bytes(summary_workbook(summary, png, extra))
    return [SUMMARY, CHART]


@dataclass(frozen=True)
class Started:
    """The department summary, built, and its chart being drawn (``start_summary``)."""

    summary: Summary
    chart: Pending[bytes]


def start_summary(
    plan: SavedPlan,
    weeks: SavedWeeks | None,
    inputs: Inputs,
    left_out: LeftOut | None = None,
    helper: Helper | None = None,
) -> Started:
    """Build the summary and hand its chart to ``helper`` first: summary.xlsx waits for it."""
    helper = helper if helper is not None else Helper(parallel=False)
    fitting = weeks.rows if weeks is not None and weeks.fits else []
    summary = build_summary(plan, inputs, week_rows=fitting, left_out=left_out)
    return Started(summary, helper.submit(load_chart_png, summary))


def write_reports(
    folder: Path,
    plan: SavedPlan,
    weeks: SavedWeeks | None,
    inputs: Inputs,
    left_out: LeftOut | None = None,
    helper: Helper | None = None,
    started: Started | None = None,
) -> tuple[Summary, list[str]]:
    """Add the fiches, the department summary and its chart beside a plan being written.

    Parameters
    ----------
    folder
        The plan folder being written (``store.atomic.staged_dir``).
    plan
        The plan's rows, as read back (``store.read.read_plan``, or
        ``pipeline.Plan.saved`` for a plan just solved).
    weeks
        Its week layout as read back (None without one).
    inputs
        The inputs the plan was solved with.
    left_out
        The other years a single-year plan does not count (``reports.scope.left_out``).
    helper
        Draws the pictures while the workbooks are written (``planner.helper``;
        None: here, one after the other).
    started
        The summary and its chart, when ``start_summary`` began them before.

    Returns
    -------
    tuple of (Summary, list of str)
        The summary (printed by ``planner solve``) and the file names written.
        An IUT's plan also gets its figures by department and one folder per
        department (``reports.iut``); the summary then carries the departments' figures.
    """
    helper = helper if helper is not None else Helper(parallel=False)
    started = started or start_summary(plan, weeks, inputs, left_out, helper)
    summary, chart = started.summary, started.chart  # the chart drawn while the fiches are written
    written = write_fiches(folder, build_fiches(plan, inputs, left_out.missing if left_out else ()))
    if not inputs.scoped:
        return summary, written + write_summary(folder, summary, chart)
    from dataclasses import replace

    from planner.reports.iut import iut_sheets, write_departments

    written += write_summary(folder, summary, chart, iut_sheets(plan, inputs))
    week_rows = weeks.rows if weeks is not None else None
    figures, files = write_departments(folder, plan, week_rows, inputs, helper)
    return replace(summary, departments=figures), written + files
