"""Fiches de service: printable workbooks, the terminal fiche, errors on bad plans."""

from __future__ import annotations

import re
import shutil
from fractions import Fraction

import pytest
from openpyxl import load_workbook
from saved_plans import YEAR1, YEAR2, csv_rows, num, solve_into

from planner.labels import (
    BALANCED,
    HC,
    NO_TEACHING,
    SHARED,
    SIGN_HEAD,
    SIGN_TEACHER,
    SOUS_SERVICE,
    TOTAL,
    VACATIONS,
)
from planner.numbers import cents
from planner.reports.fiche_xlsx import sheet_titles

BALANCE_LABELS = (HC, VACATIONS, SOUS_SERVICE, BALANCED)


@pytest.fixture(scope="module")
def plan1(tmp_path_factory):
    return solve_into(tmp_path_factory.mktemp("year1"), YEAR1, "1")


@pytest.fixture(scope="module")
def plan2(tmp_path_factory):
    return solve_into(tmp_path_factory.mktemp("year2"), YEAR2, "2")


def inputs_of(plan):
    return plan.parent / "inputs"


def labelled(ws, label: str, column: int) -> object:
    """The value in ``column`` of the row whose first cell or label cell is ``label``."""
    for row in ws.iter_rows():
        texts = [c.value for c in row if isinstance(c.value, str)]
        if label in texts:
            return ws.cell(row[0].row, column).value
    raise AssertionError(f"no row labelled {label!r} in {ws.title}")


def table_lines(ws) -> list[tuple]:
    """The module lines of a fiche sheet: rows below the header whose first cell is S<n>."""
    return [
        tuple(c.value for c in row[:10])
        for row in ws.iter_rows(min_row=8)
        if isinstance(row[0].value, str) and re.fullmatch(r"S\d", row[0].value)
    ]


def test_every_teacher_has_a_printable_sheet(plan1):
    services = csv_rows(plan1 / "services.csv")
    book = load_workbook(plan1 / "fiches.xlsx")
    assert book.sheetnames == [s["teacher"] for s in services]  # dan, who teaches nothing, too
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == "$7:$7"
        assert ws["A7"].value == "Semestre"
        assert ws.print_area == f"'{ws.title}'!$A$1:$J${ws.max_row}"
        assert ws.freeze_panes == "A8"
        assert ws.oddFooter.right.text == "Page &P / &N"  # openpyxl's spelling of &[Page]
        texts = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
        assert SIGN_TEACHER in texts and SIGN_HEAD in texts


def test_sheet_totals_and_balance_match_services_csv(plan1):
    book = load_workbook(plan1 / "fiches.xlsx")
    balances = set()
    for s in csv_rows(plan1 / "services.csv"):
        ws = book[s["teacher"]]
        assert labelled(ws, TOTAL, 10) == pytest.approx(float(num(s["assigned_hetd"])), abs=0.006)
        subtotals = [row[9].value for row in ws.iter_rows() if str(row[0].value).startswith("Sous-total")]
        assert sum(subtotals) == pytest.approx(labelled(ws, TOTAL, 10))
        assert sum(line[9] for line in table_lines(ws)) == pytest.approx(labelled(ws, TOTAL, 10))
        hc, sous = num(s["hc_hetd"]), num(s["sous_service_hetd"])
        label = next(x for x in BALANCE_LABELS if x in {c.value for row in ws.iter_rows() for c in row})
        expected = hc if hc else sous
        assert labelled(ws, label, 10) == pytest.approx(float(expected), abs=0.006)
        if s["status"] == "vacataire":
            assert label == VACATIONS
        else:
            assert label == (HC if hc else SOUS_SERVICE if sous else BALANCED)
        balances.add(label)
    # the department exercises heures complémentaires, vacations and sous-service
    assert {HC, VACATIONS, SOUS_SERVICE} <= balances


def test_lines_are_the_plan_rows(plan1):
    book = load_workbook(plan1 / "fiches.xlsx")
    rows = csv_rows(plan1 / "assignments.csv")
    for s in csv_rows(plan1 / "services.csv"):
        mine = [r for r in rows if r["teacher"] == s["teacher"]]
        lines = table_lines(book[s["teacher"]])
        assert sorted(
            (f"S{r['semester']}", r["code"], r["activity"], int(r["hours"])) for r in mine
        ) == sorted((line[0], line[2], line[4], line[7]) for line in lines)
        for line in lines:  # groups × hours per group = hours; hours × factor = HETD
            assert line[5] * line[6] == pytest.approx(line[7])
            assert line[7] * line[8] == pytest.approx(line[9], abs=0.006)
    dan = book["dan"]
    assert not table_lines(dan)
    assert NO_TEACHING in {c.value for row in dan.iter_rows() for c in row}


def test_fractional_hetd_is_exact_and_formatted(plan1):
    from planner.data.inputs import load_inputs
    from planner.reports.fiche import build_fiche
    from planner.store.read import read_plan

    saved = read_plan(plan1)
    carol = build_fiche(saved, saved.service("carol"), load_inputs(inputs_of(plan1)))
    assert carol.lines and all(line.factor == Fraction(2, 3) for line in carol.lines)  # exact factor
    assert carol.hetd == cents(carol.hours * Fraction(2, 3))  # the exact total, as printed
    assert all((line.hetd * 100).denominator == 1 for line in carol.lines)  # each line in cents
    ws = load_workbook(plan1 / "fiches.xlsx")["carol"]
    row = next(r for r in ws.iter_rows(min_row=8) if r[0].value == "S1")
    assert row[8].number_format == "#,##0.00" and row[9].number_format in ("#,##0.00", "#,##0")
    assert row[5].number_format == "#,##0"


