"""The one rule of a workbook cell's number format: cells stay numbers, the reader's locale shows them.

A French Excel or LibreOffice shows ``#,##0.00`` as ``1 234,50``. A number is
shown as ``numbers.number`` prints it (a whole number without decimals,
another with two), money always with two decimals, a date as ``lundi 1
septembre 2025`` (French names whatever the locale).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

HETD_FORMAT = "#,##0.00"  # two decimals: HETD, hours that are not whole, money
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
        ``DATE_FORMAT`` for a date; for a number, ``HETD_FORMAT`` (money, or not
        whole) or ``WHOLE_FORMAT``; None for text, booleans and empty cells.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, dt.date):
        return DATE_FORMAT
    if not isinstance(value, (int, Fraction, float)):
        return None
    if MONEY in label:
        return HETD_FORMAT
    return WHOLE_FORMAT if float(value).is_integer() else HETD_FORMAT
