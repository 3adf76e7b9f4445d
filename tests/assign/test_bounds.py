"""The stages' LP bounds: the same by either LP method, and below every plan."""

from __future__ import annotations

from conftest import ROOT

from planner.assign.bounds import lp_bound, strengthen
from planner.assign.mip import AssignmentMip
from planner.assign.problem import build_problem
from planner.data.inputs import load_inputs
from planner.demand import build_demand


def test_the_fragmentation_bound_is_the_same_by_interior_point_and_below_the_plan():
    inputs = load_inputs(ROOT / "inputs")
    model = AssignmentMip(build_problem(inputs, build_demand(inputs, [2])))
    for name in ("uncovered", "cost", "sous_service", "fairness"):
        assert model.solve_stage(name, nodes=1000, warm=False) is not None
    strengthen(model, model.value("fairness"))
    simplex = lp_bound(model, "fragmentation")
    assert lp_bound(model, "fragmentation", "ipm") == simplex <= model.value("fragmentation")
    assert simplex > 0  # a bound that says something: teachers must use modules
    assert model.h.getOptionValue("solver")[1] == "choose"  # the MIP's own LPs as they were
    found = model.solve_stage("fragmentation", nodes=1000)
    assert found is not None and simplex <= found.value
