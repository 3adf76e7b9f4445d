"""Workbooks written in streaming mode: a sheet is laid out cell by cell, then written row by row.

Numbers stay numbers: each cell gets the number format of ``labels.number_format``
(whole numbers ``#,##0``, others and money ``#,##0.00``), that the reader's locale
shows with its own separators (``1 234,50`` in French); dates show as ``lundi 1
septembre 2025``.

openpyxl's write-only workbooks stream each row to the file, and a ``Style``
(a plain value) is turned into openpyxl's font, fill, border and alignment once
per workbook: styling every cell through openpyxl objects costs more than
writing the file.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planner import labels
from planner.labels import number_format
from planner.numbers import cell_value

HEADER = "DDE5F0"  # the fill of a header row
LINE = "808080"  # thin grey borders
PAGE = labels.PAGE.format(page="&[Page]", pages="&N")  # a footer's page number, in the spreadsheet's codes


@dataclass(frozen=True)
class Style:
    """How a cell looks, as plain values (hashable: one openpyxl style per workbook and look)."""

    bold: bool = False
    italic: bool = False
    size: float | None = None
    color: str | None = None  # of the text, RGB
    fill: str | None = None  # a solid fill, RGB
    border: str = ""  # the sides drawn with a thin grey line: any of "lrtb"
    horizontal: str | None = None
    vertical: str | None = None
    wrap: bool = False
    number_format: str | None = None


PLAIN = Style()
BOLD = Style(bold=True)
HEADING = Style(bold=True, fill=HEADER)  # a table's header cell
BOX = "lrtb"


@functools.cache
def _formatted(style: Style, number_format: str) -> Style:
    return replace(style, number_format=number_format)


def _side(on: bool) -> Side | None:
    return Side(style="thin", color=LINE) if on else None


class Styles:
    """The openpyxl style of each ``Style`` of one workbook, made once."""

    def __init__(self) -> None:
        self._made: dict[Style, Any] = {}

    def cell(self, ws, value, style: Style) -> Any:  # a WriteOnlyCell (a factory, not a type)
        cell: Any = WriteOnlyCell(ws, value)
        made = self._made.get(style)
        if made is None:
            self._apply(cell, style)
            self._made[style] = copy(cell._style)  # openpyxl's own way of copying a style
        else:
            cell._style = copy(made)
        return cell

    @staticmethod
    def _apply(cell: Any, s: Style) -> None:
        if s.bold or s.italic or s.size or s.color:
            cell.font = Font(bold=s.bold, italic=s.italic, size=s.size, color=s.color)
        if s.fill:
            cell.fill = PatternFill("solid", fgColor=s.fill)
        if s.border:
            left, right, top, bottom = (_side(side in s.border) for side in "lrtb")
            cell.border = Border(left=left, right=right, top=top, bottom=bottom)
        if s.horizontal or s.vertical or s.wrap:
            cell.alignment = Alignment(horizontal=s.horizontal, vertical=s.vertical, wrap_text=s.wrap or None)
        if s.number_format:
            cell.number_format = s.number_format


@dataclass
class Sheet:
    """A sheet laid out in any order (cells, merges, sizes, page setup), written in one pass by ``write``."""

    title: str
    cells: dict[tuple[int, int], tuple[Any, Style]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    heights: dict[int, float] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    setup: list[Callable] = field(default_factory=list)  # page setup, freeze panes… (ws -> None)
    charts: list[tuple[Any, str]] = field(default_factory=list)
    images: list[tuple[Any, str]] = field(default_factory=list)

    def put(
        self, row: int, col: int, value, style: Style = PLAIN, label: str = "", digits: int | None = None
    ):
        """A cell: a number keeps its value under its number format (``label``: its header or unit).

        ``digits``: floats and fractions rounded so (``numbers.cell_value``; None: exact).
        """
        fmt = number_format(value, label)
        if fmt:
            style = _formatted(style, fmt)
        self.cells[(row, col)] = (cell_value(value, digits), style)

    def restyle(self, row: int, col: int, **changes) -> None:
        """Change how a cell looks (an empty cell is made)."""
        value, style = self.cells.get((row, col), (None, PLAIN))
        self.cells[(row, col)] = (value, replace(style, **changes))

    def merge(self, row: int, first: int, last: int, bottom: int | None = None) -> None:
        """Merge columns ``first`` to ``last`` of ``row`` (to ``bottom``), edges bordered as the first."""
        bottom = row if bottom is None else bottom
        self.merges.append((row, first, bottom, last))
        border = self.cells.get((row, first), (None, PLAIN))[1].border
        for r in range(row, bottom + 1):
            for c in range(first, last + 1):
                sides = "".join(
                    side
                    for side, edge in zip("lrtb", (c == first, c == last, r == row, r == bottom))
                    if edge and side in border
                )
                if (r, c) != (row, first) and sides:
                    self.restyle(r, c, border=sides)

    def box(self, top: int, left: int, bottom: int, right: int) -> None:
        """A thin frame around a block of cells (their borders replaced)."""
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                edges = (c == left, c == right, r == top, r == bottom)
                self.restyle(r, c, border="".join(s for s, e in zip("lrtb", edges) if e))

    @property
    def max_row(self) -> int:
        return max((r for r, _ in self.cells), default=1)

    def write(self, book: Workbook, styles: Styles) -> None:
        """Stream the sheet into a write-only workbook: sizes and setup first, then the rows in order."""
        ws = book.create_sheet(self.title)
        for col, width in self.widths.items():
            ws.column_dimensions[get_column_letter(col)].width = width
        for row, height in self.heights.items():
            ws.row_dimensions[row].height = height
        for top, left, bottom, right in self.merges:
            ws.merged_cells.add(f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}")
        for step in self.setup:
            step(ws)
        for chart, anchor in self.charts:
            ws.add_chart(chart, anchor)
        for image, anchor in self.images:
            ws.add_image(image, anchor)
        rows: dict[int, list[tuple[int, Any, Style]]] = {}
        for (r, c), (value, style) in self.cells.items():
            rows.setdefault(r, []).append((c, value, style))
        for r in range(1, max(rows, default=0) + 1):
            cells = sorted(rows.get(r, []), key=lambda x: x[0])
            line: list = [None] * (cells[-1][0] if cells else 0)
            for c, value, style in cells:  # a plain cell goes as its value: openpyxl's quick way
                line[c - 1] = value if style is PLAIN else styles.cell(ws, value, style)
            ws.append(line)


def print_setup(ws, *, landscape: bool, pages_tall: int = 0) -> None:
    """Printed on A4, one page wide and ``pages_tall`` pages tall (0: as many as it takes)."""
    ws.page_setup.orientation = (
        Worksheet.ORIENTATION_LANDSCAPE if landscape else Worksheet.ORIENTATION_PORTRAIT
    )
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = pages_tall


def workbook(sheets: list[Sheet]) -> bytes:
    """A workbook of laid-out sheets, in order, as bytes (written in streaming mode)."""
    book = Workbook(write_only=True)
    styles = Styles()
    for sheet in sheets:
        sheet.write(book, styles)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def table_sheet(name: str, header: list[str], rows: list[list]) -> Sheet:
    """A sheet of ``rows`` under a bold, filtered, frozen header, columns sized to their text."""
    sheet = Sheet(name[:31])
    for c, title in enumerate(header, start=1):
        sheet.put(1, c, title, HEADING)
    for r, row in enumerate(rows, start=2):
        for c, v in enumerate(row, start=1):
            if v is not None:
                sheet.put(r, c, v, label=header[c - 1] if c <= len(header) else "", digits=4)
    for i, title in enumerate(header, start=1):
        width = max([len(str(title))] + [_width(r[i - 1]) for r in rows[:500]])
        sheet.widths[i] = min(70, width + 2)
    last = f"{get_column_letter(len(header))}{len(rows) + 1}"

    def setup(ws) -> None:
        ws.freeze_panes = "A2"
        if rows:
            ws.auto_filter.ref = f"A1:{last}"

    sheet.setup.append(setup)
    return sheet


def _width(value) -> int:
    """Characters a cell's value takes on screen."""
    if isinstance(value, dt.date):
        return 26  # mercredi 24 septembre 2025
    return len(str(cell_value(value)))


def workbook_bytes(sheets: dict[str, tuple[list[str], list[list]]]) -> bytes:
    """A workbook of table sheets (name -> (header, rows)), as bytes."""
    return workbook([table_sheet(name, header, rows) for name, (header, rows) in sheets.items()])


def write_tables_xlsx(path: Path, sheets: dict[str, tuple[list[str], list[list]]]) -> None:
    """Write a workbook of table sheets (name -> (header, rows))."""
    Path(path).write_bytes(workbook_bytes(sheets))
