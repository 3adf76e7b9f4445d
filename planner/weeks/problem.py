"""The week-by-week layout of a plan as data: parts, lines, weeks, and the result.

Every part (module activity) of the plan gets whole hours per week, the same
for all its groups (the usual IUT practice: TD1 and TD2 follow the same
progression), summing exactly to its hours. A part can only use the weeks of
its semester where every parcours it is taught to is at the IUT (not closed,
not on stage, not in company) and where the teacher of each of its groups is
available. The caps are hard: a student's hours per week (``student_week_hours``)
and a teacher's (``max_weekly_hours`` of the status), both scaled down by
public holidays. Before any solver runs, ``precheck`` compares hours with the
room the weeks leave, per cohort, per teacher and per module, and says in words
what does not fit.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from planner.assign.solution import group_lines
from planner.data.calendar import IUT, Week, cohort_status, parity, scaled_cap, unavailable_weeks
from planner.data.entities import PROJET
from planner.data.inputs import Inputs
from planner.data.iut import split
from planner.demand import Part
from planner.weeks.sessions import held, sessions, shares, whole

if TYPE_CHECKING:
    from planner.assign.solve import Result
    from planner.stages import Stage


@dataclass(frozen=True)
class UnitPart(Part):
    """A demand part as the week model counts it: ``hours`` in whole units, ``exact`` its hours.

    A unit is a session of the department (``session_hours``): one hour in
    1-hour sessions of whole hours, the part's hours then (``weeks.sessions``).
    """

    hours: int
    exact: int | Fraction = 0  # hours per group


@dataclass(frozen=True)
class Line:
    """One group of one part taught by one teacher (None: uncovered, or Projet), in units and hours."""

    part: int  # index into WeekProblem.parts
    group: str
    teacher: str | None
    hours: int  # whole units (sessions)
    exact: int | Fraction = 0  # hours


@dataclass(frozen=True)
class Block:
    """A module as students see it: all activities of one code for one parcours or pool."""

    year: int
    semester: int
    parcours: tuple[str, ...]
    code: str
    parts: tuple[int, ...]
    hours: int  # per student: the sum of its parts' hours


@dataclass
class WeekProblem:
    """The layout problem: parts, lines, the weeks each may use, modules, cohorts and weekly caps."""

    weeks: list[Week]
    parts: list[UnitPart]
    allowed: list[list[int]]  # per part: week indices it may use
    lines: list[Line]
    line_weeks: list[list[int]]  # per line: allowed weeks where its teacher is available
    groups: dict[tuple[int, str], list[int]]  # (part, group) -> line indices
    blocks: list[Block]
    cohorts: dict[tuple[int, str], list[int]]  # (year, parcours) -> parts the students attend
    cohort_weeks: dict[tuple[int, str], list[int]]  # weeks the cohort is at the IUT and may be taught
    student_cap: list[int]  # per week
    teacher_cap: dict[str, list[int]]  # per teacher with a weekly cap, per week
    teacher_status: dict[str, str]
    background: dict[str, dict[int, int]]  # teacher -> week -> hours of other saved years
    week_min: int
    week_max: int
    student_week_hours: int
    session: int | Fraction = 1  # hours of one unit: a session of the department (weeks.sessions)
    in_hours: bool = True  # one unit is one hour (1-hour sessions, whole hours): the problem as it always was


@dataclass(frozen=True)
class Misfit:
    """One reason the hours do not fit the weeks, in a department head's words."""

    subject: str  # "year 2 OSC", "teacher lbarbier", "R3.01 TD (year 2, OSC+QMI+MTD)"
    semester: str  # "S3"
    hours: int | Fraction  # hours to place
    available: int | Fraction  # hours the weeks hold
    message: str
    teacher: str | None = None  # set when a teacher's weekly cap is what breaks
    parity: str | None = None  # odd or even semester weeks
    students: bool = False  # the students' weekly cap breaks: no other assignment can mend it

    def __str__(self) -> str:
        return self.message


@dataclass
class Placement:
    """Hours of one line (group and teacher) in one week."""

    line: Line
    week: Week
    hours: int | Fraction


