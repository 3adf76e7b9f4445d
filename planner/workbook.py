"""The input tables as one xlsx workbook (``planner template``)."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from .inputs import TABLES
from .outputs import write_file_atomic
from .tables import Source, parse_number


def _cell(text: str):
    """Numbers as numbers (so Excel sums them), everything else as text."""
    if text == "" or "/" in text:
        return text or None
    value = parse_number(text)
    if value is None or any(ch.isalpha() for ch in text):
        return text
    return int(value) if value.denominator == 1 else float(value)


def write_template(inputs_path: str | Path, out: str | Path) -> None:
    source = Source(inputs_path)
    book = Workbook()
    book.remove(book.active)
    for table in TABLES:
        raw = source.read(table)
        if raw is None:
            raw_header, rows = [c.name for c in table.columns], []
        else:
            raw_header, rows = raw.header, raw.rows
        ws = book.create_sheet(table.name)
        ws.append(raw_header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for _, cells in rows:
            ws.append([_cell(c) for c in cells])
        ws.freeze_panes = "A2"
        for i, name in enumerate(raw_header, start=1):
            width = max([len(name)] + [len(r[i - 1]) for _, r in rows[:200]])
            ws.column_dimensions[ws.cell(1, i).column_letter].width = min(60, width + 2)
    buf = io.BytesIO()
    book.save(buf)
    write_file_atomic(out, buf.getvalue())
