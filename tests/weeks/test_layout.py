"""The week layout: calendar and periods, the plain-words pre-check, the model, the files.

Layouts are checked by tests/weekchecker.py, which reads only the written CSV files.
"""

from __future__ import annotations

import re

import pytest
from calendars import SETTINGS, STAGE, calendar_csv, department, week
from conftest import SHIPPED, TINY
from weekchecker import check_weeks, rows, weeks_of

from planner import labels
from planner.assign.solve import solve
from planner.data.calendar import cohort_status
from planner.data.inputs import load_inputs
from planner.errors import PlannerError
from planner.options import SolveOptions
from planner.weeks.layout import lay_out
from planner.weeks.precheck import precheck
from planner.weeks.problem import build_week_problem
from planner.weeks.repair import units_of


def demand_csv(cli, inputs, year="1") -> str:
    run = cli("demand", "--year", year, "--format", "csv", "--inputs", inputs)
    assert run.code == 0, run.err
    return run.out


# --- calendar and periods ------------------------------------------------------------------


def test_stage_takes_the_last_weeks_of_the_even_semester(tmp_path):
    inputs = load_inputs(department(tmp_path, periods=STAGE))
    status = cohort_status(inputs.calendar, inputs.periods, 1, "commun")
    stage = [w for w, s in status.items() if s == "stage"]
    assert stage == [week(k) for k in range(22, 26)]  # S2 is weeks 12..25
    assert status[week(7)] == "closed" and status[week(26)] == "off" and status[week(0)] == "iut"


def test_rhythm_pattern_letters_and_explicit_weeks_agree(tmp_path):
    base = "year,parcours,kind,from_week,to_week,length,pattern,iut_weeks\n"
    a = load_inputs(department(tmp_path / "a", periods=base + f"1,*,alternance,{week(0)},{week(11)},,2/1,\n"))
    b = load_inputs(department(tmp_path / "b", periods=base + f"1,*,alternance,{week(0)},{week(11)},,IIE,\n"))
    iut = f"{week(0)}..{week(1)} {week(3)};{week(4)}, {week(6)}..{week(7)} {week(9)} {week(10)}"
    c = load_inputs(
        department(tmp_path / "c", periods=base + f'1,*,alternance,{week(0)},{week(11)},,,"{iut}"\n')
    )
    company = [week(k) for k in (2, 5, 8, 11)]
    for inputs in (a, b, c):
        status = cohort_status(inputs.calendar, inputs.periods, 1, "commun")
        assert [w for w, s in status.items() if s == "company"] == company


@pytest.mark.parametrize(
    "table, text, column",
    [
        ("calendar", calendar_csv().replace("2025-W40", "2025-W99"), "iso_week"),
        ("calendar", calendar_csv().replace("2025-W40,2025-09-29", "2025-W40,2025-09-30"), "monday"),
        ("periods", STAGE.replace(",4,", ",40,"), "length"),
        ("periods", STAGE.replace("stage,,,4,,", "alternance,,,,2-2,"), "pattern"),
        ("periods", STAGE.replace("1,*,stage", "1,OSC,stage"), "parcours"),
        ("unavailability", "teacher,from_week,to_week,semester,reason\ncarol,2025-W36,,,\n", "teacher"),
    ],
)
def test_bad_week_inputs_name_file_row_and_column(tmp_path, table, text, column):
    folder = department(tmp_path, **{table: text})
    with pytest.raises(PlannerError) as err:
        load_inputs(folder)
    assert err.value.where.endswith(f"{table}.csv")
    assert err.value.row is not None and err.value.column == column


def test_overlapping_rhythms_are_refused(tmp_path):
    periods = (
        "year,parcours,kind,from_week,to_week,length,pattern,iut_weeks\n"
        f"1,*,alternance,{week(0)},{week(10)},,2/2,\n1,*,alternance,{week(8)},{week(20)},,1/1,\n"
    )
    with pytest.raises(PlannerError, match="covers"):
        load_inputs(department(tmp_path, periods=periods))


# --- layouts checked by the independent checker ---------------------------------------------