@dataclass
class WeekPlan:
    """A week layout (or why there is none) and how it was found.

    ``placements`` holds the hours of each line (group and teacher) per week;
    ``misfits`` the reasons in words when the hours do not fit (then there are
    no placements).
    """

    problem: WeekProblem
    placements: list[Placement]
    misfits: list[Misfit]
    stages: list[Stage] = field(default_factory=list)
    seconds: float = 0.0
    status: str = ""  # optimal, feasible, does not fit
    measures: dict[str, int | Fraction] = field(default_factory=dict)  # student spread, teacher peaks, runs
    overflow: dict[tuple[str, str], int] = field(default_factory=dict)  # (teacher, parity) -> h over the cap
    rounds: int = 1  # assignments tried (see pipeline.plan)
    notes: list[str] = field(default_factory=list)  # the sessions, and hours placed as a shorter one
    tried: list[Placement] = field(default_factory=list)  # does not fit: the layout tried, over a cap

    @property
    def fits(self) -> bool:
        return not self.misfits


# --- building the problem -----------------------------------------------------------


def projet_parts(inputs: Inputs, parts: list[Part]) -> list[Part]:
    """Projet hours as student-only parts, pooled like the module's taught parts."""
    pools = {(p.year, p.semester, p.code): p.parcours for p in parts}
    out: dict[tuple, Part] = {}
    years = {p.year for p in parts}
    for m in inputs.modules:
        hours = m.hours.get(PROJET, 0)
        if m.year not in years or hours <= 0 or not inputs.cohorts[(m.year, m.parcours)].opened:
            continue
        pool = pools.get((m.year, m.semester, m.code), (m.parcours,))
        if m.parcours not in pool:
            pool = (m.parcours,)
        key = (m.year, m.semester, pool, m.code)
        if key not in out:
            out[key] = Part(
                m.year, m.semester, pool, m.code, m.name, m.kind, PROJET, 0, hours, Fraction(0), m.department
            )
    return list(out.values())


