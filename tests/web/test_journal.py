"""The journal and undo, on SQLite and PostgreSQL: who, when, what, before and after; undone anew."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from webtools import row_of, snapshot, workspace

from planner.web import tables as store
from planner.web.edits import Stale, add_row, delete_row, edit_cell, replace_table, table_seen
from planner.web.fixes import fix_seen, set_fix
from planner.web.journal import Actor
from planner.web.models import Change, InputTable, Workspace
from planner.web.undo import undo

CHEF = Actor(None, "chef")
R301 = "2|S3|OSC+QMI+MTD|R3.01|TD"


@pytest.fixture
def ws(shipped, db_url):
    sessions, workspace_id, cache = workspace(shipped, db_url, years="2")
    return sessions, workspace_id, cache


def files(sessions, workspace_id) -> dict[str, bytes]:
    """Every table as the export would write it."""
    with sessions() as session:
        return {
            t.path: store.csv_bytes(t, store.rows_of(session, t.id))
            for t in store.tables_of(session, workspace_id)
        }


def changes(sessions) -> list[Change]:
    with sessions() as session:
        return list(session.scalars(select(Change)))


def last(sessions) -> Change:
    with sessions() as session:
        return session.scalar(select(Change).order_by(Change.id.desc()).limit(1))


def test_a_change_says_who_when_what_before_and_after(ws):
    sessions, workspace_id, cache = ws
    row = row_of(sessions, workspace_id, "teachers.csv", "id", "cfaure")
    edit_cell(sessions, cache, workspace_id, row.id, "reductions", "40", row.version, by=CHEF)
    change = last(sessions)
    assert (change.author, change.action, change.target) == ("chef", "edit", "teachers.csv")
    assert change.at is not None and "reductions : 32 → 40" in change.summary
    [op] = change.ops
    assert op["kind"] == "input_row" and op["id"] == row.id
    assert op["before"]["cells"][4] == "32" and op["after"]["cells"][4] == "40"


def test_an_undo_restores_the_value_before_as_a_new_change(ws):
    sessions, workspace_id, cache = ws
    before = files(sessions, workspace_id)
    row = row_of(sessions, workspace_id, "teachers.csv", "id", "cfaure")
    edit_cell(sessions, cache, workspace_id, row.id, "reductions", "40", row.version, by=CHEF)
    edited = last(sessions)
    done, checked = undo(sessions, cache, workspace_id, edited.id, by=Actor(None, "admin"))
    assert checked.ok and checked.inputs.teacher("cfaure").reductions == 32
    assert files(sessions, workspace_id) == before  # byte for byte, as imported
    assert (done.action, done.undoes_id, done.author) == ("undo", edited.id, "admin")
    with sessions() as session:
        assert session.get(Workspace, workspace_id).inputs_version == 3  # the edit, then its undo
    redo, _ = undo(sessions, cache, workspace_id, done.id, by=CHEF)  # an undo undone: the edit again
    with sessions() as session:
        assert row_of(sessions, workspace_id, "teachers.csv", "id", "cfaure").cells[4] == "40"
        assert session.get(Change, redo.id).undoes_id == done.id


def test_an_undo_is_refused_when_the_row_changed_since(ws):
    sessions, workspace_id, cache = ws
    row = row_of(sessions, workspace_id, "teachers.csv", "id", "cfaure")
    edit_cell(sessions, cache, workspace_id, row.id, "reductions", "40", row.version, by=CHEF)
    first = last(sessions)
    row = row_of(sessions, workspace_id, "teachers.csv", "id", "cfaure")
    edit_cell(sessions, cache, workspace_id, row.id, "reductions", "48", row.version, by=Actor(None, "autre"))
    state = snapshot(sessions, workspace_id)
    with pytest.raises(Stale) as refused:
        undo(sessions, cache, workspace_id, first.id, by=CHEF)
    assert "48" in refused.value.now  # the row as it is now
    assert snapshot(sessions, workspace_id) == state  # nothing written
    undo(sessions, cache, workspace_id, last(sessions).id, by=CHEF)  # the last one can be undone…
    undo(sessions, cache, workspace_id, first.id, by=CHEF)  # …and then the first
    assert row_of(sessions, workspace_id, "teachers.csv", "id", "cfaure").cells[4] == "32"
    with pytest.raises(Stale) as twice:
        undo(sessions, cache, workspace_id, first.id, by=CHEF)
    assert "déjà annulée" in twice.value.now


def test_a_row_added_or_removed_comes_and_goes_back_in_its_place(ws):
    sessions, workspace_id, cache = ws
    before = files(sessions, workspace_id)
    row = row_of(sessions, workspace_id, "qualifications.csv", "teacher", "cfaure")
    delete_row(sessions, cache, workspace_id, row.id, row.version, by=CHEF)
    undo(sessions, cache, workspace_id, last(sessions).id, by=CHEF)
    assert files(sessions, workspace_id) == before
    add_row(
        sessions,
        cache,
        workspace_id,
        "qualifications.csv",
        {"teacher": "cfaure", "pattern": "R3.01", "activities": "TD", "weight": "2"},
        by=CHEF,
    )
    assert files(sessions, workspace_id) != before
    undo(sessions, cache, workspace_id, last(sessions).id, by=CHEF)
    assert files(sessions, workspace_id) == before


def test_an_upload_is_undone_to_the_file_before(ws, shipped):
    sessions, workspace_id, cache = ws
    before = files(sessions, workspace_id)
    with sessions() as session:
        table = session.scalar(select(InputTable).where(InputTable.path == "cohorts.csv"))
        seen = table_seen(session, table)
    text = (shipped / "cohorts.csv").read_text(encoding="utf-8").replace("2,OSC,24", "2,OSC,26")
    replace_table(
        sessions, cache, workspace_id, "cohorts.csv", text.replace("\n", "\r\n").encode(), seen, by=CHEF
    )
    assert files(sessions, workspace_id)["cohorts.csv"] != before["cohorts.csv"]
    undo(sessions, cache, workspace_id, last(sessions).id, by=CHEF)
    assert files(sessions, workspace_id) == before


def test_a_fix_is_undone_with_its_cotaught_rule(ws):
    sessions, workspace_id, cache = ws
    before = files(sessions, workspace_id)
    with sessions() as session:
        w = session.get(Workspace, workspace_id)
        seen = fix_seen(session, cache.checked(session, w), w, R301, "cfaure")
    set_fix(
        sessions, cache, workspace_id, R301, "cfaure", "9", seen, by=CHEF
    )  # half a group: a co-taught rule
    fixed = files(sessions, workspace_id)
    assert fixed["locks.csv"] != before["locks.csv"] and fixed["cotaught.csv"] != before["cotaught.csv"]
    change = last(sessions)
    assert change.action == "fix" and "fixé à au moins 9 h" in change.summary
    _, checked = undo(sessions, cache, workspace_id, change.id, by=CHEF)
    assert files(sessions, workspace_id) == before
    assert not any(lk.teacher == "cfaure" and lk.code == "R3.01" for lk in checked.inputs.locks)


def test_a_stale_fix_is_refused_and_the_cell_told_as_it_is(ws):
    sessions, workspace_id, cache = ws

    def seen() -> str:
        with sessions() as session:
            w = session.get(Workspace, workspace_id)
            return fix_seen(session, cache.checked(session, w), w, R301, "cfaure")

    first, second = seen(), seen()  # two heads open the same cell
    set_fix(sessions, cache, workspace_id, R301, "cfaure", "18", first, by=Actor(None, "chef1"))
    state = snapshot(sessions, workspace_id)
    with pytest.raises(Stale) as refused:
        set_fix(sessions, cache, workspace_id, R301, "cfaure", "9", second, by=Actor(None, "chef2"))
    assert refused.value.now == "fixée à au moins 18 h"
    assert snapshot(sessions, workspace_id) == state  # the first head's fix is kept, whole
    set_fix(sessions, cache, workspace_id, R301, "cfaure", "9", seen(), by=Actor(None, "chef2"))  # seen anew


def test_a_fix_already_in_place_writes_nothing_though_another_edit_came_between(ws):
    sessions, workspace_id, cache = ws
    assert set_fix(sessions, cache, workspace_id, R301, "cfaure", "18", by=CHEF).changed
    row = row_of(sessions, workspace_id, "teachers.csv", "id", "cfaure")
    edit_cell(
        sessions, cache, workspace_id, row.id, "reductions", "40", row.version, by=CHEF
    )  # a new version
    count = len(changes(sessions))
    again = set_fix(sessions, cache, workspace_id, R301, "cfaure", "18", by=CHEF)
    assert not again.changed and len(changes(sessions)) == count  # told so, and no journal line
    assert not set_fix(sessions, cache, workspace_id, R301, "abenard", "0", by=CHEF).changed  # not fixed
