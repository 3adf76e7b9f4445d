"""What a teacher may get beyond their yearly capacity: hour caps, weekly rooms, weekly shapes.

Solver-free. Each kind comes twice: as the week side states it, by teacher id
and part key (``HourCap``, ``WeekRoom``, ``WeekShape``), and bound to one
assignment problem's teachers and tasks (``HourLimit``, ``RoomLimit``,
``ShapeLimit``), the form the engines and ``Problem.violations`` read.

- An hour cap: at most so many hours of some semesters' or some parts' tasks
  (what a retry takes off a teacher over a weekly cap).
- A weekly room: a teacher's room in a block of weeks (the weekly cap summed
  over them, less unavailability and other plans' hours) holds what each of
  their groups must place there. A part of H hours that may use W weeks puts
  all its H hours in any block holding those W weeks; in a block holding
  only some of them, at least H less what the other weeks can take. In a
  department of longer sessions (``session_hours``), a week takes whole
  sessions: the room counts the whole sessions each week holds, the other
  weeks take at most ``module_week_max`` in whole sessions; a unit's share
  is rounded down, so each row stays a bound any fitting layout keeps.
- A weekly shape: all groups of a part share its weeks, so a teacher with g
  groups of it teaches g times its hours of each week; at most the groups
  whose weekly hours the teacher's weekly room can hold (in whole sessions).
- Weekly chunks: a session of a part a teacher holds g groups of weighs g
  sessions in its week, so a block's weeks hold few big ones: sessions
  weighing more than half the largest weekly room R never share a week, and
  those over R/3 at most two a week (more than 2R/3: alone), the sessions
  counted against the weeks that can hold one (a dual feasible function of
  bin packing: each row holds in every layout that fits).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from fractions import Fraction

from planner.numbers import hours_text

ROOM_SCALE = 60  # a weekly room whose shares are not whole hours counts minutes


@dataclass(frozen=True)
class HourCap:
    """At most ``hours`` hours for one teacher in some semesters (e.g. weekly room).

    A semester is (department, year, semester), the department as in ``Part.department``.
    With ``parts`` (part keys), the limit is on those parts alone.
    """

    teacher: str
    semesters: frozenset[tuple[str, int, int]]
    hours: int | Fraction
    label: str
    parts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class HourLimit:
    """An ``HourCap`` bound to the problem: at most ``hours`` hours of ``tasks`` for one teacher."""

    teacher: int
    tasks: tuple[int, ...]
    hours: int | Fraction
    label: str


@dataclass(frozen=True)
class WeekRoom:
    """One teacher's room in a block of weeks, and what one group of each part must place there.

    ``hours`` is the room a plan may use (``teacher_room_share`` of it, which
    leaves the layout some slack, less what a retry took off); ``room`` the
    whole room, the bound no plan whose weeks fit can pass.
    """

    teacher: str
    must: tuple[tuple[str, int | Fraction], ...]  # (part key, hours one group must place in these weeks)
    hours: int
    room: int
    label: str  # the weeks: "S1", "GEA S3/MMI S3"


@dataclass(frozen=True)
class RoomLimit:
    """A ``WeekRoom`` bound to the problem: the hours units of ``terms`` place there, at most the bound."""

    teacher: int
    terms: tuple[tuple[int, int], ...]  # (task, hours one unit must place in these weeks)
    hours: int
    room: int
    label: str
    scale: int = 1  # terms, hours and room count hours times this (units of 1 h 30: their exact share)

    def bound(self, whole: bool) -> int:
        """The hours allowed: the whole room, or the share a plan may use."""
        return self.room if whole else self.hours


@dataclass(frozen=True)
class WeekShape:
    """At most ``groups`` groups of one part for one teacher: their weekly room cannot hold more."""

    teacher: str
    part: str  # part key
    groups: int
    weekly: int | Fraction  # the teacher's largest weekly room in the part's weeks, for the reasons
    weeks: int  # the weeks the part may use


@dataclass(frozen=True)
class ShapeLimit:
    """A ``WeekShape`` bound to the problem: at most ``units`` units of ``task`` for one teacher."""

    teacher: int
    task: int
    units: int
    label: str


@dataclass(frozen=True)
class WeekChunks:
    """One teacher's block of weeks, seen as bins: the sessions each group of a part places there."""

    teacher: str
    # (part key, sessions a group places there, session hours)
    sessions: tuple[tuple[str, int, int | Fraction], ...]
    weeks: tuple[int | Fraction, ...]  # the room of each week of the block, in hours of whole sessions
    label: str


