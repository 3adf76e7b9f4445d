"""Changes to the input tables: a cell, a new row, a row removed; each checked, all or nothing.

Every change runs in one transaction: the rows are changed, the inputs
version bumped and the change journalled (``journal.record``: who, the rows
before and after), then the whole inputs are checked by the command line's
loader (``checked.check``). A refused change raises ``Refused`` with the
loader's message, and the transaction is rolled back: nothing is written. A
change made on a stale page (the row's ``version``, or a table's ``seen``
digest, has moved on since) raises ``Stale`` with the row as it is now.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from planner.web import csvtext
from planner.web import tables as store
from planner.web.checked import Cache, Checked, Problem, check
from planner.web.db import must_get, transaction
from planner.web.journal import Actor, record
from planner.web.models import InputRow, InputTable, Workspace
from planner.web.placing import append, header_of, table_for
from planner.web.scope import row_department

_LOCKS: dict[int, threading.Lock] = {}
_GUARD = threading.Lock()


class Refused(Exception):
    """A change the checks refuse: nothing was written."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.text)
        self.problem = problem


class Stale(Exception):
    """A change to something that changed since the page showed it: nothing is written.

    ``cells`` is the row as it is now (a row's edit), ``now`` what the page should show instead.
    """

    def __init__(self, row: InputRow | None = None, now: str = "") -> None:
        super().__init__("this was changed meanwhile")
        self.cells = list(row.cells) if row is not None else []
        self.version = row.version if row is not None else None
        self.now = now or ", ".join(self.cells)


def seen(records: Iterable) -> str:
    """A digest of records' ids and versions: what a page saw, to refuse a stale change."""
    text = ";".join(f"{r.id}:{r.version}" for r in sorted(records, key=lambda r: r.id))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


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


def refuse(text: str, table: InputTable | None = None, column: str | None = None) -> Refused:
    return Refused(Problem(text, table.path if table is not None else None, None, column))


def accept_checked(session: Session, workspace: Workspace) -> Checked:
    session.flush()
    checked = check(session, workspace)
    if not checked.ok:
        raise Refused(checked.fault)
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
    *,
    by: Actor | None = None,
) -> Edited:
    """Set one cell (the column by its header name); checked as the command line checks the inputs."""
    return edit_cells(sessions, cache, workspace_id, [CellEdit(row_id, column, value, version)], by=by)


def _cell_words(names: list[str], before: list[str], after: list[str]) -> str:
    pairs = []
    for i, name in enumerate(names):
        old = before[i].strip() if i < len(before) else ""
        new = after[i].strip() if i < len(after) else ""
        if old != new:
            pairs.append(f"{name} : {old or '(vide)'} → {new or '(vide)'}")
    return ", ".join(pairs)


def _row_label(names: list[str], cells: list[str]) -> str:
    """A row named by its first non-blank cells (``cfaure``, ``2 S3 OSC R3.01``)."""
    shown = [c.strip() for c in cells[:4] if c.strip()]
    return " ".join(shown)[:80]


def edit_cells(
    sessions: sessionmaker[Session],
    cache: Cache,
    workspace_id: int,
    edits: list[CellEdit],
    *,
    by: Actor | None = None,
) -> Edited:
    """Set several cells together (a maquette row and its declared totals): one check, one new version."""
    with writing(workspace_id), transaction(sessions) as session:
        workspace = must_get(session, Workspace, workspace_id)
        base = cache.checked(session, workspace)  # before any change: the state the page showed
        changed: dict[int, tuple[InputRow, InputTable, list[str], str | None]] = {}
        row = None
        for edit in edits:
            got = session.get(InputRow, edit.row)
            table = session.get(InputTable, got.table_id) if got is not None else None
            if got is None or table is None or table.workspace_id != workspace_id:
                raise refuse("this row does not exist any more; reload the page")
            row = got
            if edit.version is not None and row.id not in changed and row.version != edit.version:
                raise Stale(row)
            header = header_of(store.rows_of(session, table.id))
            names = [c.strip() for c in header.cells] if header is not None else []
            if header is None or edit.column not in names or header.id == row.id:
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
            return Edited(row, base)
        words, departments = [], set()
        for done, table, before, _ in changed.values():
            table.edited = True
            head = header_of(store.rows_of(session, table.id))
            names = [c.strip() for c in head.cells] if head is not None else []
            what = _cell_words(names, before, done.cells)
            words.append(f"{table.path} ({_row_label(names, before)}) : {what}")
            departments.add(row_department(session, workspace, base, table, before))
        one = len(changed) == 1
        last = done
        record(
            session,
            workspace,
            "edit",
            ", ".join(sorted({t.path for _, t, _, _ in changed.values()})),
            by=by,
            summary="; ".join(words),
            department=departments.pop() if len(departments) == 1 else None,
            row_id=last.id if one else None,
            before=next(iter(changed.values()))[2] if one else [v[2] for v in changed.values()],
            after=list(last.cells) if one else [list(v[0].cells) for v in changed.values()],
        )
        checked = accept_checked(session, workspace)
    cache.put(workspace_id, checked)
    return Edited(last, checked)


