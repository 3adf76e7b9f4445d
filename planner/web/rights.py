"""What a role may read and edit, department by department (the rules ``web.auth`` enforces).

The administrator reads and edits everything. A head of department reads
everything and edits their department (in one department's inputs: all of
it). A reader (viewer) reads their department, or all when they have none. A
teacher reads the departments they teach in (``scope.teacher_departments``)
and edits nothing there: their own wishes and fiche have rules of their own.
"""

from __future__ import annotations

from planner.web import scope
from planner.web.accounts import Who


def may_edit(who: Who, department: str | None, iut: bool) -> bool:
    """Whether ``who`` edits what belongs to ``department`` (None: the whole IUT, or one department)."""
    if who.role == "admin":
        return True
    return who.role == "head" and (not iut or (department is not None and department == who.department))


def may_read(who: Who, department: str | None, v) -> bool:
    """Whether ``who`` reads ``department``'s data."""
    if who.role in ("admin", "head") or department is None:
        return True
    if who.role == "viewer":
        return who.department in (None, department)
    return department in scope.teacher_departments(v.checked, v.stored, who.teacher)
