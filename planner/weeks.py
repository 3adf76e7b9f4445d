"""The week-by-week layout of a plan: the problem, a plain-words pre-check, the result.

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

import math
from dataclasses import dataclass, field

from .calendar import IUT, Week, cohort_status, parity, scaled_cap, unavailable_weeks
from .demand import Part
from .inputs import Inputs
from .solution import group_lines

PROJET = "Projet"


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

    def semester_label(self, semester_parity: str, years: set[int] | None = None) -> str:
        first = 1 if semester_parity == "odd" else 2
        sems = [first + 2 * (y - 1) for y in sorted(years or {1, 2, 3})]
        return "/".join(f"S{s}" for s in sems)


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

    def __str__(self) -> str:
        return self.message


@dataclass
class Placement:
    line: Line
    week: Week
    hours: int


@dataclass
class WeekPlan:
    """The layout (or why there is none) and how it was found."""

    problem: WeekProblem
    placements: list[Placement]
    misfits: list[Misfit]
    stages: list = field(default_factory=list)  # weekmodel.Stage
    seconds: float = 0.0
    status: str = ""  # optimal, feasible, does not fit
    measures: dict[str, int] = field(default_factory=dict)  # student spread, teacher peaks, module runs
    overflow: dict[tuple[str, str], int] = field(default_factory=dict)  # (teacher, parity) -> h over the cap
    rounds: int = 1  # assignments tried (see weekroom.plan_in_weeks)

    @property
    def fits(self) -> bool:
        return not self.misfits

    def part_week_hours(self) -> dict[tuple[int, int], int]:
        """Hours of each part in each week (per group: every group follows the same pattern)."""
        p = self.problem
        index = {w.iso: k for k, w in enumerate(p.weeks)}
        out: dict[tuple[int, int], int] = {}
        for pl in self.placements:
            if pl.line.group == _first_group(p, pl.line.part):
                key = (pl.line.part, index[pl.week.iso])
                out[key] = out.get(key, 0) + pl.hours
        return out

    def cohort_load(self) -> dict[tuple[int, str], dict[str, int]]:
        """Class hours of one student of each cohort, per week (iso)."""
        p = self.problem
        per_part = self.part_week_hours()
        out: dict[tuple[int, str], dict[str, int]] = {c: {} for c in p.cohorts}
        for cohort, parts in p.cohorts.items():
            load = out[cohort]
            for part in parts:
                for w in p.allowed[part]:
                    h = per_part.get((part, w), 0)
                    if h:
                        iso = p.weeks[w].iso
                        load[iso] = load.get(iso, 0) + h
        return out

    def teacher_load(self) -> dict[str, dict[str, int]]:
        """Hours each teacher teaches in this plan, per week (iso)."""
        out: dict[str, dict[str, int]] = {}
        for pl in self.placements:
            if pl.line.teacher is not None:
                load = out.setdefault(pl.line.teacher, {})
                load[pl.week.iso] = load.get(pl.week.iso, 0) + pl.hours
        return dict(sorted(out.items()))

    def peak_student(self) -> tuple[int, str]:
        """The highest weekly load of a student, and where (cohort, week)."""
        best = (0, "")
        for (year, parcours), load in self.cohort_load().items():
            for iso, h in load.items():
                if h > best[0]:
                    best = (h, f"year {year} {parcours}, {iso}")
        return best

    def peak_teacher(self) -> tuple[int, str]:
        best = (0, "")
        for teacher, load in self.teacher_load().items():
            for iso, h in load.items():
                if h > best[0]:
                    best = (h, f"{teacher}, {iso}")
        return best


def _first_group(problem: WeekProblem, part: int) -> str:
    return problem.parts[part].group_labels()[0] if problem.parts[part].groups else "promo"


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
            out[key] = Part(m.year, m.semester, pool, m.code, m.name, m.kind, PROJET, 0, hours, 0)
    return list(out.values())


def build_week_problem(
    inputs: Inputs,
    result,
    background: dict[str, dict[str, int]] | None = None,
) -> WeekProblem:
    """The layout problem of a solved plan (``solve.Result``)."""
    calendar = inputs.calendar
    settings = inputs.settings
    weeks = list(calendar.weeks)
    index = {w.iso: k for k, w in enumerate(weeks)}
    lines_in = group_lines(result.solution, result.problem)
    parts = list(result.demand.parts)
    part_index = {p.key: i for i, p in enumerate(parts)}
    if settings["projet_in_weeks"]:
        parts += projet_parts(inputs, parts)

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
        if c[0] in years and cohort.opened
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
        student_cap=[scaled_cap(settings["student_week_hours"], w) for w in weeks],
        teacher_cap=teacher_cap,
        teacher_status=teacher_status,
        background={t: b for t, b in bg.items() if b},
        week_min=settings["module_week_min"],
        week_max=settings["module_week_max"],
        student_week_hours=settings["student_week_hours"],
    )


# --- the pre-check ------------------------------------------------------------------


def _part_label(part: Part) -> str:
    return f"{part.code} {part.activity} (year {part.year}, {part.parcours_label}, S{part.semester})"


def _weeks_text(problem: WeekProblem, ks: list[int], limit: int = 6) -> str:
    isos = [problem.weeks[k].iso for k in ks]
    if len(isos) <= limit:
        return ", ".join(isos)
    return ", ".join(isos[:limit]) + f" … ({len(isos)} weeks)"


def precheck(problem: WeekProblem) -> list[Misfit]:
    """Hours against the room the weeks leave, in plain words; empty when nothing is short."""
    p = problem
    out: list[Misfit] = []
    # cohorts: a student's hours of a semester against its IUT weeks under the weekly cap
    for (year, parcours), parts in p.cohorts.items():
        by_sem: dict[int, int] = {}
        for pi in parts:
            by_sem[p.parts[pi].semester] = by_sem.get(p.parts[pi].semester, 0) + p.parts[pi].hours
        for sem, hours in sorted(by_sem.items()):
            weeks = [k for k in p.cohort_weeks[(year, parcours)] if p.weeks[k].parity == parity(sem)]
            room = sum(p.student_cap[k] for k in weeks)
            if hours > room:
                more = math.ceil((hours - room) / p.student_week_hours)
                out.append(
                    Misfit(
                        f"year {year} {parcours}",
                        f"S{sem}",
                        hours,
                        room,
                        f"year {year} {parcours}, S{sem}: {hours} h of classes to place but only "
                        f"{len(weeks)} weeks at the IUT, which hold {room} h at {p.student_week_hours} h "
                        f"a week (less with public holidays); {more} more IUT week"
                        f"{'s' if more > 1 else ''} or a higher student_week_hours would be needed.",
                    )
                )
    # teachers: their hours of a semester against their weekly cap in the weeks they can teach
    by_teacher: dict[tuple[str, str], list[int]] = {}
    for li, line in enumerate(p.lines):
        if line.teacher in p.teacher_cap:
            sem_parity = parity(p.parts[line.part].semester)
            by_teacher.setdefault((line.teacher, sem_parity), []).append(li)
    for (teacher, sem_parity), lis in sorted(by_teacher.items()):
        hours = sum(p.lines[li].hours for li in lis)
        weeks = sorted({k for li in lis for k in p.line_weeks[li]})
        bg = p.background.get(teacher, {})
        room = sum(max(0, p.teacher_cap[teacher][k] - bg.get(k, 0)) for k in weeks)
        if hours > room:
            years = {p.parts[p.lines[li].part].year for li in lis}
            sem = p.semester_label(sem_parity, years)
            cap = max(p.teacher_cap[teacher])
            already = sum(bg.get(k, 0) for k in weeks)
            out.append(
                Misfit(
                    f"teacher {teacher}",
                    sem,
                    hours,
                    room,
                    f"teacher {teacher} ({p.teacher_status[teacher]}, at most {cap} h a week), {sem}: "
                    f"{hours} h to teach but only {room} h of room in the {len(weeks)} weeks these groups "
                    f"can be taught"
                    + (f" ({already} h already placed there by other years' saved plans)" if already else "")
                    + "; give some groups to another teacher or raise max_weekly_hours in statuses.csv.",
                    teacher,
                    sem_parity,
                )
            )
    # parts, modules and co-taught shares that have too few weeks
    for pi, part in enumerate(p.parts):
        n = len(p.allowed[pi])
        if n == 0:
            out.append(
                Misfit(
                    _part_label(part),
                    f"S{part.semester}",
                    part.hours,
                    0,
                    f"{_part_label(part)}: {part.hours} h per group but no week of S{part.semester} where "
                    + ("all of " + ", ".join(part.parcours) + " are" if part.pooled else f"{part.parcours[0]} is")
                    + " at the IUT and every group's teacher is available.",
                )
            )
        elif part.hours > n * p.week_max:
            out.append(
                Misfit(
                    _part_label(part),
                    f"S{part.semester}",
                    part.hours,
                    n * p.week_max,
                    f"{_part_label(part)}: {part.hours} h per group but only {n} possible weeks "
                    f"({_weeks_text(p, p.allowed[pi])}) at most {p.week_max} h each (module_week_max).",
                )
            )
    for b in p.blocks:
        weeks = sorted({k for pi in b.parts for k in p.allowed[pi]})
        if weeks and b.hours > len(weeks) * p.week_max:
            label = f"{b.code} (year {b.year}, {'+'.join(b.parcours)}, S{b.semester})"
            out.append(
                Misfit(
                    label,
                    f"S{b.semester}",
                    b.hours,
                    len(weeks) * p.week_max,
                    f"{label}: {b.hours} h per student but only {len(weeks)} possible weeks at most "
                    f"{p.week_max} h each (module_week_max).",
                )
            )
    for li, line in enumerate(p.lines):
        if len(p.groups[(line.part, line.group)]) < 2 or not p.allowed[line.part]:
            continue
        n = len(p.line_weeks[li])
        if line.hours > n * p.week_max:
            part = p.parts[line.part]
            out.append(
                Misfit(
                    f"teacher {line.teacher}",
                    f"S{part.semester}",
                    line.hours,
                    n * p.week_max,
                    f"teacher {line.teacher}: {line.hours} h of {_part_label(part)} {line.group} but only "
                    f"{n} weeks when {line.teacher} is available and the group can be taught.",
                )
            )
    return out


def lay_out(
    inputs: Inputs,
    result,
    *,
    background: dict[str, dict[str, int]] | None = None,
    time_limit: float | None = None,
    seed: int | None = None,
) -> WeekPlan:
    """Lay out every group's hours week by week, or say plainly why they do not fit."""
    from .weekmodel import WeekModel

    settings = inputs.settings
    problem = build_week_problem(inputs, result, background)
    misfits = precheck(problem)
    if misfits:
        overflow = {(m.teacher, m.parity): m.hours - m.available for m in misfits if m.teacher and m.parity}
        return WeekPlan(problem, [], misfits, status="does not fit", overflow=overflow)
    total = float(settings["weeks_time_limit"] if time_limit is None else time_limit)
    size = {x: sum(len(problem.allowed[pi]) for pi, pt in enumerate(problem.parts) if parity(pt.semester) == x)
            for x in ("odd", "even")}
    hours: dict[tuple[int, int], int] = {}
    stages, seconds, statuses = [], 0.0, []
    measures: dict[str, int] = {}
    overflow: dict[tuple[str, str], int] = {}
    for x in ("odd", "even"):  # odd and even weeks share nothing: two smaller models
        if not size[x]:
            continue
        answer = WeekModel(problem, x).solve(
            time_limit=total * size[x] / sum(size.values()),
            seed=settings["seed"] if seed is None else seed,
        )
        hours.update(answer.hours)
        overflow.update(answer.overflow)
        for key, value in answer.measures.items():
            measures[key] = measures.get(key, 0) + value
        misfits += answer.misfits
        stages += answer.stages
        seconds += answer.seconds
        statuses.append(answer.status)
    if misfits:
        return WeekPlan(problem, [], misfits, stages, seconds, "does not fit", overflow=overflow)
    placements = [
        Placement(problem.lines[li], problem.weeks[k], h) for (li, k), h in sorted(hours.items()) if h
    ]
    status = "optimal" if all(s == "optimal" for s in statuses) else "feasible"
    return WeekPlan(problem, placements, [], stages, seconds, status, measures)
