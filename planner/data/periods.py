"""When students are away and teachers cannot teach: ``periods.csv`` and ``unavailability.csv``.

``periods.csv`` gives the year-1 *stage* (the last ``length`` weeks of a
window) and the *alternance* rhythm of years 2 and 3 (a repeated IUT/company
pattern from a start week, or an explicit list of IUT weeks);
``unavailability.csv`` lists the weeks a teacher cannot teach. Both are read
against the calendar (``planner.data.calendar``); errors name the file, row
and column.
"""

from __future__ import annotations

import re

from planner.data.calendar import (
    PERIOD_KINDS,
    Calendar,
    Period,
    Unavailability,
    Week,
    iso_label,
    parse_iso_week,
)
from planner.data.entities import ANY
from planner.data.iut import split
from planner.data.tables import Column, Record, Table
from planner.errors import PlannerError, Problems

PERIODS_TABLE = Table(
    "periods",
    (
        Column("year", "int"),
        Column("parcours", blank=ANY),
        Column("kind", choices=PERIOD_KINDS),
        Column("from_week", blank=""),
        Column("to_week", blank=""),
        Column("length", "int", blank=None, minimum=1),
        Column("pattern", blank=""),
        Column("iut_weeks", blank="", required=False),
    ),
    key=("year", "parcours", "kind", "from_week"),
    optional=True,
    allow_empty=True,
)
UNAVAILABILITY_TABLE = Table(
    "unavailability",
    (
        Column("teacher"),
        Column("from_week", blank=""),
        Column("to_week", blank=""),
        Column("semester", blank="", choices=("odd", "even")),
        Column("reason", blank="", required=False),
    ),
    optional=True,
    allow_empty=True,
)


def _week_of(rec: Record, column: str, calendar: Calendar) -> str:
    parsed = parse_iso_week(rec[column])
    if parsed is None:
        raise rec.error(f"{rec[column]!r} is not an ISO week", column, hint="Write it like 2025-W36.")
    iso = iso_label(*parsed)
    if iso not in calendar:
        raise rec.error(
            f"{iso} is not in the calendar",
            column,
            hint=f"calendar.csv runs from {calendar.weeks[0].iso} to {calendar.weeks[-1].iso}.",
        )
    return iso


def _span(rec: Record, calendar: Calendar, default: list[Week]) -> list[str]:
    first = _week_of(rec, "from_week", calendar) if rec["from_week"] else default[0].iso
    last = _week_of(rec, "to_week", calendar) if rec["to_week"] else default[-1].iso
    i, j = calendar.index(first), calendar.index(last)
    if j < i:
        raise rec.error(f"to_week {last} is before from_week {first}", "to_week")
    return [w.iso for w in calendar.weeks[i : j + 1]]


def parse_pattern(text: str) -> str | None:
    """``2/2`` (IUT/company weeks) or a string of I and E letters, as I/E letters."""
    t = text.replace(" ", "").upper()
    m = re.fullmatch(r"(\d+)/(\d+)", t)
    if m:
        iut, company = int(m.group(1)), int(m.group(2))
        return "I" * iut + "E" * company if iut + company else None
    if t and set(t) <= {"I", "E"}:
        return t
    return None


def _week_list(rec: Record, column: str, calendar: Calendar) -> set[str]:
    weeks: set[str] = set()
    for token in re.split(r"[\s,;]+", rec[column].strip()):
        if not token:
            continue
        ends = token.split("..")
        if len(ends) > 2:
            raise rec.error(f"{token!r}: write a range as 2025-W36..2025-W40", column)
        isos = []
        for end in ends:
            parsed = parse_iso_week(end)
            if parsed is None:
                raise rec.error(f"{end!r} is not an ISO week", column, hint="Write weeks like 2025-W36.")
            iso = iso_label(*parsed)
            if iso not in calendar:
                raise rec.error(f"{iso} is not in the calendar", column)
            isos.append(iso)
        i, j = calendar.index(isos[0]), calendar.index(isos[-1])
        if j < i:
            raise rec.error(f"{token!r}: the range ends before it starts", column)
        weeks.update(w.iso for w in calendar.weeks[i : j + 1])
    return weeks


def read_periods(
    records: list[Record], calendar: Calendar | None, parcours_of, problems: Problems | None = None
) -> list[Period]:
    """Stage windows and alternance rhythms, as the weeks each row sends students away.

    A bad row's problem is recorded in ``problems`` (without it, the problems
    are raised together at the end).
    """
    if not records:
        return []
    if calendar is None:
        raise records[0].error(
            "periods need a calendar, but there is no calendar.csv",
            hint="Add calendar.csv (see inputs/README.md) or remove periods.csv.",
        )
    found = Problems.of(problems)
    periods: list[Period] = []
    for rec in records:
        with found.each():
            periods.append(_period(rec, calendar, parcours_of))
    with found.each():
        _check_overlaps(periods, records)
    found.close(problems)
    return periods


