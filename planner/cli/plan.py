"""Commands that plan and show a plan: solve, weeks."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from planner.cli.app import cli, console, inputs_option, load, solve_options, year_option, years_of
from planner.errors import PlannerError


@cli.command()
@year_option()
@click.option("--out", type=click.Path(path_type=Path), help="Output folder [default: reports/year<N>].")
@solve_options
@click.option("--warm-start", type=click.Path(path_type=Path), help="A saved plan folder to start from.")
@click.option("--quiet", is_flag=True, help="Print only the summary.")
@click.option(
    "--scenario",
    type=click.Path(path_type=Path),
    help=(
        "A scenario file (scenarios/*.toml) to apply to the inputs; the output folder then defaults to "
        "reports/year<N>-<scenario name>."
    ),
)
@click.option(
    "--department",
    "departments",
    multiple=True,
    help="Plan only this department of an IUT (repeatable); the others keep their plan saved in --out.",
)
@inputs_option
def solve(
    year: str,
    out: Path | None,
    overrides: dict,
    warm_start: Path | None,
    quiet: bool,
    scenario: Path | None,
    departments: tuple[str, ...],
    inputs_path: Path,
) -> None:
    """Assign teachers to every group at the lowest cost; write the plan.

    Exit code 0: the plan is written, laid out in weeks when the inputs have a
    calendar; 2: the inputs are wrong, nothing is written; 3: the plan is written
    but its hours do not fit the weeks (the reasons are printed and in weeks_report.txt).
    After Ctrl-C: 0, the best plan found written and marked not proven.
    """
    from planner.helper import Helper

    # every input is read and checked before any process starts: a wrong one ends here
    inputs = load(inputs_path)
    years = years_of(year)
    suffix = ""
    if scenario is not None:
        from planner.scenarios.apply import apply_scenario, scenario_notes
        from planner.scenarios.scenario import load_scenario

        what_if = load_scenario(scenario)
        if not any(what_if.about(y) for y in years):
            about = "+".join(map(str, what_if.years))
            console.print(
                f"[yellow]note[/yellow]: scenario {what_if.name} is about year {about}", highlight=False
            )
        for note in scenario_notes(inputs, what_if):
            console.print(f"[yellow]note[/yellow]: {note}", highlight=False)
        inputs = apply_scenario(inputs, what_if)
        suffix = f"-{what_if.name}"
    given_out = out
    out = out or Path("reports") / f"year{year}{suffix}"
    full, kept = inputs, None
    if departments:
        from planner.data.inputs import restrict
        from planner.store.read import kept_plan

        inputs = restrict(full, list(dict.fromkeys(departments)))
        if full.scoped:
            kept = kept_plan(out, full.departments, list(inputs.departments))
    # the helper warms up (the week search, matplotlib) while this process imports and assigns;
    # then it lays out the even weeks and draws the pictures
    with Helper(warm=("planner.weeks.search",)) as helper:
        from dataclasses import replace

        from planner.cli.terminal.plan import (
            left_out_lines,
            services_table,
            solve_summary_table,
            solving_heading,
            summary_renderable,
            week_lines,
        )
        from planner.cli.terminal.progress import SolveProgress
        from planner.interrupt import stoppable
        from planner.options import SolveOptions
        from planner.pipeline import plan, saved_context
        from planner.reports.scope import left_out
        from planner.store.read import reference_hours

        context = saved_context(inputs, out.parent, years, kept)
        if warm_start:
            context = replace(context, reference=reference_hours(warm_start))
        missing = left_out(full, years, out.parent, inputs_path=inputs_path, out=given_out, scenario=scenario)
        options = SolveOptions.of(inputs, **overrides)
        progress = None if quiet else SolveProgress(console.made, solving_heading(inputs, years, options))
        with progress or contextlib.nullcontext(), stoppable(wall_limit=options.wall_limit) as stop:
            # with a calendar, weekly caps limit the assignment, then the weeks are laid out
            solved = plan(inputs, years, options, context, progress=progress, stop=stop, helper=helper)
        department, written = solved.write(out, left_out=missing, kept=kept, whole=full, helper=helper)
    result, weeks = solved.result, solved.weeks
    if not quiet:
        console.print(services_table(result))
    console.print(solve_summary_table(result, department))
    if not quiet:
        console.print(summary_renderable(department))
    if department.departments:
        from planner.cli.terminal.plan import departments_renderable

        console.print(departments_renderable(department.departments))
    for line in left_out_lines(department):
        console.print(line, highlight=False)
    for path in context.plan_sources:
        console.print(f"counted the load of the saved plan in {path}")
    for s in result.solution.shortages:
        console.print(f"[red]uncovered[/red] {s}", highlight=False)
    if weeks is not None:
        for path in context.week_sources:
            console.print(f"counted the weekly hours of the saved week layout in {path}")
        for line in week_lines(weeks):
            console.print(line, highlight=False)
    console.print(f"wrote {out}/ ({', '.join(written)})")
    if solved.interrupted:  # not a misfit: the weeks may simply not have been laid out yet
        console.print(
            f"[yellow]interrupted[/yellow]: the search was stopped ({stop.reason}); the plan written is the "
            "best found so far, not proven (see the solver sheet of plan.xlsx"
            + ("; the weeks were not laid out" if weeks is not None and not weeks.fits else "")
            + ").",
            highlight=False,
        )
    elif weeks is not None and not weeks.fits:
        reasons = f"{len(weeks.misfits)} reason{'s' if len(weeks.misfits) > 1 else ''}"
        click.echo(
            f"error: the plan is written in {out}/ but its hours do not fit the weeks "
            f"({reasons} above and in weeks_report.txt)",
            err=True,
        )
        raise SystemExit(3)


@cli.command()
@year_option()
@click.option(
    "--plan",
    "plan_dir",
    type=click.Path(path_type=Path),
    help="A plan folder written by `planner solve` [default: reports/year<N>].",
)
@click.option(
    "--groups/--no-groups",
    default=True,
    show_default=True,
    help="A row per group, not only a student's load.",
)
@click.option(
    "--teachers/--no-teachers", default=True, show_default=True, help="Also each teacher's hours per week."
)
@click.option(
    "--department", "departments", multiple=True, help="Only this department of an IUT (repeatable)."
)
@inputs_option
def weeks(
    year: str,
    plan_dir: Path | None,
    groups: bool,
    teachers: bool,
    departments: tuple[str, ...],
    inputs_path: Path,
) -> None:
    """Show a saved plan's weeks: per cohort and group, and per teacher."""
    from planner.cli.terminal.weeks import cohort_tables, teacher_tables
    from planner.data.inputs import load_inputs
    from planner.reports.weeks import cohorts_of
    from planner.store.read import read_weeks
    from planner.weeks.rows import peaks

    folder = plan_dir or Path("reports") / f"year{year}"
    saved = read_weeks(folder)
    if not saved.fits:
        raise PlannerError(
            "the hours of this plan do not fit the weeks: " + " ".join(saved.misfits()),
            where=str(folder / "weeks_report.txt"),
            hint=(
                "Change the rhythm (periods.csv) or the caps (settings.csv, statuses.csv), then run "
                "`planner solve` again."
            ),
        )
    inputs = load_inputs(inputs_path)
    if inputs.calendar is None:
        raise PlannerError(
            "the inputs have no calendar.csv, needed to mark the weeks", where=str(inputs_path)
        )
    rows = [r for r in saved.rows if r.year in years_of(year)]
    if departments:  # an IUT's layout: only these departments' rows
        rows = [r for r in rows if not r.department or r.department in departments]
    if not rows:
        raise PlannerError(f"no hours of year {year} in the week layout", where=str(folder / "weeks.csv"))
    for table in cohort_tables(rows, inputs, groups):
        console.print(table)
    if teachers:
        for table in teacher_tables(rows, inputs):
            console.print(table)
    top = peaks(rows, cohorts_of(rows, inputs))
    console.print(
        f"peak weekly load: student {top['student'][0]} h ({top['student'][1]}), "
        f"teacher {top['teacher'][0]} h ({top['teacher'][1]})",
        highlight=False,
    )
