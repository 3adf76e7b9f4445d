"""A single-year plan says what it leaves out: the other years' service, until their plans are saved.

The shipped inputs are solved without their calendar (the warning does not
depend on the week layout, and the solves are faster).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SHIPPED
from openpyxl import load_workbook

from planner import labels
from planner.data.inputs import load_inputs
from planner.reports.scope import left_out

WARNING = "is not counted"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("shipped") / "inputs"
    shutil.copytree(SHIPPED, folder)
    (folder / "calendar.csv").unlink()
    (folder / "periods.csv").unlink()
    return folder


def overview_texts(folder: Path) -> list[str]:
    book = load_workbook(folder / "summary.xlsx")
    return [c.value for row in book["Synthèse"].iter_rows() for c in row if isinstance(c.value, str)]


def test_year_2_alone_warns_until_years_1_and_3_are_saved(cli, inputs, tmp_path):
    reports = tmp_path / "reports"
    run = cli("solve", "--year", "2", "--inputs", inputs, "--out", reports / "year2", "--time-limit", "1")
    assert run.code == 0, run.err
    text = " ".join(run.out.split())  # the terminal wraps long lines
    assert f"the same teachers' service in year 1 and 3 {WARNING}" in text
    assert "Sous-service is not meaningful for a single year" in text
    assert f"planner solve --year all --out {reports / 'yearall'} --inputs {inputs}" in text
    assert f"planner solve --year 1 --out {reports / 'year1'} --inputs {inputs}" in text
    assert "not meaningful for a single year" in text  # the capacity table's sous-service row
    texts = overview_texts(reports / "year2")
    warning = next(t for t in texts if t.startswith("Attention : seule l'année 2 est planifiée"))
    assert "en année 1 et 3 n'est pas compté" in warning and labels.NOT_MEANINGFUL in warning
    assert any("planner solve --year all" in t and "planner solve --year 3" in t for t in texts)
    assert f"{labels.SOUS_SERVICE} : {labels.NOT_MEANINGFUL}" in texts
    teachers = load_workbook(reports / "year2" / "summary.xlsx")["Enseignants"]
    assert labels.NOT_MEANINGFUL in " ".join(str(c.value) for c in teachers[1])

    for year, warned in (("1", True), ("3", False)):  # --quiet prints the summary, warning included
        out = reports / f"year{year}"
        done = cli("solve", "--year", year, "--inputs", inputs, "--out", out, "--time-limit", "1", "--quiet")
        assert done.code == 0, done.err
        assert (WARNING in " ".join(done.out.split())) == warned  # year 3 comes after years 1 and 2
    again = cli("solve", "--year", "2", "--inputs", inputs, "--out", reports / "year2", "--time-limit", "1")
    assert again.code == 0, again.err
    assert WARNING not in again.out and "not meaningful" not in again.out
    assert f"counted the load of the saved plan in {reports / 'year1'}" in again.out
    texts = overview_texts(reports / "year2")
    assert not any(labels.NOT_MEANINGFUL in t or t.startswith("Attention") for t in texts)


def test_the_commands_repeat_the_options_given(inputs):
    shipped = load_inputs(inputs)
    default = left_out(shipped, [2], Path("reports"))
    assert default.missing == (1, 3) and default.root == "reports"
    assert default.plan_all == "planner solve --year all"
    assert default.plan_each == ("planner solve --year 1", "planner solve --year 3", "planner solve --year 2")
    scenario = left_out(
        shipped, [2], Path("reports"), inputs_path=Path("dept.xlsx"), scenario=Path("scenarios/tp-20.toml")
    )
    again = "planner solve --year 2 --inputs dept.xlsx --scenario scenarios/tp-20.toml"
    assert scenario.plan_each[-1] == again
    assert left_out(shipped, [1, 2, 3], Path("reports")) is None
