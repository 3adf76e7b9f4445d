"""Scenarios of an IUT: changes aimed at one department or at the shared staff; compare per department."""

from __future__ import annotations

from fractions import Fraction
from textwrap import dedent

import pytest
from iut_fixtures import week, write_iut, write_iut_weeks
from weekchecker import rows

from planner.data.calendar import away_weeks
from planner.data.inputs import load_inputs
from planner.demand import build_demand
from planner.errors import PlannerError
from planner.scenarios.apply import apply_scenario
from planner.scenarios.scenario import load_scenario


def scenario(tmp_path, text: str, name: str = "what-if"):
    path = tmp_path / f"{name}.toml"
    path.write_text(dedent(text).lstrip(), encoding="utf-8")
    return load_scenario(path)


@pytest.fixture
def iut(tmp_path):
    return load_inputs(write_iut(tmp_path / "iut"))


def by_department(demand):
    out = {}
    for p in demand.parts:
        out[p.department] = out.get(p.department, Fraction(0)) + p.hetd
    return out


def test_cohorts_of_one_department(iut, tmp_path):
    s = scenario(
        tmp_path,
        """
        [[cohorts]]
        department = "GEA"
        year = 2
        parcours = "*"
        add_students = 30
        """,
    )
    new = apply_scenario(iut, s)
    assert new.cohorts[(2, "GEA/GC")].students == iut.cohorts[(2, "GEA/GC")].students + 30
    assert new.cohorts[(2, "GEA/GP")].students == iut.cohorts[(2, "GEA/GP")].students + 30
    assert all(new.cohorts[k] == c for k, c in iut.cohorts.items() if k[1].startswith("QLIO/"))
    before, after = by_department(build_demand(iut, [2])), by_department(build_demand(new, [2]))
    assert after["QLIO"] == before["QLIO"] and after["GEA"] > before["GEA"]


def test_a_parcours_of_one_department_is_found_alone_or_named(iut, tmp_path):
    one = scenario(tmp_path, '[[cohorts]]\nyear = 2\nparcours = "OSC"\nstudents = 40\n')
    assert apply_scenario(iut, one).cohorts[(2, "QLIO/OSC")].students == 40
    both = scenario(tmp_path, '[[groups]]\nyear = 1\nparcours = "commun"\ngrouping = "td"\ngroups = 4\n')
    with pytest.raises(PlannerError, match="several departments") as err:
        apply_scenario(iut, both)
    assert "groups[1].parcours" in str(err.value)
    named = scenario(
        tmp_path,
        '[[groups]]\ndepartment = "QLIO"\nyear = 1\nparcours = "commun"\ngrouping = "td"\ngroups = 4\n',
    )
    parts = build_demand(apply_scenario(iut, named), [1]).parts
    td = {p.department: p.groups for p in parts if p.activity == "TD"}
    assert td == {"GEA": 2, "QLIO": 4}
    pooled = scenario(
        tmp_path,
        '[[groups]]\ndepartment = "GEA"\nyear = 2\nparcours = "pooled"\ngrouping = "td"\ngroups = 5\n',
    )
    english = [p for p in build_demand(apply_scenario(iut, pooled), [2]).parts if p.code.endswith("R3.01")]
    assert {p.department: p.groups for p in english} == {"GEA": 5, "QLIO": 2}


def test_unknown_department_is_named(iut, tmp_path):
    s = scenario(tmp_path, '[[cohorts]]\ndepartment = "TC"\nyear = 2\nparcours = "*"\nstudents = 10\n')
    with pytest.raises(PlannerError, match="unknown department 'TC'") as err:
        apply_scenario(iut, s)
    assert "cohorts[1].department" in str(err.value)


def test_rhythm_of_one_department(tmp_path):
    inputs = load_inputs(write_iut_weeks(tmp_path / "iut"))
    s = scenario(
        tmp_path,
        f"""
        [[rhythm]]
        department = "QLIO"
        year = 2
        from_week = "{week(0)}"
        to_week = "{week(27)}"
        pattern = "IIE"
        """,
    )
    new = apply_scenario(inputs, s)
    assert away_weeks(new.periods, 2, "QLIO/OSC", "alternance") == {week(k) for k in range(2, 28, 3)}
    assert away_weeks(new.periods, 2, "GEA/GC", "alternance") == away_weeks(
        inputs.periods, 2, "GEA/GC", "alternance"
    )


def test_new_teacher_of_an_iut_has_a_home_department(iut, tmp_path):
    missing = scenario(
        tmp_path, '[[teachers.add]]\nid = "zoe"\nname = "Zoé Z"\nstatus = "MCF"\nqualifications = ["R3.01"]\n'
    )
    with pytest.raises(PlannerError, match="home department"):
        apply_scenario(iut, missing)
    s = scenario(
        tmp_path,
        """
        [[teachers.add]]
        id = "zoe"
        name = "Zoé Z"
        status = "MCF"
        department = "QLIO"
        qualifications = ["R3.01:TD:2", "GEA/R3.01:TD:1"]
        """,
    )
    new = apply_scenario(iut, s)
    assert new.teacher("zoe").department == "QLIO"
    assert {q.pattern for q in new.qualifications if q.teacher == "zoe"} == {"QLIO/R3.01", "GEA/R3.01"}


def test_compare_reports_each_department_and_the_iut(cli, tmp_path):
    inputs = write_iut(tmp_path / "iut")
    base = tmp_path / "baseline.toml"
    base.write_text('name = "baseline"\n', encoding="utf-8")
    more = tmp_path / "gea-more.toml"
    more.write_text(
        '[[cohorts]]\ndepartment = "GEA"\nyear = 2\nparcours = "*"\nadd_students = 30\n', encoding="utf-8"
    )
    out = tmp_path / "cmp"
    run = cli("compare", "--year", "2", base, more, "--inputs", inputs, "--out", out, "--jobs", "1")
    assert run.code == 0, run.err
    assert "Per department" in run.out
    table = {(r["scenario"], r["department"]): r for r in rows(out / "compare_departments.csv")}
    assert set(table) == {(s, d) for s in ("baseline", "gea-more") for d in ("GEA", "QLIO", "IUT")}
    delta = {d: Fraction(table[("gea-more", d)]["demand_hetd_delta"]) for d in ("GEA", "QLIO", "IUT")}
    assert delta["GEA"] > 0 and delta["QLIO"] == 0 and delta["IUT"] == delta["GEA"]
    assert table[("baseline", "GEA")]["demand_hetd_delta"] == ""
