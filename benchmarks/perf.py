"""The planner's performance, side by side with its peers, in one run.

Cases: the shipped department (year 2, then all years) and generated IUTs of
K departments, all years (``--departments``, default 3 and 10), written as
files and read back as ``planner generate --departments K --seed S`` writes
them (``planner.generate.iut.generated_inputs``). Each case runs in a fresh
process (``--repeat`` times, the median shown), so its peak memory (resident,
with the processes it starts) is its own. For each case:

- **planner**: ``pipeline.plan``, as ``planner solve`` runs it (assignment
  within the teachers' weekly room, week layout, another try if a weekly cap
  breaks): each stage's value, proven bound, gap, time and engine, for the
  first try (the problem as posed, which the peers solve too) and, after
  retries, for the last; the week layout's stages likewise; the wall time of
  the whole and its peak memory. For the shipped cases (the IUTs too with
  ``--cli-iut``) also the wall time and peak memory of ``planner solve`` end
  to end, in a fresh process (imports, reading the inputs, every report);
- **HiGHS peer** (``mip.py``): the first three stages (uncovered, cost,
  sous-service) of the first try's problem as one MIP each, ``--time-limit`` wall
  seconds split between them;
- **greedy** (``greedy.py``): the hand-made plan, every stage's value.

Every plan is checked (covers, capacities, locks, hour limits); a broken one is
flagged. ``--compare`` also times ``planner compare`` of the shipped scenarios
against one solve of the same year (the first ``--scenarios`` files, and with
``--compare-year all`` the reference with the scenarios about one year).
Times are wall clock: on a shared machine they vary with its load (printed
with the results); the plans do not.

    python benchmarks/perf.py [--departments 3 10] [--time-limit 30] [--no-cli] [--compare] [--repeat 3]
                              [--markdown]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from greedy import greedy  # noqa: E402
from mip import solve_mip  # noqa: E402

from planner.assign.objective import STAGES, PlanMath, divisor, scale_of, stage_names  # noqa: E402
from planner.assign.problem import build_problem  # noqa: E402
from planner.data.inputs import Inputs, load_inputs  # noqa: E402
from planner.demand import build_demand  # noqa: E402
from planner.generate.iut import generated_inputs  # noqa: E402
from planner.numbers import hours_text  # noqa: E402
from planner.options import SolveOptions  # noqa: E402
from planner.pipeline import plan  # noqa: E402
from planner.progress import ASSIGNMENT, Step  # noqa: E402
from planner.weeks.room import weekly_shape  # noqa: E402

COLUMNS = ("case", "method", "stage", "value", "bound", "gap", "time s", "peak MB", "status / engine")


def _gap(value: float, bound: float) -> str:
    if value != value or bound != bound:
        return ""
    return f"{abs(value - bound) / max(abs(value), 1e-9):.2%}"


def _g(value: float) -> str:
    return "" if value != value else f"{value:,.6g}".replace(",", " ")


def first_problem(inputs: Inputs, years: list[int]):
    """The problem of ``pipeline.plan``'s first try: the demand within the weekly shape of its layout."""
    demand = build_demand(inputs, years)
    return build_problem(inputs, demand, None, None, False, [], weekly_shape(inputs, years, demand.parts))


def _stage_row(name: str, method: str, s) -> tuple:
    return (name, method, s.name, _g(s.value), _g(s.bound), _gap(s.value, s.bound), f"{s.seconds:.2f}", "",
            f"{s.status}, {s.engine}")  # fmt: skip


def _peak_mb() -> int:
    """The largest resident memory of this process and of the processes it waited for, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) // 1024


def _row(
    name: str, method: str, stage: str, seconds: float | str, status: str, memory: int | str = ""
) -> tuple:
    """A row without a value: a whole method's time, memory and status."""
    time_s = f"{seconds:.2f}" if isinstance(seconds, float) else seconds
    return (name, method, stage, "", "", "", time_s, str(memory), status)


