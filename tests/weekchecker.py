"""An independent checker of a week layout: reads weeks.csv and the input CSVs, uses no solver
and none of the planner's week code.

It recomputes from the files alone that every group's hours are placed exactly
(against the demand CSV of `planner demand --format csv`), that no hour falls in a
closed week, a week of the wrong semester, a stage or company week of any parcours
taught, or a week its teacher is unavailable, that the student and teacher
weekly caps (scaled by open days) hold, and that every week holds whole sessions
(``session_hours``, ``GEA/session_hours`` for one department), but at most one
shorter session per group and teacher. Returns a list of violations (empty = valid).

An IUT (a departments/ folder): each department's periods apply to its rows
(weeks.csv and the demand CSV then have a department column); a teacher's cap
holds over the hours of every department.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from fractions import Fraction
from pathlib import Path


def rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def iso(text: str) -> str:
    m = re.fullmatch(r"(\d{4})-?W(\d{1,2})", text.strip())
    return f"{m.group(1)}-W{int(m.group(2)):02d}"


def expand(weeks: list[str], first: str, last: str) -> list[str]:
    return weeks[weeks.index(first) : weeks.index(last) + 1]


def departments(inputs: Path) -> dict[str, Path]:
    """department -> folder of its tables ("" -> the inputs themselves for one department)."""
    folder = inputs / "departments"
    if not folder.is_dir():
        return {"": inputs}
    return {d.name: d for d in sorted(folder.iterdir()) if d.is_dir()}


def away_weeks(
    inputs: Path, calendar: list[str], parity: dict[str, str]
) -> dict[tuple[str, str, str, str], set[str]]:
    """(department, year, parcours or *, kind) -> weeks away, from periods.csv."""
    out: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    for department, folder in departments(inputs).items():
        for key, weeks in _away(folder, calendar, parity).items():
            out[(department, *key)] |= weeks
    return out


def _away(inputs: Path, calendar: list[str], parity: dict[str, str]) -> dict[tuple[str, str, str], set[str]]:
    out: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in rows(inputs / "periods.csv"):
        kind = r["kind"]
        if kind == "stage":
            default = [w for w in calendar if parity[w] == "even"]
        else:
            default = calendar
        first = iso(r["from_week"]) if r["from_week"] else default[0]
        last = iso(r["to_week"]) if r["to_week"] else default[-1]
        span = expand(calendar, first, last)
        if kind == "stage":
            length = int(r["length"]) if r["length"] else len(span)
            away = set(span[-length:])
        elif r.get("pattern"):
            pattern = r["pattern"].strip().upper()
            m = re.fullmatch(r"(\d+)/(\d+)", pattern)
            letters = "I" * int(m.group(1)) + "E" * int(m.group(2)) if m else pattern
            away = {w for k, w in enumerate(span) if letters[k % len(letters)] == "E"}
        else:
            iut = set()
            for token in re.split(r"[\s,;]+", r["iut_weeks"].strip()):
                if token:
                    ends = [iso(t) for t in token.split("..")]
                    iut.update(expand(calendar, ends[0], ends[-1]))
            away = set(span) - iut
        out[(r["year"], r["parcours"] or "*", kind)] |= away
    return out


def check_weeks(plan: Path, inputs: Path, demand_csv: str) -> list[str]:
    errors: list[str] = []
    placed = rows(plan / "weeks.csv")
    cal = rows(inputs / "calendar.csv")
    calendar = [iso(r["iso_week"]) for r in cal]
    parity = {iso(r["iso_week"]): r["semester"] for r in cal}
    closed = {iso(r["iso_week"]) for r in cal if r["closed"].lower() in ("yes", "oui", "true", "1")}
    days = {iso(r["iso_week"]): int(r["open_days"] or 5) for r in cal}
    settings = {r["key"]: r["value"] for r in rows(inputs / "settings.csv")}
    student_cap = Fraction(settings.get("student_week_hours", 32))
    session = {
        d: Fraction(settings.get(f"{d}/session_hours", settings.get("session_hours", 1)))
        for d in departments(inputs)
    }
    statuses = {r["status"]: r for r in rows(inputs / "statuses.csv")}
    weekly = {
        t["id"]: Fraction(statuses[t["status"]]["max_weekly_hours"])
        for t in rows(inputs / "teachers.csv")
        if statuses[t["status"]]["max_weekly_hours"]
    }
    away = away_weeks(inputs, calendar, parity)
    unavailable: dict[str, set[str]] = defaultdict(set)
    for r in rows(inputs / "unavailability.csv"):
        if r.get("semester"):
            unavailable[r["teacher"]] |= {w for w in calendar if parity[w] == r["semester"]}
        else:
            unavailable[r["teacher"]] |= set(
                expand(calendar, iso(r["from_week"]), iso(r["to_week"] or r["from_week"]))
            )

    def is_away(department: str, year: str, parcours: str, week: str) -> str | None:
        for kind in ("stage", "alternance"):
            own = (department, year, parcours, kind)
            weeks = away[own] if own in away else away.get((department, year, "*", kind), set())
            if week in weeks:
                return kind
        return None

    # 1. every group's hours placed exactly
    demand: dict[tuple, int] = defaultdict(int)
    for r in csv.DictReader(demand_csv.splitlines()):
        key = (r.get("department", ""), r["year"], r["semester"], r["parcours"], r["code"], r["activity"])
        demand[(*key, r["group"])] += Fraction(r["hours"])
    given: dict[tuple, int] = defaultdict(int)
    for r in placed:
        key = (r.get("department", ""), r["year"], r["semester"], r["parcours"], r["module"], r["activity"])
        given[(*key, r["group"])] += Fraction(r["hours"])
    for key in sorted(set(demand) | set(given)):
        if demand[key] != given[key]:
            errors.append(f"hours {key}: demand {demand[key]} h, placed {given[key]} h")

    # 2. nothing in closed, off-semester, stage, company or unavailable weeks
    for r in placed:
        w, sem = r["iso_week"], int(r["semester"])
        where = f"{r['module']} {r['activity']} {r['group']} ({r['parcours']}) in {w}"
        if w not in parity:
            errors.append(f"{where}: not a calendar week")
            continue
        if parity[w] != ("odd" if sem % 2 else "even"):
            errors.append(f"{where}: not a week of S{sem}")
        if w in closed or days[w] == 0:
            errors.append(f"{where}: closed week")
        for pc in r["parcours"].split("+"):
            kind = is_away(r.get("department", ""), r["year"], pc, w)
            if kind:
                errors.append(f"{where}: {pc} is away ({kind})")
        if r["teacher"] and w in unavailable.get(r["teacher"], ()):
            errors.append(f"{where}: {r['teacher']} is unavailable")

    # 3. weekly caps: a student (busiest group of each part) and each teacher
    part_group: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    teacher: dict[tuple[str, str], int] = defaultdict(int)
    for r in placed:
        part = (r.get("department", ""), r["year"], r["semester"], r["parcours"], r["module"], r["activity"])
        part_group[(part, r["iso_week"])][r["group"]] += Fraction(r["hours"])
        if r["teacher"]:
            teacher[(r["teacher"], r["iso_week"])] += Fraction(r["hours"])
    cohort: dict[tuple[str, str, str, str], int] = defaultdict(int)
    for ((department, year, _sem, label, _m, _a), w), groups in part_group.items():
        for pc in label.split("+"):
            cohort[(department, year, pc, w)] += max(groups.values())
    for (department, year, pc, w), h in sorted(cohort.items()):
        cap = student_cap * days[w] // 5
        if h > cap:
            errors.append(f"{department} year {year} {pc} in {w}: {h} h for a student, cap {cap} h")
    for (t, w), h in sorted(teacher.items()):
        if t in weekly and h > int(weekly[t] * days[w] // 5):
            errors.append(f"{t} in {w}: {h} h, cap {int(weekly[t] * days[w] // 5)} h")

    # 4. whole sessions: at most one shorter session per group and teacher
    shorter: dict[tuple, list[str]] = defaultdict(list)
    for r in placed:
        department = r.get("department", "")
        line = (department, r["year"], r["semester"], r["parcours"], r["module"], r["activity"], r["group"])
        if Fraction(r["hours"]) % session.get(department, session.get("", 1)):
            shorter[(*line, r["teacher"])].append(r["iso_week"])
    for line, weeks in sorted(shorter.items()):
        if len(weeks) > 1:
            errors.append(f"{line}: hours not a whole number of sessions in {len(weeks)} weeks ({weeks[:3]})")
    return errors


def weeks_of(plan: Path, **match: str) -> set[str]:
    """The weeks with hours of the rows matching the given columns (year="1", ...)."""
    return {r["iso_week"] for r in rows(plan / "weeks.csv") if all(r[k] == v for k, v in match.items())}


def monday(week: str) -> dt.date:
    year, number = week.split("-W")
    return dt.date.fromisocalendar(int(year), int(number), 1)
