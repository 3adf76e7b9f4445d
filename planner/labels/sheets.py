"""Table sheets in French: sheet names, column headers, and the words of status-like cells.

CSV files are data for programs and keep their English column names
(``store.rows``); the xlsx sheets show the same columns under the French
headers of ``COLUMNS``, and the status words of ``VALUES``.
"""

from __future__ import annotations

import re

from planner.labels.dates import ISO_WEEK, monday, week
from planner.labels.fiche import REDUCTIONS, SERVICE_DU

SHEETS = {
    # plan.xlsx
    "assignments": "Attributions",
    "services": "Services",
    "uncovered": "Non couvert",
    "solver": "Solveur",
    "weeks": "Semaines",
    "week_grid": "Grille des semaines",
    # summary.xlsx
    "overview": "Synthèse",
    "demand": "Demande",
    "teachers": "Enseignants",
    "chart": "Charge (image)",
    "departments": "Départements",  # an IUT's
    "teachers by department": "Enseignants par département",
    # compare.xlsx
    "compare": "Comparaison",
    "changes": "Changements",
    "scenarios": "Scénarios",
    # sweep.xlsx
    "sweep": "Balayage",
    "levers": "Leviers",
}

COLUMNS = {  # a CSV column or English key -> its French header
    "teacher": "Enseignant",
    "department": "Département",
    "home department": "Département de rattachement",
    "demand_hours": "Demande (h)",
    "staff_hours": "Assuré par les enseignants (h)",
    "uncovered_hetd": "Non couvert (HETD)",
    "name": "Nom",
    "status": "Statut",
    "year": "Année de BUT",
    "semester": "Semestre",
    "parcours": "Parcours",
    "code": "Code",
    "module": "Module",
    "activity": "Activité",
    "group": "Groupe",
    "groups": "Groupes",
    "hours": "Heures",
    "hetd": "HETD",
    "service_du": SERVICE_DU,
    "reductions": REDUCTIONS,
    "other_hetd": "Heures hors de ce plan (HETD)",
    "assigned_hetd": "HETD attribuées (ce plan)",
    "hc_hetd": "Heures complémentaires (HETD)",
    "sous_service_hetd": "Sous-service (HETD)",
    "cost_eur": "Coût (€)",
    "reason": "Raison",
    "iso_week": "Semaine",
    "monday": "Semaine du",
    # the solver sheet of plan.xlsx
    "stage": "Étape",
    "value": "Valeur",
    "bound": "Borne",
    "gap": "Écart",
    "proven": "Prouvé",
    "engine": "Moteur",
    "seconds": "Durée (s)",
    "time": "Durée (s)",
    # compare.xlsx
    "scenario": "Scénario",
    "description": "Description",
    "feasible": "Réalisable",
    "assignment_status": "Attribution (solveur)",
    "weeks_status": "Répartition par semaine",
    "weeks_seconds": "Durée des semaines (s)",
    "peak_where": "Pic : où",
    "kept": "Repris de la référence (années, départements)",
    "file": "Fichier",
    "notes": "Notes",
    "why not feasible": "Pourquoi ce n'est pas réalisable",
    "reference_hours": "Heures (référence)",
    "delta_hours": "Δ heures",
    "delta_hetd": "Δ HETD",
    "changed in": "Changé dans",
    # the scenario figures (scenarios.outcome.METRICS)
    "demand_hetd": "Demande (HETD)",
    "hc_eur": "Heures complémentaires (€)",
    "vacataire_hours": "Vacations (h)",
    "vacataire_eur": "Vacations (€)",
    "uncovered_hours": "Non couvert (h)",
    "td_groups": "Groupes de TD",
    "tp_groups": "Groupes de TP",
    "peak_student_hours": "Pic hebdomadaire d'un étudiant (h)",
    "assignments_changed": "Attributions changées",
    "hetd_moved": "HETD déplacées",
    # sweep.xlsx
    "variant": "Variante",
    "state": "État du calcul",
    "lever": "Levier",
    "values": "Valeurs",
    "peak_teacher_hours": "Pic hebdomadaire d'un enseignant (h)",
    "pareto_uncovered": "Front de Pareto : coût et heures non couvertes",
    "pareto_peak": "Front de Pareto : coût et pic étudiant",
    "peak_student_where": "Pic étudiant : où",
    "peak_teacher_where": "Pic enseignant : où",
}
SHEET_COLUMNS = {"solver": {"status": "État"}}  # where a column means something else

