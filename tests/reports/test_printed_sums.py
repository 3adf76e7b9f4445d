"""Printed figures add up, for every teacher of the shipped department planned over all years.

The fiche's printed line HETD (xlsx cells and PDF text) add up to its printed
sous-totaux, these to its total, the total and the hours counted outside the
plan to the service effectué; the rows of assignments.csv add up to
services.csv; the cost is the printed balance times the rate. The week layout
plays no part here: the shipped inputs are solved without their calendar.
"""

from __future__ import annotations

import re
import shutil
from fractions import Fraction

import pymupdf
import pytest
from conftest import SHIPPED
from openpyxl import load_workbook
from saved_plans import csv_rows, num

from planner.labels import DONE, HC, OTHER, SOUS_SERVICE, TOTAL, VACATIONS
from planner.numbers import cents

ACTIVITIES = {"CM", "TD", "TP", "SR", "SDR", "Projet"}
RATE = Fraction("40.91")  # every shipped status


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    """`planner solve --year all` on the shipped inputs (no calendar), then `planner sheets --pdf`."""
    import sys

    from planner.cli import main

    folder = tmp_path_factory.mktemp("all")
    inputs = folder / "inputs"
    shutil.copytree(SHIPPED, inputs)
    (inputs / "calendar.csv").unlink()
    (inputs / "periods.csv").unlink()
    out = folder / "reports" / "yearall"
    for argv in (
        ["solve", "--year", "all", "--inputs", inputs, "--out", out, "--time-limit", "1", "--quiet"],
        ["sheets", "--plan", out, "--inputs", inputs, "--pdf"],
    ):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(sys, "argv", ["planner", *map(str, argv)])
            with pytest.raises(SystemExit) as exit_:
                main()
        assert exit_.value.code == 0
    return out


def french(text: str) -> Fraction:
    return Fraction(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))


def cell(value) -> Fraction:
    """An xlsx number as the exact value it holds (cents are written as their shortest float)."""
    return Fraction(str(value))


def xlsx_fiche(ws) -> dict:
    """The printed figures of one fiche sheet: lines per semester, sous-totaux, total, balance lines."""
    lines: dict[str, list[Fraction]] = {}
    subtotals, labelled = {}, {}
    for row in ws.iter_rows(min_row=8, values_only=True):
        first = row[0]
        if isinstance(first, str) and re.fullmatch(r"S\d", first):
            lines.setdefault(first, []).append(cell(row[9]))
        elif isinstance(first, str) and first.startswith("Sous-total "):
            subtotals[first.split()[-1]] = cell(row[9])
        elif first == TOTAL:
            labelled[TOTAL] = cell(row[9])
        elif isinstance(row[3], str) and isinstance(row[9], (int, float)):
            labelled[row[3]] = cell(row[9])
    return {"lines": lines, "subtotals": subtotals, "labelled": labelled}


def pdf_fiches(path) -> dict[str, dict]:
    """The printed figures of every fiche of fiches.pdf, by teacher name, read from the page text."""
    with pymupdf.open(path) as doc:
        text = "\n".join(page.get_text() for page in doc)
    fiches: dict[str, dict] = {}
    current = None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        title = re.fullmatch(r"Fiche de service — ([^—]+)", line)  # not the footer (… — BUT 1, 2, 3)
        if title:
            current = fiches.setdefault(title.group(1), {"lines": {}, "subtotals": {}, "labelled": {}})
        elif current is None:
            continue
        elif re.fullmatch(r"S\d", line):  # a module line: …, activity, groups, per group, hours, coef, HETD
            k = next(j for j in range(i + 3, i + 12) if lines[j] in ACTIVITIES)
            current["lines"].setdefault(line, []).append(french(lines[k + 5]))
        elif line.startswith("Sous-total S"):
            current["subtotals"][line.split()[-1]] = french(lines[i + 2])
        elif line == TOTAL:
            current["labelled"][TOTAL] = french(lines[i + 2])
        elif line in (DONE, OTHER, HC, VACATIONS, SOUS_SERVICE) or line.startswith("Coût des"):
            current["labelled"][line] = french(lines[i + 1])
    return fiches


def check_fiche(fiche: dict, service: dict, rows: list[Fraction]) -> None:
    """Every printed sum of one fiche, exactly, and against the plan files."""
    printed = [x for values in fiche["lines"].values() for x in values]
    assert sorted(printed) == sorted(rows)  # the fiche prints assignments.csv's figures
    for semester, values in fiche["lines"].items():
        assert sum(values) == fiche["subtotals"][semester], semester
    total = fiche["labelled"][TOTAL]
    assert sum(fiche["subtotals"].values()) == total
    assert total == num(service["assigned_hetd"])
    labelled = fiche["labelled"]
    assert labelled[OTHER] + total == labelled[DONE]
    net = num(service["service_du"]) - num(service["reductions"])
    balance = labelled.get(HC, labelled.get(VACATIONS))
    if balance is not None:
        assert balance == labelled[DONE] - max(net, 0)
        cost = next(v for k, v in labelled.items() if k.startswith("Coût des"))
        assert cost == cents(balance * RATE)  # the cost follows from the printed HETD
    elif SOUS_SERVICE in labelled:
        assert labelled[SOUS_SERVICE] == net - labelled[DONE]


def test_every_fiche_adds_up_as_printed(plan):
    services = csv_rows(plan / "services.csv")
    assignments = csv_rows(plan / "assignments.csv")
    book = load_workbook(plan / "fiches.xlsx")
    pdf = pdf_fiches(plan / "fiches.pdf")
    assert len(pdf) == len(services) == len(book.sheetnames) == 31
    thirds = 0
    for s in services:
        rows = [num(a["hetd"]) for a in assignments if a["teacher"] == s["teacher"]]
        assert sum(rows) == num(s["assigned_hetd"]), s["teacher"]  # assignments.csv → services.csv
        thirds += sum(1 for a in assignments if a["teacher"] == s["teacher"] and int(a["hours"]) % 3)
        check_fiche(xlsx_fiche(book[s["teacher"]]), s, rows)
        check_fiche(pdf[s["name"]], s, rows)
    assert thirds  # rows paid 2/3 for TP whose exact HETD are not in cents: the rule was needed


def test_rounding_each_row_would_not_add_up(plan):
    """At least one vacataire's rows, rounded one by one, would miss the total by a cent."""
    services = {s["teacher"]: s for s in csv_rows(plan / "services.csv")}
    assignments = csv_rows(plan / "assignments.csv")
    missed = []
    for teacher, s in services.items():
        if s["status"] != "vacataire":
            continue
        exact = [int(a["hours"]) * Fraction(2, 3) if a["activity"] == "TP" else None for a in assignments]
        mine = [(a, e) for a, e in zip(assignments, exact) if a["teacher"] == teacher and e is not None]
        naive = sum(cents(e) for _, e in mine) + sum(
            num(a["hetd"]) for a in assignments if a["teacher"] == teacher and a["activity"] != "TP"
        )
        if naive != num(s["assigned_hetd"]):
            missed.append(teacher)
    assert missed
