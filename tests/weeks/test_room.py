"""Weekly rooms and crowded parts: what a broken weekly cap changes in the next try."""

from types import SimpleNamespace

from iut_fixtures import crowded_inputs

from planner.options import SolveOptions
from planner.weeks.room import crowded_parts, part_caps


def _plan(overflow):
    """A layout where 'ana' has 5 TP groups of a 10-hour S3 part and 1 group of an 8-hour S3 part."""
    parts = [
        SimpleNamespace(semester=3, hours=10, key="2|S3|QMI|R3.01|TP"),
        SimpleNamespace(semester=3, hours=8, key="2|S3|QMI|R3.02|TD"),
    ]
    lines = [SimpleNamespace(teacher="ana", part=0, group=f"TP{g}") for g in range(1, 6)]
    lines.append(SimpleNamespace(teacher="ana", part=1, group="TD1"))
    lines.append(SimpleNamespace(teacher="bob", part=1, group="TD2"))
    return SimpleNamespace(problem=SimpleNamespace(parts=parts, lines=lines), overflow=overflow)


def test_the_most_crowded_part_is_halved_rounded_up():
    caps: dict = {}
    crowded_parts(_plan({("ana", "odd"): 4}), caps)
    assert caps == {("ana", "2|S3|QMI|R3.01|TP"): 30}  # 3 of 5 groups × 10 h
    (cap,) = part_caps(caps)
    assert (cap.teacher, cap.hours, cap.parts) == ("ana", 30, frozenset({"2|S3|QMI|R3.01|TP"}))


def test_a_room_not_cut_before_is_cut_first():
    caps: dict = {}
    crowded_parts(_plan({("ana", "odd"): 4}), caps, cut=set())
    assert caps == {}
    crowded_parts(_plan({("ana", "odd"): 4}), caps, cut={("ana", "odd")})
    assert caps == {("ana", "2|S3|QMI|R3.01|TP"): 30}


def test_other_parity_and_single_groups_are_left_alone():
    caps: dict = {}
    crowded_parts(_plan({("ana", "even"): 2, ("bob", "odd"): 1}), caps)
    assert caps == {}  # ana teaches nothing in even weeks; bob has a single group


def test_after_the_last_try_the_hours_over_a_weekly_cap_are_uncovered_and_the_weeks_fit(tmp_path):
    from planner.data.inputs import load_inputs
    from planner.pipeline import plan

    inputs = load_inputs(crowded_inputs(tmp_path / "d"))
    solved = plan(inputs, [1], SolveOptions.of(inputs, rounds=1))  # one try, then the last resort
    first, failed = solved.result, solved.weeks
    assert failed.rounds == 2 and failed.fits
    given = {}
    for a in first.solution.assignments:
        given[a.teacher] = given.get(a.teacher, 0) + a.hours
    # all her groups share the module's weeks (1 h a week at best): at most 5 groups, 10 h
    assert given["alice"] <= 10
    uncovered = sum(s.units * s.task.unit_hours for s in first.solution.shortages)
    assert given["alice"] + given.get("bob", 0) + uncovered == 12  # nothing lost: 6 groups × 2 h
    assert uncovered > 0
    for s in first.solution.shortages:  # the reason names both: alice's cap, bob held
        assert (
            "alice at most" in s.reason
            and "over the weekly cap" in s.reason
            and "bob held at 0 h" in s.reason
        )


def test_a_quick_try_names_the_teacher_over_a_cap_without_the_whole_model_fit(tmp_path):
    from planner.data.inputs import load_inputs
    from planner.pipeline import plan
    from planner.weeks.layout import lay_out

    inputs = load_inputs(crowded_inputs(tmp_path / "d"))
    result = plan(inputs, [1], SolveOptions.of(inputs, weeks=False)).result  # alice: all 6 groups of R1.01
    quick = lay_out(inputs, result, quick=True)
    full = lay_out(inputs, result)
    assert not quick.fits and not full.fits
    assert quick.overflow.get(("alice", "odd"), 0) > 0 and full.overflow.get(("alice", "odd"), 0) > 0
    fit = [s for s in quick.stages if s.name.startswith("fit")]
    assert fit and all(s.engine == "greedy" for s in fit)  # the local search's word, no CP-SAT search
    assert any(s.engine == "CP-SAT" for s in full.stages if s.name.startswith("fit"))
