"""The input tables written as one xlsx workbook (``planner template``), to edit and load back."""

from __future__ import annotations

from pathlib import Path

from planner.data.inputs import TABLES
from planner.data.tables import Source, parse_number
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
    sheets = {}
    for table in TABLES:
        raw = source.read(table)
        header, rows = ([c.name for c in table.columns], []) if raw is None else (raw.header, raw.rows)
        sheets[table.name] = (header, [[_cell(c) for c in cells] for _, cells in rows])
    write_file_atomic(out, workbook_bytes(sheets))
