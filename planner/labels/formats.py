"""The one rule of a workbook cell's number format: cells stay numbers, the reader's locale shows them.

A French Excel or LibreOffice shows ``#,##0.00`` as ``1 234,50``. A number is
shown as a CSV file writes it (``numbers.csv_number``: a whole number without
decimals, a half with one, as hours in halves read, another with two), money
always with two decimals, a date as ``lundi 1
septembre 2025`` (French names whatever the locale).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

HETD_FORMAT = "#,##0.00"  # two decimals: HETD, money, any number that is neither whole nor a half
HALF_FORMAT = "#,##0.0"  # one decimal: a half (hours in halves: 4,5)
WHOLE_FORMAT = "#,##0"  # 1 234
DATE_FORMAT = "[$-40C]dddd d mmmm yyyy"  # lundi 1 septembre 2025 ([$-40C]: French names)
MONEY = "€"  # a header or label naming euros holds money


def number_format(value, label: str = "") -> str | None:
    """The number format of an xlsx cell holding ``value``: the rule of every workbook.

    Parameters
    ----------
    value
        The cell's value, before ``numbers.cell_value`` (a Fraction, int, float, date, text…).
    label
        The header of its column or the label beside it: one that names euros
        (``Coût (€)``) makes the value money, shown with two decimals even when whole.

    Returns
    -------
    str or None
        ``DATE_FORMAT`` for a date; for a number, ``WHOLE_FORMAT``, ``HALF_FORMAT``
        (4,5) or ``HETD_FORMAT`` (money, or anything else); None for text,
        booleans and empty cells.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, dt.date):
        return DATE_FORMAT
    if not isinstance(value, (int, Fraction, float)):
        return None
    if MONEY in label:
        return HETD_FORMAT
    if float(value).is_integer():
        return WHOLE_FORMAT
    return HALF_FORMAT if float(value * 2).is_integer() else HETD_FORMAT
