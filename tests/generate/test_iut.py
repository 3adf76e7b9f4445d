"""`planner generate`: K departments as input files that validate, differ, and share some teachers."""

from __future__ import annotations

import csv
from collections import defaultdict
from fractions import Fraction

import pytest
from conftest import SHIPPED

from planner.data.inputs import load_inputs
from planner.generate.iut import generate_iut


def table(files: dict[str, str], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(files[name].splitlines()))


@pytest.fixture(scope="module")
def ten():
    return generate_iut(SHIPPED, 10, seed=1)


def test_generate_writes_files_that_validate(cli, tmp_path):
    out = tmp_path / "iut"
    run = cli("generate", "--departments", "3", "--seed", "1", "--out", out, "--template", SHIPPED)
    assert run.code == 0, run.err
    assert "3 departments" in run.out
    assert cli("validate", "--inputs", out).code == 0
    inputs = load_inputs(out)
    assert inputs.scoped and len(inputs.departments) == 3
    for department in inputs.departments:
        folder = out / "departments" / department
        assert {p.name for p in folder.iterdir()} >= {"maquette.csv", "maquette_totals.csv", "cohorts.csv"}
    again = tmp_path / "again"
    cli("generate", "--departments", "3", "--seed", "1", "--out", again, "--template", SHIPPED)
    same = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert same == {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    # generating again over a folder it wrote replaces it; any other folder is left alone
    assert cli("generate", "--departments", "2", "--seed", "3", "--out", out, "--template", SHIPPED).code == 0
    assert len(load_inputs(out).departments) == 2
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep", encoding="utf-8")
    refused = cli("generate", "--departments", "2", "--out", tmp_path / "mine", "--template", SHIPPED)
    assert refused.code == 2 and (tmp_path / "mine" / "notes.txt").exists()


def test_departments_differ_and_keep_the_national_codes(ten):
    maquettes = {}
    for name, text in ten.items():
        if name.endswith("/maquette.csv"):
            rows = list(csv.DictReader(text.splitlines()))
            maquettes[name.split("/")[1]] = {
                (r["year"], r["semester"], r["code"], r["TD"], r["TP"]) for r in rows
            }
    assert len(maquettes) == 10
    assert len({frozenset(m) for m in maquettes.values()}) == 10  # no two maquettes alike
    with_english = [d for d, m in maquettes.items() if any(code == "R3.01" for _, _, code, _, _ in m)]
    assert len(with_english) >= 8  # national codes keep their name (a module may be dropped)


def test_cohorts_rhythms_and_staff_mixes_vary(ten):
    sizes = defaultdict(int)
    for name, text in ten.items():
        if name.endswith("/cohorts.csv"):
            for r in csv.DictReader(text.splitlines()):
                sizes[(name.split("/")[1], r["year"])] += int(r["students"])
    assert all(40 <= n <= 200 for (d, y), n in sizes.items() if y == "1")
    assert all(20 <= n <= 200 for n in sizes.values())
    summary = ten["generated.txt"]
    assert len({m for m in ("alternance 2/1", "alternance 3/1", "full time") if m in summary}) >= 2
    assert len({m for m in ("balanced", "vacataire-heavy", "ATER-heavy", "short of") if m in summary}) >= 3


def test_about_one_teacher_in_seven_serves_two_or_three_departments(ten):
    teachers = table(ten, "teachers.csv")
    assert 250 <= len(teachers) <= 400
    home = {t["id"]: t["department"] for t in teachers}
    where = defaultdict(set)
    for q in table(ten, "qualifications.csv"):
        department = q["pattern"].split("/")[0] if "/" in q["pattern"] else home[q["teacher"]]
        where[q["teacher"]].add(department)
    shared = {t: ds for t, ds in where.items() if len(ds) > 1}
    assert 0.10 <= len(shared) / len(teachers) <= 0.20
    assert {len(ds) for ds in shared.values()} == {2, 3}
    order = sorted(home.values())
    names = sorted(set(order))
    pairs = {tuple(sorted(ds)) for ds in shared.values() if len(ds) == 2}
    ring = {tuple(sorted((a, b))) for a, b in zip(names, names[1:] + names[:1])}
    assert not pairs <= ring  # chosen at random, not each department with the next


def test_a_department_without_a_year1_stage_has_no_stage_row(ten):
    for name, text in ten.items():
        if not name.endswith("/periods.csv"):
            continue
        folder = name.rsplit("/", 1)[0]
        year1_stage = any(
            r["year"] == "1" and r["kind"] == "stage" for r in csv.DictReader(text.splitlines())
        )
        stages = [
            r for r in table(ten, f"{folder}/maquette.csv") if r["kind"] == "stage" and r["year"] == "1"
        ]
        assert bool(stages) == year1_stage, folder
    summary = ten["generated.txt"]
    assert "year-1 stage" in summary and summary.count("year-1 stage") < 10  # both kinds are met


def test_departments_teach_in_sessions_of_1_1_5_or_2_hours(ten):
    lengths = {}
    for r in table(ten, "settings.csv"):
        if r["key"].endswith("/session_hours"):
            lengths[r["key"].split("/")[0]] = Fraction(r["value"])
    folders = {name.split("/")[1] for name in ten if name.startswith("departments/")}
    every = {d: lengths.get(d, Fraction(1)) for d in folders}
    assert set(every.values()) == {1, Fraction(3, 2), 2}  # ten departments: every length, in turn
    for department, length in every.items():
        for r in table(ten, f"departments/{department}/maquette.csv"):
            for activity in ("CM", "TD", "TP", "SR", "SDR"):
                assert not r[activity] or Fraction(r[activity]) % length == 0, (
                    department,
                    r["code"],
                    activity,
                )
        step = table(ten, f"departments/{department}/cotaught.csv")[0]["step"]
        assert Fraction(step) % length == 0
