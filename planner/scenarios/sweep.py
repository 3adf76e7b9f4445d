"""A grid of levers over the base inputs, expanded into one scenario per combination.

A grid file is a scenario file (its changes apply to every variant) with
``[[levers]]``: each lever has a name, a list of values and the scenario
changes it makes, where the text ``{value}`` stands for the value::

    name = "year1"
    years = [1]

    [[levers]]
    name = "td"                     # a column of sweep.csv, and part of each variant's name
    description = "year-1 TD groups"
    values = [3, 4, 5]
    [[levers.groups]]
    year = 1
    parcours = "commun"
    grouping = "td"
    groups = "{value}"              # the value itself (a number here)

    [[levers]]
    name = "ater"
    values = [false, true]          # true/false: the changes apply, or not
    [[levers.teachers.add]]
    id = "ater-1"
    ...

Variants are every combination, the first value of each lever first (that
variant is the reference of the others: put the current situation first);
each is named after its values, ``td-3_ater-no``. ``load_grid`` checks the
file's shape; ``grid_variants`` checks every lever value against the inputs
(an error names the lever and the value) and returns the variants.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.data.inputs import Inputs
from planner.errors import PlannerError
from planner.scenarios.apply import apply_scenario
from planner.scenarios.scenario import NAME, TOP_KEYS, Scenario, read_toml, scenario_from_data

PLACEHOLDER = "{value}"
CHANGE_KEYS = tuple(k for k in TOP_KEYS if k not in ("name", "description", "years"))
LEVER_KEYS = ("name", "description", "values") + CHANGE_KEYS
MAX_VARIANTS = 10_000


@dataclass(frozen=True)
class Lever:
    name: str
    description: str
    values: tuple[Any, ...]  # numbers, texts or booleans, as written
    changes: dict[str, Any]  # scenario keys, with {value} placeholders
    key: str  # levers[2], for messages

    def text(self, value: Any) -> str:
        """A value as a table cell and in a variant name: yes/no for booleans."""
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)

    def cell(self, value: Any) -> Any:
        """A value in a table: numbers stay numbers, yes/no for booleans."""
        return self.text(value) if isinstance(value, bool) else value

    def changes_for(self, value: Any) -> dict[str, Any]:
        """The scenario changes of one value: placeholders replaced; a false switch changes nothing."""
        if value is False:
            return {}
        return _substitute(self.changes, value)


@dataclass(frozen=True)
class Grid:
    name: str
    description: str
    path: str
    years: tuple[int, ...]
    common: dict[str, Any]  # changes applied to every variant
    levers: tuple[Lever, ...]

    @property
    def size(self) -> int:
        n = 1
        for lever in self.levers:
            n *= len(lever.values)
        return n


@dataclass(frozen=True)
class Variant:
    name: str
    values: tuple[Any, ...]  # one per lever, in grid order
    scenario: Scenario


def _substitute(data: Any, value: Any) -> Any:
    if isinstance(data, dict):
        return {k: _substitute(v, value) for k, v in data.items()}
    if isinstance(data, list):
        return [_substitute(v, value) for v in data]
    if data == PLACEHOLDER:
        return value  # the value with its type: groups = "{value}" gives a number
    if isinstance(data, str) and PLACEHOLDER in data:
        return data.replace(PLACEHOLDER, "yes" if value is True else str(value))
    return data


def _has_placeholder(data: Any) -> bool:
    if isinstance(data, dict):
        return any(_has_placeholder(v) for v in data.values())
    if isinstance(data, list):
        return any(_has_placeholder(v) for v in data)
    return isinstance(data, str) and PLACEHOLDER in data


def _merge(into: dict[str, Any], changes: dict[str, Any], where: str, owner: dict[str, str], path=()) -> None:
    """Add ``changes`` to ``into``: tables merged, lists appended; one setting set twice is an error."""
    for key, value in changes.items():
        dotted = ".".join(path + (key,))
        if isinstance(value, dict) and isinstance(into.get(key, {}), dict):
            _merge(into.setdefault(key, {}), value, where, owner, path + (key,))
        elif isinstance(value, list) and isinstance(into.get(key, []), list):
            into.setdefault(key, []).extend(value)
        elif key in into:
            raise PlannerError(
                f"{dotted!r} is set by both {owner.get(dotted, 'another part of the grid')} and {where}",
                hint="Set each key in one place: the grid's own changes or one lever.",
            )
        else:
            into[key] = value
            owner[dotted] = where


def load_grid(path: str | Path) -> Grid:
    """Read and check the shape of a grid file (the changes are checked by ``grid_variants``)."""
    path = Path(path)
    where = str(path)
    data = read_toml(path, "grid", "See scenarios/grids/year1.toml.")

    def fail(key: str, message: str, hint: str | None = None) -> PlannerError:
        return PlannerError(f"key {key!r}: {message}", where=where, hint=hint)

    levers_data = data.pop("levers", None)
    # the grid's own keys are a scenario's: check them as one
    base = scenario_from_data(data, where, path.stem)
    if (
        not isinstance(levers_data, list)
        or not levers_data
        or not all(isinstance(x, dict) for x in levers_data)
    ):
        raise fail(
            "levers", "a grid needs at least one [[levers]] table", hint="See scenarios/grids/year1.toml."
        )
    levers, names = [], set()
    for i, raw in enumerate(levers_data, start=1):
        key = f"levers[{i}]"
        for k in raw:
            if k not in LEVER_KEYS:
                raise PlannerError(
                    f"unknown key {f'{key}.{k}'!r}",
                    where=where,
                    hint=f"Known keys here: {', '.join(LEVER_KEYS)}.",
                )
        name = raw.get("name")
        if not isinstance(name, str) or not NAME.match(name):
            raise fail(
                f"{key}.name", f"{name!r} is not a plain name", hint="Use letters, digits, '.', '-', '_'."
            )
        if name in names:
            raise fail(f"{key}.name", f"lever {name!r} is named twice")
        names.add(name)
        values = raw.get("values")
        if not isinstance(values, list) or not values:
            raise fail(f"{key}.values", "expected a list of values, like [3, 4, 5] or [false, true]")
        for v in values:
            if not isinstance(v, (bool, int, float, str)):
                raise fail(f"{key}.values", f"{v!r} is not a number, a text or true/false")
        changes = {k: v for k, v in raw.items() if k in CHANGE_KEYS}
        if not changes:
            raise fail(key, "changes nothing", hint=f"Give the changes it makes: {', '.join(CHANGE_KEYS)}.")
        switch = all(isinstance(v, bool) for v in values)
        if not switch and not _has_placeholder(changes):
            raise fail(
                key,
                f"its changes do not use {PLACEHOLDER}, so its values make no difference",
                hint=f'Write {PLACEHOLDER} where the value goes (groups = "{PLACEHOLDER}"), '
                "or give values = [false, true] to switch the changes off and on.",
            )
        lever = Lever(name, str(raw.get("description", "")), tuple(values), changes, key)
        texts = [_name_part(lever.text(v)) for v in values]
        if len(set(texts)) < len(texts):
            raise fail(f"{key}.values", f"two values give the same name: {', '.join(texts)}")
        levers.append(lever)
    common = {k: v for k, v in data.items() if k in CHANGE_KEYS}
    grid = Grid(base.name, base.description, where, base.years, common, tuple(levers))
    if grid.size > MAX_VARIANTS:
        raise fail("levers", f"{grid.size} variants: more than {MAX_VARIANTS}", hint="Split the grid.")
    return grid


def _name_part(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "-", text).strip("-") or "x"


def variant_name(grid: Grid, values: tuple[Any, ...]) -> str:
    return "_".join(f"{lv.name}-{_name_part(lv.text(v))}" for lv, v in zip(grid.levers, values))


def grid_variants(grid: Grid, inputs: Inputs) -> list[Variant]:
    """Every combination of the lever values, as scenarios checked against ``inputs``.

    Each lever value is checked on its own first, so an error names the
    lever and the value (``grid.toml, levers[2] (mcf-hc = 96): key ...``).
    """
    for lever in grid.levers:
        for value in lever.values:
            where = f"{grid.path}, {lever.key} ({lever.name} = {lever.text(value)})"
            apply_scenario(inputs, scenario_from_data(lever.changes_for(value), where, lever.name))
    variants = []
    for values in itertools.product(*(lv.values for lv in grid.levers)):
        name = variant_name(grid, values)
        data: dict[str, Any] = {}
        owner: dict[str, str] = {}
        _merge(data, grid.common, "the grid's own changes", owner)
        for lever, value in zip(grid.levers, values):
            _merge(data, lever.changes_for(value), f"{lever.key} ({lever.name})", owner)
        description = "; ".join(
            f"{lv.description or lv.name}: {lv.text(v)}" for lv, v in zip(grid.levers, values)
        )
        data.update(name=name, description=description, years=list(grid.years))
        scenario = scenario_from_data(data, f"{grid.path}, variant {name}", name)
        variants.append(Variant(name, values, scenario))
    return variants
