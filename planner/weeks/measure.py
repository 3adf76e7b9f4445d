"""A week layout as plain numbers: part hours, loads, caps kept, the balance figures."""

from __future__ import annotations

from planner.weeks.view import ParityView

WEIGHTS = {"students": 10, "teachers": 3, "runs": 2}  # of the balance stage


def split(m: ParityView, layout: dict[tuple[int, int], int]) -> tuple[dict, dict]:
    """(line, week) hours as part hours and co-taught shares."""
    p = m.p
    hours: dict[tuple[int, int], int] = {}
    shares: dict[tuple[int, int], int] = {}
    for (li, k), v in layout.items():
        line = p.lines[li]
        if len(p.groups[(line.part, line.group)]) == 1:
            hours[(line.part, k)] = v
        else:
            shares[(li, k)] = v
    mine = m.mine
    for (pi, _group), lis in p.groups.items():  # a co-taught group's part: the sum of its shares
        if pi in mine and len(lis) > 1:
            for k in p.allowed[pi]:
                hours[(pi, k)] = sum(layout.get((li, k), 0) for li in lis)
    return hours, shares


def join(m: ParityView, hours: dict, shares: dict) -> dict[tuple[int, int], int]:
    """Part hours and shares as (line, week) hours, the way the model's ``x`` reads."""
    p = m.p
    out = {}
    for li, k in m.cells:
        line = p.lines[li]
        if len(p.groups[(line.part, line.group)]) == 1:
            out[(li, k)] = hours.get((line.part, k), 0)
        else:
            out[(li, k)] = shares.get((li, k), 0)
    return out


def week_loads(m: ParityView, layout: dict[tuple[int, int], int]):
    """Cohort and teacher loads per week of a (line, week) layout."""
    p = m.p
    hours, _ = split(m, layout)
    cohorts = {
        c: {k: sum(hours.get((pi, k), 0) for pi in m.cohorts[c] if (pi, k) in m.slots) for k in weeks}
        for c, weeks in m.cohort_weeks.items()
    }
    teachers: dict[str, dict[int, int]] = {t: dict.fromkeys(weeks, 0) for t, weeks in m.teacher_weeks.items()}
    for (li, k), v in layout.items():
        t = p.lines[li].teacher
        if t is not None and k in teachers.get(t, {}):
            teachers[t][k] += v
    return hours, cohorts, teachers


def fits(m: ParityView, hours: dict, shares: dict) -> bool:
    p = m.p
    _, cohorts, teachers = week_loads(m, join(m, hours, shares))
    if any(load > p.student_cap[k] for loads in cohorts.values() for k, load in loads.items()):
        return False
    for t, loads in teachers.items():
        cap, bg = p.teacher_cap.get(t), p.background.get(t, {})
        if cap is not None and any(load + bg.get(k, 0) > cap[k] for k, load in loads.items()):
            return False
    return True


def value(m: ParityView, hours: dict, shares: dict) -> int:
    """The balance objective of a layout, exactly as the model counts it."""
    figures = measures(m, join(m, hours, shares), exact=True)
    return (
        WEIGHTS["students"] * figures["spread"]
        + WEIGHTS["teachers"] * figures["teacher peaks"]
        + WEIGHTS["runs"] * figures["module runs"]
    )


def measures(m: ParityView, layout: dict[tuple[int, int], int], exact: bool = False) -> dict[str, int]:
    """The balance figures of a layout, from its loads (not from the bounding variables).

    ``exact``: the spread as the model counts it (whole hours per open day,
    rounded up for the fullest week and down for the emptiest).
    """
    p = m.p
    hours, cohorts, teachers = week_loads(m, layout)
    spread = exact_spread = 0
    for loads in cohorts.values():
        if not loads:
            continue
        per_day = [load * 5 / p.weeks[k].open_days for k, load in loads.items()]
        spread += round(max(per_day) - min(per_day))
        exact_spread += max(-(-5 * load // p.weeks[k].open_days) for k, load in loads.items()) - min(
            5 * load // p.weeks[k].open_days for k, load in loads.items()
        )
    peaks = sum(max(loads.values()) for loads in teachers.values() if loads)
    runs = 0
    for bi, weeks in enumerate(m.block_weeks):
        taught = [any(hours.get((pi, k), 0) for pi in m.blocks[bi].parts) for k in weeks]
        runs += sum(1 for i, t in enumerate(taught) if t and (i == 0 or not taught[i - 1]))
    out = {
        "student spread": spread,
        "teacher peaks": peaks,
        "module runs": runs,
        "modules": len(m.blocks),
    }
    if exact:
        out["spread"] = exact_spread
    return out


def teacher_overflow(m: ParityView, hours: dict, shares: dict) -> dict[tuple[str, str], int]:
    """Hours over each teacher's weekly cap in a layout of part hours and shares."""
    p, out = m.p, {}
    _, _, teachers = week_loads(m, join(m, hours, shares))
    for t, loads in sorted(teachers.items()):
        cap, bg = p.teacher_cap.get(t), p.background.get(t, {})
        extra = sum(max(0, v + bg.get(k, 0) - cap[k]) for k, v in loads.items()) if cap else 0
        if extra:
            out[(t, m.parity)] = extra
    return out
