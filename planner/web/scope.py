"""Which department a thing belongs to: a table row, a module activity, a teacher.

The rules of ``web.auth`` and the journal ask it. In one department's inputs
everything is that department's (None). In an IUT a department table's rows
belong to its department (its folder, or its ``department`` column); the
IUT-wide tables' rows belong to the department of the teacher they name
(``teachers.csv``: their home department; qualifications and unavailability:
their teacher's), and the others (statuses, settings, calendar, activities)
to the whole IUT (None): the administrator's.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from planner.data.iut import DEPARTMENT_COLUMN, split
from planner.web import tables as store
from planner.web.checked import Checked
from planner.web.db import must_get
from planner.web.models import InputRow, InputTable, Workspace
from planner.web.plans import Stored

BY_TEACHER = ("qualifications", "unavailability")


def header_cells(session: Session, table: InputTable) -> list[str]:
    """The table's header, stripped (the first record with a cell)."""
    for row in store.rows_of(session, table.id):
        if any(c.strip() for c in row.cells):
            return [c.strip() for c in row.cells]
    return []


def is_iut(session: Session, workspace: Workspace, checked: Checked) -> bool:
    """Whether the inputs are an IUT (read from the tables when they do not load)."""
    if checked.ok:
        return checked.valid.scoped
    tables = store.tables_of(session, workspace.id)
    if any(t.department for t in tables):
        return True
    maquette = next((t for t in tables if t.name == "maquette"), None)
    return maquette is not None and DEPARTMENT_COLUMN in header_cells(session, maquette)


def departments(checked: Checked) -> list[str]:
    """The departments of an IUT (none for one department)."""
    return list(checked.valid.departments) if checked.ok and checked.valid.scoped else []


def teacher_home(session: Session, workspace: Workspace, checked: Checked, teacher: str) -> str | None:
    """A teacher's home department (None: unknown, or one department)."""
    if checked.ok:
        found = next((t for t in checked.valid.teachers if t.id == teacher), None)
        return (found.department or None) if found is not None and checked.valid.scoped else None
    for table in store.tables_of(session, workspace.id):
        if table.name == "teachers":
            header = header_cells(session, table)
            if "id" in header and DEPARTMENT_COLUMN in header:
                i, d = header.index("id"), header.index(DEPARTMENT_COLUMN)
                for row in store.rows_of(session, table.id):
                    if len(row.cells) > max(i, d) and row.cells[i].strip() == teacher:
                        return row.cells[d].strip() or None
    return None


def row_department(
    session: Session, workspace: Workspace, checked: Checked, table: InputTable, cells: list[str]
) -> str | None:
    """The department a row of ``table`` belongs to (None: the whole IUT, or one department)."""
    if not is_iut(session, workspace, checked):
        return None
    if table.department:
        return table.department
    header = header_cells(session, table)
    named = dict(zip(header, (c.strip() for c in cells)))
    if table.name != "teachers" and named.get(DEPARTMENT_COLUMN):
        return named[DEPARTMENT_COLUMN]
    if table.name == "teachers":
        return named.get(DEPARTMENT_COLUMN) or None
    if table.name in BY_TEACHER and named.get("teacher"):
        return teacher_home(session, workspace, checked, named["teacher"])
    return None


def of_row(session: Session, workspace: Workspace, checked: Checked, row: InputRow) -> str | None:
    table = must_get(session, InputTable, row.table_id)
    return row_department(session, workspace, checked, table, list(row.cells))


def part_department(key: str) -> str | None:
    """The department of a module activity's part key (``2|S3|GEA/OSC|GEA/R3.01|TD``)."""
    fields = key.split("|")
    if len(fields) != 5:
        return None
    department, _ = split(fields[3])
    return department or None


def teacher_departments(checked: Checked, stored: Stored | None, teacher: str | None) -> set[str]:
    """The departments a teacher teaches in: their home one, those of the plan in place and of their locks."""
    if teacher is None or not checked.ok:
        return set()
    inputs = checked.valid
    found = next((t for t in inputs.teachers if t.id == teacher), None)
    out = {found.department} if found is not None and found.department else set()
    if stored is not None:
        out |= {a.department for a in stored.saved.assignments if a.teacher == teacher and a.department}
    out |= {split(lk.code)[0] for lk in inputs.locks if lk.teacher == teacher and split(lk.code)[0]}
    return out
