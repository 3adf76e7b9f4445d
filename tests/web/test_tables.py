"""The inputs in the database: a round trip changes no byte; an edit changes its own line only."""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from conftest import SHIPPED
from webtools import row_of, workspace

from planner.web import csvtext
from planner.web import tables as store
from planner.web.db import transaction
from planner.web.edits import edit_cell
from planner.web.models import Workspace

ODD = [
    b"a,b,c\n1,2,3\n",
    b"a;b;c\r\n1,5;2;3\r\n;;\r\n",  # French Excel: ';', decimal commas, CRLF, an empty row
    b'\xef\xbb\xbfid,name\nx,"Dupont, Jean"\n',  # BOM and a quoted comma
    "id,name\nx,Émilie\n".encode("cp1252"),  # Windows-1252
    b'id,name\n"x","quoted without need"\n',  # quotes the csv module would not write
    b"id,name\nx,no final line end",
    b"id,name\n\n\nx,y\n\n",  # blank lines
    b'id,notes\nx,"two\nlines"\n',  # a cell over two lines
    b"id , name \n x , y \n",  # spaces around cells
]


@pytest.mark.parametrize("data", ODD)
def test_a_file_reads_back_to_the_same_bytes(data):
    dialect, lines = csvtext.read(data)
    assert csvtext.write(dialect, lines) == data


def test_an_edit_changes_only_its_line():
    data = b'a;b\r\n"1";"x"\r\n"2";"y"\r\n3;z'
    dialect, lines = csvtext.read(data)
    lines[2].cells, lines[2].raw = ["2", "y, changed"], None
    assert csvtext.write(dialect, lines) == b'a;b\r\n"1";"x"\r\n2;y, changed\r\n3;z'
    lines[3].cells, lines[3].raw = ["3", "w"], None  # the last line gets a line end once edited
    assert csvtext.write(dialect, lines).endswith(b"2;y, changed\r\n3;w\r\n")


def _round_trip(inputs, tmp_path):
    sessions, workspace_id, _ = workspace(inputs, tmp_path / "db.sqlite")
    out = tmp_path / "out"
    with sessions() as session:
        store.write_folder(session, session.get(Workspace, workspace_id), out)
    files = store.table_files(inputs)
    assert files, "no table found"
    for found in files:
        assert (out / found.path).read_bytes() == (inputs / found.path).read_bytes(), found.path
    return len(files)


def test_the_shipped_inputs_round_trip_byte_for_byte(tmp_path):
    assert _round_trip(SHIPPED, tmp_path) == 12


def test_a_generated_iut_round_trips_byte_for_byte(iut3, tmp_path):
    assert _round_trip(iut3, tmp_path) > 12  # its department folders too


def test_export_writes_only_what_was_edited_and_keeps_the_rest(shipped, tmp_path):
    sessions, workspace_id, cache = workspace(shipped, tmp_path / "db.sqlite")
    before = {p: p.stat().st_mtime_ns for p in shipped.iterdir()}
    with transaction(sessions) as session:
        assert store.export(session, session.get(Workspace, workspace_id)) == []  # nothing edited
    assert {p: p.stat().st_mtime_ns for p in shipped.iterdir()} == before
    row = row_of(sessions, workspace_id, "teachers.csv", "id", "cfaure")
    edit_cell(sessions, cache, workspace_id, row.id, "reductions", "40", row.version)
    with transaction(sessions) as session:
        assert store.export(session, session.get(Workspace, workspace_id)) == ["teachers.csv"]
    original = (SHIPPED / "teachers.csv").read_text(encoding="utf-8").splitlines()
    now = (shipped / "teachers.csv").read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(original, now) if a != b]
    assert changed == [
        ("cfaure,Claire Faure,MCF,production,32,0,,,", "cfaure,Claire Faure,MCF,production,40,0,,,")
    ]
    for name in ("maquette.csv", "locks.csv", "README.md"):
        assert (shipped / name).read_bytes() == (SHIPPED / name).read_bytes()
    with sessions() as session:
        assert store.changed_on_disk(session, session.get(Workspace, workspace_id)) == []


def test_a_file_changed_outside_is_seen_and_read_again(shipped, tmp_path):
    sessions, workspace_id, cache = workspace(shipped, tmp_path / "db.sqlite")
    text = (shipped / "cohorts.csv").read_text(encoding="utf-8").replace("2,OSC,24", "2,OSC,30")
    (shipped / "cohorts.csv").write_text(text, encoding="utf-8")
    with sessions() as session:
        assert store.changed_on_disk(session, session.get(Workspace, workspace_id)) == ["cohorts.csv"]
    with transaction(sessions) as session:
        ws = session.get(Workspace, workspace_id)
        store.reimport(session, ws)
        assert ws.inputs_version == 2
    assert row_of(sessions, workspace_id, "cohorts.csv", "students", "30").cells[:2] == ["2", "OSC"]
    with sessions() as session:
        assert store.changed_on_disk(session, session.get(Workspace, workspace_id)) == []


def test_a_workbook_is_imported_and_exported_in_place(tmp_path):
    from planner.data.inputs import load_inputs
    from planner.store.template import write_template

    book = tmp_path / "inputs.xlsx"
    write_template(SHIPPED, book)
    sessions, workspace_id, cache = workspace(book, tmp_path / "db.sqlite")
    with sessions() as session:
        assert cache.checked(session, session.get(Workspace, workspace_id)).ok
    row = row_of(sessions, workspace_id, "cohorts", "parcours", "QMI")
    edit_cell(sessions, cache, workspace_id, row.id, "students", "21", row.version)
    with transaction(sessions) as session:
        assert store.export(session, session.get(Workspace, workspace_id)) == ["inputs.xlsx"]
    inputs = load_inputs(book)
    assert inputs.cohorts[(2, "QMI")].students == 21
    assert inputs.cohorts[(2, "OSC")].students == 24


def test_an_odd_dialect_survives_an_edit_in_the_page(shipped, tmp_path):
    # a department saved by French Excel: ';', CRLF, decimal commas
    rows = list(csv.reader(io.StringIO((shipped / "teachers.csv").read_text(encoding="utf-8"))))
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(rows)
    (shipped / "teachers.csv").write_bytes(buf.getvalue().encode("utf-8"))
    shutil.copy(shipped / "teachers.csv", tmp_path / "before.csv")
    sessions, workspace_id, cache = workspace(shipped, tmp_path / "db.sqlite")
    row = row_of(sessions, workspace_id, "teachers.csv", "id", "sroussel")
    edit_cell(sessions, cache, workspace_id, row.id, "reductions", "1,5", row.version)
    with transaction(sessions) as session:
        store.export(session, session.get(Workspace, workspace_id))
    lines = (shipped / "teachers.csv").read_bytes().split(b"\r\n")
    before = (tmp_path / "before.csv").read_bytes().split(b"\r\n")
    assert [a for a, b in zip(lines, before) if a != b] == [
        b"sroussel;Sophie Roussel;MCF;production;1,5;0;;;"
    ]
