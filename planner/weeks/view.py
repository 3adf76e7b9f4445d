"""One semester parity of a week problem as plain data: its parts, weeks, caps and indexes.

Odd weeks (S1, S3, S5) and even weeks (S2, S4, S6) share nothing, so each is
laid out alone. ``ParityView`` holds what every step of that layout reads —
the greedy start (``weeks.start``), the local search (``weeks.balance``,
``weeks.polish``), the proven bound (``weeks.bounds``), the measures
(``weeks.measure``), the misfit reasons (``weeks.misfits``) and the CP-SAT
model (``weeks.model``) — built once, without a solver.

A *slot* is a (part, week) pair the part may use: every group of the part
gets the same whole hours there. A *share* is a (line, week) pair of a group
split between teachers (co-taught): each teacher's hours of that group in
that week.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.data.calendar import parity as parity_of
from planner.data.calendar import semester_label
from planner.weeks.problem import Block, WeekProblem


@dataclass
class ParityView:
    """What the layout of one semester parity reads: parts, modules, cohorts, weeks and caps.

    Attributes
    ----------
    p
        The whole week problem (both parities).
    parity
        ``odd`` or ``even``.
    parts, lines
        Indices into ``p.parts`` and ``p.lines`` of this parity.
    blocks, block_weeks
        The modules of this parity and the weeks each may use.
    cohorts
        (year, parcours) -> the parts of this parity its students attend.
    cohort_weeks, teacher_weeks
        The weeks where a cohort's (a teacher's) load is measured.
    slots
        (part, week) pairs a part may use.
    cells
        (line, week) pairs, in the order the CP-SAT model reads a layout:
        a group taught by one teacher follows its part's slots, a co-taught
        group's shares their own.
    cohorts_of, block_of
        Part -> its cohorts; part -> its block.
    single
        Part -> teacher -> groups that teacher teaches alone.
    shared
        Part -> groups split between teachers (their line lists), in ``p.groups`` order.
    cotaught
        Every co-taught group's lines, sorted by (part, group).
    room
        Teacher with a weekly cap -> per week: the cap less other saved years' hours.
    """

    p: WeekProblem
    parity: str
    label: str
    parts: list[int]
    lines: list[int]
    blocks: list[Block]
    block_weeks: list[list[int]]
    cohorts: dict[tuple, list[int]]
    cohort_weeks: dict[tuple, list[int]]
    teacher_weeks: dict[str, list[int]]
    slots: set[tuple[int, int]]
    cells: list[tuple[int, int]]
    cohorts_of: dict[int, list[tuple]]
    block_of: dict[int, int]
    single: dict[int, dict[str, int]]
    shared: dict[int, list[list[int]]]
    cotaught: list[list[int]]
    room: dict[str, list[int]]

    @property
    def mine(self) -> set[int]:
        """This parity's parts, as a set."""
        return set(self.parts)

    def alone(self, li: int) -> bool:
        """Whether line ``li``'s group is taught by one teacher (it follows its part's slots)."""
        line = self.p.lines[li]
        return len(self.p.groups[(line.part, line.group)]) == 1


def parity_view(problem: WeekProblem, semester_parity: str) -> ParityView:
    """The view of one semester parity of ``problem`` (odd or even weeks).

    Parameters
    ----------
    problem
        The week problem of a plan (``weeks.problem.build_week_problem``).
    semester_parity
        ``odd`` (S1, S3, S5) or ``even`` (S2, S4, S6).

    Returns
    -------
    ParityView
        Its parts, modules, cohorts, slots and shares, and the indexes the layout reads.
    """
    p = problem
    parts = [pi for pi, part in enumerate(p.parts) if parity_of(part.semester) == semester_parity]
    mine = set(parts)
    blocks = [b for b in p.blocks if parity_of(b.semester) == semester_parity]
    lines = [li for li, line in enumerate(p.lines) if line.part in mine]
    cohorts = {c: [pi for pi in ps if pi in mine] for c, ps in p.cohorts.items()}
    slots = {(pi, k) for pi in parts for k in p.allowed[pi]}
    cells: list[tuple[int, int]] = []
    single: dict[int, dict[str, int]] = {}
    shared: dict[int, list[list[int]]] = {}
    for (pi, _group), lis in p.groups.items():
        if pi not in mine:
            continue
        if len(lis) == 1:
            cells += [(lis[0], k) for k in p.allowed[pi]]
            t = p.lines[lis[0]].teacher
            if t is not None:
                single.setdefault(pi, {})[t] = single.get(pi, {}).get(t, 0) + 1
        else:
            cells += [(li, k) for li in lis for k in p.line_weeks[li]]
            shared.setdefault(pi, []).append(lis)
    cell_set = set(cells)
    teacher_weeks: dict[str, set[int]] = {}
    for li in lines:
        teacher = p.lines[li].teacher
        if teacher is not None:
            weeks = teacher_weeks.setdefault(teacher, set())
            weeks.update(k for k in p.line_weeks[li] if (li, k) in cell_set)
    return ParityView(
        p=p,
        parity=semester_parity,
        label=semester_label(semester_parity, {p.parts[pi].year for pi in parts}),
        parts=parts,
        lines=lines,
        blocks=blocks,
        block_weeks=[sorted({k for pi in b.parts for k in p.allowed[pi]}) for b in blocks],
        cohorts=cohorts,
        cohort_weeks={c: sorted({k for pi in ps for k in p.allowed[pi]}) for c, ps in cohorts.items()},
        teacher_weeks={t: sorted(weeks) for t, weeks in sorted(teacher_weeks.items()) if weeks},
        slots=slots,
        cells=cells,
        cohorts_of={pi: [c for c, ps in cohorts.items() if pi in ps] for pi in parts},
        block_of={pi: bi for bi, b in enumerate(blocks) for pi in b.parts},
        single=single,
        shared=shared,
        cotaught=[lis for (pi, _g), lis in sorted(p.groups.items()) if pi in mine and len(lis) > 1],
        room={
            t: [cap[k] - p.background.get(t, {}).get(k, 0) for k in range(len(cap))]
            for t, cap in p.teacher_cap.items()
        },
    )
