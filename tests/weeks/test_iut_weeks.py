"""Weeks across departments: each department's rhythm, a shared teacher's room, one department's stage.

Layouts are checked by tests/weekchecker.py, which reads only the written CSV files.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from iut_fixtures import week, write_iut_weeks
from weekchecker import check_weeks, rows

CAP = 11  # alice's and bob's weekly cap (MCF)


@pytest.fixture
def iut(tmp_path):
    return write_iut_weeks(tmp_path / "iut")


def solve(cli, inputs, out, year: str, *more: str):
    run = cli("solve", "--year", year, "--inputs", inputs, "--out", out, "--quiet", *more)
    assert run.code == 0, run.out + run.err
    return run


def demand(cli, inputs, year: str) -> str:
    run = cli("demand", "--year", year, "--format", "csv", "--inputs", inputs)
    assert run.code == 0, run.err
    return run.out


def test_teacher_of_two_rhythms_gets_no_more_than_each_departments_weeks_hold(cli, iut, tmp_path):
    out = tmp_path / "r" / "year2"
    solve(cli, iut, out, "2")
    assert check_weeks(out, iut, demand(cli, iut, "2")) == []
    hours = defaultdict(int)
    for r in rows(out / "assignments.csv"):
        hours[(r["teacher"], r["department"], r["semester"])] += int(r["hours"])
    # S3 has 12 weeks; GEA's year 2 is at the IUT in 6 of them, QLIO's in the 6 others:
    # 6 × 11 h each, 12 × 11 h for both. English is 2 groups × 36 h in GEA, 1 × 36 h in QLIO.
    assert hours[("alice", "GEA", "3")] <= 6 * CAP and hours[("alice", "QLIO", "3")] <= 6 * CAP
    assert hours[("alice", "GEA", "3")] + hours[("alice", "QLIO", "3")] <= 12 * CAP
    assert hours[("alice", "GEA", "3")] == 36 and hours[("alice", "QLIO", "3")] == 36
    (short,) = rows(out / "uncovered.csv")
    assert (short["department"], short["code"], short["hours"]) == ("GEA", "R3.01", "36")
    # both of GEA's groups share its 6 weeks: 12 h a week, over her 11 (and 72 h over her 66 h there)
    assert "alice at most 1 of its 2 groups: they share its 6 weeks, 11 h a week at most" in short["reason"]
    # her weeks follow each department's rhythm
    taught = defaultdict(set)
    for r in rows(out / "weeks.csv"):
        taught[r["department"]].add(r["iso_week"])
    assert taught["GEA"] <= {week(k) for k in range(0, 12, 2)}
    assert taught["QLIO"] <= {week(k) for k in range(1, 12, 2)}


def test_stage_of_one_department_leaves_its_weeks_empty_while_another_teaches(cli, iut, tmp_path):
    out = tmp_path / "r" / "year1"
    solve(cli, iut, out, "1")
    assert check_weeks(out, iut, demand(cli, iut, "1")) == []
    stage = {week(k) for k in range(16, 26)}  # GEA: the last 10 of the 14 weeks of S2 (12..25)
    placed = rows(out / "weeks.csv")
    gea = {r["iso_week"] for r in placed if r["department"] == "GEA"}
    qlio = {r["iso_week"] for r in placed if r["department"] == "QLIO" and r["semester"] == "2"}
    assert gea and not gea & stage
    # QLIO's 40 h of R2.03 need 5 weeks at 8 h at most: some fall in GEA's stage weeks
    assert qlio & stage
    assert sum(int(r["hours"]) for r in placed if r["department"] == "QLIO" and r["semester"] == "2") == 40
    for department in ("GEA", "QLIO"):  # each department's own folder has its weeks
        mine = rows(out / "departments" / department / "weeks.csv")
        assert {r["iso_week"] for r in mine} == {
            r["iso_week"] for r in placed if r["department"] == department
        }


def test_all_years_of_both_departments(cli, iut, tmp_path):
    out = tmp_path / "r" / "yearall"
    solve(cli, iut, out, "all")
    assert check_weeks(out, iut, demand(cli, iut, "all")) == []
    report = (out / "weeks_report.txt").read_text(encoding="utf-8")
    assert report.startswith("week layout: optimal") or report.startswith("week layout: feasible")


def test_one_department_planned_again_keeps_the_others_weeks(cli, iut, tmp_path):
    out = tmp_path / "r" / "year2"
    solve(cli, iut, out, "2")
    before = rows(out / "weeks.csv")
    gea_assignments = [r for r in rows(out / "assignments.csv") if r["department"] == "GEA"]
    run = solve(cli, iut, out, "2", "--department", "QLIO")
    assert "departments GEA" in run.out  # the kept plan is named
    after = rows(out / "weeks.csv")
    assert [r for r in after if r["department"] == "GEA"] == [r for r in before if r["department"] == "GEA"]
    assert [r for r in rows(out / "assignments.csv") if r["department"] == "GEA"] == gea_assignments
    assert any(r["department"] == "QLIO" for r in after)
    assert check_weeks(out, iut, demand(cli, iut, "2")) == []  # alice's cap over both departments
    services = {r["teacher"]: r for r in rows(out / "services.csv")}
    given = sum(float(r["hetd"]) for r in rows(out / "assignments.csv") if r["teacher"] == "alice")
    assert abs(float(services["alice"]["assigned_hetd"]) - given) < 0.01
    assert float(services["alice"]["other_hetd"]) == 0  # GEA's hours are in this plan, not outside it


def test_too_many_groups_of_one_part_for_a_weekly_cap_go_to_another_teacher_at_the_first_try(cli, tmp_path):
    # all 6 TP groups of R1.01 (2 h each) follow the same weeks: whoever teaches them all
    # teaches 6 h in each of those weeks, over alice's cap of 5 h, whatever her yearly room;
    # the assignment knows it: alice gets the five groups her 5 h a week hold
    from iut_fixtures import crowded_inputs

    inputs = crowded_inputs(tmp_path / "d")
    out = tmp_path / "out"
    run = cli("solve", "--year", "1", "--inputs", inputs, "--out", out)
    assert run.code == 0, run.out + run.err
    assert "tried" not in run.out  # one try
    given = {r["teacher"]: int(r["hours"]) for r in rows(out / "assignments.csv")}
    assert given == {"alice": 10, "bob": 2}  # 5 h a week for alice in every week the module runs
    assert check_weeks(out, inputs, demand(cli, inputs, "1")) == []


def test_a_department_laid_out_first_leaves_a_shared_teacher_the_weeks_a_later_one_can_use(cli, tmp_path):
    # GEA's year 2 is at the IUT every week of S3 and laid out first, QLIO's every other week:
    # alice's 72 h of GEA spread evenly (6 h a week) would leave her 5 h in QLIO's weeks, where
    # its 36 h need 6 a week. GEA's layout sees the hours QLIO's weeks need of her, and all fits.
    inputs = write_iut_weeks(tmp_path / "iut", gea_alternance=False)
    out = tmp_path / "r" / "year2"
    run = solve(cli, inputs, out, "2")
    assert "tried" not in run.out  # one try
    assert rows(out / "uncovered.csv") == []
    assert check_weeks(out, inputs, demand(cli, inputs, "2")) == []
    given = defaultdict(int)
    for r in rows(out / "assignments.csv"):
        given[(r["teacher"], r["department"])] += int(r["hours"])
    assert given == {("alice", "GEA"): 72, ("alice", "QLIO"): 36}
    per_week: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows(out / "weeks.csv"):
        per_week[r["iso_week"]][r["department"]] += int(r["hours"])
    qlio_weeks = {w for w, d in per_week.items() if d["QLIO"]}
    assert qlio_weeks <= {week(k) for k in range(1, 12, 2)}
    assert all(sum(d.values()) <= CAP for d in per_week.values())
