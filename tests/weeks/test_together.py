"""Teachers who fit their weekly caps alone but not together: groups of one part share its weeks."""

from types import SimpleNamespace

from planner.weeks.alone import least_over, least_together, sets_over, sharing


def _view(room_b=(4, 4, 0, 0)):
    """Four weeks, at most 2 h of a part a week. P0 (4 h, weeks 0–3): ana one group, ben two;
    P1 (4 h, weeks 0–2): ana one group. Ana 2 h a week; ben ``room_b``; cleo, of P2 alone."""
    parts = [SimpleNamespace(hours=4), SimpleNamespace(hours=4), SimpleNamespace(hours=2)]
    p = SimpleNamespace(parts=parts, allowed=[[0, 1, 2, 3], [0, 1, 2], [0, 1]], week_max=2, lines=[])
    single = {0: {"ana": 1, "ben": 2}, 1: {"ana": 1}, 2: {"cleo": 1}}
    room = {"ana": [2, 2, 2, 2], "ben": list(room_b), "cleo": [1, 1, 0, 0]}
    return SimpleNamespace(p=p, single=single, cotaught=[], room=room, parity="odd", label="S1")


def test_teachers_who_fit_alone_can_be_proven_over_together():
    view = _view()
    assert least_over(view, "ana") == 0  # P0 one hour a week, P1 2+1+1: 2 h every week
    assert least_over(view, "ben") == 0  # P0 in weeks 0 and 1: 4 h each
    # ben's room puts P0 in weeks 0–1 (2 h each), which fills ana's; P1 then has week 2 alone: 2 of 4 h
    assert least_together(view, ["ana", "ben"]) == 2
    assert sharing(view, ["ana"]) == [["ana", "ben"]]  # cleo shares no part with them
    assert sharing(view, ["cleo"]) == []  # alone: teachers_over's to check
    assert sets_over(view, ["ben", "cleo"]) == {("ana", "ben"): 2}


def test_teachers_who_fit_together_are_not_named():
    view = _view(room_b=(4, 4, 4, 4))  # P0 in weeks 2–3 leaves ana weeks 0–1 for P1
    assert least_together(view, ["ana", "ben"]) == 0
    assert sets_over(view, ["ana"]) == {}


def test_the_last_try_names_teachers_over_together_without_searching(tmp_path, monkeypatch):
    from iut_fixtures import crowded_inputs

    from planner.assign.solve import solve
    from planner.data.inputs import load_inputs
    from planner.options import SolveOptions
    from planner.weeks import search
    from planner.weeks.problem import build_week_problem

    inputs = load_inputs(crowded_inputs(tmp_path / "d"))
    problem = build_week_problem(inputs, solve(inputs, [1], SolveOptions.of(inputs)))

    class Model:  # the whole-model fit: never reached on the last try
        def __init__(self, view, stop):
            raise AssertionError("searched")

    asked = []

    def together(view, teachers, seed):
        asked.append(teachers)
        return {("alice", "bob"): 3}

    monkeypatch.setattr(search, "WeekModel", Model)
    monkeypatch.setattr(search, "fits", lambda *a: False)  # the local search leaves hours over
    monkeypatch.setattr(search, "teacher_overflow", lambda *a: {("alice", "odd"): 4, ("carl", "odd"): 1})
    monkeypatch.setattr(search, "teachers_over", lambda *a: {})  # each one fits alone
    monkeypatch.setattr(search, "sets_over", together)
    answer = search.lay_out_parity(problem, "odd", time_limit=2.0, quick=False)
    assert asked == [["alice", "carl"]]  # the teachers the local search leaves over
    assert answer.status == "does not fit"
    assert (answer.stages[0].value, answer.stages[0].bound) == (5, 3)
    (misfit,) = answer.misfits
    assert misfit.subject == "teachers alice, bob" and "together force at least 3 h over" in misfit.message
    assert answer.overflow == {("alice", "odd"): 4}  # carl is in no set proven over
