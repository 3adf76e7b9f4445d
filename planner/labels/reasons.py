"""Why hours are uncovered (``assign.solution.explain``, ``weeks.room``) or a scenario failed, in French."""

from __future__ import annotations

import re

REASONS = (  # English phrase -> French, applied in order
    (
        r"no teacher is qualified for (.+?) \(add one in qualifications\.csv\)",
        r"aucun enseignant n'est qualifié pour \1 (en ajouter un dans qualifications.csv)",
    ),
    (
        r"all (\d+) qualified teachers are full for the weeks "
        r"\(teaching hours / room under their weekly cap\)",
        r"les \1 enseignants qualifiés n'ont plus de place dans leurs semaines (heures / place sous leur "
        r"plafond hebdomadaire)",
    ),
    (
        r"all (\d+) qualified teachers are full \(taught/yearly cap\)",
        r"les \1 enseignants qualifiés sont à leur plafond annuel (assuré/plafond)",
    ),
    (
        r"qualified teachers with room left were not used \(time limit reached\?\)",
        r"des enseignants qualifiés ayant encore de la place n'ont pas été retenus "
        r"(limite de temps atteinte ?)",
    ),
    (r"; weekly caps leave no room", r" ; les plafonds hebdomadaires ne laissent pas de place"),
    (r"; full", r" ; à leur plafond"),
    (r"\(of which ([\d.]+) locked\)", r"(dont \1 verrouillées)"),
    (r" h in the (\S+) weeks", r" h dans les semaines de \1"),
    # why a scenario is not feasible, or failed (scenarios.outcome.Outcome.reasons, joined by "; ")
    (r"(^|; )uncovered ", r"\1non couvert : "),
    (r"(^|; )weeks: ", r"\1semaines : "),
    (r"^failed: ", "échec : "),
    (r"(\S): ", r"\1 : "),
)


def reason(text: str) -> str:
    """Why hours are uncovered, in French (the known phrasings; anything else is kept as is)."""
    for english, french in REASONS:
        text = re.sub(english, french, text)
    return text
