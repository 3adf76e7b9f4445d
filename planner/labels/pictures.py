"""The words of the pictures: weeks.png (the weekly loads) and sweep.png (a sweep's fronts)."""

from __future__ import annotations

# --- weeks.png ---------------------------------------------------------------------------

WEEKS_STUDENT = "Heures de cours par semaine d'un étudiant"
WEEKS_TEACHER = "Heures d'enseignement par semaine de chaque enseignant"
WEEKS_COLORBAR = "heures"
WEEKS_RANGE = "Semaines {first} ({first_monday}) à {last} ({last_monday})"
WEEKS_MARKS = "S stage, E entreprise (alternance), V vacances (fermeture), · hors semestre, U indisponible"
WEEKS_NO_FIT = "Pas de répartition par semaine : les heures ne tiennent pas."
COHORT = "BUT {year} {parcours}"
STUDENT = "BUT {year} {parcours} (étudiant)"
WHO = "Qui"
UNAVAILABLE = "U"  # the mark of a week a teacher is unavailable

# --- sweep.png ---------------------------------------------------------------------------

SWEEP_TITLE = "Balayage {name} : {done} variantes{missing} ; le meilleur est en bas à gauche"
SWEEP_MISSING = " ({n} en échec ou non lancées)"
SWEEP_AXES = {
    "uncovered_hours": "heures non couvertes",
    "peak_student_hours": "pic hebdomadaire d'un étudiant (h en une semaine)",
}
SWEEP_COST = "coût total (€ : heures complémentaires et vacations)"
SWEEP_VARIANT = "variante"
SWEEP_FRONT = "front de Pareto"
SWEEP_FIRST = "{name} (référence)"
SWEEP_SAME = "{name} (+{n} identiques)"