def test_shared_module_is_marked_and_year_shown(plan2):
    book = load_workbook(plan2 / "fiches.xlsx")
    ws = book["mbrunet"]
    parcours = {line[1] for line in table_lines(ws)}
    assert parcours == {"OSC+QMI *"}
    assert f"* {SHARED}" in {c.value for row in ws.iter_rows() for c in row}
    assert ws["C5"].value == "2"  # Année de BUT, from assignments.csv
    other = book["tgarnier"]
    assert all("*" not in line[1] for line in table_lines(other))
    assert f"* {SHARED}" not in {c.value for row in other.iter_rows() for c in row}


def test_sheet_prints_one_fiche(plan1, cli):
    run = cli("sheet", "bob", "--plan", plan1, "--inputs", inputs_of(plan1))
    assert run.code == 0, run.err
    assert "Fiche de service — Bob B" in run.out
    assert "Maître de conférences" in run.out and "Sous-total" in run.out
    bob = next(s for s in csv_rows(plan1 / "services.csv") if s["teacher"] == "bob")
    assert "Heures complémentaires" in run.out
    assert f"{float(num(bob['hc_hetd'])):g}".replace(".", ",") in run.out
    by_name = cli("sheet", "carol c", "--plan", plan1, "--inputs", inputs_of(plan1))
    assert by_name.code == 0 and "Heures de vacation" in by_name.out


def test_unknown_teacher_lists_close_matches(plan1, cli):
    run = cli("sheet", "alcie", "--plan", plan1, "--inputs", inputs_of(plan1))
    assert run.code == 2
    assert "no teacher 'alcie'" in run.err and "alice (Alice A)" in run.err
    assert "Traceback" not in run.err


def test_missing_or_broken_plan_is_exit_2(plan1, tmp_path, cli):
    inputs = inputs_of(plan1)
    run = cli("sheets", "--plan", tmp_path / "nowhere", "--inputs", inputs)
    assert run.code == 2 and "nowhere" in run.err
    broken = tmp_path / "broken"
    shutil.copytree(plan1, broken)
    (broken / "services.csv").unlink()
    run = cli("sheet", "alice", "--plan", broken, "--inputs", inputs)
    assert run.code == 2 and "services.csv" in run.err
    shutil.copy(plan1 / "services.csv", broken / "services.csv")
    text = (broken / "assignments.csv").read_text(encoding="utf-8").splitlines()
    cells = text[2].split(",")
    cells[7] = "many"
    text[2] = ",".join(cells)
    (broken / "assignments.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    run = cli("sheets", "--plan", broken, "--inputs", inputs, "--out", tmp_path / "out")
    assert run.code == 2
    assert "assignments.csv" in run.err and "row 3" in run.err and "'hours'" in run.err
    assert not (tmp_path / "out").exists()


def test_plan_files_that_disagree_are_refused(plan1, tmp_path, cli):
    broken = tmp_path / "broken"
    shutil.copytree(plan1, broken)
    rows = (broken / "services.csv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    cells = rows[1].split(",")
    cells[header.index("assigned_hetd")] = str(int(num(cells[header.index("assigned_hetd")])) + 10)
    rows[1] = ",".join(cells)
    (broken / "services.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    run = cli("sheets", "--plan", broken, "--inputs", inputs_of(plan1))
    assert run.code == 2 and "services.csv" in run.err and "run `planner solve` again" in run.err


def test_sheets_writes_per_teacher_files_and_pdf(plan1, tmp_path, cli):
    out = tmp_path / "fiches"
    run = cli("sheets", "--plan", plan1, "--inputs", inputs_of(plan1), "--out", out, "--per-teacher")
    assert run.code == 0, run.err
    teachers = [s["teacher"] for s in csv_rows(plan1 / "services.csv")]
    assert load_workbook(out / "fiches.xlsx").sheetnames == teachers
    for t in teachers:
        book = load_workbook(out / f"fiche_{t}.xlsx")
        assert book.sheetnames == [t]
    assert not (out / "assignments.csv").exists()  # --out gets only the fiches
    assert not (out / "fiches.pdf").exists()
    run = cli("sheets", "--plan", plan1, "--inputs", inputs_of(plan1), "--out", out, "--pdf")
    assert run.code == 0, run.err
    pdf = (out / "fiches.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type /Page\b", pdf)) >= len(teachers)  # each fiche starts a page
    assert (out / f"fiche_{teachers[0]}.xlsx").exists()  # files from the first run are kept


def test_default_plan_is_the_only_one_under_reports(plan1, tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(plan1, tmp_path / "reports" / "year1")
    run = cli("sheet", "alice", "--inputs", inputs_of(plan1))
    assert run.code == 0 and "Alice A" in run.out
    shutil.copytree(plan1, tmp_path / "reports" / "year2")
    run = cli("sheet", "alice", "--inputs", inputs_of(plan1))
    assert run.code == 2 and "--plan" in run.err and "year1" in run.err and "year2" in run.err


def test_sheet_titles_are_short_unique_and_legal():
    ids = ["a" * 40, "a" * 40, "x/y", "x_y", "Bob", "bob"]
    titles = sheet_titles(ids)
    assert len({t.casefold() for t in titles}) == len(ids)
    assert all(len(t) <= 31 and not re.search(r"[\[\]:*?/\\]", t) for t in titles)
