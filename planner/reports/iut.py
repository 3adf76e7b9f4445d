"""An IUT's plan by department: the IUT summary's sheets, departments.csv, one folder per department.

In an IUT's plan folder, next to the IUT-wide files (``planner solve``):

- ``departments.csv``: per department and for the IUT, demand, assigned,
  heures complémentaires and vacations with their cost (a teacher's shared out
  between departments, see ``planner.assign.departments``), uncovered hours;
- ``summary.xlsx`` gets two sheets, ``departments`` (the same) and
  ``teachers by department`` (each teacher's HETD in each department);
- ``departments/<CODE>/``: that department's assignments.csv, uncovered.csv and
  weeks.csv (names as the department writes them), its summary.xlsx and its
  weeks.png (its cohorts and the weeks its teachers teach there).
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from pathlib import Path

from planner import labels
from planner.assign.departments import COLUMNS, IUT, DepartmentFigures, Given, Paid, department_figures
from planner.data.inputs import Inputs
from planner.data.iut import FOLDER, local, local_label
from planner.helper import Helper
from planner.store.atomic import csv_text
from planner.store.rows import ASSIGNMENT_COLUMNS, UNCOVERED_COLUMNS, WEEK_COLUMNS, SavedPlan
from planner.store.xlsx import workbook_bytes
from planner.weeks.rows import WeekRow

DEPARTMENTS_CSV = "departments.csv"


def _vacataire(service, inputs: Inputs) -> bool:
    status = inputs.statuses.get(service.status)
    return service.service_du - service.reductions <= 0 and not (status is not None and status.permanent)


def plan_figures(plan: SavedPlan, inputs: Inputs) -> list[DepartmentFigures]:
    """The figures of each department of a saved IUT plan, then the IUT's."""

    def factor(activity: str, row) -> Fraction:
        act = inputs.activities.get(activity)
        return act.hetd if act is not None else row.hetd / row.hours

    given = [
        Given(a.teacher, a.department, a.hours, a.hours * factor(a.activity, a), a.hetd)
        for a in plan.assignments
    ]
    paid = [
        Paid(s.teacher, s.department, s.hc_hetd, s.cost_eur, _vacataire(s, inputs)) for s in plan.services
    ]
    uncovered = [(u.department, u.hours, u.hetd) for u in plan.uncovered]
    return department_figures(inputs.departments, given, paid, uncovered)


def teacher_rows(plan: SavedPlan, inputs: Inputs) -> tuple[list[str], list[list]]:
    """Each teacher's HETD in each department, this plan's total, HC and cost."""
    hetd: dict[tuple[str, str], Fraction] = {}
    for a in plan.assignments:
        hetd[(a.teacher, a.department)] = hetd.get((a.teacher, a.department), Fraction(0)) + a.hetd
    header = [labels.header(c) for c in ("teacher", "name", "status", "home department")]
    header += [labels.DEPARTMENT_HETD.format(department=d) for d in inputs.departments]
    header += [labels.header(c) for c in ("assigned_hetd", "other_hetd", "hc_hetd", "cost_eur")]
    rows = []
    for s in plan.services:
        per = [hetd.get((s.teacher, d), Fraction(0)) for d in inputs.departments]
        rows.append(
            [
                s.teacher,
                s.name,
                s.status,
                s.department,
                *per,
                s.assigned_hetd,
                s.other_hetd,
                s.hc_hetd,
                s.cost_eur,
            ]
        )
    return header, rows


def iut_sheets(plan: SavedPlan, inputs: Inputs) -> dict[str, tuple[list[str], list[list]]]:
    """The IUT summary's sheets by department, in French: Départements, Enseignants par département."""
    figures = plan_figures(plan, inputs)
    return {
        labels.SHEETS["departments"]: ([labels.header(c) for c in COLUMNS], [f.values() for f in figures]),
        labels.SHEETS["teachers by department"]: teacher_rows(plan, inputs),
    }


def departments_csv(figures: list[DepartmentFigures]) -> str:
    return csv_text(COLUMNS, [f.values() for f in figures])


# --- one folder per department --------------------------------------------------------


def _local_rows(items, columns: list[str]) -> list[list]:
    out = []
    for r in items:
        values = {c: getattr(r, c) for c in columns}
        for c in ("code", "module"):
            if c in values:
                values[c] = local(values[c])
        if "parcours" in values:
            values["parcours"] = local_label(values["parcours"])
        if "teacher" in values and values["teacher"] is None:
            values["teacher"] = ""
        out.append([values[c] for c in columns])
    return out


