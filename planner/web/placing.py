"""Where new rows go: appended, or first under the header; a table the inputs lack, made.

A table the inputs do not have yet (locks.csv, cotaught.csv, unavailability.csv)
is made in the dialect of its neighbours, in its department's folder in an IUT,
with its schema's header (``data.inputs.TABLES``).
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from planner.web import tables as store
from planner.web.models import InputRow, InputTable, Workspace


def header_of(rows: list[InputRow]) -> InputRow | None:
    """The header: the first record with a cell (as ``data.tables`` reads it)."""
    return next((r for r in rows if any(c.strip() for c in r.cells)), None)


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
