"""A real outside maquette: the national programme of BUT R&T year 1, planned with the shipped staff.

Read from the shared folder beside the repository (``../shared/real-maquettes/rt-but1/``,
see its SOURCE.md): supervised hours taught as TD, TP hours as TP, projet tutoré as
Projet; 84 students in TD groups of 28 and TP groups of 14; the programme states no
stage. The staff is the shipped one, every teacher qualified for everything. All
groups of a part follow the same weeks, so six TP groups of a 21-hour module given
to one teacher capped at 11 h a week cannot be laid out: the assignment knows it
and plans in one try.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SHIPPED

from planner.data.inputs import load_inputs
from planner.options import SolveOptions
from planner.pipeline import plan

CANDIDATES = (
    ROOT.parent / "shared",
    ROOT.parent.parent / "shared",
)  # beside the repository (or its worktree)
RT = next(
    (p / "real-maquettes" / "rt-but1" for p in CANDIDATES if (p / "real-maquettes" / "rt-but1").is_dir()),
    CANDIDATES[0] / "real-maquettes" / "rt-but1",
)

pytestmark = pytest.mark.skipif(
    not (RT / "modules_rt_but1_S1_S2.csv").is_file(),
    reason=f"the shared real maquettes are not beside the repository ({RT} is absent)",
)


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def rt_inputs(folder: Path, qualifications: list[list] | None = None) -> Path:
    """The R&T year-1 inputs, built from the shared CSV and the shipped staff and calendar."""
    folder.mkdir(parents=True)
    for name in ("activities", "calendar", "statuses", "settings"):
        shutil.copy(SHIPPED / f"{name}.csv", folder / f"{name}.csv")
    with (SHIPPED / "teachers.csv").open(encoding="utf-8") as f:
        teachers = list(csv.DictReader(f))
    for t in teachers:
        t["wishes"] = ""  # their wishes name QLIO's modules
    _write(folder / "teachers.csv", list(teachers[0]), [list(t.values()) for t in teachers])
    with (RT / "modules_rt_but1_S1_S2.csv").open(encoding="utf-8") as f:
        modules = list(csv.DictReader(f))
    rows = []
    for m in modules:
        td, tp, projet = (
            int(m[c] or 0) for c in ("heures_formation_encadree_hors_tp", "heures_tp", "heures_projet_tutore")
        )
        if td + tp + projet:
            kind = (
                "portfolio" if m["titre"] == "Portfolio" else ("SAE" if m["type"] == "SAE" else "ressource")
            )
            semester = int(m["semestre"][1:])
            rows.append(
                [
                    1,
                    semester,
                    "commun",
                    m["code"],
                    m["titre"],
                    kind,
                    "",
                    td or "",
                    tp or "",
                    "",
                    "",
                    projet or "",
                    td + tp + projet,
                ]
            )
    header = [
        "year",
        "semester",
        "parcours",
        "code",
        "name",
        "kind",
        "CM",
        "TD",
        "TP",
        "SR",
        "SDR",
        "Projet",
        "total",
    ]
    _write(folder / "maquette.csv", header, rows)
    with (RT / "semester_totals_rt_but1.csv").open(encoding="utf-8") as f:
        declared = [r for r in csv.DictReader(f) if r["row"] == "SAÉs + Ressources"]
    totals = []
    for r in declared:
        td, tp, projet = (
            int(r[c]) for c in ("heures_encadrees_hors_tp", "heures_tp", "heures_projet_tutore")
        )
        totals.append([1, int(r["semestre"][1:]), "commun", "", td, tp, "", "", projet, td + tp + projet])
    year = [sum(t[k] for t in totals) for k in (4, 5, 8)]
    totals.append([1, "annual", "commun", "", year[0], year[1], "", "", year[2], sum(year)])
    _write(
        folder / "maquette_totals.csv",
        ["year", "semester", "parcours", "CM", "TD", "TP", "SR", "SDR", "Projet", "total"],
        totals,
    )
    _write(
        folder / "cohorts.csv",
        ["year", "parcours", "students", "td_size", "tp_size", "opening"],
        [[1, "commun", 84, 28, 14, 8]],
    )
    every = [[t["id"], "*", "*", 1] for t in teachers]
    _write(
        folder / "qualifications.csv", ["teacher", "pattern", "activities", "weight"], qualifications or every
    )
    return folder


def test_the_national_programme_plans_in_one_try_with_every_hour_covered(tmp_path):
    inputs = load_inputs(rt_inputs(tmp_path / "rt"))
    solved = plan(inputs, [1], SolveOptions.of(inputs))
    assert solved.result.demand.hetd == 4233  # 188 × 3 + 252 × 6 in S1, 211 × 3 + 254 × 6 in S2
    assert solved.weeks.rounds == 1 and solved.fits
    assert solved.result.solution.uncovered_hours == 0
    caps = {t.id: inputs.statuses[t.status].max_weekly_hours for t in inputs.teachers}
    weekly: dict[tuple[str, str], int] = {}
    for placement in solved.weeks.placements:  # every teacher within their weekly cap, every week
        if placement.line.teacher is not None:
            key = (placement.line.teacher, placement.week.iso)
            weekly[key] = weekly.get(key, 0) + placement.hours
    assert all(hours <= caps[t] for (t, _), hours in weekly.items())


def test_a_module_one_teacher_alone_may_teach_leaves_only_what_their_weeks_cannot_hold(tmp_path):
    # R111 (9 h of TD, 21 h of TP in S1) may be taught by cfaure alone (MCF, 11 h a week): her
    # weeks hold five TP groups of it (2 h a week each at most), not six; everything else is free
    with (SHIPPED / "teachers.csv").open(encoding="utf-8") as f:
        ids = [r["id"] for r in csv.DictReader(f)]
    others = ["R10*", "R110", "R112", "R113", "R114", "R115", "SA*", "R2*"]
    qualifications = [[t, pattern, "*", 1] for t in ids if t != "cfaure" for pattern in others]
    qualifications.append(["cfaure", "*", "*", 1])
    inputs = load_inputs(rt_inputs(tmp_path / "rt", qualifications))
    solved = plan(inputs, [1], SolveOptions.of(inputs))
    assert solved.weeks.rounds == 1 and solved.fits
    (short,) = solved.result.solution.shortages
    assert (short.task.part.code, short.task.part.activity, short.hours) == ("R111", "TP", 21)
    assert short.reason.startswith("all 1 qualified teachers are full for the weeks")
    assert "cfaure at most 5 of its 6 groups" in short.reason
    for numbers in re.findall(r"(\d+)/(\d+) h in the", short.reason):  # a room named full is full
        taken, room = map(int, numbers)
        assert taken + short.task.unit_hours > room
