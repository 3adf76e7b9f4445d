"""The sweep command: a grid of levers, one variant per combination, one table."""

from __future__ import annotations

import sys
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
@click.argument("grid_file", metavar="GRID.toml", type=click.Path(path_type=Path))
@year_option()
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Folder for sweep.csv, sweep.xlsx and sweep.png [default: reports/sweep-<grid>-year<N>].",
)
@runner_options("Variants")
@solve_options
@click.option("--dry-run", is_flag=True, help="List the variants and stop: nothing solved, nothing written.")
@inputs_option
def sweep(
    grid_file: Path,
    year: str,
    out: Path | None,
    jobs: int | None,
    scheduler: str | None,
    overrides: dict,
    dry_run: bool,
    inputs_path: Path,
) -> None:
    """Solve every combination of a grid of levers; one row per variant.

    GRID.toml lists levers (values and the scenario changes each makes; see
    scenarios/grids/year1.toml). The first variant (the first value of every
    lever) is the reference: the others are warm-started from its plan and
    kept close to it. Writes sweep.csv (rewritten as variants finish),
    sweep.xlsx and sweep.png (cost against uncovered hours and peak student
    load, Pareto fronts marked) in --out. Ctrl-C writes the variants solved
    so far and marks the rest not run.

    \b
    planner sweep scenarios/grids/year1.toml --year 1 --jobs 2
    planner sweep scenarios/grids/year1.toml --year 1 --scheduler tcp://10.0.0.5:8786
    """
    from planner.pipeline import saved_context
    from planner.scenarios.compare import scenario_jobs
    from planner.scenarios.sweep import grid_variants, load_grid

    inputs = load(inputs_path)
    years = years_of(year)
    grid = load_grid(grid_file)
    variants = grid_variants(grid, inputs)
    out = out or Path("reports") / f"sweep-{grid.name}-year{year}"
    context = saved_context(inputs, out.parent, years)
    job_list, notes, _ = scenario_jobs(
        inputs, [v.scenario for v in variants], years, overrides=overrides, context=context
    )
    err = err_console.made
    print_notes(
        err, dict.fromkeys(n.split(": ", 1)[-1] for ns in notes.values() for n in ns), context.sources
    )
    if dry_run:
        for v in variants:
            console.print(f"{v.name}: {v.scenario.description}", highlight=False)
        err.print(f"{len(variants)} variants of {len(grid.levers)} levers; nothing solved", highlight=False)
        return
    comparison = _solve(grid, variants, job_list, out, jobs, scheduler, err)
    _write(grid, variants, comparison, out)
    from planner.cli.terminal.sweep import sweep_table

    console.print(sweep_table(grid, variants, comparison))
    failed = [o for o in comparison.outcomes if o.state == "failed"]
    for o in failed:
        console.print(f"[red]{o.name}[/red]: {o.error}", highlight=False)
    done = sum(o.done for o in comparison.outcomes)
    err.print(
        f"{done} of {len(job_list)} variants solved in {comparison.seconds:.1f} s"
        + f" ({comparison.jobs} at a time)"
        + (f", {len(failed)} failed" if failed else "")
        + f"; wrote {out}/ (sweep.csv, sweep.xlsx, sweep.png)",
        highlight=False,
    )
    if comparison.interrupted:
        err.print(
            f"interrupted: {done} variants solved are written, {len(job_list) - done} marked not run",
            highlight=False,
        )
        sys.exit(130)


def _solve(grid, variants, job_list, out: Path, jobs, scheduler, err):
    """Solve the variants; rewrite sweep.csv (atomically) each time one finishes."""
    from planner.scenarios.compare import compare, comparison_of
    from planner.scenarios.sweep_report import sweep_csv
    from planner.store.atomic import write_file_atomic

    finished: dict[str, object] = {}
    # serial in a worker process too, so that Ctrl-C stops the sweep, never a solve halfway
    with runner_of(jobs, scheduler, len(job_list), isolate=True) as runner:  # unreachable: nothing written
        err.print(f"solving {len(job_list)} variants: {runner.where}", highlight=False)
        bar, task = progress_bar(err, "variants", len(job_list))
        with bar:

            def progress(name, outcome):
                if outcome is None:
                    return
                finished[name] = outcome
                bar.advance(task)
                if outcome.done:
                    cost = f"{float(outcome.metrics['cost_eur']):,.0f}".replace(",", " ")
                    text = f"cost {cost} €, uncovered {float(outcome.metrics['uncovered_hours']):g} h"
                    bar.console.print(f"done {name}: {text} ({outcome.total_seconds:.1f} s)", highlight=False)
                else:
                    bar.console.print(f"[red]failed[/red] {name}: {outcome.error}", highlight=False)
                partial = comparison_of(job_list, [finished.get(j.name) for j in job_list])
                write_file_atomic(out / "sweep.csv", sweep_csv(grid, variants, partial))

            return compare(job_list, runner=runner, progress=progress, keep_going=True)


def _write(grid, variants, comparison, out: Path) -> None:
    from planner.scenarios.sweep_report import sweep_csv, sweep_png, sweep_sheets
    from planner.store.atomic import staged_dir
    from planner.store.xlsx import workbook_bytes

    with staged_dir(out) as stage:
        (stage / "sweep.csv").write_text(sweep_csv(grid, variants, comparison), encoding="utf-8")
        (stage / "sweep.xlsx").write_bytes(workbook_bytes(sweep_sheets(grid, variants, comparison)))
        (stage / "sweep.png").write_bytes(sweep_png(grid, comparison))
