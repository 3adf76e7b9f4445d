"""One generated department: its maquette, cohorts and rhythm, derived from a template department.

Every department is derived from a template department (the shipped
``inputs/``), so that it reads like a real one and passes ``planner validate``:

- its parcours (1 to 3) are renamed, and so are the parcours-specific codes
  (``R3.OSC.13`` -> ``R3.FC.13``); national codes (R3.01) keep their name in
  every department, as in every BUT;
- its maquette is perturbed: about one module in four has 2 hours of TD or TP
  more or less (the same in every parcours, so common modules still pool), a
  few modules are dropped, up to two are added; its declared totals are those
  of the perturbed maquette;
- its cohorts have 40 to 200 students in year 1 (log-uniform), fewer in years
  2 and 3, split unevenly between the parcours;
- its rhythm is one of a few (alternance 2/1 then 2/2, 3/1, or full time with
  stages), with or without a year-1 stage, the first that leaves every cohort
  room in its IUT weeks (``RHYTHMS``); without a year-1 stage, no Stage row;
- it teaches in sessions of 1 h, 1 h 30 or 2 h (``planner.generate.iut``
  gives the lengths in turn): its hour cells are rounded to whole sessions.

Its staff comes from ``planner.generate.staff``, the IUT's files from
``planner.generate.iut``.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field, replace
from fractions import Fraction

from planner.data.calendar import IUT, cohort_status, scaled_cap
from planner.data.entities import ACTIVITIES, PROJET, SEMESTERS, Cohort, Module
from planner.data.inputs import Inputs
from planner.data.periods import PERIODS_TABLE, read_periods
from planner.data.tables import Record
from planner.numbers import csv_number
from planner.store.atomic import csv_text

CODES = (
    "GEA", "TC", "GEII", "INFO", "MMI", "GMP", "QLIO", "GC", "CJ", "GB", "HSE", "RT",
    "SGM", "MP", "CS", "INFOCOM", "MLT", "PEC", "SD", "GIM", "CHIMIE", "MT2E", "PACK", "GACO",
)  # fmt: skip
PARCOURS = (
    "FC", "GP", "RH", "MK", "CI", "DV", "IA", "RS", "CY", "LG", "QP", "PI",
    "EN", "BI", "AM", "ES", "EC", "DI", "SI", "AU", "EP", "OP", "TR", "CO",
)  # fmt: skip
MAQUETTE_COLUMNS = ["year", "semester", "parcours", "code", "name", "kind", *ACTIVITIES, "total"]
ROOM_USE = 0.9  # a cohort's hours may fill this share of its IUT weeks at the student's weekly cap

# rhythms: (name, rows of periods.csv for years 2 and 3: year, kind, from, to, length, pattern)
RHYTHMS = (
    (
        "alternance 2/1 then 2/2",
        (
            (2, "alternance", "2025-W36", "2026-W03", None, "IIE"),
            (2, "alternance", "2026-W04", "2026-W35", None, "IIEE"),
            (3, "alternance", "2025-W36", "2026-W03", None, "IEI"),
            (3, "alternance", "2026-W04", "2026-W35", None, "EEII"),
        ),
    ),
    (
        "alternance 3/1",
        (
            (2, "alternance", "2025-W36", "2026-W35", None, "IIIE"),
            (3, "alternance", "2025-W36", "2026-W35", None, "EIII"),
        ),
    ),
    (
        "full time, stages in S4 and S6",
        (
            (2, "stage", "2026-W04", "2026-W26", 8, ""),
            (3, "stage", "2026-W04", "2026-W26", 14, ""),
        ),
    ),
)


@dataclass
class Department:
    code: str
    parcours: dict[str, str]  # template parcours -> this department's
    modules: list[Module]
    cohorts: list[Cohort]
    periods: list[tuple]  # rows of periods.csv: year, kind, from, to, length, pattern
    origin: dict[str, str | None]  # code -> the template's code it comes from (None: added)
    rhythm: str = ""
    mix: str = ""
    notes: list[str] = field(default_factory=list)
    session: int | Fraction = 1  # hours of one session: its maquette counts whole sessions


# --- maquette ------------------------------------------------------------------------


def _rename(code: str, parcours: dict[str, str]) -> str:
    for old, new in parcours.items():
        code = code.replace(f".{old}.", f".{new}.")
    return code


def _maquette(
    template: Inputs, rng: random.Random, parcours: dict[str, str]
) -> tuple[list[Module], dict[str, str | None]]:
    kept = [m for m in template.modules if m.year == 1 or m.parcours in parcours]
    groups: dict[tuple, list[Module]] = defaultdict(list)
    for m in kept:
        groups[(m.year, m.semester, m.code)].append(m)
    dropped, changes = set(), {}
    for key, ms in groups.items():
        taught = [a for a in ("TD", "TP") if ms[0].hours.get(a, 0) >= 4]
        if ms[0].kind in ("ressource", "SAE") and rng.random() < 0.04:
            dropped.add(key)
        elif taught and rng.random() < 0.25:
            changes[key] = (rng.choice(taught), rng.choice((-2, 2)))
    out: list[Module] = []
    origin: dict[str, str | None] = {}
    for m in kept:
        key = (m.year, m.semester, m.code)
        if key in dropped:
            continue
        hours = dict(m.hours)
        if key in changes:
            activity, delta = changes[key]
            hours[activity] += delta
        name = parcours.get(m.parcours, m.parcours)
        origin[_rename(m.code, parcours)] = m.code
        out.append(
            replace(m, parcours=name, code=_rename(m.code, parcours), hours=hours, total=sum(hours.values()))
        )
    for n in range(rng.randint(0, 2)):  # modules of this department alone, for every parcours
        year = rng.choice((2, 3))
        semester = rng.choice(SEMESTERS[year])
        hours = {"TD": rng.choice((8, 10, 12)), "TP": rng.choice((6, 8, 10))}
        for name in parcours.values():
            code = f"R{semester}.{21 + n}"
            origin[code] = None
            out.append(
                Module(
                    year,
                    semester,
                    name,
                    code,
                    f"Module local {n + 1}",
                    "ressource",
                    hours,
                    sum(hours.values()),
                )
            )
    order = {p: i for i, p in enumerate(("commun", *parcours.values()))}
    out.sort(key=lambda m: (m.year, order[m.parcours], m.semester))  # blocks as the template's
    return out, origin


def _totals(modules: list[Module]) -> list[list]:
    rows = []
    blocks: dict[tuple, list[Module]] = defaultdict(list)
    for m in modules:
        blocks[(m.year, m.parcours, m.semester)].append(m)
    for m in modules:  # each year and parcours: its semesters, then its annual line
        blocks[(m.year, m.parcours, "annual")].append(m)
    order = list(dict.fromkeys((y, p) for y, p, _ in blocks))
    for (year, parcours, semester), ms in sorted(
        blocks.items(), key=lambda kv: (order.index(kv[0][:2]), kv[0][2] == "annual")
    ):
        sums = [sum(m.hours.get(a, 0) for m in ms) for a in ACTIVITIES]
        rows.append([year, semester, parcours, *[s or "" for s in sums], sum(m.total for m in ms)])
    return rows


# --- cohorts and rhythm --------------------------------------------------------------------


def _cohorts(rng: random.Random, parcours: list[str]) -> list[Cohort]:
    first = round(math.exp(rng.uniform(math.log(40), math.log(200))))
    sizes = {1: first, 2: max(24, round(first * rng.uniform(0.6, 0.9)))}
    sizes[3] = max(20, round(sizes[2] * rng.uniform(0.75, 0.95)))
    td = rng.choice((26, 28, 28, 30))
    out = [Cohort(1, "commun", first, td, td // 2, 8)]
    for year in (2, 3):
        weights = [rng.uniform(0.6, 1.4) for _ in parcours]
        share = [max(10, round(sizes[year] * w / sum(weights))) for w in weights]
        out += [Cohort(year, p, n, td, td // 2, 8) for p, n in zip(parcours, share)]
    return out


def _periods(rows: list[tuple], template: Inputs, cohorts: list[Cohort]):
    records = [
        Record(
            {
                "year": y,
                "parcours": "*",
                "kind": kind,
                "from_week": first,
                "to_week": last,
                "length": length,
                "pattern": pattern,
                "iut_weeks": "",
            },
            "generated periods",
            i,
        )
        for i, (y, kind, first, last, length, pattern) in enumerate(rows, start=2)
    ]
    years = {y: [c.parcours for c in cohorts if c.year == y] for y in (1, 2, 3)}
    return read_periods(records, template.calendar, lambda y: years.get(y, []))


def _fits(modules: list[Module], cohorts: list[Cohort], periods, template: Inputs) -> bool:
    """Every cohort's hours of each semester within ROOM_USE of its IUT weeks, and each module's."""
    calendar, settings = template.calendar, template.settings
    assert calendar is not None, "the template has a calendar (generate_iut checks it)"
    for c in cohorts:
        status = cohort_status(calendar, periods, c.year, c.parcours)
        for semester in SEMESTERS[c.year]:
            parity = "odd" if semester % 2 else "even"
            weeks = [w for w in calendar.weeks if w.parity == parity and status[w.iso] == IUT]
            room = sum(scaled_cap(settings.student_week_hours, w) for w in weeks)
            mine = [
                m for m in modules if m.year == c.year and m.parcours == c.parcours and m.semester == semester
            ]
            taught = [sum(h for a, h in m.hours.items() if a != PROJET) for m in mine]
            if sum(taught) > ROOM_USE * room or any(
                h > 0.7 * len(weeks) * settings.module_week_max for h in taught
            ):
                return False
    return True


def _rhythm(rng: random.Random, modules, cohorts, template: Inputs) -> tuple[str, list[tuple]]:
    stage = []
    if rng.random() < 0.5:
        stage = [(1, "stage", "2026-W04", "2026-W26", rng.randint(4, 8), "")]
    choices = list(RHYTHMS)
    rng.shuffle(choices)
    for name, rows in choices:
        for first_stage in (stage, []):
            periods = _periods([*first_stage, *rows], template, cohorts)
            if _fits(modules, cohorts, periods, template):
                label = name + (f", year-1 stage of {first_stage[0][4]} weeks" if first_stage else "")
                return label, [*first_stage, *rows]
    return "full time", []


def in_sessions(modules: list[Module], session: int | Fraction) -> list[Module]:
    """Each hour cell at the nearest whole number of sessions (at least one): a maquette in sessions."""
    if session == 1:
        return modules
    out = []
    for m in modules:
        hours = {a: _whole(h, session) if h and a != PROJET else h for a, h in m.hours.items()}
        out.append(replace(m, hours=hours, total=sum(hours.values())))
    return out


def _whole(hours, session: int | Fraction):
    n = max(1, round(Fraction(hours) / session))  # Python rounds a half to even: stable
    value = n * Fraction(session)
    return int(value) if value.denominator == 1 else value


def department(template: Inputs, code: str, seed: int, session: int | Fraction = 1) -> Department:
    """One department derived from the template (its staff comes later), in ``session``-hour sessions."""
    rng = random.Random(f"{seed}|{code}")
    old = [p for p in template.parcours_of(2)]
    n = rng.choice((1, 2, 2, 3, 3, 3))
    names = rng.sample(PARCOURS, n)
    parcours = dict(zip(old[:n], names))
    modules, origin = _maquette(template, rng, parcours)
    modules = in_sessions(modules, session)
    cohorts = _cohorts(rng, names)
    rhythm, periods = _rhythm(rng, modules, cohorts, template)
    if not any(row[0] == 1 and row[1] == "stage" for row in periods):  # no year-1 stage: no Stage row
        modules = [m for m in modules if not (m.year == 1 and m.kind == "stage")]
    return Department(code, parcours, modules, cohorts, periods, origin, rhythm, session=session)


# --- files ------------------------------------------------------------------------------------


def department_files(d: Department) -> dict[str, str]:
    """The department's tables, as file name -> CSV text."""
    step = csv_number(Fraction(d.session)) if d.session != 1 else 2  # co-taught in blocks of sessions
    maquette = [
        [
            m.year,
            m.semester,
            m.parcours,
            m.code,
            m.name,
            m.kind,
            *[m.hours.get(a, "") for a in ACTIVITIES],
            m.total,
        ]
        for m in d.modules
    ]
    totals_header = ["year", "semester", "parcours", *ACTIVITIES, "total"]
    cohorts = [[c.year, c.parcours, c.students, c.td_size, c.tp_size, c.opening] for c in d.cohorts]
    periods = [[y, "*", kind, a, b, n or "", p, ""] for y, kind, a, b, n, p in d.periods]
    files = {
        "maquette.csv": csv_text(MAQUETTE_COLUMNS, maquette),
        "maquette_totals.csv": csv_text(totals_header, _totals(d.modules)),
        "cohorts.csv": csv_text(["year", "parcours", "students", "td_size", "tp_size", "opening"], cohorts),
        "periods.csv": csv_text([c.name for c in PERIODS_TABLE.columns], periods),
        "cotaught.csv": f"pattern,activities,step\nSAE *,*,{step}\nPortfolio *,*,{step}\n",
    }
    return files
