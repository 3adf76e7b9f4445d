"""Whole sessions: the week layout of a department that teaches in sessions of 1 h 30 or 2 h.

A department's ``session_hours`` is the length of one class. Its week problem
is laid out in sessions: every part's hours become sessions (``in_sessions``),
the weekly caps, still given in hours, become the whole sessions they hold
(a teacher's cap less the hours other departments or years already give them
that week), and the week model places whole sessions. The layout found comes
back in hours (``in_hours``): a week of R1.01 TD holds 1.5 h or 3 h, never 1 h
or 2 h. Hours that are not a whole number of sessions are placed as one
shorter session, in the last week of the line; ``notes`` says which.

In sessions of 1 h with whole hours, the problem is itself: the layout is the
one it always was.
"""

from __future__ import annotations

import math
from dataclasses import replace
from fractions import Fraction

from planner.data.iut import local, local_label
from planner.numbers import hours_text
from planner.weeks.problem import WeekProblem


def whole(problem: WeekProblem) -> bool:
    """Whether the problem is already in sessions: 1-hour sessions and whole hours everywhere.

    Everywhere: the parts, the lines, and the hours other departments or years
    already give a teacher (``background``).
    """
    background = [h for per_week in problem.background.values() for h in per_week.values()]
    return problem.session == 1 and all(
        Fraction(x).denominator == 1
        for x in [*(p.hours for p in problem.parts), *(line.hours for line in problem.lines), *background]
    )


def sessions(hours, session) -> int:
    """The sessions that hold these hours: the last one shorter when they are not a whole number."""
    return math.ceil(Fraction(hours) / Fraction(session))


def in_sessions(problem: WeekProblem) -> WeekProblem:
    """The same layout problem counted in sessions: parts, lines, blocks and caps.

    A group's lines (the shares of a co-taught group) get its sessions in
    proportion to their hours (largest remainder), so that they add up to the
    part's. The caps hold whole sessions: ``student_cap`` and ``teacher_cap``
    are the sessions a week's hours hold (a teacher's after the hours already
    placed there, ``background``, which the problem in sessions does without);
    ``module_week_min`` at least one session, ``module_week_max`` at least one.
    """
    p, s = problem, Fraction(problem.session)
    if whole(p):
        return p
    parts = [replace(part, hours=sessions(part.hours, s)) for part in p.parts]
    lines = list(p.lines)
    for (pi, _group), lis in p.groups.items():
        if len(lis) == 1:
            li = lis[0]
            lines[li] = replace(lines[li], hours=parts[pi].hours)
            continue
        total = sum(Fraction(p.lines[li].hours) for li in lis)
        share = [Fraction(p.lines[li].hours) / total * parts[pi].hours for li in lis]
        given = [math.floor(x) for x in share]  # whole sessions adding up: the largest remainders
        order = sorted(range(len(lis)), key=lambda i: (given[i] - share[i], i))
        for i in order[: parts[pi].hours - sum(given)]:
            given[i] += 1
        for li, n in zip(lis, given):
            lines[li] = replace(lines[li], hours=n)
    blocks = [replace(b, hours=sum(parts[pi].hours for pi in b.parts)) for b in p.blocks]
    teacher_cap = {}
    for teacher, caps in p.teacher_cap.items():
        bg = p.background.get(teacher, {})
        teacher_cap[teacher] = [max(0, math.floor((cap - bg.get(k, 0)) / s)) for k, cap in enumerate(caps)]
    return replace(
        p,
        parts=parts,
        lines=lines,
        blocks=blocks,
        student_cap=[math.floor(cap / s) for cap in p.student_cap],
        teacher_cap=teacher_cap,
        background={},
        week_min=max(1, math.ceil(p.week_min / s)),
        week_max=max(1, math.floor(p.week_max / s)),
    )


def in_hours(
    problem: WeekProblem, counted: WeekProblem, layout: dict[tuple[int, int], int]
) -> dict[tuple[int, int], int | Fraction]:
    """A layout in sessions, (line, week) -> sessions, as hours of the problem in hours.

    Each line's sessions are ``session_hours`` long, but its last one, which
    takes what is left of the line's hours when they are not a whole number
    of sessions (a co-taught share may end a little longer instead).
    """
    if counted is problem:
        return layout
    s = Fraction(problem.session)
    out: dict[tuple[int, int], int | Fraction] = {}
    last: dict[int, int] = {}
    placed: dict[int, Fraction] = {}
    for (li, k), n in sorted(layout.items()):
        if n:
            out[(li, k)] = n * s
            last[li] = max(last.get(li, k), k)
            placed[li] = placed.get(li, Fraction(0)) + n * s
    for li, k in last.items():
        out[(li, k)] += Fraction(problem.lines[li].hours) - placed[li]
    return {key: int(h) if Fraction(h).denominator == 1 else h for key, h in out.items() if h}


def notes(problem: WeekProblem, department: str = "") -> list[str]:
    """What weeks_report.txt says of the sessions: their length, and the parts placed with a shorter one."""
    s = problem.session
    if whole(problem):
        return []
    who = f"{department}: " if department else ""
    out = [f"{who}sessions of {hours_text(s)} h: every week holds whole sessions of each part"]
    for part in problem.parts:
        rest = Fraction(part.hours) % Fraction(s)
        if rest:
            out.append(
                f"{who}{local(part.code)} {part.activity} (year {part.year}, "
                f"{local_label(part.parcours_label)}, S{part.semester}): {hours_text(part.hours)} h a group "
                f"is not a whole number of {hours_text(s)} h sessions; "
                f"placed as {sessions(part.hours, s) - 1} sessions and one of {hours_text(rest)} h"
            )
    return out
