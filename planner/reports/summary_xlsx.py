"""summary.xlsx, in French: a one-page overview first, then the demand, teacher and uncovered sheets.

The overview (``Synthèse``) reads on its own and prints on one A4 page:
headline figures, what a single-year plan leaves out, the peak weekly loads,
the uncovered hours with their reasons, the assumptions in force (statuses'
HC rates and HETD factors, group sizes, pooling) and a load chart per teacher
drawn by the spreadsheet (openpyxl BarChart; its data sit beside the printed
area). Cells hold the figures as printed (cents) under a number format, and
each total is the sum of the cells above it.
"""

from __future__ import annotations

import io
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planner import labels
from planner.data.iut import local, local_label
from planner.numbers import cell_value, number
from planner.reports.fiche_xlsx import wrapped_lines
from planner.reports.summary import FIGURES, Summary
from planner.store.xlsx import HEADER_FILL

WARNING_FILL = PatternFill("solid", fgColor="FCE4D6")
SECTION_FONT = Font(bold=True, size=12, color="1F3864")
KEY_FIGURES = (  # the overview's figures, in reading order
    "demand_h",
    "demand_hetd",
    "assigned",
    "hc",
    "hc_cost",
    "vac_h",
    "vac_hetd",
    "vac_cost",
    "total_cost",
    "sous_service",
    "uncovered_h",
    "uncovered_hetd",
    "service_net",
    "outside",
    "available",
    "limit",
)
UNCOVERED_SHOWN = 6
WIDTHS = (46, 13, 6, 2, 24, 12, 12, 18, 17, 2)  # columns A to J, in characters
CHART_COLUMN = 12  # the chart's data start in column L, right of the printed area (A:J)


def put(ws: Worksheet, row: int, col: int, value, label: str = "", *, bold=False, fill=None, wrap=False):
    """One cell: a number keeps its value (a float of its cents) under its number format.

    ``label``: the header or unit the value stands under or beside (``labels.number_format``).
    """
    cell = ws.cell(row, col, cell_value(value, None))
    fmt = labels.number_format(value, label)
    if fmt:
        cell.number_format = fmt
    if bold:
        cell.font = Font(bold=True)
    if fill:
        cell.fill = fill
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _text_block(ws: Worksheet, row: int, text: str, *, fill=None, bold=False, last: int = 10) -> int:
    """A paragraph over columns A to ``last``, its row tall enough for its lines; returns the next row."""
    put(ws, row, 1, text, bold=bold, fill=fill, wrap=True)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    ws.row_dimensions[row].height = 15 * wrapped_lines(text, 120)
    return row + 1


def _section(ws: Worksheet, row: int, col: int, title: str) -> int:
    ws.cell(row, col, title).font = SECTION_FONT
    return row + 1


def _header(ws: Worksheet, row: int, col: int, names) -> int:
    for i, name in enumerate(names):
        put(ws, row, col + i, name, bold=True, fill=HEADER_FILL)
    return row + 1


def _week(iso: str) -> str:
    return f"{labels.week(iso)} ({labels.date_text(labels.monday(iso))})"


def _factors(cm, td, tp) -> str:
    return " / ".join("—" if f is None else _fraction(f) for f in (cm, td, tp))


def _fraction(f: Fraction) -> str:
    f = Fraction(f)
    return number(f, french=True) if (f * 100).denominator == 1 else f"{f.numerator}/{f.denominator}"


def left_out_text(summary: Summary) -> list[str]:
    """The single-year warning and the commands that plan the other years, in French (empty: none)."""
    left = summary.left_out
    if left is None:
        return []
    years = ", ".join(map(str, left.years))
    missing = " et ".join(map(str, left.missing))
    return [
        labels.YEARS_NOT_COUNTED.format(
            years=years, missing=missing, root=left.root, not_meaningful=labels.NOT_MEANINGFUL
        ),
        labels.PLAN_ALL_YEARS.format(
            all=f"« {left.plan_all} »", each=", ".join(f"« {c} »" for c in left.plan_each)
        ),
    ]


