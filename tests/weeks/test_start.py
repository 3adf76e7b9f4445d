"""The greedy week layout the solver starts from (pure Python), on TINY's year 1 (tests/calendars.py)."""

from __future__ import annotations

import pytest
from calendars import SETTINGS, STAGE, department

from planner.assign.solve import solve
from planner.data.inputs import load_inputs
from planner.options import SolveOptions
from planner.weeks.problem import build_week_problem
from planner.weeks.start import even, greedy_start, spaced
from planner.weeks.view import ParityView, parity_view


@pytest.mark.parametrize("hours", range(0, 30))
@pytest.mark.parametrize("n", [1, 2, 3, 5, 7])
def test_even_and_spaced_split_hours_whole_and_fair(hours, n):
    for parts in (even(hours, n), spaced(hours, n), spaced(hours, n, shift=2)):
        assert len(parts) == n and sum(parts) == hours
        assert max(parts) - min(parts) <= 1
    # even() is never behind the even pace (a CM front-loaded), spaced() never ahead of it
    ahead = [sum(even(hours, n)[: j + 1]) for j in range(n)]
    behind = [sum(spaced(hours, n)[: j + 1]) for j in range(n)]
    assert ahead == [-(-hours * (j + 1) // n) for j in range(n)]
    assert behind == [hours * (j + 1) // n for j in range(n)]


def test_the_odd_hours_are_spread_out_and_shifted():
    assert even(10, 4) == [3, 2, 3, 2]
    assert spaced(10, 4) == [2, 3, 2, 3]
    assert spaced(10, 4, shift=1) == [3, 2, 3, 2]
    assert spaced(5, 7) == [0, 1, 1, 0, 1, 1, 1] and spaced(5, 7, shift=2) == [1, 0, 1, 1, 1, 0, 1]


def model(tmp_path, student_week_hours: int, parity: str = "odd", **tables) -> ParityView:
    settings = SETTINGS + f"student_week_hours,{student_week_hours}\n"
    inputs = load_inputs(department(tmp_path, periods=STAGE, settings=settings, **tables))
    return parity_view(
        build_week_problem(inputs, solve(inputs, [1], SolveOptions.of(inputs, time_limit=2))), parity
    )


def student_load(m: ParityView, hours: dict[tuple[int, int], int]) -> dict[int, int]:
    load: dict[int, int] = {}
    for (pi, k), h in hours.items():
        if pi in m.cohorts[(1, "commun")]:
            load[k] = load.get(k, 0) + h
    return load


@pytest.mark.parametrize("cap", [32, 5])
def test_every_hour_placed_in_allowed_weeks_within_the_caps(tmp_path, cap):
    m = model(tmp_path, cap)
    p = m.p
    hours, shares = greedy_start(m)
    assert shares == {}  # no group split between teachers in TINY
    for pi in m.parts:
        placed = {k: h for (q, k), h in hours.items() if q == pi and h}
        assert sum(placed.values()) == p.parts[pi].hours
        assert set(placed) <= set(p.allowed[pi])
    load = student_load(m, hours)
    assert all(h <= p.student_cap[k] for k, h in load.items())
    for b in m.blocks:  # module_week_max, all activities of a module together
        per_week: dict[int, int] = {}
        for (pi, k), h in hours.items():
            if pi in b.parts:
                per_week[k] = per_week.get(k, 0) + h
        assert max(per_week.values()) <= p.week_max
    first = {
        p.parts[pi].activity: min(k for (q, k), h in hours.items() if q == pi and h)
        for pi in m.parts
        if p.parts[pi].code == "R1.03"
    }
    assert first["CM"] <= min(first["TD"], first["TP"])


def test_impossible_caps_still_place_every_hour(tmp_path):
    # a 3 h cap cannot hold S1's 48 h (32 h of room): the start breaks the cap, the solver measures it
    m = model(tmp_path, 3)
    hours, _ = greedy_start(m)
    assert sum(student_load(m, hours).values()) == 48
    assert any(h > m.p.student_cap[k] for k, h in student_load(m, hours).items())


def test_a_short_semester_is_spread_over_its_weeks(tmp_path):
    # S2: SAE 2.01, 12 h of TD per group, 10 IUT weeks before the stage
    m = model(tmp_path, 32, parity="even")
    hours, _ = greedy_start(m)
    weeks = sorted(k for (_, k), h in hours.items() if h)
    assert weeks == list(range(12, 22))  # one run over every IUT week before the stage
    assert sorted(hours.values()) == [1] * 8 + [2] * 2  # 12 h as evenly as whole hours allow
