"""Larger instances for benchmarks and tests: a department copied k times, in memory.

(An IUT of departments that differ, as input files: ``planner.generate.iut``,
``planner generate``.)

``scaled_inputs(inputs, k, seed)`` builds an IUT of ``k`` departments, each a
copy of the given one with its own names, so that nothing of one copy matches
another by accident:

- module codes are prefixed (``R1.01`` → ``D2:R1.01``), and so are every
  pattern that refers to them (qualifications, wishes, co-taught rules, locks);
- parcours are prefixed too (``OSC`` → ``D2:OSC``, ``commun`` → ``D2:commun``),
  since cohorts are keyed by (year, parcours); years stay 1–3;
- teachers get a suffix (``mbrunet`` → ``mbrunet.D2``), with the same status,
  caps, reductions and qualifications rewritten to their copy;
- copy 1 has the student counts as given; every other copy's cohorts are
  scaled by a factor drawn from ``seed`` in ``[1 − spread, 1 + spread]``;
- teachers of the *shared fields* (maths, English, communication by default)
  are also qualified for the same modules in the next copy (the last copy
  wraps to the first), as staff serving several departments are: the
  instance does not split into k independent departments.

The result is a checked ``Inputs`` object built without any CSV, accepted by
``build_demand`` and ``build_problem``. Same inputs, k and seed → same instance.
"""

from __future__ import annotations

import random
from dataclasses import replace

from planner.data.entities import (
    ANY,
    POOLED,
    Cohort,
    Cotaught,
    DeclaredTotal,
    Lock,
    Module,
    Qualification,
    Teacher,
)
from planner.data.inputs import Inputs

SHARED_FIELDS = ("maths-stats", "anglais", "communication")


def code_prefix(copy: int) -> str:
    """The prefix of module codes and parcours of one copy (1-based)."""
    return f"D{copy}:"


def teacher_id(teacher: str, copy: int) -> str:
    return f"{teacher}.D{copy}"


def scaled_inputs(
    inputs: Inputs,
    departments: int,
    seed: int = 0,
    *,
    spread: float = 0.25,
    shared_fields: tuple[str, ...] = SHARED_FIELDS,
) -> Inputs:
    """An IUT of ``departments`` copies of the department ``inputs`` describes."""
    if departments < 1:
        raise ValueError(f"departments must be at least 1, not {departments}")
    if not 0 <= spread < 1:
        raise ValueError(f"spread must be in [0, 1), not {spread}")
    copies = range(1, departments + 1)
    shared = {t.id for t in inputs.teachers if t.field in shared_fields}
    out = Inputs(
        source=f"{inputs.source} × {departments} departments (seed {seed})",
        modules=[_module(m, k) for k in copies for m in inputs.modules],
        totals=[_total(d, k) for k in copies for d in inputs.totals],
        activities=dict(inputs.activities),
        cohorts={},
        group_counts={},
        settings=inputs.settings,
        statuses=dict(inputs.statuses),
        teachers=[_teacher(t, k) for k in copies for t in inputs.teachers],
        qualifications=[],
        locks=[_lock(lk, k) for k in copies for lk in inputs.locks],
        cotaught=[
            Cotaught(code_prefix(k) + c.pattern, c.activities, c.step)
            for k in copies
            for c in inputs.cotaught
        ],
        departments=inputs.departments,  # one department still, as far as names go
    )
    for k in copies:
        for (year, parcours), cohort in inputs.cohorts.items():
            students = _students(cohort, k, seed, spread)
            out.cohorts[(year, _parcours(parcours, k))] = replace(
                cohort, parcours=_parcours(parcours, k), students=students
            )
        for (year, parcours, grouping), n in inputs.group_counts.items():
            # POOLED has no department in its key: it applies to every copy's pools
            label = parcours if parcours == POOLED else _parcours(parcours, k)
            out.group_counts[(year, label, grouping)] = n
        for q in inputs.qualifications:
            out.qualifications.append(_qualification(q, k, k))
            if q.teacher in shared and departments > 1:
                out.qualifications.append(_qualification(q, k, k % departments + 1))
    out.cohorts = dict(sorted(out.cohorts.items(), key=lambda kv: kv[0][0]))
    return out


def _parcours(parcours: str, copy: int) -> str:
    return code_prefix(copy) + parcours


def _students(cohort: Cohort, copy: int, seed: int, spread: float) -> int:
    """Copy 1 as given; the others scaled by a factor fixed by the seed."""
    if copy == 1 or spread == 0:
        return cohort.students
    rng = random.Random(f"{seed}|{copy}|{cohort.year}|{cohort.parcours}")
    return round(cohort.students * (1 + rng.uniform(-spread, spread)))


def _module(m: Module, copy: int) -> Module:
    return replace(
        m,
        parcours=_parcours(m.parcours, copy),
        code=code_prefix(copy) + m.code,
        hours=dict(m.hours),
    )


def _total(d: DeclaredTotal, copy: int) -> DeclaredTotal:
    return replace(d, parcours=_parcours(d.parcours, copy), hours=dict(d.hours))


def _teacher(t: Teacher, copy: int) -> Teacher:
    return replace(
        t,
        id=teacher_id(t.id, copy),
        name=f"{t.name} (D{copy})",
        wishes=tuple(code_prefix(copy) + w for w in t.wishes),
    )


def _qualification(q: Qualification, copy: int, target: int) -> Qualification:
    """Teacher of ``copy`` qualified for the modules of ``target``."""
    return replace(q, teacher=teacher_id(q.teacher, copy), pattern=code_prefix(target) + q.pattern)


def _lock(lk: Lock, copy: int) -> Lock:
    return replace(
        lk,
        teacher=teacher_id(lk.teacher, copy),
        code=code_prefix(copy) + lk.code,
        parcours=lk.parcours if lk.parcours == ANY else _parcours(lk.parcours, copy),
    )
