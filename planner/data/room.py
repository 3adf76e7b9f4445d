"""What the calendar leaves each cohort: a semester's class hours against the room of its IUT weeks.

The week layout's pre-check (``planner.weeks.precheck``) says it too, after an
assignment; this is the part that needs none, so that ``planner validate``
says before any solve that a rhythm's IUT weeks cannot hold a semester's hours.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from planner.data.calendar import IUT, cohort_status, parity, scaled_cap
from planner.data.entities import PROJET, SEMESTERS
from planner.data.inputs import Inputs
from planner.numbers import hours_text


@dataclass(frozen=True)
class CohortRoom:
    """One cohort's hours of one semester and what its IUT weeks hold at the student's weekly cap."""

    year: int
    parcours: str
    semester: int
    hours: int | Fraction  # class hours of a student (Projet only with projet_in_weeks)
    weeks: int  # IUT weeks of the semester
    room: int  # those weeks' hours at student_week_hours, scaled by open days

    @property
    def fits(self) -> bool:
        return self.hours <= self.room


def cohort_rooms(inputs: Inputs) -> list[CohortRoom]:
    """Every opened cohort's semesters, hours against room; none without a calendar."""
    calendar, settings = inputs.calendar, inputs.settings
    if calendar is None:
        return []
    taught = {a for a, act in inputs.activities.items() if act.grouping != "none"}
    if settings.projet_in_weeks:
        taught.add(PROJET)
    out = []
    for (year, parcours), cohort in inputs.cohorts.items():
        if not cohort.opened:
            continue
        status = cohort_status(calendar, inputs.periods, year, parcours)
        for semester in SEMESTERS[year]:
            modules = [
                m for m in inputs.modules if (m.year, m.parcours, m.semester) == (year, parcours, semester)
            ]
            hours = sum(h for m in modules for a, h in m.hours.items() if a in taught)
            if not hours:
                continue
            weeks = [w for w in calendar.weeks if w.parity == parity(semester) and status[w.iso] == IUT]
            room = sum(scaled_cap(settings.student_week_hours, w) for w in weeks)
            out.append(CohortRoom(year, parcours, semester, hours, len(weeks), room))
    return out


def room_message(c: CohortRoom, inputs: Inputs) -> str:
    """Why a cohort's semester does not fit its IUT weeks, in the words of the week pre-check."""
    cap = inputs.settings.student_week_hours
    more = math.ceil((c.hours - c.room) / cap)
    return (
        f"year {c.year} {inputs.shown(c.parcours)}, S{c.semester}: {hours_text(c.hours)} h of classes to "
        f"place but only {c.weeks} weeks at the IUT, which hold {hours_text(c.room)} h at "
        f"{hours_text(cap)} h a week "
        f"(less with public holidays); {more} more IUT week{'s' if more > 1 else ''} or a higher "
        "student_week_hours would be needed"
    )
