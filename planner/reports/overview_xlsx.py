"""The first sheet of summary.xlsx (``Synthèse``): the plan on one A4 page.

Headline figures, what a single-year plan leaves out, the peak weekly loads,
the uncovered hours with their reasons, the assumptions in force (statuses'
HC rates and HETD factors, group sizes, pooling) and a load chart per teacher
drawn by the spreadsheet (openpyxl BarChart; its data sit beside the printed
area). Cells hold the figures as printed (cents) under their number format.
"""

from __future__ import annotations

from fractions import Fraction

from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter, quote_sheetname

from planner import labels
from planner.numbers import number
from planner.reports.fiche_xlsx import wrapped_lines
from planner.reports.summary import FIGURES, Summary
from planner.store.xlsx import BOLD, HEADING, Sheet, Style, print_setup

WARNING = Style(bold=True, fill="FCE4D6", wrap=True, vertical="top")
SECTION = Style(bold=True, size=12, color="1F3864")
WRAPPED = Style(wrap=True, vertical="top")
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
STRONG = ("total_cost", "uncovered_h")  # figures in bold
UNCOVERED_SHOWN = 6
WIDTHS = (46, 13, 6, 2, 24, 12, 12, 18, 17, 2)  # columns A to J, in characters
CHART_COLUMN = 12  # the chart's data start in column L, right of the printed area (A:J)


def header_row(sheet: Sheet, row: int, col: int, names) -> int:
    """Bold headers on a fill from ``col``; returns the next row."""
    for i, name in enumerate(names):
        sheet.put(row, col + i, name, HEADING)
    return row + 1


def _text_block(sheet: Sheet, row: int, text: str, style: Style, last: int = 10) -> int:
    """A paragraph over columns A to ``last``, its row tall enough for its lines; returns the next row."""
    sheet.put(row, 1, text, style)
    sheet.merge(row, 1, last)
    sheet.heights[row] = 15 * wrapped_lines(text, 120)
    return row + 1


def _section(sheet: Sheet, row: int, col: int, title: str) -> int:
    sheet.put(row, col, title, SECTION)
    return row + 1


def _week(iso: str) -> str:
    return f"{labels.week(iso)} ({labels.date_text(labels.monday(iso))})"


def _factors(cm, td, tp) -> str:
    return " / ".join(labels.NONE if f is None else _fraction(f) for f in (cm, td, tp))


def _fraction(f: Fraction) -> str:
    f = Fraction(f)
    return number(f, french=True) if (f * 100).denominator == 1 else f"{f.numerator}/{f.denominator}"


def left_out_text(summary: Summary) -> list[str]:
    """The single-year warning and the commands that plan the other years, in French (empty: none)."""
    left = summary.left_out
    if left is None:
        return []
    years = ", ".join(map(str, left.years))
    missing = labels.AND.join(map(str, left.missing))
    return [
        labels.YEARS_NOT_COUNTED.format(
            years=years, missing=missing, root=left.root, not_meaningful=labels.NOT_MEANINGFUL
        ),
        labels.PLAN_ALL_YEARS.format(
            all=f"« {left.plan_all} »", each=", ".join(f"« {c} »" for c in left.plan_each)
        ),
    ]


def overview_sheet(summary: Summary) -> Sheet:
    """The first sheet: the plan on one A4 page (see the module docstring)."""
    sheet = Sheet(labels.SHEETS["overview"])
    put = sheet.put
    for col, width in enumerate(WIDTHS, start=1):
        sheet.widths[col] = width
    years = ", ".join(map(str, summary.years)) or "-"
    put(1, 1, labels.SUMMARY_TITLE.format(years=years), Style(bold=True, size=15))
    row = 3
    for text in left_out_text(summary):
        row = _text_block(sheet, row, text, WARNING)
    if summary.left_out:
        row += 1

    # left: key figures; right: assumptions
    top = row
    row = _section(sheet, row, 1, labels.KEY_FIGURES)
    values = summary.values()
    units = {key: unit for key, _, unit in FIGURES}
    for key in KEY_FIGURES:
        value, unit = values[key], units[key]
        if key == "sous_service" and summary.left_out:  # the text runs over the empty value cells
            text = f"{labels.FIGURES[key]} : {labels.NOT_MEANINGFUL}"
            put(row, 1, text, Style(italic=True, color="C00000"))
        else:
            style = BOLD if key in STRONG else Style()
            put(row, 1, labels.FIGURES[key], style)
            put(row, 2, value, style, unit)
            put(row, 3, labels.UNITS[unit])
        row += 1
    left_end = row
    row = _assumptions(sheet, top, summary)
    row = max(row, left_end) + 1

    # peaks, then uncovered hours
    row = _section(sheet, row, 1, labels.PEAKS)
    hours = labels.UNITS["h"]
    if summary.peaks:
        row = header_row(sheet, row, 1, labels.PEAK_HEADER[:2])
        put(row - 1, 5, labels.PEAK_HEADER[2], HEADING)
        put(row - 1, 8, labels.PEAK_HEADER[3], HEADING)
        for p in summary.peaks:
            put(row, 1, labels.PEAK_STUDENT.format(who=p.who) if p.student else p.who)
            put(row, 2, p.hours)
            put(row, 3, hours)
            put(row, 5, _week(p.iso_week))
            if p.cap is not None:
                put(row, 8, p.cap)
                put(row, 9, hours)
            row += 1
    else:
        put(row, 1, labels.NO_PEAKS)
        row += 1
    row += 1
    row = _section(sheet, row, 1, labels.UNCOVERED)
    if not summary.uncovered:
        put(row, 1, labels.NOTHING_UNCOVERED)
        row += 1
    for u in summary.uncovered[:UNCOVERED_SHOWN]:
        what = labels.UNCOVERED_WHAT.format(
            year=u.year, semester=u.semester, parcours=u.parcours, code=u.code, activity=u.activity
        )
        put(row, 1, what, WRAPPED)
        put(row, 2, u.hours)
        put(row, 3, hours)
        text = labels.reason(u.reason)
        put(row, 5, text, WRAPPED)
        sheet.merge(row, 5, 10)
        sheet.heights[row] = 15 * max(wrapped_lines(text, 70), wrapped_lines(what, 36))
        row += 1
    if len(summary.uncovered) > UNCOVERED_SHOWN:
        put(row, 1, labels.MORE_UNCOVERED.format(n=len(summary.uncovered) - UNCOVERED_SHOWN))
        row += 1
    row += 1

    # the load chart, drawn by the spreadsheet from data right of the printed area
    row = _section(sheet, row, 1, labels.LOAD_CHART_TITLE)
    height = _load_chart(sheet, summary, f"A{row}")
    last = row + int(height / 0.5) + 1  # rows of 15 pt (about 0.53 cm) under the chart

    def setup(ws) -> None:
        ws.print_area = f"A1:J{last}"
        print_setup(ws, landscape=False, pages_tall=1)
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.print_options.horizontalCentered = True
        ws.oddFooter.left.text = labels.SUMMARY_TITLE.format(years=years)

    sheet.setup.append(setup)
    return sheet


