"""planner: teaching-load planning and scheduling for a BUT QLIO department."""

from .errors import PlannerError

__all__ = ["PlannerError"]
