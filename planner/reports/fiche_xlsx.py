"""Fiches de service rendered: printable xlsx sheets (openpyxl) and the terminal (rich).

Labels are in French: a fiche is the document a teacher and the head of
department sign.
"""

from __future__ import annotations

import io
import re
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from rich import box
from rich.console import Group
from rich.table import Table

from planner.reports.fiche import DepartmentTotal, Fiche, Subtotal

TITLE = "Fiche de service"
COLUMNS = (  # header, width in characters
    ("Semestre", 9),
    ("Parcours", 16),
    ("Code", 14),
    ("Module", 46),
    ("Activité", 9),
    ("Groupes", 9),
    ("Heures par groupe", 10),
    ("Heures", 9),
    ("Coef. HETD", 9),
    ("HETD", 10),
)
NCOLS = len(COLUMNS)
TOTAL = "Total"
PLAN_HETD = "Total HETD de ce plan"
OTHER = "Heures hors de ce plan (autres années, autres services)"
DONE = "Service effectué"
SERVICE_DU = "Service dû"
REDUCTIONS = "Décharges"
SERVICE_NET = "Service dû net"
HC = "Heures complémentaires"
VACATIONS = "Heures de vacation"
SOUS_SERVICE = "Sous-service"
BALANCED = "Service dû atteint"
SHARED = "Module partagé entre parcours (enseigné aux parcours ensemble)"
SIGN_TEACHER = "Signature de l'enseignant"
SIGN_HEAD = "Signature du chef de département"
NO_TEACHING = "Aucun enseignement dans ce plan"
HOME = "Rattachement"  # the home department of a teacher of an IUT
DEPARTMENT = "Département"
DEPARTMENT_FILL = PatternFill("solid", fgColor="E8EEF7")


def subtotal_label(item: Subtotal | DepartmentTotal) -> str:
    if isinstance(item, DepartmentTotal):
        return f"Sous-total {DEPARTMENT.lower()} {item.department}"
    return f"Sous-total S{item.semester}"


HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
SUBTOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def balance(fiche: Fiche) -> tuple[str, Fraction]:
    """The label and value of the fiche's balance line."""
    if fiche.vacataire:  # no service dû: every hour is a vacation
        return VACATIONS, fiche.hc
    if fiche.hc:
        return HC, fiche.hc
    if fiche.sous_service:
        return SOUS_SERVICE, fiche.sous_service
    return BALANCED, Fraction(0)


def cost_label(fiche: Fiche) -> str:
    return "Coût des vacations (€)" if fiche.vacataire else "Coût des heures complémentaires (€)"


def years_label(fiche: Fiche) -> str:
    return ", ".join(str(y) for y in fiche.years) or "—"


def parcours_label(line) -> str:
    return f"{line.parcours} *" if line.shared else line.parcours


# --- numbers ------------------------------------------------------------------


def value(x):
    """A Fraction as an xlsx cell value."""
    if isinstance(x, Fraction):
        return int(x) if x.denominator == 1 else float(x)
    return x


def number_format(x) -> str:
    return "0" if isinstance(x, int) or (isinstance(x, Fraction) and x.denominator == 1) else "0.00"


def fr(x, decimals: int = 2) -> str:
    """A number in French: 5,33 ; 1 234,50 ; whole numbers without decimals."""
    if isinstance(x, Fraction) and x.denominator == 1 and decimals == 2:
        x = int(x)
    if isinstance(x, int):
        text = f"{x:,}"
    else:
        text = f"{float(x):,.{decimals}f}"
    return text.replace(",", "\u00a0").replace(".", ",")


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
    cell = ws.cell(row, col, value(x))
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
        (cost_label(fiche), fiche.cost, False, "#,##0.00"),
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
    """One sheet per teacher, titled by teacher id."""
    book = Workbook()
    book.remove(book.active)
    for fiche, title in zip(fiches, sheet_titles([f.teacher for f in fiches])):
        add_fiche_sheet(book, fiche, title)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def file_stem(teacher: str) -> str:
    return "fiche_" + (re.sub(r"[^\w.-]", "_", teacher) or "enseignant")


# --- terminal -----------------------------------------------------------------


