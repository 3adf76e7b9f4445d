"""An IUT's saved plan, seen from a re-plan of some departments (``planner solve --department``).

The departments not planned this time keep their saved assignments, uncovered
hours and weeks: their teachers' HETD count as load outside the new plan (like
other years' saved plans) and their weekly hours as background of the week
layout; the plan folder is then written again with their rows unchanged. Read by
``store.read.kept_plan``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from planner.store.rows import AssignmentRow, UncoveredRow
from planner.weeks.rows import WeekRow


@dataclass
class Kept:
    """The saved rows of the departments not being planned."""

    folder: str
    departments: tuple[str, ...]  # every department of the IUT, in order
    planned: tuple[str, ...]  # the departments being planned
    assignments: list[AssignmentRow] = field(default_factory=list)
    uncovered: list[UncoveredRow] = field(default_factory=list)
    weeks: list[WeekRow] = field(default_factory=list)

    @property
    def hetd(self) -> dict[str, Fraction]:
        """HETD per teacher in the kept assignments."""
        out: dict[str, Fraction] = {}
        for a in self.assignments:
            out[a.teacher] = out.get(a.teacher, Fraction(0)) + a.hetd
        return out

    @property
    def week_load(self) -> dict[str, dict[str, int | Fraction]]:
        """Teachers' hours per ISO week in the kept weeks."""
        out: dict[str, dict[str, int | Fraction]] = {}
        for r in self.weeks:
            if r.teacher is not None:
                per_week = out.setdefault(r.teacher, {})
                per_week[r.iso_week] = per_week.get(r.iso_week, 0) + r.hours
        return out

    def rows(self, table: str, header: list[str]) -> list[list]:
        """The kept rows of assignments.csv or uncovered.csv, as the writer's rows."""
        items = self.assignments if table == "assignments" else self.uncovered
        return [[getattr(r, column) for column in header] for r in items]
