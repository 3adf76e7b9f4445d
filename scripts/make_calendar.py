"""Write the shipped ``inputs/calendar.csv`` (run once; then users edit the CSV).

    python scripts/make_calendar.py > inputs/calendar.csv

Weeks 2025-W36 (Monday 1 September 2025) to 2026-W35: odd semesters (S1, S3,
S5) from 2025-W36 to 2026-W03, even semesters (S2, S4, S6) from 2026-W04 to
2026-W26, no teaching in July and August. Public holidays come from the
``holidays`` package (France): each one on a weekday removes an open day.
Closure weeks follow the 2025-26 school holidays of zone B, one week each
where universities usually close fewer days than schools (see DOMAIN.md and
inputs/README.md); edit ``CLOSED`` for another university or year.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys

import holidays

FIRST = dt.date(2025, 9, 1)  # Monday of 2025-W36
WEEKS = 52
ODD = ("2025-W36", "2026-W03")  # S1/S3/S5, inclusive
EVEN = ("2026-W04", "2026-W26")  # S2/S4/S6, inclusive
CLOSED = {
    "2025-W44": "Vacances de la Toussaint (zone B 18 oct. - 3 nov.; semaine du 1er novembre)",
    "2025-W52": "Vacances de Noël",
    "2026-W01": "Vacances de Noël",
    "2026-W08": "Vacances d'hiver (zone B 14 févr. - 2 mars; première semaine)",
    "2026-W16": "Vacances de printemps (zone B 11 - 27 avr.; première semaine)",
    "2026-W31": "Fermeture estivale",
    "2026-W32": "Fermeture estivale",
    "2026-W33": "Fermeture estivale",
    "2026-W34": "Fermeture estivale",
}


def iso(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def rows() -> list[list]:
    public = holidays.France(years=[FIRST.year, FIRST.year + 1], language="fr")
    out = []
    for k in range(WEEKS):
        monday = FIRST + dt.timedelta(weeks=k)
        week = iso(monday)
        if ODD[0] <= week <= ODD[1]:
            semester = "odd"
        elif EVEN[0] <= week <= EVEN[1]:
            semester = "even"
        else:
            semester = "none"
        days = [monday + dt.timedelta(days=d) for d in range(5)]
        off = [f"{public[d]} ({d.strftime('%d/%m')})" for d in days if d in public]
        label = "; ".join(([CLOSED[week]] if week in CLOSED else []) + off)
        out.append(
            [week, monday.isoformat(), semester, "yes" if week in CLOSED else "no", 5 - len(off), label]
        )
    return out


def main() -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["iso_week", "monday", "semester", "closed", "open_days", "label"])
    writer.writerows(rows())


if __name__ == "__main__":
    main()
