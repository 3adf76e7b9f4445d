"""Whole sessions: the week layout of a department that teaches in sessions of 1 h 30 or 2 h.

A department's ``session_hours`` is the length of one class. The week model
counts in whole units, one unit a session (``weeks.problem`` builds the
problem so): every part's hours become sessions, the weekly caps, given in
hours, become the whole sessions they hold (a teacher's cap less the hours
other departments or years already give them that week), and the layout
found comes back in hours (``in_hours``): a week of R1.01 TD holds 1.5 h or
3 h, never 1 h or 2 h. Hours that are not a whole number of sessions are
placed as one shorter session, in the last week of the line; ``notes`` says
which.

In sessions of one hour with whole hours everywhere (``whole``), a unit is an
hour and the problem is the one it always was: the same layout.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction

from planner.data.iut import local, local_label
from planner.numbers import hours_text


def whole(session, hours: Iterable) -> bool:
    """Whether one unit is one hour: 1-hour sessions and only whole ``hours``."""
    return session == 1 and all(Fraction(h).denominator == 1 for h in hours)


def sessions(hours, session) -> int:
    """The sessions that hold these hours: the last one shorter when they are not a whole number."""
    return math.ceil(Fraction(hours) / Fraction(session))


def held(hours, session) -> int:
    """The whole sessions a cap of ``hours`` holds (none below zero)."""
    return max(0, math.floor(Fraction(hours) / Fraction(session)))


def shares(hours: Sequence, total: int) -> list[int]:
    """``total`` sessions shared in proportion to ``hours`` (largest remainder; the first on a tie)."""
    whole_hours = sum((Fraction(h) for h in hours), Fraction(0))
    exact = [Fraction(h) / whole_hours * total for h in hours]
    out = [math.floor(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: (out[i] - exact[i], i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def in_hours(
    layout: dict[tuple[int, int], int], exact: Sequence, session
) -> dict[tuple[int, int], int | Fraction]:
    """A layout in sessions, (line, week) -> sessions, as hours: ``exact`` gives each line's hours.

    Each session is ``session`` hours long but a line's last one, which takes
    what is left of the line's hours when they are not a whole number of
    sessions (a co-taught share may end a little longer instead).
    """
    s = Fraction(session)
    out: dict[tuple[int, int], Fraction] = {}
    last: dict[int, int] = {}
    placed: dict[int, Fraction] = {}
    for (li, k), n in sorted(layout.items()):
        if n:
            out[(li, k)] = n * s
            last[li] = max(last.get(li, k), k)
            placed[li] = placed.get(li, Fraction(0)) + n * s
    for li, k in last.items():
        out[(li, k)] += Fraction(exact[li]) - placed[li]
    return {key: int(h) if h.denominator == 1 else h for key, h in out.items() if h}


def notes(parts: Iterable, session, department: str = "") -> list[str]:
    """What weeks_report.txt says of the sessions: their length, and the parts placed with a shorter one.

    ``parts``: (code, activity, year, parcours label, semester, hours a group) of each part.
    """
    who = f"{department}: " if department else ""
    out = [f"{who}sessions of {hours_text(session)} h: every week holds whole sessions of each part"]
    for code, activity, year, parcours, semester, hours in parts:
        rest = Fraction(hours) % Fraction(session)
        if rest:
            out.append(
                f"{who}{local(code)} {activity} (year {year}, {local_label(parcours)}, S{semester}): "
                f"{hours_text(hours)} h a group is not a whole number of {hours_text(session)} h "
                f"sessions; placed as {sessions(hours, session) - 1} sessions and one of {hours_text(rest)} h"
            )
    return out