def test_year_one_with_a_stage_is_laid_out_and_checks(cli, tmp_path):
    unavailable = f"teacher,from_week,to_week,semester,reason\nalice,{week(0)},{week(1)},,colloque\n"
    inputs = department(tmp_path, periods=STAGE, unavailability=unavailable)
    out = tmp_path / "out"
    run = cli("solve", "--year", "1", "--inputs", inputs, "--out", out, "--quiet")
    assert run.code == 0, run.err
    assert "weeks: laid out" in run.out
    assert check_weeks(out, inputs, demand_csv(cli, inputs)) == []
    stage = {week(k) for k in range(22, 26)}
    assert weeks_of(out, year="1") and not weeks_of(out, year="1") & stage
    assert not weeks_of(out, teacher="alice") & {week(0), week(1)}
    assert (out / "weeks.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    import openpyxl

    book = openpyxl.load_workbook(out / "plan.xlsx")
    assert {"Semaines", "Grille des semaines"} <= set(book.sheetnames)
    sheet = book["Semaines"]
    header = [c.value for c in sheet[1]]
    assert header[-3:] == ["Semaine", "Semaine du", "Heures"]
    first = [c for c in sheet[2]]
    assert re.fullmatch(r"S\d\d", first[-3].value) and first[-2].number_format == labels.DATE_FORMAT
    assert first[-2].value.weekday() == 0  # a Monday, shown as "lundi 1 septembre 2025"
    shown = cli("weeks", "--year", "1", "--plan", out, "--inputs", inputs)
    assert shown.code == 0, shown.err
    assert "Year 1 commun, S2" in shown.out and "student" in shown.out and " S" in shown.out


def test_the_checker_catches_a_misplaced_hour(cli, tmp_path):
    inputs = department(tmp_path, periods=STAGE)
    out = tmp_path / "out"
    assert cli("solve", "--year", "1", "--inputs", inputs, "--out", out, "--quiet").code == 0
    text = (out / "weeks.csv").read_text(encoding="utf-8").splitlines()
    moved = [line for line in text if ",2," in line[:6]][0]
    fields = moved.split(",")
    fields[-2] = week(24)  # a stage week
    (out / "weeks.csv").write_text("\n".join(text + [",".join(fields)]) + "\n", encoding="utf-8")
    errors = check_weeks(out, inputs, demand_csv(cli, inputs))
    assert any("away (stage)" in e for e in errors) and any("placed" in e for e in errors)


def test_caps_hold_when_they_bind(tmp_path, cli):
    # 48 h of S1 classes in 11 open weeks, one with 4 days: a 5 h cap leaves 54 h of room
    settings = SETTINGS + "student_week_hours,5\n"
    inputs = department(tmp_path, periods=STAGE, settings=settings)
    out = tmp_path / "out"
    assert cli("solve", "--year", "1", "--inputs", inputs, "--out", out, "--quiet").code == 0
    assert check_weeks(out, inputs, demand_csv(cli, inputs)) == []
    loads = {}
    for r in rows(out / "weeks.csv"):
        if r["semester"] == "1" and r["group"] in ("CM", "TD1", "TP1"):
            loads[r["iso_week"]] = loads.get(r["iso_week"], 0) + int(r["hours"])
    assert max(loads.values()) == 5 and loads.get(week(3), 0) <= 4


def test_same_inputs_same_layout(tmp_path):
    inputs = load_inputs(department(tmp_path, periods=STAGE))
    options = SolveOptions.of(inputs, time_limit=2, weeks_time_limit=1)
    result = solve(inputs, [1], options)
    first = lay_out(inputs, result, options)
    second = lay_out(inputs, result, options)
    assert first.fits
    assert [(p.line, p.week.iso, p.hours) for p in first.placements] == [
        (p.line, p.week.iso, p.hours) for p in second.placements
    ]


# --- hours that do not fit, in plain words -------------------------------------------------


def test_too_tight_rhythm_is_explained_not_crashed(cli, tmp_path):
    # one week at the IUT in three: 4 IUT weeks of S1 (one with 4 days) at 10 h hold 38 h, for 48 h
    header = "year,parcours,kind,from_week,to_week,length,pattern,iut_weeks\n"
    periods = header + f"1,*,alternance,{week(0)},{week(11)},,1/2,\n"
    inputs = department(tmp_path, periods=periods, settings=SETTINGS + "student_week_hours,10\n")
    out = tmp_path / "out"
    run = cli("solve", "--year", "1", "--inputs", inputs, "--out", out, "--quiet")
    assert run.code == 3, run.err  # written, but flagged: the weeks do not fit
    said = " ".join(run.out.split())
    assert "weeks do not fit" in said
    assert "plan is written" in run.err and "do not fit the weeks" in run.err
    assert "year 1 commun, S1: 48 h of classes to place but only 4 weeks at the IUT, which hold 38 h" in said
    assert (out / "assignments.csv").exists()
    assert rows(out / "weeks.csv") == []  # header only: no stale layout
    assert "does not fit" in (out / "weeks_report.txt").read_text(encoding="utf-8")
    shown = cli("weeks", "--year", "1", "--plan", out, "--inputs", inputs)
    assert shown.code == 2 and "48 h of classes" in " ".join(shown.err.split())


def test_teacher_over_the_weekly_cap_is_named(tmp_path):
    # alice alone teaches R1.01: 3 TD groups x 16 h + 6 TP groups x 8 h = 96 h in S1
    statuses = TINY["statuses"].replace("yes,11,test", "yes,6,test")
    inputs = load_inputs(department(tmp_path, periods=STAGE, statuses=statuses))
    result = solve(inputs, [1], SolveOptions.of(inputs, time_limit=2))  # blind to weekly caps
    misfits = precheck(build_week_problem(inputs, result))
    words = [m.message for m in misfits if m.subject == "teacher alice"]
    assert words and "at most 6 h a week" in words[0] and "S1" in words[0]
    assert "96 h to teach" in words[0] or "h to teach" in words[0]


def test_weekly_room_keeps_the_assignment_within_the_weeks(tmp_path):
    from planner.pipeline import plan as plan_in_weeks

    statuses = TINY["statuses"].replace("yes,11,test", "yes,6,test")
    inputs = load_inputs(department(tmp_path, periods=STAGE, statuses=statuses))
    solved = plan_in_weeks(inputs, [1], SolveOptions.of(inputs, time_limit=2, weeks=False))
    result, plan = solved.result, solved.weeks
    assert plan is None
    # 6 h x 10 full weeks + 4 h (the 4-day week), x 0.9: 57 h each in S1, so 98 h + 96 h cannot all be given
    assert result.solution.uncovered_hours > 0
    assert all("full for the weeks" in s.reason for s in result.solution.shortages)
    plan = lay_out(inputs, result, SolveOptions.of(inputs, weeks_time_limit=1))
    assert plan.fits  # what was given fits the weeks


def test_shipped_inputs_have_a_calendar_and_rhythms():
    inputs = load_inputs(SHIPPED)
    assert inputs.calendar is not None and len(inputs.calendar.weeks) == 52
    stage = [
        w for w, s in cohort_status(inputs.calendar, inputs.periods, 1, "commun").items() if s == "stage"
    ]
    assert stage == [f"2026-W{n}" for n in range(20, 27)]
    for year in (2, 3):
        status = cohort_status(inputs.calendar, inputs.periods, year, "OSC")
        assert "company" in status.values()


# --- the shipped department, one year at a time ---------------------------------------------


@pytest.mark.parametrize("year, limits", [(1, (1, 1)), (2, (1, 0.5)), (3, (1, 0.5))])
def test_shipped_year_is_laid_out_and_checks(cli, shipped_copy, tmp_path, year, limits):
    from planner.pipeline import plan as plan_in_weeks
    from planner.store.atomic import csv_text
    from planner.store.rows import WEEK_COLUMNS
    from planner.weeks.rows import plan_rows

    inputs = load_inputs(shipped_copy)
    options = SolveOptions.of(inputs, time_limit=limits[0], weeks_time_limit=limits[1])
    solved = plan_in_weeks(inputs, [year], options)
    result, plan = solved.result, solved.weeks
    assert plan.fits, [m.message for m in plan.misfits]
    assert result.solution.uncovered_hours == 0
    out = tmp_path / "plan"
    out.mkdir()
    (out / "weeks.csv").write_text(
        csv_text(WEEK_COLUMNS, [r.values() for r in plan_rows(plan)]), encoding="utf-8"
    )
    assert check_weeks(out, shipped_copy, demand_csv(cli, shipped_copy, str(year))) == []
    if year == 1:
        stage = {f"2026-W{n}" for n in range(20, 27)}
        assert weeks_of(out, semester="2") and not weeks_of(out, year="1") & stage
    else:
        company = {
            w
            for w, s in cohort_status(inputs.calendar, inputs.periods, year, "OSC").items()
            if s == "company"
        }
        assert company and not weeks_of(out, year=str(year)) & company


def test_template_of_a_department_without_calendar_reads_back(cli, tiny, tmp_path):
    book = tmp_path / "tiny.xlsx"
    assert cli("template", "--out", book, "--inputs", tiny).code == 0
    inputs = load_inputs(book)
    assert inputs.calendar is None and inputs.periods == [] and inputs.unavailability == []


def test_shipped_all_years_fit_their_weeks_at_the_first_try(cli, shipped_copy, tmp_path):
    # one teacher's own groups (six TP groups of a module among others, under an 11 h cap) cannot
    # be laid out whole: the weekly chunk rows hold them back from the start, no cut is needed
    from planner.pipeline import plan as plan_in_weeks

    inputs = load_inputs(shipped_copy)
    solved = plan_in_weeks(inputs, [1, 2, 3], SolveOptions.of(inputs))
    assert solved.weeks.rounds == 1 and solved.fits, [m.message for m in solved.weeks.misfits]
    assert solved.result.solution.uncovered_hours == 0
    assert [s.status for s in solved.result.stages[:4]] == ["optimal"] * 4
    problem = solved.result.problem
    assert not [lim for lim in problem.limits if "alone cannot be laid out" in lim.label]
    units = {(c.teacher, c.task): n for c, n in zip(problem.candidates, units_of(solved.result))}
    weights = [(row.weight(units), row.most) for row in problem.chunks]
    assert weights and all(w <= most for w, most in weights)
    out = solved.write(tmp_path / "plan")[1]
    assert "weeks.csv" in out
    assert check_weeks(tmp_path / "plan", shipped_copy, demand_csv(cli, shipped_copy, "all")) == []