def _period(rec: Record, calendar: Calendar, parcours_of) -> Period:
    year, parcours = rec["year"], rec["parcours"]
    department, written = split(parcours) if "department" in rec.values else ("", parcours)
    known = [p for p in parcours_of(year) if split(p)[0] == department or not department]
    if not known:
        raise rec.error(f"no cohort of year {year} in cohorts.csv", "year")
    if written != ANY and parcours not in known:
        shown = [split(p)[1] if department else p for p in known]
        raise rec.error(
            f"unknown parcours {written!r} for year {year}",
            "parcours",
            hint=f"cohorts.csv declares: {', '.join(shown)} (or * for all).",
        )
    origin = (rec.where, rec.row)
    if rec["kind"] == "stage":
        if rec["pattern"] or rec["iut_weeks"]:
            column = "pattern" if rec["pattern"] else "iut_weeks"
            raise rec.error("a stage has a window and a length, not a rhythm", column)
        span = _span(rec, calendar, calendar.semester_weeks("even") or list(calendar.weeks))
        length = rec["length"] or len(span)
        if length > len(span):
            raise rec.error(
                f"a {length}-week stage does not fit in its {len(span)}-week window {span[0]}..{span[-1]}",
                "length",
            )
        return Period(year, parcours, "stage", tuple(span), frozenset(span[-length:]), origin)
    if rec["length"] is not None:
        raise rec.error("length is for a stage; an alternance has a pattern or iut_weeks", "length")
    span = _span(rec, calendar, list(calendar.weeks))
    if bool(rec["pattern"]) == bool(rec["iut_weeks"]):
        raise rec.error(
            "give either a pattern (like 2/2: weeks at the IUT / weeks in company) or iut_weeks, not "
            + ("both" if rec["pattern"] else "neither"),
            "pattern",
        )
    if rec["pattern"]:
        letters = parse_pattern(rec["pattern"])
        if letters is None:
            raise rec.error(
                f"{rec['pattern']!r} is not a rhythm",
                "pattern",
                hint=(
                    "Write IUT/company weeks like 2/2 or 3/1, or letters like IIEE (I = IUT, E = entreprise)."
                ),
            )
        away = {w for k, w in enumerate(span) if letters[k % len(letters)] == "E"}
    else:
        iut = _week_list(rec, "iut_weeks", calendar)
        outside = sorted(iut - set(span))
        if outside:
            raise rec.error(f"{outside[0]} is outside the row's weeks {span[0]}..{span[-1]}", "iut_weeks")
        away = set(span) - iut
    return Period(year, parcours, "alternance", tuple(span), frozenset(away), origin)


def _check_overlaps(periods: list[Period], records: list[Record]) -> None:
    seen: dict[tuple, list[Period]] = {}
    for p in periods:
        for other in seen.get((p.year, p.parcours, p.kind), []):
            common = set(p.span) & set(other.span)
            if common:
                raise PlannerError(
                    f"this {p.kind} row covers {min(common)} like row {other.origin[1]} "
                    f"(year {p.year}, parcours {p.parcours})",
                    where=p.origin[0],
                    row=p.origin[1],
                    column="from_week",
                    hint="Rows of the same year, parcours and kind must cover separate weeks.",
                )
        seen.setdefault((p.year, p.parcours, p.kind), []).append(p)


def read_unavailability(
    records: list[Record], calendar: Calendar | None, teacher_ids, problems: Problems | None = None
) -> list[Unavailability]:
    """The teachers' unavailable weeks of ``unavailability.csv``, checked against the calendar."""
    if not records:
        return []
    if calendar is None:
        raise records[0].error("unavailability needs a calendar, but there is no calendar.csv")
    found = Problems.of(problems)
    out = []
    for rec in records:
        with found.each():
            out.append(_unavailability(rec, calendar, teacher_ids))
    found.close(problems)
    return out


def _unavailability(rec: Record, calendar: Calendar, teacher_ids) -> Unavailability:
    if rec["teacher"] not in teacher_ids:
        raise rec.error(f"unknown teacher {rec['teacher']!r}", "teacher", hint="teachers.csv has no such id.")
    if rec["semester"]:
        if rec["from_week"] or rec["to_week"]:
            raise rec.error("give either a semester (odd/even) or weeks, not both", "semester")
        weeks = [w.iso for w in calendar.semester_weeks(rec["semester"])]
    elif rec["from_week"]:
        first = _week_of(rec, "from_week", calendar)
        last = _week_of(rec, "to_week", calendar) if rec["to_week"] else first
        i, j = calendar.index(first), calendar.index(last)
        if j < i:
            raise rec.error(f"to_week {last} is before from_week {first}", "to_week")
        weeks = [w.iso for w in calendar.weeks[i : j + 1]]
    else:
        raise rec.error("give the weeks (from_week, to_week) or a semester (odd/even)", "from_week")
    return Unavailability(rec["teacher"], frozenset(weeks), rec["reason"], (rec.where, rec.row))
