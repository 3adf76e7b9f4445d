"""Benchmark of the assignment: CP-SAT against a greedy baseline and a HiGHS MIP.

For each size (number of departments, built by ``planner.data.generate.scaled_inputs``
from the shipped department), the problem of all three years is solved by:

- CP-SAT: ``planner.assign.cpsat.AssignmentModel``, every lexicographic stage, alone
  and started from the MIP plan of ``planner.assign.mipstart`` (what ``planner solve`` does);
- greedy: ``greedy.py``, the most qualified free teacher, unit by unit;
- HiGHS: ``mip.py``, the stages uncovered, cost and sous-service as a MIP.

Every plan is evaluated by ``planner.assign.solution.make_solution`` (same cost
and uncovered figures for all) and checked by ``Problem.violations`` (covers,
capacities, locks, hour limits).
Times include building the model. Usage (needs the ``bench`` extra)::

    python benchmarks/assign.py [SIZES ...] [--time-limit 30] [--seed 0]
"""

from __future__ import annotations

import argparse
import sys
import time
from fractions import Fraction
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

from greedy import greedy  # noqa: E402

from planner.assign.cpsat import AssignmentModel  # noqa: E402
from planner.assign.mipstart import mip_start  # noqa: E402
from planner.assign.problem import build_problem  # noqa: E402
from planner.assign.solution import Solution, make_solution  # noqa: E402
from planner.data.generate import scaled_inputs  # noqa: E402
from planner.data.inputs import load_inputs  # noqa: E402
from planner.demand import build_demand  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


class Clock:
    """Wall and CPU seconds (all threads of this process) spent in a block."""

    def __enter__(self):
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu


def sous_service(solution: Solution) -> Fraction:
    return sum((s.sous_service for s in solution.services), Fraction(0))


def _g(value: float) -> str:
    return f"{0.0 if abs(value) < 1e-9 else value:.7g}"


def status_text(stages) -> str:
    """'optimal', or the first stage not proven optimal with its gap."""
    first = next((s for s in stages if s.status != "optimal"), None)
    if first is None:
        return "optimal"
    return f"{first.name}: {first.status}, gap {first.gap * 100:.2g}%"


def bench(departments: int, args, console: Console) -> None:
    inputs = scaled_inputs(load_inputs(args.inputs), departments, seed=args.seed)
    demand = build_demand(inputs, inputs.years)
    problem = build_problem(inputs, demand)
    units = sum(t.units for t in problem.tasks)
    capacity = sum((c.limit for c in problem.capacities), Fraction(0))
    console.print(
        f"\n[bold]{departments} department{'s' * (departments > 1)}[/]: "
        f"{len(problem.capacities)} teachers, {len(problem.tasks)} tasks ({units} units), "
        f"{len(problem.candidates)} candidates; demand {float(demand.hetd):.0f} HETD, "
        f"capacity {float(capacity):.0f} HETD"
    )
    columns = (
        "method",
        "wall s",
        "CPU s",
        "stages 1–3 wall s",
        "uncovered HETD",
        "cost €",
        "sous-service HETD",
        "gap / status",
        "variables",
    )
    rows, details = [], []

    def row(name, clock, first3, x, u, status, variables):
        errors = problem.violations(x, u)
        sol = make_solution(problem, x, u)
        if errors:
            status = f"INVALID ({len(errors)} violations): {errors[0]}"
        rows.append(
            (
                name,
                f"{clock.wall:.2f}",
                f"{clock.cpu:.2f}",
                f"{first3:.2f}",
                f"{float(sol.uncovered_hetd):.1f}",
                f"{float(sol.cost):,.0f}".replace(",", " "),
                f"{float(sous_service(sol)):.1f}",
                status,
                variables,
            )
        )

    seed = inputs.settings.seed
    for name, start in (("CP-SAT alone", False), ("CP-SAT + MIP start", True)):
        with Clock() as clock:
            initial = mip_start(problem, inputs.settings.mip_start_seconds) if start else None
            model = AssignmentModel(problem)
            answer = model.solve(time_limit=args.time_limit, seed=seed, workers=args.workers, initial=initial)
        first3 = clock.wall - sum(s.seconds for s in answer.stages[3:])  # build + first 3 stages
        row(
            name,
            clock,
            first3,
            answer.x,
            answer.u,
            status_text(answer.stages),
            str(len(model.model.proto.variables)),
        )
        details.append((name, answer.stages))

    with Clock() as clock:
        x, u = greedy(problem)
    row("greedy", clock, clock.wall, x, u, "heuristic", "—")

    if not args.no_mip:
        from mip import solve_mip

        with Clock() as clock:
            mip = solve_mip(problem, args.time_limit, seed=seed)
        row("HiGHS MIP", clock, clock.wall, mip.x, mip.u, status_text(mip.stages), str(mip.variables))
        details.append(("HiGHS", mip.stages))
    if args.markdown:
        console.print("| " + " | ".join(columns) + " |", markup=False, highlight=False)
        console.print("|---" * len(columns) + "|", markup=False, highlight=False)
        for r in rows:
            console.print("| " + " | ".join(r) + " |", markup=False, highlight=False)
    else:
        table = Table(*columns)
        for r in rows:
            table.add_row(*r)
        console.print(table)
    if args.stages:
        for name, stages in details:
            console.print(
                f"{name} stages: "
                + "; ".join(
                    f"{s.name} {_g(s.value)} (bound {_g(s.bound)}, {s.status}, {s.seconds:.2f} s)"
                    for s in stages
                ),
                highlight=False,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "sizes", nargs="*", type=int, default=[1, 2, 5, 10], help="numbers of departments (default: 1 2 5 10)"
    )
    parser.add_argument("--inputs", default=str(ROOT / "inputs"), help="the department copied")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=30.0,
        help="seconds per method and size: CP-SAT deterministic time, HiGHS wall time",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated student counts")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT threads")
    parser.add_argument("--no-mip", action="store_true", help="skip HiGHS")
    parser.add_argument("--stages", action="store_true", help="also print each solver stage")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args()
    console = Console(width=None if sys.stdout.isatty() else 160)
    console.print(
        f"inputs {args.inputs}, time limit {args.time_limit:g} s per method, "
        f"generator seed {args.seed}, CP-SAT workers {args.workers}"
    )
    for departments in args.sizes:
        bench(departments, args, console)


if __name__ == "__main__":
    main()
