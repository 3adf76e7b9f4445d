"""The words of summary.xlsx and load.png: figures, tables, peaks, assumptions, an IUT's departments."""

from __future__ import annotations

from planner.labels.fiche import DONE, HC, SOUS_SERVICE

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
FIXED_GROUP = "BUT {year} {parcours} {kind} : {n}"
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
AND = " et "  # between the last two of a list of years
PLAN_ALL_YEARS = "Pour le service complet : {all}, ou les années l'une après l'autre : {each}."
LOAD_CHART_TITLE = "Charge par enseignant (HETD)"
PEAK_STUDENT = "{who} (étudiant)"
UNCOVERED_WHAT = "BUT {year} S{semester} {parcours} {code} {activity}"

# --- load.png ----------------------------------------------------------------------------

LOAD_TITLE = "Charge par enseignant et service dû net (plan du BUT {years})"
LOAD_OUTSIDE = "compté hors de ce plan"
LOAD_WITHIN = "ce plan, dans le service dû"
LOAD_BEYOND = "ce plan, au-delà du service dû (heures complémentaires, vacations)"
LOAD_SERVICE = "service dû net"
LOAD_AXIS = "HETD"

# --- an IUT's summary: per department ------------------------------------------------

DEPARTMENT_HETD = "{department} (HETD)"  # a teacher's HETD in one department
DEPARTMENT_SHARE = "{label} (part du département)"
DEPARTMENT_FIGURES_HEADER = ("Chiffre", "Valeur", "Unité")
DEPARTMENT_TEACHER_HEADER = (
    "Heures ici",
    "HETD ici",
    "HETD dans ce plan",
    "Heures compl. / vacations (part)",
    "Coût (part, €)",
)
