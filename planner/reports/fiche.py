"""A teacher's fiche de service, as data: built from a saved plan and the inputs.

The plan gives what each teacher teaches (assignments.csv) and their service
(services.csv); the inputs give module names, status labels and the exact HETD
factors. A line's HETD is printed in cents, the lines of a teacher rounded so
that they add up to the total (``numbers.apportion``, as assignments.csv), and
every sum on the fiche is the sum of the figures printed above it; the cost is
the printed balance times the rate, to the cent. What every rendering prints
(French labels, figures as text) is ``fiche_text``; the renderings are
``fiche_xlsx`` (workbook), ``fiche_pdf`` (PDF) and ``cli.terminal.fiche`` (rich).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from fractions import Fraction

from planner import labels
from planner.data.inputs import Inputs
from planner.data.iut import local, local_label
from planner.errors import PlannerError
from planner.numbers import apportion, printed_cost
from planner.store.rows import AssignmentRow, SavedPlan, ServiceRow

ROUNDING = Fraction(1, 100)  # the plan files keep cents, apportioned: each value is within a cent


@dataclass(frozen=True)
class FicheLine:
    """One module activity taught by the teacher."""

    year: int
    semester: int
    parcours: str  # "OSC", or "OSC+QMI+MTD" for a module taught to several parcours together
    code: str
    module: str  # the module's name in the maquette ("" if the inputs do not know it)
    activity: str
    groups: Fraction
    hours_per_group: Fraction
    hours: Fraction
    factor: Fraction  # HETD per hour, as counted in this teacher's service
    hetd: Fraction  # as printed: in cents, the teacher's lines adding up to their total
    department: str = ""  # an IUT's plan (code and parcours as the department writes them)

    @property
    def shared(self) -> bool:
        """Taught to several parcours together (a pooled module)."""
        return "+" in self.parcours


@dataclass(frozen=True)
class Subtotal:
    """Hours and HETD of one semester of a fiche."""

    semester: int
    hours: Fraction
    hetd: Fraction
    department: str = ""


@dataclass(frozen=True)
class DepartmentTotal:
    """The lines of one department on an IUT teacher's fiche."""

    department: str
    hours: Fraction
    hetd: Fraction


@dataclass(frozen=True)
class Fiche:
    """A teacher's fiche de service: header, one line per module activity, balance and cost."""

    teacher: str
    name: str
    status: str
    status_label: str
    years: tuple[int, ...]  # BUT years of the plan
    service_du: Fraction
    reductions: Fraction
    other_hetd: Fraction  # counted outside this plan (other years' plans, other duties)
    lines: tuple[FicheLine, ...]
    cost: Fraction  # EUR, as the plan computed it (services.csv); the fiche prints printed_cost
    hc_rate: Fraction | None  # EUR per HETD beyond the service dû (None: status unknown to the inputs)
    vacataire: bool  # no service dû and not permanent: every hour is a vacation
    notes: tuple[str, ...] = ()
    department: str = ""  # an IUT's plan: the teacher's home department
    reh: tuple[tuple[str, Fraction], ...] = ()  # REH items (item, HETD), counted in the service done

    @property
    def service_net(self) -> Fraction:
        return max(Fraction(0), self.service_du - self.reductions)

    @property
    def hours(self) -> Fraction:
        return sum((line.hours for line in self.lines), Fraction(0))

    @property
    def hetd(self) -> Fraction:
        """HETD of this plan."""
        return sum((line.hetd for line in self.lines), Fraction(0))

    @property
    def total(self) -> Fraction:
        """Service done: this plan plus what is counted outside it."""
        return self.other_hetd + sum((h for _, h in self.reh), Fraction(0)) + self.hetd

    @property
    def hc(self) -> Fraction:
        return max(Fraction(0), self.total - self.service_net)

    @property
    def sous_service(self) -> Fraction:
        return max(Fraction(0), self.service_net - self.total)

    @property
    def subtotals(self) -> tuple[Subtotal, ...]:
        out: dict[tuple[str, int], list[Fraction]] = {}
        for line in self.lines:
            acc = out.setdefault((line.department, line.semester), [Fraction(0), Fraction(0)])
            acc[0] += line.hours
            acc[1] += line.hetd
        return tuple(Subtotal(s, h, e, d) for (d, s), (h, e) in out.items())

    @property
    def departments(self) -> tuple[DepartmentTotal, ...]:
        """Hours and HETD per department, in the order of the lines (none for one department)."""
        out: dict[str, list[Fraction]] = {}
        for line in self.lines:
            if line.department:
                acc = out.setdefault(line.department, [Fraction(0), Fraction(0)])
                acc[0] += line.hours
                acc[1] += line.hetd
        return tuple(DepartmentTotal(d, h, e) for d, (h, e) in out.items())

    def table(self) -> list[FicheLine | Subtotal | DepartmentTotal | str]:
        """The fiche's table in reading order, as every rendering prints it.

        Lines, a subtotal after each semester; on an IUT's fiche, each department
        opens with its name (a str) and closes with its subtotal.
        """
        subtotals = {(s.department, s.semester): s for s in self.subtotals}
        totals = {d.department: d for d in self.departments}
        out: list[FicheLine | Subtotal | DepartmentTotal | str] = []
        for i, line in enumerate(self.lines):
            before = self.lines[i - 1] if i else None
            after = self.lines[i + 1] if i + 1 < len(self.lines) else None
            if line.department and (before is None or before.department != line.department):
                out.append(line.department)
            out.append(line)
            if after is None or (after.department, after.semester) != (line.department, line.semester):
                out.append(subtotals[(line.department, line.semester)])
            if line.department and (after is None or after.department != line.department):
                out.append(totals[line.department])
        return out

    @property
    def has_shared(self) -> bool:
        return any(line.shared for line in self.lines)

    @property
    def printed_cost(self) -> Fraction:
        """The cost the fiche prints: HC or vacations as printed × the rate, to the cent.

        Without a known rate (a status the inputs do not have), the plan's cost.
        """
        return self.cost if self.hc_rate is None else printed_cost(self.hc, self.hc_rate)


