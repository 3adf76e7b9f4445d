"""The department summary: summary.xlsx, load.png and the solve printout."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ALICE_ONLY, write_tables
from openpyxl import load_workbook
from PIL import Image
from saved_plans import YEAR1, csv_rows, num, solve_into

SHORT = ALICE_ONLY  # one teacher for 231 HETD: a shortage


@pytest.fixture(scope="module")
def plan1(tmp_path_factory):
    return solve_into(tmp_path_factory.mktemp("year1"), YEAR1, "1")


def sheet_rows(path: Path, name: str) -> list[dict]:
    ws = load_workbook(path)[name]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_summary_workbook_is_printable(plan1):
    book = load_workbook(plan1 / "summary.xlsx")
    assert book.sheetnames == ["summary", "demand", "teachers", "uncovered", "chart"]
    for name in ("summary", "demand", "teachers", "uncovered"):
        ws = book[name]
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == "$1:$1"
        assert ws.oddFooter.right.text == "Page &P / &N"
    assert len(book["chart"]._images) == 1


def test_demand_rows_add_up_to_the_plan(plan1):
    rows = sheet_rows(plan1 / "summary.xlsx", "demand")
    assignments = csv_rows(plan1 / "assignments.csv")
    services = {s["teacher"]: s for s in csv_rows(plan1 / "services.csv")}
    for semester in {r["semester"] for r in rows}:
        parts = [r for r in rows if r["semester"] == semester and r["activity"] != "all"]
        (total,) = [r for r in rows if r["semester"] == semester and r["activity"] == "all"]
        for col in ("demand h", "staff h", "vacataires h", "uncovered h"):
            assert sum(r[col] for r in parts) == pytest.approx(total[col])
        for r in parts:
            mine = [
                a for a in assignments if f"S{a['semester']}" == semester and a["activity"] == r["activity"]
            ]
            taught = sum(int(a["hours"]) for a in mine)
            vac = sum(int(a["hours"]) for a in mine if services[a["teacher"]]["status"] == "vacataire")
            assert r["demand h"] == taught + r["uncovered h"]
            assert r["vacataires h"] == vac and r["staff h"] == taught - vac
    assert any(r["vacataires h"] for r in rows)  # carol, the vacataire, teaches


def test_teachers_sheet_matches_services_csv(plan1):
    rows = {r["teacher"]: r for r in sheet_rows(plan1 / "summary.xlsx", "teachers")}
    services = csv_rows(plan1 / "services.csv")
    assert list(rows) == [s["teacher"] for s in services]
    for s in services:
        r = rows[s["teacher"]]
        assert r["HC"] == pytest.approx(float(num(s["hc_hetd"])))
        assert r["cost €"] == pytest.approx(float(num(s["cost_eur"])))
        assert r["total HETD"] == pytest.approx(
            float(num(s["other_hetd"]) + num(s["assigned_hetd"])), abs=0.01
        )
        assert r["vacataire"] == ("yes" if s["status"] == "vacataire" else "no")
    figures = {(r["figure"], r["unit"]): r["value"] for r in sheet_rows(plan1 / "summary.xlsx", "summary")}
    vac_hours = sum(int(a["hours"]) for a in csv_rows(plan1 / "assignments.csv") if a["teacher"] == "carol")
    assert figures[("vacataires", "h")] == vac_hours > 0
    assert figures[("total cost", "€")] == pytest.approx(sum(float(num(s["cost_eur"])) for s in services))


def test_load_chart_is_a_fixed_size_png_without_timestamp(plan1):
    from planner.data.inputs import load_inputs
    from planner.reports.summary import CHART_DPI, CHART_WIDTH, build_summary, load_chart_png
    from planner.store.plan import read_plan

    png = (plan1 / "load.png").read_bytes()
    with Image.open(plan1 / "load.png") as im:
        assert im.format == "PNG" and im.size[0] == CHART_WIDTH * CHART_DPI
        assert im.size[1] > im.size[0] / 4
    summary = build_summary(read_plan(plan1), load_inputs(plan1.parent / "inputs"))
    assert load_chart_png(summary) == png  # same plan, same bytes


def test_uncovered_hours_are_reported(tmp_path, cli):
    inputs = write_tables(tmp_path / "inputs", **SHORT)
    out = tmp_path / "plan"
    run = cli("solve", "--year", "1", "--inputs", inputs, "--out", out, "--time-limit", "2")
    assert run.code == 0, run.err
    assert "Demand and cover per semester and activity" in run.out
    assert "Demand against capacity" in run.out
    uncovered = csv_rows(out / "uncovered.csv")
    assert uncovered
    rows = sheet_rows(out / "summary.xlsx", "demand")
    assert sum(r["uncovered h"] for r in rows if r["activity"] == "all") == sum(
        int(u["hours"]) for u in uncovered
    )
    listed = sheet_rows(out / "summary.xlsx", "uncovered")
    assert [(r["code"], r["activity"], r["hours"]) for r in listed] == [
        (u["code"], u["activity"], int(u["hours"])) for u in uncovered
    ]
    assert all(r["reason"] for r in listed)


def test_quiet_solve_still_writes_the_reports(tmp_path, cli, tiny):
    out = tmp_path / "plan"
    run = cli("solve", "--year", "1", "--inputs", tiny, "--out", out, "--time-limit", "2", "--quiet")
    assert run.code == 0
    assert "Demand against capacity" not in run.out
    for name in ("fiches.xlsx", "summary.xlsx", "load.png"):
        assert (out / name).stat().st_size > 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging folder left
