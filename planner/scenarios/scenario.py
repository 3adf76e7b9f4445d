"""What-if scenarios: a TOML file of changes applied to the base inputs.

A scenario file overrides some inputs and leaves the rest alone::

    name = "td-4"                    # default: the file name without .toml
    description = "Year 1 in 4 TD groups instead of 3"
    years = [1]                      # optional: the years it is about (compare skips the others)

    [settings]                       # any key of settings.csv
    pooling = false

    [[groups]]                       # a fixed group count (as in groups.csv)
    year = 1
    parcours = "commun"              # a parcours, or "pooled" for modules shared by parcours
    grouping = "td"                  # td or tp
    groups = 4

    [[cohorts]]                      # any subset of the columns of cohorts.csv
    year = 2
    parcours = "*"                   # a parcours, or * for every parcours of the year
    tp_size = 20                     # also: students, add_students (+/-), td_size, opening

    [[teachers.remove]]              # a teacher on leave; their locks are dropped (with a note)
    id = "mrenaud"
    reason = "CRCT"

    [[teachers.change]]              # status, reductions, other_hetd, max_hetd, max_hc, wishes,
    id = "lbarbier"                  # qualifications (added to theirs)
    reductions = 0

    [[teachers.add]]                 # as a row of teachers.csv, with its qualifications
    id = "new-ater"
    name = "Nouvel ATER"
    status = "ATER"
    qualifications = ["R3.0*:TD TP:2", "SAE *"]   # pattern[:activities[:weight]]

    [[statuses.change]]              # service_du, max_hc, hc_rate, max_weekly_hours
    status = "MCF"
    max_hc = 96

    [[rhythm]]                       # alternance rows, as in periods.csv: they replace the
    year = 2                         # base alternance rows of the same year and parcours
    parcours = "*"
    from_week = "2025-W36"
    to_week = "2026-W35"
    pattern = "2/2"                  # or iut_weeks = "2025-W36..2025-W40, ..."

``load_scenario`` checks the file's shape (an unknown key, a wrong type: a
``PlannerError`` naming the file and the key); ``apply_scenario`` checks what
the changes refer to (teacher, parcours, status, module code) against the
inputs and returns new ``Inputs``, never touching the base ones.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from planner.data.entities import ACTIVITIES, Cohort, Qualification, Teacher
from planner.data.inputs import Inputs
from planner.data.iut import matches_any, scope_pattern, split
from planner.data.settings import BY_KEY as SETTING_KEYS
from planner.data.settings import convert
from planner.data.tables import Record, parse_number
from planner.errors import PlannerError
from planner.scenarios.targets import departments_of, targets

ANY = "*"
POOLED = "pooled"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

# key -> (kind, required); kinds: str, int, number, strs (list of strings), quals
GROUP_KEYS = {
    "department": ("str", False),
    "year": ("int", True),
    "parcours": ("str", True),
    "grouping": ("str", True),
    "groups": ("int", True),
}
COHORT_KEYS = {
    "department": ("str", False),
    "year": ("int", True),
    "parcours": ("str", True),
    "students": ("int", False),
    "add_students": ("signed", False),
    "td_size": ("int", False),
    "tp_size": ("int", False),
    "opening": ("int", False),
}
REMOVE_KEYS = {"id": ("str", True), "reason": ("str", False)}
CHANGE_KEYS = {
    "id": ("str", True),
    "status": ("str", False),
    "reductions": ("number", False),
    "other_hetd": ("number", False),
    "max_hetd": ("number", False),
    "max_hc": ("number", False),
    "wishes": ("strs", False),
    "qualifications": ("quals", False),
    "reason": ("str", False),
    "department": ("str", False),  # home department (an IUT)
}
ADD_KEYS = {  # a new teacher: the change keys, with name and status required, and a field
    "id": ("str", True),
    "name": ("str", True),
    "status": ("str", True),
    "field": ("str", False),
    **{k: v for k, v in CHANGE_KEYS.items() if k not in ("id", "status")},
}
STATUS_KEYS = {
    "status": ("str", True),
    "service_du": ("number", False),
    "max_hc": ("number", False),
    "hc_rate": ("number", False),
    "max_weekly_hours": ("number", False),
}
RHYTHM_KEYS = {
    "department": ("str", False),
    "year": ("int", True),
    "parcours": ("str", False),
    "from_week": ("str", False),
    "to_week": ("str", False),
    "pattern": ("str", False),
    "iut_weeks": ("weeks", False),
}
TOP_KEYS = ("name", "description", "years", "settings", "groups", "cohorts", "teachers", "statuses", "rhythm")


@dataclass(frozen=True)
class Entry:
    """One ``[[...]]`` item of a scenario: its values and its dotted key for messages."""

    key: str  # e.g. "cohorts[2]"
    values: dict[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    path: str  # the file, as given (for messages)
    years: tuple[int, ...] = ()  # empty: about every year
    settings: dict[str, Any] = field(default_factory=dict)  # parsed values
    groups: tuple[Entry, ...] = ()
    cohorts: tuple[Entry, ...] = ()
    remove: tuple[Entry, ...] = ()
    change: tuple[Entry, ...] = ()
    add: tuple[Entry, ...] = ()
    statuses: tuple[Entry, ...] = ()
    rhythm: tuple[Entry, ...] = ()

    @property
    def changes(self) -> int:
        """How many changes the file asks for (0: the base inputs as they are)."""
        return len(self.settings) + sum(
            len(x)
            for x in (
                self.groups,
                self.cohorts,
                self.remove,
                self.change,
                self.add,
                self.statuses,
                self.rhythm,
            )
        )

    def about(self, year: int) -> bool:
        return not self.years or year in self.years

    def error(self, key: str, message: str, hint: str | None = None) -> PlannerError:
        return PlannerError(f"key {key!r}: {message}", where=self.path, hint=hint)


# --- reading the file ------------------------------------------------------------


class _Reader:
    def __init__(self, path: str):
        self.path = path

    def fail(self, key: str, message: str, hint: str | None = None) -> PlannerError:
        return PlannerError(f"key {key!r}: {message}", where=self.path, hint=hint)

    def unknown(self, key: str, known) -> PlannerError:
        return PlannerError(
            f"unknown key {key!r}", where=self.path, hint=f"Known keys here: {', '.join(known)}."
        )

    def table(self, key: str, value: Any) -> dict:
        if not isinstance(value, dict):
            raise self.fail(key, "expected a table ([" + key + "])")
        return value

    def entries(self, key: str, value: Any, schema: dict[str, tuple[str, bool]]) -> tuple[Entry, ...]:
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(key, f"expected a list of tables ([[{key}]])")
        return tuple(self.entry(f"{key}[{i}]", v, schema) for i, v in enumerate(value, start=1))

    def entry(self, key: str, raw: dict, schema: dict[str, tuple[str, bool]]) -> Entry:
        values = {}
        for name, value in raw.items():
            if name not in schema:
                raise self.unknown(f"{key}.{name}", schema)
            values[name] = self.value(f"{key}.{name}", schema[name][0], value)
        missing = [n for n, (_, required) in schema.items() if required and n not in values]
        if missing:
            raise self.fail(key, f"{missing[0]} is missing", hint=f"Give {', '.join(missing)}.")
        return Entry(key, values)

    def value(self, key: str, kind: str, value: Any) -> Any:
        if kind == "str":
            if not isinstance(value, str):
                raise self.fail(key, f"{value!r} is not text (write it in quotes)")
            return value.strip()
        if kind in ("int", "signed"):
            if isinstance(value, bool) or not isinstance(value, int):
                raise self.fail(key, f"{value!r} is not a whole number")
            if kind == "int" and value < 0:
                raise self.fail(key, f"{value} is negative")
            return value
        if kind == "number":
            number = self.number(key, value)
            if number < 0:
                raise self.fail(key, f"{value} is negative")
            return number
        if kind == "strs":
            if isinstance(value, str):
                value = [w for w in value.split(";")]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise self.fail(key, "expected a list of texts")
            return tuple(v.strip() for v in value if v.strip())
        if kind == "weeks":
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                return ", ".join(value)
            return self.value(key, "str", value)
        if kind == "quals":
            if not isinstance(value, list):
                raise self.fail(key, 'expected a list like ["R3.0*:TD TP:2", "SAE *"]')
            return tuple(self.qualification(f"{key}[{i}]", v) for i, v in enumerate(value, start=1))
        raise AssertionError(kind)

    def number(self, key: str, value: Any) -> Fraction:
        if isinstance(value, bool):
            raise self.fail(key, f"{value!r} is not a number")
        if isinstance(value, int):
            return Fraction(value)
        if isinstance(value, float):
            return Fraction(str(value))  # 0.1 as written, not its binary approximation
        if isinstance(value, str) and parse_number(value) is not None:
            return parse_number(value)
        raise self.fail(key, f"{value!r} is not a number")

    def qualification(self, key: str, value: Any) -> tuple[str, tuple[str, ...], int]:
        """``pattern[:activities[:weight]]`` or {pattern, activities, weight}."""
        if isinstance(value, str):
            bits = value.split(":")
            if len(bits) > 3 or not bits[0].strip():
                raise self.fail(
                    key, f"{value!r} is not pattern[:activities[:weight]]", hint='Write like "R3.0*:TD TP:2".'
                )
            pattern = bits[0].strip()
            acts = bits[1] if len(bits) > 1 else "*"
            weight = bits[2].strip() if len(bits) > 2 else "0"
            if not weight.lstrip("-").isdigit():
                raise self.fail(key, f"weight {weight!r} is not a whole number")
            weight = int(weight)
        elif isinstance(value, dict):
            entry = self.entry(
                key,
                value,
                {"pattern": ("str", True), "activities": ("str", False), "weight": ("signed", False)},
            )
            pattern, acts, weight = entry["pattern"], entry.get("activities", "*"), entry.get("weight", 0)
        else:
            raise self.fail(key, f"{value!r} is not a qualification", hint='Write like "R3.0*:TD TP:2".')
        acts = acts.strip()
        activities = () if acts in ("", ANY) else tuple(acts.replace(",", " ").split())
        for a in activities:
            if a not in ACTIVITIES:
                raise self.fail(key, f"unknown activity {a!r}", hint=f"Use {', '.join(ACTIVITIES)} or *.")
        return pattern, activities, weight


def load_scenario(path: str | Path) -> Scenario:
    """Read and check the shape of a scenario file (references are checked on apply)."""
    path = Path(path)
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PlannerError(f"cannot read the scenario ({exc.strerror})", where=where) from None
    except UnicodeDecodeError:
        raise PlannerError("the scenario is not UTF-8 text", where=where) from None
    except tomllib.TOMLDecodeError as exc:
        raise PlannerError(
            f"not valid TOML: {exc}", where=where, hint="See the scenario files shipped in scenarios/."
        ) from None
    r = _Reader(where)
    for key in data:
        if key not in TOP_KEYS:
            raise r.unknown(key, TOP_KEYS)
    name = r.value("name", "str", data.get("name", path.stem))
    if not NAME.match(name):
        raise r.fail(
            "name",
            f"{name!r} is not a plain name",
            hint="Use letters, digits, '.', '-' and '_' (it names a folder).",
        )
    years = data.get("years", [])
    if not isinstance(years, list) or any(isinstance(y, bool) or y not in (1, 2, 3) for y in years):
        raise r.fail("years", f"{years!r} is not a list of years 1, 2, 3")
    settings = {}
    for key, value in r.table("settings", data.get("settings", {})).items():
        setting = SETTING_KEYS.get(key)
        if setting is None:
            raise r.unknown(f"settings.{key}", SETTING_KEYS)
        if isinstance(value, (dict, list)):
            raise r.fail(f"settings.{key}", f"{value!r} is not a single value")
        try:
            settings[key] = convert(setting, str(value).lower() if isinstance(value, bool) else str(value))
        except PlannerError as exc:
            raise r.fail(f"settings.{key}", exc.message.split(": ", 1)[-1]) from None
    teachers = r.table("teachers", data.get("teachers", {}))
    for key in teachers:
        if key not in ("remove", "change", "add"):
            raise r.unknown(f"teachers.{key}", ("remove", "change", "add"))
    statuses = r.table("statuses", data.get("statuses", {}))
    for key in statuses:
        if key != "change":
            raise r.unknown(f"statuses.{key}", ("change",))
    return Scenario(
        name=name,
        description=r.value("description", "str", data.get("description", "")),
        path=where,
        years=tuple(years),
        settings=settings,
        groups=r.entries("groups", data.get("groups", []), GROUP_KEYS),
        cohorts=r.entries("cohorts", data.get("cohorts", []), COHORT_KEYS),
        remove=r.entries("teachers.remove", teachers.get("remove", []), REMOVE_KEYS),
        change=r.entries("teachers.change", teachers.get("change", []), CHANGE_KEYS),
        add=r.entries("teachers.add", teachers.get("add", []), ADD_KEYS),
        statuses=r.entries("statuses.change", statuses.get("change", []), STATUS_KEYS),
        rhythm=r.entries("rhythm", data.get("rhythm", []), RHYTHM_KEYS),
    )


# --- applying it -------------------------------------------------------------------


def apply_scenario(inputs: Inputs, scenario: Scenario) -> Inputs:
    """The inputs with the scenario's changes; ``inputs`` itself is left as it was."""
    s = scenario
    teachers, qualifications = _roster(inputs, s)
    removed = {e["id"] for e in s.remove}
    new = dataclasses.replace(
        inputs,
        source=f"{inputs.source} + scenario {s.name}",
        settings=inputs.settings.with_values(s.settings),
        group_counts=_group_counts(inputs, s),
        cohorts=_cohorts(inputs, s),
        statuses=_statuses(inputs, s),
        teachers=teachers,
        qualifications=qualifications,
        locks=[lk for lk in inputs.locks if lk.teacher not in removed],
        unavailability=[u for u in inputs.unavailability if u.teacher not in removed],
        periods=_periods(inputs, s),
    )
    return new


