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


def test_cents_is_the_value_as_printed():
    from planner.numbers import cents

    assert cents(F(208, 3)) == F("69.33") and number(cents(F(208, 3))) == number(F(208, 3))
    assert cents(F(56, 3)) == F("18.67") and cents(12) == 12 and cents(F(5, 2)) == F("2.5")


@pytest.mark.parametrize(
    "values",
    [
        [8, F(56, 3), F(56, 3)],  # the fiche of the issue: 8 + 18.67 + 18.67 would print 45.34
        [F(40, 3), 8, F(56, 3), F(56, 3), F(32, 3)],  # a vacataire of the shipped department
        [F(1, 3)] * 7,
        [F(2, 3)] * 5 + [F(3, 2), 12],
        [],
    ],
)
def test_apportioned_values_add_up_to_their_rounded_total(values):
    from planner.numbers import apportion, cents

    printed = apportion(values)
    assert sum(printed, F(0)) == cents(sum(values, F(0)))
    for exact, p in zip(values, printed):
        assert (p * 100).denominator == 1 and abs(p - exact) < F(1, 100)
        if (F(exact) * 100).denominator == 1:
            assert p == exact  # a value already in cents is never changed


def test_apportion_gives_the_cent_to_the_largest_remainder_then_the_first():
    from planner.numbers import apportion

    assert apportion([8, F(56, 3), F(56, 3)]) == [8, F("18.67"), F("18.66")]
    assert apportion([F(40, 3), F(56, 3)]) == [F("13.33"), F("18.67")]  # 32.00: .0067 beats .0033
