"""The réalisé: the hours each teacher actually taught, beside the plan, with the difference.

The head enters, on a teacher's fiche, the hours taught of each line of
the plan (a module activity: its part key); a line left blank counts as
planned. The fiche then shows each line planned and taught, in hours and
HETD (at the line's HETD per hour in the plan), the difference, and the
teacher's service done as planned and as taught. A closed academic year
keeps both, read-only.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from planner.data.iut import local, local_label
from planner.data.tables import parse_number
from planner.web.db import must_get, transaction
from planner.web.edits import Stale, refuse, seen
from planner.web.journal import Actor, record
from planner.web.models import Taught, Workspace, now
from planner.web.plans import Stored


def part_key(a) -> str:
    return f"{a.year}|S{a.semester}|{a.parcours}|{a.code}|{a.activity}"


def taught_rows(session: Session, workspace_id: int, teacher: str) -> list[Taught]:
    return list(
        session.scalars(
            select(Taught)
            .where(Taught.workspace_id == workspace_id, Taught.teacher == teacher)
            .order_by(Taught.id)
        )
    )


def taught_seen(session: Session, workspace_id: int, teacher: str) -> str:
    """The teacher's réalisé as a page shows it (its rows' versions)."""
    return seen(taught_rows(session, workspace_id, teacher))


def planned_lines(stored: Stored, teacher: str) -> dict[str, dict[str, Any]]:
    """The teacher's lines in the plan, by part key: label, hours, HETD."""
    out: dict[str, dict[str, Any]] = {}
    for a in stored.saved.assignments:
        if a.teacher != teacher:
            continue
        key = part_key(a)
        line = out.setdefault(
            key,
            {
                "key": key,
                "label": f"{local(a.code)} {a.activity} ({local_label(a.parcours)}, S{a.semester})",
                "department": a.department,
                "hours": Fraction(0),
                "hetd": Fraction(0),
            },
        )
        line["hours"] += a.hours
        line["hetd"] += a.hetd
    return out


def save_taught(
    sessions: sessionmaker[Session],
    workspace_id: int,
    stored: Stored,
    teacher: str,
    hours: dict[str, str],
    version: str,
    *,
    by: Actor,
    department: str | None = None,
) -> None:
    """Keep the hours taught of the teacher's lines (blank: as planned); refused if changed meanwhile."""
    lines = planned_lines(stored, teacher)
    parsed: dict[str, Fraction | None] = {}
    for key, text in hours.items():
        if key not in lines:
            raise refuse("cette ligne n'est pas dans le plan en place ; recharger la page")
        value = parse_number(text.strip()) if text.strip() else None
        if text.strip() and (value is None or value < 0 or value > 10_000):
            raise refuse(f"{text.strip()!r} n'est pas un nombre d'heures", column="hours")
        parsed[key] = value
    with transaction(sessions) as session:
        if version != taught_seen(session, workspace_id, teacher):
            raise Stale(now="le réalisé de cet enseignant a été modifié entre-temps ; le voici")
        kept = {t.key: t for t in taught_rows(session, workspace_id, teacher)}
        for key, value in parsed.items():
            row = kept.get(key)
            if value is None and row is not None:
                session.delete(row)
            elif value is not None and row is None:
                session.add(
                    Taught(
                        workspace_id=workspace_id, teacher=teacher, key=key, hours=str(value), author=by.login
                    )
                )
            elif value is not None and row is not None and Fraction(row.hours) != value:
                row.hours, row.at, row.author = str(value), now(), by.login
        entered = sum(1 for v in parsed.values() if v is not None)
        record(
            session,
            must_get(session, Workspace, workspace_id),
            "taught",
            f"réalisé de {teacher}",
            by=by,
            summary=f"Réalisé de {teacher} : {entered} ligne(s) saisie(s) sur {len(lines)}",
            department=department,
            bump=False,
        )


def fiche_taught(session: Session, workspace_id: int, stored: Stored, teacher: str) -> dict[str, Any]:
    """The teacher's lines planned and taught, the differences, and the service done both ways."""
    lines = planned_lines(stored, teacher)
    taught = {t.key: Fraction(t.hours) for t in taught_rows(session, workspace_id, teacher)}
    rows = []
    for key, line in sorted(lines.items(), key=lambda kv: kv[1]["label"]):
        per_hour = line["hetd"] / line["hours"] if line["hours"] else Fraction(0)
        done = taught.get(key)
        hours = done if done is not None else line["hours"]
        rows.append(
            {
                **line,
                "entered": done is not None,
                "taught": done,
                "taught_hetd": hours * per_hour,
                "diff_hours": hours - line["hours"],
                "diff_hetd": (hours - line["hours"]) * per_hour,
            }
        )
    service = next((s for s in stored.saved.services if s.teacher == teacher), None)
    other = service.other_hetd if service is not None else Fraction(0)
    planned = sum((r["hetd"] for r in rows), Fraction(0))
    done = sum((r["taught_hetd"] for r in rows), Fraction(0))
    net = max(Fraction(0), service.service_du - service.reductions) if service is not None else Fraction(0)
    return {
        "teacher": teacher,
        "rows": rows,
        "entered": sum(1 for r in rows if r["entered"]),
        "planned_hetd": planned,
        "taught_hetd": done,
        "diff_hetd": done - planned,
        "planned_total": other + planned,
        "taught_total": other + done,
        "service_net": net,
        "seen": taught_seen(session, workspace_id, teacher),
    }
