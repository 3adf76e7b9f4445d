"""Every page's data, as the pages show it and ``/api/...`` returns it, against the plan's own files."""

from __future__ import annotations

import io
from fractions import Fraction
from urllib.parse import unquote

import pymupdf
import pytest
from conftest import SHIPPED
from openpyxl import load_workbook

from planner.data.inputs import load_inputs
from planner.data.maquette import check_totals
from planner.demand import build_demand

PAGES = ("/maquette", "/effectifs", "/enseignants", "/repartition", "/semaines", "/fiches", "/scenarios")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_in_french_with_the_plan_in_place(solved, path):
    page = solved.get(path)
    assert page.status_code == 200
    assert '<html lang="fr">' in page.text and "Plan en place : <b>version 1</b>" in page.text
    assert "/static/htmx.min.js" in page.text


def test_the_pages_need_no_internet(solved):
    for path in PAGES:
        assert "http://" not in solved.get(path).text.replace("http://127.0.0.1", "")
        assert "https://" not in solved.get(path).text
    assert solved.get("/static/htmx.min.js").text.startswith("var htmx=")


def test_maquette_gives_each_rows_demand_and_the_declared_totals_check(solved):
    data = solved.get("/api/maquette", params={"year": 2}).json()
    inputs = load_inputs(SHIPPED)
    demand = build_demand(inputs, [2])
    assert data["demand_hours"] == demand.hours
    assert data["demand_hetd"] == pytest.approx(float(demand.hetd))
    checks = {(c.semester, c.parcours): c.ok for c in check_totals(inputs) if c.year == 2 and c.semester}
    assert {(int(b["semester"]), b["parcours"]): b["check"]["ok"] for b in data["blocks"]} == checks
    osc = next(b for b in data["blocks"] if b["semester"] == "3" and b["parcours"] == "OSC")
    r301 = next(r for r in osc["rows"] if r["cells"]["code"] == "R3.01")
    assert r301["demand"]["pooled"] == "OSC+QMI+MTD"  # English is taught to the three parcours together
    assert r301["demand"]["parts"] == ["TD 2 gr. × 18 h"]
    assert "R3.01" in data["pooled"]


def test_editing_the_maquette_changes_the_demand_shown(client):
    before = client.get("/api/maquette", params={"year": 1}).json()
    s1 = next(b for b in before["blocks"] if b["semester"] == "1")
    row = next(r for r in s1["rows"] if r["cells"]["code"] == "R1.01")
    total, annual = s1["totals_row"], before["annual"][0]

    def cells(*edits):
        form = {f"c-{r['id']}-{column}": value for r, column, value in edits}
        form.update({f"v-{r['id']}": str(r["version"]) for r, _, _ in edits})
        return client.post("/cells", data=form)

    # R1.01's TD 16 h become 14 h and its SR 8 h become 10 h: alone, S1 no longer gives its declared totals
    refused = cells((row, "TD", "14"), (row, "SR", "10"))
    assert (
        refused.status_code == 422
        and "does not add up to the declared totals of year 1 commun S1" in refused.text
    )
    assert client.get("/api/maquette", params={"year": 1}).json() == before  # nothing written
    # with the declared totals of S1 and of the year changed too, it holds
    answer = cells(
        (row, "TD", "14"),
        (row, "SR", "10"),
        (total, "TD", "132"),
        (total, "SR", "52"),
        (annual, "TD", "274"),
        (annual, "SR", "52"),
    )
    assert answer.status_code == 200, answer.text
    after = client.get("/api/maquette", params={"year": 1}).json()
    edited = next(r for b in after["blocks"] for r in b["rows"] if r["id"] == row["id"])
    assert edited["demand"]["parts"] == ["TD 3 gr. × 14 h", "SR 3 gr. × 10 h"]
    assert edited["demand"]["hours"] == 72 and after["demand_hours"] == before["demand_hours"]
    assert all(b["check"]["ok"] for b in after["blocks"])
    assert client.get("/api/inputs").json()["version"] == 2  # one change, one new version


