"""What a plan of some BUT years leaves out: the same teachers' service in the other years.

A teacher's heures complémentaires and sous-service are yearly: planned alone,
year 2 knows nothing of the teaching of years 1 and 3 unless their saved
plans (``reports/year1/``, ``reports/year3/``) are found next to it. When
they are not, the summary says so and gives the commands that plan the rest.
"""

from __future__ import annotations

from pathlib import Path

from planner.data.inputs import Inputs
from planner.reports.summary import LeftOut
from planner.store.read import other_years

DEFAULT_ROOT = Path("reports")
DEFAULT_INPUTS = Path("inputs")


def left_out(
    inputs: Inputs,
    years: list[int],
    root: Path,
    *,
    inputs_path: Path | None = None,
    out: Path | None = None,
    scenario: Path | None = None,
) -> LeftOut | None:
    """The other years of the maquette whose service is not counted, and how to plan them.

    Parameters
    ----------
    inputs
        The inputs: the years of the maquette.
    years
        The years planned.
    root
        Where the other years' saved plans are looked for (the output folder's parent).
    inputs_path
        The ``--inputs`` given, repeated in the commands when it is not the default.
    out
        The ``--out`` given, repeated in the command that plans these years again.
    scenario
        The ``--scenario`` given, repeated in that command too.

    Returns
    -------
    LeftOut or None
        None when every other year of the maquette has a saved plan under ``root``.
    """
    others = sorted({m.year for m in inputs.modules} - set(years))
    saved = {year for year, _ in other_years(root, years, "assignments.csv")}
    missing = tuple(y for y in others if y not in saved)
    if not missing:
        return None
    extra = ""
    if inputs_path is not None and Path(inputs_path) != DEFAULT_INPUTS:
        extra = f" --inputs {inputs_path}"

    def command(year: str, folder: Path | None) -> str:
        place = "" if folder is None else f" --out {folder}"
        return f"planner solve --year {year}{place}{extra}"

    custom = Path(root) != DEFAULT_ROOT
    (year,) = years  # a plan of all years leaves nothing out
    each = [command(str(y), Path(root) / f"year{y}" if custom else None) for y in missing]
    if out is None and custom:
        out = Path(root) / f"year{year}"
    each.append(command(str(year), out) + (f" --scenario {scenario}" if scenario is not None else ""))
    return LeftOut(
        tuple(years),
        missing,
        str(root),
        command("all", Path(root) / "yearall" if custom else None),
        tuple(each),
    )
