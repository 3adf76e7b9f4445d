"""A hand-made IUT of two departments (GEA and QLIO) small enough to check by hand.

Both departments teach the national module R3.01 (Anglais) in year 2 to their
two parcours, with the same hours: within a department its parcours pool,
across departments they must not. ``alice`` (home GEA) teaches English in both
departments; ``bob`` (QLIO) maths in QLIO only.
"""

from __future__ import annotations

from pathlib import Path

from conftest import TINY, write_tables

MAQUETTE = {
    "GEA": """
        year,semester,parcours,code,name,kind,CM,TD,TP,SR,SDR,Projet,total
        1,1,commun,R1.01,Anglais,ressource,,16,8,,,,24
        1,1,commun,R1.03,Maths,ressource,2,12,10,,,,24
        2,3,GC,R3.01,Anglais,ressource,,14,,,,,14
        2,3,GP,R3.01,Anglais,ressource,,14,,,,,14
        2,3,GC,R3.GC.05,Comptabilité,ressource,,10,10,,,,20
        2,3,GP,R3.GP.05,Paie,ressource,,10,10,,,,20
        """,
    "QLIO": """
        year,semester,parcours,code,name,kind,CM,TD,TP,SR,SDR,Projet,total
        1,1,commun,R1.01,Anglais,ressource,,16,8,,,,24
        1,1,commun,R1.03,Maths,ressource,2,12,10,,,,24
        2,3,OSC,R3.01,Anglais,ressource,,14,,,,,14
        2,3,QMI,R3.01,Anglais,ressource,,14,,,,,14
        2,3,OSC,R3.OSC.05,Flux,ressource,,10,10,,,,20
        2,3,QMI,R3.QMI.05,Qualité,ressource,,10,10,,,,20
        """,
}
PARCOURS = {"GEA": ("GC", "GP"), "QLIO": ("OSC", "QMI")}


def totals(department: str) -> str:
    a, b = PARCOURS[department]
    return f"""
        year,semester,parcours,CM,TD,TP,SR,SDR,Projet,total
        1,1,commun,2,28,18,,,,48
        1,annual,commun,2,28,18,,,,48
        2,3,{a},,24,10,,,,34
        2,annual,{a},,24,10,,,,34
        2,3,{b},,24,10,,,,34
        2,annual,{b},,24,10,,,,34
        """


def cohorts(department: str, students: tuple[int, int, int]) -> str:
    a, b = PARCOURS[department]
    return f"""
        year,parcours,students,td_size,tp_size,opening
        1,commun,{students[0]},28,14,8
        2,{a},{students[1]},28,14,8
        2,{b},{students[2]},28,14,8
        """


TEACHERS = """
    id,name,status,field,reductions,other_hetd,max_hetd,max_hc,wishes,department
    alice,Alice A,MCF,anglais,0,0,,,,GEA
    bob,Bob B,MCF,maths,0,0,,,,QLIO
    carl,Carl C,vacataire,gestion,0,0,,,,GEA
    dora,Dora D,vacataire,qualité,0,0,,,,QLIO
    """
QUALIFICATIONS = """
    teacher,pattern,activities,weight
    alice,*/R?.01,*,3
    bob,R1.03,*,3
    carl,R1.03,*,1
    carl,R3.G?.05,*,2
    dora,R3.*.05,*,2
    """


def write_iut(root: Path, **overrides: str | None) -> Path:
    """The two-department IUT as CSV files: IUT-wide tables at the root, one folder per department.

    ``overrides``: IUT-wide tables by name, or ``GEA__cohorts`` for a department's table.
    """
    iut = {
        "activities": TINY["activities"],
        "statuses": TINY["statuses"],
        "teachers": TEACHERS,
        "qualifications": QUALIFICATIONS,
    }
    iut.update({k: v for k, v in overrides.items() if "__" not in k})
    write_tables(root, **iut)
    students = {"GEA": (56, 40, 30), "QLIO": (84, 24, 18)}
    for department in ("GEA", "QLIO"):
        tables = {
            "maquette": MAQUETTE[department],
            "maquette_totals": totals(department),
            "cohorts": cohorts(department, students[department]),
        }
        prefix = f"{department}__"
        tables.update({k[len(prefix) :]: v for k, v in overrides.items() if k.startswith(prefix)})
        write_tables(root / "departments" / department, **tables)
    return root