def add_row(
    sessions: sessionmaker[Session],
    cache: Cache,
    workspace_id: int,
    path: str,
    values: dict[str, str],
    name: str | None = None,
    department: str | None = None,
    *,
    by: Actor | None = None,
) -> Edited:
    """Append a row to a table (cells by column name; the others blank), checked.

    A table the inputs do not have yet (``name``: groups, locks…) is made, in
    ``department``'s folder for an IUT.
    """
    with writing(workspace_id), transaction(sessions) as session:
        workspace = must_get(session, Workspace, workspace_id)
        base = cache.checked(session, workspace)
        table = session.scalar(
            select(InputTable).where(InputTable.workspace_id == workspace_id, InputTable.path == path)
        )
        if table is None and name:
            scoped = base.valid.scoped if base.ok else False
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
        record(
            session,
            workspace,
            "add",
            table.path,
            by=by,
            summary=f"{table.path} : ligne ajoutée ({_row_label(names, cells)})",
            department=row_department(session, workspace, base, table, cells),
            row_id=row.id,
            after=cells,
        )
        checked = accept_checked(session, workspace)
    cache.put(workspace_id, checked)
    return Edited(row, checked)


def delete_row(
    sessions: sessionmaker[Session],
    cache: Cache,
    workspace_id: int,
    row_id: int,
    version: int | None = None,
    *,
    by: Actor | None = None,
) -> Edited:
    """Remove a row (never the header), checked."""
    with writing(workspace_id), transaction(sessions) as session:
        workspace = must_get(session, Workspace, workspace_id)
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
        department = row_department(session, workspace, cache.checked(session, workspace), table, before)
        session.delete(row)
        table.edited = True
        names = [c.strip() for c in header.cells] if header is not None else []
        record(
            session,
            workspace,
            "delete",
            table.path,
            by=by,
            summary=f"{table.path} : ligne supprimée ({_row_label(names, before)})",
            department=department,
            row_id=row_id,
            before=before,
        )
        checked = accept_checked(session, workspace)
    cache.put(workspace_id, checked)
    return Edited(None, checked)


def table_seen(session: Session, table: InputTable) -> str:
    """What a page saw of a whole table (its rows' ids and versions)."""
    return seen([table, *store.rows_of(session, table.id)])


def replace_table(
    sessions: sessionmaker[Session],
    cache: Cache,
    workspace_id: int,
    path: str,
    data: bytes,
    version: str | None = None,
    *,
    by: Actor | None = None,
) -> Edited:
    """A table replaced by an uploaded CSV file (its dialect too), checked like any edit.

    ``version``: the table as the page saw it (``table_seen``); changed since, the file is refused.
    """
    with writing(workspace_id), transaction(sessions) as session:
        workspace = must_get(session, Workspace, workspace_id)
        table = session.scalar(
            select(InputTable).where(InputTable.workspace_id == workspace_id, InputTable.path == path)
        )
        if table is None or table.encoding == store.XLSX:
            raise refuse(f"no CSV table {path}")
        try:
            dialect, lines = csvtext.read(data)
        except Exception as exc:  # noqa: BLE001  (the csv module's own error, said in the page)
            raise refuse(f"{path}: malformed CSV ({exc})", table) from None
        if version is not None and version != table_seen(session, table):
            raise Stale(now=f"{table.path} a été modifiée entre-temps ; recharger la page")
        old = store.rows_of(session, table.id)
        before = [list(r.cells) for r in old]
        department = table.department
        for row in old:
            session.delete(row)
        session.flush()
        table.encoding, table.bom = dialect.encoding, dialect.bom
        table.delimiter, table.newline = dialect.delimiter, dialect.newline
        session.add_all(
            InputRow(table_id=table.id, position=i + 1, cells=line.cells, raw=line.raw, origin="page")
            for i, line in enumerate(lines)
        )
        table.edited = True
        after = [line.cells for line in lines]
        record(
            session,
            workspace,
            "upload",
            table.path,
            by=by,
            summary=f"{table.path} remplacée par un fichier ({len(before)} → {len(after)} lignes)",
            department=department,
            before=before,
            after=after,
        )
        checked = accept_checked(session, workspace)
    cache.put(workspace_id, checked)
    return Edited(None, checked)