def overview_sheet(book: Workbook, summary: Summary) -> Worksheet:
    """The first sheet: the plan on one A4 page (see the module docstring)."""
    ws = book.create_sheet(labels.SHEETS["overview"])
    for col, width in zip("ABCDEFGHIJ", WIDTHS):
        ws.column_dimensions[col].width = width
    years = ", ".join(map(str, summary.years)) or "-"
    ws.cell(1, 1, labels.SUMMARY_TITLE.format(years=years)).font = Font(bold=True, size=15)
    row = 3
    for text in left_out_text(summary):
        row = _text_block(ws, row, text, fill=WARNING_FILL, bold=True)
    if summary.left_out:
        row += 1

    # left: key figures; right: assumptions
    top = row
    row = _section(ws, row, 1, labels.KEY_FIGURES)
    values = summary.values()
    units = {key: unit for key, _, unit in FIGURES}
    for key in KEY_FIGURES:
        value, unit = values[key], units[key]
        if key == "sous_service" and summary.left_out:  # the text runs over the empty value cells
            text = f"{labels.FIGURES[key]} : {labels.NOT_MEANINGFUL}"
            put(ws, row, 1, text).font = Font(italic=True, color="C00000")
        else:
            put(ws, row, 1, labels.FIGURES[key], bold=key in ("total_cost", "uncovered_h"))
            put(ws, row, 2, value, unit, bold=key in ("total_cost", "uncovered_h"))
            put(ws, row, 3, labels.UNITS[unit])
        row += 1
    left_end = row
    row = _assumptions(ws, top, summary)
    row = max(row, left_end) + 1

    # peaks, then uncovered hours
    row = _section(ws, row, 1, labels.PEAKS)
    if summary.peaks:
        row = _header(ws, row, 1, labels.PEAK_HEADER[:2])
        put(ws, row - 1, 5, labels.PEAK_HEADER[2], bold=True, fill=HEADER_FILL)
        put(ws, row - 1, 8, labels.PEAK_HEADER[3], bold=True, fill=HEADER_FILL)
        for p in summary.peaks:
            put(ws, row, 1, labels.PEAK_STUDENT.format(who=p.who) if p.student else p.who)
            put(ws, row, 2, p.hours)
            put(ws, row, 3, "h")
            put(ws, row, 5, _week(p.iso_week))
            if p.cap is not None:
                put(ws, row, 8, p.cap)
                put(ws, row, 9, "h")
            row += 1
    else:
        put(ws, row, 1, labels.NO_PEAKS)
        row += 1
    row += 1
    row = _section(ws, row, 1, labels.UNCOVERED)
    if not summary.uncovered:
        put(ws, row, 1, labels.NOTHING_UNCOVERED)
        row += 1
    for u in summary.uncovered[:UNCOVERED_SHOWN]:
        what = labels.UNCOVERED_WHAT.format(
            year=u.year, semester=u.semester, parcours=u.parcours, code=u.code, activity=u.activity
        )
        put(ws, row, 1, what, wrap=True)
        put(ws, row, 2, u.hours)
        put(ws, row, 3, "h")
        text = labels.reason(u.reason)
        put(ws, row, 5, text, wrap=True)
        ws.merge_cells(start_row=row, start_column=5, end_row=row, end_column=10)
        ws.row_dimensions[row].height = 15 * max(wrapped_lines(text, 70), wrapped_lines(what, 36))
        row += 1
    if len(summary.uncovered) > UNCOVERED_SHOWN:
        put(ws, row, 1, labels.MORE_UNCOVERED.format(n=len(summary.uncovered) - UNCOVERED_SHOWN))
        row += 1
    row += 1

    # the load chart, drawn by the spreadsheet from data right of the printed area
    row = _section(ws, row, 1, labels.LOAD_CHART_TITLE)
    height = _load_chart(ws, summary, f"A{row}")
    last = row + int(height / 0.5) + 1  # rows of 15 pt (about 0.53 cm) under the chart
    ws.print_area = f"A1:J{last}"
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    ws.oddFooter.left.text = labels.SUMMARY_TITLE.format(years=years)
    return ws


