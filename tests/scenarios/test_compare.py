"""Comparing scenarios: deltas, stability, serial = parallel, outputs."""

import csv
import io
from fractions import Fraction
from textwrap import dedent

from conftest import TINY, write_tables
from openpyxl import load_workbook

from planner import labels
from planner.data.inputs import load_inputs
from planner.demand import build_demand
from planner.scenarios.compare import compare, scenario_jobs
from planner.scenarios.scenario import load_scenario
from planner.scenarios.solving import carry_over

BASELINE = 'name = "baseline"\n'
TD4 = """
    name = "td-4"
    [[groups]]
    year = 1
    parcours = "commun"
    grouping = "td"
    groups = 4
"""
TP16 = """
    name = "tp-21"
    [[cohorts]]
    year = 1
    parcours = "commun"
    tp_size = 21
"""


def files(tmp_path, **texts):
    folder = tmp_path / "scenarios"
    folder.mkdir(exist_ok=True)
    out = []
    for name, text in texts.items():
        path = folder / f"{name}.toml"
        path.write_text(dedent(text).lstrip(), encoding="utf-8")
        out.append(path)
    return out


def run_compare(cli, tiny, tmp_path, *paths, extra=()):
    out = tmp_path / "cmp"
    run = cli(
        "compare",
        "--year",
        "1",
        *paths,
        "--inputs",
        tiny,
        "--out",
        out,
        "--time-limit",
        "2",
        "--jobs",
        "1",
        "--format",
        "csv",
        *extra,
    )
    assert run.code == 0, run.err
    return list(csv.DictReader(io.StringIO(run.out))), out


