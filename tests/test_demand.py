"""Demand: hours times groups, HETD, pooling of common modules."""

from fractions import Fraction

from conftest import TINY, write_tables

from planner.data.inputs import load_inputs
from planner.demand import build_demand, units


def parts_by_key(demand):
    return {(p.parcours_label, p.code, p.activity): p for p in demand.parts}


def test_hand_computed_tiny_demand(tiny):
    demand = build_demand(load_inputs(tiny), [1])
    parts = parts_by_key(demand)
    # 84 students: 3 TD groups of 28, 6 TP groups of 14, one CM
    assert parts[("commun", "R1.01", "TD")].groups == 3
    assert parts[("commun", "R1.01", "TD")].total_hours == 3 * 16
    assert parts[("commun", "R1.01", "TP")].total_hours == 6 * 8
    assert parts[("commun", "R1.03", "CM")].hetd == Fraction(3)  # 2 h x 1.5
    assert ("commun", "SAE 2.01", "Projet") not in parts  # not taught by default
    assert demand.hours == 48 + 48 + 2 + 36 + 60 + 36
    assert demand.hetd == 48 + 48 + 3 + 36 + 60 + 36
    rows = units(demand)
    assert len(rows) == 3 + 6 + 1 + 3 + 6 + 3
    assert sum(u.hetd for u in rows) == demand.hetd


def test_groups_follow_size_opening_and_overrides(tmp_path):
    folder = write_tables(
        tmp_path / "d",
        **{
            **TINY,
            "cohorts": """
                year,parcours,students,td_size,tp_size,opening
                1,commun,57,28,16,8
                """,
        },
    )
    parts = parts_by_key(build_demand(load_inputs(folder), [1]))
    assert parts[("commun", "R1.01", "TD")].groups == 3  # ceil(57/28)
    assert parts[("commun", "R1.01", "TP")].groups == 4  # ceil(57/16)
    write_tables(folder, groups="year,parcours,grouping,groups\n1,commun,td,4\n")
    parts = parts_by_key(build_demand(load_inputs(folder), [1]))
    assert parts[("commun", "R1.01", "TD")].groups == 4
    assert parts[("commun", "R1.01", "TP")].groups == 4


YEAR2 = dict(
    TINY,
    maquette="""
        year,semester,parcours,code,name,kind,CM,TD,TP,SR,SDR,Projet,total
        2,3,OSC,R3.01,Anglais,ressource,2,10,6,,,,18
        2,3,OSC,R3.OSC.13,Site logistique,ressource,4,10,10,,,,24
        2,3,QMI,R3.01,Anglais,ressource,2,10,6,,,,18
        2,3,MTD,R3.01,Anglais,ressource,2,10,6,,,,18
        """,
    maquette_totals="""
        year,semester,parcours,CM,TD,TP,SR,SDR,Projet,total
        2,3,OSC,6,20,16,,,,42
        2,3,QMI,2,10,6,,,,18
        2,3,MTD,2,10,6,,,,18
        """,
    cohorts="""
        year,parcours,students,td_size,tp_size,opening
        2,OSC,20,28,14,8
        2,QMI,16,28,14,8
        2,MTD,12,28,14,8
        """,
    qualifications="""
        teacher,pattern,activities,weight
        alice,R3.01,*,3
        bob,R3.OSC.13,*,3
        """,
)


def test_pooling_common_modules(tmp_path):
    inputs = load_inputs(write_tables(tmp_path / "y2", **YEAR2))
    pooled = parts_by_key(build_demand(inputs, [2], pooling=True))
    alone = parts_by_key(build_demand(inputs, [2], pooling=False))
    cm = pooled[("OSC+QMI+MTD", "R3.01", "CM")]
    assert cm.groups == 1 and cm.hetd == 3  # one CM for 48 students
    assert pooled[("OSC+QMI+MTD", "R3.01", "TD")].groups == 2  # ceil(48/28)
    assert pooled[("OSC+QMI+MTD", "R3.01", "TP")].groups == 4  # ceil(48/14)
    assert pooled[("OSC", "R3.OSC.13", "TP")].groups == 2  # parcours-specific: not pooled
    assert sum(p.groups for k, p in alone.items() if k[1] == "R3.01" and k[2] == "TD") == 3
    assert sum(p.groups for k, p in alone.items() if k[1] == "R3.01" and k[2] == "TP") == 2 + 2 + 1
    saving = sum(p.hetd for p in alone.values()) - sum(p.hetd for p in pooled.values())
    # CM: 3 x 3 -> 3 HETD; TD: 3 -> 2 groups x 10 h; TP: 5 -> 4 groups x 6 h
    assert saving == 6 + 10 + 6


def test_different_hours_are_not_pooled(tmp_path):
    tables = dict(YEAR2)
    tables["maquette"] = YEAR2["maquette"].replace(
        "2,3,MTD,R3.01,Anglais,ressource,2,10,6,,,,18", "2,3,MTD,R3.01,Anglais,ressource,2,12,4,,,,18"
    )
    tables["maquette_totals"] = YEAR2["maquette_totals"].replace(
        "2,3,MTD,2,10,6,,,,18", "2,3,MTD,2,12,4,,,,18"
    )
    demand = build_demand(load_inputs(write_tables(tmp_path / "y2", **tables)), [2])
    labels = {p.parcours_label for p in demand.parts if p.code == "R3.01"}
    assert labels == {"OSC", "QMI", "MTD"}
    assert any("hours differ" in n for n in demand.notes)


def test_closed_parcours_has_no_demand(tmp_path):
    tables = dict(YEAR2, cohorts=YEAR2["cohorts"].replace("2,MTD,12", "2,MTD,5"))
    demand = build_demand(load_inputs(write_tables(tmp_path / "y2", **tables)), [2])
    assert {p.parcours_label for p in demand.parts if p.code == "R3.01"} == {"OSC+QMI"}
