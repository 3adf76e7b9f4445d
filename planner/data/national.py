"""The programme national (PN) beside the local maquette: the checks a department makes by hand.

A maquette row may give the PN's volume of its module (``pn_hours``, the
supervised hours CM + TD + TP fixed nationally) and the TP part of it
(``pn_tp``). A BUT department adapts the PN locally: it may add hours (the
local adaptation, up to a third of the hours), but a module's local hours
should not fall below its national volume, nor its TP below the national TP.
``national_report`` gives, per semester, the local hours against the PN and,
per module, what falls below it; modules without a PN figure (SAÉ, portfolio:
"à définir localement") count as local adaptation.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from planner.data.entities import ACTIVITIES, PROJET, Module
from planner.data.inputs import Inputs
from planner.data.iut import local
from planner.numbers import hours_text

CLASS_HOURS = tuple(a for a in ACTIVITIES if a != PROJET)  # supervised hours, as the PN counts them


def class_hours(m: Module) -> int | Fraction:
    """A module's supervised hours per student (every activity but Projet)."""
    return sum(m.hours.get(a, 0) for a in CLASS_HOURS)


@dataclass(frozen=True)
class NationalBlock:
    """One semester of one parcours: its local hours against the PN's."""

    year: int
    semester: int
    parcours: str  # as its table writes it
    department: str
    local: int | Fraction  # supervised hours of every row
    national: int | Fraction  # the PN volume of the rows that give one
    local_tp: int | Fraction
    national_tp: int | Fraction

    @property
    def adaptation(self) -> int | Fraction:
        """The local adaptation: hours beyond the PN (SAÉ and portfolio hours included)."""
        return self.local - self.national

    @property
    def share(self) -> Fraction:
        return Fraction(self.adaptation) / self.local if self.local else Fraction(0)


@dataclass(frozen=True)
class BelowNational:
    """A module whose local hours (or TP) fall below the PN, with the maquette rows that say so."""

    code: str
    semester: int
    parcours: tuple[str, ...]
    department: str
    rows: tuple[int, ...]
    where: str
    local: int | Fraction
    national: int | Fraction
    local_tp: int | Fraction
    national_tp: int | Fraction | None

    @property
    def below_volume(self) -> bool:
        return self.local < self.national

    @property
    def below_tp(self) -> bool:
        return self.national_tp is not None and self.local_tp < self.national_tp

    def message(self) -> str:
        what = []
        if self.below_volume:
            what.append(
                f"{hours_text(self.local)} h, below the programme national's {hours_text(self.national)} h"
            )
        if self.below_tp:
            what.append(f"TP {hours_text(self.local_tp)} h, below its {hours_text(self.national_tp)} h of TP")
        parcours = ", ".join(self.parcours)
        rows = f"; rows {', '.join(map(str, self.rows))}" if len(self.rows) > 1 else ""
        return f"{self.code} (S{self.semester}, {parcours}{rows}): {'; '.join(what)}"


def national_report(inputs: Inputs) -> tuple[list[NationalBlock], list[BelowNational]]:
    """The semesters' local hours against the PN, and the modules below it.

    Returns
    -------
    (blocks, below)
        One ``NationalBlock`` per semester and parcours that has a PN figure
        (none when the maquette gives none), and one ``BelowNational`` per
        module whose hours or TP fall below the PN, its rows (one per parcours
        repeating it) together.
    """
    records = inputs.records.get("maquette", [])
    rows = {(r["year"], r["semester"], r["parcours"], r["code"]): r for r in records}
    blocks: dict[tuple, list[Module]] = defaultdict(list)
    for m in inputs.modules:
        blocks[(m.year, m.semester, m.parcours)].append(m)
    out = []
    for (year, semester, parcours), modules in blocks.items():
        national = [m for m in modules if m.pn_hours is not None]
        if not national:
            continue
        out.append(
            NationalBlock(
                year,
                semester,
                local(parcours) if inputs.scoped else parcours,
                modules[0].department if inputs.scoped else "",
                sum(class_hours(m) for m in modules),
                sum(m.pn_hours or 0 for m in national),
                sum(m.hours.get("TP", 0) for m in modules),
                sum(m.pn_tp or 0 for m in national),
            )
        )
    below: dict[tuple, list[Module]] = defaultdict(list)
    for m in inputs.modules:
        short_volume = m.pn_hours is not None and class_hours(m) < m.pn_hours
        short_tp = m.pn_tp is not None and m.hours.get("TP", 0) < m.pn_tp
        if short_volume or short_tp:
            key = (
                m.department,
                m.semester,
                m.code,
                class_hours(m),
                m.hours.get("TP", 0),
                m.pn_hours,
                m.pn_tp,
            )
            below[key].append(m)
    findings = []
    for (department, semester, code, hours, tp, pn, pn_tp), modules in below.items():
        recs = [rows[(m.year, m.semester, m.parcours, m.code)] for m in modules]
        findings.append(
            BelowNational(
                inputs.shown(code),
                semester,
                tuple(inputs.shown(m.parcours) for m in modules),
                department if inputs.scoped else "",
                tuple(r.row for r in recs),
                recs[0].where,
                hours,
                pn if pn is not None else hours,
                tp,
                pn_tp,
            )
        )
    return out, findings
