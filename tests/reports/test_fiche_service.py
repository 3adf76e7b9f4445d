"""The service a fiche counts: REH items line by line, and a single year's balance said to be partial."""

from __future__ import annotations

from fractions import Fraction

from conftest import TINY, write_tables

from planner.data.inputs import load_inputs
from planner.reports.fiche import build_fiches
from planner.reports.fiche_pdf import fiches_pdf
from planner.reports.fiche_text import total_lines
from planner.store.read import read_plan

TWO_YEARS = dict(  # TINY's year 1 and one module of year 2
    TINY,
    maquette=TINY["maquette"] + "        2,3,OSC,R3.01,Anglais,ressource,,10,,,,,10\n",
    maquette_totals=TINY["maquette_totals"] + "        2,3,OSC,,10,,,,,10\n        2,annual,OSC,,10,,,,,10\n",
    cohorts=TINY["cohorts"] + "        2,OSC,20,28,14,8\n",
    qualifications=TINY["qualifications"] + "        alice,R3.01,*,3\n",
)
REH = "teacher,item,hetd\nbob,Direction des études,24\nbob,Jurys,4.5\n"


def _solve(cli, inputs, out, year: str) -> None:
    run = cli("solve", "--year", year, "--inputs", inputs, "--out", out, "--no-weeks", "--time-limit", "5")
    assert run.code == 0, run.err


def test_reh_items_are_counted_in_the_service_done_and_listed(tmp_path, cli):
    inputs = write_tables(tmp_path / "in", **dict(TINY, reh=REH))
    out = tmp_path / "reports" / "year1"
    _solve(cli, inputs, out, "1")
    plan = read_plan(out)
    bob = next(s for s in plan.services if s.teacher == "bob")
    assert bob.other_hetd == Fraction(57, 2)  # 24 + 4.5: service done beyond teaching
    fiche = next(f for f in build_fiches(plan, load_inputs(inputs)) if f.teacher == "bob")
    assert fiche.reh == (("Direction des études", 24), ("Jurys", Fraction(9, 2)))
    assert fiche.other_hetd == 0 and fiche.total == fiche.hetd + Fraction(57, 2)
    lines = [(label, value) for label, value, _ in total_lines(fiche)]
    assert ("REH : Direction des études", 24) in lines and ("REH : Jurys", Fraction(9, 2)) in lines
    assert fiche.hc == max(0, fiche.total - 192) and fiche.sous_service == max(0, 192 - fiche.total)
    # the service done the fiche prints is the sum of the lines above it
    done = dict(lines)["Service effectué"]
    assert done == sum(v for k, v in lines if k.startswith(("Total HETD", "REH", "Heures hors")))
    text = _pdf_text(fiches_pdf([fiche]))
    assert "REH : Direction des études" in text and "REH : Jurys" in text and "4,5" in text
    without = tmp_path / "without"
    _solve(cli, write_tables(tmp_path / "in2", **TINY), without, "1")
    plain = next(s for s in read_plan(without).services if s.teacher == "bob")
    assert plain.other_hetd == 0


def test_a_single_year_fiche_says_its_balance_counts_that_year_only(tmp_path, cli):
    inputs = write_tables(tmp_path / "in", **TWO_YEARS)
    root = tmp_path / "reports"
    _solve(cli, inputs, root / "year1", "1")
    fiches = build_fiches(read_plan(root / "year1"), load_inputs(inputs), (2,))
    for fiche in fiches:
        assert any("ne compte que l'année 1" in n and "l'année 2 n'est pas compté" in n for n in fiche.notes)
    written = tmp_path / "reports" / "year1" / "fiches.xlsx"
    import openpyxl

    sheet = openpyxl.load_workbook(written)["alice"]
    notes = [
        c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "Note" in c.value
    ]
    assert any("ne compte que l'année 1" in n for n in notes), notes
    # once year 2 has a saved plan beside it, year 1's fiches count it and say nothing
    _solve(cli, inputs, root / "year2", "2")
    _solve(cli, inputs, root / "year1", "1")
    sheet = openpyxl.load_workbook(written)["alice"]
    assert not [c.value for row in sheet.iter_rows() for c in row if "ne compte que" in str(c.value)]
    run = cli("sheet", "alice", "--plan", root / "year1", "--inputs", inputs)
    assert run.code == 0 and "ne compte que" not in run.out


def _pdf_text(data: bytes) -> str:
    import pymupdf

    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return "\n".join(page.get_text() for page in doc)
