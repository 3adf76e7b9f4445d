"""Fiches de service as PDF (fpdf2), A4 landscape, one fiche starting on each page.

The font is DejaVu Sans as shipped with matplotlib (a dependency), so accents,
"—" and "€" print the same on every machine.
"""

from __future__ import annotations

from pathlib import Path

from planner.reports.fiche import (
    COLUMNS,
    DEPARTMENT,
    DONE,
    HOME,
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
    fr,
    line_texts,
    printed_cost,
    subtotal_label,
    years_label,
)

FONT = "DejaVu"
RIGHT = {"Groupes", "Heures par groupe", "Heures", "Coef. HETD", "HETD"}
PDF_WIDTHS = {
    "Semestre": 11,
    "Module": 37,
    "Heures par groupe": 12,
    "Coef. HETD": 10,
}  # headings on two lines at most


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
            self.cell(0, 6, f"Page {self.page_no()} / {{nb}}", align="R")

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
    pdf.footer_text = f"{TITLE} — {fiche.name} — BUT {years_label(fiche)}"
    pdf.set_font(FONT, "B", 15)
    pdf.cell(0, 9, f"{TITLE} — {fiche.name}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    head = [
        ("Enseignant :", f"{fiche.name} ({fiche.teacher})", f"{SERVICE_DU} :", fr(fiche.service_du)),
        ("Statut :", f"{fiche.status_label} ({fiche.status})", f"{REDUCTIONS} :", fr(fiche.reductions)),
        ("Année de BUT :", years_label(fiche), f"{SERVICE_NET} :", fr(fiche.service_net)),
    ]
    if fiche.department:  # an IUT's fiche: on the year's line, so the fiche keeps its page
        head[2] = (head[2][0], f"{years_label(fiche)} — {HOME.lower()} : {fiche.department}", *head[2][2:])
    for a, b, c, d in head:
        pdf.set_font(FONT, "B", 10)
        pdf.cell(32, 6, a)
        pdf.set_font(FONT, "", 10)
        pdf.cell(130, 6, b)
        pdf.set_font(FONT, "B", 10)
        pdf.cell(60, 6, c, align="R")
        pdf.set_font(FONT, "B" if c.startswith(SERVICE_NET) else "", 10)
        pdf.cell(0, 6, d, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    pdf.set_font(FONT, "", 9)
    widths = [PDF_WIDTHS.get(name, w) for name, w in COLUMNS]
    bold = FontFace(emphasis="BOLD")
    shade = FontFace(emphasis="BOLD", fill_color=(242, 242, 242))
    department_shade = FontFace(emphasis="BOLD", fill_color=(232, 238, 247))
    with pdf.table(
        col_widths=widths,
        text_align=["RIGHT" if name in RIGHT else "LEFT" for name, _ in COLUMNS],
        headings_style=FontFace(emphasis="BOLD", fill_color=(221, 229, 240)),
        line_height=5,
        repeat_headings=1,
    ) as table:
        table.row([name for name, _ in COLUMNS])
        if not fiche.lines:
            table.row().cell(NO_TEACHING, colspan=len(COLUMNS))
        for line in fiche.table():
            if isinstance(line, str):  # an IUT's fiche: the department of the lines below
                table.row(style=bold).cell(f"{DEPARTMENT} {line}", colspan=len(COLUMNS), align="LEFT")
                continue
            if isinstance(line, (Subtotal, DepartmentTotal)):
                row = table.row(style=shade if isinstance(line, Subtotal) else department_shade)
                row.cell(subtotal_label(line), colspan=7, align="LEFT")
                row.cell(fr(line.hours))
                row.cell("")
                row.cell(fr(line.hetd))
                continue
            table.row(line_texts(line))
        row = table.row(style=bold)
        row.cell(TOTAL, colspan=7, align="LEFT")
        row.cell(fr(fiche.hours))
        row.cell("")
        row.cell(fr(fiche.hetd))
    if fiche.has_shared:
        pdf.set_font(FONT, "", 8)
        pdf.cell(0, 5, f"* {SHARED}", new_x="LMARGIN", new_y="NEXT")

    pdf.ln(3)
    label, amount = balance(fiche)
    lines = [
        (PLAN_HETD, fr(fiche.hetd), False),
        (OTHER, fr(fiche.other_hetd), False),
        (DONE, fr(fiche.total), True),
        (SERVICE_NET, fr(fiche.service_net), False),
        (label, fr(amount), True),
        (cost_label(fiche), fr(printed_cost(fiche)) if printed_cost(fiche) else "0", False),
    ]
    for text, value, strong in lines:
        pdf.set_font(FONT, "B" if strong else "", 10)
        pdf.cell(200, 5.5, text, align="R")
        pdf.cell(0, 5.5, value, align="R", new_x="LMARGIN", new_y="NEXT")
    for note in fiche.notes:
        pdf.set_font(FONT, "", 8)
        pdf.multi_cell(0, 5, f"Note : {note}", new_x="LMARGIN", new_y="NEXT")

    # signature boxes, kept together on one page
    box_h = 30
    if pdf.get_y() + box_h + 8 > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(4)
    y = pdf.get_y()
    half = (pdf.w - pdf.l_margin - pdf.r_margin - 10) / 2
    for x, title in ((pdf.l_margin, SIGN_TEACHER), (pdf.l_margin + half + 10, SIGN_HEAD)):
        pdf.rect(x, y, half, box_h)
        pdf.set_xy(x + 2, y + 1.5)
        pdf.set_font(FONT, "B", 10)
        pdf.cell(half - 4, 6, title)
        pdf.set_xy(x + 2, y + 8)
        pdf.set_font(FONT, "", 9)
        pdf.cell(half - 4, 6, "Date :")
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
