"""The staff of a generated IUT: teachers, qualifications and one lock per department.

Each module belongs to a *field* (production, anglais, maths-stats…): the field
of the template's teachers most qualified for it. A department's demand per
field, in HETD, sizes its staff under one of four *mixes*: the share of that
demand its permanent staff (at a typical load with some heures
complémentaires), its ATER and doctorants, and its vacataires can take. Each
teacher is qualified for a random part of their field's modules in their home
department; about 15 % of all teachers are also qualified, in one or two other
departments chosen at random, for every module of their field there
(patterns ``GEA/R3.01``), as a colleague of that field. Names are drawn from common French names: any
likeness to a real person is a coincidence.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import random
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from fractions import Fraction

from planner.data.inputs import Inputs
from planner.data.iut import FOLDER
from planner.demand import build_demand
from planner.generate.department import Department
from planner.store.atomic import csv_text

GENERAL = ("maths-stats", "anglais", "communication", "droit")
PERMANENT = {  # status -> weight, for technical fields and for general ones
    "technical": {"MCF": 45, "PR": 8, "PRAG": 17, "PRCE": 20, "contractuel": 10},
    "general": {"PRAG": 35, "PRCE": 35, "MCF": 25, "PR": 5},
}
LOAD = {  # HETD a teacher of this status typically gives (service dû and some HC), to size the staff
    "PR": 240,
    "MCF": 260,
    "PRAG": 450,
    "PRCE": 450,
    "contractuel": 420,
    "ATER": 192,
    "ATER-mi-temps": 96,
    "doctorant": 64,
    "vacataire": 72,
}
MIXES = {  # share of a field's demand sized for permanent staff, ATER and doctorants, vacataires
    "balanced": (0.85, 0.05, 0.08),
    "vacataire-heavy": (0.60, 0.05, 0.22),
    "ATER-heavy": (0.55, 0.30, 0.10),
    "short of qualified staff": (0.65, 0.0, 0.10),
}
SHARED = 0.15  # share of teachers also qualified in other departments
FIRST = (
    "Alice", "Antoine", "Camille", "Céline", "Claire", "Damien", "David", "Élodie", "Émilie", "Fabien",
    "François", "Hélène", "Hugo", "Inès", "Isabelle", "Jean", "Julie", "Julien", "Karim", "Laura",
    "Léa", "Louis", "Lucie", "Marc", "Marie", "Mathieu", "Nadia", "Nicolas", "Olivier", "Pauline",
    "Pierre", "Quentin", "Romain", "Sarah", "Sophie", "Thomas", "Valérie", "Vincent", "Yanis", "Zoé",
)  # fmt: skip
LAST = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
    "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
    "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
    "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
    "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin",
    "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier",
    "Roger", "Roche", "Roy", "Noël", "Meyer", "Lucas", "Meunier", "Jean", "Perez", "Marchand",
    "Dufour", "Blanchard", "Marie", "Barbier", "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin",
)  # fmt: skip


@dataclass
class Teacher:
    id: str
    name: str
    status: str
    field: str
    department: str
    reductions: int = 0
    other_hetd: int = 0
    max_hetd: int | None = None
    wishes: list[str] = dataclasses.field(default_factory=list)
    codes: list[str] = dataclasses.field(default_factory=list)  # home department codes qualified for
    activities: str = "*"  # of those codes


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(" ", "")


def fields_of(template: Inputs) -> dict[str, str]:
    """The field of each template code: the field of the teachers most qualified for it."""
    field_of = {t.id: t.field for t in template.teachers}
    score: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    codes = sorted({m.code for m in template.modules})
    for q in template.qualifications:
        for code in fnmatch.filter(codes, q.pattern):
            score[code][field_of[q.teacher]] += q.weight + 1
    return {code: max(sorted(s), key=lambda f: s[f]) for code, s in score.items()}


def demand_by_field(template: Inputs, d: Department, owner: dict[str, str]) -> dict[str, dict[str, Fraction]]:
    """field -> code -> HETD of the department's demand (all three years)."""
    inputs = replace(
        template,
        modules=d.modules,
        cohorts={(c.year, c.parcours): c for c in d.cohorts},
        group_counts={},
        locks=[],
        cotaught=[],
        periods=[],
    )
    out: dict[str, dict[str, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
    for part in build_demand(inputs, [1, 2, 3]).parts:
        origin = d.origin.get(part.code)
        field_name = owner.get(origin, "gestion") if origin else "gestion"
        out[field_name][part.code] += part.hetd
    return out


class Roster:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.teachers: list[Teacher] = []
        self.ids: set[str] = set()

    def add(self, status: str, field_name: str, department: str) -> Teacher:
        rng = self.rng
        first, last = rng.choice(FIRST), rng.choice(LAST)
        base = _ascii(first[0] + last)
        tid, n = base, 1
        while tid in self.ids:
            n += 1
            tid = f"{base}{n}"
        self.ids.add(tid)
        t = Teacher(tid, f"{first} {last}", status, field_name, department)
        if status in ("PR", "MCF"):
            t.reductions = rng.choice((0, 0, 0, 16, 24, 32, 48))
        elif status in ("PRAG", "PRCE"):
            t.reductions = rng.choice((0, 0, 0, 24, 48))
        if status not in ("vacataire", "doctorant") and rng.random() < 0.1:
            t.other_hetd = rng.choice((16, 32, 64))
        if status == "vacataire":
            t.max_hetd = rng.choice((48, 64, 96))
        self.teachers.append(t)
        return t


def _staff_field(roster: Roster, d: Department, field_name: str, need: float, mix: tuple) -> list[Teacher]:
    rng = roster.rng
    kind = "general" if field_name in GENERAL else "technical"
    weights = PERMANENT[kind]
    out: list[Teacher] = []
    given = 0.0
    permanent, ater, vacataire = mix
    while given < permanent * need and (out or permanent * need >= 0.4 * LOAD["MCF"]):
        status = rng.choices(list(weights), list(weights.values()))[0]
        out.append(roster.add(status, field_name, d.code))
        given += LOAD[status]
    while kind == "technical" and given < (permanent + ater) * need:
        status = rng.choice(("ATER", "ATER", "ATER-mi-temps", "doctorant"))
        out.append(roster.add(status, field_name, d.code))
        given += LOAD[status]
    while given < (permanent + ater + vacataire) * need or not out:
        t = roster.add("vacataire", field_name, d.code)
        out.append(t)
        given += t.max_hetd or LOAD["vacataire"]
    return out


def staff_files(template: Inputs, departments: list[Department], seed: int) -> dict[str, str]:
    """teachers.csv, qualifications.csv and each department's locks.csv, as CSV texts."""
    rng = random.Random(f"{seed}|staff")
    owner = fields_of(template)
    roster = Roster(rng)
    quals: list[list] = []
    locks: dict[str, list[list]] = {}
    by_department: dict[str, dict[str, list[Teacher]]] = {}
    codes_of: dict[str, dict[str, list[str]]] = {}
    for d in departments:
        d.mix = rng.choice(list(MIXES))
        demand = demand_by_field(template, d, owner)
        codes_of[d.code] = {f: sorted(c) for f, c in demand.items()}
        short = set(rng.sample(sorted(demand), 2)) if d.mix == "short of qualified staff" else set()
        if short:
            d.notes.append(f"short in {', '.join(sorted(short))}")
        staff = {}
        for field_name in sorted(demand):
            need = float(sum(demand[field_name].values()))
            mix = (0.45, 0.0, 0.05) if field_name in short else MIXES[d.mix]
            staff[field_name] = _staff_field(roster, d, field_name, need, mix)
            codes = codes_of[d.code][field_name]
            share = 0.5 if field_name in short else 0.75
            for i, t in enumerate(staff[field_name]):
                mine = rng.sample(
                    codes, max(1, min(len(codes), round(share * len(codes)) + rng.randint(-1, 1)))
                )
                if i == 0 and field_name not in short:
                    mine = codes  # someone can teach every module of the field
                elif t.status in ("vacataire", "ATER-mi-temps", "doctorant"):
                    t.activities = "TD TP"  # no CM
                t.codes = sorted(mine)
                if rng.random() < 0.25:
                    t.wishes = rng.sample(t.codes, min(2, len(t.codes)))
        by_department[d.code] = staff
        lock = next(
            ((t, c) for ts in staff.values() for t in ts if t.status in ("MCF", "PR") for c in t.codes
             if any(m.code == c and m.hours.get("CM") for m in d.modules)),
            None,
        )  # fmt: skip
        locks[d.code] = [[lock[0].id, lock[1], "CM", "*", 1]] if lock else []
    for t in roster.teachers:
        for code in t.codes:
            quals.append([t.id, code, t.activities, rng.choice((1, 2, 3))])
    departments_codes = [d.code for d in departments]
    shared = rng.sample(roster.teachers, round(SHARED * len(roster.teachers))) if len(departments) > 1 else []
    for t in sorted(shared, key=lambda t: t.id):
        others = [c for c in departments_codes if c != t.department]
        for other in rng.sample(others, min(len(others), rng.choice((1, 1, 2)))):
            codes = codes_of[other].get(t.field) or []
            if codes:
                for code in codes:  # a colleague of the field: every module of it there
                    quals.append([t.id, f"{other}/{code}", t.activities, rng.choice((1, 2))])
    teachers = [
        [t.id, t.name, t.status, t.field, t.reductions, t.other_hetd, t.max_hetd or "", ""]
        + [";".join(t.wishes), t.department]
        for t in roster.teachers
    ]
    header = [
        "id",
        "name",
        "status",
        "field",
        "reductions",
        "other_hetd",
        "max_hetd",
        "max_hc",
        "wishes",
        "department",
    ]
    files = {
        "teachers.csv": csv_text(header, teachers),
        "qualifications.csv": csv_text(["teacher", "pattern", "activities", "weight"], quals),
    }
    for code, rows in locks.items():
        files[f"{FOLDER}/{code}/locks.csv"] = csv_text(
            ["teacher", "code", "activity", "parcours", "groups"], rows
        )
    return files
