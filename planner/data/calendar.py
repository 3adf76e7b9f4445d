"""The academic calendar and when each cohort can be taught.

``calendar.csv`` lists consecutive ISO weeks with the semester parity they
belong to (``odd``: S1/S3/S5, ``even``: S2/S4/S6, ``none``: no teaching),
closure weeks (holidays) and the open days left by public holidays. The
stage and alternance periods and the teachers' unavailability are read in
``planner.data.periods``; here they give each cohort's week status.

Everything here is checked when the inputs are loaded; errors name the file,
row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from planner.data.iut import any_parcours
from planner.data.tables import Column, Record, Table

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
