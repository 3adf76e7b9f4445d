"""What the summary's first sheet states beside the figures: peak weekly loads, assumptions in force."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from planner import labels
from planner.data.inputs import Inputs
from planner.weeks.rows import WeekRow, cohort_loads, teacher_loads


@dataclass(frozen=True)
class Peak:
    """The busiest week of a cohort's student or of a teacher in the plan's week layout."""

    who: str  # "BUT 2 OSC" or a teacher's name
    student: bool
    hours: int | Fraction
    iso_week: str
    cap: Fraction | None  # the weekly cap of a full week


@dataclass(frozen=True)
class Assumptions:
    """What a reader needs to check the figures: statuses, group sizes, pooling."""

    statuses: list[tuple]  # status, label, service dû, max HC, CM, TD, TP factors, HC rate
    cohorts: list[tuple]  # year, parcours, students, TD size, TP size
    fixed_groups: list[tuple]  # year, parcours or pooled, td or tp, groups (groups.csv)
    pooling: bool
    student_week_hours: Fraction


def week_peaks(rows: list[WeekRow], inputs: Inputs, services: dict, teachers: int = 5) -> list[Peak]:
    """The busiest week of each cohort's student, then of the ``teachers`` busiest teachers.

    On a tie, the first such week; teachers by hours, then week, then name.
    """
    if not rows:
        return []
    years = {r.year for r in rows}
    cohorts = [c for c, cohort in inputs.cohorts.items() if cohort.opened and c[0] in years]
    out = []
    for (year, parcours), load in cohort_loads(rows, cohorts).items():
        if load:
            hours = max(load.values())
            iso = min(w for w, h in load.items() if h == hours)
            who = labels.COHORT.format(year=year, parcours=parcours)
            out.append(Peak(who, True, hours, iso, Fraction(inputs.settings.student_week_hours)))
    busiest = []
    for teacher, load in teacher_loads(rows).items():
        hours = max(load.values())
        iso = min(w for w, h in load.items() if h == hours)
        service = services.get(teacher)
        status = inputs.statuses.get(service.status) if service is not None else None
        name = service.name if service is not None else teacher
        busiest.append(Peak(name, False, hours, iso, status.max_weekly_hours if status else None))
    busiest.sort(key=lambda p: (-p.hours, p.iso_week, p.who))
    return out + busiest[:teachers]


def assumptions(inputs: Inputs, years: tuple[int, ...]) -> Assumptions:
    """The statuses of the department's teachers, the group sizes of the planned years, pooling."""
    used = {t.status for t in inputs.teachers}
    statuses = [
        (
            st.status,
            st.label,
            st.service_du,
            st.max_hc,
            st.factors.get("CM"),
            st.factors.get("TD"),
            st.factors.get("TP"),
            st.hc_rate,
        )
        for st in inputs.statuses.values()
        if st.status in used
    ]
    cohorts = [
        (c.year, c.parcours, c.students, c.td_size, c.tp_size)
        for c in inputs.cohorts.values()
        if c.year in years and c.opened
    ]
    fixed = [(y, p, g, n) for (y, p, g), n in inputs.group_counts.items() if y in years]
    settings = inputs.settings
    return Assumptions(
        statuses, cohorts, fixed, bool(settings.pooling), Fraction(settings.student_week_hours)
    )
