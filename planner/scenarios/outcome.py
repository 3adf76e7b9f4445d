"""A solved scenario reduced to what a comparison needs, and the comparison itself.

An ``Outcome`` holds a scenario's headline figures (``METRICS``), each
teacher's service and the hours each teacher gives each module activity: it
is solver-free and picklable, so scenarios solved in other processes send it
back. A ``Comparison`` puts outcomes side by side, deltas against the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from planner.demand import Part

# key, label, unit
METRICS = (
    ("demand_hetd", "demand HETD", "HETD"),
    ("assigned_hetd", "assigned HETD", "HETD"),
    ("hc_hetd", "heures compl. HETD", "HETD"),
    ("hc_eur", "heures compl. €", "€"),
    ("vacataire_hours", "vacataires h", "h"),
    ("vacataire_eur", "vacataires €", "€"),
    ("cost_eur", "total cost €", "€"),
    ("uncovered_hours", "uncovered h", "h"),
    ("td_groups", "TD groups", ""),
    ("tp_groups", "TP groups", ""),
    ("peak_student_hours", "peak student h/week", "h"),
    ("assignments_changed", "assignments changed", ""),
    ("hetd_moved", "HETD moved", "HETD"),
)
NO_DELTA = ("assignments_changed", "hetd_moved")  # already measured against the reference

ModuleKey = tuple[int, int, str, str]  # year, semester, code, activity


@dataclass(frozen=True)
class TeacherLine:
    """One teacher's service in a scenario, in HETD."""

    id: str
    name: str
    status: str
    service: Fraction  # service dû net of reductions
    total: Fraction  # HETD done: this plan + counted outside it
    assigned: Fraction  # HETD of this plan
    hc: Fraction


@dataclass
class Layout:
    """Figures of a scenario's week layout."""

    status: str  # optimal, feasible, does not fit
    peak: int | Fraction | None
    peak_where: str
    misfits: list[str]
    seconds: float  # laying out, and solving again when a weekly cap broke
    rounds: int = 1  # tries of the assignment
    teacher_peak: int | Fraction | None = None  # the busiest week of one teacher
    teacher_peak_where: str = ""


@dataclass
class Outcome:
    """One solved scenario, reduced to what a comparison needs (picklable, solver-free)."""

    name: str
    description: str
    path: str  # the scenario file
    metrics: dict[str, Fraction | int | None]
    status: str  # optimal or feasible (the assignment solve)
    teachers: list[TeacherLine]
    part_hours: dict[tuple[str, str], int | Fraction]  # (teacher, part key) -> hours: a reference for others
    module_hours: dict[tuple[str, ModuleKey], int | Fraction]  # (teacher, module activity) -> hours
    factors: dict[ModuleKey, Fraction]  # HETD per hour of each module activity
    shortages: list[str]
    seconds: float
    layout: Layout | None = None
    state: str = "done"  # done; failed, not run (no figures: see error); running (not yet)
    error: str = ""  # why a scenario failed
    departments: list = field(
        default_factory=list
    )  # an IUT's: assign.departments.DepartmentFigures, then the IUT's
    shares: dict = field(default_factory=dict)  # (year, department) -> reuse.Share: what keeping it needs
    kept: str = ""  # the years (an IUT's: and departments) kept from the reference's plan: "2+3"

    @property
    def done(self) -> bool:
        return self.state == "done"

    @property
    def feasible(self) -> str:
        """yes, or no and why in two words (the details are in ``reasons``)."""
        if not self.done:
            return ""
        if self.metrics["uncovered_hours"]:
            return "no: uncovered"
        if self.layout is not None and self.layout.misfits:
            return "no: weeks"
        return "yes"

    def reasons(self) -> list[str]:
        """Why a scenario is not feasible, in the department head's words."""
        if self.error:
            return [f"{self.state}: {self.error}"]
        out = [f"uncovered {s}" for s in self.shortages]
        if self.layout is not None:
            out += [f"weeks: {m}" for m in self.layout.misfits]
        return out

    @property
    def weeks_status(self) -> str:
        if not self.done:
            return ""
        if self.layout is None:
            return "not laid out"
        tries = f" ({self.layout.rounds} tries)" if self.layout.rounds > 1 else ""
        return self.layout.status + tries

    @property
    def total_seconds(self) -> float:
        return self.seconds + (self.layout.seconds if self.layout else 0.0)


@dataclass(frozen=True)
class Change:
    """Hours of one module activity a teacher gives in a scenario and in the reference."""

    teacher: str
    module: ModuleKey
    reference: int | Fraction  # hours in the reference plan
    hours: int | Fraction  # hours in this scenario
    factor: Fraction

    @property
    def hetd(self) -> Fraction:
        return (self.hours - self.reference) * self.factor


@dataclass
class Comparison:
    """Scenarios' outcomes side by side, the first the reference, with what each changed."""

    years: list[int]
    outcomes: list[Outcome]
    changes: list[list[Change]]  # per outcome, against the first (empty for the first)
    seconds: float = 0.0
    jobs: int = 1
    interrupted: bool = False  # stopped by Ctrl-C: the scenarios not solved are "not run"

    @property
    def reference(self) -> Outcome:
        return self.outcomes[0]

    def delta(self, index: int, key: str):
        value, base = self.outcomes[index].metrics.get(key), self.reference.metrics.get(key)
        if index == 0 or key in NO_DELTA or value is None or base is None:
            return None
        return value - base

    def department_delta(self, index: int, department: str, key: str):
        """A department's figure against the reference's (None for the reference)."""
        if index == 0:
            return None
        mine = {f.department: f for f in self.outcomes[index].departments}
        base = {f.department: f for f in self.reference.departments}
        if department not in mine or department not in base:
            return None
        return getattr(mine[department], key) - getattr(base[department], key)

    def teacher_ids(self) -> list[str]:
        """Every teacher of any scenario: the reference's order, then the others' new ones."""
        seen: dict[str, None] = {}
        for o in self.outcomes:
            for t in o.teachers:
                seen.setdefault(t.id, None)
        return list(seen)


def group_totals(parts: list[Part]) -> tuple[int, int]:
    """TD and TP groups formed: each distinct (year, parcours or pool) grouping counted once."""
    seen: dict[tuple, int] = {}
    for p in parts:
        if p.activity in ("TD", "TP"):
            seen[(p.year, p.parcours, p.activity)] = max(
                seen.get((p.year, p.parcours, p.activity), 0), p.groups
            )
    td = sum(n for (_, _, a), n in seen.items() if a == "TD")
    tp = sum(n for (_, _, a), n in seen.items() if a == "TP")
    return td, tp
