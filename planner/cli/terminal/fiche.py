"""A fiche de service in the terminal (``planner sheet``)."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table

from planner.reports.fiche import (
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
    SOUS_SERVICE,
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

COLUMNS = (  # short headers: the terminal is narrower than a page
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
    for name, justify in COLUMNS:
        table.add_column(name, justify=justify, no_wrap=name not in ("Parcours", "Code", "Module"))
    for line in fiche.table():
        if isinstance(line, str):  # an IUT's fiche: the department of the lines below
            table.add_row("", "", "", f"[bold]{DEPARTMENT} {line}[/bold]", *[""] * (NCOLS - 4))
        elif isinstance(line, (Subtotal, DepartmentTotal)):
            semester = f"S{line.semester}" if isinstance(line, Subtotal) else ""
            label = "Sous-total" if isinstance(line, Subtotal) else subtotal_label(line)
            bold = [
                f"[bold]{text}[/bold]" if text else ""
                for text in (semester, label, fr(line.hours), fr(line.hetd))
            ]
            table.add_row(bold[0], "", "", bold[1], "", "", "", bold[2], "", bold[3], end_section=True)
        else:
            table.add_row(*line_texts(line))
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
    totals.add_row(cost_label(fiche), fr(printed_cost(fiche)) if printed_cost(fiche) else "0")
    parts = [f"[bold]{TITLE} — {fiche.name}[/bold]", head, table, totals]
    if fiche.has_shared:
        parts.append(f"* {SHARED}")
    parts.extend(f"[yellow]note[/yellow]: {n}" for n in fiche.notes)
    return Group(*parts)
