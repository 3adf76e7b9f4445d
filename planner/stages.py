"""Lexicographic optimisation stages, shared by the assignment and week models.

Each model optimises its objectives in priority order: a stage is solved, its
value is then held (``expr <= value``) while the next one is optimised, and
the stage's plan hints the next search. A :class:`Stage` records what each
step reached: its value, a proven bound, whether it is optimal, and which
engine reached it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

STATUS = {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible"}
INTERRUPTED = "interrupted"  # stopped by Ctrl-C: the best plan found, not proven
NOT_SOLVED = "not solved"


@dataclass(frozen=True)
class Stage:
    """One optimised objective: value and proven bound in the stage's unit (HETD, €, count)."""

    name: str
    value: float
    bound: float
    status: str  # optimal, feasible, interrupted or not solved
    seconds: float
    engine: str = "CP-SAT"  # what reached the value: CP-SAT, HiGHS, or both ("HiGHS + CP-SAT")

    @property
    def gap(self) -> float:
        """Relative distance between value and bound (0 when proven optimal)."""
        if self.status == "optimal" or self.value == self.bound:
            return 0.0
        return abs(self.value - self.bound) / max(abs(self.value), 1e-9)

    @property
    def proven(self) -> bool:
        return self.status == "optimal"


def hold(model: cp_model.CpModel, expr, value: int, hints: Iterable[tuple]) -> None:
    """Keep a solved stage at ``value`` and hint its plan ((variable, value) pairs) to the next."""
    model.clear_hints()
    for var, v in hints:
        model.add_hint(var, v)
    model.add(expr <= value)
