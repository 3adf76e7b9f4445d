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
