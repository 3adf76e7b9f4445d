"""An independent plan checker: reads the written CSV files, uses no solver.

It recomputes, from the plan folder and the input CSV tables only, that every
demand unit is covered exactly (assigned + uncovered), that each teacher stays
within caps, and that qualifications and locks are kept. Returns a list of
violations (empty = the plan is valid).
"""

from __future__ import annotations

import csv
import fnmatch
from collections import defaultdict
from fractions import Fraction
from pathlib import Path


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def num(text: str) -> Fraction:
    return Fraction(text) if text not in ("", None) else Fraction(0)


def check_plan(plan: Path, inputs: Path, demand_csv: str) -> list[str]:
    errors: list[str] = []
    assignments = rows(plan / "assignments.csv")
    uncovered = rows(plan / "uncovered.csv")
    services = {r["teacher"]: r for r in rows(plan / "services.csv")}
    teachers = {r["id"]: r for r in rows(inputs / "teachers.csv")}
    statuses = {r["status"]: r for r in rows(inputs / "statuses.csv")}
    quals = rows(inputs / "qualifications.csv")
    locks = rows(inputs / "locks.csv") if (inputs / "locks.csv").exists() else []

    # 1. coverage: demand hours per (year, semester, parcours, code, activity)
    demand: dict[tuple, Fraction] = defaultdict(Fraction)
    for r in csv.DictReader(demand_csv.splitlines()):
        demand[(r["year"], r["semester"], r["parcours"], r["code"], r["activity"])] += num(r["hours"])
    given: dict[tuple, Fraction] = defaultdict(Fraction)
    for a in assignments:
        given[(a["year"], a["semester"], a["parcours"], a["code"], a["activity"])] += num(a["hours"])
    for u in uncovered:
        given[(u["year"], u["semester"], u["parcours"], u["code"], u["activity"])] += num(u["hours"])
    for key in sorted(set(demand) | set(given)):
        if demand[key] != given[key]:
            errors.append(f"coverage {key}: demand {demand[key]} h, assigned+uncovered {given[key]} h")

    # 2. caps, from the raw teacher and status tables
    load: dict[str, Fraction] = defaultdict(Fraction)
    for a in assignments:
        load[a["teacher"]] += num(a["hetd"])
    for tid, hetd in load.items():
        if tid not in teachers:
            errors.append(f"unknown teacher {tid} in the plan")
            continue
        t = teachers[tid]
        st = statuses[t["status"]]
        service = max(Fraction(0), num(st["service_du"]) - num(t["reductions"]))
        max_hc = num(t["max_hc"]) if t["max_hc"] else num(st["max_hc"])
        other = num(services[tid]["other_hetd"])
        if other + hetd > service + max_hc:
            errors.append(f"{tid}: {other + hetd} HETD exceeds service {service} + HC cap {max_hc}")
        if t["max_hetd"] and other + hetd > num(t["max_hetd"]):
            errors.append(f"{tid}: {other + hetd} HETD exceeds personal max {t['max_hetd']}")
        if num(services[tid]["assigned_hetd"]) != hetd:
            errors.append(
                f"{tid}: services.csv says {services[tid]['assigned_hetd']}, assignments sum to {hetd}"
            )

    # 3. qualifications (a lock also allows the pair) and locks
    def qualified(tid: str, code: str, activity: str) -> bool:
        for q in quals:
            acts = q["activities"].split() if q["activities"] not in ("", "*") else None
            if (
                q["teacher"] == tid
                and fnmatch.fnmatchcase(code, q["pattern"])
                and (acts is None or activity in acts)
            ):
                return True
        return any(lk["teacher"] == tid and lk["code"] == code and lk["activity"] == activity for lk in locks)

    for a in assignments:
        if not qualified(a["teacher"], a["code"], a["activity"]):
            errors.append(f"{a['teacher']} is not qualified for {a['code']} {a['activity']}")
    planned = {key[3] for key in demand}
    for lk in locks:
        if lk["code"] not in planned:
            continue
        got = sum(
            num(a["groups"])
            for a in assignments
            if a["teacher"] == lk["teacher"]
            and a["code"] == lk["code"]
            and a["activity"] == lk["activity"]
            and (lk["parcours"] in ("", "*") or lk["parcours"] in a["parcours"].split("+"))
        )
        if got < num(lk["groups"]):
            errors.append(f"lock {lk} not kept: {got} groups assigned")
    return errors
