"""The one front door: inputs and years in, a ``Plan`` out — assigned, laid out in weeks, ready to print.

``plan`` is what ``planner solve``, ``planner compare``, the server and the
benchmarks run: count what other saved plans give each teacher (``Context``),
assign within each teacher's weekly room, lay out the weeks, and, when a
weekly cap still breaks, cut that teacher's room and assign again. The
``Plan`` it returns gives its documents without a disk (``fiches``,
``summary``, ``frames``) and writes its folder (``write``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from planner.assign.capacity import check_capacity
from planner.assign.problem import capacities
from planner.assign.solve import Result, solve
from planner.context import Context, add_weekly
from planner.data.inputs import Inputs
from planner.demand import build_demand
from planner.helper import Helper
from planner.interrupt import Stop
from planner.options import SolveOptions
from planner.progress import Progress
from planner.stages import Stage
from planner.store.kept import Kept
from planner.store.read import background_load, other_years_load, parse_plan, parse_weeks
from planner.store.rows import REPORT, SavedPlan, SavedWeeks
from planner.store.write import plan_files, week_files
from planner.weeks.cuts import AloneCuts
from planner.weeks.layout import lay_out
from planner.weeks.problem import WeekPlan
from planner.weeks.repair import repair
from planner.weeks.retry import Tries

if TYPE_CHECKING:
    import pandas as pd

    from planner.reports.fiche import Fiche
    from planner.reports.summary import LeftOut, Summary


def saved_context(inputs: Inputs, root: Path, years: list[int], kept: Kept | None = None) -> Context:
    """What the other years' saved plans under ``root/year<N>/`` already give each teacher.

    Parameters
    ----------
    inputs
        The checked inputs; the weekly hours of saved layouts count only when they
        have a calendar.
    root
        The folder holding ``year1/``, ``year2/``, ``year3/`` (``reports/``).
    years
        The years being planned: their own saved plans are not counted.
    kept
        The saved plan of an IUT's departments not planned this time
        (``--department``), counted the same way.

    Returns
    -------
    Context
        HETD per teacher (``other_load``), hours per teacher and ISO week
        (``background``, None without a calendar) and the folders counted.
    """
    other, used = other_years_load(root, years)
    if kept is not None and kept.assignments:
        for teacher, hetd in kept.hetd.items():
            other[teacher] = other.get(teacher, Fraction(0)) + hetd
        used.append(
            f"{kept.folder} (departments {', '.join(sorted({a.department for a in kept.assignments}))})"
        )
    if inputs.calendar is None:
        return Context(other, None, plan_sources=used)
    background, week_sources = background_load(root, years)
    if kept is not None and kept.weeks:
        add_weekly(background, kept.week_load)
        week_sources.append(kept.folder)
    return Context(other, background, plan_sources=used, week_sources=week_sources)


@dataclass
class Plan:
    """A solved plan: the assignment, its week layout, and how every solver stage ended.

    Its documents come without a disk: ``fiches()``, ``summary()`` and
    ``frames()`` give exactly what ``write(folder)`` puts in the plan folder
    (the plan's files are parsed back from their text, as ``planner sheet``
    reads them from disk).

    Attributes
    ----------
    inputs
        The inputs the plan was solved with.
    years
        The BUT years planned.
    result
        The assignment of the last try (``assign.solve.Result``).
    weeks
        Its week layout (None without a calendar, or with ``weeks`` off).
    options
        The options it was solved with.
    context
        What was counted outside it.
    """

    inputs: Inputs
    years: list[int]
    result: Result
    weeks: WeekPlan | None
    options: SolveOptions
    context: Context = field(default_factory=Context)

    @property
    def stages(self) -> list[Stage]:
        """Every solver stage: the assignment's, then the week layout's."""
        return self.result.stages + (self.weeks.stages if self.weeks is not None else [])

    @property
    def interrupted(self) -> bool:
        """Stopped (Ctrl-C, a cancel, the wall limit): the best plan found, not proven."""
        return self.result.interrupted

    @property
    def fits(self) -> bool:
        """The hours fit the weeks (True without a layout)."""
        return self.weeks is None or self.weeks.fits

    def files(self, kept: Kept | None = None, whole: Inputs | None = None) -> PlanFiles:
        """The text of every plan file, and plan.xlsx's sheets (``kept``, ``whole``: as in ``write``)."""
        from planner.reports.weeks import week_outputs

        inputs = whole or self.inputs
        kept_weeks = kept.weeks if kept is not None else []
        texts, sheets = plan_files(
            self.result, self.inputs, week_outputs(self.weeks, inputs, kept_weeks), kept
        )
        weeks = week_files(self.weeks, inputs.scoped, kept_weeks) if self.weeks is not None else None
        return PlanFiles(texts, sheets, weeks)

    def saved(self, folder: str | Path = ".", kept: Kept | None = None) -> SavedPlan:
        """The plan's rows, exactly as ``store.read.read_plan`` reads them back from its folder."""
        return parse_plan(self.files(kept).texts, Path(folder))

    def saved_weeks(self, folder: str | Path = ".", kept: Kept | None = None) -> SavedWeeks | None:
        """The week layout's rows as ``store.read.read_weeks`` reads them back (None without one)."""
        weeks = self.files(kept).weeks
        return parse_weeks(*weeks, Path(folder)) if weeks is not None else None

    def fiches(self, left_out: LeftOut | None = None) -> list[Fiche]:
        """Every teacher's fiche de service (``reports.fiche.Fiche``), in services order.

        ``left_out``: the other years a single-year plan does not count; each fiche says so.
        """
        from planner.reports.fiche import build_fiches

        return build_fiches(self.saved(), self.inputs, left_out.missing if left_out else ())

    def summary(self, left_out: LeftOut | None = None) -> Summary:
        """The department summary (``reports.summary.Summary``) of summary.xlsx."""
        from planner.reports.summary import build_summary

        weeks = self.saved_weeks()
        rows = weeks.rows if weeks is not None and weeks.fits else []
        return build_summary(self.saved(), self.inputs, week_rows=rows, left_out=left_out)

    def frames(self) -> dict[str, pd.DataFrame]:
        """The plan as pandas DataFrames: assignments, services, uncovered, weeks, stages.

        Numbers are floats (HETD in cents, as in the files); ``weeks`` is
        empty without a layout that fits.
        """
        from planner.reports.frames import plan_frames

        return plan_frames(self.saved(), self.saved_weeks(), self.stages)

    def write(
        self,
        folder: str | Path,
        *,
        left_out: LeftOut | None = None,
        kept: Kept | None = None,
        whole: Inputs | None = None,
        helper: Helper | None = None,
    ) -> tuple[Summary, list[str]]:
        """Write the plan folder atomically: tables, plan.xlsx, weeks, fiches, summary.

        Parameters
        ----------
        folder
            The plan folder (replaced in one step; files it had that this plan
            does not write are kept).
        left_out
            The other years a single-year plan does not count (``reports.scope.left_out``).
        kept
            An IUT's departments not planned this time: their saved rows, written again.
        whole
            An IUT's whole inputs when only some departments were planned.
        helper
            Draws the pictures in a second process while the workbooks are
            written (``planner.helper``; None: here, one after the other).

        Returns
        -------
        tuple of (Summary, list of str)
            The department summary and the names of the files written.
        """
        from planner.reports.documents import start_summary, write_reports
        from planner.reports.weeks import HEATMAP, heatmap
        from planner.store.atomic import staged_dir
        from planner.store.xlsx import write_tables_xlsx

        inputs = whole or self.inputs
        kept_weeks = kept.weeks if kept is not None else []
        helper = helper if helper is not None else Helper(parallel=False)
        files = self.files(kept, whole)
        saved = parse_plan(files.texts, Path(folder))
        saved_weeks = parse_weeks(*files.weeks, Path(folder)) if files.weeks is not None else None
        # the pictures first, in the order they are waited for, then the workbooks meanwhile
        started = start_summary(saved, saved_weeks, inputs, left_out, helper)
        drawing = heatmap(helper, self.weeks, inputs, kept_weeks) if self.weeks is not None else None
        with staged_dir(folder) as stage:
            for name, text in files.texts.items():
                (stage / f"{name}.csv").write_text(text, encoding="utf-8")
            write_tables_xlsx(stage / "plan.xlsx", files.sheets)
            names = [f"{name}.csv" for name in files.texts] + ["plan.xlsx"]
            if files.weeks is not None:
                (stage / "weeks.csv").write_text(files.weeks[0], encoding="utf-8")
                (stage / REPORT).write_text(files.weeks[1], encoding="utf-8")
                names += ["weeks.csv", REPORT]
            summary, reports = write_reports(stage, saved, saved_weeks, inputs, left_out, helper, started)
            if drawing is not None:
                (stage / HEATMAP).write_bytes(drawing.result())
                names.append(HEATMAP)
        return summary, names + reports


