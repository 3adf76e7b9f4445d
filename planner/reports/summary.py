"""The department summary of a saved plan: its data and the load chart (load.png).

Demand is what the plan had to cover: taught hours (assignments.csv) plus
uncovered hours (uncovered.csv). Capacity is yearly (a teacher's service is not
split by semester): service dû net, what is already counted outside the plan,
and the most the plan may give each teacher with heures complémentaires.
Loads are the HETD as printed (cents, as on the fiches) and costs follow from
them: heures complémentaires or vacations times the status's rate, to the
cent. The workbook is ``summary_xlsx``; what ``planner solve`` prints,
``terminal.plan``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from fractions import Fraction

from planner import labels
from planner.data.entities import ACTIVITIES
from planner.data.inputs import Inputs
from planner.numbers import number, printed_cost
from planner.reports.overview import Assumptions, Peak, assumptions, week_peaks
from planner.store.rows import SavedPlan, UncoveredRow
from planner.weeks.rows import WeekRow


@dataclass(frozen=True)
class DemandRow:
    """Demand and how it was covered, for one semester and activity ("all": the semester)."""

    year: int
    semester: int
    activity: str
    demand_hours: Fraction
    demand_hetd: Fraction  # at the activity's HETD factor
    staff_hours: Fraction  # taught by teachers who owe a service
    vacataire_hours: Fraction
    uncovered_hours: Fraction
    uncovered_hetd: Fraction


@dataclass(frozen=True)
class TeacherLoad:
    """One teacher's yearly load with this plan, in HETD as printed (cents)."""

    teacher: str
    name: str
    status: str
    service_net: Fraction
    other: Fraction  # counted outside this plan
    assigned: Fraction  # HETD of this plan
    hours: Fraction  # hours of this plan
    hc: Fraction
    sous_service: Fraction
    cost: Fraction  # hc × the status's rate, to the cent
    vacataire: bool
    limit: Fraction | None  # the most this plan may give (None: teacher unknown to the inputs)

    @property
    def total(self) -> Fraction:
        return self.other + self.assigned


@dataclass(frozen=True)
class LeftOut:
    """What a plan of some years leaves out: the other years' service, when no saved plan gives it."""

    years: tuple[int, ...]  # the years planned
    missing: tuple[int, ...]  # the other years of the maquette without a saved plan
    root: str  # where the saved plans were looked for (reports)
    plan_all: str  # the command that plans every year at once
    plan_each: tuple[str, ...]  # the commands that plan the years in turn


FIGURES = (  # key, English label (terminal), unit; the French labels are labels.FIGURES
    ("demand_h", "demand", "h"),
    ("demand_hetd", "demand", "HETD"),
    ("service_net", "service dû net (teachers who owe a service)", "HETD"),
    ("outside", "already counted outside this plan", "HETD"),
    ("available", "service available for this plan", "HETD"),
    ("limit", "most this plan may give (with HC caps, vacataires)", "HETD"),
    ("assigned", "assigned (as counted in services)", "HETD"),
    ("hc", "heures complémentaires (staff)", "HETD"),
    ("hc_cost", "cost of heures complémentaires", "€"),
    ("vac_h", "vacataires", "h"),
    ("vac_hetd", "vacataires", "HETD"),
    ("vac_cost", "cost of vacataires", "€"),
    ("sous_service", "sous-service (staff)", "HETD"),
    ("uncovered_h", "uncovered", "h"),
    ("uncovered_hetd", "uncovered", "HETD"),
    ("total_cost", "total cost", "€"),
)
NOT_MEANINGFUL = "not meaningful for a single year"


