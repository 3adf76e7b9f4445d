"""Plausibility checks: valid but absurd inputs, caught before any demand or model is built.

A cohort of 1,000,000 students is a well-formed number and a typo. These
checks compare the inputs with ranges a department can really have (the
thresholds are settings, documented in ``inputs/README.md``) and name the
file, row and column with the value and the range considered normal.

Errors stop ``planner validate`` and every solve with exit 2; warnings are
printed by ``validate`` and repeated before every solve.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from planner.data.inputs import Inputs
from planner.data.iut import SEP
from planner.data.tables import Record
from planner.errors import PlannerError
from planner.numbers import hours_text

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    """One implausible value, located as a spreadsheet shows it."""

    level: str  # error or warning
    message: str
    where: str
    row: int | None = None
    column: str | None = None
    hint: str | None = None

    def error(self) -> PlannerError:
        """The finding as the error a user reads."""
        return PlannerError(self.message, where=self.where, row=self.row, column=self.column, hint=self.hint)

    def __str__(self) -> str:
        return str(self.error())


def _at(rec: Record, level: str, column: str, message: str, hint: str) -> Finding:
    return Finding(level, message, rec.where, rec.row, column, hint)


def _setting_hint(key: str) -> str:
    return f"If the value is right, raise the threshold: add the row `{key},<value>` to settings.csv."


def _setting_place(inputs: Inputs, key: str) -> tuple[str, int | None, str | None]:
    for rec in inputs.records.get("settings", []):
        if rec["key"] == key:
            return rec.where, rec.row, "value"
    return f"{inputs.source} (settings, default {key})", None, None


def _fmt(value) -> str:
    value = Fraction(value)
    return f"{value.numerator:,}".replace(",", " ") if value.denominator == 1 else f"{float(value):g}"


def cohort_findings(inputs: Inputs) -> list[Finding]:
    """Cohort sizes and group sizes of cohorts.csv."""
    s = inputs.settings
    out = []
    for rec in inputs.records.get("cohorts", []):
        label = f"year {rec['year']} {rec['parcours']}"
        if rec["students"] > s.max_cohort_students:
            out.append(
                _at(
                    rec,
                    ERROR,
                    "students",
                    f"{label} has {_fmt(rec['students'])} students; a cohort of one year and parcours "
                    "normally has "
                    f"0 to {s.max_cohort_students}",
                    "Check for a mistyped number. " + _setting_hint("max_cohort_students"),
                )
            )
        for column in ("td_size", "tp_size"):
            if rec[column] > s.max_group_size:
                out.append(
                    _at(
                        rec,
                        ERROR,
                        column,
                        f"{label}: a group of {_fmt(rec[column])} students is not a "
                        f"{column[:2].upper()} group; "
                        f"group sizes are normally 1 to {s.max_group_size}",
                        "Check for a mistyped number. " + _setting_hint("max_group_size"),
                    )
                )
        if rec["tp_size"] > rec["td_size"]:
            out.append(
                _at(
                    rec,
                    WARNING,
                    "tp_size",
                    f"{label}: TP groups of {_fmt(rec['tp_size'])} are larger than TD groups of "
                    f"{_fmt(rec['td_size'])}; "
                    "TP groups are normally the smaller (a TD group split in two)",
                    "Check that td_size and tp_size are not swapped.",
                )
            )
    return out


def group_findings(inputs: Inputs) -> list[Finding]:
    """Group counts, computed from cohorts or fixed in groups.csv, against their plausible maximum."""
    s = inputs.settings
    most = {"td": s.max_td_groups, "tp": s.max_tp_groups}
    out = []
    for rec in inputs.records.get("groups", []):
        grouping = rec["grouping"]
        if grouping in most and rec["groups"] > most[grouping]:
            out.append(
                _at(
                    rec,
                    ERROR,
                    "groups",
                    f"year {rec['year']} {rec['parcours']}: {_fmt(rec['groups'])} {grouping.upper()} groups; "
                    f"normally 0 to {most[grouping]}",
                    "Check for a mistyped number. " + _setting_hint(f"max_{grouping}_groups"),
                )
            )
    by_cohort = {(r["year"], r["parcours"]): r for r in inputs.records.get("cohorts", [])}
    years = sorted({y for y, _ in inputs.cohorts})
    for year in years:
        by_department: dict[str, list] = {}  # modules pool within a department only
        for (y, parcours), c in inputs.cohorts.items():
            if y == year and c.opened:
                by_department.setdefault(parcours.split(SEP)[0] if SEP in parcours else "", []).append(c)
        pools = [[c] for opened in by_department.values() for c in opened]
        pools += [opened for opened in by_department.values() if len(opened) > 1 and s.pooling]
        for pool in pools:
            students = sum(c.students for c in pool)
            for grouping, column in (("td", "td_size"), ("tp", "tp_size")):
                size = min(getattr(c, column) for c in pool)
                groups = math.ceil(students / size)
                if groups <= most[grouping]:
                    continue
                rec = by_cohort[(year, max(pool, key=lambda c: c.students).parcours)]
                who = (
                    f"year {year} {pool[0].parcours}" if len(pool) == 1 else f"year {year} (pooled parcours)"
                )
                out.append(
                    _at(
                        rec,
                        ERROR,
                        "students",
                        f"{who}: {_fmt(students)} students in {grouping.upper()} groups of {size} make "
                        f"{_fmt(groups)} {grouping.upper()} groups; normally 0 to {most[grouping]}",
                        "Check the students and group sizes. " + _setting_hint(f"max_{grouping}_groups"),
                    )
                )
    # one finding per cell is enough
    seen, unique = set(), []
    for f in out:
        if (f.where, f.row, f.column) not in seen:
            seen.add((f.where, f.row, f.column))
            unique.append(f)
    return unique


def maquette_findings(inputs: Inputs) -> list[Finding]:
    """A maquette row holding far more than its share of its semester's hours."""
    share = inputs.settings.max_module_share
    totals: dict[tuple, int | Fraction] = {}
    for m in inputs.modules:
        key = (m.year, m.semester, m.parcours)
        totals[key] = totals.get(key, 0) + m.total
    out = []
    for rec in inputs.records.get("maquette", []):
        semester_total = totals.get((rec["year"], rec["semester"], rec["parcours"]), 0)
        if semester_total and rec["total"] > share * semester_total:
            out.append(
                _at(
                    rec,
                    WARNING,
                    "total",
                    f"{rec['code']} ({rec['parcours']}, S{rec['semester']}) has {_fmt(rec['total'])} h, "
                    f"{float(rec['total'] / semester_total):.0%} of its semester's {_fmt(semester_total)} h; "
                    "one row "
                    f"normally holds at most {float(share):.0%}",
                    "Check the row's hours and the declared totals. " + _setting_hint("max_module_share"),
                )
            )
    return out