def test_effectifs_gives_computed_and_fixed_groups(solved):
    data = solved.get("/api/effectifs").json()
    groups = {(g["year"], g["parcours"]): (g["td"], g["tp"]) for g in data["groups"]}
    assert groups[(1, "commun")] == (3, 6)  # 84 students, 28 per TD, 14 per TP
    assert groups[(2, "OSC+QMI+MTD")] == (2, 4)  # the pooled modules: 56 students
    assert [r["cells"]["students"] for r in data["cohorts"][0]["rows"]][:2] == ["84", "24"]


def test_enseignants_gives_each_teachers_load_as_the_plan_counts_it(solved):
    data = solved.get("/api/enseignants").json()
    services = {
        line.split(",")[0]: line.split(",") for line in solved_file(solved, "services.csv").splitlines()[1:]
    }
    assert set(data["loads"]) == set(services)
    for teacher, load in data["loads"].items():
        row = services[teacher]
        assert load["total"] == pytest.approx(float(Fraction(row[5]) + Fraction(row[6])))
        assert load["service_net"] == pytest.approx(
            float(max(Fraction(0), Fraction(row[3]) - Fraction(row[4])))
        )


def solved_file(client, name: str) -> str:
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(client.get("/documents/plan.zip").content))
    return archive.read(name).decode("utf-8")


def test_repartition_adds_up_to_the_plan(solved):
    hours = {}
    for line in solved_file(solved, "assignments.csv").splitlines()[1:]:
        teacher, year, semester, parcours, code, activity, groups, h, hetd = line.split(",")
        key = f"{year}|S{semester}|{parcours}|{code}|{activity}"
        hours[(teacher, key)] = hours.get((teacher, key), 0) + float(Fraction(h))
    shown = {}
    for semester in (3, 4):
        grid = solved.get("/api/repartition", params={"semester": semester}).json()
        assert {r["semester"] for r in grid["rows"]} == {semester}
        for row in grid["rows"]:
            assert (
                sum(c["hours"] for c in row["cells"].values()) + row["uncovered_hours"] == row["total_hours"]
            )
            for teacher, c in row["cells"].items():
                if c["hours"]:
                    shown[(teacher, row["key"])] = c["hours"]
        for t in grid["teachers"]:
            assert t["view_hours"] == sum(r["cells"].get(t["id"], {}).get("hours", 0) for r in grid["rows"])
    assert shown == hours
    fixed = solved.get("/api/repartition", params={"semester": 3}).json()
    r301 = next(r for r in fixed["rows"] if r["code"] == "R3.01" and r["activity"] == "TD")
    assert r301["cells"]["mbrunet"]["fixed"] == 18  # locks.csv: mbrunet keeps one group of 18 h


def test_semaines_gives_the_grids_of_the_layout(solved):
    data = solved.get("/api/semaines").json()
    assert data["fits"] and data["grids"] and data["teachers"]
    weeks = solved_file(solved, "weeks.csv").splitlines()[1:]
    total = sum(int(line.rsplit(",", 1)[1]) for line in weeks)
    assert sum(line["total"] for g in data["teachers"] for line in g["lines"]) == total
    png = solved.get("/semaines/heatmap.png")
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG")


def test_fiches_on_screen_and_downloaded_say_the_same(solved):
    fiches = solved.get("/api/fiches").json()
    assert len(fiches) == 31
    services = {
        line.split(",")[0]: line.split(",") for line in solved_file(solved, "services.csv").splitlines()[1:]
    }
    for fiche in fiches:
        row = services[fiche["teacher"]]
        done = Fraction(row[5]) + Fraction(row[6])
        assert fiche["total"] == number_fr(done)
    one = next(f for f in fiches if f["table"])
    pdf = pymupdf.open(stream=solved.get(f"/fiches/{one['teacher']}.pdf").content, filetype="pdf")
    text = " ".join(page.get_text() for page in pdf)
    assert one["name"] in text and one["total"] in text
    book = load_workbook(io.BytesIO(solved.get(f"/fiches/{one['teacher']}.xlsx").content))
    assert len(book.sheetnames) == 1
    everyone = pymupdf.open(stream=solved.get("/documents/fiches.pdf").content, filetype="pdf")
    assert everyone.page_count >= 31
    summary = load_workbook(io.BytesIO(solved.get("/documents/summary.xlsx").content))
    assert "Synthèse" in summary.sheetnames


def number_fr(value: Fraction) -> str:
    from planner.numbers import number

    return number(value, french=True)


