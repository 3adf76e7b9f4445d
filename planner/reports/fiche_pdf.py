"""Fiches de service as PDF (fpdf2), A4 landscape, one fiche starting on each page.

The font is DejaVu Sans as shipped with matplotlib (a dependency), so accents,
"—" and "€" print the same on every machine.
"""

from __future__ import annotations

from pathlib import Path

from planner import labels
from planner.reports.fiche import DepartmentTotal, Fiche, Subtotal
from planner.reports.fiche_text import (
    COLUMNS,
    FIGURES,
    department_label,
    fiche_title,
    footer,
    fr,
    fr_hours,
    head_lines,
    line_texts,
    subtotal_label,
    total_lines,
    years_label,
)

FONT = "DejaVu"
PDF_WIDTHS = {0: 11, 3: 37, 6: 12, 8: 10}  # columns narrower or wider than on a sheet: two heading lines


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _document():
    from fpdf import FPDF

    class Document(FPDF):
        footer_text = ""

        def footer(self):
            self.set_y(-12)
            self.set_font(FONT, size=8)
            self.cell(0, 6, self.footer_text, align="L")
            self.set_x(self.l_margin)
            self.cell(0, 6, labels.PAGE.format(page=self.page_no(), pages="{nb}"), align="R")

    pdf = Document(orientation="landscape", format="A4")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_font(FONT, "", str(_font_dir() / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(_font_dir() / "DejaVuSans-Bold.ttf"))
    pdf.set_creator("planner")
    return pdf


def _fiche(pdf, fiche: Fiche) -> None:
    from fpdf.fonts import FontFace

    pdf.add_page()  # ends the previous fiche's last page (and its footer) first
    pdf.footer_text = footer(fiche)
    pdf.set_font(FONT, "B", 15)
    pdf.cell(0, 9, fiche_title(fiche), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    head = head_lines(fiche)
    if fiche.department:  # an IUT's fiche: on the year's line, so the fiche keeps its page
        home = f"{years_label(fiche)} — {labels.colon(labels.FICHE_HOME.lower())} {fiche.department}"
        head[2] = (head[2][0], home, *head[2][2:])
    for a, b, c, d in head:
        pdf.set_font(FONT, "B", 10)
        pdf.cell(32, 6, labels.colon(a))
        pdf.set_font(FONT, "", 10)
        pdf.cell(130, 6, b)
        pdf.set_font(FONT, "B", 10)
        pdf.cell(60, 6, labels.colon(c), align="R")
        pdf.set_font(FONT, "B" if c == labels.SERVICE_NET else "", 10)
        pdf.cell(0, 6, fr(d), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    pdf.set_font(FONT, "", 9)
    widths = [PDF_WIDTHS.get(i, w) for i, (_, w) in enumerate(COLUMNS)]
    bold = FontFace(emphasis="BOLD")
    shade = FontFace(emphasis="BOLD", fill_color=(242, 242, 242))
    department_shade = FontFace(emphasis="BOLD", fill_color=(232, 238, 247))
    with pdf.table(
        col_widths=widths,
        text_align=["RIGHT" if i in FIGURES else "LEFT" for i in range(len(COLUMNS))],
        headings_style=FontFace(emphasis="BOLD", fill_color=(221, 229, 240)),
        line_height=5,
        repeat_headings=1,
    ) as table:
        table.row([name for name, _ in COLUMNS])
        if not fiche.lines:
            table.row().cell(labels.NO_TEACHING, colspan=len(COLUMNS))
        for line in fiche.table():
            if isinstance(line, str):  # an IUT's fiche: the department of the lines below
                table.row(style=bold).cell(department_label(line), colspan=len(COLUMNS), align="LEFT")
                continue
            if isinstance(line, (Subtotal, DepartmentTotal)):
                row = table.row(style=shade if isinstance(line, Subtotal) else department_shade)
                row.cell(subtotal_label(line), colspan=7, align="LEFT")
                row.cell(fr_hours(line.hours))
                row.cell("")
                row.cell(fr(line.hetd))
                continue
            table.row(line_texts(line))
        row = table.row(style=bold)
        row.cell(labels.TOTAL, colspan=7, align="LEFT")
        row.cell(fr_hours(fiche.hours))
        row.cell("")
        row.cell(fr(fiche.hetd))
    if fiche.has_shared:
        pdf.set_font(FONT, "", 8)
        pdf.cell(0, 5, f"* {labels.SHARED}", new_x="LMARGIN", new_y="NEXT")

    pdf.ln(3)
    for text, x, strong in total_lines(fiche):
        pdf.set_font(FONT, "B" if strong else "", 10)
        pdf.cell(200, 5.5, text, align="R")
        pdf.cell(0, 5.5, fr(x), align="R", new_x="LMARGIN", new_y="NEXT")
    for note in fiche.notes:
        pdf.set_font(FONT, "", 8)
        pdf.multi_cell(0, 5, f"{labels.colon(labels.NOTE)} {note}", new_x="LMARGIN", new_y="NEXT")

    # signature boxes, kept together on one page
    box_h = 30
    if pdf.get_y() + box_h + 8 > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(4)
    y = pdf.get_y()
    half = (pdf.w - pdf.l_margin - pdf.r_margin - 10) / 2
    for x, title in ((pdf.l_margin, labels.SIGN_TEACHER), (pdf.l_margin + half + 10, labels.SIGN_HEAD)):
        pdf.rect(x, y, half, box_h)
        pdf.set_xy(x + 2, y + 1.5)
        pdf.set_font(FONT, "B", 10)
        pdf.cell(half - 4, 6, title)
        pdf.set_xy(x + 2, y + 8)
        pdf.set_font(FONT, "", 9)
        pdf.cell(half - 4, 6, labels.colon(labels.SIGN_DATE))
    pdf.set_y(y + box_h)


def fiches_pdf(fiches: list[Fiche]) -> bytes:
    """All fiches in one PDF, A4 landscape; each fiche starts on a new page.

    Parameters
    ----------
    fiches
        The fiches, in print order.

    Returns
    -------
    bytes
        The PDF file.
    """
    pdf = _document()
    for fiche in fiches:
        _fiche(pdf, fiche)
    return bytes(pdf.output())
