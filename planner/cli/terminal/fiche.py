"""A fiche de service in the terminal (``planner sheet``)."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group
from rich.table import Table

from planner import labels
from planner.reports.fiche import DepartmentTotal, Fiche, Subtotal
from planner.reports.fiche_text import (
    FIGURES,
    NCOLS,
    department_label,
    fiche_title,
    fr,
    fr_hours,
    head_lines,
    line_texts,
    semester_label,
    subtotal_label,
    total_lines,
)

WRAPPED = (1, 2, 3)  # parcours, code and module may wrap: the terminal is narrower than a page


def fiche_renderable(fiche: Fiche) -> Group:
    """A fiche for the terminal.

    Parameters
    ----------
    fiche
        The fiche, as ``reports.fiche.build_fiche`` makes it.

    Returns
    -------
    rich.console.Group
        Title, header block, one table line per module activity with a subtotal
        per semester and the total, then the balance and notes.
    """
    head = Table.grid(padding=(0, 2))
    for _ in range(4):
        head.add_column()
    for label, text, service, figure in head_lines(fiche):
        figure_text = fr(figure)
        if service == labels.SERVICE_NET:
            figure_text = f"[bold]{figure_text}[/bold]"
        head.add_row(f"[bold]{label}[/bold]", text, f"[bold]{service}[/bold]", figure_text)
    if fiche.department:  # an IUT's fiche
        head.add_row(f"[bold]{labels.FICHE_HOME}[/bold]", fiche.department, "", "")

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left")
    for i, name in enumerate(labels.FICHE_SHORT_COLUMNS):
        table.add_column(name, justify="right" if i in FIGURES else "left", no_wrap=i not in WRAPPED)
    for line in fiche.table():
        if isinstance(line, str):  # an IUT's fiche: the department of the lines below
            table.add_row("", "", "", f"[bold]{department_label(line)}[/bold]", *[""] * (NCOLS - 4))
        elif isinstance(line, (Subtotal, DepartmentTotal)):
            semester = semester_label(line.semester) if isinstance(line, Subtotal) else ""
            label = labels.SUBTOTAL if isinstance(line, Subtotal) else subtotal_label(line)
            bold = [
                f"[bold]{text}[/bold]" if text else ""
                for text in (semester, label, fr_hours(line.hours), fr(line.hetd))
            ]
            table.add_row(bold[0], "", "", bold[1], "", "", "", bold[2], "", bold[3], end_section=True)
        else:
            table.add_row(*line_texts(line))
    if not fiche.lines:
        table.add_row("", "", "", labels.NO_TEACHING, *[""] * (NCOLS - 4), end_section=True)
    table.add_row(
        "",
        "",
        "",
        f"[bold]{labels.TOTAL}[/bold]",
        "",
        "",
        "",
        f"[bold]{fr_hours(fiche.hours)}[/bold]",
        "",
        f"[bold]{fr(fiche.hetd)}[/bold]",
    )

    totals = Table.grid(padding=(0, 2))
    totals.add_column()
    totals.add_column(justify="right")
    for i, (label, figure, strong) in enumerate(total_lines(fiche)):
        style = "bold"
        if i == 4:  # the balance: sous-service in red, HC or vacations in yellow, balanced in green
            style = "bold red" if label == labels.SOUS_SERVICE else "bold yellow" if figure else "bold green"
        if strong:
            totals.add_row(f"[{style}]{label}[/{style}]", f"[{style}]{fr(figure)}[/{style}]")
        else:
            totals.add_row(label, fr(figure))
    parts: list[Any] = [f"[bold]{fiche_title(fiche)}[/bold]", head, table, totals]
    if fiche.has_shared:
        parts.append(f"* {labels.SHARED}")
    parts.extend(f"[yellow]note[/yellow]: {n}" for n in fiche.notes)
    return Group(*parts)
