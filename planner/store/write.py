"""A plan written into a (staging) folder: its CSV files, plan.xlsx, weeks.csv and weeks_report.txt.

Call these with a folder being written (``store.atomic.staged_dir``): the
files appear all together or not at all. When the hours do not fit the weeks,
weeks.csv has only its header and weeks_report.txt says why, so a folder never
shows an old layout next to a new assignment.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from planner.store.atomic import csv_text
from planner.store.rows import REPORT
from planner.store.tables import (
    STAGE_COLUMNS,
    french_sheets,
    plan_tables,
    report_text,
    stage_rows,
    week_table,
)
from planner.store.xlsx import write_tables_xlsx
from planner.weeks.problem import WeekPlan
from planner.weeks.rows import WeekRow, plan_rows

if TYPE_CHECKING:
    from planner.assign.solve import Result
    from planner.data.inputs import Inputs
    from planner.store.kept import Kept


def write_plan(
    stage_dir: Path,
    result: Result,
    inputs: Inputs,
    extra_sheets: dict | None = None,
    kept: Kept | None = None,
) -> list[str]:
    """Write the plan's tables into a (staging) folder.

    Parameters
    ----------
    stage_dir
        The folder being written (``store.atomic.staged_dir``).
    result
        The solved assignment.
    inputs
        The inputs (service dû per status).
    extra_sheets
        More sheets of plan.xlsx, name -> (header, rows): the week layout.

    Returns
    -------
    list of str
        The file names written. plan.xlsx holds the same tables under French
        sheet names and headers (``labels.french_table``).
    """
    texts, sheets = plan_files(result, inputs, extra_sheets, kept)
    for name, text in texts.items():
        (stage_dir / f"{name}.csv").write_text(text, encoding="utf-8")
    write_tables_xlsx(stage_dir / "plan.xlsx", sheets)
    return [f"{name}.csv" for name in texts] + ["plan.xlsx"]


def plan_files(
    result: Result, inputs: Inputs, extra_sheets: dict | None = None, kept: Kept | None = None
) -> tuple[dict[str, str], dict[str, tuple[list, list]]]:
    """The text of each CSV file of a plan (name without ``.csv`` -> text), and plan.xlsx's French sheets."""
    texts, sheets = {}, {}
    for name, (header, rows) in plan_tables(result, inputs, kept).items():
        texts[name] = csv_text(header, rows)
        sheets[name] = (header, rows)
    sheets["solver"] = (STAGE_COLUMNS, stage_rows(result))
    sheets.update(extra_sheets or {})
    return texts, french_sheets(sheets)


def write_weeks(
    folder: Path, plan: WeekPlan, scoped: bool = False, kept: Sequence[WeekRow] = ()
) -> list[str]:
    """Write weeks.csv and weeks_report.txt into a (staging) folder.

    Parameters
    ----------
    folder
        The folder being written.
    plan
        The week layout; when it does not fit, weeks.csv has its header only and
        the report says why.
    scoped
        An IUT's plan: weeks.csv gets a department column.
    kept
        The saved weeks of departments not planned this time (an IUT), kept as they are.

    Returns
    -------
    list of str
        The file names written.
    """
    table, report = week_files(plan, scoped, kept)
    (folder / "weeks.csv").write_text(table, encoding="utf-8")
    (folder / REPORT).write_text(report, encoding="utf-8")
    return ["weeks.csv", REPORT]


def week_files(plan: WeekPlan, scoped: bool = False, kept: Sequence[WeekRow] = ()) -> tuple[str, str]:
    """The texts of weeks.csv and weeks_report.txt."""
    rows = (plan_rows(plan) if plan.fits else []) + list(kept)
    report = report_text(plan)
    if kept:
        departments = ", ".join(sorted({r.department for r in kept}))
        report += f"weeks of {departments} kept from the saved plan\n"
    return csv_text(*week_table(rows, scoped)), report
