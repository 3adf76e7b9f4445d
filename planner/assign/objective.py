"""The assignment's stages as exact integer objectives, shared by the MIP and CP-SAT models.

Every stage is an integer-valued expression in a common scale (``scale``:
the least common multiple of the HETD denominators), so both engines hold a
stage at exactly the same value and a plan's stage values can be computed
exactly from the plan alone (``evaluate``). ``UNITS`` turns a scaled value
back into the stage's own unit.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from planner.assign.problem import Problem

STAGES = ("uncovered", "cost", "sous_service", "fairness", "stability", "fragmentation", "wishes")


def scale_of(problem: Problem) -> int:
    """The least common multiple of every HETD denominator: HETD × scale is an integer."""
    values = [c.hetd for c in problem.candidates] + [t.unit_hetd for t in problem.tasks]
    for cap in problem.capacities:
        values += [cap.service, cap.other, cap.limit]
    scale = 1
    for v in values:
        scale = math.lcm(scale, Fraction(v).denominator)
    return scale


def stage_names(problem: Problem) -> list[str]:
    """The stages this problem has, in priority order."""
    names = list(STAGES)
    if not any(cap.permanent for cap in problem.capacities):
        names.remove("fairness")
    if not problem.stable:
        names.remove("stability")
    return names


def divisor(name: str, scale: int) -> int:
    """What a scaled stage value is divided by to read in the stage's unit (-1: maximised)."""
    return {
        "uncovered": scale,
        "cost": 100 * scale,
        "sous_service": scale,
        "fairness": scale,
        "stability": 1,
        "fragmentation": 1,
        "wishes": -1,
    }[name]


def rate(hc_rate: Fraction) -> int:
    """Cents of € per HETD, as both models count them."""
    return round(hc_rate * 100)


def evaluate(problem: Problem, x: list[int], u: list[int], scale: int) -> dict[str, int]:
    """Each stage's exact value for a plan, in the scaled integer unit the models minimise."""
    p = problem
    hours = p.hour_scale()  # wishes count hours in whole units (halves when the plan has any)
    load = [Fraction(0)] * len(p.capacities)
    for c, n in zip(p.candidates, x):
        load[c.teacher] += n * c.hetd
    hc = [max(Fraction(0), load[i] + cap.other - cap.service) for i, cap in enumerate(p.capacities)]
    out = {
        "uncovered": int(sum(t.unit_hetd * n for t, n in zip(p.tasks, u)) * scale),
        "cost": sum(rate(cap.hc_rate) * int(h * scale) for cap, h in zip(p.capacities, hc)),
        "sous_service": int(
            sum(
                (max(Fraction(0), cap.service - cap.other - load[i]) for i, cap in enumerate(p.capacities)),
                Fraction(0),
            )
            * scale
        ),
        "fairness": int(max((h for h, cap in zip(hc, p.capacities) if cap.permanent), default=0) * scale),
        "stability": sum(
            abs(n - min(p.reference.get((c.teacher, c.task), 0), p.tasks[c.task].units))
            for c, n in zip(p.candidates, x)
        ),
        "fragmentation": len(
            {
                (c.teacher, p.tasks[c.task].part.year, p.tasks[c.task].part.code)
                for c, n in zip(p.candidates, x)
                if n
            }
        ),
        "wishes": -sum(
            c.preference * int(p.tasks[c.task].unit_hours * hours) * n for c, n in zip(p.candidates, x)
        ),
    }
    return out


def module_groups(problem: Problem) -> dict[tuple[int, int, str], list[int]]:
    """Candidates per (teacher, year, module code): the pairs the fragmentation stage counts."""
    out: dict[tuple[int, int, str], list[int]] = {}
    for k, c in enumerate(problem.candidates):
        part = problem.tasks[c.task].part
        out.setdefault((c.teacher, part.year, part.code), []).append(k)
    return out


