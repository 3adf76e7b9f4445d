"""planner: teaching-load planning and scheduling for a BUT QLIO department.

The data flow, with the public API of each step (ARCHITECTURE.md has the picture)::

    import planner
    from pathlib import Path

    inputs = planner.load_inputs("inputs")                    # data/: checked tables
    demand = planner.build_demand(inputs, [2])                # demand.py: groups x hours
    saved = planner.saved_context(inputs, Path("reports"), [2])   # other years' plans
    result, weeks = planner.plan(                             # pipeline.py: assign/ + weeks/
        inputs, [2], other_load=saved.other_load, background=saved.background
    )
    result.solution.shortages, weeks.fits
    plan = planner.read_plan("reports/year2")                 # store/: a plan folder
    fiches = planner.build_fiches(plan, inputs)               # reports/

What-if scenarios: ``planner.compare(planner.scenario_jobs(inputs,
[planner.load_scenario(p) for p in paths], [2]))``. Every problem a user can
fix is a ``planner.PlannerError``.

The names are imported on first use (module ``__getattr__``), so that
``import planner`` and ``planner --help`` stay fast.
"""

from __future__ import annotations

import importlib
from typing import Any

# public name -> module that defines it
_API = {
    "PlannerError": "planner.errors",
    "Inputs": "planner.data.inputs",
    "load_inputs": "planner.data.inputs",
    "Settings": "planner.data.settings",
    "Demand": "planner.demand",
    "build_demand": "planner.demand",
    "Context": "planner.pipeline",
    "saved_context": "planner.pipeline",
    "plan": "planner.pipeline",
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
    "SavedPlan": "planner.store.plan",
    "read_plan": "planner.store.plan",
    "read_weeks": "planner.store.weeks",
    "build_fiches": "planner.reports.fiche",
    "build_summary": "planner.reports.summary",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'planner' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(__all__) | {n for n in globals() if n.startswith("__")})