def _assumptions(ws: Worksheet, row: int, summary: Summary) -> int:
    """The assumptions in force, in columns E to I from ``row``; returns the next free row."""
    a = summary.assumptions
    if a is None:
        return row
    row = _section(ws, row, 5, labels.ASSUMPTIONS)
    row = _header(ws, row, 5, labels.STATUS_HEADER)
    for status, _, service_du, max_hc, cm, td, tp, rate in a.statuses:
        put(ws, row, 5, status)
        put(ws, row, 6, service_du)
        put(ws, row, 7, max_hc)
        put(ws, row, 8, _factors(cm, td, tp)).alignment = Alignment(horizontal="center")
        put(ws, row, 9, rate, labels.STATUS_HEADER[4])
        row += 1
    row += 1
    row = _header(ws, row, 5, labels.COHORT_HEADER)
    for year, parcours, students, td, tp in a.cohorts:
        put(ws, row, 5, labels.COHORT.format(year=year, parcours=parcours))
        put(ws, row, 6, students)
        put(ws, row, 7, td)
        put(ws, row, 8, tp)
        row += 1
    lines = [
        labels.POOLING.format(value=labels.YES if a.pooling else labels.NO),
        labels.STUDENT_CAP.format(hours=number(a.student_week_hours, french=True)),
    ]
    if a.fixed_groups:
        groups = ", ".join(f"BUT {y} {p} {g.upper()} : {n}" for y, p, g, n in a.fixed_groups)
        lines.append(labels.FIXED_GROUPS.format(groups=groups))
    for text in lines:
        put(ws, row, 5, text)
        row += 1
    return row


def _load_chart(ws: Worksheet, summary: Summary, anchor: str) -> float:
    """A stacked bar per teacher (outside the plan, within the service dû, beyond); its height in cm."""
    col = CHART_COLUMN
    put(ws, 1, col, labels.CHART_DATA, bold=True)
    head = (labels.header("teacher"), labels.LOAD_OUTSIDE, labels.LOAD_WITHIN, labels.LOAD_BEYOND)
    for i, name in enumerate(head):
        put(ws, 2, col + i, name, bold=True)
    teachers = summary.teachers
    for n, t in enumerate(teachers, start=3):
        inside = max(Fraction(0), min(t.total, t.service_net) - t.other)
        put(ws, n, col, t.name)
        put(ws, n, col + 1, t.other)
        put(ws, n, col + 2, inside)
        put(ws, n, col + 3, t.total - t.other - inside)
    for i, width in enumerate((22, 14, 14, 14)):
        ws.column_dimensions[get_column_letter(col + i)].width = width
    chart = BarChart()
    chart.type = "bar"  # horizontal bars
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 40
    chart.style = 10
    chart.title = None
    chart.x_axis.title = None
    chart.y_axis.title = labels.LOAD_AXIS
    chart.x_axis.scaling.orientation = "maxMin"  # first teacher on top, as in the sheets
    chart.y_axis.number_format = labels.WHOLE_FORMAT
    chart.y_axis.majorGridlines = None
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    last = 2 + len(teachers)
    data = Reference(ws, min_col=col + 1, max_col=col + 3, min_row=2, max_row=max(last, 3))
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=col, min_row=3, max_row=max(last, 3)))
    for series, color in zip(chart.series, ("B8B8B8", "4C72B0", "DD8452")):
        series.graphicalProperties.solidFill = color
        series.graphicalProperties.line.solidFill = color
    chart.width = sum(WIDTHS[:9]) * 0.19  # cm: columns A to I (a character of Calibri 11 is about 0.19 cm)
    chart.height = max(6.0, 0.5 * len(teachers) + 2.5)
    ws.add_chart(chart, anchor)
    return chart.height


# --- the table sheets -----------------------------------------------------------------


def _table(book: Workbook, name: str, header, rows: list[list], title: str):
    """A printable table sheet: French header, a total row last if given."""
    ws = book.create_sheet(name)
    _header(ws, 1, 1, header)
    for r, cells in enumerate(rows, start=2):
        bold = any(isinstance(c, str) and c.startswith(labels.TOTAL) for c in cells[:3])
        for c, (value, label) in enumerate(zip(cells, header), start=1):
            put(ws, r, c, value, label, bold=bold)
    for c, name_ in enumerate(header, start=1):  # headers wrap on two lines
        ws.cell(1, c).alignment = Alignment(wrap_text=True, vertical="center")
        width = max([min(len(str(name_)), 16)] + [len(_shown(r[c - 1])) for r in rows[:300]])
        ws.column_dimensions[get_column_letter(c)].width = min(70, width + 3)
    ws.row_dimensions[1].height = 30
    ws.freeze_panes = "A2"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "1:1"
    ws.print_area = f"A1:{ws.cell(max(ws.max_row, 1), len(header)).coordinate}"
    ws.oddFooter.left.text = title
    ws.oddFooter.right.text = labels.PAGE.format(page="&[Page]", pages="&N")
    return ws


