"""A quick week layout to start the solver from (pure Python, deterministic).

1. Spread: every module is spread as evenly as whole hours allow over one run
   of its weeks, all its parts together (the CM front-loaded, so it starts
   first). The run is as long as the module's weeks and its largest part
   allow; its position, and the phase of the odd hours of its TD and TP, are
   chosen, larger modules first, where the loads are lowest.
2. Shares: hours of a group split between teachers go to the first teacher
   with hours left and available that week.

``planner.weeks.balance`` then takes hours off the weeks over a cap and evens
the loads out, one hour at a time.
"""

from __future__ import annotations

from planner.weeks.view import ParityView


def even(hours: int, n: int) -> list[int]:
    """``hours`` in ``n`` whole parts as equal as possible, never behind the even pace (front-loaded)."""
    return [(hours * (k + 1) + n - 1) // n - (hours * k + n - 1) // n for k in range(n)]


def spaced(hours: int, n: int, shift: int = 0) -> list[int]:
    """``hours`` in ``n`` whole parts as equal as possible, the larger ones spaced out (``shift``: where)."""
    return [(hours * (k + 1 + shift)) // n - (hours * (k + shift)) // n for k in range(n)]


class Start:
    """The greedy layout being built: hours per part and week, and the loads they make."""

    def __init__(self, view: ParityView):
        self.m = view
        self.p = view.p
        self.cohorts_of = view.cohorts_of
        self.single = view.single  # part -> teacher -> groups taught alone
        self.shared = view.shared  # part -> groups split between teachers (line lists)
        self.block_of = view.block_of
        self.h: dict[tuple[int, int], int] = {}
        self.x: dict[tuple[int, int], int] = {}
        self.cohort: dict[tuple, dict[int, int]] = {c: {} for c in view.cohorts}
        self.teacher: dict[str, dict[int, int]] = {}

    # --- loads ---------------------------------------------------------------------

    def _add(self, pi: int, k: int, h: int) -> None:
        self.h[(pi, k)] = self.h.get((pi, k), 0) + h
        for c in self.cohorts_of[pi]:
            self.cohort[c][k] = self.cohort[c].get(k, 0) + h
        for t, groups in self.single.get(pi, {}).items():
            self.teacher.setdefault(t, {})[k] = self.teacher.get(t, {}).get(k, 0) + groups * h

    def _teacher_room(self, t: str, k: int) -> float:
        cap = self.p.teacher_cap.get(t)
        if cap is None:
            return float("inf")
        return cap[k] - self.p.background.get(t, {}).get(k, 0) - self.teacher.get(t, {}).get(k, 0)

    def _cohort_room(self, c, k: int) -> int:
        return self.p.student_cap[k] - self.cohort[c].get(k, 0)

    # --- 1. spread -------------------------------------------------------------------

    def spread(self) -> None:
        m, p = self.m, self.p
        for bi in sorted(range(len(m.blocks)), key=lambda bi: (-m.blocks[bi].hours, bi)):
            b, weeks = m.blocks[bi], m.block_weeks[bi]
            if not weeks:
                continue
            sizes = [p.parts[pi].hours for pi in b.parts]
            n = min(len(weeks), max(sizes))
            while n > 1 and sum(h // n for h in sizes) < min(p.week_min, b.hours):
                n -= 1
            cohorts = sorted({c for pi in b.parts for c in self.cohorts_of[pi]})
            best = None
            for phase in range(n if n < len(weeks) or n > 1 else 1):
                share = self._shares(b.parts, n, phase)
                for s0 in range(len(weeks) - n + 1):
                    score = self._score(b.parts, share, weeks[s0 : s0 + n], cohorts)
                    if best is None or score < best[0]:
                        best = (score, s0, share)
            assert best is not None, "a block has at least one start"
            _, s0, share = best
            for j, k in enumerate(weeks[s0 : s0 + n]):
                for pi in b.parts:
                    if share[pi][j] and (pi, k) in m.slots:
                        self._add(pi, k, share[pi][j])
        # hours that landed on weeks a part may not use (teacher unavailable): put them back
        for pi in m.parts:
            missing = p.parts[pi].hours - sum(self.h.get((pi, k), 0) for k in p.allowed[pi])
            for k in sorted(p.allowed[pi], key=lambda k: (self.h.get((pi, k), 0), k)):
                if missing <= 0:
                    break
                room = min(p.week_max - self._module_hours(pi, k), missing)
                if room > 0:
                    self._add(pi, k, room)
                    missing -= room

    def _shares(self, parts, n: int, phase: int) -> dict[int, list[int]]:
        """Each part over ``n`` weeks: the CM front-loaded, the others evenly with a phase."""
        out = {}
        others = [pi for pi in parts if self.p.parts[pi].activity != "CM"]
        for pi in parts:
            hours = self.p.parts[pi].hours
            if pi not in others:
                out[pi] = even(hours, n)
            else:
                shift = phase + others.index(pi) * n // max(1, len(others))
                out[pi] = spaced(hours, n, shift)
        return out

    def _score(self, parts, share, run, cohorts) -> float:
        score = 0.0
        for j, k in enumerate(run):
            add = sum(share[pi][j] for pi in parts)
            for c in cohorts:
                over = add - self._cohort_room(c, k)
                score += 4 * (self.cohort[c].get(k, 0) + add) ** 2 + 1000 * max(0, over)
            extra: dict[str, int] = {}
            for pi in parts:
                for t, groups in self.single.get(pi, {}).items():
                    extra[t] = extra.get(t, 0) + groups * share[pi][j]
            for t, e in extra.items():
                room = self._teacher_room(t, k)
                score += (self.teacher.get(t, {}).get(k, 0) + e) ** 2
                score += 1000 * max(0, e - room) if room != float("inf") else 0
        return score

    def _module_hours(self, pi: int, k: int) -> int:
        return sum(self.h.get((q, k), 0) for q in self.m.blocks[self.block_of[pi]].parts)

    # --- 2. shares ---------------------------------------------------------------------

    def shares(self) -> None:
        p = self.p
        for pi, groups in self.shared.items():
            for lis in groups:
                left = {li: p.lines[li].hours for li in lis}
                for k in p.allowed[pi]:
                    need = self.h.get((pi, k), 0)
                    for li in lis:
                        if need and left[li] and k in set(p.line_weeks[li]):
                            take = min(need, left[li])
                            self.x[(li, k)] = take
                            left[li] -= take
                            need -= take
                            t = p.lines[li].teacher
                            if t is not None:
                                self.teacher.setdefault(t, {})[k] = self.teacher.get(t, {}).get(k, 0) + take


def greedy_start(view: ParityView) -> tuple[dict[tuple[int, int], int], dict[tuple[int, int], int]]:
    """A quick layout of one semester parity to start the solver from.

    Parameters
    ----------
    view
        The semester parity (its parts, modules, cohorts and slots).

    Returns
    -------
    tuple of dict
        Hours per (part, week index), and per (co-taught line, week index).
    """
    start = Start(view)
    start.spread()
    start.shares()
    return start.h, start.x
