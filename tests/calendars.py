"""A small department with a calendar: TINY's year 1 over 28 weeks, for the week layout tests."""

from __future__ import annotations

import datetime as dt

from conftest import TINY, write_tables

SETTINGS = "key,value\nweeks_time_limit,2\ntime_limit,2\n"


def calendar_csv(
    odd: int = 12, even: int = 14, closed: tuple[int, ...] = (7,), holiday: int | None = 3
) -> str:
    """Weeks from 2025-W36: ``odd`` weeks of S1, ``even`` of S2, two without semester."""
    first = dt.date(2025, 9, 1)
    lines = ["iso_week,monday,semester,closed,open_days,label"]
    for k in range(odd + even + 2):
        monday = first + dt.timedelta(weeks=k)
        year, week, _ = monday.isocalendar()
        parity = "odd" if k < odd else "even" if k < odd + even else "none"
        days = 4 if k == holiday else 5
        shut = "yes" if k in closed else "no"
        lines.append(f"{year}-W{week:02d},{monday.isoformat()},{parity},{shut},{days},")
    return "\n".join(lines) + "\n"


def week(k: int) -> str:
    year, number, _ = (dt.date(2025, 9, 1) + dt.timedelta(weeks=k)).isocalendar()
    return f"{year}-W{number:02d}"


STAGE = "year,parcours,kind,from_week,to_week,length,pattern,iut_weeks\n1,*,stage,,,4,,\n"


def department(tmp_path, **tables):
    return write_tables(
        tmp_path / "d", **{**TINY, "calendar": calendar_csv(), "settings": SETTINGS, **tables}
    )


def sample_rows() -> list:
    """A few rows of weeks.csv for this department, with known loads.

    A student: 5 h in week 0 (CM 2 + TD 3), 4 h in week 1, 6 h in week 12.
    bob: 8 h in week 0 (CM and two TD groups); alice: 4 h in week 1, 6 h in
    week 12; the other TD group of week 12 is uncovered (no teacher).
    """
    from planner.weeks.rows import WeekRow

    return [
        WeekRow(1, 1, "commun", "CM", "R1.03", "CM", "bob", week(0), 2),
        WeekRow(1, 1, "commun", "TD1", "R1.03", "TD", "bob", week(0), 3),
        WeekRow(1, 1, "commun", "TD2", "R1.03", "TD", "bob", week(0), 3),
        WeekRow(1, 1, "commun", "TD1", "R1.01", "TD", "alice", week(1), 4),
        WeekRow(1, 2, "commun", "TD1", "SAE 2.01", "TD", "alice", week(12), 6),
        WeekRow(1, 2, "commun", "TD2", "SAE 2.01", "TD", None, week(12), 6),
    ]
