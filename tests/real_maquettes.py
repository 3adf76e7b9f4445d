"""Real maquettes written by others (``../shared/real-maquettes/``), read as a department would enter them.

The files are read where they are, never copied into the project; a test that
needs them is skipped, saying why, when the folder is absent. ``mmi_year1``
writes year 1 of one IUT's BUT MMI (its own 2025-26 maquette, in 1 h 30
sessions) as planner inputs: its S1 and S2 modules with their prévisionnel
CM/TD/TP hours per student and the programme national's volume and TP, the
declared totals of its own sheet, 56 students in TD groups of 28 and TP
groups of 14, ``session_hours`` 1.5; the staff (with REH items), the calendar
and the statuses are the shipped department's kind (the sheet names no staff).
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import ROOT, SHIPPED


def _shared() -> Path:
    """``../shared/real-maquettes`` beside the repository (beside its main checkout, from a worktree)."""
    roots = [ROOT]
    try:
        common = subprocess.run(
            ["git", "rev-parse", "--path-format=absolute", "--git-common-dir"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        roots.append(Path(common).parent)
    except (OSError, subprocess.CalledProcessError):
        pass
    found = [r.parent / "shared" / "real-maquettes" for r in roots]
    return next((f for f in found if f.is_dir()), found[0])


SHARED = _shared()
MMI = SHARED / "mmi-beziers"
QLIO_PN = SHARED / "qlio-pn"


def need(folder: Path) -> Path:
    """The folder, or skip the test when the shared real maquettes are not beside the project."""
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: the real maquettes live beside the project, in ../shared/")
    return folder


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def text(value) -> str:
    """A number as a maquette cell: ``4.5``, ``12``, blank for none."""
    if value in (None, ""):
        return ""
    value = Fraction(value)
    return str(int(value)) if value.denominator == 1 else str(float(value))


def mmi_code(title: str, semester: int) -> tuple[str, str, str]:
    """(code, name, kind) of a module of the MMI sheet: ``R1.01 | Anglais`` -> R1.01, Anglais, ressource."""
    if title.upper().startswith("PORTFOLIO"):
        return f"Portfolio {semester}", "Portfolio", "portfolio"
    match = re.match(r"^(R\d\.\d+|SAÉ \d\.\d+)\s*\|?\s*(.*)$", title.strip())
    assert match, title
    code, name = match.group(1), match.group(2).strip()
    return code.replace("SAÉ", "SAE"), name, "ressource" if code.startswith("R") else "SAE"


MMI_STAFF = (  # id, name, status, max_hetd: a fictive staff for the year's ~2 240 HETD, vacataires needed
    ("amartin", "Alice Martin", "MCF", ""),
    ("bdurand", "Bruno Durand", "MCF", ""),
    ("cpetit", "Claire Petit", "PRAG", ""),
    ("dleroy", "David Leroy", "PRAG", ""),
    ("emoreau", "Emma Moreau", "PRCE", ""),
    ("fsimon", "Fanny Simon", "PRCE", ""),
    ("hmichel", "Hugo Michel", "vacataire", "96"),
    ("igarcia", "Inès Garcia", "vacataire", "96"),
)


def mmi_year1(out: Path) -> Path:
    """Year 1 of the MMI department as a folder of planner inputs (see the module's docstring)."""
    modules = [r for r in read_csv(need(MMI) / "modules_normalized.csv") if r["semestre"] in ("S1", "S2")]
    out.mkdir(parents=True, exist_ok=True)
    maquette = ["year,semester,parcours,code,name,kind,CM,TD,TP,SR,SDR,Projet,total,pn_hours,pn_tp,notes"]
    for r in modules:
        semester = int(r["semestre"][1])
        code, name, kind = mmi_code(r["intitule"], semester)
        hours = [Fraction(r[k] or 0) for k in ("prev_cm", "prev_td", "prev_tp")]
        national = Fraction(r["vol_national_cm_td_tp"] or 0)
        pn = [text(national), text(r["dont_tp_national"])] if national else ["", ""]
        cells = [text(h) if h else "" for h in hours]
        row = [1, semester, "commun", code, f'"{name}"', kind, *cells, "", "", "", text(sum(hours)), *pn, ""]
        maquette.append(",".join(map(str, row)))
    (out / "maquette.csv").write_text("\n".join(maquette) + "\n", encoding="utf-8")
    totals = ["year,semester,parcours,CM,TD,TP,SR,SDR,Projet,total"]
    sums = [Fraction(0)] * 3
    for r in read_csv(MMI / "semester_totals_and_targets_raw.csv"):
        if r["colD"] == "total" and r["block"] in ("Semestre 1", "Semestre 2"):
            declared = [Fraction(r[c]) for c in ("colI", "colJ", "colK")]  # CM, TD, TP prévisionnel
            sums = [a + b for a, b in zip(sums, declared)]
            semester = r["block"][-1]
            cells = [text(h) for h in declared]
            totals.append(f"1,{semester},commun,{','.join(cells)},,,,{text(sum(declared))}")
    totals.append(f"1,annual,commun,{','.join(text(h) for h in sums)},,,,{text(sum(sums))}")
    (out / "maquette_totals.csv").write_text("\n".join(totals) + "\n", encoding="utf-8")
    (out / "cohorts.csv").write_text(
        "year,parcours,students,td_size,tp_size,opening\n1,commun,56,28,14,8\n", encoding="utf-8"
    )
    teachers = ["id,name,status,field,reductions,other_hetd,max_hetd,max_hc,wishes"]
    teachers += [f"{i},{n},{s},mmi,0,0,{m},," for i, n, s, m in MMI_STAFF]
    (out / "teachers.csv").write_text("\n".join(teachers) + "\n", encoding="utf-8")
    quals = ["teacher,pattern,activities,weight"]
    for k, (tid, _, status, _) in enumerate(MMI_STAFF):
        acts = "TD TP" if status == "vacataire" else "*"
        quals.append(f"{tid},*,{acts},{1 + k % 3}")
    (out / "qualifications.csv").write_text("\n".join(quals) + "\n", encoding="utf-8")
    (out / "reh.csv").write_text(
        "teacher,item,hetd\n"
        "amartin,Direction des études,24\n"
        "amartin,Jurys de semestre,4\n"
        "bdurand,Suivi de stages,12.5\n",
        encoding="utf-8",
    )
    for name in ("activities", "statuses", "calendar"):
        shutil.copy(SHIPPED / f"{name}.csv", out / f"{name}.csv")
    (out / "settings.csv").write_text(
        "key,value,description\ndepartment,MMI,\nsession_hours,1.5,sessions of 1 h 30\n", encoding="utf-8"
    )
    return out


def qlio_with_pn(out: Path) -> Path:
    """The shipped QLIO inputs with the programme national's volume and TP of each ressource."""
    shutil.copytree(SHIPPED, out)
    pn = {(r["code"], r["semester"], r["parcours"]): r for r in read_csv(need(QLIO_PN) / "pn_ressources.csv")}
    with open(out / "maquette.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0] + ["pn_hours", "pn_tp"]
    lines = [header]
    for row in rows[1:]:
        record = dict(zip(rows[0], row))
        national = pn.get((record["code"], record["semester"], record["parcours"]))
        lines.append(row + ([national["pn_hours"], national["pn_tp"]] if national else ["", ""]))
    with open(out / "maquette.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(lines)
    return out
