"""One scenario to solve: its applied inputs, years, options and context (sent to a worker process)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from planner.context import Context
from planner.data.inputs import Inputs

if TYPE_CHECKING:
    from planner.scenarios.outcome import Outcome


@dataclass(frozen=True)
class Job:
    """One scenario to solve (sent to a worker process)."""

    name: str
    description: str
    path: str
    inputs: Inputs
    years: tuple[int, ...]
    overrides: dict[str, Any]  # solve options given on the command line (``SolveOptions.of``)
    context: Context  # other years' saved load and weeks
    reference: Outcome | None = None  # the first scenario, solved
    touched: tuple[tuple[int, str], ...] | None = None  # the (year, department) its changes reach; None: all
