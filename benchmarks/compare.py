"""Benchmark of ``planner compare``: the shipped scenarios, serial against parallel.

Runs the comparison of ``scenarios/*.toml`` (those about the year) on the
shipped inputs once per ``--jobs`` value, with and without the week layout,
and prints the wall time, the sum of the scenarios' own solve times, the
speed-up against the serial run, whether the figures are identical to the
serial run's, and the machine's load average (other processes slow a run
down: read the times with it). Saved plans of the other years are counted if
``--plans`` names their folder (as ``compare`` does with ``reports/``).

    python benchmarks/compare.py [--year 2] [--jobs 1 2] [--no-weeks] [--plans reports]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from planner.data.inputs import load_inputs
from planner.pipeline import Context, saved_context
from planner.scenarios.compare import compare, scenario_jobs
from planner.scenarios.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]


def figures(comparison) -> list:
    return [(o.name, o.metrics, o.module_hours, o.feasible) for o in comparison.outcomes]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, os.cpu_count() or 1])
    parser.add_argument("--no-weeks", action="store_true", help="Only the runs without the week layout.")
    parser.add_argument("--time-limit", type=float, default=None)
    parser.add_argument("--plans", type=Path, default=None, help="Folder of saved plans of the other years.")
    args = parser.parse_args()

    inputs = load_inputs(ROOT / "inputs")
    scenarios = [load_scenario(p) for p in sorted((ROOT / "scenarios").glob("*.toml"))]
    context = saved_context(inputs, args.plans, [args.year]) if args.plans else Context()
    console = Console()
    table = Table(title=f"compare --year {args.year}: {os.cpu_count()} cores", title_justify="left")
    for c in (
        "weeks",
        "jobs",
        "scenarios",
        "wall s",
        "sum of solves s",
        "speed-up",
        "same figures",
        "load avg",
    ):
        table.add_column(c, justify="left" if c in ("weeks", "same figures") else "right")
    for weeks in [False] if args.no_weeks else [False, True]:
        jobs, _, _ = scenario_jobs(
            inputs,
            scenarios,
            [args.year],
            other_load=context.other_load,
            time_limit=args.time_limit,
            weeks=weeks,
            background=context.background,
        )
        serial = None
        for k in args.jobs:
            load = os.getloadavg()[0]
            start = time.perf_counter()
            result = compare(jobs, jobs=k)
            wall = time.perf_counter() - start
            if serial is None:
                serial = (wall, figures(result))
            for a, b in zip(serial[1], figures(result)):
                if a != b:
                    console.print(f"[red]jobs {k}: {a[0]} differs from the serial run[/red]", highlight=False)
            table.add_row(
                "yes" if weeks else "no",
                str(result.jobs),
                str(len(jobs)),
                f"{wall:.1f}",
                f"{sum(o.total_seconds for o in result.outcomes):.1f}",
                f"{serial[0] / wall:.2f}",
                "yes" if figures(result) == serial[1] else "NO",
                f"{load:.2f}",
            )
            console.print(f"weeks {weeks}, jobs {k}: {wall:.1f} s", highlight=False)
    console.print(table)
    changed = Table(title="assignments changed against the first scenario (last run)", title_justify="left")
    for c in ("scenario", "assignments changed", "HETD moved", "feasible"):
        changed.add_column(c, justify="left" if c in ("scenario", "feasible") else "right")
    for o in result.outcomes:
        changed.add_row(
            o.name, str(o.metrics["assignments_changed"]), f"{float(o.metrics['hetd_moved']):.1f}", o.feasible
        )
    console.print(changed)


if __name__ == "__main__":
    main()
