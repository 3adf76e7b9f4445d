"""The words of the documents people read, in French: one table for every xlsx, PDF and PNG.

The fiches de service, summary.xlsx, plan.xlsx, compare.xlsx, load.png and
weeks.png take their titles, headers, legends and axis labels from here, in
the fiches' vocabulary (service dû, décharges, heures complémentaires,
vacations, sous-service). CSV files are data for programs: they keep their
English column names (``store.plan``), and the xlsx sheets show the same
columns under the French headers of ``COLUMNS``. What the command line prints
stays in English.

Numbers stay numbers in the workbooks: a cell holds the value and its number
format (``HETD_FORMAT``, ``WHOLE_FORMAT``, ``EUR_FORMAT``) shows it in the
reader's locale, so French Excel or LibreOffice show ``1 234,50``. Dates are
real dates shown as ``lundi 1 septembre 2025`` (``DATE_FORMAT``, French
names whatever the locale); a week is written ``S36``.
"""

from __future__ import annotations

import datetime as dt
import re

# --- the fiches' vocabulary ------------------------------------------------------------

SERVICE_DU = "Service dû"
REDUCTIONS = "Décharges"
SERVICE_NET = "Service dû net"
HC = "Heures complémentaires"
VACATIONS = "Heures de vacation"
SOUS_SERVICE = "Sous-service"
OTHER = "Heures hors de ce plan (autres années, autres services)"
DONE = "Service effectué"

# --- xlsx number formats (cells stay numbers; the reader's locale gives the separators) --

HETD_FORMAT = "#,##0.00"  # 1 234,50 in a French Excel or LibreOffice
WHOLE_FORMAT = "#,##0"  # 1 234
EUR_FORMAT = '#,##0.00 "€"'  # 1 234,50 €
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "[$-40C]dddd d mmmm yyyy"  # lundi 1 septembre 2025 ([$-40C]: French names)

# --- sheets and their columns -------------------------------------------------------------

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
NOT_RUN = "non lancé : calcul interrompu (Ctrl-C) avant son tour"

# --- summary.xlsx ---------------------------------------------------------------------

FIGURES = {  # the headline figures (reports.summary.FIGURES), with their unit
    "years": "Année(s) de BUT",
    "demand_h": "Demande",
    "demand_hetd": "Demande",
    "service_net": "Service dû net (personnels devant un service)",
    "outside": "Déjà compté hors de ce plan",
    "available": "Service disponible pour ce plan",
    "limit": "Maximum attribuable (plafonds HC, vacataires)",
    "assigned": "Attribué (compté dans les services)",
    "hc": HC,
    "hc_cost": "Coût des heures complémentaires",
    "vac_h": "Vacations",
    "vac_hetd": "Vacations",
    "vac_cost": "Coût des vacations",
    "sous_service": SOUS_SERVICE,
    "uncovered_h": "Non couvert",
    "uncovered_hetd": "Non couvert",
    "total_cost": "Coût total (heures complémentaires et vacations)",
}
UNITS = {"h": "h", "HETD": "HETD", "€": "€", "": ""}
DEMAND_HEADER = (
    "Année de BUT",
    "Semestre",
    "Activité",
    "Demande (h)",
    "Demande (HETD)",
    "Assuré par les personnels (h)",
    "Vacations (h)",
    "Non couvert (h)",
    "Non couvert (HETD)",
)
TEACHER_HEADER = (
    "Enseignant",
    "Nom",
    "Statut",
    "Service dû net",
    "Hors de ce plan",
    "Ce plan (HETD)",
    "Ce plan (h)",
    DONE,
    "Heures complémentaires ou vacations",
    SOUS_SERVICE,
    "Coût (€)",
    "Maximum que ce plan peut donner",
    "Vacataire",
)
UNCOVERED_HEADER = ("Année de BUT", "Semestre", "Parcours", "Code", "Activité", "Heures", "HETD", "Raison")
SEMESTER_TOTAL = "Total S{semester}"
KEY_FIGURES = "Chiffres clés"
PEAKS = "Pics de charge hebdomadaire"
PEAK_HEADER = ("Qui", "Heures", "Semaine", "Plafond")
NO_PEAKS = "Pas de répartition par semaine pour ce plan."
UNCOVERED = "Heures non couvertes"
NOTHING_UNCOVERED = "Aucune : toute la demande est couverte."
MORE_UNCOVERED = "… et {n} autres lignes : feuille « Non couvert »."
ASSUMPTIONS = "Hypothèses en vigueur"
STATUS_HEADER = ("Statut", "Service dû", "Plafond HC", "Coef. CM / TD / TP", "Taux HC (€/HETD)")
COHORT_HEADER = ("Cohorte", "Étudiants", "Taille TD", "Taille TP")
FIXED_GROUPS = "Groupes fixés (groups.csv) : {groups}"
POOLING = "Mutualisation des modules communs entre parcours : {value}"
STUDENT_CAP = "Plafond hebdomadaire d'un étudiant : {hours} h"
CHART_DATA = "Données du graphique"

SUMMARY_TITLE = "Synthèse du plan de service — BUT {years}"
NOT_MEANINGFUL = "non significatif pour une seule année"
YEARS_NOT_COUNTED = (
    "Attention : seule l'année {years} est planifiée. Le service des mêmes enseignants en année {missing} "
    "n'est pas compté (aucun plan enregistré dans {root}) : le sous-service est {not_meaningful}, les "
    "heures complémentaires et leur coût sont un minimum."
)
PLAN_ALL_YEARS = "Pour le service complet : {all}, ou les années l'une après l'autre : {each}."
LOAD_CHART_TITLE = "Charge par enseignant (HETD)"
YES, NO = "oui", "non"

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

# --- load.png ----------------------------------------------------------------------------

LOAD_TITLE = "Charge par enseignant et service dû net (plan du BUT {years})"
LOAD_OUTSIDE = "compté hors de ce plan"
LOAD_WITHIN = "ce plan, dans le service dû"
LOAD_BEYOND = "ce plan, au-delà du service dû (heures complémentaires, vacations)"
LOAD_SERVICE = "service dû net"
LOAD_AXIS = "HETD"

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
TOTAL = "Total"

# --- dates and weeks ---------------------------------------------------------------------

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


# --- the reasons of uncovered hours (assign.solution.explain, weeks.room) -----------------

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


# --- table sheets ------------------------------------------------------------------------


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
