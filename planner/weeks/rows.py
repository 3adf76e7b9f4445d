"""A week layout as rows (group, teacher, week, hours), and the loads computed from them.

Everything that measures a layout (a student's or a teacher's weekly load, the
peaks) works from ``WeekRow``s, so a layout just computed and one read back
from ``weeks.csv`` give the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from planner.weeks.problem import WeekPlan


@dataclass(frozen=True)
class WeekRow:
    """One row of weeks.csv: a group's hours with one teacher in one week."""

    year: int
    semester: int
    parcours: str  # a parcours or a pool such as OSC+QMI+MTD
    group: str
    module: str
    activity: str
    teacher: str | None
    iso_week: str
    hours: int | Fraction  # whole or half hours
    department: str = ""  # an IUT's layout (parcours and module are qualified)

    @property
    def part(self) -> tuple:
        return (self.year, self.semester, self.parcours, self.module, self.activity)

    def values(self) -> list:
        return [
            self.year,
            self.semester,
            self.parcours,
            self.group,
            self.module,
            self.activity,
            self.teacher or "",
            self.iso_week,
            self.hours,
        ]


def plan_rows(plan: WeekPlan) -> list[WeekRow]:
    """The layout as rows, in demand order, then group, teacher and week."""
    p = plan.problem
    week_index = {w.iso: k for k, w in enumerate(p.weeks)}
    group_index = {pi: {g: i for i, g in enumerate(part.group_labels())} for pi, part in enumerate(p.parts)}
    placements = sorted(
        plan.placements,
        key=lambda pl: (
            pl.line.part,
            group_index[pl.line.part].get(pl.line.group, 0),
            pl.line.teacher or "~",
            week_index[pl.week.iso],
        ),
    )
    rows = []
    for pl in placements:
        part = p.parts[pl.line.part]
        rows.append(
            WeekRow(
                part.year,
                part.semester,
                part.parcours_label,
                pl.line.group,
                part.code,
                part.activity,
                pl.line.teacher,
                pl.week.iso,
                pl.hours,
                part.department,
            )
        )
    return rows


def part_week_hours(rows: list[WeekRow]) -> dict[tuple, dict[str, int | Fraction]]:
    """Hours of one group of each part per week (the busiest group, should groups differ)."""
    groups: dict[tuple, dict[str, dict[str, int | Fraction]]] = {}
    for r in rows:
        per_group = groups.setdefault(r.part, {}).setdefault(r.group, {})
        per_group[r.iso_week] = per_group.get(r.iso_week, 0) + r.hours
    out: dict[tuple, dict[str, int | Fraction]] = {}
    for part, by_group in groups.items():
        weeks: dict[str, int | Fraction] = {}
        for hours in by_group.values():
            for iso, h in hours.items():
                weeks[iso] = max(weeks.get(iso, 0), h)
        out[part] = weeks
    return out


def cohort_loads(rows: list[WeekRow], cohorts) -> dict[tuple[int, str], dict[str, int | Fraction]]:
    """A student's class hours per week, for each (year, parcours)."""
    per_part = part_week_hours(rows)
    out: dict[tuple[int, str], dict[str, int | Fraction]] = {}
    for year, parcours in cohorts:
        load: dict[str, int | Fraction] = {}
        for (y, _sem, label, _module, _act), weeks in per_part.items():
            if y == year and parcours in label.split("+"):
                for iso, h in weeks.items():
                    load[iso] = load.get(iso, 0) + h
        out[(year, parcours)] = load
    return out


def teacher_loads(rows: list[WeekRow]) -> dict[str, dict[str, int | Fraction]]:
    """Each teacher's hours per ISO week, teachers in id order."""
    out: dict[str, dict[str, int | Fraction]] = {}
    for r in rows:
        if r.teacher is not None:
            load = out.setdefault(r.teacher, {})
            load[r.iso_week] = load.get(r.iso_week, 0) + r.hours
    return dict(sorted(out.items()))


def peaks(rows: list[WeekRow], cohorts: list[tuple[int, str]]) -> dict[str, tuple[int | Fraction, str]]:
    """The highest weekly load of a student and of a teacher, and where."""
    out: dict[str, tuple[int | Fraction, str]] = {"student": (0, ""), "teacher": (0, "")}
    for (year, parcours), load in cohort_loads(rows, cohorts).items():
        for iso, h in load.items():
            if h > out["student"][0]:
                out["student"] = (h, f"year {year} {parcours}, {iso}")
    for teacher, load in teacher_loads(rows).items():
        for iso, h in load.items():
            if h > out["teacher"][0]:
                out["teacher"] = (h, f"{teacher}, {iso}")
    return out


def plan_peaks(plan: WeekPlan) -> dict[str, tuple[int | Fraction, str]]:
    """The peaks of a layout just computed."""
    return peaks(plan_rows(plan), list(plan.problem.cohorts))
