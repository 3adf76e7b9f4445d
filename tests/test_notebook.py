"""A notebook's path: from the inputs to one teacher's fiche as PDF bytes and a services DataFrame, no file.

What a user does in a notebook, with the public API only (``planner.load_inputs``,
``planner.plan``, ``Plan.fiches``, ``Plan.frames``) and the PDF renderer: nothing
is written, neither in the working folder nor in the temporary one.
"""

from __future__ import annotations

import tempfile
from fractions import Fraction

import pymupdf
import pytest
from conftest import SHIPPED

import planner
from planner import labels
from planner.numbers import number


def files_under(folder) -> set:
    return {p for p in folder.rglob("*")}


@pytest.fixture
def no_file_written(tmp_path, monkeypatch):
    """The test runs in an empty working folder with its own empty temporary folder; both stay empty."""
    work, temp = tmp_path / "work", tmp_path / "temp"
    work.mkdir()
    temp.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    yield
    assert files_under(work) == set() and files_under(temp) == set()


def test_from_the_inputs_to_a_fiche_pdf_and_a_services_frame(no_file_written):
    from planner.reports.fiche_pdf import fiches_pdf

    inputs = planner.load_inputs(SHIPPED)
    plan = planner.plan(inputs, [2])
    fiches = plan.fiches()
    services = plan.frames()["services"]
    assignments = plan.frames()["assignments"]

    # one teacher's fiche, as PDF bytes: their name and their service done on the page
    fiche = max(fiches, key=lambda f: (len(f.lines), f.teacher))
    pdf = fiches_pdf([fiche])
    assert pdf.startswith(b"%PDF")
    text = " ".join(page.get_text() for page in pymupdf.open(stream=pdf, filetype="pdf"))
    assert fiche.name in text and labels.DONE in text
    assert number(fiche.total, french=True) in text

    # the services frame adds up to the plan: per teacher, the assignments; in all, the fiches
    assert list(services["teacher"]) == [f.teacher for f in fiches]
    per_teacher = assignments.groupby("teacher")["hetd"].sum()
    for row in services.itertuples():
        assert row.assigned_hetd == pytest.approx(per_teacher.get(row.teacher, 0.0), abs=1e-9)
    assert services["assigned_hetd"].sum() == pytest.approx(float(sum((f.hetd for f in fiches), Fraction(0))))
    mine = services.set_index("teacher").loc[fiche.teacher]
    assert mine["assigned_hetd"] == pytest.approx(float(fiche.hetd))
    assert mine["other_hetd"] + mine["assigned_hetd"] == pytest.approx(float(fiche.total))
    hc = dict(zip(services["teacher"], services["hc_hetd"]))
    assert all(hc[f.teacher] == pytest.approx(float(f.hc), abs=0.01) for f in fiches)  # within a cent
