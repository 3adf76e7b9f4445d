"""The department's input tables: their schemas, loading, and cross-checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from planner.data.calendar import (
    Calendar,
    Period,
    Unavailability,
    read_calendar,
    read_periods,
    read_unavailability,
)
from planner.data.entities import (
    ACTIVITIES,
    COMMON,
    SEMESTERS,
    Activity,
    Cohort,
    Cotaught,
    DeclaredTotal,
    Lock,
    Module,
    Qualification,
    Status,
    Teacher,
)
from planner.data.iut import (
    department_records,
    home_department,
    local,
    matches_any,
    scope_pattern,
    split,
)
from planner.data.schemas import DEPARTMENT_TABLES, TABLES
from planner.data.settings import Settings, parse_settings
from planner.data.tables import Record, Source, load_table
from planner.errors import PlannerError


@dataclass
class Inputs:
    """Everything the planner knows about the department, checked."""

    source: str
    modules: list[Module]
    totals: list[DeclaredTotal]
    activities: dict[str, Activity]
    cohorts: dict[tuple[int, str], Cohort]
    group_counts: dict[tuple[int, str, str], int]
    settings: Settings
    statuses: dict[str, Status]
    teachers: list[Teacher]
    qualifications: list[Qualification]
    locks: list[Lock]
    cotaught: list[Cotaught]
    records: dict[str, list[Record]] = field(default_factory=dict, repr=False)
    calendar: Calendar | None = None  # None: no calendar.csv, no week layout
    periods: list[Period] = field(default_factory=list)  # stage and alternance
    unavailability: list[Unavailability] = field(default_factory=list)
    departments: tuple[str, ...] = ("QLIO",)  # in name order
    scoped: bool = False  # an IUT: names of department tables are qualified (planner.data.iut)

    def parcours_of(self, year: int) -> list[str]:
        """The parcours of a year, in the order of cohorts.csv."""
        return [p for (y, p) in self.cohorts if y == year]

    @property
    def years(self) -> list[int]:
        return sorted({m.year for m in self.modules})

    def teacher(self, teacher_id: str) -> Teacher:
        return next(t for t in self.teachers if t.id == teacher_id)

    def shown(self, name: str) -> str:
        """A name as its table writes it (without the department of an IUT's qualified names)."""
        return local(name) if self.scoped else name


def load_inputs(path: str | Path) -> Inputs:
    """Read and check every table of a folder of CSV files or an xlsx workbook."""
    source = Source(path)
    records = {t.name: load_table(source, t) for t in TABLES if t.name not in DEPARTMENT_TABLES}
    settings = parse_settings(records["settings"])
    departments, scoped, department_tables = department_records(
        source, tuple(t for t in TABLES if t.name in DEPARTMENT_TABLES), settings.department
    )
    records.update(department_tables)
    if scoped:
        _no_department_setting(records["settings"])
    inputs = Inputs(
        source=str(path),
        activities=_activities(records["activities"]),
        cohorts=_cohorts(records["cohorts"], scoped),
        modules=[],
        totals=[],
        group_counts={},
        settings=settings,
        statuses=_statuses(records["statuses"]),
        teachers=[],
        qualifications=[],
        locks=[],
        cotaught=[],
        records=records,
        departments=departments,
        scoped=scoped,
    )
    inputs.modules = _modules(records["maquette"], inputs)
    inputs.totals = _totals(records["maquette_totals"], inputs)
    inputs.group_counts = _group_counts(records["groups"], inputs)
    inputs.teachers = _teachers(records["teachers"], inputs)
    inputs.qualifications = _qualifications(records["qualifications"], inputs)
    inputs.locks = _locks(records["locks"], inputs)
    inputs.cotaught = _cotaught(records["cotaught"], inputs)
    inputs.calendar = read_calendar(records["calendar"])
    inputs.periods = read_periods(records["periods"], inputs.calendar, inputs.parcours_of)
    inputs.unavailability = read_unavailability(
        records["unavailability"], inputs.calendar, {t.id for t in inputs.teachers}
    )
    return inputs


def _no_department_setting(records: list[Record]) -> None:
    for rec in records:
        if rec["key"] == "department":
            raise rec.error(
                "an IUT names its departments by their folders (departments/<CODE>/), not by this setting",
                "key",
                hint="Remove this row.",
            )


def _entity(rec: Record, build, column: str | None = None):
    """Build an entity; turn its own ValueError into a located error."""
    try:
        return build()
    except ValueError as exc:
        raise rec.error(str(exc), column) from None


def _activities(records: list[Record]) -> dict[str, Activity]:
    acts = {}
    for rec in records:
        acts[rec["activity"]] = _entity(
            rec,
            lambda: Activity(rec["activity"], rec["grouping"], rec["hetd_factor"]),
            "hetd_factor",
        )
    missing = [a for a in ACTIVITIES if a not in acts]
    if missing:
        raise PlannerError(
            f"no row for activity {', '.join(missing)}",
            where=records[0].where,
            hint="Every maquette column needs a grouping and an HETD factor.",
        )
    return acts


def _cohorts(records: list[Record], scoped: bool) -> dict[tuple[int, str], Cohort]:
    cohorts = {}
    for rec in records:
        year, parcours = rec["year"], rec["parcours"]
        written = local(parcours) if scoped else parcours
        if year not in SEMESTERS:
            raise rec.error(f"year {year} is not 1, 2 or 3", "year")
        if year == 1 and written != COMMON:
            raise rec.error(
                f"year 1 is common to all students: parcours must be {COMMON!r}, not {written!r}",
                "parcours",
            )
        if year > 1 and written == COMMON:
            raise rec.error(f"year {year} is taught per parcours; name the parcours", "parcours")
        cohorts[(year, parcours)] = _entity(
            rec,
            lambda: Cohort(year, parcours, rec["students"], rec["td_size"], rec["tp_size"], rec["opening"]),
        )
    return dict(sorted(cohorts.items(), key=lambda kv: kv[0][0]))


def _check_parcours(rec: Record, year: int, parcours: str, inputs: Inputs) -> None:
    department = split(parcours)[0] if inputs.scoped else ""
    known = [p for p in inputs.parcours_of(year) if not department or split(p)[0] == department]
    if parcours not in known:
        raise rec.error(
            f"unknown parcours {inputs.shown(parcours)!r} for year {year}",
            "parcours",
            hint=f"cohorts.csv declares: {', '.join(map(inputs.shown, known)) or 'none'}.",
        )


def _modules(records: list[Record], inputs: Inputs) -> list[Module]:
    modules = []
    for rec in records:
        year = rec["year"]
        if year not in SEMESTERS:
            raise rec.error(f"year {year} is not 1, 2 or 3", "year")
        if rec["semester"] not in SEMESTERS[year]:
            raise rec.error(
                f"semester {rec['semester']} is not in year {year} (S{SEMESTERS[year][0]}, S{SEMESTERS[year][1]})",
                "semester",
            )
        _check_parcours(rec, year, rec["parcours"], inputs)
        hours = {a: rec[a] for a in ACTIVITIES if rec[a] is not None}
        modules.append(
            _entity(
                rec,
                lambda: Module(
                    year,
                    rec["semester"],
                    rec["parcours"],
                    rec["code"],
                    rec["name"],
                    rec["kind"],
                    hours,
                    rec["total"],
                    rec.values.get("department", inputs.departments[0]),
                ),
                "total",
            )
        )
    return modules


def _totals(records: list[Record], inputs: Inputs) -> list[DeclaredTotal]:
    totals = []
    for rec in records:
        year, text = rec["year"], rec["semester"]
        if year not in SEMESTERS:
            raise rec.error(f"year {year} is not 1, 2 or 3", "year")
        if text == "annual":
            semester = None
        elif text.isdigit() and int(text) in SEMESTERS[year]:
            semester = int(text)
        else:
            raise rec.error(f"{text!r} is not a semester of year {year} nor 'annual'", "semester")
        _check_parcours(rec, year, rec["parcours"], inputs)
        hours = {a: rec[a] for a in ACTIVITIES}
        if sum(h or 0 for h in hours.values()) != rec["total"]:
            raise rec.error(
                f"the declared hours add up to {sum(h or 0 for h in hours.values())}, not to the total {rec['total']}",
                "total",
            )
        totals.append(DeclaredTotal(year, semester, rec["parcours"], hours, rec["total"]))
    return totals


def _group_counts(records: list[Record], inputs: Inputs) -> dict[tuple[int, str, str], int]:
    counts = {}
    for rec in records:
        year, parcours = rec["year"], rec["parcours"]
        if inputs.shown(parcours) != "pooled":
            _check_parcours(rec, year, parcours, inputs)
        counts[(year, parcours, rec["grouping"])] = rec["groups"]
    return counts


def _statuses(records: list[Record]) -> dict[str, Status]:
    statuses = {}
    for rec in records:
        statuses[rec["status"]] = Status(
            status=rec["status"],
            label=rec["label"] or rec["status"],
            service_du=rec["service_du"],
            max_hc=rec["max_hc"],
            factors={"CM": rec["cm_factor"], "TD": rec["td_factor"], "TP": rec["tp_factor"]},
            hc_rate=rec["hc_rate"],
            permanent=rec["permanent"],
            max_weekly_hours=rec["max_weekly_hours"],
        )
    return statuses


def _teachers(records: list[Record], inputs: Inputs) -> list[Teacher]:
    teachers = []
    codes = {m.code for m in inputs.modules}
    for rec in records:
        if rec["status"] not in inputs.statuses:
            raise rec.error(
                f"unknown status {rec['status']!r}",
                "status",
                hint=f"statuses.csv declares: {', '.join(inputs.statuses)}.",
            )
        home = home_department(rec, inputs)
        wishes = []
        for wish in (w.strip() for w in rec["wishes"].split(";") if w.strip()):
            scoped = _entity(rec, lambda: scope_pattern(wish, home, inputs), "wishes")
            if not matches_any(scoped, codes):
                raise rec.error(f"wish {wish!r} matches no module code of the maquette", "wishes")
            wishes.append(scoped)
        teachers.append(
            Teacher(
                id=rec["id"],
                name=rec["name"],
                status=rec["status"],
                field=rec["field"],
                reductions=rec["reductions"],
                other_hetd=rec["other_hetd"],
                max_hetd=rec["max_hetd"],
                max_hc=rec["max_hc"],
                wishes=tuple(wishes),
                department=home,
            )
        )
    return teachers


def _activity_list(rec: Record, column: str = "activities") -> tuple[str, ...]:
    text = rec[column].strip()
    if text in ("", "*"):
        return ()
    acts = tuple(text.replace(",", " ").split())
    for a in acts:
        if a not in ACTIVITIES:
            raise rec.error(f"unknown activity {a!r}", column, hint=f"Use {', '.join(ACTIVITIES)} or *.")
    return acts


def _check_teacher(rec: Record, inputs: Inputs) -> None:
    if not any(t.id == rec["teacher"] for t in inputs.teachers):
        import difflib

        close = difflib.get_close_matches(rec["teacher"], [t.id for t in inputs.teachers], 3)
        raise rec.error(
            f"unknown teacher {rec['teacher']!r}",
            "teacher",
            hint=f"Did you mean {', '.join(close)}?" if close else "teachers.csv has no such id.",
        )


def _qualifications(records: list[Record], inputs: Inputs) -> list[Qualification]:
    quals = []
    codes = sorted({m.code for m in inputs.modules})
    home = {t.id: t.department for t in inputs.teachers}
    for rec in records:
        _check_teacher(rec, inputs)
        pattern = _entity(rec, lambda: scope_pattern(rec["pattern"], home[rec["teacher"]], inputs), "pattern")
        if not matches_any(pattern, codes):
            department = f" of department {split(pattern)[0]}" if inputs.scoped else ""
            raise rec.error(f"pattern {rec['pattern']!r} matches no module code{department}", "pattern")
        quals.append(Qualification(rec["teacher"], pattern, _activity_list(rec), rec["weight"]))
    return quals


def _locks(records: list[Record], inputs: Inputs) -> list[Lock]:
    locks = []
    for rec in records:
        _check_teacher(rec, inputs)
        rows = [m for m in inputs.modules if m.code == rec["code"]]
        code = inputs.shown(rec["code"])
        if not rows:
            raise rec.error(f"unknown module code {code!r}", "code")
        if not any(m.hours.get(rec["activity"]) for m in rows):
            raise rec.error(f"{code} has no {rec['activity']} hours", "activity")
        if rec["parcours"] != "*" and not any(m.parcours == rec["parcours"] for m in rows):
            raise rec.error(f"{code} is not taught in parcours {inputs.shown(rec['parcours'])!r}", "parcours")
        locks.append(
            Lock(
                rec["teacher"],
                rec["code"],
                rec["activity"],
                rec["parcours"],
                rec["groups"],
                (rec.where, rec.row),
            )
        )
    return locks


def _cotaught(records: list[Record], inputs: Inputs) -> list[Cotaught]:
    codes = sorted({m.code for m in inputs.modules})
    result = []
    for rec in records:
        if not matches_any(rec["pattern"], codes):
            raise rec.error(f"pattern {inputs.shown(rec['pattern'])!r} matches no module code", "pattern")
        result.append(Cotaught(rec["pattern"], _activity_list(rec), rec["step"]))
    return result
