"""Numbers and dates on the pages, written the French way (``1 234,5``), as on the fiches."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from planner import labels
from planner.numbers import number

NBSP = "\u202f"  # narrow no-break space: the French thousands separator


def num(value, digits: int = 2) -> str:
    """``1 234,5``: at most ``digits`` decimals, none when whole; blank for None."""
    if value is None or value == "" or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, str):
        return value
    text = f"{float(value):,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(",", NBSP).replace(".", ",")


def fixed(value, digits: int = 2) -> str:
    """``1 234,50``: always ``digits`` decimals (money)."""
    if value is None:
        return ""
    return number(Fraction(value).limit_denominator(10**6), digits, fixed=True, french=True)


def when(value: dt.datetime | None) -> str:
    """A moment as ``lundi 1 septembre 2025, 14 h 05`` (local time)."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    local = value.astimezone()
    return f"{labels.date_text(local.date())}, {local:%H} h {local:%M}"


def width(value, whole) -> float:
    """A bar's width in percent of ``whole`` (at most 150 %, so that overload stays visible)."""
    if not whole:
        return 0.0
    return max(0.0, min(150.0, 100.0 * float(value) / float(whole)))


HEADERS = {  # the input tables' columns on the pages (labels.COLUMNS first, for the words documents share)
    "id": "Identifiant",
    "field": "Domaine",
    "reductions": "Décharges (HETD)",
    "other_hetd": "Fait ailleurs (HETD)",
    "max_hetd": "Plafond HETD",
    "max_hc": "Plafond HC",
    "wishes": "Vœux",
    "pattern": "Motif de code",
    "activities": "Activités",
    "weight": "Poids",
    "students": "Étudiants",
    "td_size": "Taille TD",
    "tp_size": "Taille TP",
    "opening": "Seuil d'ouverture",
    "grouping": "Groupement",
    "label": "Libellé",
    "cm_factor": "Coef. CM",
    "td_factor": "Coef. TD",
    "tp_factor": "Coef. TP",
    "hc_rate": "Taux HC (€/HETD)",
    "permanent": "Titulaire",
    "max_weekly_hours": "Plafond hebdo. (h)",
    "from_week": "De la semaine",
    "to_week": "à la semaine",
    "kind": "Type",
    "total": "Total",
    "step": "Pas (h)",
}


def header(column: str) -> str:
    """A column of an input table, in French (the CSV name stays in the tooltip)."""
    return HEADERS.get(column) or labels.COLUMNS.get(column, column)


FILTERS = {
    "header": header,
    "num": num,
    "fixed": fixed,
    "when": when,
    "width": width,
    "activity": labels.value,
}
