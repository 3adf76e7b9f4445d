"""The weekly shape the assignment states, and what a retry changes when a layout still breaks a cap."""

from types import SimpleNamespace

from iut_fixtures import crowded_inputs

from planner.options import SolveOptions
from planner.weeks.retry import crowded_parts, part_caps
from planner.weeks.room import most_groups, weekly_shape


def _plan(overflow):
    """A layout where 'ana' has 5 TP groups of a 10-hour S3 part and 1 group of an 8-hour S3 part."""
    parts = [
        SimpleNamespace(semester=3, hours=10, exact=10, key="2|S3|QMI|R3.01|TP"),
        SimpleNamespace(semester=3, hours=8, exact=8, key="2|S3|QMI|R3.02|TD"),
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


def test_other_parity_and_single_groups_are_left_alone():
    caps: dict = {}
    crowded_parts(_plan({("ana", "even"): 2, ("bob", "odd"): 1}), caps)
    assert caps == {}  # ana teaches nothing in even weeks; bob has a single group


def test_the_most_groups_a_weekly_room_holds():
    # 21 h over 15 weeks of 11 h: six groups get 1 h a week at most (15 h < 21), five get 2 h
    assert most_groups((11,) * 15, 21, 8, 6) == 5
    assert most_groups((11,) * 15, 21, 8, 3) == 3  # nothing to take off
    assert most_groups((5, 5), 2, 2, 6) == 5  # one hour a week each: five groups in 5 h
    assert most_groups((0, 0), 2, 2, 3) == 0  # no room at all


def test_the_weekly_shape_of_a_crowded_part(tmp_path):
    from planner.data.inputs import load_inputs
    from planner.demand import build_demand

    inputs = load_inputs(crowded_inputs(tmp_path / "d"))
    parts = build_demand(inputs, [1]).parts
    weekly = weekly_shape(inputs, [1], parts)
    (shape,) = [s for s in weekly.shapes if s.teacher == "alice"]
    assert (shape.groups, shape.weekly) == (5, 5)  # her 5 h a week hold five groups of 1 h
    (room,) = [r for r in weekly.rooms if r.teacher == "alice" and r.label == "S1"]
    assert room.must == ((parts[0].key, 2),) and room.hours <= room.room  # the share, the whole room


def test_the_first_try_fits_and_a_teacher_held_back_by_the_weeks_is_named(tmp_path):
    from planner.data.inputs import load_inputs
    from planner.pipeline import plan

    inputs = load_inputs(crowded_inputs(tmp_path / "d"))
    solved = plan(inputs, [1], SolveOptions.of(inputs))
    assert solved.weeks.rounds == 1 and solved.fits  # alice gets what her weekly room holds, bob the rest
    given = {}
    for a in solved.result.solution.assignments:
        given[a.teacher] = given.get(a.teacher, 0) + a.hours
    assert given == {"alice": 10, "bob": 2} and not solved.result.solution.shortages


def test_hours_no_weekly_room_holds_are_uncovered_with_the_reason(tmp_path):
    from planner.data.inputs import load_inputs
    from planner.pipeline import plan

    inputs = load_inputs(crowded_inputs(tmp_path / "d", bob=False))
    solved = plan(inputs, [1], SolveOptions.of(inputs))
    assert solved.weeks.rounds == 1 and solved.fits
    (short,) = solved.result.solution.shortages
    assert short.hours == 2  # one group of six: alice's 5 h a week hold five
    assert short.reason.startswith("all 1 qualified teachers are full for the weeks")
    assert "alice at most 5 of its 6 groups" in short.reason


def test_a_teacher_whose_groups_alone_cannot_fit_is_named_with_a_proof(tmp_path):
    from planner.assign.solve import solve
    from planner.data.inputs import load_inputs
    from planner.weeks.layout import lay_out

    inputs = load_inputs(crowded_inputs(tmp_path / "d"))
    result = solve(inputs, [1], SolveOptions.of(inputs))  # no weekly shape: alice gets all 6 groups
    for quick in (True, False):
        plan = lay_out(inputs, result, quick=quick)
        assert not plan.fits and plan.overflow == {("alice", "odd"): 2}  # 6 h in 2 weeks of 5 h
        (fit,) = [s for s in plan.stages if s.name.startswith("fit")]
        assert (fit.bound, fit.engine) == (2, "greedy")  # proved alone, no CP-SAT search of the whole
        (misfit,) = plan.misfits
        assert misfit.teacher == "alice" and "alone force at least 2 h over the weekly cap" in misfit.message


def test_the_least_hours_over_a_cap_of_groups_alone():
    from planner.weeks.alone import least

    assert least([5, 5], [((0, 1), 2, 6, 2)]) == 2  # six groups of a 2-hour part: 6 h in each of 2 weeks
    assert least([6, 6], [((0, 1), 2, 6, 2)]) == 0
    assert least([11] * 3, [((0, 1, 2), 4, 3, 2), ((0, 1, 2), 3, 1, 3)]) == 0  # 3+3+3 groups, 1 a week


def test_no_retry_when_the_students_weeks_break(tmp_path):
    from planner.context import Context
    from planner.data.inputs import load_inputs
    from planner.demand import build_demand
    from planner.weeks.problem import Misfit
    from planner.weeks.retry import Tries

    inputs = load_inputs(crowded_inputs(tmp_path / "d"))
    tries = Tries(inputs, [1], SolveOptions.of(inputs), Context(), build_demand(inputs, [1]))
    students = Misfit("year 1 commun", "S1", 40, 32, "too many hours", students=True)
    teacher = Misfit("teacher alice", "S1", 2, 0, "over", "alice", "odd")
    result = SimpleNamespace(solution=SimpleNamespace(assignments=[]), problem=SimpleNamespace(limits=[]))
    plan = SimpleNamespace(fits=False, overflow={("alice", "odd"): 2}, misfits=[teacher, students])
    assert not tries.again(plan, result, False) and tries.n == 1  # no other assignment mends it
    plan.misfits = [teacher]
    plan.problem = SimpleNamespace(lines=[], parts=[])
    assert tries.again(plan, result, False) and tries.n == 2 and tries.capped == {("alice", "odd"): 0}


def test_a_repair_moves_a_group_when_it_costs_the_first_stages_nothing(tmp_path):
    from planner.assign.solve import solve
    from planner.data.inputs import load_inputs
    from planner.weeks.repair import repair

    inputs = load_inputs(crowded_inputs(tmp_path / "d"))
    result = solve(inputs, [1], SolveOptions.of(inputs))  # no weekly shape: alice gets all 6 groups
    fixed = repair(inputs, result)
    given = {}
    for a in fixed.solution.assignments:
        given[a.teacher] = given.get(a.teacher, 0) + a.hours
    # one group to bob would cost his HC (a vacataire): the cost stage would change, so no repair
    assert fixed is result and given == {"alice": 12}


def test_on_the_last_try_a_repair_moves_a_group_whatever_it_costs(tmp_path):
    from planner.assign.solve import solve
    from planner.data.inputs import load_inputs
    from planner.weeks.layout import lay_out
    from planner.weeks.repair import repair

    inputs = load_inputs(crowded_inputs(tmp_path / "d"))
    result = solve(inputs, [1], SolveOptions.of(inputs))  # no weekly shape: alice gets all 6 groups
    assert not lay_out(inputs, result).fits
    fixed = repair(inputs, result, last=True)
    given = {}
    for a in fixed.solution.assignments:
        given[a.teacher] = given.get(a.teacher, 0) + a.hours
    assert given == {"alice": 10, "bob": 2}  # bob, a vacataire, is paid for one group
    assert fixed.stages[0].value == result.stages[0].value  # no hour left uncovered
    assert fixed.stages[1].value > result.stages[1].value  # the cost of the move
    assert lay_out(inputs, fixed).fits


def test_a_repair_moves_the_groups_that_cost_nothing_and_keeps_the_others(tmp_path):
    from planner.assign.solve import solve
    from planner.data.inputs import load_inputs
    from planner.weeks.repair import Repair, repair, units_of

    folder = crowded_inputs(tmp_path / "d")
    # alice and carol (MCF, both owing their service) at 2 h a week: each holds 2 of the 6 groups
    # alone; bob, a vacataire, would be paid for any group
    with open(folder / "teachers.csv", "a", encoding="utf-8") as out:
        out.write("carol,Carol C,MCF,anglais,0,0,,,\n")
    with open(folder / "qualifications.csv", "a", encoding="utf-8") as out:
        out.write("carol,R1.01,*,1\n")
    statuses = folder / "statuses.csv"
    statuses.write_text(statuses.read_text().replace("yes,5,test", "yes,2,test"))
    inputs = load_inputs(folder)
    result = solve(inputs, [1], SolveOptions.of(inputs))  # no weekly shape: alice, the wish, gets all 6
    assert {a.teacher for a in result.solution.assignments} == {"alice"}
    fixed = repair(inputs, result)
    given = {}
    for a in fixed.solution.assignments:
        given[a.teacher] = given.get(a.teacher, 0) + a.hours
    assert given == {"alice": 8, "carol": 4}  # carol takes what she holds at no cost; bob nothing
    assert [s.value for s in fixed.stages[:4]] == [s.value for s in result.stages[:4]]
    assert fixed.stages[-1].value < result.stages[-1].value  # the wishes pay for it (fewer granted)
    r = Repair(inputs, fixed.problem, fixed.demand.parts, units_of(fixed), None)
    carol, alice = (next(i for i, c in enumerate(r.p.capacities) if c.id == n) for n in ("carol", "alice"))
    assert r.fits(carol, "odd") and not r.fits(alice, "odd")  # alice still over: the next try's to mend


def test_a_cut_holds_a_teacher_to_the_groups_that_fit_alone_and_the_stages_are_solved_again(tmp_path):
    from planner.assign.solve import solve
    from planner.data.inputs import load_inputs
    from planner.demand import build_demand
    from planner.weeks.cuts import AloneCuts
    from planner.weeks.layout import lay_out

    inputs = load_inputs(crowded_inputs(tmp_path / "d"))
    cuts = AloneCuts(inputs, build_demand(inputs, [1]).parts)
    plain = solve(inputs, [1], SolveOptions.of(inputs))  # no weekly shape: alice gets all 6 groups
    cut = cuts(plain.problem, _units(plain))
    assert len(cut.limits) == 1 and sum(cut.start) == sum(_units(plain))  # alice gives a group to bob
    result = solve(inputs, [1], SolveOptions.of(inputs), cuts=cuts)
    given = {}
    for a in result.solution.assignments:
        given[a.teacher] = given.get(a.teacher, 0) + a.hours
    assert given == {"alice": 10, "bob": 2}  # what alice's 5 h a week hold; bob's HC is the price
    (cut,) = [lim for lim in result.problem.limits if "alone cannot be laid out" in lim.label]
    assert cut.hours == 10 and cuts(result.problem, _units(result)).limits == []
    assert all(s.status == "optimal" for s in result.stages[:4])
    assert result.stages[1].value > plain.stages[1].value  # the cost stage pays for the cut, proven
    assert lay_out(inputs, result).fits


def _units(result):
    from planner.weeks.repair import units_of

    return units_of(result)


def test_the_next_try_starts_with_the_cuts_of_the_last(tmp_path):
    from planner.assign.limits import HourLimit
    from planner.context import Context
    from planner.data.inputs import load_inputs
    from planner.demand import build_demand
    from planner.weeks.repair import ALONE
    from planner.weeks.retry import Tries

    inputs = load_inputs(crowded_inputs(tmp_path / "d"))
    tries = Tries(inputs, [1], SolveOptions.of(inputs), Context(), build_demand(inputs, [1]))
    problem = SimpleNamespace(
        capacities=[SimpleNamespace(id="alice"), SimpleNamespace(id="bob")],
        tasks=[SimpleNamespace(key="1|S1|commun|R1.01|TP")],
        limits=[HourLimit(0, (0,), 10, f"at most 10 h of it: {ALONE}"), HourLimit(1, (0,), 4, "a lock")],
    )
    result = SimpleNamespace(solution=SimpleNamespace(assignments=[]), problem=problem)
    plan = SimpleNamespace(
        fits=False, overflow={("bob", "odd"): 1}, misfits=[], problem=SimpleNamespace(lines=[], parts=[])
    )
    assert tries.again(plan, result, False)
    assert tries.crowded == {("alice", "1|S1|commun|R1.01|TP"): 10}  # the cut, not the other limit
    (cap,) = [c for c in tries.attempt()[1] if c.parts]
    assert (cap.teacher, cap.hours) == ("alice", 10)


def test_a_teacher_of_sessions_of_1_h_30_and_of_2_h_is_counted_in_whole_sessions_of_each():
    from fractions import Fraction

    from planner.weeks.alone import least
    from planner.weeks.repair import counted_in_sessions

    weeks = (0, 1, 2)
    gb = ((weeks, Fraction(9, 2), 1, 2), Fraction(3, 2))  # three sessions of 1 h 30, one a week at most
    cj = ((weeks, 4, 1, 2), Fraction(2))  # two sessions of 2 h
    room, chunks = counted_in_sessions([3, 3, 3], [gb, cj], top=2)  # 3 h a week: in half hours
    assert room == [6, 6, 6] and chunks == [(weeks, 3, 3, 1), (weeks, 2, 4, 1)]
    assert least(room, chunks) == 2  # a week of both holds 3 h 30: two weeks half an hour over
    # in plain hours, 8 h 30 fit the 9 h of the three weeks: what the count said before
    assert least([3, 3, 3], [(weeks, 5, 1, 2), (weeks, 4, 1, 2)]) == 0
    one = ((weeks, 3, 2, 2), Fraction(3, 2))  # one length: its sessions, as before
    assert counted_in_sessions([3, 3, 3], [one], top=2) == ([2, 2, 2], [(weeks, 2, 2, 1)])


def test_a_layout_no_try_follows_searches_its_fit_longer(tmp_path, monkeypatch):
    import planner.weeks.search as search
    from planner.assign.solve import solve
    from planner.data.inputs import load_inputs
    from planner.weeks.model import Fitted
    from planner.weeks.problem import build_week_problem

    inputs = load_inputs(crowded_inputs(tmp_path / "d"))
    problem = build_week_problem(inputs, solve(inputs, [1], SolveOptions.of(inputs)))
    asked = []

    class Model:  # the whole-model fit, recording the time it is given
        def __init__(self, view, stop):
            pass

        def fit(self, hours, shares, time_limit, seed, quick=False):
            asked.append(time_limit)
            return Fitted([], None, [], {})

    monkeypatch.setattr(search, "WeekModel", Model)
    monkeypatch.setattr(search, "fits", lambda *a: False)  # the local search leaves hours over
    monkeypatch.setattr(search, "teachers_over", lambda *a: {})  # and no teacher is over alone
    monkeypatch.setattr(search, "sets_over", lambda *a: {})  # nor together
    search.lay_out_parity(problem, "odd", time_limit=2.0, quick=True)
    search.lay_out_parity(problem, "odd", time_limit=2.0, quick=False)
    assert asked == [2.0, 2.0 * search.LAST_FIT] and search.LAST_FIT > 1


def _chunky(tmp_path):
    """crowded_inputs with two TP modules of 8 h (6 groups each) instead of one of 2 h."""
    from iut_fixtures import write_tables

    from planner.data.inputs import load_inputs

    folder = crowded_inputs(tmp_path / "d")
    maquette = """
        year,semester,parcours,code,name,kind,CM,TD,TP,SR,SDR,Projet,total
        1,1,commun,R1.01,Anglais,ressource,,,8,,,,8
        1,1,commun,R1.02,Maths,ressource,,,8,,,,8
        """
    totals = """
        year,semester,parcours,CM,TD,TP,SR,SDR,Projet,total
        1,1,commun,,,16,,,,16
        1,annual,commun,,,16,,,,16
        """
    qualified = "teacher,pattern,activities,weight\nalice,R1.0*,*,3\nbob,R1.0*,*,0\n"
    write_tables(folder, maquette=maquette, maquette_totals=totals, qualifications=qualified)
    return load_inputs(folder)


def test_weekly_chunk_rows_keep_a_teacher_from_sessions_no_week_holds(tmp_path):
    # alice may teach 5 h a week in 12 weeks: 3 groups of a part weigh 3 h in each of its weeks, so
    # two parts of 3 groups never share a week and need 16 weeks, where the linear room sees 48 h
    # for 60; 4 and 2 groups fit (4 weeks hold two sessions of the 2 groups)
    from planner.assign.solve import solve
    from planner.demand import build_demand
    from planner.weeks.repair import Repair

    inputs = _chunky(tmp_path)
    parts = build_demand(inputs, [1]).parts
    result = solve(inputs, [1], SolveOptions.of(inputs), weekly=weekly_shape(inputs, [1], parts))
    p = result.problem
    alice = next(i for i, c in enumerate(p.capacities) if c.id == "alice")
    x = _units(result)
    assert not p.violations(x, p.uncovered(x)) and result.solution.uncovered_hours == 0
    assert Repair(inputs, p, parts, x, None).fits(alice, "odd")  # no cut, no retry needed

    def plan(mine: tuple[int, int]) -> list[int]:
        return [mine[c.task] if c.teacher == alice else 6 - mine[c.task] for c in p.candidates]

    for mine, fits in (((3, 3), False), ((4, 2), True), ((5, 1), True)):
        x = plan(mine)
        broken = [e for e in p.violations(x, p.uncovered(x)) if "sessions of over" in e]
        assert bool(broken) != fits, (mine, broken)
        assert Repair(inputs, p, parts, x, None).fits(alice, "odd") == fits  # as the layout says


def test_weekly_chunk_rows_hold_for_every_layout_that_fits():
    # a dual feasible function of bin packing: whatever the rows count, a layout that fits keeps
    import random

    from planner.assign.limits import WeekChunks, chunk_limits
    from planner.weeks.alone import least

    rng = random.Random(7)
    broken = 0
    for _ in range(150):
        weeks = tuple(rng.choice((4, 5, 6, 6)) for _ in range(rng.randint(3, 6)))
        n = rng.randint(1, 4)
        parts = [(f"p{i}", rng.randint(1, 4), rng.randint(1, 6)) for i in range(n)]  # key, sessions, groups
        tasks = [SimpleNamespace(key=k, units=6, cotaught=False) for k, _, _ in parts]
        chunk = WeekChunks("t", tuple((k, s, 1) for k, s, _ in parts), weeks, "S1")
        units = {(0, i): g for i, (_, _, g) in enumerate(parts)}
        rows = chunk_limits([chunk], tasks, {"t": 0})
        over = least(list(weeks), [(tuple(range(len(weeks))), s, g, s) for _, s, g in parts])
        breaks = any(row.weight(units) > row.most for row in rows)
        assert not (breaks and over == 0)  # never a row broken by groups that fit
        broken += breaks
    assert broken > 10  # and the rows see chunks no linear room sees


def test_both_engines_state_the_weekly_chunk_rows(tmp_path):
    # alice's 3 + 3 groups (sessions no week holds together) are no plan for CP-SAT nor HiGHS; 4 + 2 is
    from ortools.sat.python import cp_model

    from planner.assign.cpsat import AssignmentModel
    from planner.assign.mip import AssignmentMip
    from planner.assign.problem import build_problem
    from planner.demand import build_demand

    inputs = _chunky(tmp_path)
    demand = build_demand(inputs, [1])
    p = build_problem(inputs, demand, weekly=weekly_shape(inputs, [1], demand.parts))
    alice = next(i for i, c in enumerate(p.capacities) if c.id == "alice")
    mine = [k for k, c in enumerate(p.candidates) if c.teacher == alice]
    for split, feasible in (((3, 3), False), ((4, 2), True)):
        m = AssignmentModel(p)
        for k, n in zip(mine, split):
            m.model.add(m.x[k] == n)
        status = cp_model.CpSolver().solve(m.model)
        assert (status in (cp_model.OPTIMAL, cp_model.FEASIBLE)) == feasible, split
        mip = AssignmentMip(p)
        for k, n in zip(mine, split):
            mip.h.changeColBounds(k, float(n), float(n))
        found = mip.run("uncovered", None, None)
        assert (mip.h.getInfo().primal_solution_status == 2) == (found is not None) == feasible, split
