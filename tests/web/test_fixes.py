"""A cell fixed by hand is a lock (and a co-taught rule for part of a group); the engine keeps it."""

from __future__ import annotations

from fractions import Fraction

import pytest
from conftest import SHIPPED
from webtools import snapshot, workspace

from planner.options import SolveOptions
from planner.pipeline import plan
from planner.web import tables as store
from planner.web.db import transaction
from planner.web.edits import Refused
from planner.web.fixes import fixed_cells, set_fix
from planner.web.models import Workspace

R301 = "2|S3|OSC+QMI+MTD|R3.01|TD"  # 2 groups of 18 h, mbrunet locked on 1 group in locks.csv


@pytest.fixture
def ws(shipped, db_url):
    sessions, workspace_id, cache = workspace(shipped, db_url, years="2")
    return sessions, workspace_id, cache, shipped


def table_text(sessions, workspace_id, path) -> str:
    with sessions() as session:
        table = next(t for t in store.tables_of(session, workspace_id) if t.path == path)
        return store.csv_bytes(table, store.rows_of(session, table.id)).decode("utf-8")


def test_a_fix_is_a_lock_the_engine_keeps(ws):
    sessions, workspace_id, cache, _ = ws
    checked = set_fix(sessions, cache, workspace_id, R301, "cfaure", "18").checked
    assert table_text(sessions, workspace_id, "locks.csv").endswith("cfaure,R3.01,TD,*,1\n")
    demand = checked.demand([2])
    part = next(p for p in demand.parts if p.key == R301)
    fixed = fixed_cells(checked.inputs, demand, [part])
    assert {t: f.hours for (t, _), f in fixed.items()} == {"mbrunet": 18, "cfaure": 18}
    solved = plan(checked.inputs, [2], SolveOptions.of(checked.inputs, weeks=False, time_limit=5))
    hours = {a.teacher: a.hours for a in solved.result.solution.assignments if a.task.key == R301}
    assert hours == {"mbrunet": 18, "cfaure": 18}


def test_part_of_a_group_is_taught_in_blocks_and_unfixing_restores_the_files(ws):
    sessions, workspace_id, cache, inputs = ws
    checked = set_fix(sessions, cache, workspace_id, R301, "cfaure", "6").checked
    assert table_text(sessions, workspace_id, "locks.csv").endswith("cfaure,R3.01,TD,*,1/3\n")
    cotaught = table_text(sessions, workspace_id, "cotaught.csv").splitlines()
    assert cotaught[:2] == ["pattern,activities,step", "R3.01,TD,6"]  # before the general rules
    lock = checked.inputs.locks[-1]
    assert (lock.teacher, lock.groups) == ("cfaure", Fraction(1, 3))
    solved = plan(checked.inputs, [2], SolveOptions.of(checked.inputs, weeks=False, time_limit=5))
    hours = {a.teacher: a.hours for a in solved.result.solution.assignments if a.task.key == R301}
    assert hours["cfaure"] >= 6 and hours["mbrunet"] >= 18 and sum(hours.values()) == 36
    set_fix(sessions, cache, workspace_id, R301, "cfaure", "0")
    with transaction(sessions) as session:
        assert (
            store.export(session, session.get(Workspace, workspace_id)) == []
        )  # same bytes: nothing written
    for name in ("locks.csv", "cotaught.csv"):
        assert table_text(sessions, workspace_id, name) == (SHIPPED / name).read_text(encoding="utf-8")


def test_changing_a_fix_changes_its_lock(ws):
    sessions, workspace_id, cache, _ = ws
    set_fix(sessions, cache, workspace_id, R301, "mbrunet", "36")  # the shipped lock, now on both groups
    assert "mbrunet,R3.01,TD,*,2\n" in table_text(sessions, workspace_id, "locks.csv")
    assert table_text(sessions, workspace_id, "locks.csv").count("mbrunet") == 1


@pytest.mark.parametrize(
    ("teacher", "hours", "says"),
    [
        ("nobody", "18", "locks.csv, row 5, column 'teacher': unknown teacher 'nobody'"),
        ("cfaure", "40", "has 36 h in all"),
        ("cfaure", "2.5", "not a whole number of hours"),
        ("cfaure", "36", "together with other locks on the same module and activity"),
    ],
)
def test_a_refused_fix_writes_nothing(ws, teacher, hours, says):
    sessions, workspace_id, cache, _ = ws
    before = snapshot(sessions, workspace_id)
    with pytest.raises(Refused) as refused:
        set_fix(sessions, cache, workspace_id, R301, teacher, hours)
    assert says in refused.value.problem.text
    assert snapshot(sessions, workspace_id) == before


def test_a_fix_beyond_what_the_teacher_may_teach_is_refused(ws):
    sessions, workspace_id, cache, _ = ws
    set_fix(
        sessions, cache, workspace_id, "2|S3|OSC+QMI+MTD|SAE 3.01|TP", "abenard", "48"
    )  # a doctorant: 64 HETD
    before = snapshot(sessions, workspace_id)
    with pytest.raises(Refused) as refused:
        set_fix(sessions, cache, workspace_id, R301, "abenard", "18")
    assert (
        "the locks of abenard need 66 HETD but abenard can take at most 64 HETD" in refused.value.problem.text
    )
    assert snapshot(sessions, workspace_id) == before


def test_a_fix_in_an_iut_goes_to_its_department(iut3, tmp_path):
    sessions, workspace_id, cache = workspace(iut3, tmp_path / "db.sqlite", years="2")
    with sessions() as session:
        base = cache.checked(session, session.get(Workspace, workspace_id))
    demand = base.demand([2])
    part = next(p for p in demand.parts if p.department != base.inputs.departments[0] and p.activity == "TD")
    teacher = next(t.id for t in base.inputs.teachers if t.department == part.department)
    checked = set_fix(sessions, cache, workspace_id, part.key, teacher, str(part.hours)).checked
    department, code = part.code.split("/")
    text = table_text(sessions, workspace_id, f"departments/{department}/locks.csv")
    assert f"{teacher},{code},TD," in text
    assert any(lk.teacher == teacher and lk.code == part.code for lk in checked.inputs.locks)
    with sessions() as session:  # the whole load agrees with the quick one
        from planner.web.checked import check

        full = check(session, session.get(Workspace, workspace_id))
    assert full.inputs.locks == checked.inputs.locks and full.inputs.cotaught == checked.inputs.cotaught
