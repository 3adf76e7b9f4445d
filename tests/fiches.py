"""Hand-made fiches de service with known totals, for the renderers' tests."""

from __future__ import annotations

from fractions import Fraction as F

from planner.reports.fiche import Fiche, FicheLine


def line(semester: int, parcours: str, code: str, activity: str, groups, per_group, factor) -> FicheLine:
    hours = F(groups) * F(per_group)
    year = (semester + 1) // 2
    return FicheLine(
        year,
        semester,
        parcours,
        code,
        f"Module {code}",
        activity,
        F(groups),
        F(per_group),
        hours,
        F(factor),
        hours * F(factor),
    )


# 3 + 24 + 80/3 = 53.67 HETD in 66 h: S3 26 h / 27 HETD, S4 40 h / 26.67 HETD
LINES = (
    line(3, "OSC+QMI", "R3.04", "CM", 1, 2, F(3, 2)),
    line(3, "OSC", "R3.01", "TD", 2, 12, 1),
    line(4, "QMI", "R4.02", "TP", 4, 10, F(2, 3)),
)


def fiche(
    teacher: str = "cdumas", name: str = "Céline Dumas", lines=LINES, other=0, cost=0, **changes
) -> Fiche:
    """An MCF's fiche: service dû 192, ``other`` HETD counted outside the plan."""
    values = dict(
        teacher=teacher,
        name=name,
        status="MCF",
        status_label="Maître de conférences",
        years=(2,),
        service_du=F(192),
        reductions=F(0),
        other_hetd=F(other),
        lines=tuple(lines),
        cost=F(cost),
        hc_rate=F("40.91"),
        vacataire=False,
    )
    values.update(changes)
    return Fiche(**values)
