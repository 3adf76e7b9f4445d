"""The wishes campaign: a head opens it, each teacher answers, the next solve uses the answers.

A teacher ranks the modules they would like to teach (weight 3, 2 or 1),
marks the weeks they cannot teach and adds a comment. The answer is kept
(``Wish``: the ranks and the comment, for the head to read) and written at
once, in the same transaction, into the inputs the engine reads:

- the ``wishes`` cell of the teacher's row of teachers.csv: the modules'
  codes, most wanted first (the engine counts a wished module, whatever its
  rank: the ``wishes`` stage of the assignment);
- rows of unavailability.csv, one per run of consecutive weeks, with the
  reason ``vœux`` (the weeks entered otherwise stay as they are, shown
  greyed).

The whole is checked by the command line's loader, like any edit; a form
sent after the teacher's row, their weeks or their answer changed is
refused (``Stale``) and the page shows them as they are now.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from planner.data.iut import local, split
from planner.web import tables as store
from planner.web.checked import Cache, Checked
from planner.web.db import must_get, transaction
from planner.web.edits import Refused, Stale, accept_checked, refuse, seen, writing
from planner.web.journal import Actor, record
from planner.web.models import Campaign, InputRow, InputTable, Wish, Workspace, now
from planner.web.placing import append, header_of, table_for

MARK = "vœux"  # the reason of the unavailability rows a campaign writes
WEIGHTS = {3: "très envie", 2: "envie", 1: "volontiers"}
MAX_COMMENT = 2000


def campaign_of(session: Session, workspace_id: int, department: str | None) -> Campaign | None:
    """The department's last campaign (open or closed), None if it never had one."""
    query = select(Campaign).where(Campaign.workspace_id == workspace_id)
    query = query.where(
        Campaign.department.is_(None) if department is None else Campaign.department == department
    )
    return session.scalar(query.order_by(Campaign.id.desc()).limit(1))


def open_campaign(
    sessions: sessionmaker[Session], workspace_id: int, department: str | None, note: str, by: Actor
) -> Campaign:
    """Open a department's campaign (refused while one is open)."""
    with transaction(sessions) as session:
        last = campaign_of(session, workspace_id, department)
        if last is not None and last.closed_at is None:
            raise refuse("la campagne de vœux est déjà ouverte")
        campaign = Campaign(
            workspace_id=workspace_id,
            department=department,
            note=note.strip()[:MAX_COMMENT],
            opened_by=by.login,
        )
        session.add(campaign)
        session.flush()
        record(
            session,
            must_get(session, Workspace, workspace_id),
            "campaign",
            f"campagne {campaign.id}",
            by=by,
            summary=f"Campagne de vœux ouverte{f' ({department})' if department else ''}",
            department=department,
            undoable=False,
            bump=False,
        )
        return campaign


def close_campaign(
    sessions: sessionmaker[Session], workspace_id: int, campaign_id: int, version: int, by: Actor
) -> None:
    """Close a campaign: teachers read their answers, no longer change them."""
    with transaction(sessions) as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None or campaign.workspace_id != workspace_id or campaign.closed_at is not None:
            raise refuse("cette campagne n'est pas ouverte")
        if campaign.version != version:
            raise Stale(now="la campagne a été modifiée entre-temps")
        campaign.closed_at, campaign.closed_by = now(), by.login
        record(
            session,
            must_get(session, Workspace, workspace_id),
            "campaign",
            f"campagne {campaign.id}",
            by=by,
            summary=f"Campagne de vœux close{f' ({campaign.department})' if campaign.department else ''}",
            department=campaign.department,
            undoable=False,
            bump=False,
        )


def concerned(checked: Checked, department: str | None) -> list:
    """The teachers a department's campaign asks: those whose home it is (all, in one department)."""
    teachers = checked.valid.teachers
    return [t for t in teachers if department is None or t.department == department]


def modules(checked: Checked, department: str | None, teacher: str) -> list[dict[str, Any]]:
    """The department's modules, by code: name, semesters, activities, whether the teacher is qualified."""
    inputs = checked.valid
    mine = [q for q in inputs.qualifications if q.teacher == teacher]
    out: dict[str, dict[str, Any]] = {}
    for m in inputs.modules:
        if department is not None and inputs.scoped and m.department != department:
            continue
        item = out.setdefault(
            m.code,
            {
                "code": local(m.code),
                "name": m.name,
                "semesters": set(),
                "activities": set(),
                "qualified": False,
            },
        )
        item["semesters"].add(m.semester)
        for activity, hours in m.hours.items():
            if hours:
                item["activities"].add(activity)
                item["qualified"] |= any(q.matches(m.code, activity) for q in mine)
    return [
        {**v, "semesters": sorted(v["semesters"]), "activities": sorted(v["activities"])}
        for v in sorted(out.values(), key=lambda v: (min(v["semesters"]), v["code"]))
    ]


