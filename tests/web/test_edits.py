"""Edits of the input tables: checked by the command line's loader, refused whole, journalled."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select
from webtools import row_of, snapshot, workspace

from planner.data.inputs import load_inputs
from planner.data.maquette import checked_totals
from planner.errors import PlannerError
from planner.web import tables as store
from planner.web.db import transaction
from planner.web.edits import Refused, Stale, add_row, delete_row, edit_cell
from planner.web.models import Change, Workspace


@pytest.fixture
def ws(shipped, db_url):
    sessions, workspace_id, cache = workspace(shipped, db_url)
    return sessions, workspace_id, cache, shipped


def cli_message(inputs, tmp_path, file: str, old: str, new: str) -> str:
    """What the command line says of the same change made to a copy of the files."""
    copy = tmp_path / "cli" / inputs.name
    shutil.copytree(inputs, copy)
    text = (copy / file).read_text(encoding="utf-8")
    assert old in text
    (copy / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PlannerError) as caught:
        checked_totals(load_inputs(copy))
    return str(caught.value).replace(str(copy), str(inputs))


def test_an_accepted_edit_is_checked_journalled_and_counted(ws):
    sessions, workspace_id, cache, _ = ws
    row = row_of(sessions, workspace_id, "teachers.csv", "id", "cfaure")
    edited = edit_cell(sessions, cache, workspace_id, row.id, "reductions", " 40 ", row.version)
    assert edited.checked.ok and edited.checked.version == 2
    assert edited.checked.inputs.teacher("cfaure").reductions == 40
    with sessions() as session:
        changes = list(session.scalars(select(Change).where(Change.action == "edit")))
        assert [(c.target, c.before[4], c.after[4], c.inputs_version) for c in changes] == [
            ("teachers.csv", "32", "40", 2)
        ]
        assert session.get(Workspace, workspace_id).inputs_version == 2


@pytest.mark.parametrize(
    ("file", "column", "match", "value", "old", "new"),
    [
        (
            "teachers.csv",
            "status",
            ("id", "cfaure"),
            "XYZ",
            "cfaure,Claire Faure,MCF",
            "cfaure,Claire Faure,XYZ",
        ),
        ("cohorts.csv", "td_size", ("parcours", "QMI"), "0", "2,QMI,18,28", "2,QMI,18,0"),
        ("maquette.csv", "TD", ("code", "R1.01"), "17", "Anglais,ressource,,16,", "Anglais,ressource,,17,"),
        ("locks.csv", "teacher", ("code", "R3.01"), "nobody", "mbrunet,R3.01", "nobody,R3.01"),
    ],
)
def test_a_refused_edit_writes_nothing_and_says_what_the_command_line_says(
    ws, tmp_path, file, column, match, value, old, new
):
    sessions, workspace_id, cache, inputs = ws
    before = snapshot(sessions, workspace_id)
    row = row_of(sessions, workspace_id, file, *match)
    with pytest.raises(Refused) as refused:
        edit_cell(sessions, cache, workspace_id, row.id, column, value, row.version)
    assert refused.value.problem.text == cli_message(inputs, tmp_path, file, old, new)
    assert snapshot(sessions, workspace_id) == before
    with sessions() as session:
        assert session.scalars(select(Change).where(Change.action == "edit")).first() is None
        assert cache.checked(session, session.get(Workspace, workspace_id)).ok


def test_the_refusal_points_at_the_table_row_and_column(ws):
    sessions, workspace_id, cache, _ = ws
    row = row_of(sessions, workspace_id, "teachers.csv", "id", "ecolin")
    with pytest.raises(Refused) as refused:
        edit_cell(sessions, cache, workspace_id, row.id, "reductions", "beaucoup", row.version)
    problem = refused.value.problem
    assert (problem.path, problem.row, problem.column) == ("teachers.csv", 8, "reductions")
    assert "'beaucoup' is not a number" in problem.text


def test_a_stale_edit_is_refused_with_the_row_as_it_is(ws):
    sessions, workspace_id, cache, _ = ws
    row = row_of(sessions, workspace_id, "cohorts.csv", "parcours", "OSC")
    edit_cell(sessions, cache, workspace_id, row.id, "students", "25", row.version)
    before = snapshot(sessions, workspace_id)
    with pytest.raises(Stale) as stale:
        edit_cell(sessions, cache, workspace_id, row.id, "students", "26", row.version)  # the old version
    assert stale.value.cells[2] == "25"
    assert snapshot(sessions, workspace_id) == before


def test_rows_are_added_and_removed_with_the_same_checks(ws):
    sessions, workspace_id, cache, _ = ws
    values = {"teacher": "cfaure", "pattern": "R1.01", "activities": "TD", "weight": "2"}
    added = add_row(sessions, cache, workspace_id, "qualifications.csv", values)
    assert any(q.teacher == "cfaure" and q.pattern == "R1.01" for q in added.checked.inputs.qualifications)
    before = snapshot(sessions, workspace_id)
    with pytest.raises(Refused) as refused:
        add_row(sessions, cache, workspace_id, "qualifications.csv", {**values, "pattern": "Z9.*"})
    assert "pattern 'Z9.*' matches no module code" in refused.value.problem.text
    assert snapshot(sessions, workspace_id) == before
    with sessions() as session:
        version = session.get(type(added.row), added.row.id).version
    removed = delete_row(sessions, cache, workspace_id, added.row.id, version)
    assert not any(
        q.pattern == "R1.01" and q.teacher == "cfaure" for q in removed.checked.inputs.qualifications
    )
    header = row_of(sessions, workspace_id, "qualifications.csv", "teacher", "amercier")
    with sessions() as session:
        table = session.get(store.InputTable, header.table_id)
        first = store.rows_of(session, table.id)[0]
    with pytest.raises(Refused):
        delete_row(sessions, cache, workspace_id, first.id, first.version)


def test_a_missing_optional_table_is_made_by_its_first_row(ws):
    sessions, workspace_id, cache, inputs = ws
    values = {"year": "2", "parcours": "pooled", "grouping": "td", "groups": "3"}
    added = add_row(sessions, cache, workspace_id, "", values, name="groups")
    assert added.checked.inputs.group_counts == {(2, "pooled", "td"): 3}
    with transaction(sessions) as session:
        assert "groups.csv" in store.export(session, session.get(Workspace, workspace_id))
    assert (inputs / "groups.csv").read_text(
        encoding="utf-8"
    ) == "year,parcours,grouping,groups\n2,pooled,td,3\n"


def test_a_character_the_file_cannot_hold_is_refused(ws):
    sessions, workspace_id, cache, inputs = ws
    text = (inputs / "teachers.csv").read_text(encoding="utf-8")
    (inputs / "teachers.csv").write_bytes(text.encode("cp1252"))
    with transaction(sessions) as session:
        store.reimport(session, session.get(Workspace, workspace_id))
    row = row_of(sessions, workspace_id, "teachers.csv", "id", "cfaure")
    before = snapshot(sessions, workspace_id)
    with pytest.raises(Refused) as refused:
        edit_cell(sessions, cache, workspace_id, row.id, "name", "Claire Faure ✓", row.version)
    assert "cp1252" in refused.value.problem.text
    assert snapshot(sessions, workspace_id) == before


def test_an_uploaded_table_is_checked_like_an_edit(ws):
    from planner.web.edits import replace_table

    sessions, workspace_id, cache, inputs = ws
    text = (inputs / "cohorts.csv").read_text(encoding="utf-8")
    before = snapshot(sessions, workspace_id)
    with pytest.raises(Refused) as refused:
        replace_table(
            sessions, cache, workspace_id, "cohorts.csv", text.replace("2,QMI,18", "2,QMI,-3").encode()
        )
    assert "cohorts.csv, row 4, column 'students': -3 is below the minimum of 0" in refused.value.problem.text
    assert snapshot(sessions, workspace_id) == before
    french = text.replace(",", ";").replace("\n", "\r\n").replace("2;QMI;18", "2;QMI;20")
    replaced = replace_table(sessions, cache, workspace_id, "cohorts.csv", french.encode("cp1252"))
    assert replaced.checked.inputs.cohorts[(2, "QMI")].students == 20
    with transaction(sessions) as session:
        assert store.export(session, session.get(Workspace, workspace_id)) == ["cohorts.csv"]
    assert (inputs / "cohorts.csv").read_bytes() == french.encode("cp1252")
