"""A shared teacher's weeks held back for the departments laid out after the one laid out now."""

from __future__ import annotations

from planner.weeks.reserve import HALF, later_load


def test_later_department_keeps_the_only_weeks_its_groups_can_use():
    # room 2 h a week; now: 4 h anywhere in weeks 0-3; later: 4 h in weeks 0-1 only (its rhythm)
    room = {k: 2 * HALF for k in range(4)}
    now = [((0, 1, 2, 3), 4, HALF, 2)]
    later = [((0, 1), 4, HALF, 2)]
    assert later_load(room, now, later) == {0: 2 * HALF, 1: 2 * HALF}


def test_groups_of_a_part_count_in_every_week_it_uses_and_sessions_in_half_hours():
    # later: 3 groups of a part of 2 sessions of 1.5 h (3 half hours), in weeks 0-3, one a week;
    # now: 12 h anywhere in weeks 0-3, at most 6 h a week; room 9 h a week
    room = {k: 9 * HALF for k in range(4)}
    now = [((0, 1, 2, 3), 12, HALF, 6)]
    later = [((0, 1, 2, 3), 2, 3 * 3, 1)]
    load = later_load(room, now, later)
    assert sum(load.values()) == 2 * 3 * 3  # 2 sessions × 3 groups × 1.5 h, in half hours
    assert set(load.values()) == {9}  # all groups together: 4.5 h in each of two weeks
    # what is left holds now's 12 h: two weeks of 4.5 h and two of 9 h, at most 6 a week
    left = {k: room[k] - load.get(k, 0) for k in room}
    assert sum(min(6 * HALF, v) for v in left.values()) >= 12 * HALF


def test_the_busiest_week_is_kept_light_when_the_groups_fit():
    room = {k: 10 * HALF for k in range(4)}
    later = [((0, 1, 2, 3), 8, HALF, 8)]  # 8 h anywhere: 2 h a week keeps every week's room
    assert later_load(room, [], later) == {k: 2 * HALF for k in range(4)}


def test_groups_that_cannot_fit_are_still_laid_out_whole():
    room = {0: 2 * HALF, 1: 2 * HALF}
    later = [((0, 1), 6, HALF, 3)]  # 6 h in two weeks of 2 h: 2 h over, still all 6 h placed
    load = later_load(room, [], later)
    assert sum(load.values()) == 6 * HALF and max(load.values()) <= 3 * HALF