def test_one_more_td_group_shows_as_its_td_hours_in_the_deltas(cli, tiny, tmp_path):
    rows, out = run_compare(cli, tiny, tmp_path, *files(tmp_path, baseline=BASELINE, td4=TD4))
    base, td4 = rows
    inputs = load_inputs(tiny)
    td_hours = sum(m.hours.get("TD", 0) for m in inputs.modules)  # one more group of each TD
    assert Fraction(td4["demand_hetd_delta"]) == td_hours * inputs.activities["TD"].hetd == 40
    assert int(td4["td_groups_delta"]) == 1 and int(td4["tp_groups_delta"]) == 0
    assert base["demand_hetd_delta"] == ""  # the reference has no delta
    # the extra 40 HETD land on teachers: the per-teacher deltas add up to them
    book = load_workbook(out / "compare.xlsx")
    assert book.sheetnames == ["Comparaison", "Enseignants", "Changements", "Scénarios"]  # in French
    compare_sheet = book["Comparaison"]
    header = [c.value for c in compare_sheet[1]]
    assert header[:4] == ["Scénario", "Description", "Demande (HETD)", "Δ Demande (HETD)"]
    assert "Réalisable" in header and not set(header) & set(labels.COLUMNS)  # no English column left
    feasible = header.index("Réalisable")
    assert [r[feasible] for r in compare_sheet.iter_rows(min_row=2, values_only=True)] == ["oui", "oui"]
    for ws in book.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, (int, float)):
                    assert cell.number_format in (labels.WHOLE_FORMAT, labels.HETD_FORMAT)
    sheet = book["Enseignants"]
    header = [c.value for c in sheet[1]]
    col = header.index("td-4 : Δ service")
    deltas = {r[0]: r[col] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert sum(deltas.values()) == 40
    assert list(csv.DictReader(io.StringIO((out / "compare.csv").read_text()))) == rows


def calendar_tables() -> dict:
    """Tiny's year 1 on a calendar: 12 odd weeks, a break, 12 even weeks."""
    import datetime as dt

    monday, rows = dt.date(2025, 9, 1), []
    for k in range(30):
        year, week, _ = (monday + dt.timedelta(weeks=k)).isocalendar()
        parity = "odd" if k < 12 else ("none" if k < 18 else "even")
        rows.append(f"{year}-W{week:02d},,{parity},no,5,")
    return dict(TINY, calendar="iso_week,monday,semester,closed,open_days,label\n" + "\n".join(rows) + "\n")


def test_weeks_give_the_peak_student_load(cli, tmp_path):
    tiny = write_tables(tmp_path / "cal", **calendar_tables())
    rows, _ = run_compare(
        cli,
        tiny,
        tmp_path,
        *files(tmp_path, baseline=BASELINE, td4=TD4),
        extra=("--weeks", "--weeks-time-limit", "2"),
    )
    for row in rows:
        assert row["weeks_status"] in ("optimal", "feasible") and row["feasible"] == "yes"
        # S1: 48 h of classes over 12 weeks: at least 4 h in some week, at most the cap
        assert 4 <= int(row["peak_student_hours"]) <= 32
    assert rows[1]["peak_student_hours_delta"] != ""


def test_a_scenario_compared_with_itself_has_zero_deltas(cli, tiny, tmp_path):
    path = files(tmp_path, baseline=BASELINE)[0]
    rows, _ = run_compare(cli, tiny, tmp_path, path, path)
    first, again = rows
    assert again["scenario"] == "baseline#2"
    deltas = {k: v for k, v in again.items() if k.endswith("_delta") and v != ""}
    assert deltas and all(Fraction(v) == 0 for v in deltas.values())
    assert again["assignments_changed"] == "0" and Fraction(again["hetd_moved"]) == 0


def test_table_output_names_every_scenario(cli, tiny, tmp_path):
    paths = files(tmp_path, baseline=BASELINE, td4=TD4)
    run = cli(
        "compare",
        "--year",
        "1",
        *paths,
        "--inputs",
        tiny,
        "--out",
        tmp_path / "o",
        "--time-limit",
        "2",
        "--jobs",
        "1",
    )
    assert run.code == 0, run.err
    assert "baseline (ref)" in run.out and "td-4" in run.out and "+40.0" in run.out
    assert "2 scenarios" in run.err


def test_a_bad_scenario_stops_the_compare_before_any_solve(cli, tiny, tmp_path):
    paths = files(tmp_path, baseline=BASELINE, bad='[[teachers.remove]]\nid = "nobody"\n')
    out = tmp_path / "cmp"
    run = cli("compare", "--year", "1", *paths, "--inputs", tiny, "--out", out)
    assert run.code == 2
    assert "bad.toml" in run.err and "teachers.remove[1].id" in run.err and "nobody" in run.err
    assert not out.exists()


def test_scenarios_about_other_years_are_skipped(cli, tiny, tmp_path):
    paths = files(tmp_path, later='name = "later"\nyears = [2]\n')
    run = cli("compare", "--year", "1", *paths, "--inputs", tiny, "--out", tmp_path / "o")
    assert run.code == 2 and "no scenario is about year 1" in run.err


def test_serial_and_parallel_give_the_same_figures(tiny, tmp_path):
    inputs = load_inputs(tiny)
    scenarios = [load_scenario(p) for p in files(tmp_path, baseline=BASELINE, td4=TD4, tp=TP16)]
    jobs, _, _ = scenario_jobs(inputs, scenarios, [1], overrides={"time_limit": 2, "weeks": False})
    serial = compare(jobs, jobs=1)
    parallel = compare(jobs, jobs=2)
    assert parallel.jobs == 2 and serial.jobs == 1
    for a, b in zip(serial.outcomes, parallel.outcomes):
        assert a.name == b.name
        assert a.metrics == b.metrics
        assert a.module_hours == b.module_hours
        assert a.teachers == b.teachers
    assert serial.changes == parallel.changes


def test_stability_keeps_unchanged_modules_with_their_teacher(tiny, tmp_path):
    inputs = load_inputs(tiny)
    scenarios = [load_scenario(p) for p in files(tmp_path, baseline=BASELINE, td4=TD4)]
    jobs, _, _ = scenario_jobs(inputs, scenarios, [1], overrides={"time_limit": 2, "weeks": False})
    result = compare(jobs, jobs=1)
    base, td4 = result.outcomes
    # only the TD assignments can change: CM and TP keep their teacher and hours
    for c in result.changes[1]:
        assert c.module[3] == "TD" and c.hours > c.reference
    assert sum(c.hetd for c in result.changes[1]) == 40
    assert td4.metrics["hetd_moved"] == 40  # the new groups, nothing taken from anyone
    assert td4.metrics["assignments_changed"] == len(result.changes[1]) <= 3


def test_carry_over_lays_pooled_hours_onto_unpooled_parts(tmp_path):
    maquette = """
        year,semester,parcours,code,name,kind,CM,TD,TP,SR,SDR,Projet,total
        2,3,OSC,R3.01,Anglais,ressource,,18,,,,,18
        2,3,QMI,R3.01,Anglais,ressource,,18,,,,,18
        """
    totals = """
        year,semester,parcours,CM,TD,TP,SR,SDR,Projet,total
        2,3,OSC,,18,,,,,18
        2,3,QMI,,18,,,,,18
        """
    cohorts = """
        year,parcours,students,td_size,tp_size,opening
        2,OSC,20,28,14,8
        2,QMI,20,28,14,8
        """
    quals = "teacher,pattern,activities,weight\nalice,R3.01,*,1\nbob,R3.01,*,1\n"
    inputs = load_inputs(
        write_tables(
            tmp_path / "d",
            **dict(TINY, maquette=maquette, maquette_totals=totals, cohorts=cohorts, qualifications=quals),
        )
    )
    pooled = build_demand(inputs, [2], pooling=True)
    apart = build_demand(inputs, [2], pooling=False)
    assert [p.key for p in pooled.parts] == ["2|S3|OSC+QMI|R3.01|TD"] and pooled.parts[0].groups == 2
    reference = {("alice", "2|S3|OSC+QMI|R3.01|TD"): 18, ("bob", "2|S3|OSC+QMI|R3.01|TD"): 18}
    carried = carry_over(reference, apart.parts)
    assert carried == {("alice", "2|S3|OSC|R3.01|TD"): 18, ("bob", "2|S3|QMI|R3.01|TD"): 18}
    assert carry_over(reference, pooled.parts) == reference  # same demand: unchanged


def test_a_whole_group_the_room_share_cannot_hold_goes_within_the_whole_room():
    # shipped, all years, one teacher on leave, kept close to the reference: within the share of
    # the weekly rooms 2 h were left uncovered (LP bounds equal, whole units not); the whole rooms
    # cover them
    from dataclasses import replace
    from pathlib import Path

    from planner.scenarios.compare import run_job
    from planner.scenarios.scenario import load_scenario

    root = Path(__file__).resolve().parents[2]
    inputs = load_inputs(root / "inputs")
    names = ("baseline", "leave-one-teacher")
    jobs, _, _ = scenario_jobs(
        inputs, [load_scenario(root / "scenarios" / f"{n}.toml") for n in names], [1, 2, 3]
    )
    base = run_job(jobs[0])
    outcome = run_job(replace(jobs[1], reference=base))
    assert outcome.metrics["uncovered_hours"] == 0, outcome.shortages
