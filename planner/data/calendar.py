"""The academic calendar and when each cohort can be taught.

``calendar.csv`` lists consecutive ISO weeks with the semester parity they
belong to (``odd``: S1/S3/S5, ``even``: S2/S4/S6, ``none``: no teaching),
closure weeks (holidays) and the open days left by public holidays.
``periods.csv`` says when students are away: the year-1 *stage* (the last
``length`` weeks of a window) and the *alternance* rhythm of years 2 and 3
(a repeated IUT/company pattern from a start week, or an explicit list of IUT
weeks). ``unavailability.csv`` lists the weeks a teacher cannot teach.

Everything here is checked when the inputs are loaded; errors name the file,
row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from planner.data.entities import ANY
from planner.data.iut import any_parcours, split
from planner.data.tables import Column, Record, Table
from planner.errors import PlannerError

PARITIES = ("odd", "even", "none")
PERIOD_KINDS = ("stage", "alternance")

# week status of a cohort, in display order of precedence
IUT, STAGE, COMPANY, CLOSED, OFF = "iut", "stage", "company", "closed", "off"
MARKS = {STAGE: "S", COMPANY: "E", CLOSED: "V", OFF: "·"}

CALENDAR_TABLE = Table(
    "calendar",
    (
        Column("iso_week"),
        Column("monday", blank="", required=False),
        Column("semester", choices=PARITIES),
        Column("closed", "bool", blank=False),
        Column("open_days", "int", blank=5),
        Column("label", blank="", required=False),
    ),
    key=("iso_week",),
    optional=True,
    allow_empty=True,  # a workbook from `planner template` may carry the header alone
)
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

_ISO = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


def parse_iso_week(text: str) -> tuple[int, int] | None:
    """``2025-W36`` (or ``2025W36``) as (year, week); None if not a valid ISO week."""
    m = _ISO.match(text.strip())
    if not m:
        return None
    year, week = int(m.group(1)), int(m.group(2))
    try:
        dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        return None
    return year, week


def iso_label(year: int, week: int) -> str:
    """An ISO week as ``2025-W36``."""
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class Week:
    """One row of calendar.csv: an ISO week, its semester parity, closure and open days."""

    iso: str  # 2025-W36
    monday: dt.date
    parity: str  # odd, even, none
    closed: bool
    open_days: int  # 0..5, after public holidays
    label: str

    @property
    def short(self) -> str:
        """The week number alone, for narrow grids."""
        return self.iso[-2:]

    @property
    def teaching(self) -> bool:
        """A week of a semester, not closed, with at least one open day."""
        return self.parity != "none" and not self.closed and self.open_days > 0


@dataclass(frozen=True)
class Calendar:
    """The academic year's consecutive weeks, indexed by ISO week."""

    weeks: tuple[Week, ...]
    where: str
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def index(self, iso: str) -> int:
        return self._index[iso]

    def __post_init__(self):
        object.__setattr__(self, "_index", {w.iso: i for i, w in enumerate(self.weeks)})

    def __contains__(self, iso: str) -> bool:
        return iso in self._index

    def week(self, iso: str) -> Week:
        return self.weeks[self._index[iso]]

    def semester_weeks(self, parity: str) -> list[Week]:
        return [w for w in self.weeks if w.parity == parity]


@dataclass(frozen=True)
class Period:
    """Weeks a cohort (or every cohort of a year, parcours ``*``) is away."""

    year: int
    parcours: str
    kind: str  # stage or alternance
    span: tuple[str, ...]  # the weeks the row rules (window or rhythm range)
    away: frozenset[str]  # stage weeks, or company weeks
    origin: tuple[str, int]


@dataclass(frozen=True)
class Unavailability:
    """Weeks one teacher cannot teach (unavailability.csv), with the row it comes from."""

    teacher: str
    weeks: frozenset[str]
    reason: str
    origin: tuple[str, int]


def parity(semester: int) -> str:
    """``odd`` for S1, S3, S5 (autumn weeks), ``even`` for S2, S4, S6."""
    return "odd" if semester % 2 else "even"


def semester_label(semester_parity: str, years: Iterable[int]) -> str:
    """The semesters of ``years`` taught in odd or even weeks: ``S3``, or ``S1/S3/S5`` for several years."""
    first = 1 if semester_parity == "odd" else 2
    return "/".join(f"S{first + 2 * (y - 1)}" for y in sorted(years))


# --- loading ----------------------------------------------------------------


