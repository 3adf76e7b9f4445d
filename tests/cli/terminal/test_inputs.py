"""What ``planner validate``, ``maquette`` and ``demand`` print."""

from __future__ import annotations

import csv
import io

from conftest import TINY, text_of, write_tables
from saved_plans import YEAR2

from planner.cli.terminal.inputs import (
    demand_csv,
    demand_parts_table,
    demand_totals_table,
    maquette_csv,
    maquette_table,
    totals_table,
)
from planner.data.inputs import load_inputs
from planner.data.maquette import check_totals
from planner.demand import build_demand


def rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.split("│")[1:-1]] for line in text.splitlines() if line.startswith("│")]


def test_totals_table_marks_what_differs(tiny, tmp_path):
    assert [r[-1] for r in rows(text_of(totals_table(check_totals(load_inputs(tiny)))))] == ["ok"] * 3
    totals = TINY["maquette_totals"].replace("1,1,commun,2,28,18,,,,48", "1,1,commun,2,28,20,,,,50")
    bad = write_tables(tmp_path / "bad", **dict(TINY, maquette_totals=totals))
    table = rows(text_of(totals_table(check_totals(load_inputs(bad)))))
    s1 = next(r for r in table if r[0] == "year 1 commun S1")
    assert s1[-1] == "MISMATCH" and "18 ≠ 20" in s1 and "48 ≠ 50" in s1


def test_maquette_as_table_and_csv(tiny):
    modules = load_inputs(tiny).modules
    table = rows(text_of(maquette_table(modules)))
    assert [r[3] for r in table] == ["R1.01", "R1.03", "SAE 2.01"]
    assert table[1][-1] == "24"
    lines = list(csv.reader(io.StringIO(maquette_csv(modules))))
    assert lines[0][:6] == ["year", "semester", "parcours", "code", "name", "kind"]
    assert lines[3][3:5] == ["SAE 2.01", "Projet"] and lines[3][-2:] == ["36", "48"]


def test_demand_tables_show_the_pooling_saving(tmp_path):
    inputs = load_inputs(write_tables(tmp_path / "y2", **YEAR2))
    pooled, unpooled = build_demand(inputs, [2]), build_demand(inputs, [2], pooling=False)
    # R3.01 for OSC (40) and QMI (30) together: 3 TD groups instead of 4, 5 TP groups instead of 6
    assert unpooled.hetd - pooled.hetd == 20 + 10
    parts = rows(text_of(demand_parts_table(pooled)))
    assert ["2", "S3", "OSC+QMI", "R3.01", "TD", "3", "20", "60", "60"] in parts
    totals = rows(text_of(demand_totals_table(pooled, unpooled)))
    year = next(r for r in totals if r[1] == "year")
    assert year[-4:] == [str(pooled.hours), str(pooled.hetd), str(unpooled.hetd), "30"]
    units = list(csv.DictReader(io.StringIO(demand_csv(pooled))))
    assert sum(int(u["hours"]) for u in units) == pooled.hours
    assert {u["pooled"] for u in units if u["code"] == "R3.01"} == {"yes"}


def test_demand_of_an_iut_per_department(tmp_path):
    from iut_fixtures import write_iut

    inputs = load_inputs(write_iut(tmp_path / "iut"))
    demand = build_demand(inputs, [2])
    parts = rows(text_of(demand_parts_table(demand, scoped=True)))
    assert ["GEA", "2", "S3", "GC+GP", "R3.01", "TD", "3", "14", "42", "42"] in parts  # names as written
    assert ["QLIO", "2", "S3", "OSC+QMI", "R3.01", "TD", "2", "14", "28", "28"] in parts
    totals = rows(text_of(demand_totals_table(demand, None, scoped=True)))
    years = {r[0]: r for r in totals if r[2] == "year"}
    by_department = {d: demand.by("department")[(d,)] for d in ("GEA", "QLIO")}
    assert years["GEA"][-2:] == [str(by_department["GEA"][0]), str(by_department["GEA"][1])]
    assert years["QLIO"][-2:] == [str(by_department["QLIO"][0]), str(by_department["QLIO"][1])]
    assert years["IUT"][-2:] == [str(demand.hours), str(demand.hetd)]  # the departments add up
    assert by_department["GEA"][0] + by_department["QLIO"][0] == demand.hours