def scenario_notes(inputs: Inputs, scenario: Scenario) -> list[str]:
    """What applying the scenario drops besides what it names: locks, unavailability."""
    removed = {e["id"]: e.get("reason", "") for e in scenario.remove}
    notes = []
    for lk in inputs.locks:
        if lk.teacher in removed:
            where, row = lk.origin
            notes.append(
                f"{scenario.name}: lock of {lk.teacher} on {lk.code} {lk.activity} ({where}, row {row}) "
                f"dropped: {lk.teacher} is removed by the scenario"
            )
    for u in inputs.unavailability:
        if u.teacher in removed:
            notes.append(f"{scenario.name}: unavailability of {u.teacher} ignored: {u.teacher} is removed")
    for e in scenario.add:
        if not e.get("qualifications"):
            notes.append(f"{scenario.name}: new teacher {e['id']} has no qualification and cannot teach")
    return notes


def _group_counts(inputs: Inputs, s: Scenario) -> dict[tuple[int, str, str], int]:
    counts = dict(inputs.group_counts)
    for e in s.groups:
        chosen = targets(s, e, inputs, (POOLED,))
        if e["grouping"] not in ("td", "tp"):
            raise s.error(f"{e.key}.grouping", f"{e['grouping']!r} is not td or tp")
        for parcours in chosen:
            counts[(e["year"], parcours, e["grouping"])] = e["groups"]
    return counts


