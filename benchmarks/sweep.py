"""Benchmark of ``planner sweep``: the same grid serial, in 2 local processes, and on a local Dask cluster.

Expands a grid (default ``scenarios/grids/year1.toml``, 18 variants) over the
shipped inputs for ``--year`` (default all), solves it once per way of running
(as ``planner sweep`` does: ``--jobs 1``, ``--jobs 2``, ``--scheduler
local:2``) and prints, for each: the wall time (for Dask, with the start of the
local cluster, also shown apart), the sum and mean of the variants' own solve
times, the speed-up against serial, whether the table is the serial one (all
columns but the timing ones), and the load average (other work on the machine
slows a run down: read the times with it).

It then estimates the wall time of a sweep of ``--estimate-variants`` (100)
on an IUT of ``--estimate-departments`` (10) on ``--estimate-slots`` (20: ten
two-core workers, one single-threaded solve per core): the first variant
alone (the reference the others start from), then the rest in waves of one
variant per slot, each variant taking the measured serial mean times
``--scale`` (default 3.8: the wall time of the 10-department assignment
against the 1-department one in docs/benchmarks.md (assignment), at the same
deterministic time limit). ``--iut K`` also measures one solve of a
K-department IUT (``planner.generate.scaled.scaled_inputs``, no calendar: the
assignment only) to compare with that factor.

    python benchmarks/sweep.py [--year all] [--variants 12] [--time-limit 10] [--weeks-time-limit 4]
                               [--iut 10]
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import os
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from planner.cli.app import years_of
from planner.data.inputs import load_inputs
from planner.scenarios.compare import compare, scenario_jobs
from planner.scenarios.runners import DaskRunner, make_runner
from planner.scenarios.sweep import grid_variants, load_grid
from planner.scenarios.sweep_report import TIMING_COLUMNS, sweep_csv

ROOT = Path(__file__).resolve().parents[1]
MODES = {
    "serial": lambda: make_runner(jobs=1, isolate=True),
    "jobs 2": lambda: make_runner(jobs=2, tasks=2),
    "dask local:2": lambda: DaskRunner(None, 2),
}


def without_timing(text: str) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    keep = [i for i, c in enumerate(rows[0]) if c not in TIMING_COLUMNS]
    return "\n".join(",".join(r[i] for i in keep) for r in rows)


def iut_variant_seconds(departments: int, years: list[int], time_limit: float | None) -> float:
    """Wall seconds of one solve (assignment, one solver thread) of an IUT of ``departments``."""
    from planner.generate.scaled import scaled_inputs
    from planner.pipeline import plan

    inputs = scaled_inputs(load_inputs(ROOT / "inputs"), departments, seed=0)
    start = time.perf_counter()
    from planner.options import SolveOptions

    plan(inputs, years, SolveOptions.of(inputs, time_limit=time_limit, workers=1, weeks=False))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", type=Path, default=ROOT / "scenarios" / "grids" / "year1.toml")
    parser.add_argument("--year", default="all", choices=["1", "2", "3", "all"])
    parser.add_argument("--variants", type=int, default=None, help="Only the first N variants of the grid.")
    parser.add_argument("--time-limit", type=float, default=None, help="Assignment time limit per variant.")
    parser.add_argument("--weeks-time-limit", type=float, default=None, help="Week layout limit per variant.")
    parser.add_argument("--modes", nargs="+", default=list(MODES), choices=list(MODES))
    parser.add_argument("--iut", type=int, default=0, help="Also time one solve of an IUT of K departments.")
    parser.add_argument("--estimate-variants", type=int, default=100)
    parser.add_argument("--estimate-departments", type=int, default=10)
    parser.add_argument("--estimate-slots", type=int, default=20)
    parser.add_argument("--scale", type=float, default=3.8, help="Per-variant time, 10 departments / 1.")
    args = parser.parse_args()

    inputs = load_inputs(ROOT / "inputs")
    years = years_of(args.year)
    grid = load_grid(args.grid)
    variants = grid_variants(grid, inputs)[: args.variants]
    overrides = {"time_limit": args.time_limit, "weeks_time_limit": args.weeks_time_limit}
    jobs, _, _ = scenario_jobs(inputs, [v.scenario for v in variants], years, overrides=overrides)
    console = Console(width=150)
    title = (
        f"sweep {grid.name}, --year {args.year}: {len(jobs)} variants, time limits "
        f"{args.time_limit or 'settings'} / {args.weeks_time_limit or 'settings'} s, {os.cpu_count()} cores"
    )
    table = Table(title=title, title_justify="left")
    for c in ("run", "at once", "wall s", "start s", "sum of variants s", "mean s", "speed-up", "same table"):
        table.add_column(c, justify="left" if c in ("run", "same table") else "right")
    table.add_column("load avg", justify="right")
    serial_wall = serial_table = None
    means = {}
    for mode in args.modes:
        load = os.getloadavg()[0]
        start = time.perf_counter()
        with MODES[mode]() as runner:
            ready = time.perf_counter() - start
            result = compare(jobs, runner=runner, keep_going=True)
        wall = time.perf_counter() - start
        text = without_timing(sweep_csv(grid, variants, result))
        failed = [o.name for o in result.outcomes if not o.done]
        if serial_wall is None:
            serial_wall, serial_table = wall, text
        solves = [o.total_seconds for o in result.outcomes if o.done]
        means[mode] = sum(solves) / max(1, len(solves))
        table.add_row(
            mode,
            str(result.jobs),
            f"{wall:.1f}",
            f"{ready:.1f}",
            f"{sum(solves):.1f}",
            f"{means[mode]:.1f}",
            f"{serial_wall / wall:.2f}",
            ("yes" if text == serial_table else "NO") + (f" ({len(failed)} not done)" if failed else ""),
            f"{load:.2f}",
        )
        console.print(f"{mode}: {wall:.1f} s", highlight=False)
    console.print(table)

    per_variant = means[args.modes[0]]
    t10 = per_variant * args.scale
    waves = math.ceil((args.estimate_variants - 1) / args.estimate_slots)
    estimate = t10 * (1 + waves)
    console.print(
        f"estimate: {args.estimate_variants} variants of a {args.estimate_departments}-department IUT on "
        f"{args.estimate_slots} worker slots: {per_variant:.1f} s a variant here × {args.scale:g} = "
        f"{t10:.0f} s a variant; the first alone, then {waves} waves: {estimate / 60:.0f} min "
        f"(serial on one core: {args.estimate_variants * t10 / 3600:.1f} h)",
        highlight=False,
    )
    if args.iut:
        one = iut_variant_seconds(1, years, args.time_limit)
        many = iut_variant_seconds(args.iut, years, args.time_limit)
        console.print(
            f"assignment alone, one solver thread: 1 department {one:.1f} s, {args.iut} departments "
            f"{many:.1f} s (× {many / one:.1f})",
            highlight=False,
        )


if __name__ == "__main__":
    main()