def teacher_findings(inputs: Inputs) -> list[Finding]:
    """Reductions beyond the service dû, personal caps beyond their status's maximum."""
    out = []
    for rec in inputs.records.get("teachers", []):
        status = inputs.statuses.get(rec["status"])
        if status is None:
            continue
        who = f"{rec['id']} ({rec['status']})"
        if rec["reductions"] > status.service_du:
            out.append(
                _at(
                    rec,
                    ERROR,
                    "reductions",
                    f"{who} has {_fmt(rec['reductions'])} HETD of reductions (décharges) for a service dû of "
                    f"{_fmt(status.service_du)}; reductions normally range from 0 to the service dû",
                    "Check for a mistyped number.",
                )
            )
        if rec["max_hc"] is not None and rec["max_hc"] > status.max_hc:
            out.append(
                _at(
                    rec,
                    ERROR,
                    "max_hc",
                    f"{who}: a personal cap of {_fmt(rec['max_hc'])} HETD of heures complémentaires "
                    "is above the "
                    f"maximum of the status, {_fmt(status.max_hc)} (statuses.csv)",
                    "A personal cap can only lower the status's maximum; change statuses.csv if the "
                    "rule changed.",
                )
            )
        most = status.service_du + status.max_hc
        if rec["max_hetd"] is not None and rec["max_hetd"] > most:
            out.append(
                _at(
                    rec,
                    ERROR,
                    "max_hetd",
                    f"{who}: a personal cap of {_fmt(rec['max_hetd'])} HETD is above the most the "
                    "status allows, "
                    f"{_fmt(most)} (service dû {_fmt(status.service_du)} + heures complémentaires "
                    f"{_fmt(status.max_hc)}, statuses.csv)",
                    "A personal cap can only lower the status's maximum; change statuses.csv if the "
                    "rule changed.",
                )
            )
    return out