def _cohorts(inputs: Inputs, s: Scenario) -> dict[tuple[int, str], Cohort]:
    cohorts = dict(inputs.cohorts)
    for e in s.cohorts:
        chosen = targets(s, e, inputs, (ANY,))
        if "students" in e.values and "add_students" in e.values:
            raise s.error(f"{e.key}.add_students", "give students or add_students, not both")
        changes = {k: e[k] for k in ("students", "td_size", "tp_size", "opening") if k in e.values}
        if not changes and "add_students" not in e.values:
            raise s.error(
                e.key, "changes nothing", hint="Give students, add_students, td_size, tp_size or opening."
            )
        for parcours in chosen:
            base = cohorts[(e["year"], parcours)]
            values = dict(changes)
            if "add_students" in e.values:
                values["students"] = base.students + e["add_students"]
                if values["students"] < 0:
                    raise s.error(
                        f"{e.key}.add_students",
                        f"year {e['year']} {inputs.shown(parcours)} would have "
                        f"{values['students']} students "
                        f"({base.students} {'+' if e['add_students'] >= 0 else '−'} {abs(e['add_students'])})",
                    )
            try:
                cohorts[(e["year"], parcours)] = dataclasses.replace(base, **values)
            except ValueError as exc:
                raise s.error(e.key, str(exc)) from None
    return cohorts


