"""The department summary: summary.xlsx (in French), load.png and the solve printout."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from conftest import ALICE_ONLY, write_tables
from openpyxl import load_workbook
from PIL import Image
from saved_plans import YEAR1, csv_rows, num, solve_into

from planner import labels
from planner.numbers import cents

SHORT = ALICE_ONLY  # one teacher for 231 HETD: a shortage
FORMATS = {labels.WHOLE_FORMAT, labels.HETD_FORMAT, labels.DATE_FORMAT}
SHEETS = ["Synthèse", "Demande", "Enseignants", "Non couvert", "Charge (image)"]


@pytest.fixture(scope="module")
def plan1(tmp_path_factory):
    return solve_into(tmp_path_factory.mktemp("year1"), YEAR1, "1")


def sheet_rows(path: Path, name: str) -> list[dict]:
    ws = load_workbook(path)[name]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def number_cells(ws):
    return [c for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float))]


def test_summary_workbook_is_french_and_printable(plan1):
    book = load_workbook(plan1 / "summary.xlsx")
    assert book.sheetnames == SHEETS
    first = book["Synthèse"]
    assert first.page_setup.orientation == "portrait" and int(first.page_setup.paperSize) == 9  # A4
    assert first.sheet_properties.pageSetUpPr.fitToPage
    assert first.page_setup.fitToWidth == 1 and first.page_setup.fitToHeight == 1  # one page
    (chart,) = first._charts  # drawn by the spreadsheet, not a picture
    assert chart.type == "bar" and chart.grouping == "stacked" and len(chart.series) == 3
    for name in SHEETS[1:4]:
        ws = book[name]
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == "$1:$1"
        assert ws.oddFooter.right.text == "Page &P / &N"
    assert [c.value for c in book["Demande"][1]] == list(labels.DEMAND_HEADER)
    assert [c.value for c in book["Enseignants"][1]] == list(labels.TEACHER_HEADER)
    assert [c.value for c in book["Non couvert"][1]] == list(labels.UNCOVERED_HEADER)
    assert len(book["Charge (image)"]._images) == 1
    for ws in book.worksheets:  # cells hold numbers, shown by their number format
        cells = number_cells(ws)
        assert cells or ws.title in ("Charge (image)", "Non couvert")  # nothing uncovered here
        assert {c.number_format for c in cells} <= FORMATS, ws.title


def test_overview_reads_on_its_own(plan1):
    ws = load_workbook(plan1 / "summary.xlsx")["Synthèse"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert texts[0] == "Synthèse du plan de service — BUT 1"
    for label in (labels.KEY_FIGURES, labels.PEAKS, labels.UNCOVERED, labels.ASSUMPTIONS):
        assert label in texts
    assert labels.FIGURES["total_cost"] in texts and labels.FIGURES["vac_cost"] in texts
    assert "vacataire" in texts and "1,50 / 1 / 2/3" in texts  # the vacataire's TP at 2/3
    assert labels.POOLING.format(value="oui") in texts
    assert not any(labels.NOT_MEANINGFUL in t for t in texts)  # year 1 is the whole maquette
    figures = {}
    for row in ws.iter_rows(max_col=3):
        if isinstance(row[0].value, str) and isinstance(row[1].value, (int, float)):
            figures[(row[0].value, row[2].value)] = row[1].value
    services = csv_rows(plan1 / "services.csv")
    total_cost = sum(cents(num(s["hc_hetd"]) * Fraction("40.91")) for s in services)
    assert figures[(labels.FIGURES["total_cost"], "€")] == pytest.approx(float(total_cost), abs=1e-9)


def test_demand_rows_add_up_to_the_plan(plan1):
    rows = sheet_rows(plan1 / "summary.xlsx", "Demande")
    assignments = csv_rows(plan1 / "assignments.csv")
    services = {s["teacher"]: s for s in csv_rows(plan1 / "services.csv")}
    *rows, total = rows
    assert total["Année de BUT"] == "Total"
    for semester in {r["Semestre"] for r in rows}:
        parts = [r for r in rows if r["Semestre"] == semester and not r["Activité"].startswith("Total")]
        (sub,) = [r for r in rows if r["Semestre"] == semester and r["Activité"] == f"Total {semester}"]
        for col in ("Demande (h)", "Assuré par les personnels (h)", "Vacations (h)", "Non couvert (h)"):
            assert sum(r[col] for r in parts) == sub[col]
        for r in parts:
            mine = [
                a for a in assignments if f"S{a['semester']}" == semester and a["activity"] == r["Activité"]
            ]
            taught = sum(int(a["hours"]) for a in mine)
            vac = sum(int(a["hours"]) for a in mine if services[a["teacher"]]["status"] == "vacataire")
            assert r["Demande (h)"] == taught + r["Non couvert (h)"]
            assert r["Vacations (h)"] == vac and r["Assuré par les personnels (h)"] == taught - vac
    subs = [r for r in rows if r["Activité"].startswith("Total")]
    for col in ("Demande (h)", "Demande (HETD)", "Vacations (h)"):
        assert sum(Fraction(str(r[col])) for r in subs) == Fraction(str(total[col]))
    assert any(r["Vacations (h)"] for r in rows)  # carol, the vacataire, teaches


def test_teachers_sheet_matches_services_csv_and_adds_up(plan1):
    *rows, total = sheet_rows(plan1 / "summary.xlsx", "Enseignants")
    by_id = {r["Enseignant"]: r for r in rows}
    services = csv_rows(plan1 / "services.csv")
    assert list(by_id) == [s["teacher"] for s in services]
    for s in services:
        r = by_id[s["teacher"]]
        assert Fraction(str(r["Heures complémentaires ou vacations"])) == num(s["hc_hetd"])
        assert Fraction(str(r["Coût (€)"])) == cents(num(s["hc_hetd"]) * Fraction("40.91"))  # as printed
        assert Fraction(str(r["Service effectué"])) == num(s["other_hetd"]) + num(s["assigned_hetd"])
        assert r["Vacataire"] == ("oui" if s["status"] == "vacataire" else "non")
    assert total["Enseignant"] == "Total"
    for col in ("Ce plan (HETD)", "Service effectué", "Coût (€)", "Heures complémentaires ou vacations"):
        assert sum(Fraction(str(r[col])) for r in rows) == Fraction(str(total[col]))  # cents add up
    vac_hours = sum(int(a["hours"]) for a in csv_rows(plan1 / "assignments.csv") if a["teacher"] == "carol")
    assert by_id["carol"]["Ce plan (h)"] == vac_hours > 0


def test_load_chart_is_a_fixed_size_png_without_timestamp(plan1):
    from planner.data.inputs import load_inputs
    from planner.reports.summary import CHART_DPI, CHART_WIDTH, build_summary, load_chart_png
    from planner.store.read import read_plan

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
    rows = sheet_rows(out / "summary.xlsx", "Demande")
    assert sum(r["Non couvert (h)"] for r in rows if (r["Activité"] or "").startswith("Total S")) == sum(
        int(u["hours"]) for u in uncovered
    )
    *listed, total = sheet_rows(out / "summary.xlsx", "Non couvert")
    assert [(r["Code"], r["Activité"], r["Heures"]) for r in listed] == [
        (u["code"], u["activity"], int(u["hours"])) for u in uncovered
    ]
    assert total["Heures"] == sum(int(u["hours"]) for u in uncovered)
    assert all(r["Raison"] for r in listed)
    overview = [c.value for row in load_workbook(out / "summary.xlsx")["Synthèse"].iter_rows() for c in row]
    assert labels.NOTHING_UNCOVERED not in overview
    assert any(isinstance(v, str) and "enseignant" in v for v in overview)  # a reason, in French


def test_quiet_solve_still_writes_the_reports(tmp_path, cli, tiny):
    out = tmp_path / "plan"
    run = cli("solve", "--year", "1", "--inputs", tiny, "--out", out, "--time-limit", "2", "--quiet")
    assert run.code == 0
    assert "Demand against capacity" not in run.out
    assert "assignment uncovered" not in run.out  # no progress either
    for name in ("fiches.xlsx", "summary.xlsx", "load.png"):
        assert (out / name).stat().st_size > 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging folder left
