"""Commands on the inputs: validate, maquette, demand, template."""

from __future__ import annotations

from pathlib import Path

import click

from planner.cli.app import cli, console, inputs_option, load, year_option, years_of
from planner.errors import PlannerError


@cli.command()
@inputs_option
def validate(inputs_path: Path) -> None:
    """Check the inputs: every problem a solve would refuse or silently drop, all at once."""
    from planner.cli.terminal.inputs import national_table, totals_table
    from planner.data.inputs import load_inputs
    from planner.errors import PlannerErrors
    from planner.validate import validate as check

    later: list[PlannerError] = []  # problems that leave the tables readable: said with the checks
    inputs = load_inputs(inputs_path, later)
    report = check(inputs, later)
    console.print(totals_table(report.totals))
    if report.national:
        console.print(national_table(report.national))
    for finding in report.warnings:
        console.print(f"[yellow]warning[/yellow]: {finding}", highlight=False)
    if report.errors:
        raise PlannerErrors([f.error() for f in report.errors])
    most = sum(c.limit for c in report.capacities)
    names = ", ".join(inputs.departments)
    departments = f"{len(inputs.departments)} departments ({names}), " if inputs.scoped else ""
    warnings = report.warnings
    console.print(
        f"[green]ok[/green]: {departments}{len(inputs.modules)} maquette rows, "
        f"{len(report.totals)} declared totals equal, "
        f"{len(inputs.cohorts)} cohorts, {len(inputs.teachers)} teachers, "
        f"{len(inputs.qualifications)} qualifications, {len(inputs.locks)} locks; "
        f"demand of all years {float(report.demand.hetd):.0f} HETD "
        f"for at most {float(most):.0f} HETD of staff"
        + (f"; {len(warnings)} warning(s)." if warnings else "."),
        highlight=False,
    )


@cli.command()
@year_option()
@click.option("--parcours", help="Only this parcours (commun, OSC, QMI, MTD).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
@inputs_option
def maquette(year: str, parcours: str | None, fmt: str, inputs_path: Path) -> None:
    """Show the encoded maquette of a year."""
    from planner.cli.terminal.inputs import maquette_csv, maquette_table

    inputs = load(inputs_path)
    years = years_of(year)
    modules = [m for m in inputs.modules if m.year in years]
    if parcours:
        known = sorted({m.parcours for m in modules})
        if parcours not in known:
            raise PlannerError(
                f"no parcours {parcours!r} in year {year}", hint=f"Choose one of: {', '.join(known)}."
            )
        modules = [m for m in modules if m.parcours == parcours]
    if fmt == "csv":
        click.echo(maquette_csv(modules), nl=False)
    else:
        console.print(maquette_table(modules))


@cli.command()
@year_option()
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
@click.option("--pooling/--no-pooling", default=None, help="Pool common modules (default: settings).")
@inputs_option
def demand(year: str, fmt: str, pooling: bool | None, inputs_path: Path) -> None:
    """Teaching demand per module, activity and group, in hours and HETD."""
    from planner.cli.terminal.inputs import demand_csv, demand_parts_table, demand_totals_table
    from planner.demand import build_demand

    inputs = load(inputs_path)
    result = build_demand(inputs, years_of(year), pooling)
    if fmt == "csv":
        click.echo(demand_csv(result, inputs.scoped), nl=False)
        return
    unpooled = build_demand(inputs, years_of(year), False) if result.pooling else None
    console.print(demand_parts_table(result, inputs.scoped))
    console.print(demand_totals_table(result, unpooled, inputs.scoped))
    for note in result.notes:
        console.print(f"[yellow]note[/yellow]: {note}")


@cli.command()
@click.option("--departments", required=True, type=click.IntRange(min=1), help="How many departments.")
@click.option("--seed", default=0, show_default=True, type=int, help="Same seed, same IUT.")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="The folder to write.")
@click.option(
    "--template",
    default="inputs",
    show_default=True,
    type=click.Path(path_type=Path),
    help="The department every generated one is derived from (a folder of CSV tables with a calendar).",
)
def generate(departments: int, seed: int, out: Path, template: Path) -> None:
    """Write a generated IUT of K departments that share teachers, as input files."""
    from planner.data.inputs import load_inputs
    from planner.generate.iut import write_iut

    with console.status("generating…"):
        write_iut(out, departments, seed, template)
    inputs = load_inputs(out)
    console.print(
        f"wrote {out}/: {len(inputs.departments)} departments ({', '.join(inputs.departments)}), "
        f"{len(inputs.teachers)} teachers, {len(inputs.modules)} maquette rows, "
        f"{len(inputs.cohorts)} cohorts (see {out}/generated.txt)"
    )


@cli.command()
@click.option("--out", required=True, type=click.Path(path_type=Path), help="The .xlsx file to write.")
@inputs_option
def template(out: Path, inputs_path: Path) -> None:
    """Write the input tables as one workbook (one sheet per table)."""
    from planner.store.template import write_template

    load(inputs_path)
    write_template(inputs_path, out)
    console.print(f"wrote {out}")
