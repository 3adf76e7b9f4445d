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

from planner.weeks.view import ParityView

COHORT, TEACHER = 10, 3  # weights of the balance stage (spread, peaks)
OVER = 10**6  # an hour taken off a week over a cap outweighs any evening out


class Balancer:
    """The hours of the parts taught by one teacher per group, moved while loads get more even."""

    def __init__(
        self, view: ParityView, hours: dict[tuple[int, int], int], shares: dict[tuple[int, int], int]
    ):
        self.m = view
        p = self.p = view.p
        self.h = {key: v for key, v in hours.items() if v}
        self._loose = False
        self.cohorts_of = view.cohorts_of
        self.single = view.single
        self.block_of = view.block_of
        self.movable = [pi for pi in view.parts if pi not in view.shared and p.parts[pi].hours > 0]
        self.factor = {k: 5 / w.open_days for k, w in enumerate(p.weeks) if w.open_days}
        self.days = {k: w.open_days for k, w in enumerate(p.weeks)}
        self.room = view.room  # a teacher's weekly cap, less the other years' hours
        self.cohort: dict[tuple, dict[int, int]] = {c: {} for c in view.cohorts}
        self.teacher: dict[str, dict[int, int]] = {}
        self.block: list[dict[int, int]] = [{} for _ in view.blocks]
        for (pi, k), v in self.h.items():
            self._load(pi, k, v)
        self.x = dict(shares)  # co-taught shares: their part's hours stay, co-teachers may trade weeks
        self.cotaught = view.cotaught
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

    # --- the balance terms, as the model counts them ----------------------------------

    def spread(self, c) -> tuple[int, int]:
        """A cohort's fullest and emptiest week, per open day (rounded up, and down)."""
        loads, days = self.cohort[c], self.days
        weeks = self.m.cohort_weeks[c]
        return (
            max(-(-5 * loads.get(k, 0) // days[k]) for k in weeks),
            min(5 * loads.get(k, 0) // days[k] for k in weeks),
        )

    def peak(self, t) -> int:
        """A teacher's busiest week."""
        loads = self.teacher.get(t, {})
        return max((loads.get(k, 0) for k in self.m.teacher_weeks.get(t, ())), default=0)

    def runs(self, bi: int) -> int:
        """A module's runs: 1 when taught in consecutive weeks."""
        block = self.block[bi]
        taught = [block.get(k, 0) > 0 for k in self.m.block_weeks[bi]]
        return sum(1 for i, t in enumerate(taught) if t and (i == 0 or not taught[i - 1]))

    def shift(self, pi: int, k: int, delta: int) -> None:
        """``delta`` more hours of part ``pi`` in week k (fewer when negative), and their loads."""
        self.h[(pi, k)] = self.h.get((pi, k), 0) + delta
        if not self.h[(pi, k)]:
            del self.h[(pi, k)]
        self._load(pi, k, delta)

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

    def run(self, sweeps: int = 50) -> dict[tuple[int, int], int]:
        """Improving moves and swaps, part by part, until none is left (or ``sweeps`` passes)."""
        self.first_cm = {bi: self._cm_start(bi) for bi in range(len(self.block))}
        for _ in range(sweeps):
            moved = self._moves()
            moved = self._swaps() or moved
            moved = self._trades() or moved
            if not moved:
                break
        for _ in range(sweeps if not self.fits() else 0):  # still over a cap: a module may split
            self._loose = True
            moved = self._moves()
            self._loose = False
            if self.fits() or not moved:
                break
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

    def fits(self) -> bool:
        """Nothing over a student's or a teacher's weekly cap."""
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
                            and (qi, a) in self.m.slots
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