def _teacher_row(session: Session, workspace: Workspace, teacher: str) -> tuple[InputRow | None, list[str]]:
    for table in store.tables_of(session, workspace.id):
        if table.name != "teachers":
            continue
        rows = store.rows_of(session, table.id)
        head = header_of(rows)
        header = [c.strip() for c in head.cells] if head is not None else []
        if "id" not in header:
            continue
        for row in rows:
            if row is not head and len(row.cells) > header.index("id"):
                if row.cells[header.index("id")].strip() == teacher:
                    return row, header
    return None, []


def _campaign_rows(session: Session, workspace: Workspace, teacher: str) -> list[InputRow]:
    """The unavailability rows a campaign wrote for ``teacher``."""
    out = []
    for table in store.tables_of(session, workspace.id):
        if table.name != "unavailability":
            continue
        rows = store.rows_of(session, table.id)
        head = header_of(rows)
        header = [c.strip() for c in head.cells] if head is not None else []
        for row in rows:
            cells = dict(zip(header, (c.strip() for c in row.cells)))
            if row is not head and cells.get("teacher") == teacher and cells.get("reason") == MARK:
                out.append(row)
    return out


def wish_seen(session: Session, workspace: Workspace, campaign: Campaign | None, teacher: str) -> str:
    """The teacher's wishes as a page shows them: their row, their campaign weeks, their answer."""
    row, _ = _teacher_row(session, workspace, teacher)
    wish = _wish(session, campaign, teacher)
    return seen([r for r in (row, wish) if r is not None] + _campaign_rows(session, workspace, teacher))


def _wish(session: Session, campaign: Campaign | None, teacher: str) -> Wish | None:
    if campaign is None:
        return None
    return session.scalar(select(Wish).where(Wish.campaign_id == campaign.id, Wish.teacher == teacher))


@dataclass(frozen=True)
class Answer:
    """What a teacher sends: module code (as written) -> weight, unavailable weeks, comment."""

    weights: dict[str, int]
    weeks: list[str]
    comment: str


def form_data(session: Session, workspace: Workspace, checked: Checked, teacher: str) -> dict[str, Any]:
    """The wishes page of one teacher: the modules with their weight, the weeks, the comment."""
    inputs = checked.valid
    found = next(t for t in inputs.teachers if t.id == teacher)
    department = found.department if inputs.scoped else None
    campaign = campaign_of(session, workspace.id, department)
    wish = _wish(session, campaign, teacher)
    items = modules(checked, department, teacher)
    if wish is not None:
        weights = {code: weight for code, weight in wish.modules}
    else:  # before any answer: what teachers.csv already wishes, at weight 1
        codes = [local(p) for p in found.wishes if split(p)[0] in ("", department or "")]
        weights = {i["code"]: 1 for i in items if any(fnmatch.fnmatchcase(i["code"], c) for c in codes)}
    blocked = [u for u in inputs.unavailability if u.teacher == teacher]
    mine = {w for u in blocked if u.reason == MARK for w in u.weeks}
    fixed = {w: u.reason or "indisponible" for u in blocked if u.reason != MARK for w in u.weeks}
    weeks = []
    if inputs.calendar is not None:
        for parity, title in (("odd", "Semestres impairs (S1, S3, S5)"), ("even", "Semestres pairs")):
            shown = [
                {
                    "iso": w.iso,
                    "label": f"S{w.iso[-2:]} {w.monday:%d/%m}",
                    "mine": w.iso in mine,
                    "fixed": fixed.get(w.iso, ""),
                }
                for w in inputs.calendar.semester_weeks(parity)
                if w.teaching
            ]
            weeks.append({"title": title, "weeks": shown})
    return {
        "teacher": teacher,
        "name": found.name,
        "department": department,
        "campaign": campaign,
        "wish": wish,
        "modules": [{**i, "weight": weights.get(i["code"], 0)} for i in items],
        "weeks": weeks,
        "comment": wish.comment if wish is not None else "",
        "seen": wish_seen(session, workspace, campaign, teacher),
        "weights": WEIGHTS,
    }


def _ranges(calendar, weeks: set[str]) -> list[tuple[str, str]]:
    """Consecutive weeks (in the calendar's order) as (first, last) runs."""
    runs: list[list[str]] = []
    last = None
    for w in calendar.weeks:
        if w.iso in weeks:
            if runs and last is not None and calendar.index(w.iso) == calendar.index(last) + 1:
                runs[-1].append(w.iso)
            else:
                runs.append([w.iso])
            last = w.iso
    return [(run[0], run[-1]) for run in runs]


