"""Fiches de service as printable xlsx sheets (openpyxl), one sheet per teacher."""

from __future__ import annotations

import io
import re
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planner.labels import HETD_FORMAT, WHOLE_FORMAT
from planner.numbers import cell_value
from planner.reports.fiche import (
    COLUMNS,
    DEPARTMENT,
    DONE,
    HOME,
    NCOLS,
    NO_TEACHING,
    OTHER,
    PLAN_HETD,
    REDUCTIONS,
    SERVICE_DU,
    SERVICE_NET,
    SHARED,
    SIGN_HEAD,
    SIGN_TEACHER,
    TITLE,
    TOTAL,
    DepartmentTotal,
    Fiche,
    Subtotal,
    balance,
    cost_label,
    parcours_label,
    printed_cost,
    subtotal_label,
    years_label,
)

DEPARTMENT_FILL = PatternFill("solid", fgColor="E8EEF7")

HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
SUBTOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def number_format(x) -> str:
    """Whole numbers without decimals, others with two; the reader's locale gives the separators."""
    whole = isinstance(x, int) or (isinstance(x, Fraction) and x.denominator == 1)
    return WHOLE_FORMAT if whole else HETD_FORMAT


# --- xlsx ---------------------------------------------------------------------

UNSAFE = re.compile(r"[\[\]:*?/\\]")


def sheet_titles(ids: list[str]) -> list[str]:
    """Unique sheet titles (at most 31 characters, no []:*?/\\) for these teacher ids."""
    titles: list[str] = []
    used: set[str] = set()
    for teacher in ids:
        base = UNSAFE.sub("_", teacher).strip("'") or "enseignant"
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


def _put(ws: Worksheet, row: int, col: int, x, *, bold=False, fmt=None, align=None, fill=None, border=None):
    cell = ws.cell(row, col, cell_value(x, None))  # exact: the format shows 2 decimals
    if bold:
        cell.font = Font(bold=True)
    if isinstance(x, (Fraction, int, float)) and not isinstance(x, bool):
        cell.number_format = fmt or number_format(x)
    if align:
        cell.alignment = Alignment(horizontal=align, vertical="center")
    if fill:
        cell.fill = fill
    if border:
        cell.border = border
    return cell


def _label_value(
    ws: Worksheet, row: int, col: int, label: str, x, *, span: int = 2, bold=False, fmt=None
) -> None:
    """A right-aligned label merged over ``span`` columns, then its value."""
    _put(ws, row, col, label, bold=bold, align="right")
    if span > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)
    _put(ws, row, col + span, x, bold=bold, fmt=fmt, align="left" if isinstance(x, str) else "right")


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
    ws.cell(1, 1, f"{TITLE} — {fiche.name}").font = Font(bold=True, size=15)
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 24
    label_col = 7
    _put(ws, 3, 1, "Enseignant :", bold=True)
    _put(ws, 3, 3, f"{fiche.name} ({fiche.teacher})")
    _put(ws, 4, 1, "Statut :", bold=True)
    _put(ws, 4, 3, f"{fiche.status_label} ({fiche.status})")
    _put(ws, 5, 1, "Année de BUT :", bold=True)
    _put(ws, 5, 3, years_label(fiche))
    if fiche.department:  # an IUT's fiche
        _put(ws, 6, 1, f"{HOME} :", bold=True)
        _put(ws, 6, 3, fiche.department)
    _label_value(ws, 3, label_col, f"{SERVICE_DU} :", fiche.service_du, span=3)
    _label_value(ws, 4, label_col, f"{REDUCTIONS} :", fiche.reductions, span=3)
    _label_value(ws, 5, label_col, f"{SERVICE_NET} :", fiche.service_net, span=3, bold=True)

    # table
    head = 7
    for i, (name, _) in enumerate(COLUMNS, start=1):
        cell = _put(ws, head, i, name, bold=True, fill=HEADER_FILL, border=BOX)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[head].height = 30
    row = head + 1
    if not fiche.lines:
        _put(ws, row, 1, NO_TEACHING, border=BOX)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=NCOLS)
        row += 1
    for line in fiche.table():
        if isinstance(line, str):  # an IUT's fiche: the department of the lines below
            _put(ws, row, 1, f"{DEPARTMENT} {line}", bold=True, fill=DEPARTMENT_FILL, border=BOX)
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
        cells = [
            f"S{line.semester}",
            parcours_label(line),
            line.code,
            line.module,
            line.activity,
            line.groups,
            line.hours_per_group,
            line.hours,
            line.factor,
            line.hetd,
        ]
        for c, x in enumerate(cells, start=1):
            _put(ws, row, c, x, border=BOX).alignment = Alignment(vertical="center", wrap_text=c == 4)
        lines = wrapped_lines(line.module, COLUMNS[3][1])
        if lines > 1:  # openpyxl does not fit row heights to wrapped text: set it
            ws.row_dimensions[row].height = 15 * lines
        row += 1
    _put(ws, row, 1, TOTAL, bold=True, fill=HEADER_FILL, border=BOX)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=7)
    _put(ws, row, 8, fiche.hours, bold=True, fill=HEADER_FILL, border=BOX)
    _put(ws, row, 9, "", fill=HEADER_FILL, border=BOX)
    _put(ws, row, 10, fiche.hetd, bold=True, fill=HEADER_FILL, border=BOX)
    row += 1
    if fiche.has_shared:
        _put(ws, row, 1, f"* {SHARED}")
        row += 1

    # balance
    row += 1
    label, amount = balance(fiche)
    for text, x, bold, fmt in (
        (PLAN_HETD, fiche.hetd, False, None),
        (OTHER, fiche.other_hetd, False, None),
        (DONE, fiche.total, True, None),
        (SERVICE_NET, fiche.service_net, False, None),
        (label, amount, True, None),
        (cost_label(fiche), printed_cost(fiche), False, HETD_FORMAT),
    ):
        _label_value(ws, row, 4, text, x, span=6, bold=bold, fmt=fmt)
        row += 1
    for note in fiche.notes:
        _put(ws, row, 1, f"Note : {note}").font = Font(italic=True, color="A00000")
        row += 1

    # signatures: two boxes side by side
    row += 1
    top = row
    _put(ws, top, 1, SIGN_TEACHER, bold=True)
    _put(ws, top, 6, SIGN_HEAD, bold=True)
    _put(ws, top + 1, 1, "Date :")
    _put(ws, top + 1, 6, "Date :")
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
    ws.oddFooter.left.text = f"{TITLE} — {fiche.name} — BUT {years_label(fiche)}"
    ws.oddFooter.right.text = "Page &[Page] / &N"
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
    return "fiche_" + (re.sub(r"[^\w.-]", "_", teacher) or "enseignant")