class PlanMath:
    """Exact stage values and hard-constraint checks of plans, in scaled integers (numpy).

    The same figures as ``evaluate``, without fractions: every HETD is an
    integer once multiplied by ``scale``, so sums stay exact.
    """

    def __init__(self, problem: Problem, scale: int):
        p = self.problem = problem
        self.scale = scale
        self.teacher = np.array([c.teacher for c in p.candidates], dtype=np.int64)
        self.task = np.array([c.task for c in p.candidates], dtype=np.int64)
        self.hetd = np.array([int(c.hetd * scale) for c in p.candidates], dtype=np.int64)
        hours = p.hour_scale()  # hours in whole units (halves when the plan has any)
        self.hours = np.array([int(p.tasks[c.task].unit_hours * hours) for c in p.candidates], dtype=np.int64)
        self.wish = np.array([c.preference for c in p.candidates], dtype=np.int64) * self.hours
        self.units = np.array([t.units for t in p.tasks], dtype=np.int64)
        self.unit_hetd = np.array([int(t.unit_hetd * scale) for t in p.tasks], dtype=np.int64)
        caps = p.capacities
        self.service = np.array([int(c.service * scale) for c in caps], dtype=np.int64)
        self.other = np.array([int(c.other * scale) for c in caps], dtype=np.int64)
        self.limit = np.array([int(c.limit * scale) for c in caps], dtype=np.int64)
        self.rate = np.array([rate(c.hc_rate) for c in caps], dtype=np.int64)
        self.permanent = np.array([c.permanent for c in caps], dtype=bool)
        self.owes = np.array([c.service > 0 for c in caps], dtype=bool)
        self.reference = np.array(
            [min(p.reference.get((c.teacher, c.task), 0), p.tasks[c.task].units) for c in p.candidates],
            dtype=np.int64,
        )
        groups = module_groups(problem)
        self.group = np.zeros(len(p.candidates), dtype=np.int64)
        for g, ks in enumerate(groups.values()):
            self.group[ks] = g
        self.groups = len(groups)
        index = {(c.teacher, c.task): k for k, c in enumerate(p.candidates)}
        self.locks = [(np.array([index[(lk.teacher, t)] for t in lk.tasks]), lk.units) for lk in p.locks]
        by_teacher: dict[int, list[int]] = {}
        for k, c in enumerate(p.candidates):
            by_teacher.setdefault(c.teacher, []).append(k)
        # teacher -> their rooms, limits, chunks
        self.rows_of: dict[int, tuple[list[int], list[int], list[int]]] = {}
        self.limits: list[tuple[np.ndarray, int]] = []
        for lim in p.limits:
            self.rows_of.setdefault(lim.teacher, ([], [], []))[1].append(len(self.limits))
            tasks = set(lim.tasks)
            ks = [k for k in by_teacher.get(lim.teacher, []) if p.candidates[k].task in tasks]
            self.limits.append((np.array(ks, dtype=np.int64), int(lim.hours * hours)))
        self.rooms: list[tuple] = []  # (candidates, hours each unit places there, share, whole room)
        for room in p.rooms:
            self.rows_of.setdefault(room.teacher, ([], [], []))[0].append(len(self.rooms))
            mine = {p.candidates[k].task: k for k in by_teacher.get(room.teacher, [])}
            terms = [(mine[t], h) for t, h in room.terms if t in mine]
            self.rooms.append(
                (
                    np.array([k for k, _ in terms], dtype=np.int64),
                    np.array([h for _, h in terms], dtype=np.int64),
                    room.hours,
                    room.room,
                )
            )
        # weekly chunks: z per distinct (candidate, units above which it counts), rows of z's
        pairs = sorted(
            {
                (index[(ch.teacher, t)], a)
                for ch in p.chunks
                for t, _, a in ch.terms
                if (ch.teacher, t) in index
            }
        )
        column = {pair: j for j, pair in enumerate(pairs)}
        self.pass_k = np.array([k for k, _ in pairs], dtype=np.int64)
        self.pass_above = np.array([a for _, a in pairs], dtype=np.int64)
        self.chunks: list[tuple] = []  # (z indexes, weights, most)
        for chunk in p.chunks:
            terms = [
                (column[(index[(chunk.teacher, t)], a)], w)
                for t, w, a in chunk.terms
                if (chunk.teacher, t) in index
            ]
            if terms:
                self.rows_of.setdefault(chunk.teacher, ([], [], []))[2].append(len(self.chunks))
                zs, weights = (np.array(col, dtype=np.int64) for col in zip(*terms))
                self.chunks.append((zs, weights, chunk.most))
        self.whole_rooms = p.whole_rooms
        self.most = self.units[self.task].copy()  # units each candidate may take: weekly shapes
        for shape in p.shapes:
            at = index.get((shape.teacher, shape.task))
            if at is not None:
                self.most[at] = min(self.most[at], shape.units)

    def _sum(self, index: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
        out = np.zeros(size, dtype=np.int64)
        np.add.at(out, index, weights)
        return out

    def uncovered(self, x: np.ndarray) -> np.ndarray:
        return self.units - self._sum(self.task, x, len(self.units))

    def loads(self, x: np.ndarray) -> np.ndarray:
        """Each teacher's HETD in this plan, scaled."""
        return self._sum(self.teacher, self.hetd * x, len(self.limit))

    def values(self, x: np.ndarray) -> dict[str, int]:
        """Each stage's exact value for a plan (units per candidate), scaled as the models minimise."""
        u = self.uncovered(x)
        done = self.loads(x) + self.other
        hc = np.maximum(0, done - self.service)
        ss = np.where(self.owes, np.maximum(0, self.service - done), 0)
        used = self._sum(self.group, (x > 0).astype(np.int64), self.groups)
        return {
            "uncovered": int(self.unit_hetd @ u),
            "cost": int(self.rate @ hc),
            "sous_service": int(ss.sum()),
            "fairness": int(hc[self.permanent].max(initial=0)),
            "stability": int(np.abs(x - self.reference).sum()),
            "fragmentation": int((used > 0).sum()),
            "wishes": -int(self.wish @ x),
        }

    def valid(self, x: np.ndarray) -> bool:
        """Whether a plan keeps every hard constraint, exactly."""
        if x.min(initial=0) < 0 or self.uncovered(x).min(initial=0) < 0 or (x > self.most).any():
            return False
        if (self.loads(x) > self.limit).any():
            return False
        if any(int(x[ks].sum()) < units for ks, units in self.locks):
            return False
        if not all(self._room_holds(i, x) for i in range(len(self.rooms))):
            return False
        if not all(self._chunk_holds(i, x) for i in range(len(self.chunks))):
            return False
        return all(self._limit_holds(i, x) for i in range(len(self.limits)))

    def valid_after(self, x: np.ndarray, k: int) -> bool:
        """Whether a valid plan that gained one unit of candidate ``k`` (and maybe lost one of the
        same task) keeps every hard constraint: only the rows of ``k``'s teacher and task can break."""
        t, task = int(self.teacher[k]), int(self.task[k])
        if x[k] > self.most[k] or int(x[self.task == task].sum()) > self.units[task]:
            return False
        mine = self.teacher == t
        if int(self.hetd[mine] @ x[mine]) > self.limit[t]:
            return False
        rooms, limits, chunks = self.rows_of.get(t, ([], [], []))
        return (
            all(self._room_holds(i, x) for i in rooms)
            and all(self._limit_holds(i, x) for i in limits)
            and all(self._chunk_holds(i, x) for i in chunks)
        )

    def _room_holds(self, i: int, x: np.ndarray) -> bool:
        ks, h, share, room = self.rooms[i]
        return int(h @ x[ks]) <= (room if self.whole_rooms else share)

    def passes(self, x: np.ndarray) -> np.ndarray:
        """Whether each weekly chunk's candidate holds more units than its threshold (its z)."""
        return x[self.pass_k] > self.pass_above

    def held(self, x: np.ndarray) -> np.ndarray:
        """The weekly chunks' z's at 0 that could not pass their threshold without breaking a row
        they are in (its slack under their weight)."""
        z = self.passes(x)
        full = np.zeros(len(z), dtype=bool)
        for zs, weights, most in self.chunks:
            full[zs[weights > most - int(weights[z[zs]].sum())]] = True
        return full & ~z

    def best_wishes(self) -> int:
        """The wishes stage's least value: every unit to the candidate who wishes it most."""
        best = np.zeros(len(self.units), dtype=np.int64)
        np.minimum.at(best, self.task, -self.wish)
        return int(best @ self.units)

    def _chunk_holds(self, i: int, x: np.ndarray) -> bool:
        zs, weights, most = self.chunks[i]  # its own z's only: a plan's check reads every row
        return int(weights[x[self.pass_k[zs]] > self.pass_above[zs]].sum()) <= most

    def _limit_holds(self, i: int, x: np.ndarray) -> bool:
        ks, hours = self.limits[i]
        return int(self.hours[ks] @ x[ks]) <= hours
