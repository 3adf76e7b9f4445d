"""``planner validate`` says everything a solve would refuse or drop, every problem at once.

Each check has a failing case (the finding names its file, row and column)
and a passing one (the same inputs put right say nothing of it).
"""

from __future__ import annotations

import re

from calendars import calendar_csv
from conftest import TINY, write_tables
from iut_fixtures import write_iut

from planner.data.inputs import load_inputs
from planner.validate import validate

LOCKS = "teacher,code,activity,parcours,groups\n"


def _findings(folder, level: str = "error") -> list:
    report = validate(load_inputs(folder))
    return report.errors if level == "error" else report.warnings


def _one(findings, words: str):
    hits = [f for f in findings if words in f.message]
    assert len(hits) == 1, [str(f) for f in findings]
    return hits[0]


def test_a_lock_on_more_groups_than_exist(tmp_path, cli):
    folder = write_tables(tmp_path / "bad", **TINY, locks=LOCKS + "alice,R1.01,TD,*,99\n")
    finding = _one(_findings(folder), "99 groups locked but TD has 3 groups")
    assert (finding.where.endswith("locks.csv"), finding.row, finding.column) == (True, 2, "groups")
    run = cli("validate", "--inputs", folder)
    assert run.code == 2 and "locks.csv, row 2, column 'groups'" in run.err
    good = write_tables(tmp_path / "good", **TINY, locks=LOCKS + "alice,R1.01,TD,*,3\n")
    assert _findings(good) == [] and cli("validate", "--inputs", good).code == 0


def test_a_lock_beyond_the_teachers_yearly_cap(tmp_path):
    capped = TINY["teachers"].replace(
        "alice,Alice A,MCF,anglais,0,0,,,", "alice,Alice A,MCF,anglais,0,0,30,,"
    )
    tables = dict(TINY, teachers=capped, locks=LOCKS + "alice,R1.01,TD,*,2\n")
    finding = _one(_findings(write_tables(tmp_path / "bad", **tables)), "the locks of alice need 32 HETD")
    assert "at most 30 HETD" in finding.message and finding.row == 2
    tables["locks"] = LOCKS + "alice,R1.01,TD,*,1\n"  # 16 HETD: within the cap
    assert _findings(write_tables(tmp_path / "good", **tables)) == []


def test_a_lock_on_a_parcours_that_does_not_open_is_said(tmp_path):
    few = TINY["cohorts"].replace("1,commun,84,28,14,8", "1,commun,5,28,14,8")
    tables = dict(TINY, cohorts=few, locks=LOCKS + "alice,R1.01,TD,*,1\n")
    finding = _one(_findings(write_tables(tmp_path / "bad", **tables), "warning"), "a solve drops it")
    assert "commun (5 students for an opening at 8) does not open" in finding.message
    assert (finding.row, finding.column) == (2, "parcours")
    tables["cohorts"] = TINY["cohorts"]
    assert not [
        f for f in _findings(write_tables(tmp_path / "good", **tables), "warning") if "lock" in f.message
    ]


def test_a_rhythm_whose_iut_weeks_cannot_hold_the_semester(tmp_path):
    one_week = (
        "year,parcours,kind,from_week,to_week,length,pattern,iut_weeks\n1,*,alternance,,,,IEEEEEEEEEEE,\n"
    )
    tables = dict(TINY, calendar=calendar_csv(), periods=one_week)
    finding = _one(_findings(write_tables(tmp_path / "bad", **tables)), "48 h of classes to place")
    assert "but only 1 weeks at the IUT" in finding.message
    assert (finding.where.endswith("periods.csv"), finding.row, finding.column) == (True, 2, "pattern")
    tables["periods"] = one_week.replace("IEEEEEEEEEEE", "IIE")
    assert _findings(write_tables(tmp_path / "good", **tables)) == []


def test_two_qualification_rows_that_mean_the_same(tmp_path, cli):
    twice = TINY["qualifications"] + "alice,QLIO/R1.01,*,2\n"
    run = cli("validate", "--inputs", write_tables(tmp_path / "bad", **dict(TINY, qualifications=twice)))
    assert run.code == 2
    assert (
        "qualifications.csv, row 6, column 'pattern': alice 'QLIO/R1.01' means the same as row 2" in run.err
    )
    other = TINY["qualifications"] + "alice,QLIO/R1.03,*,2\n"
    assert (
        cli("validate", "--inputs", write_tables(tmp_path / "good", **dict(TINY, qualifications=other))).code
        == 0
    )


def test_two_qualification_rows_of_an_iut_that_mean_the_same(tmp_path, cli):
    quals = "teacher,pattern,activities,weight\nalice,R3.01,*,3\nalice,GEA/R3.01,*,1\nbob,R1.03,*,3\n"
    run = cli("validate", "--inputs", write_iut(tmp_path / "bad", qualifications=quals))
    assert run.code == 2 and "row 3, column 'pattern': alice 'GEA/R3.01' means the same as row 2" in run.err
    quals = quals.replace("GEA/R3.01", "QLIO/R3.01")  # the other department's R3.01: another module
    assert cli("validate", "--inputs", write_iut(tmp_path / "good", qualifications=quals)).code == 0


