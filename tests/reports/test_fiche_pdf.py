"""Fiches de service as PDF, read back with pymupdf: one fiche per page, the right totals."""

from __future__ import annotations

import re
from fractions import Fraction

import pymupdf
import pytest
from fiches import fiche, line
from saved_plans import YEAR1, csv_rows, num, solve_into

from planner.data.inputs import load_inputs
from planner.reports.fiche import build_fiches
from planner.reports.fiche_pdf import fiches_pdf
from planner.store.read import read_plan


def pages(pdf: bytes) -> list[str]:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return [page.get_text() for page in doc]


def french(text: str) -> Fraction:
    return Fraction(text.replace("\u00a0", "").replace(",", "."))


def total(text: str) -> tuple[Fraction, Fraction]:
    """Hours and HETD of the fiche's Total line."""
    hours, hetd = re.search(r"^Total\n(\S+)\n(\S+)$", text, re.MULTILINE).groups()
    return french(hours), french(hetd)


@pytest.fixture(scope="module")
def plan1(tmp_path_factory):
    return solve_into(tmp_path_factory.mktemp("year1"), YEAR1, "1")


def test_one_page_per_teacher_with_the_plan_totals(plan1):
    fiches = build_fiches(read_plan(plan1), load_inputs(plan1.parent / "inputs"))
    texts = pages(fiches_pdf(fiches))
    services = csv_rows(plan1 / "services.csv")
    assert len(texts) == len(fiches) == len(services) == 4
    for n, (text, service) in enumerate(zip(texts, services), start=1):
        assert text.startswith(f"Fiche de service — {service['name']}\n")
        assert total(text)[1] == num(service["assigned_hetd"])
        assert f"Page {n} / 4" in text
    assert "Aucun enseignement dans ce plan" in texts[3]  # dan is qualified for nothing


def test_a_long_fiche_runs_on_and_the_next_starts_a_new_page():
    s3 = [line(3, "OSC", f"R3.{k:02d}", "TD", 1, 10, 1) for k in range(20)]
    s4 = [line(4, "OSC", f"R4.{k:02d}", "TP", 2, 8, 1) for k in range(20)]
    long = fiche("lbarbier", "Louis Barbier", lines=s3 + s4)
    texts = pages(fiches_pdf([fiche(), long, fiche("x", "Xavier", lines=())]))
    starts = [i for i, t in enumerate(texts) if t.startswith("Fiche de service — ")]
    assert starts[0] == 0 and starts[1] == 1 and starts[2] == len(texts) - 1 and len(starts) == 3
    assert len(texts) >= 4  # the long fiche takes more than one page
    continued = texts[2]
    assert continued.startswith("Semestre\nParcours")  # the table header is repeated
    assert "Fiche de service — Louis Barbier — BUT 2" in continued  # the footer names the fiche
    body = "".join(texts[1 : starts[2]])
    assert total(body) == (20 * 10 + 20 * 16, 20 * 10 + 20 * 16)
    assert re.search(r"^Sous-total S3\n200\n200$", body, re.MULTILINE)
    assert re.search(r"^Sous-total S4\n320\n320$", body, re.MULTILINE)
    assert re.search(r"^Heures complémentaires\n328$", body, re.MULTILINE)  # 520 - 192
    assert body.count("Signature de l'enseignant") == 1


def test_fractions_and_the_balance_print_the_french_way():
    (text,) = pages(fiches_pdf([fiche(other=10)]))
    assert total(text) == (66, Fraction("53.67"))
    assert "0,67\n26,67" in text  # TP counted 2/3: 40 h make 26,67 HETD
    assert re.search(r"^Sous-service\n128,33$", text, re.MULTILINE)
    assert "* Module partagé entre parcours" in text
