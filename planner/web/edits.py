"""Changes to the input tables: a cell, a new row, a row removed; each checked, all or nothing.

Every change runs in one transaction: the rows are changed, the inputs
version bumped and the change journalled, then the whole inputs are checked
by the command line's loader (``checked.check``). A refused change raises
``Refused`` with the loader's message, and the transaction is rolled back:
nothing is written. A change made on a stale page (the row's ``version`` has
moved on since) raises ``Stale`` with the row as it is now.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from planner.web import csvtext
from planner.web import tables as store
from planner.web.checked import Cache, Checked, Problem, check
from planner.web.db import transaction
from planner.web.models import Change, InputRow, InputTable, Workspace

_LOCKS: dict[int, threading.Lock] = {}
_GUARD = threading.Lock()


class Refused(Exception):
    """A change the checks refuse: nothing was written."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.text)
        self.problem = problem


class Stale(Exception):
    """A change to a row that changed since the page showed it."""

    def __init__(self, row: InputRow) -> None:
        super().__init__("this row was changed meanwhile")
        self.cells = list(row.cells)
        self.version = row.version


@contextmanager
def writing(workspace_id: int) -> Iterator[None]:
    """One change at a time per workspace (the checks see the state they will commit)."""
    with _GUARD:
        lock = _LOCKS.setdefault(workspace_id, threading.Lock())
    with lock:
        yield


@dataclass(frozen=True)
class Edited:
    """What a change left: the row as it is now (None: removed) and the checked inputs."""

    row: InputRow | None
    checked: Checked


def header_of(rows: list[InputRow]) -> InputRow | None:
    """The header: the first record with a cell (as ``data.tables`` reads it)."""
    return next((r for r in rows if any(c.strip() for c in r.cells)), None)


def bump(session: Session, workspace: Workspace, change: Change) -> None:
    """A new inputs version, and the change that made it."""
    workspace.inputs_version += 1
    change.workspace_id = workspace.id
    change.inputs_version = workspace.inputs_version
    session.add(change)


def refuse(text: str, table: InputTable | None = None, column: str | None = None) -> Refused:
    return Refused(Problem(text, table.path if table is not None else None, None, column))


def _accept(session: Session, workspace: Workspace) -> Checked:
    session.flush()
    checked = check(session, workspace)
    if not checked.ok:
        raise Refused(checked.problem)
    return checked


def _encodable(table: InputTable, value: str) -> None:
    if table.encoding != store.XLSX and not csvtext.encodable(value, store.dialect_of(table)):
        raise refuse(
            f"{table.path} is saved as {table.encoding}, which cannot hold a character of {value!r}",
            table,
        )


@dataclass(frozen=True)
class CellEdit:
    """One cell to set: the row, the column by its header name, the text, the row version seen."""

    row: int
    column: str
    value: str
    version: int | None = None


def edit_cell(
    sessions: sessionmaker[Session],
    cache: Cache,
    workspace_id: int,
    row_id: int,
    column: str,
    value: str,
    version: int | None = None,
) -> Edited:
    """Set one cell (the column by its header name); checked as the command line checks the inputs."""
    return edit_cells(sessions, cache, workspace_id, [CellEdit(row_id, column, value, version)])


def edit_cells(
    sessions: sessionmaker[Session], cache: Cache, workspace_id: int, edits: list[CellEdit]
) -> Edited:
    """Set several cells together (a maquette row and its declared totals): one check, one new version."""
    with writing(workspace_id), transaction(sessions) as session:
        workspace = session.get(Workspace, workspace_id)
        changed: dict[int, tuple[InputRow, InputTable, list[str], str | None]] = {}
        row = None
        for edit in edits:
            row = session.get(InputRow, edit.row)
            table = session.get(InputTable, row.table_id) if row is not None else None
            if row is None or table is None or table.workspace_id != workspace_id:
                raise refuse("this row does not exist any more; reload the page")
            if edit.version is not None and row.id not in changed and row.version != edit.version:
                raise Stale(row)
            header = header_of(store.rows_of(session, table.id))
            names = [c.strip() for c in header.cells] if header is not None else []
            if edit.column not in names or header.id == row.id:
                raise refuse(f"{table.path} has no column {edit.column!r}", table, edit.column)
            value = edit.value.strip()
            _encodable(table, value)
            before, raw = changed[row.id][2:] if row.id in changed else (list(row.cells), row.raw)
            cells = list(row.cells) + [""] * (len(names) - len(row.cells))
            cells[names.index(edit.column)] = value
            row.cells, row.raw = cells, None
            changed[row.id] = (row, table, before, raw)
        for row, _, before, raw in changed.values():
            if list(row.cells[: len(before)]) == before and not any(row.cells[len(before) :]):
                row.cells, row.raw = before, raw  # set to what it was: the line stays as read
        changed = {k: v for k, v in changed.items() if list(v[0].cells) != v[2]}
        if not changed:
            return Edited(row, cache.checked(session, workspace))
        workspace.inputs_version += 1
        for row, table, before, _ in changed.values():
            table.edited = True
            session.add(
                Change(
                    workspace_id=workspace.id,
                    action="edit",
                    target=table.path,
                    row_id=row.id,
                    before=before,
                    after=list(row.cells),
                    inputs_version=workspace.inputs_version,
                )
            )
        checked = _accept(session, workspace)
    cache.put(workspace_id, checked)
    return Edited(row, checked)


