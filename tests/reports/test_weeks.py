"""The week layout shown: the plan.xlsx grid and the heatmap, from hand-made rows of weeks.csv.

The department is TINY's year 1 over 28 weeks (tests/calendars.py): S1 is
weeks 0-11 (week 7 closed), S2 weeks 12-25 with the stage in 22-25.
"""

from __future__ import annotations

import io

import pytest
from calendars import STAGE, department, sample_rows, week
from matplotlib.image import imread

from planner.data.inputs import load_inputs
from planner.reports.weeks import group_loads, heatmap_png, load_grid
from planner.weeks.rows import WeekRow, cohort_loads, peaks, teacher_loads


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return load_inputs(department(tmp_path_factory.mktemp("weeks"), periods=STAGE))


ROWS = sample_rows()


def test_loads_count_a_student_once_per_part_and_a_teacher_per_group():
    student = cohort_loads(ROWS, [(1, "commun")])[(1, "commun")]
    assert student == {week(0): 5, week(1): 4, week(12): 6}  # CM 2 + one TD group 3
    assert teacher_loads(ROWS) == {"alice": {week(1): 4, week(12): 6}, "bob": {week(0): 8}}
    assert peaks(ROWS, [(1, "commun")]) == {
        "student": (6, f"year 1 commun, {week(12)}"),
        "teacher": (8, f"bob, {week(0)}"),
    }


def test_groups_are_listed_cm_td_tp_in_number_order():
    rows = ROWS + [
        WeekRow(1, 1, "commun", "TP10", "R1.03", "TP", "bob", week(2), 2),
        WeekRow(1, 1, "commun", "TP2", "R1.03", "TP", "bob", week(2), 2),
    ]
    loads = group_loads(rows, 1, "commun")
    assert list(loads) == ["CM", "TD1", "TD2", "TP2", "TP10"]
    assert loads["TD1"] == {week(0): 3, week(1): 4, week(12): 6}


def test_the_grid_has_a_student_row_and_a_row_per_teacher(inputs):
    header, rows = load_grid(ROWS, inputs)
    weeks = [f"S{week(k)[-2:]}" for k in range(26)]  # S36…: weeks 26-27 have no semester
    assert header == ["Qui", *weeks, "Total"]
    student, alice, bob = rows
    assert student[0] == "BUT 1 commun (étudiant)" and student[-1] == 15
    assert student[1:4] == [5, 4, ""] and student[13] == 6
    assert student[8] == "V"  # week 7 closed
    assert student[23:27] == ["S"] * 4  # the stage
    assert alice[0] == "alice" and alice[-1] == 10 and alice[2] == 4 and alice[8] == "V"
    assert bob[0] == "bob" and bob[1] == 8 and bob[-1] == 8
    assert sum(c for c in bob[1:-1] if isinstance(c, int)) == bob[-1]


def test_heatmap_is_a_png_of_one_row_per_cohort_and_teacher(inputs):
    image = imread(io.BytesIO(heatmap_png(ROWS, inputs)), format="png")
    # 14 in wide at 100 dpi; 2.5 in + 0.28 in per row (1 cohort, 2 teachers)
    assert image.shape[:2] == (334, 1400)
    assert image[..., :3].std() > 0.1  # drawn, not blank


def test_heatmap_without_a_layout_says_why(inputs):
    picture = heatmap_png([], inputs, ["year 1 commun, S1: 48 h of classes to place but only 4 weeks"])
    image = imread(io.BytesIO(picture), format="png")
    assert image.shape[:2] == (306, 1400)  # no rows: the text alone
    assert image[..., :3].min() < 0.5  # the reason is written in black on white
