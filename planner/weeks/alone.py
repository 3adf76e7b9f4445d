"""Each teacher's groups alone against their weekly cap: the least hours over it, proven.

All groups of a part follow the same weeks in whole hours, so a teacher's
load in a week comes in chunks: six TP groups of a part add six hours each
week it is taught. A teacher whose groups cannot be laid out under the cap
even with nobody else to fit around (no student cap, no module rule, no other
teacher of the same part) cannot be laid out at all. A small CP-SAT model per
teacher finds the least hours over their cap; a positive least is a proof
that no layout of this plan fits, found in a fraction of a second, where the
whole week model might search for minutes.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from planner.weeks.bounds import proven_least
from planner.weeks.view import ParityView

LIMIT = 1.0  # deterministic seconds for one teacher


Chunk = tuple[tuple[int, ...], int, int, int]  # (weeks it may use, hours, groups, most hours a week)


def alone_model(
    room: list[int] | dict[int, int], chunks: list[Chunk], peak: bool = False
) -> tuple[cp_model.CpModel, list[list[cp_model.IntVar]], list[cp_model.IntVar], cp_model.IntVar | None]:
    """Some groups alone: each chunk's units per week of its weeks, and the units over ``room`` each week.

    Each chunk is a part's groups one teacher teaches (or one co-taught share, one group):
    ``hours`` whole units a group placed in its ``weeks``, at most ``top`` a week, every
    group in the same weeks, a unit weighing ``groups`` in the week's load. With ``peak``,
    also a variable at least each week's load less its room (the fullest week's excess);
    None without. No week to load: no ``over`` variable.
    """
    model = cp_model.CpModel()
    load: dict[int, list] = {}
    placed_all = []
    for weeks, hours, groups, top in chunks:
        placed = [model.new_int_var(0, top, "") for _ in weeks]
        model.add(sum(placed) == hours)
        for k, h in zip(weeks, placed):
            load.setdefault(k, []).append(groups * h)
        placed_all.append(placed)
    fullest = model.new_int_var(-(10**6), 10**6, "") if peak else None
    over = []
    for k, terms in sorted(load.items()):
        o = model.new_int_var(0, 10**6, "")
        model.add(sum(terms) <= max(0, room[k]) + o)
        if fullest is not None:
            model.add(sum(terms) - max(0, room[k]) <= fullest)
        over.append(o)
    return model, placed_all, over, fullest


def least(room: list[int] | dict[int, int], chunks: list[Chunk], seed: int = 0) -> int:
    """The least hours over a weekly ``room`` (per week) of some groups alone (0: they fit).

    The chunks as ``alone_model`` reads them. Unproven within the limit counts as 0: only a
    proof names a teacher.
    """
    model, _, over, _ = alone_model(room, chunks)
    if not over:
        return 0
    model.minimize(sum(over))
    return proven_least(model, LIMIT, seed)


def chunks_of(view: ParityView, teacher: str | None = None) -> dict[str, list[Chunk]]:
    """Each teacher's groups of this parity as chunks (``teacher``'s alone when given)."""
    p = view.p
    out: dict[str, list[Chunk]] = {}
    for pi, by_teacher in sorted(view.single.items()):
        hours = p.parts[pi].hours
        for t, groups in sorted(by_teacher.items()):
            if teacher in (None, t):
                out.setdefault(t, []).append((tuple(p.allowed[pi]), hours, groups, min(hours, p.week_max)))
    for lis in view.cotaught:  # a co-taught group: each teacher's share, in its own weeks
        for li in lis:
            line = p.lines[li]
            if line.teacher is not None and teacher in (None, line.teacher):
                chunk = (tuple(p.line_weeks[li]), line.hours, 1, min(line.hours, p.week_max))
                out.setdefault(line.teacher, []).append(chunk)
    return out


def least_over(view: ParityView, teacher: str, seed: int = 0) -> int:
    """The least hours over ``teacher``'s weekly cap of their groups of this parity alone (0: they fit)."""
    room = view.room.get(teacher)
    if room is None:
        return 0
    return least(room, chunks_of(view, teacher).get(teacher, []), seed)


def teachers_over(view: ParityView, teachers: list[str], seed: int = 0) -> dict[tuple[str, str], int]:
    """(teacher, parity) -> least hours over the cap, for those of ``teachers`` proven over it."""
    out = {}
    for t in sorted(teachers):
        least = least_over(view, t, seed)
        if least > 0:
            out[(t, view.parity)] = least
    return out