def add_row(
    sessions: sessionmaker[Session],
    cache: Cache,
    workspace_id: int,
    path: str,
    values: dict[str, str],
    name: str | None = None,
    department: str | None = None,
) -> Edited:
    """Append a row to a table (cells by column name; the others blank), checked.

    A table the inputs do not have yet (``name``: groups, locks…) is made, in
    ``department``'s folder for an IUT.
    """
    with writing(workspace_id), transaction(sessions) as session:
        workspace = session.get(Workspace, workspace_id)
        table = session.scalar(
            select(InputTable).where(InputTable.workspace_id == workspace_id, InputTable.path == path)
        )
        if table is None and name:
            checked = cache.checked(session, workspace)
            scoped = checked.inputs.scoped if checked.ok else False
            table = table_for(session, workspace, scoped, name, department)[0]
        if table is None:
            raise refuse(f"no table {path}")
        rows = store.rows_of(session, table.id)
        header = header_of(rows)
        names = [c.strip() for c in header.cells] if header is not None else []
        if department and "department" in names and not values.get("department"):
            values = {**values, "department": department}
        unknown = [k for k in values if k not in names]
        if unknown:
            raise refuse(f"{table.path} has no column {unknown[0]!r}", table, unknown[0])
        cells = [values.get(name, "").strip() for name in names]
        for value in cells:
            _encodable(table, value)
        row = append(session, table, rows, cells, "page")
        bump(session, workspace, Change(action="add", target=table.path, row_id=row.id, after=cells))
        checked = _accept(session, workspace)
    cache.put(workspace_id, checked)
    return Edited(row, checked)


def delete_row(
    sessions: sessionmaker[Session], cache: Cache, workspace_id: int, row_id: int, version: int | None = None
) -> Edited:
    """Remove a row (never the header), checked."""
    with writing(workspace_id), transaction(sessions) as session:
        workspace = session.get(Workspace, workspace_id)
        row = session.get(InputRow, row_id)
        table = session.get(InputTable, row.table_id) if row is not None else None
        if row is None or table is None or table.workspace_id != workspace_id:
            raise refuse("this row does not exist any more; reload the page")
        if version is not None and row.version != version:
            raise Stale(row)
        header = header_of(store.rows_of(session, table.id))
        if header is not None and header.id == row.id:
            raise refuse(f"the header of {table.path} cannot be removed", table)
        before = list(row.cells)
        session.delete(row)
        table.edited = True
        bump(session, workspace, Change(action="delete", target=table.path, row_id=row_id, before=before))
        checked = _accept(session, workspace)
    cache.put(workspace_id, checked)
    return Edited(None, checked)


def append(
    session: Session, table: InputTable, rows: list[InputRow], cells: list[str], origin: str
) -> InputRow:
    """A new last row of ``table``."""
    row = InputRow(
        table_id=table.id, position=max((r.position for r in rows), default=0) + 1, cells=cells, origin=origin
    )
    session.add(row)
    table.edited = True
    session.flush()
    return row


