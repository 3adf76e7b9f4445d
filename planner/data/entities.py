"""The department's data as plain dataclasses; each checks itself."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from fractions import Fraction

from planner.numbers import hours_text

PROJET = "Projet"
ACTIVITIES = ("CM", "TD", "TP", "SR", "SDR", PROJET)
KINDS = ("ressource", "SAE", "portfolio", "stage", "alternance")
GROUPINGS = ("cohort", "td", "tp", "none")
SEMESTERS = {1: (1, 2), 2: (3, 4), 3: (5, 6)}
COMMON = "commun"  # parcours of year 1
POOLED = "pooled"  # parcours of a group count for the modules shared by several parcours
ANY = "*"  # any parcours (periods, locks, scenarios) or any activity (qualifications, cotaught)


@dataclass(frozen=True)
class Module:
    """One row of the maquette: a module's student hours per activity."""

    year: int
    semester: int
    parcours: str
    code: str
    name: str
    kind: str
    hours: dict[str, int | Fraction]  # whole hours are ints, a half a Fraction (4.5 h)
    total: int | Fraction
    department: str = ""
    pn_hours: int | Fraction | None = None  # the programme national's volume (None: not given)
    pn_tp: int | Fraction | None = None  # of which TP

    def __post_init__(self):
        if self.semester not in SEMESTERS.get(self.year, ()):
            raise ValueError(f"semester {self.semester} is not in year {self.year}")
        if sum(self.hours.values()) != self.total:
            added = sum(self.hours.values())
            raise ValueError(
                f"the hours add up to {hours_text(added)}, not to the total {hours_text(self.total)}"
            )

    @property
    def label(self) -> str:
        return f"{self.code} ({self.parcours}, S{self.semester})"


@dataclass(frozen=True)
class DeclaredTotal:
    """A "Totaux" (semester) or "Total annuel" (semester None) line of the document."""

    year: int
    semester: int | None
    parcours: str
    hours: dict[str, int | Fraction | None]
    total: int | Fraction


@dataclass(frozen=True)
class Activity:
    """One activity of the maquette (CM, TD, TP…): how it forms groups and its HETD per hour."""

    name: str
    grouping: str  # cohort, td, tp or none
    hetd: Fraction  # HETD per hour taught to one group

    def __post_init__(self):
        if self.grouping == "none" and self.hetd:
            raise ValueError("an activity that is not taught (grouping none) has no HETD")


@dataclass(frozen=True)
class Cohort:
    """Students of one year and parcours, and the group-size rules that apply."""

    year: int
    parcours: str
    students: int
    td_size: int
    tp_size: int
    opening: int  # below this many students the parcours is not opened

    def __post_init__(self):
        if self.td_size < 1 or self.tp_size < 1:
            raise ValueError("group sizes must be at least 1")

    @property
    def opened(self) -> bool:
        return self.students > 0 and self.students >= self.opening


@dataclass(frozen=True)
class GroupCount:
    """A fixed number of groups (overrides the computed count)."""

    year: int
    parcours: str  # a parcours, or POOLED for modules shared by all parcours
    grouping: str  # td or tp
    groups: int


@dataclass(frozen=True)
class Status:
    """A staff status (MCF, PRAG, vacataire…): service dû, caps, HETD factors, HC rate, weekly cap."""

    status: str
    label: str
    service_du: Fraction
    max_hc: Fraction
    factors: dict[str, Fraction]  # HETD per hour for CM, TD, TP as counted for this status
    hc_rate: Fraction  # EUR per HETD beyond the service dû
    permanent: bool
    max_weekly_hours: Fraction

    def factor(self, activity: str, default: Fraction) -> Fraction:
        return self.factors.get(activity, default)


@dataclass(frozen=True)
class Teacher:
    """One row of teachers.csv."""

    id: str
    name: str
    status: str
    field: str
    reductions: Fraction
    other_hetd: Fraction
    max_hetd: Fraction | None
    max_hc: Fraction | None
    wishes: tuple[str, ...] = ()
    department: str = ""  # home department


@dataclass(frozen=True)
class Reh:
    """A REH item (référentiel d'équivalence horaire: direction des études, suivi de stages, jurys…).

    Service that is not teaching, counted in HETD in the teacher's service done.
    """

    teacher: str
    item: str
    hetd: Fraction


@dataclass(frozen=True)
class Qualification:
    """A teacher may teach the modules matching ``pattern`` (some activities), with a weight."""

    teacher: str
    pattern: str
    activities: tuple[str, ...]  # empty = every activity
    weight: int

    def matches(self, code: str, activity: str) -> bool:
        return (not self.activities or activity in self.activities) and fnmatch.fnmatchcase(
            code, self.pattern
        )


@dataclass(frozen=True)
class Lock:
    """An assignment fixed by hand: this teacher keeps at least these groups."""

    teacher: str
    code: str
    activity: str
    parcours: str  # ANY = any parcours / the pooled part
    groups: Fraction
    origin: tuple[str, int] = field(default=("", 0), compare=False)


@dataclass(frozen=True)
class Cotaught:
    """Modules whose group hours may be shared between teachers, in steps of hours."""

    pattern: str
    activities: tuple[str, ...]
    step: int | Fraction  # hours, whole or half

    def matches(self, code: str, activity: str) -> bool:
        return (not self.activities or activity in self.activities) and fnmatch.fnmatchcase(
            code, self.pattern
        )
