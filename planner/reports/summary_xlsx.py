"""summary.xlsx, in French: a one-page overview first, then the demand, teacher and uncovered sheets.

The overview (``Synthèse``) is ``overview_xlsx``. The table sheets print in
landscape under a repeated header; cells hold the figures as printed (cents)
under their number format, and each total is the sum of the cells above it.
The workbook is written in streaming mode (``store.xlsx``).
"""

from __future__ import annotations

import io
from fractions import Fraction

from openpyxl.utils import get_column_letter

from planner import labels
from planner.data.iut import local, local_label
from planner.numbers import number
from planner.reports.overview_xlsx import overview_sheet
from planner.reports.summary import Summary
from planner.store.xlsx import HEADER, PAGE, Sheet, Style, print_setup, workbook

COLUMN_HEADING = Style(bold=True, fill=HEADER, wrap=True, vertical="center")  # on two lines
BOLD = Style(bold=True)


def _table(name: str, header, rows: list[list], title: str) -> Sheet:
    """A printable table sheet: French header, a total row last if given."""
    sheet = Sheet(name)
    for c, text in enumerate(header, start=1):
        sheet.put(1, c, text, COLUMN_HEADING)
    for r, cells in enumerate(rows, start=2):
        style = BOLD if any(isinstance(c, str) and c.startswith(labels.TOTAL) for c in cells[:3]) else Style()
        for c, (value, label) in enumerate(zip(cells, header), start=1):
            sheet.put(r, c, value, style, label)
    for c, name_ in enumerate(header, start=1):
        width = max([min(len(str(name_)), 16)] + [len(_shown(r[c - 1])) for r in rows[:300]])
        sheet.widths[c] = min(70, width + 3)
    sheet.heights[1] = 30
    corner = f"{get_column_letter(len(header))}{len(rows) + 1}"

    def setup(ws) -> None:
        ws.freeze_panes = "A2"
        print_setup(ws, landscape=True)
        ws.print_title_rows = "1:1"
        ws.print_area = f"A1:{corner}"
        ws.oddFooter.left.text = title
        ws.oddFooter.right.text = PAGE

    sheet.setup.append(setup)
    return sheet


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


def demand_rows(summary: Summary) -> list[list]:
    """The Demande sheet: per semester and activity, a total per semester, then the total."""
    demand = []
    for r in summary.rows:
        activity = labels.SEMESTER_TOTAL.format(semester=r.semester) if r.activity == "all" else r.activity
        demand.append(
            [r.year, labels.SEMESTER.format(semester=r.semester), activity, r.demand_hours, r.demand_hetd]
            + [r.staff_hours, r.vacataire_hours, r.uncovered_hours, r.uncovered_hetd]
        )
    totals = [row for row, r in zip(demand, summary.rows) if r.activity == "all"]
    return demand + [_total(totals, 3, labels.TOTAL, 9)]


def teacher_rows(summary: Summary) -> tuple[list[str], list[list]]:
    """The Enseignants sheet: each teacher's load, then the total."""
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
    return header, teachers + [_total(teachers, 3, labels.TOTAL, 12) + [""]]


def uncovered_rows(summary: Summary) -> list[list]:
    """The Non couvert sheet; an IUT's names the department before its parcours, the code as it writes it."""
    uncovered = [
        [u.year, labels.SEMESTER.format(semester=u.semester), _parcours(u), local(u.code), u.activity]
        + [u.hours, u.hetd, labels.reason(u.reason)]
        for u in summary.uncovered
    ]
    if uncovered:
        uncovered.append(_total(uncovered, 5, labels.TOTAL, 7) + [""])
    return uncovered


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
    years = ", ".join(map(str, summary.years)) or "-"
    title = labels.SUMMARY_TITLE.format(years=years)
    sheets = [overview_sheet(summary)]
    sheets += [_table(name, header, rows, title) for name, (header, rows) in (extra or {}).items()]
    sheets.append(_table(labels.SHEETS["demand"], labels.DEMAND_HEADER, demand_rows(summary), title))
    teachers = _table(labels.SHEETS["teachers"], *teacher_rows(summary), title)
    teachers.widths[10] = 18
    uncovered = _table(labels.SHEETS["uncovered"], labels.UNCOVERED_HEADER, uncovered_rows(summary), title)
    uncovered.widths[8] = 70
    sheets += [teachers, uncovered]
    if chart_png:
        from openpyxl.drawing.image import Image

        chart = Sheet(labels.SHEETS["chart"])
        chart.put(1, 1, labels.LOAD_TITLE.format(years=years))
        chart.images.append((Image(io.BytesIO(chart_png)), "A2"))
        chart.setup.append(lambda ws: print_setup(ws, landscape=True, pages_tall=1))
        sheets.append(chart)
    return workbook(sheets)
