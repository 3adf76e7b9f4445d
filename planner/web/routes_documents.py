"""Semaines and Fiches: the heatmap and week grids, every fiche on screen, the downloads.

Downloads are made on request from the current plan version by the report
functions of the command line: a teacher's fiche as PDF or workbook, every
fiche, summary.xlsx, the heatmap, and the plan's files in a zip.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from planner.web.auth import Shown, SignedIn, Staff, Subject, fiche_of
from planner.web.models import PlanFile
from planner.web.page import render, view
from planner.web.plans import Stored
from planner.web.rights import may_edit
from planner.web.scope import is_iut, teacher_home
from planner.web.taught import fiche_taught
from planner.web.views_documents import (
    fiche_pdf,
    fiche_view,
    fiche_xlsx,
    fiches,
    file_stem,
    heatmap,
    plan_zip,
    semaines,
    summary_xlsx,
)
from planner.web.views_shared import floats

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, name: str, media: str) -> Response:
    return Response(
        data, media_type=media, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
    )


def _need_plan(v) -> Stored:
    """The plan in place, else 404."""
    if v.stored is None or not v.checked.ok:
        raise HTTPException(404, "no plan yet: Replanifier first")
    return v.stored


@router.get("/semaines", response_class=HTMLResponse)
def semaines_page(request: Request, dept: Shown):
    with view(request) as v:
        data = semaines(v.stored, v.checked.valid, dept) if v.checked.ok else None
        return render(request, "semaines.html", v, "/semaines", data=data, department=dept)


@router.get("/api/semaines")
def semaines_api(request: Request, dept: Shown):
    with view(request) as v:
        return semaines(_need_plan(v), v.checked.valid, dept)


@router.get("/semaines/heatmap.png")
def heatmap_file(request: Request, dept: Shown):
    with view(request) as v:
        return Response(heatmap(_need_plan(v), v.checked.valid, dept), media_type="image/png")


def _fiches(v, department: str | None):
    return fiches(v.stored, v.checked.valid, department)


@router.get("/fiches", response_class=HTMLResponse)
def fiches_page(
    request: Request,
    who: SignedIn,
    subject: Annotated[Subject, Depends(fiche_of)],
    dept: Shown,
    saved: str = "",
    error: str = "",
):
    """Every fiche of the department (a teacher: their own alone), one of them on screen, with its réalisé."""
    teacher = subject.teacher
    with view(request) as v:
        if v.stored is None or not v.checked.ok:
            return render(request, "fiches.html", v, "/fiches", listing=[], fiche=None, department=dept)
        every = fiches(v.stored, v.checked.valid) if subject.alone else _fiches(v, dept)
        if subject.alone:
            every = [f for f in every if f.teacher == teacher]
        chosen = next((f for f in every if f.teacher == teacher), every[0] if every else None)
        listing = [fiche_view(f) for f in every]
        return render(
            request,
            "fiches.html",
            v,
            "/fiches",
            listing=listing,
            fiche=fiche_view(chosen) if chosen else None,
            department=dept,
            alone=subject.alone,
            taught=floats(fiche_taught(v.session, v.workspace.id, v.stored, chosen.teacher))
            if chosen
            else None,
            can_enter=chosen is not None and _enters(who, v, chosen.teacher),
            saved=saved,
            error=error,
        )


def _taught(v, teacher: str) -> dict:
    return floats(fiche_taught(v.session, v.workspace.id, v.stored, teacher))


def _enters(who, v, teacher: str) -> bool:
    """Whether ``who`` enters this teacher's réalisé (who edits their department, in an open year)."""
    if v.workspace.closed_at is not None:
        return False
    home = teacher_home(v.session, v.workspace, v.checked, teacher)
    return may_edit(who, home, is_iut(v.session, v.workspace, v.checked))


@router.get("/api/fiches")
def fiches_api(request: Request, _: Staff, dept: Shown):
    with view(request) as v:
        _need_plan(v)
        return [fiche_view(f) for f in _fiches(v, dept)]


def _one(v, teacher: str):
    found = [f for f in fiches(v.stored, v.checked.valid) if f.teacher == teacher]
    if not found:
        raise HTTPException(404, f"no fiche for {teacher!r}")
    return found


@router.get("/fiches/{teacher}.pdf")
def fiche_pdf_file(request: Request, _: Annotated[Subject, Depends(fiche_of)], teacher: str):
    with view(request) as v:
        _need_plan(v)
        one = _one(v, teacher)
        return _download(fiche_pdf(one), f"{file_stem(one[0])}.pdf", "application/pdf")


@router.get("/fiches/{teacher}.xlsx")
def fiche_xlsx_file(request: Request, _: Annotated[Subject, Depends(fiche_of)], teacher: str):
    with view(request) as v:
        _need_plan(v)
        one = _one(v, teacher)
        return _download(fiche_xlsx(one), f"{file_stem(one[0])}.xlsx", XLSX)


@router.get("/documents/fiches.pdf")
def all_fiches_pdf(request: Request, _: Staff, dept: Shown):
    with view(request) as v:
        _need_plan(v)
        return _download(fiche_pdf(_fiches(v, dept)), "fiches.pdf", "application/pdf")


@router.get("/documents/fiches.xlsx")
def all_fiches_xlsx(request: Request, _: Staff, dept: Shown):
    with view(request) as v:
        _need_plan(v)
        return _download(fiche_xlsx(_fiches(v, dept)), "fiches.xlsx", XLSX)


@router.get("/documents/summary.xlsx")
def summary_file(request: Request, _: Staff):
    with view(request) as v:
        return _download(summary_xlsx(_need_plan(v), v.checked.valid), "summary.xlsx", XLSX)


@router.get("/documents/plan.zip")
def plan_file(request: Request, _: Staff):
    with view(request) as v:
        stored = _need_plan(v)
        files = {
            f.name: f.text
            for f in v.session.scalars(select(PlanFile).where(PlanFile.plan_id == stored.version.id))
        }
        return _download(plan_zip(files), f"plan-{stored.version.id}.zip", "application/zip")
