"""``planner sheet``: one fiche de service in the terminal, from hand-made fiches (tests/fiches.py)."""

from __future__ import annotations

from conftest import text_of
from fiches import fiche

from planner.cli.terminal.fiche import fiche_renderable

NBSP = "\u00a0"


def rows(text: str) -> list[list[str]]:
    return [line.split() for line in text.splitlines()]


def test_lines_subtotals_and_total_in_french():
    text = text_of(fiche_renderable(fiche()))
    assert "Fiche de service — Céline Dumas" in text
    table = rows(text)
    assert ["S3", "OSC+QMI", "*", "R3.04", "Module", "R3.04", "CM", "1", "2", "2", "1,50", "3"] in table
    assert ["S4", "QMI", "R4.02", "Module", "R4.02", "TP", "4", "10", "40", "0,67", "26,67"] in table
    assert ["S3", "Sous-total", "26", "27"] in table and ["S4", "Sous-total", "40", "26,67"] in table
    assert ["Total", "66", "53,67"] in table
    assert "* Module partagé entre parcours" in text  # R3.04 is taught to OSC and QMI together


def test_the_balance_says_sous_service_or_heures_complementaires():
    under = text_of(fiche_renderable(fiche(other=10)))
    assert ["Service", "effectué", "63,67"] in rows(under)
    assert ["Sous-service", "128,33"] in rows(under)  # 192 - 63.67
    over = text_of(fiche_renderable(fiche(other=180, cost="1704.77")))  # the plan's exact cost
    assert ["Heures", "complémentaires", "41,67"] in rows(over)
    assert f"1{NBSP}704,72" in over  # the printed 41,67 HETD × 40,91 €, to the cent


def test_a_teacher_without_teaching_gets_a_fiche_too():
    text = text_of(fiche_renderable(fiche(lines=(), notes=("status 'X' is not in statuses.csv",))))
    assert "Aucun enseignement dans ce plan" in text
    assert ["Total", "0", "0"] in rows(text) and "Sous-total" not in text
    assert "note: status 'X' is not in statuses.csv" in text
