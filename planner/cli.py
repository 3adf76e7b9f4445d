"""The ``planner`` command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from .errors import PlannerError

DEFAULT_INPUTS = "inputs"
console = Console()
if not console.is_terminal:
    console.width = 140  # piped or captured output: do not squeeze tables to 80 columns


def inputs_option(f):
    return click.option(
        "--inputs",
        "inputs_path",
        default=DEFAULT_INPUTS,
        show_default=True,
        type=click.Path(path_type=Path),
        help="Folder of CSV tables or one .xlsx workbook.",
    )(f)


def year_option(allow_all: bool = True):
    choices = ["1", "2", "3"] + (["all"] if allow_all else [])
    return click.option(
        "--year",
        required=True,
        type=click.Choice(choices),
        help="Year of the BUT to plan (1, 2, 3" + (" or all)." if allow_all else ")."),
    )


def years_of(year: str) -> list[int]:
    return [1, 2, 3] if year == "all" else [int(year)]


def load(path: Path):
    from .inputs import load_inputs
    from .maquette import checked_totals

    inputs = load_inputs(path)
    checked_totals(inputs)
    return inputs


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show the full traceback of internal errors.")
@click.version_option(package_name="planner")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Plan who teaches what in a BUT QLIO department, and check that it fits."""
    ctx.obj = {"debug": debug}


@cli.command()
@inputs_option
def validate(inputs_path: Path) -> None:
    """Check every input table; report declared vs encoded maquette totals."""
    from .inputs import load_inputs
    from .maquette import check_totals, first_mismatch
    from .present import totals_table

    inputs = load_inputs(inputs_path)
    checks = check_totals(inputs)
    console.print(totals_table(checks))
    error = first_mismatch(checks)
    if error:
        raise error
    console.print(
        f"[green]ok[/green]: {len(inputs.modules)} maquette rows, {len(checks)} declared totals equal, "
        f"{len(inputs.cohorts)} cohorts, {len(inputs.teachers)} teachers, "
        f"{len(inputs.qualifications)} qualifications, {len(inputs.locks)} locks."
    )


