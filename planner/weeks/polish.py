"""The last evening out of a week layout: single-hour moves that lower the balance objective itself.

``weeks.balance`` evens the loads out on a smooth stand-in (squared loads);
the polish then works on the objective the model counts — a cohort's fullest
minus emptiest week, a teacher's busiest week, a module's runs — moving an
hour only where one of these terms can fall (pure Python, deterministic,
at most a given number of moves).
"""

from __future__ import annotations

from planner.weeks.balance import COHORT, TEACHER, Balancer


class Polish:
    """Moves and swaps of single hours that lower the balance objective itself.

    Only moves that can lower it are tried: an hour off a week where one of
    the part's cohorts or teachers is at its fullest, onto a week where none of
    them would become fuller than their fullest. Each entity's term is cached
    and recomputed only when a move touches it.
    """

    def __init__(self, b: Balancer):
        self.b = b
        m = b.m
        self.cohort_weeks = {c: weeks for c, weeks in m.cohort_weeks.items() if weeks}
        self.teacher_weeks = {t: weeks for t, weeks in m.teacher_weeks.items() if weeks}
        self.days = b.days
        self.peers: dict[tuple, list[int]] = {}
        for pi in b.movable:
            self.peers.setdefault(tuple(b.cohorts_of[pi]), []).append(pi)
        self.spread = {c: b.spread(c) for c in self.cohort_weeks}
        self.peak = {t: b.peak(t) for t in self.teacher_weeks}
        self.runs = {bi: b.runs(bi) for bi in range(len(b.block))}

    def _touched(self, parts):
        b = self.b
        cohorts = {c for pi in parts for c in b.cohorts_of[pi] if c in self.spread}
        teachers = {t for pi in parts for t in b.single.get(pi, {}) if t in self.peak}
        return cohorts, teachers, {b.block_of[pi] for pi in parts}

    def _cost(self, touched, fresh: bool, cohorts_moved: bool = True) -> tuple[int, dict, dict, dict]:
        """The terms of the touched entities, counted again (``fresh``) or as cached; a swap
        between parts of the same students leaves their loads as they were (``cohorts_moved``)."""
        cohorts, teachers, blocks = touched
        again = fresh and cohorts_moved
        b = self.b
        spread = {c: b.spread(c) if again else self.spread[c] for c in cohorts}
        peak = {t: b.peak(t) if fresh else self.peak[t] for t in teachers}
        runs = {bi: b.runs(bi) if fresh else self.runs[bi] for bi in blocks}
        cost = (
            COHORT * sum(top - low for top, low in spread.values())
            + TEACHER * sum(peak.values())
            + 2 * sum(runs.values())
        )
        return cost, spread, peak, runs

    def _keep(self, after) -> None:
        _, spread, peak, runs = after
        self.spread.update(spread)
        self.peak.update(peak)
        self.runs.update(runs)

    def _worth(self, pi: int, a: int, k: int) -> bool:
        """Whether an hour of ``pi`` from a to k can lower a term without raising another's top."""
        b, days = self.b, self.days
        hot = False
        for c in b.cohorts_of[pi]:
            if c not in self.spread:
                continue
            top, low = self.spread[c]
            loads = b.cohort[c]
            if -(-5 * (loads.get(k, 0) + 1) // days[k]) > top:
                return False
            hot = hot or -(-5 * loads.get(a, 0) // days[a]) == top or 5 * loads.get(k, 0) // days[k] == low
        for t, g in b.single.get(pi, {}).items():
            if t not in self.peak:
                continue
            loads = b.teacher[t]
            if loads.get(k, 0) + g > self.peak[t]:
                return False
            hot = hot or loads.get(a, 0) == self.peak[t]
        return hot

    def run(self, limit: int) -> None:
        b, p = self.b, self.b.p
        done, improved = 0, True
        while improved and done < limit:
            improved = False
            for pi in b.movable:
                weeks = p.allowed[pi]
                for a in weeks:
                    if not b.h.get((pi, a)):
                        continue
                    for k in weeks:
                        if k != a and b.h.get((pi, a)) and self._worth(pi, a, k) and self._better(pi, a, k):
                            done += 1
                            improved = True
                if done >= limit:
                    return

    def _better(self, pi: int, a: int, k: int) -> bool:
        """Move one hour of ``pi`` from a to k if that lowers the objective, else swap it with
        an hour of a part of the same students going from k to a; False if neither helps."""
        b = self.b
        if not b._allowed_loose(pi, a, k):
            return False
        touched = self._touched([pi])
        before = self._cost(touched, False)[0]
        smoother = b._gain(pi, a, k) > 1e-9
        b._apply(pi, a, k)
        after = self._cost(touched, True)
        if after[0] < before or (after[0] == before and smoother):  # lower, or as low and more even
            self._keep(after)
            return True
        for qi in self.peers.get(tuple(b.cohorts_of[pi]), []):
            if qi == pi or not b.h.get((qi, k)) or (qi, a) not in b.m.slots or not b._allowed_loose(qi, k, a):
                continue
            both = self._touched([pi, qi])
            before = self._cost(both, False)[0]
            b._apply(qi, k, a)
            after = self._cost(both, True, cohorts_moved=False)  # peers: the same cohorts, the same loads
            if after[0] < before:
                self._keep(after)
                return True
            b._apply(qi, a, k)
        b._apply(pi, k, a)
        return False
