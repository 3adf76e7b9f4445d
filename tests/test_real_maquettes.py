"""Real maquettes from outside the project: an MMI department in 1 h 30 sessions, QLIO's programme national.

The files are read in ``../shared/real-maquettes/`` (``tests/real_maquettes.py``),
never copied here; without that folder these tests are skipped, saying so.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from fractions import Fraction

import pytest
from iut_fixtures import small_template
from real_maquettes import MMI, mmi_code, mmi_year1, need, qlio_with_pn, read_csv
from weekchecker import check_weeks, rows

from planner.data.inputs import load_inputs
from planner.reports.fiche import build_fiches
from planner.store.read import read_plan
from planner.validate import validate


@pytest.fixture(scope="module")
def mmi(tmp_path_factory):
    return mmi_year1(tmp_path_factory.mktemp("mmi") / "inputs")


def test_mmi_year1_validates(cli, mmi):
    run = cli("validate", "--inputs", mmi)
    assert run.code == 0, run.err
    assert "51 maquette rows, 3 declared totals equal" in run.out
    assert "not a whole number of 1.5 h sessions" not in run.out  # 1 h 30 sessions throughout


def test_mmi_demand_is_the_hours_to_fund_of_its_own_sheets(cli, mmi):
    run = cli("demand", "--year", "1", "--format", "csv", "--inputs", mmi)
    assert run.code == 0, run.err
    ours: dict[tuple[str, str], Fraction] = defaultdict(Fraction)
    for r in csv.DictReader(io.StringIO(run.out)):
        ours[(r["code"], r["activity"])] += Fraction(r["hours"])
    compared, otherwise = 0, set()
    for r in read_csv(MMI / "semester_sheets_module_summary.csv"):
        if r["sheet"] not in ("S1", "S2"):
            continue
        code, _, _ = mmi_code(r["intitule"], int(r["semestre"][1]))
        for activity, hours, groups in (
            ("CM", "cm", None),
            ("TD", "td", "nb_groupes_td"),
            ("TP", "tp", "nb_groupes_tp"),
        ):
            per_student, funded = r[f"{hours}_per_student"], r[f"{hours}_a_financer"]
            if per_student == "" or funded == "":
                continue  # a line of the sheet without figures
            count = Fraction(r[groups]) if groups else 1
            if Fraction(per_student) * count != Fraction(funded):
                otherwise.add(
                    code
                )  # the sheet's own row is not hours × groups (a Hackathon funded otherwise)
                continue
            assert ours[(code, activity)] == Fraction(funded), (code, activity, per_student, funded)
            compared += 1
    # 139 of the 153 entries of S1 and S2: the others are blank, or funded otherwise by the sheet itself
    assert compared == 139
    assert otherwise == {
        "SAE 2.01",
        "SAE 2.02",
        "SAE 2.03",
        "SAE 2.04",
        "SAE 2.98",
        "SAE 2.99",
        "Portfolio 2",
    }


def test_mmi_year1_is_laid_out_in_whole_sessions_of_1_5_h(cli, mmi, tmp_path):
    out = tmp_path / "reports" / "year1"
    run = cli("solve", "--year", "1", "--inputs", mmi, "--out", out, "--quiet")
    assert run.code == 0, run.out + run.err
    placed = rows(out / "weeks.csv")
    assert placed and all(Fraction(r["hours"]) % Fraction(3, 2) == 0 for r in placed)
    demand = cli("demand", "--year", "1", "--format", "csv", "--inputs", mmi).out
    assert check_weeks(out, mmi, demand) == []
    plan, inputs = read_plan(out), load_inputs(mmi)
    services = {s.teacher: s for s in plan.services}
    for fiche in build_fiches(plan, inputs):
        assert sum(line.hetd for line in fiche.lines) == fiche.hetd == services[fiche.teacher].assigned_hetd
        assert sum(line.hours for line in fiche.lines) == fiche.hours
        for line in fiche.lines:
            assert line.hours == line.groups * line.hours_per_group
        reh = sum((h for _, h in fiche.reh), Fraction(0))
        assert fiche.total == fiche.hetd + reh + fiche.other_hetd
    amartin = next(f for f in build_fiches(plan, inputs) if f.teacher == "amartin")
    assert dict(amartin.reh) == {"Direction des études": 24, "Jurys de semestre": 4}


def test_qlio_against_its_programme_national(cli, tmp_path):
    inputs = qlio_with_pn(tmp_path / "qlio")
    report = validate(load_inputs(inputs))
    pn = read_csv(need(MMI.parent / "qlio-pn") / "pn_ressources.csv")
    national = {(r["code"], r["semester"]): Fraction(r["pn_hours"]) for r in pn}
    below = {b.code for b in report.below if b.below_volume}
    assert len(below) == 13 and "R5.10" in below
    r510 = next(b for b in report.below if b.code == "R5.10")
    assert (r510.local, r510.national) == (
        18,
        23,
    ) and "18 h, below the programme national's 23 h" in r510.message()
    english = {b.code for b in report.below if b.below_tp and re.fullmatch(r"R\d\.01", b.code)}
    assert english == {"R1.01", "R2.01", "R3.01", "R4.01", "R5.01", "R6.01"}
    local = {m.code: m for m in load_inputs(inputs).modules}
    supervised = {
        code: sum(m.hours.get(a, 0) for a in ("CM", "TD", "TP", "SR", "SDR")) for code, m in local.items()
    }
    equal = {code for (code, _), hours in national.items() if supervised[code] == hours}
    assert len(equal) == 6 and not equal & below  # nothing said of their volume
    run = cli("validate", "--inputs", inputs)
    assert run.code == 0, run.err
    for semester in range(1, 7):  # each semester's local adaptation
        assert re.search(rf"year \d \w+ S{semester} +│ +\d+ │ +\d+ │ +\d+ │ +\d+%", run.out), semester
    for code in equal:
        assert not re.search(rf"{re.escape(code)} \(S\d[^)]*\): \d+ h, below", run.out)


def test_a_generated_iut_mixing_session_lengths(cli, tmp_path):
    # the shipped department's modules numbered 01 to 03 as template: the IUT solves in a test's time
    template = small_template(tmp_path / "template")
    out = tmp_path / "iut"
    assert (
        cli("generate", "--departments", "3", "--seed", "1", "--out", out, "--template", template).code == 0
    )
    inputs = load_inputs(out)
    lengths = {d: inputs.session_hours(d) for d in inputs.departments}
    assert sorted(lengths.values()) == [1, Fraction(3, 2), 2]
    assert cli("validate", "--inputs", out).code == 0
    plan = tmp_path / "reports" / "yearall"
    limits = ("--time-limit", "5", "--weeks-time-limit", "4")
    run = cli("solve", "--year", "all", "--inputs", out, "--out", plan, "--quiet", *limits)
    assert run.code == 0 and "interrupted" not in run.out, run.out + run.err
    placed = rows(plan / "weeks.csv")
    assert {r["department"] for r in placed} == set(inputs.departments)  # every department's weeks
    demand = cli("demand", "--year", "all", "--format", "csv", "--inputs", out).out
    assert check_weeks(plan, out, demand) == []
    for department, length in lengths.items():  # its maquette in whole sessions: every week holds them
        assert all(Fraction(r["hours"]) % length == 0 for r in placed if r["department"] == department)
