"""An IUT's plan files: a department first column, names as their department writes them.

The planner knows an IUT's module codes and parcours qualified by their
department (``GEA/R3.01``); its plan files write them as the department does
(``R3.01``) beside a ``department`` column, and are qualified again when read back.
"""

from __future__ import annotations

from planner.data.iut import local, local_label, qualify, qualify_label, split

DEPARTMENT = "department"  # first column of an IUT's plan files
NAMED = ("code", "module")  # the columns whose qualified name gives a row's department
LOCAL = {"code": local, "module": local, "parcours": local_label}


def scoped(header: list[str], rows: list[list]) -> tuple[list[str], list[list]]:
    """An IUT's rows: a department first column, names as their department writes them.

    Parameters
    ----------
    header
        The file's columns (one of them ``code`` or ``module``).
    rows
        Its rows, names qualified by their department.

    Returns
    -------
    tuple
        The header with ``department`` first, and the rows with names made local.
    """
    named = next(header.index(c) for c in NAMED if c in header)
    columns = [LOCAL.get(c) for c in header]
    out = []
    for row in rows:
        cells = [f(v) if f and isinstance(v, str) else v for f, v in zip(columns, row)]
        out.append([split(row[named])[0], *cells])
    return [DEPARTMENT, *header], out


def requalify(values: dict) -> None:
    """The inverse of ``scoped`` on one row read back (a dict of its cells, changed in place)."""
    department = values[DEPARTMENT]
    for column in ("code", "module"):
        if column in values:
            values[column] = qualify(department, values[column])
    if "parcours" in values:
        values["parcours"] = qualify_label(department, values["parcours"])