# --- building fiches from a saved plan ---------------------------------------------------


def _module_names(inputs: Inputs) -> dict[tuple[int, int, str], dict[str, object]]:
    names: dict[tuple[int, int, str], dict[str, object]] = {}
    for m in inputs.modules:
        names.setdefault((m.year, m.semester, m.code), {})[m.parcours] = m
    return names


def _exact_factor(row: AssignmentRow, status: str, inputs: Inputs) -> Fraction:
    """The HETD factor of a plan row: the status's exact factor when it matches the row."""
    st = inputs.statuses.get(status)
    act = inputs.activities.get(row.activity)
    if st is not None and act is not None:
        factor = st.factor(row.activity, act.hetd)
        if abs(row.hours * factor - row.hetd) < ROUNDING:
            return factor
    return row.hetd / row.hours


def _line(row: AssignmentRow, status: str, inputs: Inputs, modules, hetd: Fraction) -> FicheLine:
    line = _plain_line(row, status, inputs, modules, hetd)
    if not row.department:
        return line
    return replace(
        line, code=local(line.code), parcours=local_label(line.parcours), department=row.department
    )


def _plain_line(row: AssignmentRow, status: str, inputs: Inputs, modules, hetd: Fraction) -> FicheLine:
    by_parcours = modules.get((row.year, row.semester, row.code), {})
    module = next((by_parcours[p] for p in row.parcours.split("+") if p in by_parcours), None)
    if module is None and by_parcours:
        module = next(iter(by_parcours.values()))
    per_group = module.hours.get(row.activity) if module is not None else None
    if per_group:
        groups = row.hours / per_group
        per_group = Fraction(per_group)
    else:  # the inputs changed since the solve: fall back on the plan's rounded figures
        groups = row.groups
        per_group = row.hours / row.groups
    factor = _exact_factor(row, status, inputs)
    return FicheLine(
        year=row.year,
        semester=row.semester,
        parcours=row.parcours,
        code=row.code,
        module=module.name if module is not None else "",
        activity=row.activity,
        groups=groups,
        hours_per_group=per_group,
        hours=row.hours,
        factor=factor,
        hetd=hetd,
    )


