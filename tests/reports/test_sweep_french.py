"""sweep.xlsx, sweep.png and compare.xlsx are in French (the label table), numbers as numbers.

sweep.csv and compare.csv keep their English headers (tested in tests/scenarios).
"""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from openpyxl import load_workbook
from sweeps import department, write_grid

from planner import labels
from planner.data.inputs import load_inputs
from planner.scenarios.compare import comparison_of, run_job, scenario_jobs, unsolved
from planner.scenarios.compare_report import compare_sheets
from planner.scenarios.sweep import grid_variants, load_grid
from planner.scenarios.sweep_report import sweep_figure, sweep_header, sweep_sheets
from planner.store.xlsx import workbook_bytes


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    """The first four variants of the small grid: two solved, one failed, one not run."""
    folder = tmp_path_factory.mktemp("sweep")
    inputs = load_inputs(department(folder / "d"))
    grid = load_grid(write_grid(folder))
    variants = grid_variants(grid, inputs)[:4]
    jobs, notes, _ = scenario_jobs(
        inputs, [v.scenario for v in variants], [1], overrides={"time_limit": 1, "weeks": True}
    )
    first = run_job(jobs[0])
    second = run_job(replace(jobs[1], reference=first))
    outcomes = [first, second, unsolved(jobs[2], "failed", "the locks of alice need 48 HETD"), None]
    outcomes[3] = unsolved(jobs[3], "not run")
    return grid, variants, comparison_of(jobs, outcomes), notes


def test_sweep_xlsx_speaks_french_with_numbers_as_numbers(swept):
    grid, variants, comparison, _ = swept
    book = load_workbook(io.BytesIO(workbook_bytes(sweep_sheets(grid, variants, comparison))))
    assert book.sheetnames == ["Balayage", "Leviers", "Changements"]
    ws = book["Balayage"]
    header = [c.value for c in ws[1]]
    english = sweep_header(grid)
    assert header[:4] == ["Variante", "td", "service", "leave"]  # the grid's own lever names
    assert header[4:7] == ["État du calcul", "Réalisable", "Demande (HETD)"]
    assert not set(header[4:]) & set(english)  # every other column in French
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    column = {h: i for i, h in enumerate(header)}
    assert [r[column["État du calcul"]] for r in rows] == ["résolu", "résolu", "échec", "non lancé"]
    assert [r[column["Réalisable"]] for r in rows][2:] == ["échec", "non lancé"]
    assert rows[0][column["leave"]] == "non" and rows[1][column["leave"]] == "oui"
    assert rows[2][column["Raison"]] == "échec : the locks of alice need 48 HETD"
    assert rows[3][column["Raison"]] == labels.NOT_RUN
    uncovered = rows[1][column["Raison"]]  # bob on leave: R1.03 has no teacher
    assert uncovered.startswith("non couvert : R1.03 CM") and "; non couvert : R1.03 TD" in uncovered
    assert "uncovered" not in uncovered and "qualifié" in uncovered
    assert rows[2][column["Coût (€)"]] is None  # no figure for a failed variant, not a zero
    assert {r[column["Front de Pareto : coût et heures non couvertes"]] for r in rows} <= {"oui", None}
    numbers = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, (int, float)):
                    numbers += 1
                    assert cell.number_format in (labels.WHOLE_FORMAT, labels.HETD_FORMAT), cell.coordinate
                elif isinstance(cell.value, str):
                    assert not cell.value.replace(",", "").replace(".", "").isdigit(), cell.coordinate
    assert numbers > 20
    assert [c.value for c in book["Leviers"][1]] == ["Levier", "Description", "Valeurs"]
    assert [r[2] for r in book["Leviers"].iter_rows(min_row=2, values_only=True)] == [
        "3, 4",
        "192, 96",
        "non, oui",
    ]


def test_sweep_png_takes_its_words_from_the_table(swept):
    grid, variants, comparison, _ = swept
    fig = sweep_figure(grid, comparison)
    assert fig._suptitle.get_text() == labels.SWEEP_TITLE.format(
        name="small", done=2, missing=labels.SWEEP_MISSING.format(n=2)
    )
    axes = fig.axes
    assert [ax.get_xlabel() for ax in axes] == list(labels.SWEEP_AXES.values())
    assert {ax.get_ylabel() for ax in axes} == {labels.SWEEP_COST}
    for ax in axes:
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend[0] == labels.SWEEP_VARIANT and labels.SWEEP_FRONT in legend
        assert labels.SWEEP_FIRST.format(name=variants[0].name) in legend
        fig.canvas.draw()
        ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
        assert ticks and all("." not in t for t in ticks)  # French numbers: no decimal point


def test_compare_xlsx_says_failed_and_not_run_in_french(swept):
    _, _, comparison, notes = swept
    sheets = compare_sheets(comparison, notes)
    header, rows = sheets["Comparaison"]
    feasible = header.index("Réalisable")
    assert [r[feasible] for r in rows][2:] == ["échec", "non lancé"]
    header, rows = sheets["Scénarios"]
    why = header.index(labels.header("why not feasible"))
    assert rows[2][why] == "échec : the locks of alice need 48 HETD" and rows[3][why] == labels.NOT_RUN
    # a scenario without figures has no per-teacher delta (not minus the reference's service)
    header, rows = sheets["Enseignants"]
    failed = [i for i, h in enumerate(header) if h.startswith(comparison.outcomes[2].name + " : Δ")]
    assert failed and all(r[i] == "" for r in rows for i in failed)
    changed = header.index(labels.header("changed in"))
    assert all(comparison.outcomes[2].name not in r[changed] for r in rows)
