"""What every rendering of a fiche prints: its labels and its figures as French text.

The workbook (``fiche_xlsx``), the PDF (``fiche_pdf``) and the terminal
(``cli.terminal.fiche``) print the same lines, labels and figures; the words
come from ``planner.labels``.
"""

from __future__ import annotations

from fractions import Fraction

from planner import labels
from planner.numbers import hours_text, number
from planner.reports.fiche import DepartmentTotal, Fiche, FicheLine, Subtotal

WIDTHS = (9, 16, 14, 46, 9, 9, 10, 9, 9, 10)  # of the table's columns on paper, in characters
COLUMNS = tuple(zip(labels.FICHE_COLUMNS, WIDTHS))  # header, width
NCOLS = len(COLUMNS)
FIGURES = range(5, NCOLS)  # the columns of figures (groups to HETD), right-aligned


def balance(fiche: Fiche) -> tuple[str, Fraction]:
    """The label and value of the fiche's balance line."""
    if fiche.vacataire:  # no service dû: every hour is a vacation
        return labels.VACATIONS, fiche.hc
    if fiche.hc:
        return labels.HC, fiche.hc
    if fiche.sous_service:
        return labels.SOUS_SERVICE, fiche.sous_service
    return labels.BALANCED, Fraction(0)


def cost_label(fiche: Fiche) -> str:
    """The label of the fiche's cost line (vacations or heures complémentaires)."""
    return labels.COST_VACATIONS if fiche.vacataire else labels.COST_HC


def fiche_title(fiche: Fiche) -> str:
    """The fiche's title: ``Fiche de service — Alice Martin``."""
    return f"{labels.FICHE_TITLE} — {fiche.name}"


def footer(fiche: Fiche) -> str:
    """The fiche's footer: its title and BUT years."""
    return f"{fiche_title(fiche)} — BUT {years_label(fiche)}"


def years_label(fiche: Fiche) -> str:
    """The BUT years of the fiche, as printed."""
    return ", ".join(str(y) for y in fiche.years) or labels.NONE


def head_lines(fiche: Fiche) -> list[tuple[str, str, str, Fraction]]:
    """The header block, one line each: who, status, BUT years, and beside them the service dû."""
    return [
        (labels.FICHE_TEACHER, f"{fiche.name} ({fiche.teacher})", labels.SERVICE_DU, fiche.service_du),
        (labels.FICHE_STATUS, f"{fiche.status_label} ({fiche.status})", labels.REDUCTIONS, fiche.reductions),
        (labels.FICHE_YEARS, years_label(fiche), labels.SERVICE_NET, fiche.service_net),
    ]


def total_lines(fiche: Fiche) -> list[tuple[str, Fraction, bool]]:
    """The balance block under the table: (label, figure, bold), the cost last.

    This plan's HETD, each REH item, the HETD counted outside the plan, the
    service done (their sum), the service net, the balance and its cost.
    """
    label, amount = balance(fiche)
    return [
        (labels.PLAN_HETD, fiche.hetd, False),
        *((f"{labels.REH} : {item}", hetd, False) for item, hetd in fiche.reh),  # REH item by item
        (labels.OTHER, fiche.other_hetd, False),
        (labels.DONE, fiche.total, True),
        (labels.SERVICE_NET, fiche.service_net, False),
        (label, amount, True),
        (cost_label(fiche), fiche.printed_cost, False),
    ]


def parcours_label(line: FicheLine) -> str:
    """A line's parcours, marked ``*`` when the module is taught to several together."""
    return f"{line.parcours} *" if line.shared else line.parcours


def semester_label(semester: int) -> str:
    return labels.SEMESTER.format(semester=semester)


def department_label(department: str) -> str:
    """The line that opens a department's lines on an IUT's fiche: ``Département GEA``."""
    return f"{labels.FICHE_DEPARTMENT} {department}"


def subtotal_label(item: Subtotal | DepartmentTotal) -> str:
    """The label of a subtotal line: ``Sous-total S3``, ``Sous-total département GEA``."""
    if isinstance(item, DepartmentTotal):
        return f"{labels.SUBTOTAL} {labels.FICHE_DEPARTMENT.lower()} {item.department}"
    return f"{labels.SUBTOTAL} {semester_label(item.semester)}"


def fr(x) -> str:
    """A number the French way, as a fiche prints it: 16 ; 5,33 ; 1 234,50."""
    return number(x, french=True)


def fr_hours(x) -> str:
    """Hours the French way, as the maquette writes them: 16 ; 4,5."""
    return hours_text(x, french=True)


HOURS = (6, 7)  # the columns of hours (per group, in all): 4,5 rather than 4,50


def line_cells(line: FicheLine) -> list:
    """One line of the fiche's table, one cell per column of ``COLUMNS``: texts, then figures."""
    return [
        semester_label(line.semester),
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


def line_texts(line: FicheLine) -> list[str]:
    """One line of the fiche's table as text, one cell per column of ``COLUMNS``."""
    return [
        (fr_hours(x) if i in HOURS else fr(x)) if i in FIGURES else x for i, x in enumerate(line_cells(line))
    ]
