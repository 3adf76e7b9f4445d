"""Named settings (``settings.csv``: key, value), each with a type and a default."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from fractions import Fraction
from typing import Any

from planner.data.tables import Column, Record, Table, as_hours, parse_number
from planner.errors import PlannerError, Problems

SETTINGS_TABLE = Table(
    "settings",
    (Column("key"), Column("value", blank=""), Column("description", blank="", required=False)),
    key=("key",),
    optional=True,
    allow_empty=True,
)


@dataclass(frozen=True)
class Setting:
    key: str
    kind: str  # bool, int, hours (whole or half hours), number, str
    default: Any
    description: str


SETTINGS = (
    Setting(
        "pooling",
        "bool",
        True,
        "Pool modules whose code (and hours) are common to several parcours of a year: one CM for all, "
        "groups formed across parcours.",
    ),
    Setting(
        "time_limit",
        "number",
        Fraction(20),
        "Solver time limit per solve, in deterministic seconds (reproducible; wall time may be longer on a "
        "slow or busy machine).",
    ),
    Setting("seed", "int", 0, "Random seed of the solver (same inputs and seed give the same plan)."),
    Setting("workers", "int", 2, "Solver threads (part of what makes a plan reproducible: keep it fixed)."),
    Setting(
        "mip",
        "bool",
        True,
        "Solve the assignment's stages as MIPs with HiGHS (highspy) first; CP-SAT continues a stage "
        "the MIP leaves open, or solves every stage when off.",
    ),
    Setting(
        "mip_nodes",
        "int",
        500,
        "Branch-and-bound nodes per MIP stage (a deterministic limit: the same plan on any machine).",
    ),
    Setting(
        "mip_neighbourhoods",
        "int",
        100,
        "Sub-problems (a few teachers freed at a time) for fragmentation and wishes on large plans.",
    ),
    Setting(
        "wall_limit",
        "number",
        Fraction(300),
        "Wall-clock safety net per solve, in seconds (in an IUT, per department), for very large "
        "instances; when it cuts a stage short the plan may depend on machine load.",
    ),
    Setting(
        "student_week_hours",
        "hours",
        32,
        "Most class hours a student has in a full week (5 open days; scaled down with public holidays). No "
        "national rule: 32-35 is common (U).",
    ),
    Setting(
        "module_week_min",
        "hours",
        1,
        "Fewest hours of a module (all activities) in a week where it is taught, or all its hours if fewer "
        "(U). 2 would forbid 1-hour weeks, but then a teacher with six TP groups of a 2-hour module must "
        "teach them the same week.",
    ),
    Setting("module_week_max", "hours", 8, "Most hours of a module (all activities) in one week (U)."),
    Setting(
        "session_hours",
        "hours",
        1,
        "Length of one teaching session (1, 1.5 or 2 h): the week layout places whole sessions. In an "
        "IUT, GEA/session_hours sets one department's.",
    ),
    Setting(
        "projet_in_weeks",
        "bool",
        False,
        "Projet (projet tutoré) hours occupy students' weeks like classes; default no: autonomous work, "
        "outside the weekly cap (U).",
    ),
    Setting(
        "weeks_time_limit",
        "number",
        Fraction(8),
        "Solver time limit of the week layout, in seconds (deterministic time; two to three times that in "
        "wall time).",
    ),
    Setting(
        "department",
        "str",
        "QLIO",
        "Name of the department the inputs describe (an IUT names its departments by its folders).",
    ),
    Setting(
        "weeks_gap",
        "number",
        Fraction(1, 4),
        "Relative gap to the proven bound under which the week layout's balance stage is left as the "
        "local search ends it; above it, CP-SAT lays out again the parts of each teacher above their "
        "least busiest week, within weeks_time_limit.",
    ),
    Setting(
        "teacher_room_share",
        "number",
        Fraction(9, 10),
        "Share of a teacher's weekly room in a semester (weekly cap × IUT weeks) the assignment may fill, "
        "leaving slack for the week layout (U).",
    ),
    # plausibility thresholds: values beyond them are typos until said otherwise (see inputs/README.md)
    Setting(
        "max_cohort_students",
        "int",
        400,
        "Most students plausible in one cohort (year and parcours); above it cohorts.csv is refused.",
    ),
    Setting(
        "max_group_size",
        "int",
        60,
        "Largest plausible TD or TP group size (td_size, tp_size); above it cohorts.csv is refused.",
    ),
    Setting(
        "max_td_groups",
        "int",
        30,
        "Most TD groups plausible for one cohort or pool (computed or fixed); above it the inputs "
        "are refused.",
    ),
    Setting(
        "max_tp_groups",
        "int",
        60,
        "Most TP groups plausible for one cohort or pool (computed or fixed); above it the inputs "
        "are refused.",
    ),
    Setting(
        "max_module_share",
        "number",
        Fraction(1, 2),
        "Largest plausible share of its semester's hours for one maquette row; above it, a warning.",
    ),
    Setting(
        "max_week_hours",
        "int",
        60,
        "Largest plausible weekly cap (max_weekly_hours, student_week_hours, module_week_max); above "
        "it, refused.",
    ),
    Setting(
        "demand_capacity_factor",
        "number",
        Fraction(3),
        "Refuse to solve when the demand exceeds the most the staff may teach by this factor (a "
        "typo, not a shortage).",
    ),
)

BY_KEY = {s.key: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """The settings in force: ``settings.csv`` over the defaults (see ``SETTINGS``).

    Frozen: a scenario's ``[settings]`` make a new one with ``with_values``.
    Each field's meaning and unit is the ``description`` of its ``Setting``.
    """

    pooling: bool = True
    time_limit: Fraction = Fraction(20)
    seed: int = 0
    workers: int = 2
    mip: bool = True
    mip_nodes: int = 500
    mip_neighbourhoods: int = 100
    wall_limit: Fraction = Fraction(300)
    student_week_hours: int | Fraction = 32
    module_week_min: int | Fraction = 1
    module_week_max: int | Fraction = 8
    session_hours: int | Fraction = 1
    projet_in_weeks: bool = False
    weeks_time_limit: Fraction = Fraction(8)
    department: str = "QLIO"
    weeks_gap: Fraction = Fraction(1, 4)
    teacher_room_share: Fraction = Fraction(9, 10)
    max_cohort_students: int = 400
    max_group_size: int = 60
    max_td_groups: int = 30
    max_tp_groups: int = 60
    max_module_share: Fraction = Fraction(1, 2)
    max_week_hours: int = 60
    demand_capacity_factor: Fraction = Fraction(3)

    def with_values(self, values: dict[str, Any]) -> Settings:
        """These settings with some replaced (keys already checked against ``BY_KEY``)."""
        return replace(self, **values)


def parse_settings(records: list[Record], problems: Problems | None = None) -> Settings:
    """The settings of ``settings.csv`` rows.

    Parameters
    ----------
    records
        The checked rows of the table (key, value).

    Returns
    -------
    Settings
        The defaults, overridden by the rows.

    Raises
    ------
    PlannerError
        For an unknown key or a value of the wrong type, naming the row (recorded
        in ``problems`` when given).
    """
    found = Problems.of(problems)
    values = {}
    for rec in records:
        key, text = rec["key"], rec["value"]
        setting = BY_KEY.get(key)
        if "/" in key and key.split("/", 1)[1] in PER_DEPARTMENT:
            continue  # one department's (department_settings)
        with found.each():
            if setting is None:
                raise rec.error(
                    f"unknown setting {key!r}",
                    "key",
                    hint=f"Known settings: {', '.join(BY_KEY)}.",
                )
            values[key] = _checked(setting, convert(setting, text, rec), rec)
    found.close(problems)
    return Settings(**values)


PER_DEPARTMENT = ("session_hours",)  # settings one department of an IUT may set for itself
SESSIONS = (1, 4)  # a session of 1 h to 4 h


def _checked(setting: Setting, value: Any, rec: Record) -> Any:
    if setting.key == "session_hours" and not SESSIONS[0] <= value <= SESSIONS[1]:
        raise rec.error(
            f"a session of {float(value):g} h: sessions last {SESSIONS[0]} to {SESSIONS[1]} hours",
            "value",
            hint="Write the length of one class: 1, 1.5 or 2.",
        )
    return value


def department_settings(
    records: list[Record], departments: tuple[str, ...], problems: Problems | None = None
) -> dict[str, dict[str, Any]]:
    """One department's settings (``GEA/session_hours``), by department then key.

    A key naming a department the inputs do not have is a problem of its row.
    """
    found = Problems.of(problems)
    out: dict[str, dict[str, Any]] = {}
    for rec in records:
        department, _, key = rec["key"].rpartition("/")
        if not department or key not in PER_DEPARTMENT:
            continue
        with found.each():
            if department not in departments:
                raise rec.error(
                    f"unknown department {department!r}",
                    "key",
                    hint=f"Departments of these inputs: {', '.join(departments)}.",
                )
            setting = BY_KEY[key]
            out.setdefault(department, {})[key] = _checked(setting, convert(setting, rec["value"], rec), rec)
    found.close(problems)
    return out


def convert(setting: Setting, text: str, rec: Record | None = None) -> Any:
    """A setting's text as its typed value, or an error naming the row (or the key)."""

    def fail(message: str) -> PlannerError:
        if rec is None:
            return PlannerError(f"setting {setting.key!r}: {message}")
        return rec.error(message, "value")

    if setting.kind == "bool":
        low = str(text).strip().lower()
        if low in ("yes", "oui", "true", "1"):
            return True
        if low in ("no", "non", "false", "0"):
            return False
        raise fail(f"{text!r} is not yes or no")
    if setting.kind == "str":
        return str(text)
    number = parse_number(str(text))
    if number is None or number < 0:
        raise fail(f"{text!r} is not a non-negative number")
    if setting.kind == "int":
        if number.denominator != 1:
            raise fail(f"{text!r} is not a whole number")
        return int(number)
    if setting.kind == "hours":
        hours = as_hours(number)
        if hours is None:
            raise fail(f"{text!r} is not a whole number of half hours (like 4 or 4.5)")
        return hours
    return number


assert [f.name for f in fields(Settings)] == list(BY_KEY), "Settings fields and SETTINGS must match"
assert all(getattr(Settings(), s.key) == s.default for s in SETTINGS), (
    "Settings defaults and SETTINGS must match"
)