def read_calendar(records: list[Record]) -> Calendar | None:
    """The calendar of ``calendar.csv`` rows (None without rows: no week layout), checked."""
    if not records:
        return None
    weeks = []
    previous = None
    for rec in records:
        parsed = parse_iso_week(rec["iso_week"])
        if parsed is None:
            raise rec.error(
                f"{rec['iso_week']!r} is not an ISO week", "iso_week", hint="Write it like 2025-W36."
            )
        monday = dt.date.fromisocalendar(parsed[0], parsed[1], 1)
        if rec["monday"]:
            try:
                given = dt.date.fromisoformat(rec["monday"][:10])
            except ValueError:
                raise rec.error(f"{rec['monday']!r} is not a date (YYYY-MM-DD)", "monday") from None
            if given != monday:
                raise rec.error(
                    f"the Monday of {iso_label(*parsed)} is {monday.isoformat()}, not {rec['monday']}",
                    "monday",
                )
        if previous is not None and monday != previous + dt.timedelta(days=7):
            raise rec.error(
                f"{iso_label(*parsed)} does not follow the previous row's week",
                "iso_week",
                hint=(
                    "List consecutive weeks, in order, without gaps (mark non-teaching weeks semester none)."
                ),
            )
        if rec["open_days"] > 5:
            raise rec.error(f"{rec['open_days']} open days: a week has at most 5", "open_days")
        previous = monday
        weeks.append(
            Week(iso_label(*parsed), monday, rec["semester"], rec["closed"], rec["open_days"], rec["label"])
        )
    return Calendar(tuple(weeks), records[0].where)


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


def read_periods(records: list[Record], calendar: Calendar | None, parcours_of) -> list[Period]:
    """Stage windows and alternance rhythms, as the weeks each row sends students away."""
    if not records:
        return []
    if calendar is None:
        raise records[0].error(
            "periods need a calendar, but there is no calendar.csv",
            hint="Add calendar.csv (see inputs/README.md) or remove periods.csv.",
        )
    periods: list[Period] = []
    for rec in records:
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
                    f"a {length}-week stage does not fit in its {len(span)}-week window "
                    f"{span[0]}..{span[-1]}",
                    "length",
                )
            periods.append(Period(year, parcours, "stage", tuple(span), frozenset(span[-length:]), origin))
            continue
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
                        "Write IUT/company weeks like 2/2 or 3/1, or letters like IIEE (I = IUT, E = "
                        "entreprise)."
                    ),
                )
            away = {w for k, w in enumerate(span) if letters[k % len(letters)] == "E"}
        else:
            iut = _week_list(rec, "iut_weeks", calendar)
            outside = sorted(iut - set(span))
            if outside:
                raise rec.error(f"{outside[0]} is outside the row's weeks {span[0]}..{span[-1]}", "iut_weeks")
            away = set(span) - iut
        periods.append(Period(year, parcours, "alternance", tuple(span), frozenset(away), origin))
    _check_overlaps(periods, records)
    return periods


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
    records: list[Record], calendar: Calendar | None, teacher_ids
) -> list[Unavailability]:
    """The teachers' unavailable weeks of ``unavailability.csv``, checked against the calendar."""
    if not records:
        return []
    if calendar is None:
        raise records[0].error("unavailability needs a calendar, but there is no calendar.csv")
    out = []
    for rec in records:
        if rec["teacher"] not in teacher_ids:
            raise rec.error(
                f"unknown teacher {rec['teacher']!r}", "teacher", hint="teachers.csv has no such id."
            )
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
        out.append(Unavailability(rec["teacher"], frozenset(weeks), rec["reason"], (rec.where, rec.row)))
    return out


# --- when a cohort can be taught ------------------------------------------------


def away_weeks(periods: list[Period], year: int, parcours: str, kind: str) -> frozenset[str]:
    """Weeks of one kind a cohort is away: its own rows if any, else the year's ``*`` rows."""
    rows = [p for p in periods if p.year == year and p.kind == kind]
    own = [p for p in rows if p.parcours == parcours]
    chosen = own or [p for p in rows if p.parcours == any_parcours(parcours)]
    return frozenset().union(*(p.away for p in chosen))


def cohort_status(calendar: Calendar, periods: list[Period], year: int, parcours: str) -> dict[str, str]:
    """Each calendar week's status for one cohort: iut, stage, company, closed or off."""
    stage = away_weeks(periods, year, parcours, "stage")
    company = away_weeks(periods, year, parcours, "alternance")
    status = {}
    for w in calendar.weeks:
        if w.iso in stage:
            status[w.iso] = STAGE
        elif w.iso in company:
            status[w.iso] = COMPANY
        elif w.parity == "none":
            status[w.iso] = OFF
        elif not w.teaching:
            status[w.iso] = CLOSED
        else:
            status[w.iso] = IUT
    return status


def unavailable_weeks(unavailability: list[Unavailability]) -> dict[str, frozenset[str]]:
    """The ISO weeks each teacher cannot teach."""
    out: dict[str, set[str]] = {}
    for u in unavailability:
        out.setdefault(u.teacher, set()).update(u.weeks)
    return {t: frozenset(w) for t, w in out.items()}


def scaled_cap(weekly: int | float | Fraction, week: Week) -> int:
    """A weekly cap for a week with fewer open days: cap × open days / 5, rounded down."""
    return int(weekly * week.open_days // 5)
