"""The one French label table of the documents, and the pictures that take their words from it."""

from __future__ import annotations

import ast
import datetime as dt
import re
from fractions import Fraction

import pytest
from calendars import STAGE, department, sample_rows
from conftest import ROOT

from planner import labels

ENGLISH = re.compile(
    r"\b(the|of|and|with|hours|teachers?|students?|load|uncovered|demand|cost|weeks?|per|not|beyond|within)\b",
    re.IGNORECASE,
)


def texts() -> list[str]:
    """Every text of the table: its string constants and the values of its dictionaries and tuples."""
    out = []
    for name, value in vars(labels).items():
        if name.startswith("_") or name in ("ISO_WEEK", "REASONS", "DAYS", "MONTHS"):
            continue
        if isinstance(value, str) and name.isupper() and not name.endswith("FORMAT"):
            out.append(value)
        elif isinstance(value, dict) and name.isupper():
            out += [v for v in value.values() if isinstance(v, str)]
            out += [w for v in value.values() if isinstance(v, dict) for w in v.values()]
        elif isinstance(value, tuple) and name.isupper():
            out += [v for v in value if isinstance(v, str)]
    return out


def test_the_table_speaks_french_only():
    words = texts()
    assert len(words) > 150
    english = [t for t in words if ENGLISH.search(re.sub(r"\{\w*\}", "", t))]  # not the {fields}
    assert english == []


