"""The week layout's pre-check: hours against the room the weeks leave, in plain words.

Before any solver runs, ``precheck`` compares hours with the room the weeks
leave, per cohort, per teacher and per module, and says in words what does not
fit.
"""

from __future__ import annotations

import math

from planner.data.calendar import parity, semester_label
from planner.demand import Part
from planner.numbers import hours_text
from planner.weeks.problem import Misfit, WeekProblem


def _part_label(part: Part) -> str:
    return f"{part.code} {part.activity} (year {part.year}, {part.parcours_label}, S{part.semester})"


def _weeks_text(problem: WeekProblem, ks: list[int], limit: int = 6) -> str:
    isos = [problem.weeks[k].iso for k in ks]
    if len(isos) <= limit:
        return ", ".join(isos)
    return ", ".join(isos[:limit]) + f" … ({len(isos)} weeks)"


def precheck(problem: WeekProblem) -> list[Misfit]:
    """Hours against the room the weeks leave, in plain words, before any solver.

    Parameters
    ----------
    problem
        The layout problem.

    Returns
    -------
    list of Misfit
        One per cohort, teacher, part, module or co-taught share whose hours
        exceed what its weeks can hold; empty when nothing is short.
    """
    p = problem
    out: list[Misfit] = []

    def h(units) -> str:  # the model's units (sessions) as hours
        return hours_text(units * p.session)

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
                        hours * p.session,
                        room * p.session,
                        f"year {year} {parcours}, S{sem}: {h(hours)} h of classes to place but only "
                        f"{len(weeks)} weeks at the IUT, which hold {h(room)} h at "
                        f"{h(p.student_week_hours)} h a week (less with public holidays); {more} more "
                        f"IUT week{'s' if more > 1 else ''} or a higher student_week_hours would be needed.",
                        students=True,
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
            semester = semester_label(sem_parity, years)
            cap = max(p.teacher_cap[teacher])
            already = sum(bg.get(k, 0) for k in weeks)
            out.append(
                Misfit(
                    f"teacher {teacher}",
                    semester,
                    hours * p.session,
                    room * p.session,
                    f"teacher {teacher} ({p.teacher_status[teacher]}, at most {h(cap)} h a week), "
                    f"{semester}: {h(hours)} h to teach but only {h(room)} h of room in the {len(weeks)} "
                    f"weeks these groups can be taught"
                    + (
                        f" ({h(already)} h already placed there by other years' saved plans or by the "
                        "departments laid out before)"
                        if already
                        else ""
                    )
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
                    part.exact,
                    0,
                    f"{_part_label(part)}: {hours_text(part.exact)} h per group but no week of "
                    f"S{part.semester} where "
                    + (
                        "all of " + ", ".join(part.parcours) + " are"
                        if part.pooled
                        else f"{part.parcours[0]} is"
                    )
                    + " at the IUT and every group's teacher is available.",
                )
            )
        elif part.hours > n * p.week_max:
            out.append(
                Misfit(
                    _part_label(part),
                    f"S{part.semester}",
                    part.exact,
                    n * p.week_max * p.session,
                    f"{_part_label(part)}: {hours_text(part.exact)} h per group but only {n} possible weeks "
                    f"({_weeks_text(p, p.allowed[pi])}) at most {h(p.week_max)} h each (module_week_max).",
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
                    b.hours * p.session,
                    len(weeks) * p.week_max * p.session,
                    f"{label}: {h(b.hours)} h per student but only {len(weeks)} possible weeks at most "
                    f"{h(p.week_max)} h each (module_week_max).",
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
                    line.exact,
                    n * p.week_max * p.session,
                    f"teacher {line.teacher}: {hours_text(line.exact)} h of {_part_label(part)} {line.group} "
                    f"but only {n} weeks when {line.teacher} is available and the group can be taught.",
                )
            )
    return out
