"""Dates and weeks as French documents write them: ``lundi 1 septembre 2025``, ``S36``."""

from __future__ import annotations

import datetime as dt
import re

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
ISO_WEEK = re.compile(r"\b(\d{4})-W(\d{2})\b")


def date_text(day: dt.date) -> str:
    """A date the French way: ``lundi 1 septembre 2025``."""
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def week(iso: str) -> str:
    """An ISO week (``2025-W36``) as a French document writes it: ``S36``."""
    match = ISO_WEEK.fullmatch(iso)
    return f"S{match.group(2)}" if match else iso


def monday(iso: str) -> dt.date:
    """The Monday of an ISO week (``2025-W36`` -> 2025-09-01)."""
    match = ISO_WEEK.fullmatch(iso)
    if match is None:
        raise ValueError(f"{iso!r} is not an ISO week (YYYY-Www)")
    return dt.date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)


def where(text: str) -> str:
    """A place in a layout (``year 2 OSC, 2025-W41``) in French: ``BUT 2 OSC, S41``."""
    text = re.sub(r"\byear (\d)", r"BUT \1", text)
    return ISO_WEEK.sub(lambda m: f"S{m.group(2)}", text)
