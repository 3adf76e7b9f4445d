"""How numbers are written: as text for people and CSV files, and as xlsx cell values.

HETD and hours are exact fractions inside the planner. For people, a whole
number prints without decimals and another with two (``16``, ``5.33``); the
fiches, signed documents, print them the French way (``1 234,50``); money in
tables gets a thin-space thousands separator (``43 965``).

Printed figures add up: ``cents`` is a value as printed, and ``apportion``
rounds a teacher's lines to the cent so that they add up to their total as
printed (largest remainder). Every sum a person can redo is then made of the
printed figures: fiche lines, sous-totaux, total, service effectué, and the
rows of assignments.csv against services.csv.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction

NBSP = "\u00a0"


def number(
    value,
    decimals: int = 2,
    *,
    fixed: bool = False,
    thousands: str = "",
    french: bool = False,
) -> str:
    """A number as text.

    Parameters
    ----------
    value
        An int, Fraction or float; None gives ``""``, anything else ``str(value)``.
    decimals
        Decimals of a number that is not whole (or of every number, with ``fixed``).
    fixed
        Always print ``decimals`` decimals, even for a whole number.
    thousands
        Thousands separator (none by default: CSV files hold plain numbers).
    french
        Decimal comma and a non-breaking space between thousands (the fiches).

    Returns
    -------
    str
        ``number(Fraction(16, 3))`` is ``"5.33"``, ``number(12)`` is ``"12"``,
        ``number(1234.5, french=True)`` is ``"1 234,50"``.
    """
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if not isinstance(value, (int, Fraction, float)):
        return str(value)
    if not fixed and value == int(value):
        text = f"{int(value):,}"
    else:
        text = f"{float(value):,.{decimals}f}"
    if french:
        thousands = NBSP
    text = text.replace(",", "\0").replace(".", "," if french else ".")
    return text.replace("\0", thousands)


def hours_text(value, *, french: bool = False) -> str:
    """Hours as a department writes them: ``4``, ``4.5`` (``4,5`` in French documents).

    A whole or half number of hours prints with no decimal or one; any other
    value (an average, say) as ``number`` prints it.
    """
    if isinstance(value, bool) or not isinstance(value, (int, Fraction, float)):
        return number(value)
    one = float(value * 2).is_integer()
    return number(value, 1 if one else 2, french=french)


def csv_number(value) -> str:
    """A CSV cell: as ``number`` writes it, except that a half prints with one decimal (``4.5``).

    Hours in halves then read as the maquette writes them; every other value is
    unchanged (HETD in cents: ``5.33``).
    """
    if isinstance(value, Fraction) and value.denominator == 2:
        return number(value, 1)
    return number(value)


def cell_value(value, digits: int | None = 4):
    """A value for an xlsx cell: a Fraction as an int when whole, else a float.

    Floats are rounded to ``digits`` decimals (None: kept exact, as the fiches
    do, whose cells show two decimals through their number format).
    """
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return int(value)
        return float(value) if digits is None else round(float(value), digits)
    if isinstance(value, float) and digits is not None:
        return round(value, digits)
    return value


CENT = Fraction(1, 100)


def cents(value) -> Fraction:
    """A value rounded to the cent exactly as ``number`` prints it (whole numbers stay whole).

    ``cents(Fraction(208, 3))`` is ``Fraction(6933, 100)``: 69.33, as services.csv prints it.
    """
    value = Fraction(value)
    if value.denominator == 1:
        return value
    return Fraction(f"{float(value):.2f}")


def printed_cost(hetd, rate) -> Fraction:
    """The cost of HETD as printed (cents) at a rate in € per HETD, to the cent: what a fiche prints.

    ``printed_cost(Fraction(208, 3), 42)`` is 69.33 × 42 = 2 911.86.
    """
    return cents(cents(hetd) * Fraction(rate))


def apportion(values: Iterable) -> list[Fraction]:
    """Values rounded to the cent so that they add up to their total rounded to the cent.

    Largest remainder: each value is rounded down to the cent, then the cents
    the total is missing go one each to the values with the largest remainders
    (the first one on a tie). A value already in cents is never changed.

    Parameters
    ----------
    values
        Exact values (Fractions, ints), in a fixed order: the order breaks ties.

    Returns
    -------
    list of Fraction
        Values in cents whose sum is ``cents(sum(values))``; for example
        8 + 56/3 + 56/3 (45.333…) gives 8, 18.67, 18.66 (45.33), where rounding
        each value would give 8 + 18.67 + 18.67 = 45.34.
    """
    exact = [Fraction(v) for v in values]
    floors = [Fraction(math.floor(v * 100), 100) for v in exact]
    short = int((cents(sum(exact, Fraction(0))) - sum(floors, Fraction(0))) / CENT)
    by_remainder = sorted(range(len(exact)), key=lambda i: (floors[i] - exact[i], i))
    for i in by_remainder[:short]:
        floors[i] += CENT
    return floors
