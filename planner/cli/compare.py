"""The compare command: scenarios side by side."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from planner.cli.app import cli, console, inputs_option, load, year_option, years_of

SCHEDULER_HELP = (
    "Solve on a Dask cluster instead of local processes: a scheduler address (tcp://host:8786), "
    "or local / local:N for a local cluster of N worker processes started for this run."
)


def runner_of(jobs: int | None, scheduler: str | None, tasks: int, isolate: bool = False):
    """The runner for --jobs / --scheduler; both given is a usage error."""
    from planner.scenarios.runners import make_runner

    if jobs is not None and scheduler is not None:
        raise click.UsageError("give --jobs or --scheduler, not both")
    return make_runner(jobs=jobs, scheduler=scheduler, tasks=tasks, isolate=isolate)


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
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    help="Scenarios solved at once, one process each [default: one per core; 1 = serial].",
)
@click.option("--scheduler", metavar="ADDRESS", help=SCHEDULER_HELP)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    help="Solver time limit per scenario in seconds [default: settings].",
)
@click.option(
    "--weeks/--no-weeks",
    default=True,
    show_default=True,
    help="Lay out each scenario's weeks (peak weekly student load, week feasibility); needs calendar.csv.",
)
@click.option(
    "--weeks-time-limit",
    type=click.FloatRange(min=0.1),
    help="Week layout time limit per scenario in seconds [default: settings].",
)
@inputs_option
def compare(
    year: str,
    scenario_files: tuple[Path, ...],
    fmt: str,
    out: Path | None,
    jobs: int | None,
    scheduler: str | None,
    time_limit: float | None,
    weeks: bool,
    weeks_time_limit: float | None,
    inputs_path: Path,
) -> None:
    """Solve scenarios side by side; deltas against the first.

    The first SCENARIO is the reference: the others are warm-started from its
    plan and kept close to it. Writes compare.xlsx (with a per-teacher delta
    sheet) and compare.csv in --out. With --scheduler, each scenario is a
    task on a Dask cluster; the figures are the same.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from planner.pipeline import saved_context
    from planner.reports.compare import compare_csv, compare_sheets
    from planner.reports.terminal.compare import compare_table
    from planner.scenarios.compare import compare as run
    from planner.scenarios.compare import scenario_jobs
    from planner.scenarios.scenario import load_scenario
    from planner.store.atomic import staged_dir
    from planner.store.xlsx import workbook_bytes

    inputs = load(inputs_path)
    years = years_of(year)
    scenarios = [load_scenario(p) for p in scenario_files]
    out = out or Path("reports") / f"compare-year{year}"
    context = saved_context(inputs, out.parent, years)  # other years' saved plans, as solve counts them
    job_list, notes, skipped = scenario_jobs(
        inputs,
        scenarios,
        years,
        other_load=context.other_load,
        time_limit=time_limit,
        weeks=weeks,
        weeks_time_limit=weeks_time_limit,
        background=context.background,
    )
    err = Console(stderr=True, soft_wrap=True)
    for line in skipped + [n for ns in notes.values() for n in ns]:
        err.print(f"[yellow]note[/yellow]: {line}", highlight=False)
    for path in context.sources:
        err.print(f"counting the load of the saved plan in {path}", highlight=False)
    with (
        runner_of(jobs, scheduler, len(job_list)) as runner,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
        ) as bar,
    ):
        task = bar.add_task("solving scenarios", total=len(job_list))

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
        (stage / "compare.xlsx").write_bytes(workbook_bytes(compare_sheets(comparison, notes)))
    if fmt == "csv":
        click.echo(compare_csv(comparison), nl=False)
    else:
        console.print(compare_table(comparison))
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