def _assumptions(sheet: Sheet, row: int, summary: Summary) -> int:
    """The assumptions in force, in columns E to I from ``row``; returns the next free row."""
    a = summary.assumptions
    if a is None:
        return row
    put = sheet.put
    row = _section(sheet, row, 5, labels.ASSUMPTIONS)
    row = header_row(sheet, row, 5, labels.STATUS_HEADER)
    for status, _, service_du, max_hc, cm, td, tp, rate in a.statuses:
        put(row, 5, status)
        put(row, 6, service_du)
        put(row, 7, max_hc)
        put(row, 8, _factors(cm, td, tp), Style(horizontal="center"))
        put(row, 9, rate, label=labels.STATUS_HEADER[4])
        row += 1
    row += 1
    row = header_row(sheet, row, 5, labels.COHORT_HEADER)
    for year, parcours, students, td, tp in a.cohorts:
        put(row, 5, labels.COHORT.format(year=year, parcours=parcours))
        put(row, 6, students)
        put(row, 7, td)
        put(row, 8, tp)
        row += 1
    lines = [
        labels.POOLING.format(value=labels.YES if a.pooling else labels.NO),
        labels.STUDENT_CAP.format(hours=number(a.student_week_hours, french=True)),
    ]
    if a.fixed_groups:
        groups = ", ".join(
            labels.FIXED_GROUP.format(year=y, parcours=p, kind=g.upper(), n=n)
            for y, p, g, n in a.fixed_groups
        )
        lines.append(labels.FIXED_GROUPS.format(groups=groups))
    for text in lines:
        put(row, 5, text)
        row += 1
    return row


def _load_chart(sheet: Sheet, summary: Summary, anchor: str) -> float:
    """A stacked bar per teacher (outside the plan, within the service dû, beyond); its height in cm."""
    col = CHART_COLUMN
    sheet.put(1, col, labels.CHART_DATA, BOLD)
    head = (labels.header("teacher"), labels.LOAD_OUTSIDE, labels.LOAD_WITHIN, labels.LOAD_BEYOND)
    for i, name in enumerate(head):
        sheet.put(2, col + i, name, BOLD)
    teachers = summary.teachers
    for n, t in enumerate(teachers, start=3):
        inside = max(Fraction(0), min(t.total, t.service_net) - t.other)
        sheet.put(n, col, t.name)
        sheet.put(n, col + 1, t.other)
        sheet.put(n, col + 2, inside)
        sheet.put(n, col + 3, t.total - t.other - inside)
    for i, width in enumerate((22, 14, 14, 14)):
        sheet.widths[col + i] = width
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
    last = max(2 + len(teachers), 3)

    def cells(first: int, last_col: int, top: int) -> Reference:
        span = f"${get_column_letter(first)}${top}:${get_column_letter(last_col)}${last}"
        return Reference(range_string=f"{quote_sheetname(sheet.title)}!{span}")

    chart.add_data(cells(col + 1, col + 3, 2), titles_from_data=True)
    chart.set_categories(cells(col, col, 3))
    for series, color in zip(chart.series, ("B8B8B8", "4C72B0", "DD8452")):
        series.graphicalProperties.solidFill = color
        series.graphicalProperties.line.solidFill = color
    chart.width = sum(WIDTHS[:9]) * 0.19  # type: ignore[assignment]  # (the stubs say int)  # cm: columns A to I (a character of Calibri 11 is about 0.19 cm)
    chart.height = max(6.0, 0.5 * len(teachers) + 2.5)
    sheet.charts.append((chart, anchor))
    return chart.height