def insert_after_header(
    session: Session, table: InputTable, rows: list[InputRow], cells: list[str], origin: str
) -> InputRow:
    """A new first row under the header (a co-taught rule before the general ones: the first match wins)."""
    header = header_of(rows)
    at = (header.position if header is not None else 0) + 1
    session.execute(
        update(InputRow)
        .where(InputRow.table_id == table.id, InputRow.position >= at)
        .values(position=InputRow.position + 1, version=InputRow.version + 1)
        .execution_options(synchronize_session="fetch")
    )
    row = InputRow(table_id=table.id, position=at, cells=cells, origin=origin)
    session.add(row)
    table.edited = True
    session.flush()
    return row


def new_table(
    session: Session, workspace: Workspace, path: str, name: str, department: str | None, header: list[str]
) -> InputTable:
    """A table the inputs do not have yet (locks.csv, cotaught.csv), in the dialect of its neighbours."""
    tables = store.tables_of(session, workspace.id)
    like = next((t for t in tables if t.department == department and t.encoding != store.XLSX), None)
    like = like or next((t for t in tables), None)
    table = InputTable(
        workspace_id=workspace.id,
        path=path,
        name=name,
        department=department,
        encoding=like.encoding if like is not None else "utf-8",
        bom=like.bom if like is not None else False,
        delimiter=like.delimiter if like is not None and like.encoding != store.XLSX else ",",
        newline=like.newline if like is not None else "\n",
        position=max((t.position for t in tables), default=0) + 1,
        edited=True,
    )
    session.add(table)
    session.flush()
    session.add(InputRow(table_id=table.id, position=1, cells=header, origin="page"))
    session.flush()
    return table


def table_for(
    session: Session, workspace: Workspace, scoped: bool, name: str, department: str | None
) -> tuple[InputTable, list[InputRow], list[str]]:
    """A department's table (made with its schema's header if the inputs have none), its rows and header.

    One department: ``<name>.csv``; an IUT in folders: ``departments/<CODE>/<name>.csv``; an
    IUT in one folder or workbook: the table with a ``department`` first column.
    """
    from planner.data.inputs import DEPARTMENT_TABLES, TABLES
    from planner.data.iut import DEPARTMENT_COLUMN, FOLDER

    columns = [c.name for c in next(t for t in TABLES if t.name == name).columns]
    tables = store.tables_of(session, workspace.id)
    flat = name if workspace.form == "workbook" else f"{name}.csv"
    if (
        scoped
        and name in DEPARTMENT_TABLES
        and workspace.form == "folder"
        and any(t.department for t in tables)
    ):
        path, folder, header = f"{FOLDER}/{department}/{name}.csv", department, columns
    elif scoped and name in DEPARTMENT_TABLES:
        path, folder, header = flat, None, [DEPARTMENT_COLUMN, *columns]
    else:
        path, folder, header = flat, None, columns
    table = next((t for t in tables if t.path == path), None)
    if table is None:
        table = new_table(session, workspace, path, name, folder, header)
    rows = store.rows_of(session, table.id)
    head = header_of(rows)
    return table, rows, [c.strip() for c in head.cells] if head is not None else header


def replace_table(
    sessions: sessionmaker[Session], cache: Cache, workspace_id: int, path: str, data: bytes
) -> Edited:
    """A table replaced by an uploaded CSV file (its dialect too), checked like any edit."""
    with writing(workspace_id), transaction(sessions) as session:
        workspace = session.get(Workspace, workspace_id)
        table = session.scalar(
            select(InputTable).where(InputTable.workspace_id == workspace_id, InputTable.path == path)
        )
        if table is None or table.encoding == store.XLSX:
            raise refuse(f"no CSV table {path}")
        try:
            dialect, lines = csvtext.read(data)
        except Exception as exc:  # noqa: BLE001  (the csv module's own error, said in the page)
            raise refuse(f"{path}: malformed CSV ({exc})", table) from None
        before = [list(r.cells) for r in store.rows_of(session, table.id)]
        session.execute(delete(InputRow).where(InputRow.table_id == table.id))
        table.encoding, table.bom = dialect.encoding, dialect.bom
        table.delimiter, table.newline = dialect.delimiter, dialect.newline
        session.add_all(
            InputRow(table_id=table.id, position=i + 1, cells=line.cells, raw=line.raw, origin="page")
            for i, line in enumerate(lines)
        )
        table.edited = True
        after = [line.cells for line in lines]
        bump(session, workspace, Change(action="upload", target=table.path, before=before, after=after))
        checked = _accept(session, workspace)
    cache.put(workspace_id, checked)
    return Edited(None, checked)
