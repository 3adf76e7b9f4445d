"""Commands on a saved plan's fiches de service: sheet, sheets."""

from __future__ import annotations

from pathlib import Path

import click

from planner.cli.app import cli, console, inputs_option
from planner.errors import PlannerError

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
    from planner.cli.terminal.fiche import fiche_renderable
    from planner.data.inputs import load_inputs
    from planner.reports.fiche import build_fiche, find_teacher
    from planner.store.read import read_plan

    folder = plan_folder(plan)
    saved = read_plan(folder)
    service = find_teacher(saved, teacher)
    inputs = load_inputs(inputs_path)
    console.print(fiche_renderable(build_fiche(saved, service, inputs, _missing(saved, inputs, folder))))


def _missing(saved, inputs, folder: Path) -> tuple[int, ...]:
    """The other years a single-year plan does not count (no saved plan beside it)."""
    from planner.reports.scope import left_out

    if len(saved.years) != 1:
        return ()
    missing = left_out(inputs, list(saved.years), folder.parent)
    return missing.missing if missing else ()


@cli.command()
@click.option("--plan", type=click.Path(path_type=Path), help=PLAN_HELP)
@click.option("--out", type=click.Path(path_type=Path), help="Folder to write to [default: the plan folder].")
@click.option("--per-teacher", is_flag=True, help="Also write one file per teacher (fiche_<id>.xlsx).")
@click.option(
    "--pdf", is_flag=True, help="Also write the fiches as PDF (fiches.pdf; per teacher with --per-teacher)."
)
@inputs_option
def sheets(plan: Path | None, out: Path | None, per_teacher: bool, pdf: bool, inputs_path: Path) -> None:
    """Write every teacher's fiche de service (fiches.xlsx) from a saved plan."""
    from planner.data.inputs import load_inputs
    from planner.reports.documents import write_fiches
    from planner.reports.fiche import build_fiches
    from planner.store.atomic import staged_dir
    from planner.store.read import read_plan

    folder = plan_folder(plan)
    saved = read_plan(folder)
    inputs = load_inputs(inputs_path)
    fiches = build_fiches(saved, inputs, _missing(saved, inputs, folder))
    out = out or folder
    with staged_dir(out) as stage:
        written = write_fiches(stage, fiches, per_teacher=per_teacher, pdf=pdf)
    console.print(
        f"wrote {len(fiches)} fiches to {out}/ ({', '.join(written[:3])}{', …' if len(written) > 3 else ''})"
    )
