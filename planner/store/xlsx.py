"""Plain data tables as sheets of one xlsx workbook.

Numbers stay numbers: each cell gets the number format of ``labels.number_format``
(whole numbers ``#,##0``, others and money ``#,##0.00``), that the reader's locale
shows with its own separators (``1 234,50`` in French); dates show as ``lundi 1
septembre 2025``.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from planner.labels import number_format
from planner.numbers import cell_value

HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")


def add_table_sheet(book: Workbook, name: str, header: list[str], rows: list[list]) -> None:
    """A sheet of ``rows`` under a bold, filtered, frozen header, columns sized to their text."""
    ws = book.create_sheet(name[:31])
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for r, row in enumerate(rows, start=2):
        ws.append([cell_value(v) for v in row])
        for c, v in enumerate(row, start=1):
            fmt = number_format(v, header[c - 1] if c <= len(header) else "")
            if fmt:
                ws.cell(r, c).number_format = fmt
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    for i, title in enumerate(header, start=1):
        width = max([len(str(title))] + [_width(r[i - 1]) for r in rows[:500]])
        ws.column_dimensions[get_column_letter(i)].width = min(70, width + 2)


def _width(value) -> int:
    """Characters a cell's value takes on screen."""
    if isinstance(value, dt.date):
        return 26  # mercredi 24 septembre 2025
    return len(str(cell_value(value)))


def workbook_bytes(sheets: dict[str, tuple[list[str], list[list]]]) -> bytes:
    """A workbook of table sheets (name -> (header, rows)), as bytes."""
    book = Workbook()
    book.remove(book.active)
    for name, (header, rows) in sheets.items():
        add_table_sheet(book, name, header, rows)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def write_tables_xlsx(path: Path, sheets: dict[str, tuple[list[str], list[list]]]) -> None:
    """Write a workbook of table sheets (name -> (header, rows))."""
    Path(path).write_bytes(workbook_bytes(sheets))