@dataclass(frozen=True)
class PlanFiles:
    """A plan's files as text: CSV tables (name -> text), plan.xlsx's sheets, weeks.csv and its report."""

    texts: dict[str, str]
    sheets: dict[str, tuple[list, list]]
    weeks: tuple[str, str] | None


def plan(
    inputs: Inputs,
    years: list[int],
    options: SolveOptions | None = None,
    context: Context | None = None,
    *,
    progress: Progress | None = None,
    stop: Stop | None = None,
    helper: Helper | None = None,
) -> Plan:
    """Assign within the weekly rooms, lay out the weeks; if a weekly cap breaks, assign again.

    Each try assigns within the limits ``weeks.retry.Tries`` gives it (the
    weekly shape the plan will be laid out into; after a layout that broke a
    cap, fewer hours for those over it) and the cuts its own plans call for
    (``weeks.cuts``: a teacher whose groups alone cannot fit their weekly cap
    holds fewer, and the stages are solved again), moves away the groups of a teacher
    that alone cannot fit their weekly cap where that costs the first stages
    nothing (on the last try, whatever it costs: ``weeks.repair``), then lays
    the plan out week by week.
    Hours no teacher has room for are uncovered, with what holds each
    qualified teacher back as the reason. Without a calendar, or with
    ``options.weeks`` off, one assignment and no layout.

    Parameters
    ----------
    inputs
        The checked inputs (a scenario's applied inputs work the same).
    years
        BUT years to plan together.
    options
        Limits, seed, threads, engine, weeks on or off, tries (None:
        ``SolveOptions.of(inputs)``, the inputs' settings).
    context
        What other saved plans give each teacher (``saved_context``), and a
        reference plan to start from or, with ``stable``, to stay close to.
    progress
        Called after each solver stage and each semester laid out (``planner.progress``).
    stop
        Asked to stop (``Stop.request``: Ctrl-C through ``interrupt.stoppable``,
        a server's cancel), the search keeps the best plan found, marked not proven.
    helper
        A second process that lays out the even weeks while this one lays out
        the odd ones (``planner.helper``; None: one after the other). The plan
        is the same; a stop reaches the odd weeks' search only.

    Returns
    -------
    Plan
        The assignment of the last try and its week layout (None without one).

    Raises
    ------
    PlannerError
        When the demand exceeds what the staff may teach by far, a lock cannot
        be kept, or no plan is found in time.
    """
    options = options if options is not None else SolveOptions.of(inputs)
    context = context if context is not None else Context()
    stop = stop if stop is not None else Stop()
    demand = build_demand(inputs, years)
    check_capacity(demand, capacities(inputs, context.other_load), inputs.settings.demand_capacity_factor)
    tries = Tries(inputs, list(years), options, context, demand)
    laying_out = options.weeks and inputs.calendar is not None
    week_plan = None
    cuts = AloneCuts(inputs, demand.parts, context.background, options.seed) if laying_out else None
    while True:
        attempt, caps, weekly = tries.attempt()
        told = _attempt(progress, tries.n)
        result = solve(
            inputs,
            years,
            options,
            attempt,
            demand=demand,
            hour_caps=caps,
            weekly=weekly,
            progress=told,
            stop=stop,
            cuts=cuts,
        )
        if not laying_out:
            break
        # groups alone within each cap: at no cost to the first stages, at any on the last try
        result = repair(inputs, result, context.background, options.seed, last=not tries.quick)
        week_plan = lay_out(
            inputs,
            result,
            options,
            background=context.background,
            progress=told,
            quick=tries.quick,
            stop=stop,
            helper=helper,
        )
        week_plan.rounds = tries.n
        if not tries.again(week_plan, result, stop.requested):
            break
    return Plan(inputs, list(years), result, week_plan, options, context)


def _attempt(progress: Progress | None, n: int) -> Progress | None:
    """The callback, told which assignment try the steps belong to."""
    if progress is None or n == 1:
        return progress
    return lambda step: progress(replace(step, attempt=n))