@dataclass(frozen=True)
class ChunkLimit:
    """A ``WeekChunks`` bound to the problem: ``weight`` counts for each term whose units pass
    ``above`` (a session of the teacher's groups then weighs more than a share of a week),
    at most ``most`` in all."""

    teacher: int
    terms: tuple[tuple[int, int, int], ...]  # (task, weight, above: the most units counting nothing)
    most: int
    label: str

    def weight(self, units: dict[tuple[int, int], int], more: int | None = None) -> int:
        """The weight of a plan's units ((teacher, task) -> units; ``more``: one more of that task)."""
        return sum(
            w for task, w, above in self.terms if units.get((self.teacher, task), 0) + (task == more) > above
        )


@dataclass(frozen=True)
class Weekly:
    """The weekly shape a plan will be laid out into: rooms per block of weeks, groups per part."""

    rooms: list[WeekRoom]
    shapes: list[WeekShape]
    chunks: list[WeekChunks] = field(default_factory=list)


def _tasks_by_key(tasks) -> dict[str, list[int]]:
    """The indexes of each part's tasks (part key -> task indexes, in task order)."""
    by_key: dict[str, list[int]] = {}
    for i, t in enumerate(tasks):
        by_key.setdefault(t.key, []).append(i)
    return by_key


def hour_limits(hour_caps: list[HourCap], tasks, teacher: dict[str, int]) -> list[HourLimit]:
    """Hour caps bound to the tasks (``Task`` list) and teachers (id -> index) of a problem."""
    by_key = _tasks_by_key(tasks)
    limits = []
    for cap in hour_caps:
        if cap.teacher not in teacher:
            continue
        if cap.parts:
            chosen = tuple(sorted(i for key in cap.parts for i in by_key.get(key, ())))
        else:
            chosen = tuple(
                i
                for i, t in enumerate(tasks)
                if (t.part.department, t.part.year, t.part.semester) in cap.semesters
            )
        if chosen:
            limits.append(HourLimit(teacher[cap.teacher], chosen, cap.hours, cap.label))
    return limits


def room_limits(rooms: list[WeekRoom], tasks, teacher: dict[str, int]) -> list[RoomLimit]:
    """Weekly rooms bound to a problem: a unit of a task places its share of a group's hours.

    A unit's share is exact: in whole hours when every share of the row is whole, else the row
    counts in ``ROOM_SCALE``-ths of an hour (a 1 h 30 session of a 3-hour part that must place
    3 h there places 1 h 30, not 1 h), each share rounded down, so the row stays a bound.
    """
    by_key = _tasks_by_key(tasks)
    out = []
    for room in rooms:
        if room.teacher not in teacher:
            continue
        shares = [
            (i, _placed(must, tasks[i].unit_hours, tasks[i].part.hours))
            for key, must in room.must
            for i in by_key.get(key, ())
        ]
        scale = 1 if all(h.denominator == 1 for _, h in shares) else ROOM_SCALE
        terms = [(i, math.floor(h * scale)) for i, h in shares]
        terms = [(i, h) for i, h in terms if h > 0]
        if terms:
            out.append(
                RoomLimit(
                    teacher[room.teacher],
                    tuple(sorted(terms)),
                    room.hours * scale,
                    room.room * scale,
                    room.label,
                    scale,
                )
            )
    return out


@functools.cache
def _placed(must: int | Fraction, unit_hours: int | Fraction, hours: int | Fraction) -> Fraction:
    """What one unit of ``unit_hours`` of a part of ``hours`` places of the ``must`` its group must."""
    return Fraction(must) * Fraction(unit_hours) / Fraction(hours)


