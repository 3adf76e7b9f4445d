"""Small departments solved once per test module, for the fiche and summary tests."""

from __future__ import annotations

import csv
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import TINY, write_tables

# Year 1 of TINY with: reductions and no HC for alice (so a vacataire is needed),
# HC for bob (hours counted outside the plan), a vacataire counting TP at 2/3
# (fractional HETD), and a teacher qualified for nothing (a fiche with no line).
YEAR1 = dict(
    TINY,
    teachers="""
        id,name,status,field,reductions,other_hetd,max_hetd,max_hc,wishes
        alice,Alice A,MCF,anglais,104,0,,0,
        bob,Bob B,MCF,maths,0,150,,,
        carol,Carol C,vacataire,anglais,0,0,,,
        dan,Dan D,MCF,droit,0,0,,,
        """,
    qualifications="""
        teacher,pattern,activities,weight
        alice,R1.01,*,3
        bob,R1.03,*,3
        alice,SAE *,TD,1
        bob,SAE *,TD,1
        carol,R1.01,TP,0
        """,
)

# Year 2, two parcours: R3.01 is common to both (pooled: a shared module).
YEAR2 = dict(
    TINY,
    maquette="""
        year,semester,parcours,code,name,kind,CM,TD,TP,SR,SDR,Projet,total
        2,3,OSC,R3.01,Anglais professionnel,ressource,,20,10,,,,30
        2,3,QMI,R3.01,Anglais professionnel,ressource,,20,10,,,,30
        2,3,OSC,R3.OSC.10,Supply chain,ressource,8,16,,,,,24
        2,4,QMI,R4.QMI.10,Management de la qualité,ressource,6,12,,,,,18
        """,
    maquette_totals="""
        year,semester,parcours,CM,TD,TP,SR,SDR,Projet,total
        2,3,OSC,8,36,10,,,,54
        2,3,QMI,,20,10,,,,30
        2,4,QMI,6,12,,,,,18
        """,
    cohorts="""
        year,parcours,students,td_size,tp_size,opening
        2,OSC,40,28,14,8
        2,QMI,30,28,14,8
        """,
    teachers="""
        id,name,status,field,reductions,other_hetd,max_hetd,max_hc,wishes
        mbrunet,Marion Brunet,MCF,anglais,0,0,,,
        tgarnier,Thomas Garnier,MCF,logistique,0,0,,,
        """,
    qualifications="""
        teacher,pattern,activities,weight
        mbrunet,R3.01,*,1
        tgarnier,R3.OSC.*,*,1
        tgarnier,R4.*,*,1
        """,
)


def solve_into(folder: Path, tables: dict, year: str) -> Path:
    """Write the tables, run the real ``planner solve`` once; return the plan folder."""
    from planner.cli import main

    inputs = write_tables(folder / "inputs", **tables)
    out = folder / "plan"
    argv = [
        "planner",
        "solve",
        "--year",
        year,
        "--inputs",
        str(inputs),
        "--out",
        str(out),
        "--time-limit",
        "2",
        "--quiet",
    ]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys, "argv", argv)
        with pytest.raises(SystemExit) as exit_:
            main()
    assert exit_.value.code == 0
    return out


def csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def num(text: str) -> Fraction:
    return Fraction(text) if text else Fraction(0)
