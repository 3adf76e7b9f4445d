"""What the week layout says when the hours do not fit: misfits in a department head's words."""

from __future__ import annotations

from typing import Any

from planner.data.calendar import semester_label
from planner.numbers import hours_text
from planner.weeks.problem import Misfit
from planner.weeks.view import ParityView

Over = tuple[str, Any, int, int]  # ("cohort" or "teacher", who, week, hours over the cap)


def overflow_misfits(m: ParityView, over: list[Over]) -> list[Misfit]:
    """Where the weekly caps had to give way, grouped by cohort or teacher and semester."""
    p = m.p
    grouped: dict[tuple[str, Any, str], list[tuple[int, int]]] = {}
    for kind, who, k, v in over:
        if v:
            grouped.setdefault((kind, who, p.weeks[k].parity), []).append((k, v))
    out = []
    s = p.session  # the model counts sessions: the words say hours
    for (kind, who, parity_), items in grouped.items():
        extra = sum(v for _, v in items) * s
        weeks = ", ".join(f"{p.weeks[k].iso} (+{hours_text(v * s)} h)" for k, v in items[:6])
        more = f" and {len(items) - 6} more weeks" if len(items) > 6 else ""
        if kind == "cohort":
            year, parcours = who
            sem = semester_label(parity_, [year])
            subject = f"year {year} {parcours}"
            cap = f"the student cap of {hours_text(p.student_week_hours * s)} h a week"
            fix = "more IUT weeks in periods.csv or a higher student_week_hours"
        else:
            sem = semester_label(parity_, (1, 2, 3))
            subject = f"teacher {who}"
            cap = f"{who}'s weekly cap ({hours_text(max(p.teacher_cap[who]) * s)} h, {p.teacher_status[who]})"
            fix = "another teacher for some groups, or fewer rhythm clashes between the years"
        out.append(
            Misfit(
                subject,
                sem,
                extra,
                0,
                f"{subject}, {sem}: the hours fit the semester in total, but the weeks each "
                f"module may use (rhythms of pooled parcours, teachers' availability, the CM-first "
                f"and module_week_min/max rules) force {hours_text(extra)} h over {cap}: {weeks}{more}; "
                f"try {fix}.",
                students=kind == "cohort",
            )
        )
    return out


def not_found(m: ParityView, units: int, time_limit: float) -> Misfit:
    over = units * m.p.session  # in hours
    return Misfit(
        f"week layout {m.label}",
        m.label,
        over,
        0,
        f"{m.label}: no layout within the weekly caps found in the time given to these weeks "
        f"({time_limit:.1f} s; the "
        f"best found is {hours_text(over)} h over the caps, and none was proved impossible); raise "
        "weeks_time_limit in settings.csv.",
    )


def no_layout(status: str, time_limit: float) -> Misfit:
    if status == "INFEASIBLE":
        text = (
            "no week layout satisfies the rules together (each module's weeks, module_week_min/max, "
            "a module's CM before its TD/TP, teachers' availability), although each check of hours "
            "against weeks passes; loosen module_week_min/max or widen the IUT weeks in periods.csv."
        )
    else:
        text = (
            f"no week layout found within the time limit ({time_limit:g} s); raise weeks_time_limit "
            "in settings.csv."
        )
    return Misfit("week layout", "", 0, 0, text)


def solved_overflow(m: ParityView, over: list[Over]) -> dict[tuple[str, str], int]:
    """Hours over each teacher's weekly cap in the best layout the fit stage found."""
    out: dict[tuple[str, str], int] = {}
    for kind, who, _k, v in over:
        if kind == "teacher" and v:
            out[(who, m.parity)] = out.get((who, m.parity), 0) + v
    return out


def alone_misfits(m: ParityView, least: dict[tuple[str, str], int]) -> list[Misfit]:
    """Teachers whose groups alone cannot be laid out under their weekly cap (``weeks.alone``)."""
    p, out = m.p, []
    for (teacher, _parity), units in sorted(least.items()):  # the model's units (sessions): in hours
        hours = units * p.session
        cap = f"{hours_text(max(p.teacher_cap[teacher]) * p.session)} h, {p.teacher_status[teacher]}"
        out.append(
            Misfit(
                f"teacher {teacher}",
                m.label,
                hours,
                0,
                f"teacher {teacher}, {m.label}: all groups of a part share its weeks, so "
                f"{teacher}'s groups alone force at least {hours_text(hours)} h over the weekly cap ({cap}), "
                "whatever the other teachers and the students' weeks; give some of these groups to "
                "another teacher.",
                teacher,
                m.parity,
            )
        )
    return out


def together_misfits(m: ParityView, least: dict[tuple[str, ...], int]) -> list[Misfit]:
    """Teachers sharing parts whose groups together cannot be laid out under their weekly caps
    (``weeks.alone.sets_over``), though each one's alone can."""
    p, out = m.p, []
    for teachers, units in sorted(least.items()):  # the model's units (sessions): in hours
        hours = units * p.session
        names = ", ".join(teachers)
        out.append(
            Misfit(
                f"teachers {names}",
                m.label,
                hours,
                0,
                f"teachers {names}, {m.label}: each one's groups fit their weekly cap alone, but they "
                "teach groups of the same parts, which share their weeks, and together force at least "
                f"{hours_text(hours)} h over their weekly caps, whatever the students' weeks; give some "
                "of these groups to another teacher.",
            )
        )
    return out