@cli.command()
@year_option()
@click.option("--parcours", help="Only this parcours (commun, OSC, QMI, MTD).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
@inputs_option
def maquette(year: str, parcours: str | None, fmt: str, inputs_path: Path) -> None:
    """Show the encoded maquette of a year."""
    from .present import maquette_csv, maquette_table

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
    from .demand import build_demand
    from .present import demand_csv, demand_parts_table, demand_totals_table

    inputs = load(inputs_path)
    result = build_demand(inputs, years_of(year), pooling)
    if fmt == "csv":
        click.echo(demand_csv(result), nl=False)
        return
    unpooled = build_demand(inputs, years_of(year), False) if result.pooling else None
    console.print(demand_parts_table(result))
    console.print(demand_totals_table(result, unpooled))
    for note in result.notes:
        console.print(f"[yellow]note[/yellow]: {note}")


@cli.command()
@click.option("--out", required=True, type=click.Path(path_type=Path), help="The .xlsx file to write.")
@inputs_option
def template(out: Path, inputs_path: Path) -> None:
    """Write the input tables as one workbook (one sheet per table)."""
    from .workbook import write_template

    load(inputs_path)
    write_template(inputs_path, out)
    console.print(f"wrote {out}")


@cli.command()
@year_option()
@click.option("--out", type=click.Path(path_type=Path), help="Output folder [default: reports/year<N>].")
@click.option("--time-limit", type=click.FloatRange(min=0.1), help="Solver time limit in seconds [default: settings].")
@click.option("--warm-start", type=click.Path(path_type=Path), help="A saved plan folder to start from.")
@click.option("--quiet", is_flag=True, help="Print only the summary.")
@click.option("--scenario", type=click.Path(path_type=Path), help="A scenario file (scenarios/*.toml) to apply to the inputs; the output folder then defaults to reports/year<N>-<scenario name>.")
@inputs_option
def solve(year: str, out: Path | None, time_limit: float | None, warm_start: Path | None, quiet: bool, scenario: Path | None, inputs_path: Path) -> None:
    """Assign teachers to every group at the lowest cost; write the plan."""
    from .outputs import staged_dir
    from .plan import write_plan
    from .saved import other_years_load, reference_hours
    from .present import services_table, solve_summary_table, stages_table
    from .weekfiles import background_load
    from .weekroom import plan_in_weeks

    inputs = load(inputs_path)
    years = years_of(year)
    suffix = ""
    if scenario is not None:
        from .scenario import apply_scenario, load_scenario, scenario_notes

        what_if = load_scenario(scenario)
        if not any(what_if.about(y) for y in years):
            console.print(f"[yellow]note[/yellow]: scenario {what_if.name} is about year {'+'.join(map(str, what_if.years))}", highlight=False)
        for note in scenario_notes(inputs, what_if):
            console.print(f"[yellow]note[/yellow]: {note}", highlight=False)
        inputs = apply_scenario(inputs, what_if)
        suffix = f"-{what_if.name}"
    out = out or Path("reports") / f"year{year}{suffix}"
    other, used = other_years_load(out.parent, years)
    reference = reference_hours(warm_start) if warm_start else None
    with console.status("solving…"):
        # with a calendar, weekly caps limit the assignment, then the weeks are laid out
        background, week_sources = background_load(out.parent, years) if inputs.calendar is not None else ({}, [])
        result, weeks = plan_in_weeks(
            inputs, years, other_load=other, reference=reference, time_limit=time_limit, background=background
        )
    from .reports import write_reports
    from .summary import summary_renderable
    from .weekfiles import week_outputs, write_weeks

    with staged_dir(out) as stage:
        write_plan(stage, result, inputs, week_outputs(weeks, inputs))
        week_files = write_weeks(stage, weeks, inputs) if weeks is not None else []
        department, reports = write_reports(stage, inputs)
    if not quiet:
        console.print(services_table(result))
        console.print(stages_table(result))
    console.print(solve_summary_table(result))
    if not quiet:
        console.print(summary_renderable(department))
    for path in used:
        console.print(f"counted the load of the saved plan in {path}")
    for s in result.solution.shortages:
        p = s.task.part
        console.print(f"[red]uncovered[/red] {p.code} {p.activity} ({p.parcours_label}, S{p.semester}): {s.hours} h: {s.reason}", highlight=False)
    if weeks is not None:
        from .weekview import week_lines

        for path in week_sources:
            console.print(f"counted the weekly hours of the saved week layout in {path}")
        for line in week_lines(weeks):
            console.print(line, highlight=False)
    console.print(f"wrote {out}/ (assignments.csv, services.csv, uncovered.csv, plan.xlsx, {', '.join(week_files + reports)})")



@cli.command()
@year_option()
@click.argument("scenario_files", metavar="SCENARIO...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
@click.option("--out", type=click.Path(path_type=Path), help="Folder for compare.xlsx and compare.csv [default: reports/compare-year<N>].")
@click.option("--jobs", type=click.IntRange(min=1), help="Scenarios solved at once, one process each [default: one per core; 1 = serial].")
@click.option("--time-limit", type=click.FloatRange(min=0.1), help="Solver time limit per scenario in seconds [default: settings].")
@click.option("--weeks/--no-weeks", default=True, show_default=True, help="Lay out each scenario's weeks (peak weekly student load, week feasibility); needs calendar.csv.")
@click.option("--weeks-time-limit", type=click.FloatRange(min=0.1), help="Week layout time limit per scenario in seconds [default: settings].")
@inputs_option
def compare(year: str, scenario_files: tuple[Path, ...], fmt: str, out: Path | None, jobs: int | None, time_limit: float | None, weeks: bool, weeks_time_limit: float | None, inputs_path: Path) -> None:
    """Solve scenarios side by side; deltas against the first.

    The first SCENARIO is the reference: the others are warm-started from its
    plan and kept close to it. Writes compare.xlsx (with a per-teacher delta
    sheet) and compare.csv in --out.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .compare import compare as run
    from .compare import scenario_jobs
    from .compare_out import compare_csv, compare_sheets, compare_table
    from .outputs import staged_dir
    from .saved import other_years_load
    from .scenario import load_scenario
    from .xlsx import workbook_bytes

    inputs = load(inputs_path)
    years = years_of(year)
    scenarios = [load_scenario(p) for p in scenario_files]
    out = out or Path("reports") / f"compare-year{year}"
    other, used = other_years_load(out.parent, years)
    background = None
    if inputs.calendar is not None:  # the weekly hours of other years' saved week layouts, as solve counts them
        from .weekfiles import background_load

        background, week_sources = background_load(out.parent, years)
        used = list(dict.fromkeys(used + week_sources))
    job_list, notes, skipped = scenario_jobs(
        inputs, scenarios, years, other_load=other, time_limit=time_limit, weeks=weeks,
        weeks_time_limit=weeks_time_limit, background=background,
    )
    err = Console(stderr=True, soft_wrap=True)
    for line in skipped + [n for ns in notes.values() for n in ns]:
        err.print(f"[yellow]note[/yellow]: {line}", highlight=False)
    for path in used:
        err.print(f"counting the load of the saved plan in {path}", highlight=False)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err) as bar:
        task = bar.add_task("solving scenarios", total=len(job_list))

        def progress(name, outcome):
            if outcome is not None:
                bar.advance(task)
                bar.console.print(f"done {name}: feasible {outcome.feasible} ({outcome.total_seconds:.1f} s)", highlight=False)

        comparison = run(job_list, jobs=jobs, progress=progress)
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
                console.print(f"[red]{o.name}[/red]: … {len(reasons) - 3} more in compare.xlsx (sheet scenarios)", highlight=False)
    err.print(
        f"{len(job_list)} scenarios in {comparison.seconds:.1f} s ({comparison.jobs} at a time); wrote {out}/ (compare.xlsx, compare.csv)",
        highlight=False,
    )

@cli.command()
@year_option()
@click.option("--plan", "plan_dir", type=click.Path(path_type=Path), help="A plan folder written by `planner solve` [default: reports/year<N>].")
@click.option("--groups/--no-groups", default=True, show_default=True, help="A row per group, not only a student's load.")
@click.option("--teachers/--no-teachers", default=True, show_default=True, help="Also each teacher's hours per week.")
@inputs_option
def weeks(year: str, plan_dir: Path | None, groups: bool, teachers: bool, inputs_path: Path) -> None:
    """Show a saved plan's weeks: per cohort and group, and per teacher."""
    from .inputs import load_inputs
    from .weekfiles import read_weeks
    from .weekview import cohort_tables, peaks, teacher_tables

    folder = plan_dir or Path("reports") / f"year{year}"
    saved = read_weeks(folder)
    if not saved.fits:
        raise PlannerError(
            "the hours of this plan do not fit the weeks: " + " ".join(saved.misfits()),
            where=str(folder / "weeks_report.txt"),
            hint="Change the rhythm (periods.csv) or the caps (settings.csv, statuses.csv), then run `planner solve` again.",
        )
    inputs = load_inputs(inputs_path)
    if inputs.calendar is None:
        raise PlannerError("the inputs have no calendar.csv, needed to mark the weeks", where=str(inputs_path))
    rows = [r for r in saved.rows if r.year in years_of(year)]
    if not rows:
        raise PlannerError(f"no hours of year {year} in the week layout", where=str(folder / "weeks.csv"))
    for table in cohort_tables(rows, inputs, groups):
        console.print(table)
    if teachers:
        for table in teacher_tables(rows, inputs):
            console.print(table)
    top = peaks(rows, inputs)
    console.print(
        f"peak weekly load: student {top['student'][0]} h ({top['student'][1]}), "
        f"teacher {top['teacher'][0]} h ({top['teacher'][1]})",
        highlight=False,
    )


PLAN_HELP = (
    "A plan folder written by `planner solve` [default: the only plan folder under reports/; "
    "if there are several, name one]."
)


def plan_folder(plan: Path | None) -> Path:
    """The --plan folder, or the only saved plan under reports/."""
    if plan is not None:
        return plan
    root = Path("reports")
    found = sorted(p for p in root.glob("*") if (p / "assignments.csv").exists()) if root.is_dir() else []
    if len(found) == 1:
        return found[0]
    if not found:
        raise PlannerError(
            "no saved plan under reports/",
            hint="Run `planner solve --year N` first, or give --plan the folder of a saved plan.",
        )
    raise PlannerError(
        f"several saved plans: {', '.join(str(p) for p in found)}",
        hint="Choose one with --plan.",
    )


@cli.command()
@click.argument("teacher")
@click.option("--plan", type=click.Path(path_type=Path), help=PLAN_HELP)
@inputs_option
def sheet(teacher: str, plan: Path | None, inputs_path: Path) -> None:
    """Print one teacher's fiche de service from a saved plan (no re-solve).

    TEACHER is a teacher id or full name (case-insensitive).
    """
    from .fiche import build_fiche, find_teacher
    from .inputs import load_inputs
    from .saved import read_plan
    from .sheets import fiche_renderable

    saved = read_plan(plan_folder(plan))
    service = find_teacher(saved, teacher)
    console.print(fiche_renderable(build_fiche(saved, service, load_inputs(inputs_path))))


@cli.command()
@click.option("--plan", type=click.Path(path_type=Path), help=PLAN_HELP)
@click.option("--out", type=click.Path(path_type=Path), help="Folder to write to [default: the plan folder].")
@click.option("--per-teacher", is_flag=True, help="Also write one file per teacher (fiche_<id>.xlsx).")
@click.option("--pdf", is_flag=True, help="Also write the fiches as PDF (fiches.pdf; per teacher with --per-teacher).")
@inputs_option
def sheets(plan: Path | None, out: Path | None, per_teacher: bool, pdf: bool, inputs_path: Path) -> None:
    """Write every teacher's fiche de service (fiches.xlsx) from a saved plan."""
    from .fiche import build_fiches
    from .inputs import load_inputs
    from .outputs import staged_dir
    from .reports import write_fiches
    from .saved import read_plan

    folder = plan_folder(plan)
    saved = read_plan(folder)
    fiches = build_fiches(saved, load_inputs(inputs_path))
    out = out or folder
    with staged_dir(out) as stage:
        written = write_fiches(stage, fiches, per_teacher=per_teacher, pdf=pdf)
    console.print(f"wrote {len(fiches)} fiches to {out}/ ({', '.join(written[:3])}{', …' if len(written) > 3 else ''})")


def main() -> None:
    debug = "--debug" in sys.argv[1:]
    try:
        code = cli.main(standalone_mode=False)
    except PlannerError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted; previous outputs are unchanged", err=True)
        sys.exit(130)
    except Exception as exc:  # an internal error: one line, traceback with --debug
        if debug:
            raise
        click.echo(
            f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)",
            err=True,
        )
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
