"""Benchmark of the week layout on the shipped department.

For each year, the assignment is solved within the teachers' weekly room and
the weeks are laid out, as ``planner solve`` does (``pipeline.plan``).
Each laid-out plan is checked by the independent checker of the tests
(``tests/weekchecker.py``: hours placed exactly, nothing in stage, company or
closed weeks, caps held). Printed per year: tries of the assignment, time of
the last layout and of everything, the peak weekly load of a student and of a
teacher, the student spread and the module runs (see planner/weeks/model.py).

By default each year is planned alone; ``--sequence`` plans 1, then 2, then
3, each counting the weekly hours the earlier years already give teachers
(like running ``planner solve --year N`` in that order into one folder).
Usage::

    python benchmarks/weeks.py [--years 1 2 3] [--time-limit 20] [--weeks-time-limit 8]
                               [--sequence] [--markdown]
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from weekchecker import check_weeks  # noqa: E402

from planner.data.inputs import load_inputs  # noqa: E402
from planner.pipeline import plan as plan_in_weeks  # noqa: E402
from planner.reports.terminal.inputs import demand_csv  # noqa: E402
from planner.store.atomic import csv_text  # noqa: E402
from planner.store.weeks import WEEK_COLUMNS  # noqa: E402
from planner.weeks.rows import plan_peaks, plan_rows  # noqa: E402

COLUMNS = [
    "year",
    "tries",
    "layout s",
    "total s",
    "status",
    "peak student h",
    "where",
    "peak teacher h",
    "where ",
    "student spread h",
    "module runs",
    "uncovered h",
    "checker",
]


def run(
    years: list[int], time_limit: float | None, weeks_time_limit: float | None, sequence: bool
) -> list[list]:
    from planner.demand import build_demand

    inputs = load_inputs(ROOT / "inputs")
    background: dict[str, dict[str, int]] = {}
    rows = []
    for year in years:
        start = time.perf_counter()
        result, plan = plan_in_weeks(
            inputs,
            [year],
            time_limit=time_limit,
            weeks_time_limit=weeks_time_limit,
            background=background if sequence else None,
        )
        total = time.perf_counter() - start
        checker = "no layout"
        if plan.fits:
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                layout = plan_rows(plan)
                (folder / "weeks.csv").write_text(
                    csv_text(WEEK_COLUMNS, [r.values() for r in layout]), encoding="utf-8"
                )
                errors = check_weeks(folder, ROOT / "inputs", demand_csv(build_demand(inputs, [year])))
            checker = "ok" if not errors else f"{len(errors)} violations"
            for r in layout:
                if r.teacher:
                    per_week = background.setdefault(r.teacher, {})
                    per_week[r.iso_week] = per_week.get(r.iso_week, 0) + r.hours
        top = plan_peaks(plan) if plan.fits else {"student": (None, ""), "teacher": (None, "")}
        student, where_s = top["student"]
        teacher, where_t = top["teacher"]
        rows.append(
            [
                year,
                plan.rounds,
                f"{plan.seconds:.1f}",
                f"{total:.1f}",
                plan.status,
                student if student is not None else "",
                where_s,
                teacher if teacher is not None else "",
                where_t,
                plan.measures.get("student spread", ""),
                f"{plan.measures.get('module runs', '')}/{plan.measures.get('modules', '')}"
                if plan.fits
                else "",
                result.solution.uncovered_hours,
                checker,
            ]
        )
        if not plan.fits:
            for m in plan.misfits:
                print(f"year {year}: {m.message}", file=sys.stderr)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--years", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--time-limit", type=float, help="assignment time limit [default: settings]")
    parser.add_argument("--weeks-time-limit", type=float, help="layout time limit [default: settings]")
    parser.add_argument("--sequence", action="store_true", help="count earlier years' weekly hours")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    rows = run(args.years, args.time_limit, args.weeks_time_limit, args.sequence)
    cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip() or "?"
    title = (
        f"Week layout, shipped department ({'years in sequence' if args.sequence else 'each year alone'}; "
        f"{cpu} cores; times are wall clock)"
    )
    if args.markdown:
        out = io.StringIO()
        out.write(f"{title}\n\n| {' | '.join(c.strip() for c in COLUMNS)} |\n|{'---|' * len(COLUMNS)}\n")
        for r in rows:
            out.write(f"| {' | '.join(str(v) for v in r)} |\n")
        print(out.getvalue(), end="")
        return
    table = Table(title=title, title_justify="left")
    for c in COLUMNS:
        table.add_column(c.strip(), justify="left" if c.startswith("where") or c == "status" else "right")
    for r in rows:
        table.add_row(*(str(v) for v in r))
    Console().print(table)


if __name__ == "__main__":
    main()
