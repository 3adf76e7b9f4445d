"""Shared fixtures: the shipped inputs, tiny hand-made departments, a CLI runner."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from textwrap import dedent

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "inputs"


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run the real ``planner`` entry point in-process; return code and output."""
    from planner.cli import main

    def run(*args: str) -> Run:
        monkeypatch.setattr(sys, "argv", ["planner", *map(str, args)])
        capsys.readouterr()
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def shipped_copy(tmp_path) -> Path:
    """A private copy of the shipped inputs, safe to mutate."""
    dest = tmp_path / "inputs"
    shutil.copytree(SHIPPED, dest)
    return dest


def write_tables(folder: Path, **tables: str) -> Path:
    """Write CSV tables given as text (dedented); a None value deletes the file."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        path = folder / f"{name}.csv"
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(dedent(text).lstrip(), encoding="utf-8")
    return folder


TINY = dict(
    maquette="""
        year,semester,parcours,code,name,kind,CM,TD,TP,SR,SDR,Projet,total
        1,1,commun,R1.01,Anglais,ressource,,16,8,,,,24
        1,1,commun,R1.03,Maths,ressource,2,12,10,,,,24
        1,2,commun,SAE 2.01,Projet,SAE,,12,,,,36,48
        """,
    maquette_totals="""
        year,semester,parcours,CM,TD,TP,SR,SDR,Projet,total
        1,1,commun,2,28,18,,,,48
        1,2,commun,,12,,,,36,48
        1,annual,commun,2,40,18,,,36,96
        """,
    activities="""
        activity,grouping,hetd_factor
        CM,cohort,1.5
        TD,td,1
        TP,tp,1
        SR,td,1
        SDR,td,1
        Projet,none,0
        """,
    cohorts="""
        year,parcours,students,td_size,tp_size,opening
        1,commun,84,28,14,8
        """,
    statuses="""
        status,label,service_du,max_hc,cm_factor,td_factor,tp_factor,hc_rate,permanent,max_weekly_hours,source
        MCF,Maître de conférences,192,192,1.5,1,1,40.91,yes,11,test
        vacataire,Vacataire,0,96,1.5,1,2/3,40.91,no,18,test
        """,
    teachers="""
        id,name,status,field,reductions,other_hetd,max_hetd,max_hc,wishes
        alice,Alice A,MCF,anglais,0,0,,,
        bob,Bob B,MCF,maths,0,0,,,
        """,
    qualifications="""
        teacher,pattern,activities,weight
        alice,R1.01,*,3
        bob,R1.03,*,3
        alice,SAE *,TD,1
        bob,SAE *,TD,1
        """,
)

# one teacher, no heures complémentaires, for TINY's 231 HETD: a known shortage
ALICE_ONLY = dict(
    TINY,
    teachers="""
        id,name,status,field,reductions,other_hetd,max_hetd,max_hc,wishes
        alice,Alice A,MCF,qualité,0,0,,0,
        """,
    qualifications="""
        teacher,pattern,activities,weight
        alice,*,*,1
        """,
)


@pytest.fixture
def tiny(tmp_path) -> Path:
    """A hand-made one-year department small enough to compute by hand."""
    return write_tables(tmp_path / "tiny", **TINY)


def text_of(*renderables, width: int = 200) -> str:
    """What rich prints for these renderables, as plain text (no colour, no markup)."""
    import io

    from rich.console import Console

    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    for r in renderables:
        console.print(r)
    return console.export_text()
