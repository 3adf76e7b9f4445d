"""A hand-made IUT of two departments (GEA and QLIO) small enough to check by hand.

Both departments teach the national module R3.01 (Anglais) in year 2 to their
two parcours, with the same hours: within a department its parcours pool,
across departments they must not. ``alice`` (home GEA) teaches English in both
departments; ``bob`` (QLIO) maths in QLIO only.
"""

from __future__ import annotations

import datetime as dt
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


# --- an IUT with a calendar: two rhythms, one year-1 stage ------------------------------------


def calendar_csv(odd: int = 12, even: int = 14) -> str:
    """Weeks from 2025-W36: ``odd`` weeks of S1/S3, ``even`` of S2/S4, two without semester."""
    first = dt.date(2025, 9, 1)
    lines = ["iso_week,monday,semester,closed,open_days,label"]
    for k in range(odd + even + 2):
        monday = first + dt.timedelta(weeks=k)
        year, number, _ = monday.isocalendar()
        parity = "odd" if k < odd else "even" if k < odd + even else "none"
        lines.append(f"{year}-W{number:02d},{monday.isoformat()},{parity},no,5,")
    return "\n".join(lines) + "\n"


def week(k: int) -> str:
    year, number, _ = (dt.date(2025, 9, 1) + dt.timedelta(weeks=k)).isocalendar()
    return f"{year}-W{number:02d}"


def weeks_maquette(department: str, english: int) -> tuple[str, str]:
    """Year 1 (S1 English, one S2 module: 12 h in GEA, 40 h in QLIO) and year 2 (S3 English)."""
    a, b = PARCOURS[department]
    code, name, s2 = ("R2.05", "Gestion", 12) if department == "GEA" else ("R2.03", "Maths", 40)
    maquette = f"""
        year,semester,parcours,code,name,kind,CM,TD,TP,SR,SDR,Projet,total
        1,1,commun,R1.01,Anglais,ressource,,16,,,,,16
        1,2,commun,{code},{name},ressource,,{s2},,,,,{s2}
        2,3,{a},R3.01,Anglais,ressource,,{english},,,,,{english}
        2,3,{b},R3.01,Anglais,ressource,,{english},,,,,{english}
        """
    totals = f"""
        year,semester,parcours,CM,TD,TP,SR,SDR,Projet,total
        1,1,commun,,16,,,,,16
        1,2,commun,,{s2},,,,,{s2}
        1,annual,commun,,{16 + s2},,,,,{16 + s2}
        2,3,{a},,{english},,,,,{english}
        2,annual,{a},,{english},,,,,{english}
        2,3,{b},,{english},,,,,{english}
        2,annual,{b},,{english},,,,,{english}
        """
    return maquette, totals


def write_iut_weeks(root: Path, english: int = 36, stage: int = 10, gea_alternance: bool = True) -> Path:
    """Two departments with a calendar of 12 odd and 14 even weeks.

    GEA's year 1 goes on a ``stage``-week stage at the end of S2, QLIO's does not;
    year 2 alternates week by week, GEA at the IUT the even-numbered weeks, QLIO
    the odd ones (``gea_alternance`` False: GEA's year 2 is at the IUT every week).
    alice (MCF, 11 h a week) is the only English teacher of both.
    """
    teachers = """
        id,name,status,field,reductions,other_hetd,max_hetd,max_hc,wishes,department
        alice,Alice A,MCF,anglais,0,0,,,,GEA
        bob,Bob B,MCF,maths,0,0,,,,QLIO
        """
    quals = """
        teacher,pattern,activities,weight
        alice,*/R?.01,*,3
        bob,R2.03,*,3
        bob,GEA/R2.05,*,3
        """
    tables = {
        "calendar": calendar_csv(),
        "settings": "key,value\nweeks_time_limit,3\ntime_limit,3\n",
        "teachers": teachers,
        "qualifications": quals,
    }
    periods = {
        "GEA": f"""
            year,parcours,kind,from_week,to_week,length,pattern,iut_weeks
            1,*,stage,,,{stage},,
            """
        + (f"            2,*,alternance,{week(0)},{week(27)},,IE,\n" if gea_alternance else ""),
        "QLIO": f"""
            year,parcours,kind,from_week,to_week,length,pattern,iut_weeks
            2,*,alternance,{week(0)},{week(27)},,EI,
            """,
    }
    for department in ("GEA", "QLIO"):
        a, b = PARCOURS[department]
        maquette, totals_csv = weeks_maquette(department, english)
        tables[f"{department}__maquette"] = maquette
        tables[f"{department}__maquette_totals"] = totals_csv
        tables[f"{department}__cohorts"] = f"""
            year,parcours,students,td_size,tp_size,opening
            1,commun,28,28,14,8
            2,{a},{20 if department == "GEA" else 14},28,14,8
            2,{b},{20 if department == "GEA" else 14},28,14,8
            """
        tables[f"{department}__periods"] = periods[department]
    return write_iut(root, **tables)