def weekly_findings(inputs: Inputs) -> list[Finding]:
    """Weekly caps (teachers' statuses, students, modules) beyond a plausible week."""
    top = inputs.settings.max_week_hours
    hint = "Check for a mistyped number. " + _setting_hint("max_week_hours")
    out = []
    for rec in inputs.records.get("statuses", []):
        if rec["max_weekly_hours"] is not None and rec["max_weekly_hours"] > top:
            out.append(
                _at(
                    rec,
                    ERROR,
                    "max_weekly_hours",
                    f"status {rec['status']}: a weekly cap of {_fmt(rec['max_weekly_hours'])} h; "
                    "weekly caps are "
                    f"normally 1 to {top} h",
                    hint,
                )
            )
    for key in ("student_week_hours", "module_week_max"):
        value = getattr(inputs.settings, key)
        if value > top:
            where, row, column = _setting_place(inputs, key)
            out.append(
                Finding(
                    ERROR,
                    f"{key} is {_fmt(value)} h a week; weekly caps are normally 1 to {top} h",
                    where,
                    row,
                    column,
                    hint,
                )
            )
    return out


def session_findings(inputs: Inputs) -> list[Finding]:
    """Maquette cells that are not a whole number of their department's sessions (``session_hours``)."""
    out = []
    taught = [a for a, act in inputs.activities.items() if act.grouping != "none"]
    for rec in inputs.records.get("maquette", []):
        department = rec.values.get("department") or inputs.departments[0]
        session = Fraction(inputs.session_hours(department))
        for a in taught:
            hours = rec.values.get(a)
            if not hours or not (Fraction(hours) % session):
                continue
            whole = Fraction(hours) // session
            rest = Fraction(hours) - whole * session
            out.append(
                _at(
                    rec,
                    WARNING,
                    a,
                    f"{inputs.shown(rec['code'])} {a} ({inputs.shown(rec['parcours'])}, S{rec['semester']}): "
                    f"{hours_text(hours)} h is not a whole number of {hours_text(session)} h sessions; "
                    f"the week layout places {whole} session{'s' if whole != 1 else ''} and one of "
                    f"{hours_text(rest)} h",
                    "Check the hours, or the session_hours setting.",
                )
            )
    return out


CHECKS = (
    cohort_findings,
    group_findings,
    maquette_findings,
    teacher_findings,
    weekly_findings,
    session_findings,
)


def findings(inputs: Inputs) -> list[Finding]:
    """Every implausible value of the inputs, errors first, in file order."""
    found = [f for check in CHECKS for f in check(inputs)]
    return [f for f in found if f.level == ERROR] + [f for f in found if f.level == WARNING]


def check_plausible(inputs: Inputs) -> list[Finding]:
    """Raise the first error (saying how many more there are); return the warnings."""
    found = findings(inputs)
    errors = [f for f in found if f.level == ERROR]
    if errors:
        first = errors[0].error()
        if len(errors) > 1:
            more = "; ".join(str(f) for f in errors[1:4])
            first.hint = (
                (first.hint or "")
                + f" Also implausible ({len(errors) - 1} more): {more}"
                + (" …" if len(errors) > 4 else "")
            )
        raise first
    return found