@dataclass(frozen=True)
class Summary:
    """A plan's department summary: demand and cover, loads, uncovered hours, peaks, assumptions."""

    years: tuple[int, ...]
    rows: list[DemandRow]  # per semester and activity, then the semester ("all")
    teachers: list[TeacherLoad]
    uncovered: list[UncoveredRow]
    peaks: list[Peak] = field(default_factory=list)  # each cohort's student, then the busiest teachers
    left_out: LeftOut | None = None  # other years not counted (a single-year plan)
    assumptions: Assumptions | None = None
    departments: list = field(default_factory=list)  # an IUT's: assign.departments.DepartmentFigures

    def _sum(self, attr: str, rows) -> Fraction:
        return sum((getattr(r, attr) for r in rows), Fraction(0))

    @property
    def semesters(self) -> list[DemandRow]:
        return [r for r in self.rows if r.activity == "all"]

    @property
    def staff(self) -> list[TeacherLoad]:
        return [t for t in self.teachers if not t.vacataire]

    @property
    def vacataires(self) -> list[TeacherLoad]:
        return [t for t in self.teachers if t.vacataire]

    def values(self) -> dict[str, Fraction]:
        """The headline figures by key (``FIGURES``), each the sum of the figures printed per teacher."""
        sem = self.semesters
        staff, vac = self.staff, self.vacataires
        available = sum((max(Fraction(0), t.service_net - t.other) for t in staff), Fraction(0))
        limits = [t.limit for t in self.teachers if t.limit is not None]
        hc_cost = self._sum("cost", staff)
        vac_cost = self._sum("cost", vac)
        return {
            "demand_h": self._sum("demand_hours", sem),
            "demand_hetd": self._sum("demand_hetd", sem),
            "service_net": self._sum("service_net", staff),
            "outside": self._sum("other", staff),
            "available": available,
            "limit": sum(limits, Fraction(0)),
            "assigned": self._sum("assigned", self.teachers),
            "hc": self._sum("hc", staff),
            "hc_cost": hc_cost,
            "vac_h": self._sum("hours", vac),
            "vac_hetd": self._sum("assigned", vac),
            "vac_cost": vac_cost,
            "sous_service": self._sum("sous_service", staff),
            "uncovered_h": self._sum("uncovered_hours", sem),
            "uncovered_hetd": self._sum("uncovered_hetd", sem),
            "total_cost": hc_cost + vac_cost,
        }

    def figures(self) -> list[tuple[str, Fraction | str, str]]:
        """The headline figures with their English labels: (label, value, unit), in display order.

        When other years are left out (``left_out``), sous-service is the text
        ``NOT_MEANINGFUL`` rather than a department figure.
        """
        values = self.values()
        out: list[tuple[str, Fraction | str, str]] = [
            ("BUT year(s)", ", ".join(map(str, self.years)) or "-", "")
        ]
        for key, label, unit in FIGURES:
            if key == "sous_service" and self.left_out:
                out.append((label, NOT_MEANINGFUL, ""))
            else:
                out.append((label, values[key], unit))
        return out


def build_summary(
    plan: SavedPlan,
    inputs: Inputs,
    *,
    week_rows: list[WeekRow] | None = None,
    left_out: LeftOut | None = None,
) -> Summary:
    """The department summary of a saved plan.

    Parameters
    ----------
    plan
        The saved plan.
    inputs
        The inputs: activities' HETD factors, statuses, teachers' caps, cohorts, settings.
    week_rows
        The plan's week layout (weeks.csv), for the peak weekly loads.
    left_out
        The other years a single-year plan does not count (``reports.scope.left_out``).

    Returns
    -------
    Summary
        Rows per semester and activity, then per semester ("all"); one load per
        teacher of services.csv; the uncovered rows; peaks and assumptions.
    """
    teachers = {t.id: t for t in inputs.teachers}

    def is_vacataire(s) -> bool:
        st = inputs.statuses.get(s.status)
        return max(Fraction(0), s.service_du - s.reductions) == 0 and not (st is not None and st.permanent)

    vacataire = {s.teacher: is_vacataire(s) for s in plan.services}

    def factor(activity: str, fallback: Fraction) -> Fraction:
        act = inputs.activities.get(activity)
        return act.hetd if act is not None else fallback

    acc: dict[tuple[int, int, str], list[Fraction]] = {}

    def add(key, demand_h, demand_e, staff_h, vac_h, unc_h, unc_e):
        for k in (key, (key[0], key[1], "all")):
            a = acc.setdefault(k, [Fraction(0)] * 6)
            for i, v in enumerate((demand_h, demand_e, staff_h, vac_h, unc_h, unc_e)):
                a[i] += v

    zero = Fraction(0)
    for a in plan.assignments:
        e = a.hours * factor(a.activity, a.hetd / a.hours)
        vac = vacataire[a.teacher]
        add(
            (a.year, a.semester, a.activity),
            a.hours,
            e,
            zero if vac else a.hours,
            a.hours if vac else zero,
            zero,
            zero,
        )
    for u in plan.uncovered:
        add((u.year, u.semester, u.activity), u.hours, u.hetd, zero, zero, u.hours, u.hetd)
    order = {a: i for i, a in enumerate(ACTIVITIES)}
    keys = sorted(acc, key=lambda k: (k[0], k[1], k[2] == "all", order.get(k[2], len(order)), k[2]))
    rows = [DemandRow(*k, *acc[k]) for k in keys]

    hours: dict[str, Fraction] = {}
    for a in plan.assignments:
        hours[a.teacher] = hours.get(a.teacher, zero) + a.hours
    loads = []
    for s in plan.services:
        net = max(zero, s.service_du - s.reductions)
        total = s.other_hetd + s.assigned_hetd  # as printed: the fiche's service effectué
        hc = max(zero, total - net)
        limit = None
        t = teachers.get(s.teacher)
        st = inputs.statuses.get(s.status)
        if t is not None and st is not None:
            max_hc = st.max_hc if t.max_hc is None else t.max_hc
            limit = net + max_hc - s.other_hetd
            if t.max_hetd is not None:
                limit = min(limit, t.max_hetd - s.other_hetd)
            limit = max(zero, limit)
        loads.append(
            TeacherLoad(
                s.teacher,
                s.name,
                s.status,
                net,
                s.other_hetd,
                s.assigned_hetd,
                hours.get(s.teacher, zero),
                hc,
                max(zero, net - total),
                printed_cost(hc, st.hc_rate) if st is not None else s.cost_eur,
                vacataire[s.teacher],
                limit,
            )
        )
    return Summary(
        plan.years,
        rows,
        loads,
        list(plan.uncovered),
        week_peaks(week_rows or [], inputs, {s.teacher: s for s in plan.services}),
        left_out,
        assumptions(inputs, plan.years),
    )


