"""What is known around a plan before it is solved: other plans' load, their weeks, a plan to start from.

A ``Context`` is everything ``pipeline.plan`` counts that is not in the
inputs: the HETD and weekly hours other years' saved plans (or an IUT's
departments not re-planned) already give each teacher, and a previous plan
to warm-start from or to stay close to. ``pipeline.saved_context`` reads it
from saved plan folders; a scenario comparison fills in the reference.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction


@dataclass
class Context:
    """What the saved plans of the other years leave for the planned ones, and a plan to start from.

    Attributes
    ----------
    other_load
        HETD per teacher taught outside this plan.
    background
        Hours per teacher and ISO week of other saved week layouts (None without a calendar).
    reference
        A previous plan, (teacher, part key) -> hours: a warm start, or with
        ``stable`` a plan to stay close to.
    stable
        Also minimise the units moved away from ``reference`` (the stability stage).
    plan_sources, week_sources
        The folders whose load and weekly hours are counted.
    """

    other_load: dict[str, Fraction] = field(default_factory=dict)  # teacher -> HETD
    background: dict[str, dict[str, int | Fraction]] | None = None  # teacher -> ISO week -> hours
    reference: dict[tuple[str, str], Fraction] | None = None
    stable: bool = False
    plan_sources: list[str] = field(default_factory=list)  # plan folders whose load counts
    week_sources: list[str] = field(default_factory=list)  # week layouts whose hours count

    @property
    def sources(self) -> list[str]:
        """Every folder counted, once."""
        return list(dict.fromkeys(self.plan_sources + self.week_sources))


def add_weekly(
    into: dict[str, dict[str, int | Fraction]], hours: Mapping[str, Mapping[str, int | Fraction]]
) -> None:
    """Add ``hours`` (teacher -> ISO week -> hours) to ``into``, a background of the same shape."""
    for teacher, per_week in hours.items():
        mine = into.setdefault(teacher, {})
        for iso, h in per_week.items():
            mine[iso] = mine.get(iso, 0) + h
