"""planner: teaching-load planning and scheduling for a BUT QLIO department."""

from planner.errors import PlannerError

__all__ = ["PlannerError"]
