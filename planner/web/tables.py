"""The input tables in the database: imported from the inputs, exported back to the same bytes.

A folder's tables are the CSV files ``load_inputs`` reads (``<table>.csv`` at
its root and, in an IUT, ``departments/<CODE>/<table>.csv``); other files
(README, notes) are left alone. A workbook's tables are its sheets. Each
table is stored with its dialect and its records (``web.csvtext``); export
writes a file only when its table was edited and its bytes differ, one file
at a time through a temporary sibling and a rename, keeping the file's mode.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from planner.data.inputs import DEPARTMENT_TABLES, TABLES
from planner.data.iut import FOLDER
from planner.data.tables import cell_text
from planner.errors import PlannerError
from planner.store.atomic import write_file_atomic
from planner.web import csvtext
from planner.web.journal import NOTES, Actor
from planner.web.models import Change, InputRow, InputTable, Workspace

XLSX = "xlsx"  # the encoding of a workbook's sheet


@dataclass(frozen=True)
class TableFile:
    """A table found in the inputs: its path (or sheet), table name and department folder."""

    path: str
    name: str
    department: str | None = None


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_SEEN: dict[str, tuple[int, int, str]] = {}  # a file's path -> (mtime, size, sha): read again when they move


def file_sha(path: Path) -> str:
    """The file's SHA-256, read again only when its modification time or size changed."""
    stat = path.stat()
    kept = _SEEN.get(str(path))
    if kept is not None and kept[:2] == (stat.st_mtime_ns, stat.st_size):
        return kept[2]
    digest = sha(path.read_bytes())
    _SEEN[str(path)] = (stat.st_mtime_ns, stat.st_size, digest)
    return digest


def table_files(root: Path) -> list[TableFile]:
    """The tables of an inputs folder, in ``TABLES`` order, then each department's."""
    found = [TableFile(f"{t.name}.csv", t.name) for t in TABLES if (root / f"{t.name}.csv").is_file()]
    folder = root / FOLDER
    if folder.is_dir():
        for sub in sorted(d for d in folder.iterdir() if d.is_dir() and not d.name.startswith(".")):
            for t in TABLES:
                if t.name in DEPARTMENT_TABLES and (sub / f"{t.name}.csv").is_file():
                    found.append(TableFile(f"{FOLDER}/{sub.name}/{t.name}.csv", t.name, sub.name))
    return found


def import_inputs(session: Session, source: Path, years: str = "1,2,3") -> Workspace:
    """A new workspace holding every table of ``source`` (a folder or an .xlsx workbook)."""
    if not source.exists():
        raise PlannerError(
            f"inputs not found: {source}", hint="Give --inputs a folder of CSV files or an .xlsx workbook."
        )
    form = "workbook" if source.is_file() else "folder"
    workspace = Workspace(source=str(source.resolve()), form=form, years=years)
    session.add(workspace)
    session.flush()
    add_tables(session, workspace, source)
    session.flush()
    session.info.pop(NOTES, None)  # an import is not undone row by row
    session.add(Change(workspace_id=workspace.id, action="import", target=str(source), inputs_version=1))
    return workspace


def add_tables(session: Session, workspace: Workspace, source: Path) -> None:
    """Read every table of ``source`` into ``workspace``."""
    if workspace.form == "workbook":
        for position, (title, rows) in enumerate(read_sheets(source)):
            table = InputTable(
                workspace_id=workspace.id, path=title, name=title, encoding=XLSX, position=position
            )
            session.add(table)
            session.flush()
            session.add_all(InputRow(table_id=table.id, position=n, cells=cells) for n, cells in rows)
        return
    for position, found in enumerate(table_files(source)):
        data = (source / found.path).read_bytes()
        try:
            dialect, lines = csvtext.read(data)
        except Exception as exc:  # a malformed file: kept whole, the checks will name it
            raise PlannerError(f"cannot read this CSV file ({exc})", where=str(source / found.path)) from None
        table = InputTable(
            workspace_id=workspace.id,
            path=found.path,
            name=found.name,
            department=found.department,
            encoding=dialect.encoding,
            bom=dialect.bom,
            delimiter=dialect.delimiter,
            newline=dialect.newline,
            position=position,
            disk_sha=sha(data),
        )
        session.add(table)
        session.flush()
        session.add_all(
            InputRow(table_id=table.id, position=i + 1, cells=line.cells, raw=line.raw)
            for i, line in enumerate(lines)
        )