def crowded_inputs(folder: Path, bob: bool = True) -> Path:
    """One department: alice (5 h a week) and bob (vacataire) for 6 TP groups of a 2-hour module.

    All groups of a part share its weeks: whoever teaches them all teaches 6 h
    in each of those weeks, over alice's cap, whatever her yearly room.
    ``bob``: False, bob is qualified for nothing.
    """
    qualified = "teacher,pattern,activities,weight\nalice,R1.01,*,3\n" + ("bob,R1.01,*,0\n" if bob else "")
    return write_tables(
        folder,
        **{
            **TINY,
            "maquette": """
                year,semester,parcours,code,name,kind,CM,TD,TP,SR,SDR,Projet,total
                1,1,commun,R1.01,Anglais,ressource,,,2,,,,2
                """,
            "maquette_totals": """
                year,semester,parcours,CM,TD,TP,SR,SDR,Projet,total
                1,1,commun,,,2,,,,2
                1,annual,commun,,,2,,,,2
                """,
            "statuses": TINY["statuses"].replace("yes,11,test", "yes,5,test"),
            "qualifications": qualified,
            "teachers": TINY["teachers"].replace("Bob B,MCF", "Bob B,vacataire"),
            "calendar": calendar_csv(),
            "settings": "key,value\nweeks_time_limit,2\ntime_limit,2\n",
        },
    )


# --- a small template for `planner generate`: the shipped department, fewer modules ----------


def small_template(out: Path, keep: tuple[str, ...] = ("01", "02", "03")) -> Path:
    """The shipped inputs with the modules numbered ``keep`` alone (R1.01…R6.03, SAÉ x.01…x.03).

    Portfolio, stage and alternance rows stay; the declared totals are those
    of the rows kept; qualifications, wishes and locks naming only modules
    that are gone are dropped. A template for ``planner generate`` whose IUTs
    solve in a test's time.
    """
    import csv
    import fnmatch
    import shutil

    from conftest import SHIPPED

    shutil.copytree(SHIPPED, out)

    def read(name: str) -> list[dict[str, str]]:
        with open(out / f"{name}.csv", encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    def write(name: str, rows: list[dict[str, str]], header: list[str]) -> None:
        with open(out / f"{name}.csv", "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

    maquette = read("maquette")
    header = list(maquette[0])
    kept = [
        r for r in maquette if r["kind"] in ("portfolio", "stage", "alternance") or r["code"][-2:] in keep
    ]
    write("maquette", kept, header)
    activities = header[6:-1]
    totals, blocks = [], {}
    for r in kept:
        for semester in (r["semester"], "annual"):
            block = blocks.setdefault((r["year"], semester, r["parcours"]), dict.fromkeys(activities, 0))
            for a in activities:
                block[a] += int(r[a] or 0)
    for (year, semester, parcours), hours in blocks.items():
        row = {"year": year, "semester": semester, "parcours": parcours, **hours}
        totals.append({**row, "total": sum(hours.values())})
    totals.sort(key=lambda t: (t["year"], t["parcours"], t["semester"] == "annual", t["semester"]))
    write("maquette_totals", totals, ["year", "semester", "parcours", *activities, "total"])
    codes = {r["code"] for r in kept}

    def matches(pattern: str) -> bool:
        return any(fnmatch.fnmatchcase(c, pattern.strip()) for c in codes)

    quals = read("qualifications")
    write("qualifications", [q for q in quals if matches(q["pattern"])], list(quals[0]))
    teachers = read("teachers")
    for t in teachers:
        t["wishes"] = ";".join(w for w in t["wishes"].split(";") if w and matches(w))
    write("teachers", teachers, list(teachers[0]))
    locks = read("locks")
    write("locks", [lk for lk in locks if lk["code"] in codes], list(locks[0]))
    return out
