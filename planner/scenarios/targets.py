"""What a scenario's entry is about in an IUT: the department(s) and parcours it names.

``[[groups]]``, ``[[cohorts]]`` and ``[[rhythm]]`` entries may name a
``department``; their parcours are then that department's (``*`` every parcours
of its year, ``pooled`` the groups of its pooled modules). Without one, a
parcours may be written ``GEA/OSC`` or alone when a single department has it,
and ``*`` or ``pooled`` mean every department's. With one department the names
are as written and ``department``, if given, must be its name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.data.entities import ANY, POOLED
from planner.data.iut import qualify, split

if TYPE_CHECKING:
    from planner.data.inputs import Inputs
    from planner.scenarios.scenario import Entry, Scenario


def departments_of(s: Scenario, e: Entry, inputs: Inputs) -> list[str]:
    """The departments an entry is about: the one it names, or all."""
    department = e.get("department")
    if department is None:
        return list(inputs.departments)
    if department not in inputs.departments:
        raise s.error(
            f"{e.key}.department",
            f"unknown department {department!r}",
            hint=f"Departments of the inputs: {', '.join(inputs.departments)}.",
        )
    return [department]


def _of(p: str, inputs: Inputs) -> str:
    return split(p)[0] if inputs.scoped else inputs.departments[0]


def targets(s: Scenario, e: Entry, inputs: Inputs, extra: tuple[str, ...], expand: bool = True) -> list[str]:
    """The parcours an entry is about, as the inputs name them.

    ``extra``: the labels allowed besides a parcours (``*``, ``pooled``). With
    ``expand``, ``*`` is every parcours of the year; otherwise it stays one
    ``*`` per department (``GEA/*`` in an IUT). ``pooled`` is one label per
    department whose year has several parcours.
    """
    year, parcours = e["year"], e.get("parcours", ANY)
    departments = departments_of(s, e, inputs)
    known = {d: [p for p in inputs.parcours_of(year) if _of(p, inputs) == d] for d in departments}
    if not any(known.values()):
        where = f" of department {departments[0]}" if e.get("department") else ""
        raise s.error(f"{e.key}.year", f"no cohort of year {year}{where} in cohorts.csv")

    def label(d: str, name: str) -> str:
        return qualify(d, name) if inputs.scoped else name

    if parcours == ANY and ANY in extra:
        if expand:
            return [p for d in departments for p in known[d]]
        return [label(d, ANY) for d in departments if known[d]]
    if parcours == POOLED and POOLED in extra:
        pooled = [label(d, POOLED) for d in departments if len(known[d]) > 1]
        if pooled:
            return pooled
    shown = [p for d in departments for p in known[d]]
    if inputs.scoped and split(parcours)[0]:
        matches = [parcours] if parcours in shown else []
    else:
        matches = [p for p in shown if (split(p)[1] if inputs.scoped else p) == parcours]
    if len(matches) > 1:
        raise s.error(
            f"{e.key}.parcours",
            f"parcours {parcours!r} of year {year} is in several departments ({', '.join(matches)})",
            hint='Name the department (department = "GEA") or write the parcours as GEA/OSC.',
        )
    if not matches:
        allowed = [x for x in extra if x != POOLED or any(len(k) > 1 for k in known.values())]
        raise s.error(
            f"{e.key}.parcours",
            f"unknown parcours {parcours!r} for year {year}",
            hint=f"cohorts.csv declares: {', '.join(shown)}"
            + (f" (or {', '.join(allowed)})." if allowed else "."),
        )
    return matches
