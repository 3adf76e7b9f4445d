"""How numbers are written: CSV files, the terminal, the French fiches, xlsx cells."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from planner.numbers import cell_value, number


@pytest.mark.parametrize(
    "value, text",
    [
        (12, "12"),
        (F(24), "24"),
        (F(16, 3), "5.33"),
        (F(2, 3), "0.67"),
        (1234.5, "1234.50"),
        (-F(1, 2), "-0.50"),
        (12.0, "12"),
        (None, ""),
        (True, "True"),
        ("OSC", "OSC"),
    ],
)
def test_csv_numbers_whole_without_decimals_others_with_two(value, text):
    assert number(value) == text


def test_french_and_money_and_fixed_decimals():
    assert number(F(16, 3), french=True) == "5,33"
    assert number(F(246950, 100), french=True) == "2\u00a0469,50"
    assert number(1234567, french=True) == "1\u00a0234\u00a0567"
    assert number(F(43965), 0, fixed=True, thousands=" ") == "43 965"
    assert number(F(109093, 100), fixed=True, thousands=" ") == "1 090.93"
    assert number(F(25, 2), 1, fixed=True) == "12.5" and number(12, 1, fixed=True) == "12.0"
    assert number(F(16, 3), 1) == "5.3" and number(9, 1) == "9"


def test_xlsx_cells_are_ints_when_whole_and_rounded_floats_otherwise():
    assert cell_value(F(24)) == 24 and isinstance(cell_value(F(24)), int)
    assert cell_value(F(16, 3)) == 5.3333
    assert cell_value(F(16, 3), None) == 16 / 3  # exact for the fiches: their format shows 2 decimals
    assert cell_value(2 / 3) == 0.6667 and cell_value(2 / 3, None) == 2 / 3
    assert cell_value("TD1") == "TD1" and cell_value(None) is None
