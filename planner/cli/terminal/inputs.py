"""What ``planner validate``, ``maquette`` and ``demand`` print: rich tables, or CSV text."""

from __future__ import annotations

from fractions import Fraction

from rich.table import Table

from planner.data.entities import ACTIVITIES, Module
from planner.data.maquette import TotalCheck
from planner.demand import Demand, units
from planner.numbers import number
from planner.store.atomic import csv_text

MAQUETTE_COLUMNS = ["year", "semester", "parcours", "code", "name", "kind", *ACTIVITIES, "total"]
DEMAND_COLUMNS = ["year", "semester", "parcours", "code", "activity", "group", "hours", "hetd", "pooled"]


def totals_table(checks: list[TotalCheck]) -> Table:
    """Declared against encoded maquette hours, one row per block (``planner validate``)."""
    table = Table(title="Maquette: declared Totaux vs encoded rows", title_justify="left")
    table.add_column("block")
    for a in (*ACTIVITIES, "total"):
        table.add_column(a, justify="right")
    table.add_column("check")
    for c in checks:
        cells = []
        for k in (*ACTIVITIES, "total"):
            d, e = c.declared[k], c.computed[k]
            cells.append(str(d) if d == e else f"[red]{e} ≠ {d}[/red]")
        table.add_row(c.block, *cells, "[green]ok[/green]" if c.ok else "[red]MISMATCH[/red]")
    return table


def maquette_rows(modules: list[Module]) -> list[list]:
    return [
        [m.year, m.semester, m.parcours, m.code, m.name, m.kind]
        + [m.hours.get(a, "") for a in ACTIVITIES]
        + [m.total]
        for m in modules
    ]


def maquette_csv(modules: list[Module]) -> str:
    """The encoded maquette as CSV text (``planner maquette --format csv``)."""
    return csv_text(MAQUETTE_COLUMNS, maquette_rows(modules))


def maquette_table(modules: list[Module]) -> Table:
    """The encoded maquette (``planner maquette``)."""
    table = Table(title="Maquette (student hours)", title_justify="left")
    for c in MAQUETTE_COLUMNS:
        table.add_column(c, justify="right" if c in (*ACTIVITIES, "total", "year", "semester") else "left")
    for row in maquette_rows(modules):
        table.add_row(*(str(v) for v in row))
    return table


def demand_rows(demand: Demand) -> list[list]:
    return [
        [
            u.part.year,
            u.part.semester,
            u.part.parcours_label,
            u.part.code,
            u.part.activity,
            u.group,
            u.hours,
            u.hetd,
            "yes" if u.part.pooled else "no",
        ]
        for u in units(demand)
    ]


def demand_csv(demand: Demand, scoped: bool = False) -> str:
    """One row per group of each part, as CSV text (``planner demand --format csv``).

    An IUT's (``scoped``) has a department column and names as their department writes them.
    """
    if scoped:
        from planner.store.scoped import scoped as scoped_table

        return csv_text(*scoped_table(DEMAND_COLUMNS, demand_rows(demand)))
    return csv_text(DEMAND_COLUMNS, demand_rows(demand))


def demand_parts_table(demand: Demand) -> Table:
    """The demand per module and activity (``planner demand``)."""
    table = Table(title="Teaching demand per module and activity", title_justify="left")
    for c in ("year", "sem", "parcours", "code", "activity", "groups", "h/group", "hours", "HETD"):
        table.add_column(c, justify="right" if c in ("groups", "h/group", "hours", "HETD") else "left")
    for p in demand.parts:
        table.add_row(
            str(p.year),
            f"S{p.semester}",
            p.parcours_label,
            p.code,
            p.activity,
            str(p.groups),
            str(p.hours),
            str(p.total_hours),
            number(p.hetd),
        )
    return table


def demand_totals_table(demand: Demand, unpooled: Demand | None) -> Table:
    """Demand per year and semester and activity, with the pooling saving when ``unpooled`` is given."""
    table = Table(title="Demand totals", title_justify="left")
    table.add_column("year")
    table.add_column("semester")
    for a in ACTIVITIES:
        table.add_column(f"{a} h", justify="right")
    table.add_column("hours", justify="right")
    table.add_column("HETD", justify="right")
    if unpooled is not None:
        table.add_column("HETD without pooling", justify="right")
        table.add_column("saving", justify="right")
    by_act = demand.by("year", "semester", "activity")
    sem = demand.by("year", "semester")
    yr = demand.by("year")
    raw_sem = unpooled.by("year", "semester") if unpooled else {}
    raw_yr = unpooled.by("year") if unpooled else {}

    def extra(raw, key, hetd):
        if unpooled is None:
            return []
        base = raw.get(key, (0, Fraction(0)))[1]
        return [number(base), number(base - hetd)]

    for year in sorted({y for y, _ in sem}):
        for (y, semester), (hours, hetd) in sem.items():
            if y != year:
                continue
            acts = [str(by_act.get((year, semester, a), (0, 0))[0]) for a in ACTIVITIES]
            table.add_row(
                str(year),
                f"S{semester}",
                *acts,
                str(hours),
                number(hetd),
                *extra(raw_sem, (year, semester), hetd),
            )
        h, e = yr[(year,)]
        acts = [str(sum(v[0] for k, v in by_act.items() if k[0] == year and k[2] == a)) for a in ACTIVITIES]
        table.add_row(
            f"[bold]{year}[/bold]",
            "[bold]year[/bold]",
            *acts,
            f"[bold]{h}[/bold]",
            f"[bold]{number(e)}[/bold]",
            *extra(raw_yr, (year,), e),
            end_section=True,
        )
    if len(yr) > 1:
        acts = [str(sum(v[0] for k, v in by_act.items() if k[2] == a)) for a in ACTIVITIES]
        base = [number(unpooled.hetd), number(unpooled.hetd - demand.hetd)] if unpooled else []
        table.add_row(
            "[bold]all[/bold]",
            "",
            *acts,
            f"[bold]{demand.hours}[/bold]",
            f"[bold]{number(demand.hetd)}[/bold]",
            *base,
        )
    return table
