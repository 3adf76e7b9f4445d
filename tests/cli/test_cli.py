"""The foundation commands as a user runs them."""

import csv
import io


def test_validate_shipped_inputs(cli):
    run = cli("validate")
    assert run.code == 0, run.err
    assert "MISMATCH" not in run.out
    assert "21 declared totals equal" in run.out


def test_validate_reports_a_changed_number(shipped_copy, cli):
    path = shipped_copy / "maquette.csv"
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("R1.01,Anglais,ressource,,16,", "R1.01,Anglais,ressource,,17,", 1)
        .replace(",8,,,24\n", ",8,,,25\n", 1),
        encoding="utf-8",
    )
    run = cli("validate", "--inputs", shipped_copy)
    assert run.code == 2
    assert "MISMATCH" in run.out
    assert "maquette_totals.csv, row 2, column 'TD'" in run.err


def test_maquette_csv_columns_and_filter(cli):
    run = cli("maquette", "--year", "2", "--parcours", "QMI", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert list(rows[0]) == "year,semester,parcours,code,name,kind,CM,TD,TP,SR,SDR,Projet,total".split(",")
    assert {r["parcours"] for r in rows} == {"QMI"}
    assert sum(int(r["total"]) for r in rows) == 660  # the QMI "Total annuel"


def test_maquette_unknown_parcours(cli):
    run = cli("maquette", "--year", "1", "--parcours", "OSC")
    assert run.code == 2 and "no parcours 'OSC' in year 1" in run.err


def test_demand_csv_adds_up(cli, tiny):
    run = cli("demand", "--year", "1", "--inputs", tiny, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert {"year", "semester", "parcours", "code", "activity", "group", "hours", "hetd"} <= set(rows[0])
    assert sum(float(r["hetd"]) for r in rows) == 231
    assert [r["group"] for r in rows if r["code"] == "R1.01" and r["activity"] == "TD"] == [
        "TD1",
        "TD2",
        "TD3",
    ]


def test_demand_table_shows_pooling_saving(cli):
    run = cli("demand", "--year", "2")
    assert run.code == 0
    assert "saving" in run.out and "1685" in run.out and "2253" in run.out


def test_template_roundtrip(cli, tmp_path):
    book = tmp_path / "department.xlsx"
    assert cli("template", "--out", book).code == 0
    from_csv = cli("demand", "--year", "all", "--format", "csv").out
    from_book = cli("demand", "--year", "all", "--format", "csv", "--inputs", book).out
    assert from_csv == from_book and from_csv.count("\n") > 500


def test_solve_refuses_wrong_inputs_before_it_starts_a_process(shipped_copy, cli, monkeypatch):
    import planner.helper

    def started(*args, **kwargs):
        raise AssertionError("a helper process was started for inputs that are wrong")

    monkeypatch.setattr(planner.helper, "Helper", started)
    (shipped_copy / "teachers.csv").unlink()
    run = cli("solve", "--year", "2", "--inputs", shipped_copy, "--out", shipped_copy.parent / "out")
    assert run.code == 2 and "teachers.csv" in run.err, run.err
    assert not (shipped_copy.parent / "out").exists()
    scenario = shipped_copy.parent / "typo.toml"
    scenario.write_text('name = "typo"\n[[teachers.remove]]\nid = "nobody"\n', encoding="utf-8")
    run = cli("solve", "--year", "2", "--scenario", scenario, "--out", shipped_copy.parent / "out")
    assert run.code == 2 and "nobody" in run.err, run.err  # a wrong scenario too
    assert not (shipped_copy.parent / "out").exists()
