"""The ``planner`` command group, its shared options, and the entry point with its error handling."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from planner.errors import PlannerError

DEFAULT_INPUTS = "inputs"


class LazyConsole:
    """A rich ``Console`` made on first use, so that ``planner --help`` does not load rich."""

    def __init__(self, **options) -> None:
        self._options = options
        self._console = None

    @property
    def made(self):
        """The console itself, for what rich takes a console (a live display, a progress bar)."""
        if self._console is None:
            from rich.console import Console

            made = Console(**self._options)
            if not made.stderr and not made.is_terminal:
                made.width = 140  # piped or captured output: do not squeeze tables to 80 columns
            self._console = made
        return self._console

    def __getattr__(self, name: str):
        return getattr(self.made, name)


console = LazyConsole()
err_console = LazyConsole(stderr=True, soft_wrap=True)


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


def solve_options(f):
    """The options of how a plan is searched, given to the command as one ``overrides`` dict.

    ``--time-limit``, ``--weeks/--no-weeks`` and ``--weeks-time-limit``: the
    command makes its ``SolveOptions`` with ``SolveOptions.of(inputs, **overrides)``
    (an option not given keeps the inputs' setting).
    """

    @functools.wraps(f)
    def command(*args, time_limit, weeks, weeks_time_limit, **kwargs):
        overrides = {"time_limit": time_limit, "weeks": weeks, "weeks_time_limit": weeks_time_limit}
        return f(*args, overrides=overrides, **kwargs)

    for option in reversed(SOLVE_OPTIONS):
        command = option(command)
    return command


SOLVE_OPTIONS = (
    click.option(
        "--time-limit",
        type=click.FloatRange(min=0.1),
        help="Assignment time limit of each solve, in deterministic seconds [default: settings].",
    ),
    click.option(
        "--weeks/--no-weeks",
        default=True,
        show_default=True,
        help="Lay out the weeks (peak weekly loads, week feasibility); needs calendar.csv.",
    ),
    click.option(
        "--weeks-time-limit",
        type=click.FloatRange(min=0.1),
        help="Week layout time limit of each solve, in deterministic seconds [default: settings].",
    ),
)


def runner_options(what: str):
    """``--jobs`` and ``--scheduler``: where the scenarios or variants are solved."""

    def decorate(f):
        f = click.option("--scheduler", metavar="ADDRESS", help=SCHEDULER_HELP)(f)
        return click.option(
            "--jobs",
            type=click.IntRange(min=1),
            help=f"{what} solved at once, one local process each [default: one per core; 1 = serial].",
        )(f)

    return decorate


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


def print_notes(err, notes, sources) -> None:
    """Before solving scenarios or variants: their notes, and the saved plans counted."""
    for line in notes:
        err.print(f"[yellow]note[/yellow]: {line}", highlight=False)
    for path in sources:
        err.print(f"counting the load of the saved plan in {path}", highlight=False)


def progress_bar(err, what: str, total: int):
    """A progress bar of scenarios or variants solved: ``(bar, task)``; enter the bar to show it."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err
    )
    return bar, bar.add_task(f"solving {what}", total=total)


def years_of(year: str) -> list[int]:
    return [1, 2, 3] if year == "all" else [int(year)]


def load(path: Path):
    from planner.data.inputs import load_inputs
    from planner.data.maquette import checked_totals
    from planner.data.plausibility import check_plausible

    inputs = load_inputs(path)
    checked_totals(inputs)
    for finding in check_plausible(inputs):  # errors stop here; warnings are repeated before every solve
        err_console.print(f"[yellow]warning[/yellow]: {finding}", highlight=False)
    return inputs


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show the full traceback of internal errors.")
@click.version_option(package_name="planner")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Plan who teaches what in a BUT QLIO department, and check that it fits."""
    ctx.obj = {"debug": debug}


def main() -> None:
    debug = "--debug" in sys.argv[1:]
    try:
        code = cli.main(standalone_mode=False)
    except PlannerError as exc:
        problems = getattr(exc, "problems", [exc])
        for problem in problems:
            click.echo(f"error: {problem}", err=True)
        if len(problems) > 1:
            click.echo(f"{len(problems)} problems: fix them and run again; nothing was written", err=True)
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
