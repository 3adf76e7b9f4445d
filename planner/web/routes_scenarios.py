"""Scénarios: compare scenario files, or levers set in a form, against the inputs as they are.

The comparison is ``planner compare``'s (``scenarios.compare``), run by the
solve worker; its table with the deltas is compare.xlsx's sheets. The form's
levers become a scenario through the same reader as a TOML file
(``scenario_from_data``): a wrong value gets the same message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from planner.errors import PlannerError
from planner.scenarios.scenario import load_scenario, scenario_from_data
from planner.web.auth import Planner, Staff, actor
from planner.web.models import SolveRun
from planner.web.page import render, state_of, view
from planner.web.solves import Busy
from planner.web.worker import Job

router = APIRouter()
REFERENCE = {"name": "reference", "description": "Les données telles qu'elles sont"}
FORM = "formulaire"


def scenario_folder(request: Request) -> Path | None:
    config = state_of(request).config
    folder = config.scenarios or config.inputs.resolve().parent / "scenarios"
    return folder if folder.is_dir() else None


def scenario_files(request: Request) -> list[dict[str, Any]]:
    folder = scenario_folder(request)
    out = []
    for path in sorted(folder.glob("*.toml")) if folder else []:
        try:
            s = load_scenario(path)
        except PlannerError as exc:
            out.append({"file": path.name, "name": path.stem, "description": "", "error": str(exc)})
            continue
        if s.changes:  # the baseline is the reference itself
            out.append({"file": path.name, "name": s.name, "description": s.description, "error": ""})
    return out


def levers(form: dict[str, str], teachers: list[str]) -> dict[str, Any] | None:
    """The form's levers as a scenario's data (None: no lever set)."""
    data: dict[str, Any] = {}
    if form.get("pooling") in ("yes", "no"):
        data["settings"] = {"pooling": form["pooling"] == "yes"}
    if form.get("max_hc", "").strip():
        data["statuses"] = {
            "change": [
                {"status": s, "max_hc": _number(form["max_hc"])} for s in ("PR", "MCF", "PRAG", "PRCE")
            ]
        }
    cohort: dict[str, Any] = {}
    for key in ("td_size", "tp_size", "add_students"):
        if form.get(key, "").strip():
            cohort[key] = _number(form[key])
    if cohort:
        cohort.update(year=int(form.get("year") or 1), parcours="*")
        data["cohorts"] = [cohort]
    if form.get("remove") in teachers:
        data["teachers"] = {"remove": [{"id": form["remove"], "reason": "scénario du formulaire"}]}
    if not data:
        return None
    return {
        "name": FORM,
        "description": form.get("description", "").strip() or "Leviers du formulaire",
        **data,
    }


def _number(text: str) -> Any:
    text = text.strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return text  # the scenario reader names the key and refuses it
    return int(value) if value.is_integer() else value


def last_comparison(session, workspace_id: int) -> SolveRun | None:
    return session.scalar(
        select(SolveRun)
        .where(SolveRun.workspace_id == workspace_id, SolveRun.kind == "compare")
        .order_by(SolveRun.id.desc())
        .limit(1)
    )


@router.get("/scenarios", response_class=HTMLResponse)
def scenarios_page(request: Request, _: Staff, error: str = ""):
    with view(request) as v:
        teachers = [{"id": t.id, "name": t.name} for t in v.checked.valid.teachers] if v.checked.ok else []
        return render(
            request,
            "scenarios.html",
            v,
            "/scenarios",
            files=scenario_files(request),
            folder=scenario_folder(request),
            teachers=teachers,
            comparison=last_comparison(v.session, v.workspace.id),
            error=error,
        )


@router.get("/api/scenarios")
def scenarios_api(request: Request, _: Staff):
    with view(request) as v:
        run = last_comparison(v.session, v.workspace.id)
        return {
            "files": scenario_files(request),
            "last": None
            if run is None
            else {"state": run.state, "message": run.message, "result": run.result, "steps": run.steps},
        }


def _to_page(error: str = "") -> RedirectResponse:
    return RedirectResponse("/scenarios" + (f"?error={quote(error)}" if error else ""), status_code=303)


@router.post("/scenarios/compare")
async def compare(request: Request, who: Planner):
    state = state_of(request)
    form = await request.form()
    chosen = [str(f) for f in form.getlist("file")]
    values = {k: str(v) for k, v in form.items() if k != "file"}
    with view(request) as v:
        if not v.checked.ok:
            return _to_page(v.checked.fault.text)
        try:
            scenarios = [scenario_from_data(dict(REFERENCE), "référence", "reference")]
            folder = scenario_folder(request)
            for name in chosen:
                if folder is not None and (folder / name).is_file() and "/" not in name:
                    scenarios.append(load_scenario(folder / name))
            data = levers(values, [t.id for t in v.checked.valid.teachers])
            if data is not None:
                scenarios.append(scenario_from_data(data, FORM, FORM))
        except PlannerError as exc:
            return _to_page(str(exc))
        if len(scenarios) < 2:
            return _to_page("Choisir au moins un scénario ou un levier à comparer.")
        job = Job(v.checked.valid, v.years, {"workers": 1, **state.config.overrides}, scenarios)
        try:
            state.solves.start(
                v.workspace.id, v.workspace.inputs_version, job, "compare", v.checked.relocate, by=actor(who)
            )
        except Busy:
            return _to_page("Un calcul est déjà en cours ; attendre sa fin.")
    return _to_page()
