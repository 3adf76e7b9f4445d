"""Scenario files: strict reading, pure application, clear errors."""

import copy
from fractions import Fraction
from textwrap import dedent

import pytest
from conftest import TINY, write_tables

from planner.assign.solve import solve
from planner.data.calendar import away_weeks
from planner.data.inputs import load_inputs
from planner.demand import build_demand
from planner.options import SolveOptions
from planner.scenarios.apply import apply_scenario, scenario_notes
from planner.scenarios.scenario import load_scenario


def scenario(tmp_path, text: str, name: str = "what-if"):
    path = tmp_path / f"{name}.toml"
    path.write_text(dedent(text).lstrip(), encoding="utf-8")
    return path


def test_one_more_td_group_adds_the_td_hours_times_the_factor(tiny, tmp_path):
    base = load_inputs(tiny)
    s = load_scenario(
        scenario(
            tmp_path,
            """
        [[groups]]
        year = 1
        parcours = "commun"
        grouping = "td"
        groups = 4
    """,
            "td-4",
        )
    )
    new = apply_scenario(base, s)
    before, after = build_demand(base, [1]), build_demand(new, [1])
    td_hours = sum(m.hours.get("TD", 0) for m in base.modules if m.year == 1)
    assert td_hours == 16 + 12 + 12  # R1.01, R1.03, SAE 2.01 (tiny maquette)
    assert after.hetd - before.hetd == td_hours * base.activities["TD"].hetd
    assert {p.groups for p in after.parts if p.activity == "TD"} == {4}
    assert {p.groups for p in before.parts if p.activity == "TD"} == {3}  # 84 students / 28
    assert s.name == "td-4"  # from the file name when the file has no name


def test_apply_leaves_the_base_inputs_alone(tiny, tmp_path):
    base = load_inputs(tiny)
    kept = copy.deepcopy(base)
    files = {p.name: p.read_bytes() for p in tiny.iterdir()}
    s = load_scenario(
        scenario(
            tmp_path,
            """
        name = "many"
        [settings]
        pooling = false
        time_limit = 3
        [[cohorts]]
        year = 1
        parcours = "*"
        add_students = 10
        tp_size = 16
        [[teachers.remove]]
        id = "alice"
        [[teachers.add]]
        id = "carol"
        name = "Carol C"
        status = "vacataire"
        qualifications = ["R1.01:TD TP:2"]
        [[statuses.change]]
        status = "MCF"
        max_hc = 10
        hc_rate = 43.5
    """,
        )
    )
    new = apply_scenario(base, s)
    assert base == kept
    assert new.settings.pooling is False and new.settings.time_limit == 3
    assert new.cohorts[(1, "commun")].students == 94 and new.cohorts[(1, "commun")].tp_size == 16
    assert [t.id for t in new.teachers] == ["bob", "carol"]
    assert {q.teacher for q in new.qualifications} == {"bob", "carol"}
    assert new.statuses["MCF"].max_hc == 10 and new.statuses["MCF"].hc_rate == Fraction("43.5")
    assert {p.name: p.read_bytes() for p in tiny.iterdir()} == files


def test_a_removed_teachers_locks_are_dropped_with_a_note(tmp_path):
    tables = dict(TINY, locks="teacher,code,activity,parcours,groups\nbob,R1.03,TD,*,2\n")
    base = load_inputs(write_tables(tmp_path / "d", **tables))
    s = load_scenario(
        scenario(
            tmp_path,
            """
        [[teachers.remove]]
        id = "bob"
        reason = "congé"
    """,
            "leave",
        )
    )
    new = apply_scenario(base, s)
    assert new.locks == [] and len(base.locks) == 1
    notes = scenario_notes(base, s)
    assert len(notes) == 1 and "lock of bob on R1.03 TD" in notes[0] and "locks.csv, row 2" in notes[0]


def test_a_new_teacher_with_qualifications_takes_the_work(tiny, tmp_path):
    s = load_scenario(
        scenario(
            tmp_path,
            """
        [[teachers.remove]]
        id = "bob"
        [[teachers.add]]
        id = "carol"
        name = "Carol C"
        status = "MCF"
        qualifications = ["R1.03", {pattern = "SAE *", activities = "TD", weight = 1}]
    """,
        )
    )
    applied = apply_scenario(load_inputs(tiny), s)
    sol = solve(applied, [1], SolveOptions.of(applied, time_limit=2)).solution
    assert sol.uncovered_hours == 0
    carol = {a.task.part.code for a in sol.assignments if a.teacher == "carol"}
    assert "R1.03" in carol
    assert all(a.teacher != "bob" for a in sol.assignments)


def test_a_reduction_change_lowers_the_service(tiny, tmp_path):
    from planner.assign.problem import capacities

    s = load_scenario(
        scenario(
            tmp_path,
            """
        [[teachers.change]]
        id = "alice"
        reductions = 32
        max_hetd = 100
    """,
        )
    )
    caps = {c.id: c for c in capacities(apply_scenario(load_inputs(tiny), s))}
    assert caps["alice"].service == 160 and caps["alice"].limit == 100
    assert caps["bob"].service == 192