# --- chart --------------------------------------------------------------------

CHART_WIDTH = 10.0  # inches
CHART_DPI = 100


def load_chart_png(summary: Summary) -> bytes:
    """load.png: ``load_chart_figure`` as a PNG without a timestamp (same plan, same bytes)."""
    buf = io.BytesIO()
    load_chart_figure(summary).savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def load_chart_figure(summary: Summary):
    """Load per teacher (HETD) as horizontal bars, against service dû net (black tick).

    Title, legend and axis labels come from ``planner.labels``.
    """
    from matplotlib.figure import Figure  # no pyplot: no global state, Agg canvas

    teachers = summary.teachers
    height = max(3.5, 0.32 * len(teachers) + 1.6)
    fig = Figure(figsize=(CHART_WIDTH, height), dpi=CHART_DPI, layout="constrained")
    ax = fig.subplots()
    names, other, within, beyond = [], [], [], []
    for t in teachers:
        o, total = float(t.other), float(t.total)
        inside = max(0.0, min(total, float(t.service_net)) - o)
        names.append(f"{t.name} ({t.status})")
        other.append(o)
        within.append(inside)
        beyond.append(total - o - inside)
    y = list(range(len(teachers)))
    ax.barh(y, other, color="#B8B8B8", label=labels.LOAD_OUTSIDE)
    ax.barh(y, within, left=other, color="#4C72B0", label=labels.LOAD_WITHIN)
    ax.barh(
        y,
        beyond,
        left=[o + w for o, w in zip(other, within)],
        color="#DD8452",
        label=labels.LOAD_BEYOND,
    )
    for i, t in enumerate(teachers):
        if t.service_net:
            ax.plot(
                [float(t.service_net)] * 2,
                [i - 0.42, i + 0.42],
                color="black",
                linewidth=2,
                label=labels.LOAD_SERVICE
                if i == next(j for j, u in enumerate(teachers) if u.service_net)
                else None,
            )
        ax.text(float(t.total), i, " " + number(t.total, 1, french=True), va="center", fontsize=7)
    ax.set_yticks(y, names, fontsize=8)
    ax.set_ylim(len(teachers) - 0.4, -0.6)  # first teacher on top, no empty band
    ax.set_xlabel(labels.LOAD_AXIS)
    years = ", ".join(map(str, summary.years)) or "-"
    ax.set_title(labels.LOAD_TITLE.format(years=years), fontsize=11, loc="left")
    ax.grid(axis="x", color="#E0E0E0", linewidth=0.6)
    ax.set_axisbelow(True)
    fig.legend(loc="outside lower center", ncol=2, fontsize=8, frameon=False)
    ax.margins(x=0.08)
    return fig