def test_the_catalogue_gives_every_label_of_its_modules():
    modules = [p.stem for p in (ROOT / "planner" / "labels").glob("*.py") if p.stem != "__init__"]
    assert len(modules) >= 5
    defined = set()
    for name in modules:
        for node in ast.parse((ROOT / "planner" / "labels" / f"{name}.py").read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                defined.add(node.name)
            elif isinstance(node, ast.Assign):
                targets = [t for n in node.targets for t in (n.elts if isinstance(n, ast.Tuple) else [n])]
                defined |= {t.id for t in targets if t.id.isupper()}
    assert defined == set(labels.__all__)
    assert all(getattr(labels, n) is not None for n in defined)


# the modules that make documents (xlsx, PDF, PNG, the terminal fiche): their words are labels'
DOCUMENTS = [
    "planner/cli/terminal/fiche.py",
    "planner/scenarios/compare_report.py",
    "planner/scenarios/sweep_report.py",
    "planner/store/xlsx.py",
    *(f"planner/reports/{n}.py" for n in ("fiche", "fiche_text", "fiche_xlsx", "fiche_pdf", "summary_xlsx")),
    *(f"planner/reports/{n}.py" for n in ("iut", "overview", "weeks", "documents", "scope")),
]
FRENCH = re.compile(r"[àâçéèêëîïôûùüÿœ]|\b(Enseignant|Statut|Heures|Semaine|Total|Date|Note|Signature)\b")


def string_literals(path) -> list[str]:
    """The strings of a module that are not docstrings."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]


@pytest.mark.parametrize("path", DOCUMENTS)
def test_the_documents_take_every_word_from_the_catalogue(path):
    assert (ROOT / path).exists()
    assert [s for s in string_literals(path) if FRENCH.search(s)] == []


def test_one_number_format_rule():
    fmt = labels.number_format
    assert fmt(Fraction(12)) == fmt(12) == fmt(12.0) == labels.WHOLE_FORMAT
    assert fmt(Fraction(16, 3)) == fmt(5.25) == labels.HETD_FORMAT
    assert fmt(Fraction(9, 2)) == fmt(5.5) == labels.HALF_FORMAT  # hours in halves: 4,5
    assert (
        fmt(Fraction(0), "Coût (€)") == fmt(1200, labels.COST_HC) == labels.HETD_FORMAT
    )  # money: 2 decimals
    assert fmt(dt.date(2025, 9, 1)) == labels.DATE_FORMAT
    assert fmt("S36") is fmt(True) is fmt(None) is None


def test_dates_and_weeks_the_french_way():
    assert labels.date_text(dt.date(2025, 9, 1)) == "lundi 1 septembre 2025"
    assert labels.date_text(dt.date(2026, 2, 4)) == "mercredi 4 février 2026"
    assert labels.week("2025-W36") == "S36" and labels.week("2026-W03") == "S03"
    assert labels.monday("2026-W01") == dt.date(2025, 12, 29)
    assert labels.where("year 2 OSC, 2025-W41") == "BUT 2 OSC, S41"
    with pytest.raises(ValueError):
        labels.monday("semaine 3")


def test_reasons_of_uncovered_hours_in_french():
    english = (
        "all 2 qualified teachers are full (taught/yearly cap): fbertin 404/404 HETD, "
        "lbarbier 408/408 HETD (of which 12 locked); weekly caps leave no room: fbertin 60/60 h in the "
        "S5 weeks"
    )
    assert labels.reason(english) == (
        "les 2 enseignants qualifiés sont à leur plafond annuel (assuré/plafond) : fbertin 404/404 HETD, "
        "lbarbier 408/408 HETD (dont 12 verrouillées) ; les plafonds hebdomadaires ne laissent pas de place "
        ": fbertin 60/60 h dans les semaines de S5"
    )
    assert labels.reason("no teacher is qualified for R1.01 TD (add one in qualifications.csv)") == (
        "aucun enseignant n'est qualifié pour R1.01 TD (en ajouter un dans qualifications.csv)"
    )


def test_a_table_sheet_in_french_keeps_its_numbers():
    name, header, rows = labels.french_table(
        "weeks", ["teacher", "iso_week", "hours"], [["alice", "2025-W36", 4], [None, "2026-W03", 2]]
    )
    assert name == "Semaines" and header == ["Enseignant", "Semaine", "Semaine du", "Heures"]
    assert rows == [["alice", "S36", dt.date(2025, 9, 1), 4], [None, "S03", dt.date(2026, 1, 12), 2]]
    name, header, rows = labels.french_table("solver", ["stage", "status"], [["cost", "feasible"]])
    assert (name, header, rows) == ("Solveur", ["Étape", "État"], [["coût", "réalisable (limite de temps)"]])


def test_load_png_takes_its_words_from_the_table():
    from planner.reports.summary import Summary, TeacherLoad, load_chart_figure

    def load(teacher, net, other, assigned):
        hc = max(Fraction(0), other + assigned - net)
        name = teacher.title()
        return TeacherLoad(teacher, name, "MCF", net, other, assigned, assigned, hc, 0, 0, False, 0)

    summary = Summary((2,), [], [load("ann", Fraction(192), Fraction(0), Fraction("200.5"))], [])
    fig = load_chart_figure(summary)
    (ax,) = fig.axes
    assert ax.get_title(loc="left") == labels.LOAD_TITLE.format(years="2")
    assert ax.get_xlabel() == labels.LOAD_AXIS
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == [labels.LOAD_SERVICE, labels.LOAD_OUTSIDE, labels.LOAD_WITHIN, labels.LOAD_BEYOND]
    assert [t.get_text() for t in ax.texts] == [" 200,5"]  # the decimal comma on the bars


def test_weeks_png_takes_its_words_from_the_table(tmp_path):
    from planner.data.inputs import load_inputs
    from planner.reports.weeks import heatmap_figure

    inputs = load_inputs(department(tmp_path, periods=STAGE))
    fig = heatmap_figure(sample_rows(), inputs)
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    assert titles == [labels.WEEKS_STUDENT, labels.WEEKS_TEACHER]
    colorbars = [ax.get_ylabel() for ax in fig.axes if not ax.get_title(loc="left")]
    assert colorbars == [labels.WEEKS_COLORBAR] * 2
    rows = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert rows == [labels.COHORT.format(year=1, parcours="commun")]
    (footer,) = [t.get_text() for t in fig.texts]
    assert footer.startswith("Semaines S36 (lundi 1 septembre 2025) à S") and labels.WEEKS_MARKS in footer
    nothing = heatmap_figure([], inputs, ["year 1 commun, S1: 48 h of classes"])
    assert nothing.texts[0].get_text().startswith(labels.WEEKS_NO_FIT)
