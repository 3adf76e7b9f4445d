"""Two plan versions compared as ``planner compare`` compares scenarios: figures, teachers, what moved.

Each solve is a stored version. A version read back becomes a scenario
``Outcome`` (its headline figures from the summary, each teacher's service,
the hours each teacher gives each module activity); the two side by side are
a ``Comparison``, the first the reference, and the tables are
``compare_sheets``: the very sheets of compare.xlsx (Comparaison,
Enseignants, Changements) with their deltas, in French.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from planner.scenarios.compare import changes_against
from planner.scenarios.compare_report import compare_sheets
from planner.scenarios.outcome import METRICS, Comparison, Outcome, TeacherLine
from planner.web.plans import Stored

FIGURES = {  # a scenario's metric: the summary figure of a stored version
    "demand_hetd": "demand_hetd",
    "assigned_hetd": "assigned",
    "hc_hetd": "hc",
    "hc_eur": "hc_cost",
    "vacataire_hours": "vac_h",
    "vacataire_eur": "vac_cost",
    "cost_eur": "total_cost",
    "uncovered_hours": "uncovered_h",
}


def outcome(stored: Stored, name: str, description: str = "") -> Outcome:
    """A stored plan version as a scenario's outcome."""
    version, saved = stored.version, stored.saved
    module_hours: dict[tuple[str, tuple[int, int, str, str]], int | Fraction] = {}
    part_hours: dict[tuple[str, str], int | Fraction] = {}
    factors: dict[tuple, Fraction] = {}
    for a in saved.assignments:
        module = (a.year, a.semester, a.code, a.activity)
        module_hours[(a.teacher, module)] = module_hours.get((a.teacher, module), 0) + a.hours
        key = f"{a.year}|S{a.semester}|{a.parcours}|{a.code}|{a.activity}"
        part_hours[(a.teacher, key)] = part_hours.get((a.teacher, key), 0) + a.hours
        if a.hours:
            factors.setdefault(module, a.hetd / a.hours)
    metrics: dict[str, Any] = {key: None for key, _, _ in METRICS}
    for key, figure in FIGURES.items():
        if figure in version.figures:
            metrics[key] = Fraction(version.figures[figure])
    teachers = [
        TeacherLine(
            s.teacher,
            s.name,
            s.status,
            max(Fraction(0), s.service_du - s.reductions),
            s.other_hetd + s.assigned_hetd,
            s.assigned_hetd,
            s.hc_hetd,
        )
        for s in saved.services
    ]
    status = "interrupted" if version.interrupted else version.status
    return Outcome(
        name, description, f"version {version.id}", metrics, status, teachers, part_hours, module_hours,
        factors, [], version.seconds,
    )  # fmt: skip


def comparison(first: Stored, second: Stored) -> Comparison:
    """``second`` against ``first``: figures with deltas, and every (teacher, module activity) that moved."""
    a = outcome(first, f"version {first.version.id}", "référence")
    b = outcome(second, f"version {second.version.id}")
    changes = changes_against(a, b)
    b.metrics["assignments_changed"] = len(changes)
    b.metrics["hetd_moved"] = sum((c.hetd for c in changes if c.hetd > 0), Fraction(0))
    a.metrics["assignments_changed"], a.metrics["hetd_moved"] = 0, Fraction(0)
    years = sorted({int(y) for y in (first.version.years + "," + second.version.years).split(",") if y})
    return Comparison(years, [a, b], [[], changes])


def sheets(first: Stored, second: Stored) -> list[tuple[str, list[str], list[list]]]:
    """The comparison as compare.xlsx's sheets: (name, header, rows), numbers as numbers."""
    out = []
    for name, (header, rows) in compare_sheets(comparison(first, second), {}).items():
        out.append((name, header, [[_plain(c) for c in row] for row in rows]))
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, Fraction):
        return float(value)
    return value
