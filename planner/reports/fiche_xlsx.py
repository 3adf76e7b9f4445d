"""Fiches de service as printable xlsx sheets (openpyxl), one sheet per teacher."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planner import labels
from planner.labels import number_format
from planner.numbers import cell_value
from planner.reports.fiche import DepartmentTotal, Fiche, Subtotal
from planner.reports.fiche_text import (
    COLUMNS,
    NCOLS,
    department_label,
    fiche_title,
    footer,
    head_lines,
    line_cells,
    subtotal_label,
    total_lines,
)

DEPARTMENT_FILL = PatternFill("solid", fgColor="E8EEF7")

HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
SUBTOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


# --- xlsx ---------------------------------------------------------------------

UNSAFE = re.compile(r"[\[\]:*?/\\]")


def sheet_titles(ids: list[str]) -> list[str]:
    """Unique sheet titles (at most 31 characters, no []:*?/\\) for these teacher ids."""
    titles: list[str] = []
    used: set[str] = set()
    for teacher in ids:
        base = UNSAFE.sub("_", teacher).strip("'") or labels.FICHE_TEACHER.lower()
        title, n = base[:31], 1
        while title.casefold() in used:
            n += 1
            suffix = f"~{n}"
            title = base[: 31 - len(suffix)] + suffix
        used.add(title.casefold())
        titles.append(title)
    return titles


def wrapped_lines(text: str, width: int) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide (word wrap, estimated)."""
    lines, used = 1, 0
    room = (
        width + 8
    )  # characters of a proportional font that fit (measured with LibreOffice, Calibri metrics)
    for word in text.split():
        if used and used + 1 + len(word) > room:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return lines


def _put(ws: Worksheet, row: int, col: int, x, *, bold=False, label="", align=None, fill=None, border=None):
    cell = ws.cell(row, col, cell_value(x, None))  # exact: the format shows 2 decimals
    if bold:
        cell.font = Font(bold=True)
    fmt = number_format(x, label)
    if fmt:
        cell.number_format = fmt
    if align:
        cell.alignment = Alignment(horizontal=align, vertical="center")
    if fill:
        cell.fill = fill
    if border:
        cell.border = border
    return cell


def _label_value(ws: Worksheet, row: int, col: int, label: str, x, *, span: int = 2, bold=False) -> None:
    """A right-aligned label merged over ``span`` columns, then its value."""
    _put(ws, row, col, label, bold=bold, align="right")
    if span > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)
    _put(ws, row, col + span, x, bold=bold, label=label, align="left" if isinstance(x, str) else "right")


def _box(ws: Worksheet, top: int, left: int, bottom: int, right: int) -> None:
    for r in range(top, bottom + 1):
        for c in range(left, right + 1):
            ws.cell(r, c).border = Border(
                left=THIN if c == left else None,
                right=THIN if c == right else None,
                top=THIN if r == top else None,
                bottom=THIN if r == bottom else None,
            )