def _checked_answer(checked: Checked, department: str | None, teacher: str, answer: Answer) -> Answer:
    codes = {i["code"] for i in modules(checked, department, teacher)}
    unknown = [c for c in answer.weights if c not in codes]
    if unknown:
        raise refuse(f"aucun module {unknown[0]!r} dans la maquette du département", column="wishes")
    if any(w not in WEIGHTS for w in answer.weights.values()):
        raise refuse("un poids de vœu vaut 1, 2 ou 3", column="wishes")
    calendar = checked.valid.calendar
    bad = [w for w in answer.weeks if calendar is None or w not in calendar or not calendar.week(w).teaching]
    if bad:
        raise refuse(f"la semaine {bad[0]!r} n'est pas une semaine d'enseignement du calendrier")
    if len(answer.comment) > MAX_COMMENT:
        raise refuse(f"le commentaire dépasse {MAX_COMMENT} caractères")
    return answer


def save_wishes(
    sessions: sessionmaker[Session],
    cache: Cache,
    workspace_id: int,
    teacher: str,
    answer: Answer,
    version: str,
    *,
    by: Actor,
) -> Checked:
    """Keep a teacher's answer and write it into teachers.csv and unavailability.csv, checked."""
    with writing(workspace_id), transaction(sessions) as session:
        workspace = must_get(session, Workspace, workspace_id)
        base = cache.checked(session, workspace)
        if not base.ok:
            raise Refused(base.fault)
        found = next((t for t in base.valid.teachers if t.id == teacher), None)
        if found is None:
            raise refuse(f"aucun enseignant {teacher!r} dans teachers.csv")
        department = found.department if base.valid.scoped else None
        campaign = campaign_of(session, workspace_id, department)
        if campaign is None:
            raise refuse("aucune campagne de vœux n'a été ouverte pour ce département")
        if version != wish_seen(session, workspace, campaign, teacher):
            raise Stale(now="les vœux de cet enseignant ont été modifiés entre-temps ; les voici")
        answer = _checked_answer(base, department, teacher, answer)
        ranked = sorted(answer.weights.items(), key=lambda kv: (-kv[1], kv[0]))
        row, header = _teacher_row(session, workspace, teacher)
        if row is None:
            raise refuse(f"aucune ligne {teacher!r} dans teachers.csv")
        cells = list(row.cells) + [""] * (len(header) - len(row.cells))
        if "wishes" not in header:
            raise refuse("teachers.csv n'a pas de colonne wishes", column="wishes")
        others = [
            w.strip()
            for w in cells[header.index("wishes")].split(";")
            if split(w.strip())[0] not in ("", department or "")
        ]
        cells[header.index("wishes")] = ";".join([code for code, _ in ranked] + others)
        if cells != list(row.cells):
            row.cells, row.raw = cells, None
            must_get(session, InputTable, row.table_id).edited = True
        for old in _campaign_rows(session, workspace, teacher):
            must_get(session, InputTable, old.table_id).edited = True
            session.delete(old)
        if answer.weeks:
            table, rows, names = table_for(session, workspace, base.valid.scoped, "unavailability", None)
            for first, last in _ranges(base.valid.calendar, set(answer.weeks)):
                values = {"teacher": teacher, "from_week": first, "to_week": last, "reason": MARK}
                append(
                    session,
                    table,
                    store.rows_of(session, table.id),
                    [values.get(n, "") for n in names],
                    "page",
                )
        wish = _wish(session, campaign, teacher) or Wish(campaign_id=campaign.id, teacher=teacher)
        wish.modules = [[code, weight] for code, weight in ranked]
        wish.weeks = sorted(answer.weeks)
        wish.comment, wish.answered_at, wish.author = answer.comment.strip(), now(), by.login
        session.add(wish)
        record(
            session,
            workspace,
            "wishes",
            f"vœux de {teacher}",
            by=by,
            summary=f"Vœux de {found.name} : {len(ranked)} modules, {len(answer.weeks)} semaines exclues",
            department=department,
        )
        checked = accept_checked(session, workspace)
    cache.put(workspace_id, checked)
    return checked


def answers(session: Session, workspace: Workspace, checked: Checked, department: str | None) -> dict:
    """The campaign of a department and, for each teacher it asks, their answer (or none yet)."""
    campaign = campaign_of(session, workspace.id, department)
    wishes = {}
    if campaign is not None:
        wishes = {w.teacher: w for w in session.scalars(select(Wish).where(Wish.campaign_id == campaign.id))}
    rows = []
    for t in concerned(checked, department) if checked.ok else []:
        wish = wishes.get(t.id)
        rows.append(
            {
                "teacher": t.id,
                "name": t.name,
                "answered": wish.answered_at if wish is not None else None,
                "author": wish.author if wish is not None else None,
                "modules": wish.modules if wish is not None else [],
                "weeks": len(wish.weeks) if wish is not None else 0,
                "comment": wish.comment if wish is not None else "",
            }
        )
    return {
        "campaign": campaign,
        "rows": rows,
        "answered": sum(1 for r in rows if r["answered"] is not None),
    }