def read_sheets(path: Path) -> list[tuple[str, list[tuple[int, list[str]]]]]:
    """Every sheet's non-empty rows with their row numbers, cells as ``data.tables`` reads them."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # what data.tables.read_workbook refuses too
        raise PlannerError(
            f"this workbook cannot be opened ({type(exc).__name__}: {exc})", where=str(path)
        ) from None
    try:
        sheets = []
        for ws in book.worksheets:
            rows = [(i + 1, [cell_text(v) for v in r]) for i, r in enumerate(ws.iter_rows(values_only=True))]
            rows = [(n, cells) for n, cells in rows if any(cells)]
            if rows:
                width = max(len(c) for _, c in rows)
                rows = [(n, cells + [""] * (width - len(cells))) for n, cells in rows]
                last = max(max((j for j, c in enumerate(cells) if c), default=0) for _, cells in rows)
                rows = [(n, cells[: last + 1]) for n, cells in rows]
            sheets.append((ws.title, rows))
        return sheets
    finally:
        book.close()


def reimport(session: Session, workspace: Workspace, by: Actor | None = None) -> None:
    """Replace the workspace's tables by what its inputs hold now (a new inputs version)."""
    source = Path(workspace.source)
    session.execute(delete(InputTable).where(InputTable.workspace_id == workspace.id))
    session.flush()
    add_tables(session, workspace, source)
    session.flush()
    session.info.pop(NOTES, None)  # re-reading the files is not undone row by row
    workspace.inputs_version += 1
    session.add(
        Change(
            workspace_id=workspace.id,
            action="import",
            target=str(source),
            inputs_version=workspace.inputs_version,
            author=by.login if by is not None else None,
            account_id=by.account_id if by is not None else None,
            summary=f"Tables relues depuis {source.name}",
        )
    )


# --- reading back ---------------------------------------------------------------------------


def tables_of(session: Session, workspace_id: int) -> list[InputTable]:
    return list(
        session.scalars(
            select(InputTable).where(InputTable.workspace_id == workspace_id).order_by(InputTable.position)
        )
    )


def rows_of(session: Session, table_id: int) -> list[InputRow]:
    return list(
        session.scalars(select(InputRow).where(InputRow.table_id == table_id).order_by(InputRow.position))
    )


def dialect_of(table: InputTable) -> csvtext.Dialect:
    return csvtext.Dialect(table.encoding, table.bom, table.delimiter, table.newline)


def csv_bytes(table: InputTable, rows: list[InputRow]) -> bytes:
    """The table's file, byte for byte as read where it was not edited."""
    return csvtext.write(dialect_of(table), [csvtext.Line(list(r.cells), r.raw) for r in rows])


def write_folder(session: Session, workspace: Workspace, root: Path) -> None:
    """Every table of a folder workspace as files under ``root`` (a scratch folder for the checks)."""
    for table in tables_of(session, workspace.id):
        path = root / table.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(csv_bytes(table, rows_of(session, table.id)))


def write_workbook(session: Session, workspace: Workspace, target: Path, base: Path) -> None:
    """The workbook ``base`` with its edited sheets rewritten from the database, saved as ``target``."""
    import io

    import openpyxl

    from planner.store.template import _cell

    book = openpyxl.load_workbook(base)
    for table in tables_of(session, workspace.id):
        if table.path not in book.sheetnames:
            ws = book.create_sheet(table.path)
        elif not table.edited:
            continue
        else:
            ws = book[table.path]
        rows = {r.position: r.cells for r in rows_of(session, table.id)}
        for n in range(1, max([ws.max_row, *rows]) + 1):
            cells = rows.get(n, [])
            width = max(len(cells), ws.max_column if n <= ws.max_row else 0)
            for j in range(width):
                ws.cell(row=n, column=j + 1).value = _cell(cells[j]) if j < len(cells) else None
    buf = io.BytesIO()
    book.save(buf)
    write_file_atomic(target, buf.getvalue())


def export(session: Session, workspace: Workspace, by: Actor | None = None) -> list[str]:
    """Write the edited tables back to the workspace's inputs; the paths written (none: unchanged)."""
    source = Path(workspace.source)
    tables = tables_of(session, workspace.id)
    edited = [t for t in tables if t.edited]
    if not edited:
        return []
    if workspace.form == "workbook":
        write_workbook(session, workspace, source, source)
        written = [source.name]
    else:
        written = []
        for table in edited:
            data = csv_bytes(table, rows_of(session, table.id))
            path = source / table.path
            if not path.exists() or path.read_bytes() != data:
                mode = path.stat().st_mode if path.exists() else None
                write_file_atomic(path, data)
                if mode is not None:
                    os.chmod(path, mode)
                written.append(table.path)
            table.disk_sha = sha(data)
    for table in edited:
        table.edited = False
    session.add(
        Change(
            workspace_id=workspace.id,
            action="export",
            target=str(source),
            after=written,
            inputs_version=workspace.inputs_version,
            author=by.login if by is not None else None,
            account_id=by.account_id if by is not None else None,
            summary=f"Écrit dans {source.name} : {', '.join(written) or 'rien (déjà à jour)'}",
        )
    )
    return written


def changed_on_disk(session: Session, workspace: Workspace) -> list[str]:
    """The tables whose file changed since it was imported or exported (edited outside the page)."""
    if workspace.form == "workbook":
        return []
    source = Path(workspace.source)
    out = []
    known = set()
    for table in tables_of(session, workspace.id):
        known.add(table.path)
        path = source / table.path
        if table.disk_sha is None:
            continue
        if not path.is_file() or file_sha(path) != table.disk_sha:
            out.append(table.path)
    if source.is_dir():
        out += [f.path for f in table_files(source) if f.path not in known]
    return out