VALUES = {  # words in the cells of status-like columns
    "optimal": "optimal",
    "feasible": "réalisable (limite de temps)",
    "not solved": "non résolu à temps",
    "interrupted": "interrompu",
    "does not fit": "ne tient pas",
    "not laid out": "non réparti",
    "yes": "oui",
    "no": "non",
    "no: uncovered": "non : heures non couvertes",
    "no: weeks": "non : les semaines",
    "True": "oui",
    "False": "non",
    # assignment stages (assign.cpsat.STAGES)
    "uncovered": "heures non couvertes",
    "cost": "coût",
    "sous_service": "sous-service",
    "fairness": "équité (plus fortes heures complémentaires)",
    "stability": "stabilité (unités déplacées)",
    "fragmentation": "dispersion (modules par enseignant)",
    "wishes": "vœux",
    # the state of a scenario or sweep variant (scenarios.outcome.Outcome.state)
    "done": "résolu",
    "failed": "échec",
    "not run": "non lancé",
    "running": "en cours",
}
VALUE_COLUMNS = (
    "stage",
    "status",
    "proven",
    "feasible",
    "assignment_status",
    "weeks_status",
    "state",
    "pareto_uncovered",
    "pareto_peak",
)
YES, NO = "oui", "non"
NOT_RUN = "non lancé : calcul interrompu (Ctrl-C) avant son tour"
DELTA = "Δ {header}"  # a column of differences against the first scenario
SCENARIO_DONE = "{scenario} : service effectué"  # compare.xlsx, per teacher
SCENARIO_HC = "{scenario} : HC"
SCENARIO_DELTA_DONE = "{scenario} : Δ service"
SCENARIO_DELTA_HC = "{scenario} : Δ HC"


def header(column: str, sheet: str = "") -> str:
    """The French header of a column (an unknown column keeps its name)."""
    return SHEET_COLUMNS.get(sheet, {}).get(column) or COLUMNS.get(column, column)


def value(text):
    """A word of a status-like cell in French (numbers and unknown words are kept)."""
    if not isinstance(text, str):
        return text
    tries = re.fullmatch(r"(.+) \((\d+) tries\)", text)
    if tries:
        return f"{VALUES.get(tries.group(1), tries.group(1))} ({tries.group(2)} essais)"
    return VALUES.get(text, text)


def french_table(sheet: str, columns: list[str], rows: list[list]) -> tuple[str, list[str], list[list]]:
    """A table sheet in French: its name, its headers, and the words of its status-like columns.

    Parameters
    ----------
    sheet
        The sheet's key (``assignments``, ``solver``…): its French name comes from ``SHEETS``.
    columns
        The English column names (the CSV header).
    rows
        The rows; an ``iso_week`` column (``2025-W36``) becomes the week ``S36``
        followed by its Monday, a date.

    Returns
    -------
    tuple of (str, list of str, list of list)
    """
    convert = [c in VALUE_COLUMNS for c in columns]
    weekly = columns.index("iso_week") if "iso_week" in columns else None
    names = [header(c, sheet) for c in columns]
    if weekly is not None:
        names.insert(weekly + 1, COLUMNS["monday"])
    out = []
    for row in rows:
        cells = [value(x) if c else x for x, c in zip(row, convert)]
        if weekly is not None:
            iso = cells[weekly]
            cells[weekly : weekly + 1] = (
                [week(iso), monday(iso)] if ISO_WEEK.fullmatch(str(iso)) else [iso, ""]
            )
        out.append(cells)
    return SHEETS.get(sheet, sheet), names, out
