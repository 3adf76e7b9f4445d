"""Even out a week layout by moving single hours (pure Python, deterministic).

The balance objective is made of maxima and minima (a cohort's fullest and
emptiest week, a teacher's busiest week): a single hour moved rarely changes
them, so a search on them alone stalls. Here the search minimises a smooth
stand-in with the same optimum shape: the sum of squared loads (a cohort's
weighted by the week's open days, so a four-day week holds four fifths of a
full one), which falls whenever an hour moves from a fuller week to an emptier
one. A move never breaks a hard rule (caps, module hours per week, CM first)
and never splits a module's run; the caller keeps the result only if the real
objective improves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.weeks.model import WeekModel

COHORT, TEACHER = 10, 3  # weights of the balance stage (spread, peaks)
OVER = 10**6  # an hour taken off a week over a cap outweighs any evening out


class Balancer:
    """The hours of the parts taught by one teacher per group, moved while loads get more even."""

    def __init__(
        self, model: WeekModel, hours: dict[tuple[int, int], int], shares: dict[tuple[int, int], int]
    ):
        self.m = model
        p = self.p = model.p
        self.h = {key: v for key, v in hours.items() if v}
        self._loose = False
        self.cohorts_of = {pi: [c for c, ps in model.cohorts.items() if pi in ps] for pi in model.parts}
        single: dict[int, dict[str, int]] = {}
        shared: set[int] = set()
        for (pi, _group), lis in p.groups.items():
            if pi not in self.cohorts_of:
                continue
            if len(lis) > 1:
                shared.add(pi)
            elif (t := p.lines[lis[0]].teacher) is not None:
                single.setdefault(pi, {})[t] = single.get(pi, {}).get(t, 0) + 1
        self.single = single
        self.block_of = {pi: bi for bi, b in enumerate(model.blocks) for pi in b.parts}
        self.movable = [pi for pi in model.parts if pi not in shared and p.parts[pi].hours > 0]
        self.factor = {k: 5 / w.open_days for k, w in enumerate(p.weeks) if w.open_days}
        self.room = {  # a teacher's weekly cap, less the other years' hours
            t: [cap[k] - p.background.get(t, {}).get(k, 0) for k in range(len(cap))]
            for t, cap in p.teacher_cap.items()
        }
        self.cohort: dict[tuple, dict[int, int]] = {c: {} for c in model.cohorts}
        self.teacher: dict[str, dict[int, int]] = {}
        self.block: list[dict[int, int]] = [{} for _ in model.blocks]
        for (pi, k), v in self.h.items():
            self._load(pi, k, v)
        self.x = dict(shares)  # co-taught shares: their part's hours stay, co-teachers may trade weeks
        self.cotaught = [
            lis for (pi, _g), lis in sorted(p.groups.items()) if pi in self.cohorts_of and len(lis) > 1
        ]
        for (li, k), v in shares.items():
            line = p.lines[li]
            if line.teacher is not None and len(p.groups[(line.part, line.group)]) > 1 and v:
                per_week = self.teacher.setdefault(line.teacher, {})
                per_week[k] = per_week.get(k, 0) + v

    def _load(self, pi: int, k: int, v: int) -> None:
        for c in self.cohorts_of[pi]:
            self.cohort[c][k] = self.cohort[c].get(k, 0) + v
        for t, groups in self.single.get(pi, {}).items():
            per_week = self.teacher.setdefault(t, {})
            per_week[k] = per_week.get(k, 0) + groups * v
        block = self.block[self.block_of[pi]]
        block[k] = block.get(k, 0) + v

    def _move(self, pi: int, a: int, b: int) -> None:
        self.h[(pi, a)] -= 1
        if not self.h[(pi, a)]:
            del self.h[(pi, a)]
        self.h[(pi, b)] = self.h.get((pi, b), 0) + 1
        self._load(pi, a, -1)
        self._load(pi, b, 1)

    # --- one move -------------------------------------------------------------------

    def _gain(self, pi: int, a: int, b: int) -> float:
        """How much the squared loads fall when one hour of ``pi`` moves from week a to week b."""
        return self._cohort_gain(pi, a, b) + self._teacher_gain(pi, a, b)

    def _cohort_gain(self, pi: int, a: int, b: int) -> float:
        fa, fb = self.factor[a], self.factor[b]
        cap = self.p.student_cap
        gain = 0.0
        for c in self.cohorts_of[pi]:
            loads = self.cohort[c]
            la = loads.get(a, 0)
            gain += COHORT * (fa * (2 * la - 1) - fb * (2 * loads.get(b, 0) + 1))
            if la > cap[a]:  # an hour off a week over the cap
                gain += OVER
        return gain

    def _teacher_gain(self, pi: int, a: int, b: int) -> float:
        gain = 0.0
        for t, g in self.single.get(pi, {}).items():
            loads = self.teacher[t]
            la = loads.get(a, 0)
            gain += TEACHER * g * (2 * (la - loads.get(b, 0)) - 2 * g)
            room = self.room.get(t)
            if room is not None and la > room[a]:
                gain += OVER * min(g, la - room[a])
        return gain

    def _allowed(self, pi: int, a: int, b: int, first_cm: dict[int, int | None]) -> bool:
        """Whether one hour of ``pi`` may move from week a to week b (every hard rule kept)."""
        p = self.p
        part = p.parts[pi]
        if self.h.get((pi, b), 0) + 1 > min(part.hours, p.week_max):
            return False
        bi = self.block_of[pi]
        block = self.block[bi]
        low = max(1, min(p.week_min, self.m.blocks[bi].hours))
        at_a, at_b = block.get(a, 0) - 1, block.get(b, 0) + 1
        if at_b > p.week_max or at_b < low or (0 < at_a < low):
            return False
        if (at_a == 0 or at_b == 1) and not self._loose and not self._keeps_run(bi, a, b):
            return False
        if any(self.cohort[c].get(b, 0) + 1 > p.student_cap[b] for c in self.cohorts_of[pi]):
            return False
        for t, g in self.single.get(pi, {}).items():
            room = self.room.get(t)
            if room is not None and self.teacher[t].get(b, 0) + g > room[b]:
                return False
        first = first_cm.get(bi)
        if part.activity == "CM":
            if a == first and self.h.get((pi, a), 0) == 1:  # the CM would start later
                later = min([k for (q, k) in self._cm_weeks(bi) if k != a] + [b])
                return not any(k < later for k in self._other_weeks(bi))
            return True
        return first is None or part.activity == "Projet" or b >= first

    def _allowed_loose(self, pi: int, a: int, b: int) -> bool:
        """As ``_allowed``, but a module may leave or gain a run (the polish counts runs)."""
        self._loose = True
        try:
            return self._allowed(pi, a, b, self.first_cm)
        finally:
            self._loose = False

    def _keeps_run(self, bi: int, a: int, b: int) -> bool:
        """Whether emptying week a (and filling b) keeps the module taught in one run."""
        weeks = self.m.block_weeks[bi]
        block = self.block[bi]
        emptied = block.get(a, 0) == 1
        taught = [k for k in weeks if (block.get(k, 0) > 0 and not (k == a and emptied)) or k == b]
        index = {k: i for i, k in enumerate(weeks)}
        return not taught or index[taught[-1]] - index[taught[0]] + 1 == len(taught)

    def _cm_weeks(self, bi: int):
        for q in self.m.blocks[bi].parts:
            if self.p.parts[q].activity == "CM":
                for k in self.p.allowed[q]:
                    if self.h.get((q, k)):
                        yield q, k

    def _other_weeks(self, bi: int):
        for q in self.m.blocks[bi].parts:
            if self.p.parts[q].activity not in ("CM", "Projet"):
                for k in self.p.allowed[q]:
                    if self.h.get((q, k)):
                        yield k

    # --- the search -------------------------------------------------------------------

    def run(self, sweeps: int = 50, polish: int = 0) -> dict[tuple[int, int], int]:
        """Improving moves and swaps, part by part, until none is left (or ``sweeps`` passes);
        then at most ``polish`` moves that lower the balance objective itself."""
        self.first_cm = {bi: self._cm_start(bi) for bi in range(len(self.block))}
        for _ in range(sweeps):
            moved = self._moves()
            moved = self._swaps() or moved
            moved = self._trades() or moved
            if not moved:
                break
        for _ in range(sweeps if not self._fits() else 0):  # still over a cap: a module may split
            self._loose = True
            moved = self._moves()
            self._loose = False
            if self._fits() or not moved:
                break
        if polish and self._fits():
            Polish(self).run(polish)
        return dict(self.h)

    def _trades(self) -> bool:
        """Two co-teachers of a group trade an hour between two weeks (the group's weeks stay)."""
        p, moved = self.p, False
        for lis in self.cotaught:
            for li in lis:
                for lj in lis:
                    if li == lj:
                        continue
                    ti, tj = p.lines[li].teacher, p.lines[lj].teacher
                    top_i, top_j = min(p.lines[li].hours, p.week_max), min(p.lines[lj].hours, p.week_max)
                    weeks_i, weeks_j = set(p.line_weeks[li]), set(p.line_weeks[lj])
                    for a in sorted(weeks_i & weeks_j):
                        for b in sorted(weeks_i & weeks_j):
                            if a == b or not self.x.get((li, a)) or not self.x.get((lj, b)):
                                continue
                            if self.x.get((li, b), 0) >= top_i or self.x.get((lj, a), 0) >= top_j:
                                continue
                            if (
                                self._trade_gain(ti, a, b) + self._trade_gain(tj, b, a) > 1e-9
                                and self._room(ti, b)
                                and self._room(tj, a)
                            ):
                                for line, c, d in ((li, a, b), (lj, b, a)):
                                    self.x[(line, c)] -= 1
                                    self.x[(line, d)] = self.x.get((line, d), 0) + 1
                                    t = p.lines[line].teacher
                                    if t is not None:
                                        self.teacher[t][c] -= 1
                                        self.teacher[t][d] = self.teacher[t].get(d, 0) + 1
                                moved = True
        return moved

    def _trade_gain(self, t: str | None, a: int, b: int) -> float:
        """How much teacher ``t``'s squared loads fall with one hour from week a to week b."""
        if t is None:
            return 0.0
        loads = self.teacher[t]
        la = loads.get(a, 0)
        gain = TEACHER * (2 * (la - loads.get(b, 0)) - 2)
        room = self.room.get(t)
        if room is not None and la > room[a]:
            gain += OVER
        return gain

    def _room(self, t: str | None, k: int) -> bool:
        if t is None:
            return True
        room = self.room.get(t)
        return room is None or self.teacher[t].get(k, 0) + 1 <= room[k]

    def _fits(self) -> bool:
        p = self.p
        if any(v > p.student_cap[k] for loads in self.cohort.values() for k, v in loads.items()):
            return False
        return not any(
            v > self.room[t][k]
            for t, loads in self.teacher.items()
            if t in self.room
            for k, v in loads.items()
        )

    def _cm_start(self, bi: int) -> int | None:
        return min((k for _, k in self._cm_weeks(bi)), default=None)

    def _apply(self, pi: int, a: int, b: int) -> None:
        self._move(pi, a, b)
        if self.p.parts[pi].activity == "CM":
            bi = self.block_of[pi]
            self.first_cm[bi] = self._cm_start(bi)

    def _moves(self) -> bool:
        """One hour to the week where it helps most, for every part and week."""
        p, moved = self.p, False
        for pi in self.movable:
            weeks = p.allowed[pi]
            for a in weeks:
                if not self.h.get((pi, a)):
                    continue
                best, target = 1e-9, None
                for b in weeks:
                    if b != a:
                        gain = self._gain(pi, a, b)
                        if gain > best and self._allowed(pi, a, b, self.first_cm):
                            best, target = gain, b
                if target is not None:
                    self._apply(pi, a, target)
                    moved = True
        return moved

    def _swaps(self) -> bool:
        """Two parts of the same students trade an hour between two weeks: the students' weeks
        stay as they are, their teachers' get more even."""
        p, moved = self.p, False
        peers: dict[tuple, list[int]] = {}
        for pi in self.movable:
            if pi in self.single:
                peers.setdefault(tuple(self.cohorts_of[pi]), []).append(pi)
        for group in peers.values():
            for pi in group:
                weeks = p.allowed[pi]
                for a in weeks:
                    for b in weeks:
                        if b == a or not self.h.get((pi, a)):
                            continue
                        gain = self._teacher_gain(pi, a, b)
                        if gain <= -1e-9 or not self._allowed(pi, a, b, self.first_cm):
                            continue
                        others = [
                            qi
                            for qi in group
                            if qi != pi
                            and self.h.get((qi, b))
                            and (qi, a) in self.m.h
                            and gain + self._teacher_gain(qi, b, a) > 1e-9
                        ]
                        if not others:
                            continue
                        gain += self._cohort_gain(pi, a, b)
                        self._apply(pi, a, b)
                        for qi in others:
                            if gain + self._gain(qi, b, a) > 1e-9 and self._allowed(qi, b, a, self.first_cm):
                                self._apply(qi, b, a)
                                moved = True
                                break
                        else:
                            self._apply(pi, b, a)
        return moved


class Polish:
    """Moves and swaps of single hours that lower the balance objective itself.

    Only moves that can lower it are tried: an hour off a week where one of
    the part's cohorts or teachers is at its fullest, onto a week where none of
    them would become fuller than their fullest. Each entity's term is cached
    and recomputed only when a move touches it.
    """

    def __init__(self, b: Balancer):
        self.b = b
        m, p = b.m, b.p
        self.cohort_weeks = {c: list(loads) for c, loads in m.student_load.items() if loads}
        self.teacher_weeks = {t: list(loads) for t, loads in m.teacher_load.items() if loads}
        self.days = {k: p.weeks[k].open_days for k in range(len(p.weeks))}
        self.peers: dict[tuple, list[int]] = {}
        for pi in b.movable:
            self.peers.setdefault(tuple(b.cohorts_of[pi]), []).append(pi)
        self.spread = {c: self._spread(c) for c in self.cohort_weeks}
        self.peak = {t: self._peak(t) for t in self.teacher_weeks}
        self.runs = {bi: self._runs(bi) for bi in range(len(b.block))}

    def _spread(self, c) -> tuple[int, int]:
        """A cohort's fullest and emptiest week, per open day, as the model counts them."""
        loads, days = self.b.cohort[c], self.days
        weeks = self.cohort_weeks[c]
        return (
            max(-(-5 * loads.get(k, 0) // days[k]) for k in weeks),
            min(5 * loads.get(k, 0) // days[k] for k in weeks),
        )

    def _peak(self, t) -> int:
        loads = self.b.teacher.get(t, {})
        return max(loads.get(k, 0) for k in self.teacher_weeks[t])

    def _runs(self, bi: int) -> int:
        block, weeks = self.b.block[bi], self.b.m.block_weeks[bi]
        taught = [block.get(k, 0) > 0 for k in weeks]
        return sum(1 for i, t in enumerate(taught) if t and (i == 0 or not taught[i - 1]))

    def _touched(self, parts):
        b = self.b
        cohorts = {c for pi in parts for c in b.cohorts_of[pi] if c in self.spread}
        teachers = {t for pi in parts for t in b.single.get(pi, {}) if t in self.peak}
        return cohorts, teachers, {b.block_of[pi] for pi in parts}

    def _cost(self, touched, fresh: bool) -> tuple[int, dict, dict, dict]:
        cohorts, teachers, blocks = touched
        spread = {c: self._spread(c) if fresh else self.spread[c] for c in cohorts}
        peak = {t: self._peak(t) if fresh else self.peak[t] for t in teachers}
        runs = {bi: self._runs(bi) if fresh else self.runs[bi] for bi in blocks}
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
            if qi == pi or not b.h.get((qi, k)) or (qi, a) not in b.m.h or not b._allowed_loose(qi, k, a):
                continue
            both = self._touched([pi, qi])
            before = self._cost(both, False)[0]
            b._apply(qi, k, a)
            after = self._cost(both, True)
            if after[0] < before:
                self._keep(after)
                return True
            b._apply(qi, a, k)
        b._apply(pi, k, a)
        return False
