"""The department summary of a saved plan: data, printable xlsx, load chart.

Demand is what the plan had to cover: taught hours (assignments.csv) plus
uncovered hours (uncovered.csv). Capacity is yearly (a teacher's service is not
split by semester): service dû net, what is already counted outside the plan,
and the most the plan may give each teacher with heures complémentaires.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from fractions import Fraction

from openpyxl import Workbook

from planner.data.entities import ACTIVITIES
from planner.data.inputs import Inputs
from planner.store.plan import SavedPlan, UncoveredRow


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
    """One teacher's yearly load with this plan, in HETD."""

    teacher: str
    name: str
    status: str
    service_net: Fraction
    other: Fraction  # counted outside this plan
    assigned: Fraction  # HETD of this plan
    hours: Fraction  # hours of this plan
    hc: Fraction
    sous_service: Fraction
    cost: Fraction
    vacataire: bool
    limit: Fraction | None  # the most this plan may give (None: teacher unknown to the inputs)

    @property
    def total(self) -> Fraction:
        return self.other + self.assigned


@dataclass(frozen=True)
class Summary:
    """A plan's department summary: demand and cover per semester and activity, loads, uncovered hours."""

    years: tuple[int, ...]
    rows: list[DemandRow]  # per semester and activity, then the semester ("all")
    teachers: list[TeacherLoad]
    uncovered: list[UncoveredRow]
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

    def figures(self) -> list[tuple[str, Fraction | str, str]]:
        """The headline figures: (label, value, unit), in display order."""
        sem = self.semesters
        staff, vac = self.staff, self.vacataires
        available = sum((max(Fraction(0), t.service_net - t.other) for t in staff), Fraction(0))
        limits = [t.limit for t in self.teachers if t.limit is not None]
        hc_cost = self._sum("cost", staff)
        vac_cost = self._sum("cost", vac)
        return [
            ("BUT year(s)", ", ".join(map(str, self.years)) or "-", ""),
            ("demand", self._sum("demand_hours", sem), "h"),
            ("demand", self._sum("demand_hetd", sem), "HETD"),
            ("service dû net (teachers who owe a service)", self._sum("service_net", staff), "HETD"),
            ("already counted outside this plan", self._sum("other", staff), "HETD"),
            ("service available for this plan", available, "HETD"),
            ("most this plan may give (with HC caps, vacataires)", sum(limits, Fraction(0)), "HETD"),
            ("assigned (as counted in services)", self._sum("assigned", self.teachers), "HETD"),
            ("heures complémentaires (staff)", self._sum("hc", staff), "HETD"),
            ("cost of heures complémentaires", hc_cost, "€"),
            ("vacataires", self._sum("hours", vac), "h"),
            ("vacataires", self._sum("assigned", vac), "HETD"),
            ("cost of vacataires", vac_cost, "€"),
            ("sous-service (staff)", self._sum("sous_service", staff), "HETD"),
            ("uncovered", self._sum("uncovered_hours", sem), "h"),
            ("uncovered", self._sum("uncovered_hetd", sem), "HETD"),
            ("total cost", hc_cost + vac_cost, "€"),
        ]