def _statuses(inputs: Inputs, s: Scenario):
    statuses = dict(inputs.statuses)
    for e in s.statuses:
        if e["status"] not in statuses:
            raise s.error(
                f"{e.key}.status",
                f"unknown status {e['status']!r}",
                hint=f"statuses.csv declares: {', '.join(inputs.statuses)}.",
            )
        changes = {k: v for k, v in e.values.items() if k != "status"}
        if not changes:
            raise s.error(
                e.key, "changes nothing", hint="Give service_du, max_hc, hc_rate or max_weekly_hours."
            )
        statuses[e["status"]] = dataclasses.replace(statuses[e["status"]], **changes)
    return statuses


def _unknown_teacher(s: Scenario, key: str, tid: str, ids: list[str]) -> PlannerError:
    import difflib

    close = difflib.get_close_matches(tid, ids, 3)
    return s.error(
        key,
        f"unknown teacher {tid!r}",
        hint=f"Did you mean {', '.join(close)}?" if close else "teachers.csv has no such id.",
    )


def _roster(inputs: Inputs, s: Scenario) -> tuple[list[Teacher], list[Qualification]]:
    ids = [t.id for t in inputs.teachers]
    codes = sorted({m.code for m in inputs.modules})
    statuses = _statuses(inputs, s)
    removed: set[str] = set()
    for e in s.remove:
        if e["id"] not in ids:
            raise _unknown_teacher(s, f"{e.key}.id", e["id"], ids)
        if e["id"] in removed:
            raise s.error(f"{e.key}.id", f"{e['id']} is removed twice")
        removed.add(e["id"])
    teachers = {t.id: t for t in inputs.teachers if t.id not in removed}
    quals = [q for q in inputs.qualifications if q.teacher not in removed]

    def check(e: Entry) -> dict[str, Any]:
        if "status" in e.values and e["status"] not in statuses:
            raise s.error(
                f"{e.key}.status",
                f"unknown status {e['status']!r}",
                hint=f"statuses.csv declares: {', '.join(statuses)}.",
            )
        home = departments_of(s, e, inputs)[0] if "department" in e.values else None
        if home is None:
            home = teachers[e["id"]].department if e["id"] in teachers else inputs.departments[0]
            if inputs.scoped and e["id"] not in teachers:
                raise s.error(f"{e.key}.department", "a new teacher of an IUT needs a home department")

        def scoped(key: str, pattern: str) -> str:
            try:
                return scope_pattern(pattern, home, inputs)
            except ValueError as exc:
                raise s.error(key, str(exc)) from None

        wishes = []
        for wish in e.get("wishes", ()):
            wishes.append(scoped(f"{e.key}.wishes", wish))
            if not matches_any(wishes[-1], codes):
                raise s.error(f"{e.key}.wishes", f"wish {wish!r} matches no module code of the maquette")
        for i, (pattern, activities, weight) in enumerate(e.get("qualifications", ()), start=1):
            scoped_pattern = scoped(f"{e.key}.qualifications[{i}]", pattern)
            if not matches_any(scoped_pattern, codes):
                raise s.error(f"{e.key}.qualifications[{i}]", f"pattern {pattern!r} matches no module code")
            quals.append(Qualification(e["id"], scoped_pattern, activities, weight))
        fields = {k: v for k, v in e.values.items() if k in Teacher.__dataclass_fields__ and k != "id"}
        if "wishes" in fields:
            fields["wishes"] = tuple(wishes)
        if "department" in e.values or e["id"] not in teachers:
            fields["department"] = home
        return fields

    for e in s.change:
        if e["id"] not in teachers:
            if e["id"] in removed:
                raise s.error(f"{e.key}.id", f"{e['id']} is removed by this scenario")
            raise _unknown_teacher(s, f"{e.key}.id", e["id"], ids)
        fields = check(e)
        if not fields and not e.get("qualifications"):
            raise s.error(e.key, "changes nothing")
        teachers[e["id"]] = dataclasses.replace(teachers[e["id"]], **fields)
    for e in s.add:
        if e["id"] in teachers:
            raise s.error(
                f"{e.key}.id", f"teacher {e['id']!r} already exists", hint="Use [[teachers.change]] for them."
            )
        fields = check(e)
        teachers[e["id"]] = Teacher(
            id=e["id"],
            name=fields["name"],
            status=fields["status"],
            field=fields.get("field", ""),
            reductions=fields.get("reductions", Fraction(0)),
            other_hetd=fields.get("other_hetd", Fraction(0)),
            max_hetd=fields.get("max_hetd"),
            max_hc=fields.get("max_hc"),
            wishes=fields.get("wishes", ()),
            department=fields["department"],
        )
    return list(teachers.values()), quals


def _periods(inputs: Inputs, s: Scenario):
    if not s.rhythm:
        return inputs.periods
    from planner.data.calendar import read_periods

    if inputs.calendar is None:
        raise s.error("rhythm", "an alternance rhythm needs a calendar, but the inputs have no calendar.csv")
    records = []
    for i, e in enumerate(s.rhythm, start=1):
        for parcours in targets(s, e, inputs, (ANY,), expand=False):
            values = {
                "year": e["year"],
                "parcours": parcours,
                "kind": "alternance",
                "from_week": e.get("from_week", ""),
                "to_week": e.get("to_week", ""),
                "length": None,
                "pattern": e.get("pattern", ""),
                "iut_weeks": e.get("iut_weeks", ""),
            }
            if inputs.scoped:
                values["department"] = split(parcours)[0]
            records.append(Record(values, f"{s.path} [[rhythm]]", i))
    added = read_periods(records, inputs.calendar, inputs.parcours_of)
    replaced = {(p.year, p.parcours) for p in added}
    kept = [p for p in inputs.periods if not (p.kind == "alternance" and (p.year, p.parcours) in replaced)]
    return kept + added