def _parcours(u) -> str:
    return f"{u.department} {local_label(u.parcours)}" if u.department else u.parcours


def _shown(value) -> str:
    """A cell's value about as wide as shown (numbers with two decimals)."""
    if isinstance(value, (Fraction, float)) and not float(value).is_integer():
        return number(value, fixed=True, thousands=" ")
    return str(value)


def _total(rows: list[list], first: int, label: str, cells: int) -> list:
    """A total row: ``label``, then the sum of each numeric column from ``first``."""
    out: list = [label] + [""] * (first - 1)
    for c in range(first, cells):
        values = [r[c] for r in rows if isinstance(r[c], (int, Fraction))]
        out.append(sum(values, Fraction(0)) if values else "")
    return out


def summary_workbook(summary: Summary, chart_png: bytes | None = None, extra: dict | None = None) -> bytes:
    """summary.xlsx: the overview, then Demande, Enseignants, Non couvert (and the load.png image).

    Parameters
    ----------
    summary
        The department summary.
    chart_png
        load.png, shown on a last sheet (the overview has its own chart).
    extra
        More sheets after the overview (French name -> header, rows: an IUT's by department).

    Returns
    -------
    bytes
        The xlsx file.
    """
    from openpyxl.drawing.image import Image

    book = Workbook()
    book.remove(book.active)
    years = ", ".join(map(str, summary.years)) or "-"
    title = labels.SUMMARY_TITLE.format(years=years)
    overview_sheet(book, summary)
    for name, (header, rows) in (extra or {}).items():
        _table(book, name, header, rows, title)

    demand = []
    for r in summary.rows:
        activity = labels.SEMESTER_TOTAL.format(semester=r.semester) if r.activity == "all" else r.activity
        demand.append(
            [r.year, labels.SEMESTER.format(semester=r.semester), activity, r.demand_hours, r.demand_hetd]
            + [r.staff_hours]
            + [r.vacataire_hours, r.uncovered_hours, r.uncovered_hetd]
        )
    totals = [row for row, r in zip(demand, summary.rows) if r.activity == "all"]
    demand.append(_total(totals, 3, labels.TOTAL, 9))
    _table(book, labels.SHEETS["demand"], labels.DEMAND_HEADER, demand, title)

    sous_service = labels.SOUS_SERVICE + (f" ({labels.NOT_MEANINGFUL})" if summary.left_out else "")
    header = list(labels.TEACHER_HEADER)
    header[header.index(labels.SOUS_SERVICE)] = sous_service
    teachers = [
        [t.teacher, t.name, t.status, t.service_net, t.other, t.assigned, t.hours, t.total, t.hc]
        + [
            t.sous_service,
            t.cost,
            "" if t.limit is None else t.limit,
            labels.YES if t.vacataire else labels.NO,
        ]
        for t in summary.teachers
    ]
    total = _total(teachers, 3, labels.TOTAL, 12) + [""]
    ws = _table(book, labels.SHEETS["teachers"], header, teachers + [total], title)
    ws.column_dimensions["J"].width = 18

    uncovered = [  # an IUT's: the department before its parcours, the code as it writes it
        [u.year, labels.SEMESTER.format(semester=u.semester), _parcours(u), local(u.code), u.activity]
        + [u.hours, u.hetd]
        + [labels.reason(u.reason)]
        for u in summary.uncovered
    ]
    if uncovered:
        uncovered.append(_total(uncovered, 5, labels.TOTAL, 7) + [""])
    ws = _table(book, labels.SHEETS["uncovered"], labels.UNCOVERED_HEADER, uncovered, title)
    ws.column_dimensions["H"].width = 70
    if chart_png:
        ws = book.create_sheet(labels.SHEETS["chart"])
        ws["A1"] = labels.LOAD_TITLE.format(years=years)
        ws.add_image(Image(io.BytesIO(chart_png)), "A2")
        ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 1
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