def shape_limits(shapes: list[WeekShape], tasks, teacher: dict[str, int]) -> list[ShapeLimit]:
    """Weekly shapes bound to a problem.

    A whole-group task: at most the groups the shape holds. A co-taught task: a
    share of a group can move between its teachers week by week, but the groups
    one teacher holds whole follow the part's weeks like any other; so at most
    the hours of those groups and a share of one more (the whole groups they
    then hold stay within the shape wherever their hours start).
    """
    by_key = _tasks_by_key(tasks)
    out = []
    for shape in shapes:
        if shape.teacher not in teacher:
            continue
        weekly = f"they share its {shape.weeks} weeks, {hours_text(shape.weekly)} h a week at most"
        for i in by_key.get(shape.part, ()):
            task = tasks[i]
            if not task.cotaught and shape.groups < task.units:
                label = f"at most {shape.groups} of its {task.units} groups: {weekly}"
                out.append(ShapeLimit(teacher[shape.teacher], i, shape.groups, label))
            elif task.cotaught:
                hours = task.part.hours
                units = ((shape.groups + 1) * hours - task.unit_hours) // task.unit_hours
                if units < task.units:
                    label = (
                        f"at most {hours_text(units * task.unit_hours)} h of it ({shape.groups} whole "
                        f"groups of its {task.part.groups} and a share): {weekly}"
                    )
                    out.append(ShapeLimit(teacher[shape.teacher], i, units, label))
    return out


# (share of the largest weekly room a session passes, weight): sessions over R/2 never share a
# week; sessions over R/3 weigh 1 and those over 2R/3 one more, two to a week
CHUNK_ROWS = (((Fraction(1, 2), 1),), ((Fraction(1, 3), 1), (Fraction(2, 3), 1)))


def chunk_limits(chunks: list[WeekChunks], tasks, teacher: dict[str, int]) -> list[ChunkLimit]:
    """Weekly chunks bound to a problem: the rows a plan could break, of whole-group tasks.

    A task's units are groups; g of them make a session weigh g times its hours. For each
    threshold share q of the largest weekly room R, a term counts the task's sessions when
    g * hours > q * R. A week holds a weight of at most 1 (the halves) or 2 (the thirds),
    less where its room is smaller than the smallest session counted (or than two of them);
    the row allows what the block's weeks hold. A row no plan can break is left out, and so
    is a co-taught task (a share of a group moves week by week); of rows with the same terms
    (a block of several years, whose other years add none), the one of the fewest weeks is kept.
    """
    by_key = _tasks_by_key(tasks)
    out: dict[tuple, ChunkLimit] = {}  # (teacher, terms) -> the row of the fewest weeks
    for chunk in chunks:
        if chunk.teacher not in teacher or not chunk.weeks:
            continue
        big = max(chunk.weeks)
        for levels in CHUNK_ROWS:
            terms: list[tuple[int, int, int]] = []
            least: list[int | Fraction | float] = [math.inf] * len(levels)  # each level's smallest session
            for key, sessions, hours in chunk.sessions:
                for i in by_key.get(key, ()):
                    if tasks[i].cotaught:
                        continue
                    for j, (share, w) in enumerate(levels):
                        # floor(share * big / hours), in integers (the fractions' arithmetic is slow here)
                        above = (share.numerator * big.numerator * hours.denominator) // (
                            share.denominator * big.denominator * hours.numerator
                        )
                        if above < tasks[i].units:
                            terms.append((i, sessions * w, above))
                            least[j] = min(least[j], (above + 1) * hours)
            if not terms:
                continue
            top = sum(w for _, w in levels)
            most = sum(min(top, max(sum(r >= m for m in least), r // least[0])) for r in chunk.weeks)
            row = (teacher[chunk.teacher], tuple(sorted(terms)))
            if sum(w for _, w, _ in terms) > most and (row not in out or most < out[row].most):
                label = f"{chunk.label} weeks: sessions of over {_share(levels[0][0])} of a week's room"
                out[row] = ChunkLimit(*row, int(most), label)
    return list(out.values())


def _share(q: Fraction) -> str:
    return {Fraction(1, 2): "half", Fraction(1, 3): "a third"}.get(q, str(q))
