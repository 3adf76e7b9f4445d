"""Scenarios that change some years only: those are solved, the others kept from the reference."""

from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest

from planner.data.calendar import scaled_cap
from planner.data.inputs import load_inputs
from planner.demand import build_demand
from planner.scenarios.compare import compare, run_job, scenario_jobs
from planner.scenarios.reuse import kept_text, touched
from planner.scenarios.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shipped():
    return load_inputs(ROOT / "inputs")


def jobs_of(inputs, *names, years=(1, 2, 3)):
    scenarios = [load_scenario(ROOT / "scenarios" / f"{n}.toml") for n in names]
    return scenario_jobs(inputs, scenarios, list(years))[0]


@pytest.mark.parametrize(
    "name, years",
    [
        ("baseline", []),
        ("td-4", [1]),
        ("tp-20", [2]),
        ("td-3-pooled", [2]),
        ("rhythm-2-2", [2]),
        ("no-pooling", [1, 2, 3]),  # a setting: every year
        ("hire-ater", [1, 2, 3]),  # the staff: every year
        ("hc-cap-48", [1, 2, 3]),
    ],
)
def test_the_years_a_scenario_touches(shipped, name, years):
    job = jobs_of(shipped, "baseline", name)[1]
    assert list(job.touched) == [(y, "QLIO") for y in years]
    assert touched(shipped, job.inputs, [2]) == [(y, "QLIO") for y in years if y == 2]


def test_changes_are_measured_against_the_first_scenario_not_the_inputs(shipped):
    # td-4 as the reference: td-4 again touches nothing, the inputs as they are touch year 1
    jobs = jobs_of(shipped, "td-4", "td-4", "baseline")
    assert jobs[1].touched == () and jobs[2].touched == ((1, "QLIO"),)


def test_the_kept_slices_in_words():
    assert kept_text([(2, "QLIO"), (3, "QLIO")], ("QLIO",)) == "2+3"
    both = ("GEA", "QLIO")
    assert kept_text([(1, "GEA"), (1, "QLIO"), (2, "QLIO"), (3, "GEA"), (3, "QLIO")], both) == "1+3, 2 QLIO"


@pytest.fixture(scope="module")
def solved(shipped):
    jobs = jobs_of(shipped, "baseline", "tp-20", "baseline")
    base = run_job(jobs[0])
    return shipped, jobs, base, run_job(replace(jobs[1], reference=base))


def test_a_one_year_scenario_keeps_the_other_years_of_the_reference(solved):
    _, jobs, base, tp20 = solved
    assert tp20.kept == "1+3"
    for year in (1, 3):
        mine = {k: h for k, h in tp20.part_hours.items() if k[1].startswith(f"{year}|")}
        theirs = {k: h for k, h in base.part_hours.items() if k[1].startswith(f"{year}|")}
        assert mine == theirs and mine
    # year 2 is solved anew: bigger TP groups, fewer of them, all taught
    whole = build_demand(jobs[1].inputs, [1, 2, 3])
    assert tp20.metrics["demand_hetd"] == whole.hetd
    assert tp20.metrics["uncovered_hours"] == 0
    assert tp20.metrics["assigned_hetd"] == whole.hetd
    assert tp20.metrics["tp_groups"] < base.metrics["tp_groups"]
    taught = sum(h for (_, key), h in tp20.part_hours.items())
    assert taught == sum(p.total_hours for p in whole.parts)


def test_the_kept_years_count_in_every_service_and_every_week(solved):
    inputs, _, base, tp20 = solved
    statuses = {t.id: inputs.statuses[t.status] for t in inputs.teachers}
    teachers = {t.id: t for t in inputs.teachers}
    cost = Fraction(0)
    for line in tp20.teachers:
        status = statuses[line.id]
        max_hc = status.max_hc if teachers[line.id].max_hc is None else teachers[line.id].max_hc
        assert line.total <= line.service + max_hc  # the kept years' HETD counted in the cap
        assert line.hc == max(Fraction(0), line.total - line.service)
        cost += line.hc * status.hc_rate
        kept = sum((base.shares[(y, "QLIO")].load.get(line.id, Fraction(0)) for y in (1, 3)), Fraction(0))
        assert line.assigned >= kept
    assert cost == tp20.metrics["cost_eur"]
    weeks = {w.iso: w for w in inputs.calendar.weeks}
    for teacher in teachers.values():
        cap = statuses[teacher.id].max_weekly_hours
        if cap is None:
            continue
        load: dict[str, Fraction] = {}
        for year in (1, 2, 3):
            for iso, hours in tp20.shares[(year, "QLIO")].weeks.get(teacher.id, {}).items():
                load[iso] = load.get(iso, 0) + hours
        for iso, hours in load.items():
            assert hours <= scaled_cap(cap, weeks[iso]), (teacher.id, iso, hours)


