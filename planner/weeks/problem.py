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

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from planner.assign.solution import group_lines
from planner.data.calendar import IUT, Week, cohort_status, parity, scaled_cap, unavailable_weeks
from planner.data.entities import PROJET
from planner.data.inputs import Inputs
from planner.data.iut import split
from planner.demand import Part

if TYPE_CHECKING:
    from planner.assign.solve import Result
    from planner.stages import Stage


@dataclass(frozen=True)
class Line:
    """Hours of one group of one part taught by one teacher (None: uncovered, or Projet)."""

    part: int  # index into WeekProblem.parts
    group: str
    teacher: str | None
    hours: int


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
    parts: list[Part]
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
    session: int | Fraction = 1  # hours of one session: whole sessions a week (weeks.sessions)


@dataclass(frozen=True)
class Misfit:
    """One reason the hours do not fit the weeks, in a department head's words."""

    subject: str  # "year 2 OSC", "teacher lbarbier", "R3.01 TD (year 2, OSC+QMI+MTD)"
    semester: str  # "S3"
    hours: int
    available: int
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
    hours: int


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
    measures: dict[str, int] = field(default_factory=dict)  # student spread, teacher peaks, module runs
    overflow: dict[tuple[str, str], int] = field(default_factory=dict)  # (teacher, parity) -> h over the cap
    rounds: int = 1  # assignments tried (see pipeline.plan)
    notes: list[str] = field(default_factory=list)  # the sessions, and hours placed as a shorter one

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
    background: dict[str, dict[str, int]] | None = None,
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
        cohorts and the weekly caps scaled by open days.
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

    # lines, merged per (part, group, teacher)
    merged: dict[tuple[int, str, str | None], int] = {}
    for gl in lines_in:
        key = (part_index[gl.part.key], gl.group, gl.teacher)
        merged[key] = merged.get(key, 0) + gl.hours
    lines = [Line(pi, g, t, h) for (pi, g, t), h in merged.items() if h > 0]
    for pi, part in enumerate(parts):
        if part.activity == PROJET:
            lines.append(Line(pi, "promo", None, part.hours))
    groups: dict[tuple[int, str], list[int]] = {}
    for li, line in enumerate(lines):
        groups.setdefault((line.part, line.group), []).append(li)

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
        Block(y, s, pc, code, tuple(ps), sum(parts[p].hours for p in ps))
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
    bg = {
        t: {index[iso]: h for iso, h in per_week.items() if iso in index}
        for t, per_week in (background or {}).items()
    }
    return WeekProblem(
        weeks=weeks,
        parts=parts,
        allowed=allowed,
        lines=lines,
        line_weeks=line_weeks,
        groups=groups,
        blocks=blocks,
        cohorts=cohorts,
        cohort_weeks=cohort_weeks,
        student_cap=[scaled_cap(settings.student_week_hours, w) for w in weeks],
        teacher_cap=teacher_cap,
        teacher_status=teacher_status,
        background={t: b for t, b in bg.items() if b},
        week_min=settings.module_week_min,
        week_max=settings.module_week_max,
        student_week_hours=settings.student_week_hours,
        session=inputs.session_hours(department or inputs.departments[0])
        if department or not inputs.scoped
        else 1,
    )