def build_summary(plan: SavedPlan, inputs: Inputs) -> Summary:
    """The department summary of a saved plan.

    Parameters
    ----------
    plan
        The saved plan.
    inputs
        The inputs: activities' HETD factors, statuses and teachers' caps.

    Returns
    -------
    Summary
        Rows per semester and activity, then per semester ("all"); one load per
        teacher of services.csv; the uncovered rows.
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
                s.hc_hetd,
                s.sous_service_hetd,
                s.cost_eur,
                vacataire[s.teacher],
                limit,
            )
        )
    return Summary(plan.years, rows, loads, list(plan.uncovered))


# --- chart --------------------------------------------------------------------

CHART_WIDTH = 10.0  # inches
CHART_DPI = 100


def load_chart_png(summary: Summary) -> bytes:
    """Load per teacher (HETD) as horizontal bars, against service dû net (black tick)."""
    from matplotlib.figure import Figure  # no pyplot: no global state, Agg canvas

    teachers = summary.teachers
    height = max(3.5, 0.32 * len(teachers) + 1.6)
    fig = Figure(figsize=(CHART_WIDTH, height), dpi=CHART_DPI, layout="constrained")
    ax = fig.subplots()
    labels, other, within, beyond = [], [], [], []
    for t in teachers:
        o, total = float(t.other), float(t.total)
        inside = max(0.0, min(total, float(t.service_net)) - o)
        labels.append(f"{t.name} ({t.status})")
        other.append(o)
        within.append(inside)
        beyond.append(total - o - inside)
    y = list(range(len(teachers)))
    ax.barh(y, other, color="#B8B8B8", label="counted outside this plan")
    ax.barh(y, within, left=other, color="#4C72B0", label="this plan, within service dû")
    ax.barh(
        y,
        beyond,
        left=[o + w for o, w in zip(other, within)],
        color="#DD8452",
        label="this plan, beyond service dû (HC / vacations)",
    )
    for i, t in enumerate(teachers):
        if t.service_net:
            ax.plot(
                [float(t.service_net)] * 2,
                [i - 0.42, i + 0.42],
                color="black",
                linewidth=2,
                label="service dû net"
                if i == next(j for j, u in enumerate(teachers) if u.service_net)
                else None,
            )
        total = float(t.total)
        ax.text(
            total, i, f" {total:.0f}" if total == int(total) else f" {total:.1f}", va="center", fontsize=7
        )
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_ylim(len(teachers) - 0.4, -0.6)  # first teacher on top, no empty band
    ax.set_xlabel("HETD")
    years = ", ".join(map(str, summary.years)) or "-"
    ax.set_title(f"Load per teacher against service dû (plan of BUT year {years})", fontsize=11, loc="left")
    ax.grid(axis="x", color="#E0E0E0", linewidth=0.6)
    ax.set_axisbelow(True)
    fig.legend(loc="outside lower center", ncol=4, fontsize=8, frameon=False)
    ax.margins(x=0.08)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


# --- xlsx ---------------------------------------------------------------------

FIGURE_COLUMNS = ["figure", "value", "unit"]
DEMAND_COLUMNS = [
    "year",
    "semester",
    "activity",
    "demand h",
    "demand HETD",
    "staff h",
    "vacataires h",
    "uncovered h",
    "uncovered HETD",
]
TEACHER_COLUMNS = [
    "teacher",
    "name",
    "status",
    "service dû net",
    "outside this plan",
    "this plan HETD",
    "this plan h",
    "total HETD",
    "HC",
    "sous-service",
    "cost €",
    "most this plan may give",
    "vacataire",
]
UNCOVERED_COLUMNS = ["year", "semester", "parcours", "code", "activity", "hours", "HETD", "reason"]


def summary_sheets(summary: Summary) -> dict[str, tuple[list[str], list[list]]]:
    """The table sheets of summary.xlsx: summary, demand, teachers, uncovered."""
    return {
        "summary": (FIGURE_COLUMNS, [[label, value, unit] for label, value, unit in summary.figures()]),
        "demand": (
            DEMAND_COLUMNS,
            [
                [
                    r.year,
                    f"S{r.semester}",
                    r.activity,
                    r.demand_hours,
                    r.demand_hetd,
                    r.staff_hours,
                    r.vacataire_hours,
                    r.uncovered_hours,
                    r.uncovered_hetd,
                ]
                for r in summary.rows
            ],
        ),
        "teachers": (
            TEACHER_COLUMNS,
            [
                [
                    t.teacher,
                    t.name,
                    t.status,
                    t.service_net,
                    t.other,
                    t.assigned,
                    t.hours,
                    t.total,
                    t.hc,
                    t.sous_service,
                    t.cost,
                    "" if t.limit is None else t.limit,
                    "yes" if t.vacataire else "no",
                ]
                for t in summary.teachers
            ],
        ),
        "uncovered": _uncovered_sheet(summary.uncovered),
    }


def _uncovered_sheet(uncovered: list) -> tuple[list[str], list[list]]:
    rows = [
        [u.year, f"S{u.semester}", u.parcours, u.code, u.activity, u.hours, u.hetd, u.reason]
        for u in uncovered
    ]
    if not any(u.department for u in uncovered):
        return UNCOVERED_COLUMNS, rows
    from planner.data.iut import local, local_label

    for u, row in zip(uncovered, rows):
        row[2:4] = [local_label(u.parcours), local(u.code)]
    return ["department", *UNCOVERED_COLUMNS], [[u.department, *r] for u, r in zip(uncovered, rows)]


def _printable(ws, title: str) -> None:
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "1:1"
    ws.print_area = f"A1:{ws.cell(ws.max_row, ws.max_column).coordinate}"
    ws.oddFooter.left.text = title
    ws.oddFooter.right.text = "Page &[Page] / &N"


def summary_workbook(summary: Summary, chart_png: bytes | None = None, extra: dict | None = None) -> bytes:
    """summary.xlsx: figures, demand per semester and activity, teachers, uncovered, chart.

    ``extra`` sheets (name -> header, rows; an IUT's by department) come after the figures.
    """
    from openpyxl.drawing.image import Image

    from planner.store.xlsx import add_table_sheet

    book = Workbook()
    book.remove(book.active)
    years = ", ".join(map(str, summary.years)) or "-"
    sheets = summary_sheets(summary)
    sheets = {"summary": sheets.pop("summary"), **(extra or {}), **sheets}
    for name, (header, rows) in sheets.items():
        add_table_sheet(book, name, header, rows)
        ws = book[name]
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, float):
                    cell.number_format = "#,##0.00"
        _printable(ws, f"Department summary, BUT year {years}: {name}")
    book["uncovered"].column_dimensions["H"].width = 70
    if chart_png:
        ws = book.create_sheet("chart")
        ws["A1"] = "Load per teacher (HETD) against service dû net"
        img = Image(io.BytesIO(chart_png))
        ws.add_image(img, "A2")
        ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 1
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
