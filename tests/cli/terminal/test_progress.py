"""A solve's live progress: one step per solver stage and per semester laid out, shown live or as lines."""

from __future__ import annotations

import io
import math

import pytest
from calendars import STAGE, department
from rich.console import Console

from planner.cli.terminal.progress import SolveProgress, next_step, step_line
from planner.data.inputs import load_inputs
from planner.options import SolveOptions
from planner.pipeline import plan
from planner.progress import ASSIGNMENT, WEEKS, Step
from planner.stages import Stage


@pytest.fixture(scope="module")
def steps(tmp_path_factory):
    inputs = load_inputs(department(tmp_path_factory.mktemp("progress"), periods=STAGE))
    seen: list[Step] = []
    options = SolveOptions.of(inputs, time_limit=2, weeks_time_limit=1)
    solved = plan(inputs, [1], options, progress=seen.append)
    result, weeks = solved.result, solved.weeks
    quiet = plan(inputs, [1], options)
    return seen, result, weeks, (quiet.result, quiet.weeks)


def test_one_step_per_stage_then_one_per_semester(steps):
    seen, result, weeks, _ = steps
    assert weeks.fits and weeks.rounds == 1
    assignment = [s for s in seen if s.phase == ASSIGNMENT]
    assert [s.stage for s in assignment] == result.stages  # each stage as it finished, in order
    layout = [s for s in seen if s.phase == WEEKS]
    assert [s.stage.name for s in layout] == ["balance S1", "balance S2"]  # odd weeks, then even
    assert [s.stage for s in layout] == [weeks.stages[1], weeks.stages[3]]  # the last stage of each
    assert seen == assignment + layout and all(s.attempt == 1 for s in seen)
    for phase in (assignment, layout):
        elapsed = [s.elapsed for s in phase]
        assert elapsed == sorted(elapsed) and all(e >= s.stage.seconds * 0.99 for e, s in zip(elapsed, phase))


def test_progress_changes_nothing_in_the_plan(steps):
    _, result, weeks, (quiet_result, quiet_weeks) = steps
    assert [(a.teacher, a.task.key, a.units) for a in result.solution.assignments] == [
        (a.teacher, a.task.key, a.units) for a in quiet_result.solution.assignments
    ]
    assert weeks.placements == quiet_weeks.placements


def test_piped_output_is_plain_lines(steps):
    seen = steps[0]
    out = io.StringIO()
    console = Console(file=out, force_terminal=False, width=100)
    with SolveProgress(console, "Solving year 1") as progress:
        for step in seen:
            progress(step)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Solving year 1" and lines[1:] == [step_line(s) for s in seen]
    assert "\x1b" not in out.getvalue()  # no control codes
    assert lines[1].startswith("assignment uncovered: value 0, bound 0, gap 0.0%, optimal")


def test_a_terminal_gets_a_live_table_that_stays(steps):
    seen = steps[0]
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120, color_system=None)
    with SolveProgress(console, "Solving year 1") as progress:
        for step in seen:
            progress(step)
    text = out.getvalue()
    last = text[text.rindex("Solving year 1") :]  # the final render
    for step in seen:
        assert step.stage.name in last
    assert "so far" not in last  # the spinner line is gone once the solve ends


def test_the_running_line_names_what_runs():
    def done(phase, name):
        return Step(phase, Stage(name, 0.0, 0.0, "optimal", 0.1), 1.0)

    assert next_step([]) == "assignment: start plan, then stage uncovered"
    assert next_step([done(ASSIGNMENT, "cost")]) == "assignment: stage sous_service"
    assert next_step([done(ASSIGNMENT, "wishes")]) == "weeks: laying out the semesters"
    unsolved = Step(ASSIGNMENT, Stage("cost", math.nan, math.nan, "not solved", 0.1), 1.0, attempt=2)
    expected = "assignment (try 2) cost: value —, bound —, gap —, not solved, 0.1 s (at 1.0 s)"
    assert step_line(unsolved) == expected


def test_solve_prints_its_progress_as_lines_when_piped(cli, tmp_path):
    inputs = department(tmp_path, periods=STAGE)
    run = cli("solve", "--year", "1", "--inputs", inputs, "--out", tmp_path / "out")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0].startswith("Solving year 1: assignment time limit 2 s, week layout 2 s")
    assert lines[1].startswith("assignment uncovered: value 0")
    assert any(line.startswith("weeks balance S2: value") for line in lines)
    assert "\x1b" not in run.out
    quiet = cli("solve", "--year", "1", "--inputs", inputs, "--out", tmp_path / "out", "--quiet")
    assert quiet.code == 0 and not quiet.out.startswith("Solving") and "assignment uncovered" not in quiet.out