def build_week_problem(
    inputs: Inputs,
    result: Result,
    background: dict[str, dict[str, int | Fraction]] | None = None,
    department: str | None = None,
) -> WeekProblem:
    """The layout problem of a solved plan; of one of its departments if given.

    Parameters
    ----------
    inputs
        The checked inputs, with a calendar.
    result
        The solved assignment (``assign.solve.Result``).
    background
        Hours per teacher and ISO week of other years' saved layouts.
    department
        An IUT's department to lay out alone (None: every part of the plan).

    Returns
    -------
    WeekProblem
        Parts, lines (group, teacher, hours), the weeks each may use, modules,
        cohorts and the weekly caps scaled by open days, counted in whole
        sessions of the department (``weeks.sessions``; in hours when those
        are 1-hour sessions of whole hours).
    """
    calendar = inputs.calendar
    assert calendar is not None, "a week layout needs calendar.csv (checked before laying out)"
    settings = inputs.settings
    weeks = list(calendar.weeks)
    index = {w.iso: k for k, w in enumerate(weeks)}
    lines_in: list[Any] = group_lines(result.solution, result.problem)
    parts = list(result.demand.parts)
    if department is not None:
        lines_in = [gl for gl in lines_in if gl.part.department == department]
        parts = [p for p in parts if p.department == department]
    part_index = {p.key: i for i, p in enumerate(parts)}
    if settings.projet_in_weeks:
        parts += [p for p in projet_parts(inputs, parts) if department in (None, p.department)]

    status = {c: cohort_status(calendar, inputs.periods, *c) for c in inputs.cohorts}
    unavailable = unavailable_weeks(inputs.unavailability)

    # lines, merged per (part, group, teacher), in hours
    merged: dict[tuple[int, str, str | None], int | Fraction] = {}
    for gl in lines_in:
        key = (part_index[gl.part.key], gl.group, gl.teacher)
        merged[key] = merged.get(key, 0) + gl.hours
    exact = [(pi, g, t, h) for (pi, g, t), h in merged.items() if h > 0]
    exact += [(pi, "promo", None, part.hours) for pi, part in enumerate(parts) if part.activity == PROJET]
    groups: dict[tuple[int, str], list[int]] = {}
    for li, (pi, g, _t, _h) in enumerate(exact):
        groups.setdefault((pi, g), []).append(li)
    bg = {
        t: {index[iso]: h for iso, h in per_week.items() if iso in index}
        for t, per_week in (background or {}).items()
    }
    session = (
        inputs.session_hours(department or inputs.departments[0]) if department or not inputs.scoped else 1
    )
    caps = (settings.module_week_min, settings.module_week_max, settings.student_week_hours)
    hours = [*(p.hours for p in parts), *(h for *_, h in exact), *caps]
    in_hours = whole(session, [*hours, *(h for per_week in bg.values() for h in per_week.values())])
    unit = 1 if in_hours else session
    units = [int(p.hours) if in_hours else sessions(p.hours, unit) for p in parts]
    counted = [UnitPart(**{f.name: getattr(p, f.name) for f in fields(p)} | {"hours": n, "exact": p.hours})
               for p, n in zip(parts, units)]  # fmt: skip
    line_units = [h for *_, h in exact]
    if not in_hours:
        for (pi, _g), lis in groups.items():
            for li, n in zip(lis, shares([exact[li][3] for li in lis], units[pi])):
                line_units[li] = n
    lines = [Line(pi, g, t, int(n), h) for (pi, g, t, h), n in zip(exact, line_units)]

    def free(teacher: str | None, w: int) -> bool:
        return teacher is None or weeks[w].iso not in unavailable.get(teacher, ())

    allowed = []
    for pi, part in enumerate(parts):
        weeks_ok = [
            k
            for k, w in enumerate(weeks)
            if w.parity == parity(part.semester)
            and all(status[(part.year, pc)][w.iso] == IUT for pc in part.parcours)
        ]
        part_groups = [ls for (p, _), ls in groups.items() if p == pi]
        weeks_ok = [
            k for k in weeks_ok if all(any(free(lines[li].teacher, k) for li in ls) for ls in part_groups)
        ]
        allowed.append(weeks_ok)
    line_weeks = [[k for k in allowed[line.part] if free(line.teacher, k)] for line in lines]

    blocks_by: dict[tuple, list[int]] = {}
    for pi, part in enumerate(parts):
        blocks_by.setdefault((part.year, part.semester, part.parcours, part.code), []).append(pi)
    blocks = [
        Block(y, s, pc, code, tuple(ps), sum(counted[p].hours for p in ps))
        for (y, s, pc, code), ps in blocks_by.items()
    ]

    years = {p.year for p in parts}
    cohorts = {
        c: [pi for pi, p in enumerate(parts) if p.year == c[0] and c[1] in p.parcours]
        for c, cohort in inputs.cohorts.items()
        if c[0] in years and cohort.opened and (department is None or split(c[1])[0] == department)
    }
    cohort_weeks = {c: [k for k, w in enumerate(weeks) if status[c][w.iso] == IUT] for c in cohorts}

    teacher_cap, teacher_status = {}, {}
    for t in inputs.teachers:
        st = inputs.statuses[t.status]
        teacher_status[t.id] = t.status
        if st.max_weekly_hours is not None:
            teacher_cap[t.id] = [scaled_cap(st.max_weekly_hours, w) for w in weeks]
    if not in_hours:  # the whole sessions the caps hold, a teacher's after the hours already placed
        for tid, per_week in teacher_cap.items():
            left = bg.get(tid, {})
            teacher_cap[tid] = [held(cap - left.get(k, 0), unit) for k, cap in enumerate(per_week)]
        bg = {}
    week_min, week_max, week_hours = (int(h) for h in caps) if in_hours else (
        max(1, sessions(settings.module_week_min, unit)),
        max(1, held(settings.module_week_max, unit)),
        held(settings.student_week_hours, unit),
    )  # fmt: skip
    return WeekProblem(
        weeks=weeks,
        parts=counted,
        allowed=allowed,
        lines=lines,
        line_weeks=line_weeks,
        groups=groups,
        blocks=blocks,
        cohorts=cohorts,
        cohort_weeks=cohort_weeks,
        student_cap=[held(scaled_cap(settings.student_week_hours, w), unit) for w in weeks],
        teacher_cap=teacher_cap,
        teacher_status=teacher_status,
        background={t: {k: int(h) for k, h in b.items()} for t, b in bg.items() if b},
        week_min=week_min,
        week_max=week_max,
        student_week_hours=week_hours,
        session=unit,
        in_hours=in_hours,
    )
