"""The compare command: scenarios side by side."""

from __future__ import annotations

from pathlib import Path

import click

from planner.cli.app import (
    cli,
    console,
    err_console,
    inputs_option,
    load,
    print_notes,
    progress_bar,
    runner_of,
    runner_options,
    solve_options,
    year_option,
    years_of,
)


@cli.command()
@year_option()
@click.argument(
    "scenario_files", metavar="SCENARIO...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Folder for compare.xlsx and compare.csv [default: reports/compare-year<N>].",
)
@runner_options("Scenarios")
@solve_options
@inputs_option
def compare(
    year: str,
    scenario_files: tuple[Path, ...],
    fmt: str,
    out: Path | None,
    jobs: int | None,
    scheduler: str | None,
    overrides: dict,
    inputs_path: Path,
) -> None:
    """Solve scenarios side by side; deltas against the first.

    The first SCENARIO is the reference: the others are warm-started from its
    plan and kept close to it. Writes compare.xlsx (with a per-teacher delta
    sheet) and compare.csv in --out. With --scheduler, each scenario is a
    task on a Dask cluster; the figures are the same.
    """
    from planner.cli.terminal.compare import compare_table
    from planner.pipeline import saved_context
    from planner.scenarios.compare import compare as run
    from planner.scenarios.compare import scenario_jobs
    from planner.scenarios.compare_report import compare_csv, compare_sheets
    from planner.scenarios.scenario import load_scenario
    from planner.store.atomic import staged_dir
    from planner.store.xlsx import workbook_bytes

    inputs = load(inputs_path)
    years = years_of(year)
    scenarios = [load_scenario(p) for p in scenario_files]
    out = out or Path("reports") / f"compare-year{year}"
    context = saved_context(inputs, out.parent, years)  # other years' saved plans, as solve counts them
    job_list, notes, skipped = scenario_jobs(inputs, scenarios, years, overrides=overrides, context=context)
    err = err_console.made
    print_notes(err, skipped + [n for ns in notes.values() for n in ns], context.sources)
    bar, task = progress_bar(err, "scenarios", len(job_list))
    with runner_of(jobs, scheduler, len(job_list)) as runner, bar:

        def progress(name, outcome):
            if outcome is not None:
                bar.advance(task)
                bar.console.print(
                    f"done {name}: feasible {outcome.feasible} ({outcome.total_seconds:.1f} s)",
                    highlight=False,
                )

        comparison = run(job_list, runner=runner, progress=progress)
    with staged_dir(out) as stage:
        (stage / "compare.csv").write_text(compare_csv(comparison), encoding="utf-8")
        if comparison.reference.departments:
            from planner.scenarios.compare_report import departments_csv

            (stage / "compare_departments.csv").write_text(departments_csv(comparison), encoding="utf-8")
        (stage / "compare.xlsx").write_bytes(workbook_bytes(compare_sheets(comparison, notes)))
    if fmt == "csv":
        click.echo(compare_csv(comparison), nl=False)
    else:
        console.print(compare_table(comparison))
        if comparison.reference.departments:
            from planner.cli.terminal.compare import department_table

            console.print(department_table(comparison))
        for o in comparison.outcomes:
            reasons = o.reasons()
            for line in reasons[:3]:
                console.print(f"[red]{o.name}[/red]: {line}", highlight=False)
            if len(reasons) > 3:
                console.print(
                    f"[red]{o.name}[/red]: … {len(reasons) - 3} more in compare.xlsx (sheet scenarios)",
                    highlight=False,
                )
    err.print(
        f"{len(job_list)} scenarios in {comparison.seconds:.1f} s ({comparison.jobs} at a time); wrote "
        f"{out}/ (compare.xlsx, compare.csv)",
        highlight=False,
    )