def _department_figures_sheet(figures: DepartmentFigures, years) -> tuple[list[str], list[list]]:
    f = figures

    def share(label: str) -> str:
        return labels.DEPARTMENT_SHARE.format(label=label)

    rows: list[list] = [
        [labels.header("department"), f.department, ""],
        [labels.FIGURES["years"], ", ".join(map(str, years)) or "-", ""],
        [labels.header("demand_hours"), f.demand_hours, "h"],
        [labels.header("demand_hetd"), f.demand_hetd, "HETD"],
        [labels.header("assigned_hetd"), f.assigned_hetd, "HETD"],
        [labels.header("staff_hours"), f.staff_hours, "h"],
        [labels.header("vacataire_hours"), f.vacataire_hours, "h"],
        [share(labels.header("hc_hetd")), f.hc_hetd, "HETD"],
        [share(labels.header("hc_eur")), f.hc_eur, "€"],
        [share(labels.header("vacataire_eur")), f.vacataire_eur, "€"],
        [share(labels.FIGURES["total_cost"]), f.cost_eur, "€"],
        [labels.header("uncovered_hours"), f.uncovered_hours, "h"],
        [labels.header("uncovered_hetd"), f.uncovered_hetd, "HETD"],
    ]
    return list(labels.DEPARTMENT_FIGURES_HEADER), rows


def _department_teachers(plan: SavedPlan, department: str, inputs: Inputs) -> tuple[list[str], list[list]]:
    hours: dict[str, list[Fraction]] = {}
    total: dict[str, Fraction] = {}
    for a in plan.assignments:
        total[a.teacher] = total.get(a.teacher, Fraction(0)) + a.hetd
        if a.department == department:
            acc = hours.setdefault(a.teacher, [Fraction(0), Fraction(0)])
            acc[0] += a.hours
            acc[1] += a.hetd
    header = [labels.header(c) for c in ("teacher", "name", "status", "home department")]
    header += labels.DEPARTMENT_TEACHER_HEADER
    rows = []
    for s in plan.services:
        if s.teacher not in hours:
            continue
        h, e = hours[s.teacher]
        share = e / total[s.teacher] if total[s.teacher] else Fraction(0)
        rows.append(
            [
                s.teacher,
                s.name,
                s.status,
                s.department,
                h,
                e,
                total[s.teacher],
                s.hc_hetd * share,
                s.cost_eur * share,
            ]
        )
    return header, rows


def write_departments(
    folder: Path,
    plan: SavedPlan,
    weeks: list[WeekRow] | None,
    inputs: Inputs,
    helper: Helper | None = None,
) -> tuple[list[DepartmentFigures], list[str]]:
    """departments.csv and one folder per department, into a (staging) IUT plan folder.

    ``weeks``: the IUT's week layout (None without a calendar: no weeks.csv); ``helper``
    draws each department's weeks.png while the next one is written (None: here).
    """
    from planner.reports.weeks import heatmap_png

    helper = helper if helper is not None else Helper(parallel=False)
    drawings = []
    figures = plan_figures(plan, inputs)
    (folder / DEPARTMENTS_CSV).write_text(departments_csv(figures), encoding="utf-8")
    for f in figures:
        if f.department == IUT:
            continue
        sub = folder / FOLDER / f.department
        sub.mkdir(parents=True, exist_ok=True)
        mine = replace(
            plan,
            assignments=[a for a in plan.assignments if a.department == f.department],
            uncovered=[u for u in plan.uncovered if u.department == f.department],
        )
        tables = {
            "assignments": (ASSIGNMENT_COLUMNS, _local_rows(mine.assignments, ASSIGNMENT_COLUMNS)),
            "uncovered": (UNCOVERED_COLUMNS, _local_rows(mine.uncovered, UNCOVERED_COLUMNS)),
        }
        if weeks is not None:
            mine_weeks = [r for r in weeks if r.department == f.department]
            tables["weeks"] = (WEEK_COLUMNS, _local_rows(mine_weeks, WEEK_COLUMNS))
            if mine_weeks:
                drawings.append((sub / "weeks.png", helper.submit(heatmap_png, mine_weeks, inputs)))
        for name, (header, rows) in tables.items():
            (sub / f"{name}.csv").write_text(csv_text(header, rows), encoding="utf-8")
        sheets = {  # in French, as the IUT's summary.xlsx
            labels.SHEETS["overview"]: _department_figures_sheet(f, mine.years),
            labels.SHEETS["teachers"]: _department_teachers(plan, f.department, inputs),
            labels.SHEETS["uncovered"]: (
                [labels.header(c) for c in UNCOVERED_COLUMNS],
                [
                    [labels.reason(v) if c == "reason" else v for c, v in zip(UNCOVERED_COLUMNS, r)]
                    for r in tables["uncovered"][1]
                ],
            ),
        }
        (sub / "summary.xlsx").write_bytes(workbook_bytes(sheets))
    for path, drawing in drawings:
        path.write_bytes(drawing.result())
    return figures, [DEPARTMENTS_CSV, f"{FOLDER}/"]
