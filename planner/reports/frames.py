"""A plan as pandas DataFrames: what a notebook user expects to filter, group and plot.

One frame per plan file (assignments, services, uncovered, weeks) with the
same columns, plus the solver stages. Numbers are floats: HETD as printed in
the files (cents, each teacher's rows adding up to their total).
"""

from __future__ import annotations

from dataclasses import asdict, fields
from fractions import Fraction
from typing import TYPE_CHECKING

import pandas as pd

from planner.store.rows import AssignmentRow, SavedPlan, SavedWeeks, ServiceRow, UncoveredRow
from planner.store.tables import STAGE_COLUMNS
from planner.weeks.rows import WeekRow

if TYPE_CHECKING:
    from planner.stages import Stage


def _frame(rows: list, row_type: type) -> pd.DataFrame:
    columns = [f.name for f in fields(row_type)]
    records = [{k: float(v) if isinstance(v, Fraction) else v for k, v in asdict(r).items()} for r in rows]
    return pd.DataFrame.from_records(records, columns=columns)


def plan_frames(plan: SavedPlan, weeks: SavedWeeks | None, stages: list[Stage]) -> dict[str, pd.DataFrame]:
    """The frames of a plan: ``assignments``, ``services``, ``uncovered``, ``weeks``, ``stages``.

    Parameters
    ----------
    plan
        The plan's rows (``pipeline.Plan.saved`` or ``store.read.read_plan``).
    weeks
        Its week layout (None, or one that does not fit: an empty ``weeks`` frame).
    stages
        The solver stages, assignment then weeks.

    Returns
    -------
    dict of str to pandas.DataFrame
        One frame per table, columns as in the plan files.
    """
    week_rows = weeks.rows if weeks is not None and weeks.fits else []
    return {
        "assignments": _frame(plan.assignments, AssignmentRow),
        "services": _frame(plan.services, ServiceRow),
        "uncovered": _frame(plan.uncovered, UncoveredRow),
        "weeks": _frame(week_rows, WeekRow),
        "stages": pd.DataFrame.from_records(
            [(s.name, s.value, s.bound, s.gap, s.status, s.proven, s.engine) for s in stages],
            columns=STAGE_COLUMNS,
        ),
    }
