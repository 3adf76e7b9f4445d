"""The fiches' vocabulary: the words of the document a teacher and the head of department sign.

The balance words (service dû, décharges, heures complémentaires, vacations,
sous-service) are shared with every other document (summary, comparisons).
"""

from __future__ import annotations

SERVICE_DU = "Service dû"
REDUCTIONS = "Décharges"
SERVICE_NET = "Service dû net"
HC = "Heures complémentaires"
VACATIONS = "Heures de vacation"
SOUS_SERVICE = "Sous-service"
OTHER = "Heures hors de ce plan (autres années, autres services)"
DONE = "Service effectué"
BALANCED = "Service dû atteint"
TOTAL = "Total"
SUBTOTAL = "Sous-total"
SEMESTER = "S{semester}"  # a semester as documents write it: S3

FICHE_TITLE = "Fiche de service"
FICHE_TEACHER = "Enseignant"
FICHE_STATUS = "Statut"
FICHE_YEARS = "Année de BUT"
FICHE_HOME = "Rattachement"  # the home department of a teacher of an IUT
FICHE_DEPARTMENT = "Département"
FICHE_COLUMNS = (  # the fiche's table, as printed on paper
    "Semestre",
    "Parcours",
    "Code",
    "Module",
    "Activité",
    "Groupes",
    "Heures par groupe",
    "Heures",
    "Coef. HETD",
    "HETD",
)
FICHE_SHORT_COLUMNS = (
    "Sem.",
    "Parcours",
    "Code",
    "Module",
    "Act.",
    "Gr.",
    "h/gr.",
    "Heures",
    "Coef.",
    "HETD",
)
PLAN_HETD = "Total HETD de ce plan"
SHARED = "Module partagé entre parcours (enseigné aux parcours ensemble)"
NO_TEACHING = "Aucun enseignement dans ce plan"
COST_HC = "Coût des heures complémentaires (€)"
COST_VACATIONS = "Coût des vacations (€)"
SIGN_TEACHER = "Signature de l'enseignant"
SIGN_HEAD = "Signature du chef de département"
SIGN_DATE = "Date"
NOTE = "Note"
NOTE_UNKNOWN_MODULES = "modules absents de la maquette de {source} : {codes}"
NOTE_UNKNOWN_STATUS = "statut {status!r} absent de statuses.csv de {source}"
NOTE_YEARS_ONLY = (  # a fiche of a single-year plan whose other years have no saved plan
    "ce bilan ne compte que l'année {years} : le service {missing} n'est pas compté (aucun plan "
    "enregistré). Heures complémentaires et sous-service ne sont pas ceux de l'année universitaire."
)
OF_YEARS = ("de l'année {years}", "des années {years}")  # one other year, several
REH = "REH"  # référentiel d'équivalence horaire: service beyond teaching, item by item on the fiche
PAGE = "Page {page} / {pages}"  # a printed page's footer
NONE = "—"  # an empty field (no BUT year)


def colon(label: str) -> str:
    """A label before its value, the French way: ``Statut :``."""
    return f"{label} :"