def test_a_rhythm_replaces_the_alternance_rows_of_its_year(tmp_path):
    weeks = "\n".join(f"2025-W{w},,odd,no,5," for w in range(36, 44))
    tables = dict(
        TINY,
        calendar="iso_week,monday,semester,closed,open_days,label\n" + weeks + "\n",
        periods="year,parcours,kind,from_week,to_week,length,pattern,iut_weeks\n"
        "1,*,alternance,2025-W36,2025-W43,,1/1,\n",
    )
    base = load_inputs(write_tables(tmp_path / "d", **tables))
    s = load_scenario(
        scenario(
            tmp_path,
            """
        [[rhythm]]
        year = 1
        from_week = "2025-W36"
        to_week = "2025-W43"
        pattern = "2/2"
    """,
        )
    )
    new = apply_scenario(base, s)
    assert away_weeks(base.periods, 1, "commun", "alternance") == {
        "2025-W37",
        "2025-W39",
        "2025-W41",
        "2025-W43",
    }
    assert away_weeks(new.periods, 1, "commun", "alternance") == {
        "2025-W38",
        "2025-W39",
        "2025-W42",
        "2025-W43",
    }


BAD = [
    ("syntax", 'name = "x\n', ["not valid TOML", "line 1"]),
    ("unknown-top", 'nmae = "x"\n', ["unknown key 'nmae'"]),
    ("unknown-nested", "[[groups]]\nyaer = 1\n", ["unknown key 'groups[1].yaer'"]),
    ("unknown-setting", "[settings]\npoolng = false\n", ["unknown key 'settings.poolng'"]),
    ("bad-setting", '[settings]\npooling = "maybe"\n', ["settings.pooling", "not yes or no"]),
    (
        "unknown-teacher",
        '[[teachers.change]]\nid = "alcie"\nreductions = 0\n',
        ["teachers.change[1].id", "unknown teacher 'alcie'", "alice"],
    ),
    (
        "remove-unknown",
        '[[teachers.remove]]\nid = "zed"\n',
        ["teachers.remove[1].id", "unknown teacher 'zed'"],
    ),
    (
        "unknown-parcours",
        '[[cohorts]]\nyear = 1\nparcours = "OSC"\nstudents = 30\n',
        ["cohorts[1].parcours", "unknown parcours 'OSC'"],
    ),
    (
        "unknown-group-parcours",
        '[[groups]]\nyear = 1\nparcours = "pooled"\ngrouping = "td"\ngroups = 4\n',
        ["groups[1].parcours", "unknown parcours 'pooled'"],
    ),
    (
        "negative-cohort",
        '[[cohorts]]\nyear = 1\nparcours = "commun"\nadd_students = -90\n',
        ["cohorts[1].add_students", "-6 students"],
    ),
    (
        "negative-students",
        '[[cohorts]]\nyear = 1\nparcours = "commun"\nstudents = -3\n',
        ["cohorts[1].students", "negative"],
    ),
    (
        "unknown-status",
        '[[statuses.change]]\nstatus = "PU"\nmax_hc = 0\n',
        ["statuses.change[1].status", "unknown status 'PU'"],
    ),
    (
        "unknown-module",
        '[[teachers.add]]\nid = "c"\nname = "C"\nstatus = "MCF"\nqualifications = ["R9.*"]\n',
        ["teachers.add[1].qualifications[1]", "matches no module code"],
    ),
    (
        "existing-teacher",
        '[[teachers.add]]\nid = "bob"\nname = "B"\nstatus = "MCF"\n',
        ["teachers.add[1].id", "already exists"],
    ),
    (
        "wrong-type",
        '[[groups]]\nyear = 1\nparcours = "commun"\ngrouping = "td"\ngroups = "four"\n',
        ["groups[1].groups", "not a whole number"],
    ),
    (
        "missing-key",
        '[[groups]]\nyear = 1\nparcours = "commun"\ngroups = 4\n',
        ["groups[1]", "grouping is missing"],
    ),
    ("no-calendar", '[[rhythm]]\nyear = 1\npattern = "2/2"\n', ["rhythm", "needs a calendar"]),
]


@pytest.mark.parametrize("name, text, words", BAD, ids=[b[0] for b in BAD])
def test_bad_scenario_files_fail_clearly(cli, tiny, tmp_path, name, text, words):
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run = cli("solve", "--year", "1", "--scenario", path, "--inputs", tiny, "--out", out)
    assert run.code == 2
    assert f"{name}.toml" in run.err
    for w in words:
        assert w in run.err
    assert "Traceback" not in run.err
    assert not out.exists()


def test_solve_with_a_scenario_writes_its_own_folder(cli, tiny, tmp_path, monkeypatch):
    path = scenario(
        tmp_path,
        """
        name = "td-4"
        [[groups]]
        year = 1
        parcours = "commun"
        grouping = "td"
        groups = 4
    """,
        "whatever",
    )
    monkeypatch.chdir(tmp_path)
    run = cli("solve", "--year", "1", "--scenario", path, "--inputs", tiny, "--time-limit", "2", "--quiet")
    assert run.code == 0, run.err
    folder = tmp_path / "reports" / "year1-td-4"
    rows = (folder / "assignments.csv").read_text().splitlines()
    td = [r for r in rows if ",TD," in r]
    assert sum(float(r.split(",")[6]) for r in td if ",R1.01," in r) == 4  # 4 TD groups of R1.01
    assert not (tmp_path / "reports" / "year1").exists()


def test_shipped_scenarios_and_the_documented_example_apply_to_the_shipped_inputs(tmp_path):
    from conftest import ROOT, SHIPPED

    base = load_inputs(SHIPPED)
    paths = sorted((ROOT / "scenarios").glob("*.toml"))
    assert paths[0].name == "baseline.toml" and len(paths) >= 5
    page = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
    section = page[page.index("## The scenario file") :]
    example = section[section.index("```toml") + len("```toml") :]
    paths.append(scenario(tmp_path, example[: example.index("```")], "documented"))
    for path in paths:
        s = load_scenario(path)
        new = apply_scenario(base, s)
        assert s.description, path
        assert (s.changes == 0) == (path.name == "baseline.toml")
        assert new is not base and build_demand(new, s.years[:1] or [2]).parts