def test_every_problem_is_said_in_one_run(tmp_path, cli):
    # a new user's R&T conversion: a wish naming a QLIO code, a co-taught pattern that matches no SAÉ
    teachers = TINY["teachers"].replace(
        "alice,Alice A,MCF,anglais,0,0,,,", "alice,Alice A,MCF,anglais,0,0,,,R3.01"
    )
    tables = dict(TINY, teachers=teachers, cotaught="pattern,activities,step\nSAÉ*,*,2\n")
    run = cli("validate", "--inputs", write_tables(tmp_path / "refs", **tables))
    assert run.code == 2
    assert "teachers.csv, row 2, column 'wishes': wish 'R3.01' matches no module code" in run.err
    assert "cotaught.csv, row 2, column 'pattern': pattern 'SAÉ*' matches no module code" in run.err
    assert "2 problems" in run.err
    # bad cells of several tables, all at once
    cells = dict(
        TINY,
        cohorts=TINY["cohorts"].replace("1,commun,84,28,14,8", "1,commun,eighty,28,14,8"),
        maquette=TINY["maquette"].replace(",,16,8,,,,24", ",,16.25,8,,,,24.25"),
        statuses=TINY["statuses"].replace("MCF,Maître de conférences,192", "MCF,Maître de conférences,cent"),
    )
    run = cli("validate", "--inputs", write_tables(tmp_path / "cells", **cells))
    assert run.code == 2 and "Traceback" not in run.err
    for where in (
        "cohorts.csv, row 2, column 'students'",
        "maquette.csv, row 2, column 'TD'",
        "statuses.csv",
    ):
        assert where in run.err, run.err
    fixed = write_tables(tmp_path / "fixed", **TINY)
    assert cli("validate", "--inputs", fixed).code == 0


def test_the_programme_national_beside_the_maquette(tmp_path, cli):
    maquette = TINY["maquette"].replace(
        "year,semester,parcours,code,name,kind,CM,TD,TP,SR,SDR,Projet,total",
        "year,semester,parcours,code,name,kind,CM,TD,TP,SR,SDR,Projet,total,pn_hours,pn_tp",
    )
    below = maquette.replace(",,16,8,,,,24", ",,16,8,,,,24,25,10").replace(
        ",2,12,10,,,,24", ",2,12,10,,,,24,24,10"
    )
    findings = _findings(write_tables(tmp_path / "bad", **dict(TINY, maquette=below)), "warning")
    finding = _one(findings, "R1.01")
    assert finding.message == (
        "R1.01 (S1, commun): 24 h, below the programme national's 25 h; TP 8 h, below its 10 h of TP"
    )
    assert (finding.row, finding.column) == (2, "total")
    assert not [f for f in findings if "R1.03" in f.message]  # 24 h for 24, TP 10 for 10: nothing to say
    run = cli("validate", "--inputs", tmp_path / "bad")
    assert run.code == 0 and "Programme national" in run.out
    assert re.search(r"year 1 commun S1 │ +48 │ +49 │ +-1 │", run.out), run.out  # local 48 h, the PN's 49
    at = maquette.replace(",,16,8,,,,24", ",,16,8,,,,24,24,8").replace(",2,12,10,,,,24", ",2,12,10,,,,24,20,")
    good = _findings(write_tables(tmp_path / "good", **dict(TINY, maquette=at)), "warning")
    assert not [f for f in good if "programme national" in f.message]


def test_a_duplicate_qualification_is_said_with_the_checks_across_tables(tmp_path, cli):
    # a reader's problem that leaves the tables readable does not hide the locks' nor the weeks'
    tables = dict(
        TINY,
        teachers=TINY["teachers"].replace("bob,Bob B,MCF,maths,0,0,,,", "bob,Bob B,MCF,maths,0,0,20,,"),
        locks=LOCKS + "alice,R1.01,TD,*,99\nbob,R1.03,TD,*,2\n",
        qualifications=TINY["qualifications"] + "alice,QLIO/R1.01,*,2\n",
        calendar=calendar_csv(),
        periods="year,parcours,kind,from_week,to_week,length,pattern,iut_weeks\n1,*,alternance,,,,IEEEEEEEEEEE,\n",
    )
    run = cli("validate", "--inputs", write_tables(tmp_path / "bad", **tables))
    assert run.code == 2 and "4 problems" in run.err, run.err
    for where in (
        "qualifications.csv, row 6, column 'pattern'",
        "locks.csv, row 2, column 'groups'",
        "locks.csv, row 3, column 'groups'",
        "periods.csv, row 2, column 'pattern'",
    ):
        assert where in run.err, run.err
    solve = cli("solve", "--year", "1", "--inputs", tmp_path / "bad", "--out", tmp_path / "plan")
    assert solve.code == 2 and "means the same as row 2" in solve.err  # a solve still refuses it
    tables["qualifications"] = TINY["qualifications"]
    tables["locks"] = LOCKS + "alice,R1.01,TD,*,3\n"
    tables["periods"] = tables["periods"].replace("IEEEEEEEEEEE", "IIE")
    tables["teachers"] = TINY["teachers"]
    assert cli("validate", "--inputs", write_tables(tmp_path / "good", **tables)).code == 0
