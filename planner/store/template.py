"""The input tables written as one xlsx workbook (``planner template``), to edit and load back.

An IUT's department tables become one sheet each with a ``department`` first
column (the form ``load_inputs`` reads from a workbook).
"""

from __future__ import annotations

from pathlib import Path

from planner.data.inputs import DEPARTMENT_TABLES, TABLES
from planner.data.iut import DEPARTMENT_COLUMN, FOLDER
from planner.data.tables import Source, Table, parse_number
from planner.store.atomic import write_file_atomic
from planner.store.xlsx import workbook_bytes


def _cell(text: str):
    """Numbers as numbers (so Excel sums them), everything else as text."""
    if text == "" or "/" in text:
        return text or None
    value = parse_number(text)
    if value is None or any(ch.isalpha() for ch in text):
        return text
    return int(value) if value.denominator == 1 else float(value)


def _department_sheet(folder: Path, table: Table) -> tuple[list[str], list[list[str]]]:
    """One table of every department folder, with a department first column."""
    header = [DEPARTMENT_COLUMN]
    rows: list[dict[str, str]] = []
    for sub in sorted(d for d in folder.iterdir() if d.is_dir() and not d.name.startswith(".")):
        raw = Source(sub).read(table)
        if raw is None:
            continue
        header += [c for c in raw.header if c not in header]
        rows += [{DEPARTMENT_COLUMN: sub.name, **dict(zip(raw.header, cells))} for _, cells in raw.rows]
    if len(header) == 1:
        header += [c.name for c in table.columns]
    return header, [[row.get(c, "") for c in header] for row in rows]


def write_template(inputs_path: str | Path, out: str | Path) -> None:
    """Write the input tables as one xlsx workbook, a sheet per table (``planner template``).

    Parameters
    ----------
    inputs_path
        A folder of CSV tables or a workbook; a table it lacks gets its header alone.
    out
        The .xlsx file, written atomically.
    """
    source = Source(inputs_path)
    departments = None if source.is_workbook else source.path / FOLDER
    sheets = {}
    for table in TABLES:
        if departments is not None and departments.is_dir() and table.name in DEPARTMENT_TABLES:
            header, rows = _department_sheet(departments, table)
        else:
            raw = source.read(table)
            header = [c.name for c in table.columns] if raw is None else raw.header
            rows = [] if raw is None else [cells for _, cells in raw.rows]
        sheets[table.name] = (header, [[_cell(c) for c in cells] for cells in rows])
    write_file_atomic(out, workbook_bytes(sheets))
