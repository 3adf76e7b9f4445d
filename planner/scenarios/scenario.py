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
``PlannerError`` naming the file and the key); ``scenarios.apply`` checks what
the changes refer to (teacher, parcours, status, module code) against the
inputs and returns new ``Inputs``, never touching the base ones.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from planner.data.entities import ACTIVITIES, ANY
from planner.data.settings import BY_KEY as SETTING_KEYS
from planner.data.settings import convert
from planner.data.tables import parse_number
from planner.errors import PlannerError

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
    """A what-if scenario as read from its TOML file: settings and changes, not yet applied."""

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
        parsed = parse_number(value) if isinstance(value, str) else None
        if parsed is not None:
            return parsed
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
            acts = bits[1] if len(bits) > 1 else ANY
            written = bits[2].strip() if len(bits) > 2 else "0"
            if not written.lstrip("-").isdigit():
                raise self.fail(key, f"weight {written!r} is not a whole number")
            weight = int(written)
        elif isinstance(value, dict):
            entry = self.entry(
                key,
                value,
                {"pattern": ("str", True), "activities": ("str", False), "weight": ("signed", False)},
            )
            pattern, acts, weight = entry["pattern"], entry.get("activities", ANY), entry.get("weight", 0)
        else:
            raise self.fail(key, f"{value!r} is not a qualification", hint='Write like "R3.0*:TD TP:2".')
        acts = acts.strip()
        activities = () if acts in ("", ANY) else tuple(acts.replace(",", " ").split())
        for a in activities:
            if a not in ACTIVITIES:
                raise self.fail(key, f"unknown activity {a!r}", hint=f"Use {', '.join(ACTIVITIES)} or *.")
        return pattern, activities, weight


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario file and check its shape.

    What the changes refer to (teachers, parcours, statuses, module codes) is
    checked when the scenario is applied (``scenarios.apply.apply_scenario``).

    Parameters
    ----------
    path
        The TOML file.

    Returns
    -------
    Scenario

    Raises
    ------
    PlannerError
        For a TOML syntax error, an unknown key or a wrong type, naming the file
        and the key.
    """
    path = Path(path)
    data = read_toml(path, "scenario", "See the scenario files shipped in scenarios/.")
    return scenario_from_data(data, str(path), path.stem)


def read_toml(path: Path, what: str, hint: str) -> dict[str, Any]:
    """A TOML file's tables; one that cannot be read or parsed is an error naming it (``what``: grid…)."""
    where = str(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PlannerError(f"cannot read the {what} ({exc.strerror})", where=where) from None
    except UnicodeDecodeError:
        raise PlannerError(f"the {what} is not UTF-8 text", where=where) from None
    except tomllib.TOMLDecodeError as exc:
        raise PlannerError(f"not valid TOML: {exc}", where=where, hint=hint) from None


def scenario_from_data(data: dict[str, Any], where: str, default_name: str) -> Scenario:
    """Check the shape of a scenario already read from TOML (``where`` names it in messages)."""
    r = _Reader(where)
    for key in data:
        if key == "levers":
            raise r.fail(
                key, "a file with [[levers]] is a grid, not a scenario", hint="Run it with `planner sweep`."
            )
        if key not in TOP_KEYS:
            raise r.unknown(key, TOP_KEYS)
    name = r.value("name", "str", data.get("name", default_name))
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