def test_a_scenario_that_changes_nothing_is_the_reference_plan(solved):
    _, jobs, base, _ = solved
    same = run_job(replace(jobs[2], reference=base))
    assert same.kept == "1+2+3" and same.seconds == 0
    assert same.metrics == base.metrics and same.part_hours == base.part_hours
    assert same.metrics is not base.metrics  # the comparison writes into its own


def test_compare_says_which_years_were_kept(shipped):
    comparison = compare(jobs_of(shipped, "baseline", "td-3-pooled", years=(2, 3)), jobs=1)
    kept = [o.kept for o in comparison.outcomes]
    assert kept == ["", "3"]
    changed = comparison.changes[1]
    assert changed and all(c.module[0] == 2 for c in changed)  # year 3 as it was


def test_an_iut_scenario_on_one_year_keeps_each_department_s_other_years(tmp_path):
    from textwrap import dedent

    from iut_fixtures import write_iut_weeks

    inputs = load_inputs(write_iut_weeks(tmp_path / "iut"))
    path = tmp_path / "gea-2.toml"
    path.write_text(
        dedent(
            """
            name = "gea-2"
            [[cohorts]]
            department = "GEA"
            year = 2
            parcours = "*"
            students = 40
            """
        ),
        encoding="utf-8",
    )
    base_path = tmp_path / "base.toml"
    base_path.write_text('name = "base"\n', encoding="utf-8")
    jobs, _, _ = scenario_jobs(inputs, [load_scenario(base_path), load_scenario(path)], [1, 2])
    assert jobs[1].touched == ((2, "GEA"),)
    comparison = compare(jobs, jobs=1)
    base, gea = comparison.outcomes
    assert gea.kept == "1, 2 QLIO"
    rows = {f.department: f for f in gea.departments}
    before = {f.department: f for f in base.departments}
    whole = build_demand(jobs[1].inputs, [1, 2])
    assert rows["IUT"].demand_hetd == whole.hetd == gea.metrics["demand_hetd"]
    assert rows["IUT"].cost_eur == gea.metrics["cost_eur"]
    assert rows["GEA"].demand_hetd > before["GEA"].demand_hetd  # more students in year 2
    assert rows["QLIO"].demand_hetd == before["QLIO"].demand_hetd
    # QLIO as it was; alice, who teaches English in both, within her weekly cap in every week
    qlio = {k: h for k, h in gea.part_hours.items() if "QLIO/" in k[1]}
    assert qlio and qlio == {k: h for k, h in base.part_hours.items() if "QLIO/" in k[1]}
    cap = jobs[1].inputs.statuses["MCF"].max_weekly_hours
    week = {w.iso: w for w in jobs[1].inputs.calendar.weeks}
    load: dict[str, Fraction] = {}
    for share in gea.shares.values():
        for iso, hours in share.weeks.get("alice", {}).items():
            load[iso] = load.get(iso, 0) + hours
    assert load and all(hours <= scaled_cap(cap, week[iso]) for iso, hours in load.items())
    assert {k for k in gea.shares} == {(1, "GEA"), (1, "QLIO"), (2, "GEA"), (2, "QLIO")}


def test_the_likely_longest_solves_are_sent_first(shipped):
    from planner.scenarios.compare import heaviest_first

    names = ("baseline", "td-4", "hc-cap-48", "rhythm-2-2", "no-pooling", "hire-ater")
    jobs = jobs_of(shipped, *names)
    order = [jobs[i].name for i in heaviest_first(jobs)]
    # every year before one year; among those, the demand that differs most (pooling split) first
    assert order == ["no-pooling", "hc-cap-48", "hire-ater", "td-4", "rhythm-2-2"]
