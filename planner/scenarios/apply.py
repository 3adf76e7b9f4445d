"""A scenario applied to the inputs: every change checked against them, new ``Inputs`` out.

What a change refers to (a teacher, parcours, status or module code) must
exist in the inputs; otherwise a ``PlannerError`` names the scenario file and
the key (``teachers.change[1].id``). The base inputs are never touched.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from typing import Any

from planner.data.entities import ANY, POOLED, Cohort, Qualification, Teacher
from planner.data.inputs import Inputs
from planner.data.iut import matches_any, scope_pattern, split
from planner.data.tables import Record
from planner.errors import PlannerError, did_you_mean
from planner.scenarios.scenario import Entry, Scenario
from planner.scenarios.targets import departments_of, targets


def apply_scenario(inputs: Inputs, scenario: Scenario) -> Inputs:
    """The inputs with the scenario's changes; ``inputs`` itself is left as it was.

    Parameters
    ----------
    inputs
        The base inputs.
    scenario
        The scenario, as ``load_scenario`` read it.

    Returns
    -------
    Inputs
        A new ``Inputs``; the locks and unavailability of removed teachers are
        dropped (``scenario_notes`` says which).

    Raises
    ------
    PlannerError
        For a reference to a teacher, parcours, status or module code that does
        not exist, naming the scenario file and the key.
    """
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
                        f"year {e['year']} {inputs.shown(parcours)} would have {values['students']} students "
                        f"({base.students} {'+' if e['add_students'] >= 0 else '−'} "
                        f"{abs(e['add_students'])})",
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
    return s.error(
        key, f"unknown teacher {tid!r}", hint=did_you_mean(tid, ids, "teachers.csv has no such id.")
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
                return scope_pattern(pattern, home, inputs.scope, codes)
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
    from planner.data.periods import read_periods

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