def add_fiche_sheet(book: Workbook, fiche: Fiche, title: str) -> Worksheet:
    """One fiche as a printable sheet: A4 landscape, fit to width, repeated header row."""
    ws = book.create_sheet(title)
    for i, (_, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    last = get_column_letter(NCOLS)

    # title and header block
    ws.cell(1, 1, fiche_title(fiche)).font = Font(bold=True, size=15)
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 24
    label_col = 7
    for row, (label, text, service, figure) in enumerate(head_lines(fiche), start=3):
        _put(ws, row, 1, labels.colon(label), bold=True)
        _put(ws, row, 3, text)
        _label_value(ws, row, label_col, labels.colon(service), figure, span=3, bold=row == 5)
    if fiche.department:  # an IUT's fiche
        _put(ws, 6, 1, labels.colon(labels.FICHE_HOME), bold=True)
        _put(ws, 6, 3, fiche.department)

    # table
    head = 7
    for i, (name, _) in enumerate(COLUMNS, start=1):
        cell = _put(ws, head, i, name, bold=True, fill=HEADER_FILL, border=BOX)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[head].height = 30
    row = head + 1
    if not fiche.lines:
        _put(ws, row, 1, labels.NO_TEACHING, border=BOX)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=NCOLS)
        row += 1
    for line in fiche.table():
        if isinstance(line, str):  # an IUT's fiche: the department of the lines below
            _put(ws, row, 1, department_label(line), bold=True, fill=DEPARTMENT_FILL, border=BOX)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=NCOLS)
            row += 1
            continue
        if isinstance(line, (Subtotal, DepartmentTotal)):
            fill = SUBTOTAL_FILL if isinstance(line, Subtotal) else DEPARTMENT_FILL
            _put(ws, row, 1, subtotal_label(line), bold=True, fill=fill, border=BOX)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=7)
            _put(ws, row, 8, line.hours, bold=True, fill=fill, border=BOX)
            _put(ws, row, 9, "", fill=fill, border=BOX)
            _put(ws, row, 10, line.hetd, bold=True, fill=fill, border=BOX)
            row += 1
            continue
        for c, x in enumerate(line_cells(line), start=1):
            _put(ws, row, c, x, border=BOX).alignment = Alignment(vertical="center", wrap_text=c == 4)
        lines = wrapped_lines(line.module, COLUMNS[3][1])
        if lines > 1:  # openpyxl does not fit row heights to wrapped text: set it
            ws.row_dimensions[row].height = 15 * lines
        row += 1
    _put(ws, row, 1, labels.TOTAL, bold=True, fill=HEADER_FILL, border=BOX)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=7)
    _put(ws, row, 8, fiche.hours, bold=True, fill=HEADER_FILL, border=BOX)
    _put(ws, row, 9, "", fill=HEADER_FILL, border=BOX)
    _put(ws, row, 10, fiche.hetd, bold=True, fill=HEADER_FILL, border=BOX)
    row += 1
    if fiche.has_shared:
        _put(ws, row, 1, f"* {labels.SHARED}")
        row += 1

    # balance
    row += 1
    for text, x, bold in total_lines(fiche):
        _label_value(ws, row, 4, text, x, span=6, bold=bold)
        row += 1
    for note in fiche.notes:
        _put(ws, row, 1, f"{labels.colon(labels.NOTE)} {note}").font = Font(italic=True, color="A00000")
        row += 1

    # signatures: two boxes side by side
    row += 1
    top = row
    _put(ws, top, 1, labels.SIGN_TEACHER, bold=True)
    _put(ws, top, 6, labels.SIGN_HEAD, bold=True)
    _put(ws, top + 1, 1, labels.colon(labels.SIGN_DATE))
    _put(ws, top + 1, 6, labels.colon(labels.SIGN_DATE))
    ws.row_dimensions[top + 2].height = 60
    _box(ws, top, 1, top + 2, 4)
    _box(ws, top, 6, top + 2, NCOLS)
    row = top + 2

    # printing
    ws.print_area = f"A1:{last}{row}"
    ws.print_title_rows = f"{head}:{head}"
    ws.freeze_panes = ws.cell(head + 1, 1)
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.85  # room for the footer below the sheet
    ws.page_margins.header, ws.page_margins.footer = 0.3, 0.3
    ws.print_options.horizontalCentered = True
    ws.oddFooter.left.text = footer(fiche)
    ws.oddFooter.right.text = labels.PAGE.format(page="&[Page]", pages="&N")
    return ws


def fiches_workbook(fiches: list[Fiche]) -> bytes:
    """A workbook with one printable sheet per fiche, titled by teacher id.

    Parameters
    ----------
    fiches
        The fiches, in sheet order.

    Returns
    -------
    bytes
        The xlsx file.
    """
    book = Workbook()
    book.remove(book.active)
    for fiche, title in zip(fiches, sheet_titles([f.teacher for f in fiches])):
        add_fiche_sheet(book, fiche, title)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def file_stem(teacher: str) -> str:
    """The file name (no extension) of one teacher's fiche: ``fiche_<id>``."""
    return "fiche_" + (re.sub(r"[^\w.-]", "_", teacher) or labels.FICHE_TEACHER.lower())
