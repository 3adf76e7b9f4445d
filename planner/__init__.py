"""planner: teaching-load planning and scheduling for a BUT QLIO department.

The data flow, with the public API of each step (ARCHITECTURE.md has the picture):

    import planner

    inputs = planner.load_inputs("inputs")                    # data/: checked tables
    demand = planner.build_demand(inputs, [2])                # demand.py: groups x hours
    plan = planner.plan(inputs, [2])                          # pipeline.py: assign/ + weeks/
    plan.result.solution.shortages, plan.fits                 # what is uncovered, and why
    fiches = plan.fiches()                                    # reports/: fiches de service
    frames = plan.frames()                                    # pandas DataFrames
    plan.write("reports/year2")                               # store/: the plan folder

Options (``planner.SolveOptions.of(inputs, time_limit=5)``), other years'
saved plans (``planner.saved_context``) and Ctrl-C (``planner.Stop``) are
arguments of ``planner.plan``. What-if scenarios:
``planner.compare(planner.scenario_jobs(inputs, [planner.load_scenario(p) for p
in paths], [2])[0])``. Every problem a user can fix is a ``planner.PlannerError``.

The names are imported on first use (module ``__getattr__``), so that
``import planner`` and ``planner --help`` stay fast; type checkers see them
through the imports under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planner.assign.solve import Result, solve
    from planner.context import Context
    from planner.data.inputs import Inputs, load_inputs
    from planner.data.settings import Settings
    from planner.demand import Demand, build_demand
    from planner.errors import PlannerError
    from planner.interrupt import Stop
    from planner.options import SolveOptions
    from planner.pipeline import Plan, plan, saved_context
    from planner.reports.fiche import Fiche, build_fiches
    from planner.reports.summary import Summary, build_summary
    from planner.scenarios.apply import apply_scenario
    from planner.scenarios.compare import compare, scenario_jobs
    from planner.scenarios.outcome import Comparison
    from planner.scenarios.scenario import Scenario, load_scenario
    from planner.store.read import read_plan, read_weeks
    from planner.store.rows import SavedPlan, SavedWeeks
    from planner.weeks.layout import lay_out
    from planner.weeks.problem import WeekPlan

# public name -> module that defines it
_API = {
    "PlannerError": "planner.errors",
    "Inputs": "planner.data.inputs",
    "load_inputs": "planner.data.inputs",
    "Settings": "planner.data.settings",
    "SolveOptions": "planner.options",
    "Context": "planner.context",
    "Stop": "planner.interrupt",
    "Demand": "planner.demand",
    "build_demand": "planner.demand",
    "saved_context": "planner.pipeline",
    "plan": "planner.pipeline",
    "Plan": "planner.pipeline",
    "Result": "planner.assign.solve",
    "solve": "planner.assign.solve",
    "WeekPlan": "planner.weeks.problem",
    "lay_out": "planner.weeks.layout",
    "Scenario": "planner.scenarios.scenario",
    "load_scenario": "planner.scenarios.scenario",
    "apply_scenario": "planner.scenarios.apply",
    "scenario_jobs": "planner.scenarios.compare",
    "compare": "planner.scenarios.compare",
    "Comparison": "planner.scenarios.outcome",
    "SavedPlan": "planner.store.rows",
    "SavedWeeks": "planner.store.rows",
    "read_plan": "planner.store.read",
    "read_weeks": "planner.store.read",
    "Fiche": "planner.reports.fiche",
    "build_fiches": "planner.reports.fiche",
    "Summary": "planner.reports.summary",
    "build_summary": "planner.reports.summary",
}

__all__ = [  # what type checkers and star imports see; the same names as _API
    "Comparison",
    "Context",
    "Demand",
    "Fiche",
    "Inputs",
    "Plan",
    "PlannerError",
    "Result",
    "SavedPlan",
    "SavedWeeks",
    "Scenario",
    "Settings",
    "SolveOptions",
    "Stop",
    "Summary",
    "WeekPlan",
    "apply_scenario",
    "build_demand",
    "build_fiches",
    "build_summary",
    "compare",
    "lay_out",
    "load_inputs",
    "load_scenario",
    "plan",
    "read_plan",
    "read_weeks",
    "saved_context",
    "scenario_jobs",
    "solve",
]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'planner' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(__all__) | {n for n in globals() if n.startswith("__")})
