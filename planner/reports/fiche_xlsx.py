"""Fiches de service as printable xlsx sheets, one sheet per teacher, written in streaming mode."""

from __future__ import annotations

import re

from openpyxl.utils import get_column_letter

from planner import labels
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
from planner.store.xlsx import BOLD, BOX, HEADER, PAGE, Sheet, Style, print_setup, workbook

DEPARTMENT_FILL = "E8EEF7"
SUBTOTAL_FILL = "F2F2F2"
COLUMN_HEADING = Style(bold=True, fill=HEADER, border=BOX, horizontal="center", vertical="center", wrap=True)


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


def _label_value(sheet: Sheet, row: int, col: int, label: str, x, *, span: int = 2, bold=False) -> None:
    """A right-aligned label merged over ``span`` columns, then its value."""
    sheet.put(row, col, label, Style(bold=bold, horizontal="right", vertical="center"))
    if span > 1:
        sheet.merge(row, col, col + span - 1)
    align = "left" if isinstance(x, str) else "right"
    sheet.put(row, col + span, x, Style(bold=bold, horizontal=align, vertical="center"), label)


def fiche_sheet(fiche: Fiche, title: str) -> Sheet:
    """One fiche as a printable sheet: A4 landscape, fit to width, repeated header row."""
    sheet = Sheet(title)
    for i, (_, width) in enumerate(COLUMNS, start=1):
        sheet.widths[i] = width
    put = sheet.put

    # title and header block
    put(1, 1, fiche_title(fiche), Style(bold=True, size=15))
    sheet.merge(1, 1, NCOLS)
    sheet.heights[1] = 24
    label_col = 7
    for row, (label, text, service, figure) in enumerate(head_lines(fiche), start=3):
        put(row, 1, labels.colon(label), BOLD)
        put(row, 3, text)
        _label_value(sheet, row, label_col, labels.colon(service), figure, span=3, bold=row == 5)
    if fiche.department:  # an IUT's fiche
        put(6, 1, labels.colon(labels.FICHE_HOME), BOLD)
        put(6, 3, fiche.department)

    # table
    head = 7
    for i, (name, _) in enumerate(COLUMNS, start=1):
        put(head, i, name, COLUMN_HEADING)
    sheet.heights[head] = 30
    row = head + 1
    if not fiche.lines:
        put(row, 1, labels.NO_TEACHING, Style(border=BOX))
        sheet.merge(row, 1, NCOLS)
        row += 1
    for line in fiche.table():
        if isinstance(line, str):  # an IUT's fiche: the department of the lines below
            put(row, 1, department_label(line), Style(bold=True, fill=DEPARTMENT_FILL, border=BOX))
            sheet.merge(row, 1, NCOLS)
            row += 1
            continue
        if isinstance(line, (Subtotal, DepartmentTotal)):
            fill = SUBTOTAL_FILL if isinstance(line, Subtotal) else DEPARTMENT_FILL
            _total(sheet, row, subtotal_label(line), line.hours, line.hetd, fill)
            row += 1
            continue
        for c, x in enumerate(line_cells(line), start=1):
            put(row, c, x, Style(border=BOX, vertical="center", wrap=c == 4))
        lines = wrapped_lines(line.module, COLUMNS[3][1])
        if lines > 1:  # a spreadsheet does not fit row heights to wrapped text on opening: set it
            sheet.heights[row] = 15 * lines
        row += 1
    _total(sheet, row, labels.TOTAL, fiche.hours, fiche.hetd, HEADER)
    row += 1
    if fiche.has_shared:
        put(row, 1, f"* {labels.SHARED}")
        row += 1

    # balance
    row += 1
    for text, x, bold in total_lines(fiche):
        _label_value(sheet, row, 4, text, x, span=6, bold=bold)
        row += 1
    for note in fiche.notes:
        put(row, 1, f"{labels.colon(labels.NOTE)} {note}", Style(italic=True, color="A00000"))
        row += 1

    # signatures: two boxes side by side
    row += 1
    top = row
    put(top, 1, labels.SIGN_TEACHER, BOLD)
    put(top, 6, labels.SIGN_HEAD, BOLD)
    put(top + 1, 1, labels.colon(labels.SIGN_DATE))
    put(top + 1, 6, labels.colon(labels.SIGN_DATE))
    sheet.heights[top + 2] = 60
    sheet.box(top, 1, top + 2, 4)
    sheet.box(top, 6, top + 2, NCOLS)
    sheet.setup.append(lambda ws: _print_setup(ws, fiche, head, top + 2))
    return sheet


def _total(sheet: Sheet, row: int, label: str, hours, hetd, fill: str) -> None:
    """A subtotal or total line: its label over the first seven columns, hours and HETD."""
    sheet.put(row, 1, label, Style(bold=True, fill=fill, border=BOX))
    sheet.merge(row, 1, 7)
    sheet.put(row, 8, hours, Style(bold=True, fill=fill, border=BOX))
    sheet.put(row, 9, "", Style(fill=fill, border=BOX))
    sheet.put(row, 10, hetd, Style(bold=True, fill=fill, border=BOX))


def _print_setup(ws, fiche: Fiche, head: int, last_row: int) -> None:
    """A4 landscape, fit to width, the table's header repeated, the footer named."""
    ws.print_area = f"A1:{get_column_letter(NCOLS)}{last_row}"
    ws.print_title_rows = f"{head}:{head}"
    ws.freeze_panes = f"A{head + 1}"
    print_setup(ws, landscape=True)
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.85  # room for the footer below the sheet
    ws.page_margins.header, ws.page_margins.footer = 0.3, 0.3
    ws.print_options.horizontalCentered = True
    ws.oddFooter.left.text = footer(fiche)
    ws.oddFooter.right.text = PAGE


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
    return workbook([fiche_sheet(f, t) for f, t in zip(fiches, sheet_titles([f.teacher for f in fiches]))])


def file_stem(teacher: str) -> str:
    """The file name (no extension) of one teacher's fiche: ``fiche_<id>``."""
    return "fiche_" + (re.sub(r"[^\w.-]", "_", teacher) or labels.FICHE_TEACHER.lower())
