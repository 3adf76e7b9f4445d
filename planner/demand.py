"""Teaching demand: the maquette times the number of groups.

A *part* is one activity of one module for one parcours or a pool of parcours
(modules with the same code and hours in several parcours are taught together
when pooling is on): ``groups`` groups of ``hours`` hours each.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from planner.data.entities import ACTIVITIES, POOLED, Cohort, Module
from planner.data.inputs import Inputs
from planner.data.iut import qualify, split


@dataclass(frozen=True)
class Part:
    """One activity of one module for one parcours or a pool: ``groups`` groups of ``hours`` hours."""

    year: int
    semester: int
    parcours: tuple[str, ...]
    code: str
    name: str
    kind: str
    activity: str
    groups: int
    hours: int | Fraction  # per group: whole hours are ints, a half a Fraction
    factor: Fraction  # HETD per hour
    department: str = ""

    @property
    def key(self) -> str:
        return f"{self.year}|S{self.semester}|{self.parcours_label}|{self.code}|{self.activity}"

    @property
    def parcours_label(self) -> str:
        return "+".join(self.parcours)

    @property
    def pooled(self) -> bool:
        return len(self.parcours) > 1

    @property
    def total_hours(self) -> int | Fraction:
        return self.groups * self.hours

    @property
    def hetd(self) -> Fraction:
        return self.total_hours * self.factor

    def group_labels(self) -> list[str]:
        if self.activity == "CM":
            return ["CM"] if self.groups == 1 else [f"CM{i + 1}" for i in range(self.groups)]
        return [f"{self.activity}{i + 1}" for i in range(self.groups)]


def pooled_label(parcours: str) -> str:
    """The ``pooled`` of groups.csv for the pools of a parcours's department (``GEA/pooled``)."""
    return qualify(split(parcours)[0], POOLED)


@dataclass(frozen=True)
class Demand:
    """The parts to teach, in maquette order, and the notes on modules not pooled."""

    parts: list[Part]
    pooling: bool
    notes: list[str]  # modules not pooled although their code is shared, and why

    @property
    def hours(self) -> int | Fraction:
        return sum(p.total_hours for p in self.parts)

    @property
    def hetd(self) -> Fraction:
        return sum((p.hetd for p in self.parts), Fraction(0))

    def by(self, *fields: str) -> dict[tuple, tuple[int | Fraction, Fraction]]:
        """Hours and HETD summed by the given Part attributes, in demand order."""
        out: dict[tuple, list] = {}
        for p in self.parts:
            k = tuple(getattr(p, f) for f in fields)
            acc = out.setdefault(k, [0, Fraction(0)])
            acc[0] += p.total_hours
            acc[1] += p.hetd
        return {k: (h, e) for k, (h, e) in out.items()}


def group_count(inputs: Inputs, year: int, parcours: tuple[str, ...], grouping: str) -> int:
    """Groups of one grouping (cohort, td, tp, none) for a parcours or a pool."""
    cohorts: list[Cohort] = [inputs.cohorts[(year, p)] for p in parcours]
    cohorts = [c for c in cohorts if c.opened]
    if not cohorts or grouping == "none":
        return 0
    if grouping == "cohort":
        return 1
    label = (pooled_label(parcours[0]) if inputs.scoped else POOLED) if len(parcours) > 1 else parcours[0]
    fixed = inputs.group_counts.get((year, label, grouping))
    if fixed is not None:
        return fixed
    students = sum(c.students for c in cohorts)
    size = min(c.td_size if grouping == "td" else c.tp_size for c in cohorts)
    return math.ceil(students / size)


def _blocks(
    inputs: Inputs, year: int, pooling: bool
) -> tuple[list[tuple[tuple[str, ...], Module]], list[str]]:
    """The maquette rows of a year, each with the parcours it is taught to."""
    rows = [m for m in inputs.modules if m.year == year]
    if not pooling:
        return [((m.parcours,), m) for m in rows], []
    order = {p: i for i, p in enumerate(inputs.parcours_of(year))}
    by_code: dict[tuple[int, str], list[Module]] = defaultdict(list)
    for m in rows:
        by_code[(m.semester, m.code)].append(m)
    blocks: list = []
    notes: list = []
    for (semester, code), group in by_code.items():
        opened = [g for g in group if inputs.cohorts[(year, g.parcours)].opened]
        if len(opened) < 2:
            blocks.extend(((g.parcours,), g) for g in group)
        elif len({_taught(g) for g in opened}) == 1:
            pool = tuple(sorted((g.parcours for g in opened), key=order.__getitem__))
            blocks.append((pool, opened[0]))
        else:
            notes.append(f"year {year} S{semester} {code}: hours differ between parcours, not pooled")
            blocks.extend(((g.parcours,), g) for g in group)
    return blocks, notes


def _taught(m: Module) -> tuple:
    """A module's non-zero hours (a printed 0 and an empty cell are the same)."""
    return tuple(sorted((a, h) for a, h in m.hours.items() if h))


def build_demand(inputs: Inputs, years: list[int], pooling: bool | None = None) -> Demand:
    """The teaching demand of some years: every module activity times its groups.

    Parameters
    ----------
    inputs
        The checked inputs.
    years
        BUT years to plan (1, 2, 3).
    pooling
        Pool modules shared by several parcours (one CM, groups formed across
        parcours); None: the ``pooling`` setting.

    Returns
    -------
    Demand
        The parts, sorted by year and semester (maquette order within one).
    """
    if pooling is None:
        pooling = inputs.settings.pooling
    parts: list[Part] = []
    notes: list[str] = []
    for year in years:
        blocks, year_notes = _blocks(inputs, year, pooling)
        notes.extend(year_notes)
        for parcours, m in blocks:
            for activity in ACTIVITIES:
                hours = m.hours.get(activity, 0)
                act = inputs.activities[activity]
                groups = group_count(inputs, year, parcours, act.grouping)
                if hours <= 0 or groups <= 0:
                    continue
                parts.append(
                    Part(
                        year,
                        m.semester,
                        parcours,
                        m.code,
                        m.name,
                        m.kind,
                        activity,
                        groups,
                        hours,
                        act.hetd,
                        m.department,
                    )
                )
    parts.sort(key=lambda p: (p.year, p.semester))  # stable: maquette order within a semester
    return Demand(parts, pooling, notes)


@dataclass(frozen=True)
class Unit:
    """One group of one part: a row of the demand table."""

    part: Part
    group: str

    @property
    def hours(self) -> int | Fraction:
        return self.part.hours

    @property
    def hetd(self) -> Fraction:
        return self.part.hours * self.part.factor


def units(demand: Demand) -> list[Unit]:
    """One row per group of each part: the demand table of ``planner demand``."""
    return [Unit(p, g) for p in demand.parts for g in p.group_labels()]
