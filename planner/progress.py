"""Progress of a long solve, reported as it happens (``planner solve`` shows it live).

``pipeline.plan(..., progress=callback)`` calls ``callback(step)`` with a
:class:`Step`:

- once per finished stage of the assignment model (``assign.solve.solve``,
  in priority order: uncovered, cost, sous-service…), ``phase="assignment"``;
- once per semester parity of the week layout (``weeks.layout.lay_out``:
  odd weeks S1/S3/S5, then even weeks), ``phase="weeks"``, with the last
  stage that semester ran (balance, or fit when the hours do not fit).

The callback runs in the solving thread between two solver calls: it should
return quickly and never raise. It changes nothing in the plan: the same
inputs give the same plan with or without it. Presentation is the caller's
business (``cli.terminal.progress``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from planner.stages import Stage

ASSIGNMENT = "assignment"
WEEKS = "weeks"


@dataclass(frozen=True)
class Step:
    """One finished step of a solve."""

    phase: str  # ASSIGNMENT or WEEKS
    stage: Stage  # its value, proven bound, status and seconds
    elapsed: float  # wall seconds since this phase began (this assignment solve, or this layout)
    attempt: int = 1  # the assignment try of pipeline.plan (a weekly cap broke: assigned again)


Progress = Callable[[Step], None]