TERMINAL_COLUMNS = (  # short headers: the terminal is narrower than a page
    ("Sem.", "left"),
    ("Parcours", "left"),
    ("Code", "left"),
    ("Module", "left"),
    ("Act.", "left"),
    ("Gr.", "right"),
    ("h/gr.", "right"),
    ("Heures", "right"),
    ("Coef.", "right"),
    ("HETD", "right"),
)


def fiche_renderable(fiche: Fiche) -> Group:
    """A fiche for the terminal (rich)."""
    head = Table.grid(padding=(0, 2))
    for _ in range(4):
        head.add_column()
    head.add_row(
        "[bold]Enseignant[/bold]",
        f"{fiche.name} ({fiche.teacher})",
        f"[bold]{SERVICE_DU}[/bold]",
        fr(fiche.service_du),
    )
    head.add_row(
        "[bold]Statut[/bold]",
        f"{fiche.status_label} ({fiche.status})",
        f"[bold]{REDUCTIONS}[/bold]",
        fr(fiche.reductions),
    )
    head.add_row(
        "[bold]Année de BUT[/bold]",
        years_label(fiche),
        f"[bold]{SERVICE_NET}[/bold]",
        f"[bold]{fr(fiche.service_net)}[/bold]",
    )
    if fiche.department:  # an IUT's fiche
        head.add_row(f"[bold]{HOME}[/bold]", fiche.department, "", "")

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left")
    for name, justify in TERMINAL_COLUMNS:
        table.add_column(name, justify=justify, no_wrap=name not in ("Parcours", "Code", "Module"))
    for line in fiche.table():
        if isinstance(line, str):  # an IUT's fiche: the department of the lines below
            table.add_row("", "", "", f"[bold]{DEPARTMENT} {line}[/bold]", *[""] * (NCOLS - 4))
            continue
        if isinstance(line, (Subtotal, DepartmentTotal)):
            table.add_row(
                f"[bold]S{line.semester}[/bold]" if isinstance(line, Subtotal) else "",
                "",
                "",
                f"[bold]{'Sous-total' if isinstance(line, Subtotal) else subtotal_label(line)}[/bold]",
                "",
                "",
                "",
                f"[bold]{fr(line.hours)}[/bold]",
                "",
                f"[bold]{fr(line.hetd)}[/bold]",
                end_section=True,
            )
            continue
        table.add_row(
            f"S{line.semester}",
            parcours_label(line),
            line.code,
            line.module,
            line.activity,
            fr(line.groups),
            fr(line.hours_per_group),
            fr(line.hours),
            fr(line.factor),
            fr(line.hetd),
        )
    if not fiche.lines:
        table.add_row("", "", "", NO_TEACHING, *[""] * (NCOLS - 4), end_section=True)
    table.add_row(
        "",
        "",
        "",
        f"[bold]{TOTAL}[/bold]",
        "",
        "",
        "",
        f"[bold]{fr(fiche.hours)}[/bold]",
        "",
        f"[bold]{fr(fiche.hetd)}[/bold]",
    )

    label, amount = balance(fiche)
    totals = Table.grid(padding=(0, 2))
    totals.add_column()
    totals.add_column(justify="right")
    totals.add_row(PLAN_HETD, fr(fiche.hetd))
    totals.add_row(OTHER, fr(fiche.other_hetd))
    totals.add_row(f"[bold]{DONE}[/bold]", f"[bold]{fr(fiche.total)}[/bold]")
    totals.add_row(SERVICE_NET, fr(fiche.service_net))
    style = "red" if label == SOUS_SERVICE else "yellow" if amount else "green"
    totals.add_row(f"[bold {style}]{label}[/bold {style}]", f"[bold {style}]{fr(amount)}[/bold {style}]")
    totals.add_row(cost_label(fiche), fr(Fraction(fiche.cost)) if fiche.cost else "0")
    parts = [f"[bold]{TITLE} — {fiche.name}[/bold]", head, table, totals]
    if fiche.has_shared:
        parts.append(f"* {SHARED}")
    parts.extend(f"[yellow]note[/yellow]: {n}" for n in fiche.notes)
    return Group(*parts)