def build_fiche(plan: SavedPlan, service: ServiceRow, inputs: Inputs, missing: tuple[int, ...] = ()) -> Fiche:
    """The fiche of one teacher of a saved plan.

    Parameters
    ----------
    plan
        The saved plan.
    service
        The teacher's row of services.csv.
    inputs
        The inputs: module names, status labels, exact HETD factors, REH items
        (in ``other_hetd`` of services.csv, listed one by one on the fiche).
    missing
        The other years whose service the plan does not count: the fiche says so.

    Returns
    -------
    Fiche
        With notes when the inputs do not know a module or the status.

    Raises
    ------
    PlannerError
        When the teacher's assignments do not add up to services.csv.
    """
    modules = _module_names(inputs)
    rows = [a for a in plan.assignments if a.teacher == service.teacher]  # file order
    exact = [a.hours * _exact_factor(a, service.status, inputs) for a in rows]
    printed = apportion(exact)  # in file order, as assignments.csv: the same cents
    lines = [_line(a, service.status, inputs, modules, e) for a, e in zip(rows, printed)]
    order = {d: i for i, d in enumerate(inputs.departments)}
    # stable: plan (maquette) order within a semester; an IUT's departments in their order
    lines.sort(key=lambda line: (order.get(line.department, -1), line.year, line.semester))
    status = inputs.statuses.get(service.status)
    notes = []
    unknown = sorted({line.code for line in lines if not line.module})
    if unknown:
        notes.append(labels.NOTE_UNKNOWN_MODULES.format(source=inputs.source, codes=", ".join(unknown)))
    if status is None:
        notes.append(labels.NOTE_UNKNOWN_STATUS.format(status=service.status, source=inputs.source))
    if missing:
        others = labels.OF_YEARS[len(missing) > 1].format(years=" et ".join(map(str, missing)))
        notes.append(labels.NOTE_YEARS_ONLY.format(years=" et ".join(map(str, plan.years)), missing=others))
    reh = tuple((r.item, r.hetd) for r in inputs.reh if r.teacher == service.teacher)
    other = service.other_hetd - sum((h for _, h in reh), Fraction(0))
    if other < 0:  # the inputs changed since the solve: the plan did not count these items
        other, reh = service.other_hetd, ()
    fiche = Fiche(
        teacher=service.teacher,
        name=service.name,
        status=service.status,
        status_label=status.label if status is not None else service.status,
        years=plan.years,
        service_du=service.service_du,
        reductions=service.reductions,
        other_hetd=other,
        lines=tuple(lines),
        cost=service.cost_eur,
        hc_rate=status.hc_rate if status is not None else None,
        vacataire=max(Fraction(0), service.service_du - service.reductions) == 0
        and not (status is not None and status.permanent),
        notes=tuple(notes),
        department=service.department,
        reh=reh,
    )
    if abs(fiche.hetd - service.assigned_hetd) > ROUNDING * (len(lines) + 1):
        raise PlannerError(
            f"the assignments of {service.teacher} add up to {float(fiche.hetd):.2f} HETD, "
            f"but services.csv says {float(service.assigned_hetd):.2f}",
            where=str(plan.folder / "services.csv"),
            column="assigned_hetd",
            hint="The plan files do not belong together: run `planner solve` again.",
        )
    return fiche


def build_fiches(plan: SavedPlan, inputs: Inputs, missing: tuple[int, ...] = ()) -> list[Fiche]:
    """Every teacher's fiche, in the order of services.csv (teachers without teaching too).

    Parameters
    ----------
    plan
        The saved plan.
    inputs
        The inputs: module names, status labels and exact HETD factors.
    missing
        The other years whose service the plan does not count (``LeftOut.missing``).

    Returns
    -------
    list of Fiche
    """
    return [build_fiche(plan, s, inputs, missing) for s in plan.services]


def find_teacher(plan: SavedPlan, query: str) -> ServiceRow:
    """The teacher named by id or full name (case-insensitive); else an error with close matches."""
    q = query.strip().casefold()
    for s in plan.services:
        if q in (s.teacher.casefold(), s.name.casefold()):
            return s
    keys = {}
    for s in plan.services:
        keys[s.teacher.casefold()] = s
        keys[s.name.casefold()] = s
    close = []
    for k in difflib.get_close_matches(q, list(keys), n=5, cutoff=0.5):
        s = keys[k]
        label = f"{s.teacher} ({s.name})"
        if label not in close:
            close.append(label)
    if close:
        hint = f"Did you mean: {', '.join(close)}?"
    else:
        hint = f"Teachers in this plan: {', '.join(s.teacher for s in plan.services) or 'none'}."
    raise PlannerError(
        f"no teacher {query!r} in the plan.",
        where=str(plan.folder / "services.csv"),
        hint=hint,
    )
