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
        placed = _placed(model, len(weeks), hours, top)
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


def _placed(model: cp_model.CpModel, weeks: int, hours: int, top: int) -> list[cp_model.IntVar]:
    """A part's (or a share's) units in each of its ``weeks``, at most ``top`` each, ``hours`` in all."""
    placed = [model.new_int_var(0, top, "") for _ in range(weeks)]
    model.add(sum(placed) == hours)
    return placed


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
    for t, shares in shares_of(view, teacher).items():
        out.setdefault(t, []).extend(shares)
    return out


def shares_of(view: ParityView, teacher: str | None = None) -> dict[str, list[Chunk]]:
    """Each teacher's shares of co-taught groups of this parity as chunks, each in its own weeks."""
    p = view.p
    out: dict[str, list[Chunk]] = {}
    for lis in view.cotaught:
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


TOGETHER = 12  # most teachers in one set checked together


def sharing(view: ParityView, teachers: list[str]) -> list[list[str]]:
    """The capped teachers linked to ``teachers`` by parts they teach groups of, set by set.

    Two teachers of groups of one part teach in the same weeks; a set is closed under
    that link (the part's other teachers, theirs, and so on). Sets of one teacher are left
    out (``teachers_over`` checks them), and so are sets of more than ``TOGETHER``.
    """
    capped = set(view.room)
    link: dict[str, set[str]] = {}
    for by_teacher in view.single.values():
        mine = sorted(t for t in by_teacher if t in capped)
        for t in mine:
            link.setdefault(t, set()).update(mine)
    out, seen = [], set()
    for t in sorted(teachers):
        if t in seen or t not in link:
            continue
        found, todo = {t}, [t]
        while todo:
            for o in link[todo.pop()]:
                if o not in found:
                    found.add(o)
                    todo.append(o)
        seen |= found
        if 1 < len(found) <= TOGETHER:
            out.append(sorted(found))
    return out


def least_together(view: ParityView, teachers: list[str], seed: int = 0) -> int:
    """The least hours over their weekly caps of some teachers' groups of this parity together:
    each part's groups in the same weeks whoever teaches them (0: they fit; unproven counts 0)."""
    p, model = view.p, cp_model.CpModel()
    chosen = set(teachers)
    load: dict[tuple[str, int], list] = {}
    for pi, by_teacher in sorted(view.single.items()):
        mine = [(t, g) for t, g in sorted(by_teacher.items()) if t in chosen]
        if not mine:
            continue
        hours = p.parts[pi].hours
        placed = _placed(model, len(p.allowed[pi]), hours, min(hours, p.week_max))
        for t, groups in mine:
            for k, h in zip(p.allowed[pi], placed):
                load.setdefault((t, k), []).append(groups * h)
    for t, shares in sorted(shares_of(view).items()):  # co-taught shares: each in its own weeks
        if t not in chosen:
            continue
        for weeks, hours, groups, top in shares:
            placed = _placed(model, len(weeks), hours, top)
            for k, h in zip(weeks, placed):
                load.setdefault((t, k), []).append(groups * h)
    over = []
    for (t, k), terms in sorted(load.items()):
        o = model.new_int_var(0, 10**6, "")
        model.add(sum(terms) <= max(0, view.room[t][k]) + o)
        over.append(o)
    if not over:
        return 0
    model.minimize(sum(over))
    return proven_least(model, LIMIT, seed)


def sets_over(view: ParityView, teachers: list[str], seed: int = 0) -> dict[tuple[str, ...], int]:
    """Sets of teachers sharing parts (``sharing``) with some of ``teachers``, proven over their
    caps together -> the least hours over (units of the view)."""
    out = {}
    for found in sharing(view, teachers):
        least = least_together(view, found, seed)
        if least > 0:
            out[tuple(found)] = least
    return out