def _cli(year: str, inputs: Path) -> tuple[float, int, int]:
    """``planner solve`` end to end in a fresh process: wall seconds, peak MB, exit code."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        command = [sys.executable, "-m", "planner", "solve", "--year", year, "--inputs", str(inputs)]
        t0 = time.perf_counter()
        child = subprocess.Popen(
            [*command, "--out", f"{tmp}/year{year}", "--quiet"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(child.pid, 0)
        return time.perf_counter() - t0, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status)


def run_case(name: str, inputs: Inputs, years: list[int], args) -> tuple[list, list]:
    """Every row of one case: the planner's stages, the peers', the CLI end to end (own process)."""
    rows: list[tuple] = []
    notes: list[str] = []
    steps: list[Step] = []
    start = time.perf_counter()
    solved = plan(inputs, years, SolveOptions.of(inputs, weeks=not args.no_weeks), progress=steps.append)
    result, weeks = solved.result, solved.weeks
    wall, memory = time.perf_counter() - start, _peak_mb()
    problem = result.problem
    first = [
        st.stage for st in steps if st.phase == ASSIGNMENT and st.attempt == 1 and st.stage.name in STAGES
    ]
    scale = scale_of(problem)
    math = PlanMath(problem, scale)
    x = np.zeros(len(problem.candidates), dtype=np.int64)
    index = {(c.teacher, c.task): k for k, c in enumerate(problem.candidates)}
    teacher = {cap.id: i for i, cap in enumerate(problem.capacities)}
    task = {t.key: i for i, t in enumerate(problem.tasks)}
    for a in result.solution.assignments:
        x[index[(teacher[a.teacher], task[a.task.key])]] += a.units
    check = "valid" if math.valid(x) else "INVALID"
    tries = weeks.rounds if weeks is not None else 1
    first3 = sum(s.seconds for s in first[:3])
    uncovered = result.solution.uncovered_hours
    status = f"{check}, {tries} assignment tries, {hours_text(uncovered)} h uncovered, {result.status}"
    rows.append(_row(name, "planner", "(whole)", wall, status, memory))
    # the first try's stages (the problem as posed, which the peers solve too), then the last try's
    rows += [_stage_row(name, "planner" if tries == 1 else "planner (try 1)", s) for s in first]
    if tries > 1:
        rows += [_stage_row(name, f"planner (try {tries}, last)", s) for s in result.stages]
    if weeks is not None:
        rows += [_stage_row(name, "planner weeks", s) for s in weeks.stages]
        rows.append(_row(name, "planner weeks", "(layout)", weeks.seconds, weeks.status))
    if not args.no_peers:
        problem = first_problem(inputs, years)
        math = PlanMath(problem, scale_of(problem))
        t0 = time.perf_counter()
        mip = solve_mip(problem, args.time_limit)
        peer = time.perf_counter() - t0
        ok = "valid" if math.valid(np.array(mip.x, dtype=np.int64)) else "INVALID"
        rows.append(_row(name, "HiGHS peer", "(whole)", peer, ok))
        for s in mip.stages:
            value, bound = _g(s.value), _g(s.bound)
            rows.append(
                (
                    name,
                    "HiGHS peer",
                    s.name,
                    value,
                    bound,
                    _gap(s.value, s.bound),
                    f"{s.seconds:.2f}",
                    "",
                    s.status,
                )
            )
        notes.append(
            f"{name}: planner stages 1–3 (first try) {first3:.2f} s, HiGHS peer {peer:.2f} s "
            f"({first3 / peer:.2f}×)"
        )
        t0 = time.perf_counter()
        gx, _gu = greedy(problem)
        seconds = time.perf_counter() - t0
        values = math.values(np.array(gx, dtype=np.int64))
        ok = "valid" if math.valid(np.array(gx, dtype=np.int64)) else "INVALID"
        rows.append(_row(name, "greedy", "(whole)", seconds, ok))
        for stage in stage_names(problem):
            value = _g(values[stage] / divisor(stage, scale))
            rows.append((name, "greedy", stage, value, "", "", "", "", "heuristic"))
    if args.cli and (name.startswith("shipped") or args.cli_iut):
        year = "all" if len(years) > 1 else str(years[0])
        seconds, peak, code = _cli(year, Path(inputs.source))
        rows.append(
            _row(
                name,
                "planner solve (CLI)",
                "(end to end)",
                seconds,
                "ok" if code == 0 else f"exit {code}",
                peak,
            )
        )
    return rows, notes


def _case(name: str, source: str, years: list[int], args) -> tuple[list, list]:
    """One case in a fresh process: its memory is its own."""
    return run_case(name, load_inputs(source), years, args)


def compare_case(args, rows: list, notes: list) -> None:
    """``planner compare`` against one solve: the first ``--scenarios`` shipped scenarios, then the
    reference with the scenarios about one year only (with ``--year all``, each solved on its year)."""
    files = sorted((ROOT / "scenarios").glob("*.toml"))
    one_year = [f for f in files if f.stem != "baseline" and "\nyears = [" in f.read_text(encoding="utf-8")]
    sets = {f"{args.scenarios} scenarios": files[: args.scenarios]}
    if args.compare_year == "all" and one_year:
        sets[f"{len(one_year)} one-year scenarios"] = [ROOT / "scenarios" / "baseline.toml", *one_year]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        commands = [("one solve", ["solve", "--year", args.compare_year, "--out", f"{tmp}/solve", "--quiet"])]
        for k, (what, scenarios) in enumerate(sets.items()):
            year, out = args.compare_year, f"{tmp}/cmp{k}"
            commands.append((what, ["compare", "--year", year, *map(str, scenarios), "--out", out]))
        timings = {}
        for what, command in commands:
            t0 = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "planner", *command], cwd=ROOT, env=env, capture_output=True, text=True
            )
            timings[what] = time.perf_counter() - t0
            status = "ok" if done.returncode == 0 else f"exit {done.returncode}"
            label = "solve" if what == "one solve" else "compare"
            rows.append(_row(f"compare --year {args.compare_year}", label, what, timings[what], status))
    for what in sets:
        notes.append(f"compare of {what}: {timings[what] / timings['one solve']:.2f}× one solve")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--departments", type=int, nargs="*", default=[3, 10], help="generated IUT sizes")
    parser.add_argument("--no-shipped", action="store_true", help="skip the shipped department's cases")
    parser.add_argument("--time-limit", type=float, default=30.0, help="HiGHS peer: wall seconds per case")
    parser.add_argument("--no-peers", action="store_true", help="planner only (no HiGHS peer, no greedy)")
    parser.add_argument("--no-weeks", action="store_true", help="assignment only")
    parser.add_argument("--no-cli", dest="cli", action="store_false", help="no end-to-end `planner solve`")
    parser.add_argument("--cli-iut", action="store_true", help="`planner solve` end to end for the IUTs too")
    parser.add_argument(
        "--compare", action="store_true", help="also time `planner compare` against one solve"
    )
    parser.add_argument("--compare-year", default="all", help="year of the compare case (default all)")
    parser.add_argument("--scenarios", type=int, default=5, help="scenarios of the compare case")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated IUTs")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each case: the median's rows are shown"
    )
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    rows: list[tuple] = []
    notes: list[str] = []
    load = os.getloadavg()
    cases = []
    if not args.no_shipped:
        shipped = str(ROOT / "inputs")
        cases += [("shipped year 2", shipped, [2]), ("shipped all years", shipped, [1, 2, 3])]
    with tempfile.TemporaryDirectory(prefix="planner-perf-") as tmp:
        for k in args.departments:  # as `planner generate --departments K --seed S --out DIR` writes it
            iut = generated_inputs(k, args.seed, Path(tmp) / f"iut{k}", template=ROOT / "inputs")
            cases.append((f"IUT of {k} departments, all years", iut.source, iut.years))
        spawn = multiprocessing.get_context("spawn")
        for name, source, years in cases:
            runs = []
            for _ in range(args.repeat):  # each run in a fresh process: its peak memory is its own
                t0 = time.perf_counter()
                with ProcessPoolExecutor(1, mp_context=spawn) as pool:  # not daemonic: it may start workers
                    runs.append(pool.submit(_case, name, source, years, args).result())
                print(f"{name}: measured in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
            walls = [float(r[0][0][6]) for r in runs]
            median = sorted(range(len(runs)), key=lambda i: walls[i])[len(runs) // 2]
            rows += runs[median][0]
            notes += runs[median][1]
            if len(runs) > 1:
                notes.append(f"{name}: planner walls {', '.join(f'{w:.2f}' for w in walls)} s (median shown)")
    if args.compare:
        compare_case(args, rows, notes)
    end = os.getloadavg()
    title = (
        f"planner performance, {os.cpu_count()} cores; load average {load[0]:.1f} at the start, {end[0]:.1f} "
        f"at the end (other work on the machine slows wall times, not plans); stages in order: "
        f"{', '.join(STAGES)}"
    )
    if args.markdown:
        print(title + "\n")
        print("| " + " | ".join(COLUMNS) + " |")
        print("|" + "---|" * len(COLUMNS))
        for r in rows:
            print("| " + " | ".join(str(v) for v in r) + " |")
    else:
        table = Table(*COLUMNS, title=title, title_justify="left")
        for r in rows:
            table.add_row(*(str(v) for v in r))
        Console(width=None if sys.stdout.isatty() else 200).print(table)
    for n in notes:
        print(n)


if __name__ == "__main__":
    main()