def test_scenarios_lists_the_files_and_compares_levers(solved):
    data = solved.get("/api/scenarios").json()
    assert {"hc-cap-48", "td-4", "no-pooling"} <= {f["name"] for f in data["files"]}
    answer = solved.post("/scenarios/compare", data={"tp_size": "vingt"}, follow_redirects=False)
    said = unquote(answer.headers["location"])
    assert answer.status_code == 303 and said.startswith(
        "/scenarios?error=formulaire: key 'cohorts[1].tp_size'"
    )
    assert "vingt" in solved.get(answer.headers["location"]).text


def test_the_comparison_of_a_lever_has_its_deltas(client):
    from webtools import wait

    answer = client.post("/scenarios/compare", data={"tp_size": "20", "year": "2"}, follow_redirects=False)
    assert answer.status_code == 303
    state = wait(client)
    assert state["events"][-1]["kind"] == "done", state["events"][-1]
    result = client.get("/api/scenarios").json()["last"]["result"]
    name, header, rows = result["sheets"][0]
    assert name == "Comparaison" and [r[0] for r in rows] == ["reference", "formulaire"]
    groups = header.index("Groupes de TP")
    assert rows[1][groups] < rows[0][groups]  # bigger TP groups, fewer of them
    assert rows[1][header.index("Δ Groupes de TP")] == rows[1][groups] - rows[0][groups]
    assert "formulaire" in client.get("/scenarios").text


def test_html_and_sql_in_a_name_are_stored_and_shown_as_text(client):
    rows = client.get("/api/enseignants").json()["teachers"][0]["rows"]
    row = next(r for r in rows if r["cells"]["id"] == "cfaure")
    evil = "<script>alert(1)</script>'); DROP TABLE input_row; --"
    answer = client.post(
        "/cell", data={"row": row["id"], "column": "name", "value": evil, "version": row["version"]}
    )
    assert answer.status_code == 200
    rows = client.get("/api/enseignants").json()["teachers"][0]["rows"]
    assert next(r for r in rows if r["cells"]["id"] == "cfaure")["cells"]["name"] == evil
    page = client.get("/enseignants").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    client.post("/solve")
    from webtools import wait

    wait(client)
    for path in ("/repartition?semester=all", "/fiches?teacher=cfaure", "/semaines"):
        text = client.get(path).text
        assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;" in client.get("/fiches?teacher=cfaure").text
    assert client.get("/api/inputs").json()["tables"]  # input_row is still there


def test_a_table_is_uploaded_from_the_page(client, shipped):
    def seen() -> str:
        return client.get("/api/effectifs").json()["cohorts"][0]["seen"]

    text = (shipped / "cohorts.csv").read_text(encoding="utf-8").replace("2,OSC,24", "2,OSC,26")
    before = seen()
    form = {"path": "cohorts.csv", "seen:cohorts.csv": before}
    answer = client.post("/upload", data=form, files={"file": ("c.csv", text.encode())})
    assert answer.status_code == 200 and "cohorts.csv remplacé par c.csv" in answer.text
    rows = client.get("/api/effectifs").json()["cohorts"][0]["rows"]
    assert [r["cells"]["students"] for r in rows][:2] == ["84", "26"]
    # a file sent from a page that showed the table before that upload: refused, nothing written
    stale = client.post("/upload", data=form, files={"file": ("old.csv", text.replace("26", "30").encode())})
    assert stale.status_code == 409 and "modifiée entre-temps" in stale.text
    rows = client.get("/api/effectifs").json()["cohorts"][0]["rows"]
    assert [r["cells"]["students"] for r in rows][1] == "26"
    bad = client.post(
        "/upload",
        data={"path": "cohorts.csv", "seen:cohorts.csv": seen()},
        files={"file": ("c.csv", b"year,parcours\n1,x\n")},
    )
    assert bad.status_code == 422 and "missing column" in bad.text and "rien n&#39;est enregistré" in bad.text


def test_repartition_figures_name_the_demand_once(solved):
    import re

    html = solved.get("/repartition").text
    figures = html[html.index('<div class="figures">') :]
    figures = figures[: figures.index("</div>")]
    words = re.findall(r'<span class="muted">([^<]*)</span>', figures)
    assert words[:2] == ["Demande", "soit"]  # 1 638 h soit 1 685 HETD
    assert len(words) == len(set(words))
