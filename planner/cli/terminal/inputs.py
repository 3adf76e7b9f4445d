"""What ``planner validate``, ``maquette`` and ``demand`` print: rich tables, or CSV text."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from rich.table import Table

from planner.data.entities import ACTIVITIES, Module
from planner.data.iut import local, local_label
from planner.data.maquette import TotalCheck
from planner.data.national import NationalBlock
from planner.demand import Demand, units
from planner.numbers import hours_text, number
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
            cells.append(hours_text(d) if d == e else f"[red]{hours_text(e)} ≠ {hours_text(d)}[/red]")
        table.add_row(c.block, *cells, "[green]ok[/green]" if c.ok else "[red]MISMATCH[/red]")
    return table


def national_table(blocks: list[NationalBlock]) -> Table:
    """Each semester's local hours against the programme national (``planner validate``)."""
    table = Table(title="Programme national: local hours against the national volume", title_justify="left")
    scoped = any(b.department for b in blocks)
    if scoped:
        table.add_column("department")
    for c in ("block", "local h", "PN h", "local adaptation h", "share", "local TP h", "PN TP h"):
        table.add_column(c, justify="left" if c == "block" else "right")
    for b in blocks:
        table.add_row(
            *([b.department] if scoped else []),
            f"year {b.year} {b.parcours} S{b.semester}",
            hours_text(b.local),
            hours_text(b.national),
            hours_text(b.adaptation),
            f"{float(b.share):.0%}",
            hours_text(b.local_tp),
            hours_text(b.national_tp),
        )
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
        table.add_row(*(hours_text(v) if isinstance(v, (int, Fraction)) else str(v) for v in row))
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


def demand_parts_table(demand: Demand, scoped: bool = False) -> Table:
    """The demand per module and activity (``planner demand``); an IUT's with a department column."""
    table = Table(title="Teaching demand per module and activity", title_justify="left")
    numbers = ("groups", "h/group", "hours", "HETD")
    for c in (*(["department"] if scoped else []), "year", "sem", "parcours", "code", "activity", *numbers):
        table.add_column(c, justify="right" if c in numbers else "left")
    for p in demand.parts:
        table.add_row(
            *([p.department] if scoped else []),
            str(p.year),
            f"S{p.semester}",
            local_label(p.parcours_label) if scoped else p.parcours_label,
            local(p.code) if scoped else p.code,
            p.activity,
            str(p.groups),
            hours_text(p.hours),
            hours_text(p.total_hours),
            number(p.hetd),
        )
    return table


def demand_totals_table(demand: Demand, unpooled: Demand | None, scoped: bool = False) -> Table:
    """Demand per year, semester and activity, with the pooling saving when ``unpooled`` is given.

    An IUT's (``scoped``) has a department column: each department's
    semesters and years, then the IUT's years.
    """
    table = Table(title="Demand totals", title_justify="left")
    if scoped:
        table.add_column("department")
    table.add_column("year")
    table.add_column("semester")
    for a in ACTIVITIES:
        table.add_column(f"{a} h", justify="right")
    table.add_column("hours", justify="right")
    table.add_column("HETD", justify="right")
    if unpooled is not None:
        table.add_column("HETD without pooling", justify="right")
        table.add_column("saving", justify="right")
    departments = sorted({p.department for p in demand.parts}) if scoped else [None]
    for department in departments:
        _totals_rows(table, demand, unpooled, department)
    if scoped and len(departments) > 1:
        _totals_rows(table, demand, unpooled, None, label="IUT")
    return table


def _totals_rows(table: Table, demand: Demand, unpooled: Demand | None, department, label: str = "") -> None:
    """One department's rows of the totals table (``department`` None: every part, as ``label``)."""

    def mine(d: Demand | None) -> Demand | None:
        if d is None or department is None:
            return d
        return replace(d, parts=[p for p in d.parts if p.department == department])

    demand = mine(demand) or demand
    unpooled = mine(unpooled)
    lead = [department or label] if (department or label) else []
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

    def hours_of(key_test, activity) -> str:
        return hours_text(sum((v[0] for k, v in by_act.items() if key_test(k) and k[2] == activity), 0))

    for year in sorted({y for y, _ in sem}):
        if not label:
            for (y, semester), (hours, hetd) in sem.items():
                if y != year:
                    continue
                acts = [hours_text(by_act.get((year, semester, a), (0, 0))[0]) for a in ACTIVITIES]
                table.add_row(
                    *lead,
                    str(year),
                    f"S{semester}",
                    *acts,
                    hours_text(hours),
                    number(hetd),
                    *extra(raw_sem, (year, semester), hetd),
                )
        h, e = yr[(year,)]
        acts = [hours_of(lambda k, y=year: k[0] == y, a) for a in ACTIVITIES]
        table.add_row(
            *lead,
            f"[bold]{year}[/bold]",
            "[bold]year[/bold]",
            *acts,
            f"[bold]{hours_text(h)}[/bold]",
            f"[bold]{number(e)}[/bold]",
            *extra(raw_yr, (year,), e),
            end_section=not label and (len(yr) == 1 or year != max(y for (y,) in yr)),
        )
    if len(yr) > 1:
        acts = [hours_of(lambda k: True, a) for a in ACTIVITIES]
        base = [number(unpooled.hetd), number(unpooled.hetd - demand.hetd)] if unpooled else []
        table.add_row(
            *lead,
            "[bold]all[/bold]",
            "",
            *acts,
            f"[bold]{hours_text(demand.hours)}[/bold]",
            f"[bold]{number(demand.hetd)}[/bold]",
            *base,
            end_section=True,
        )
